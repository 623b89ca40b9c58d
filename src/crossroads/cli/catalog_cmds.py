"""CLI commands over the catalog: `crossroads sources` and `crossroads occupations`.

Thin faces: all logic (search ranking, teleworkability, missing-value reasons) lives in
:mod:`crossroads.catalog`; these commands only choose rows and print a Rich table or one JSON
document via :func:`crossroads.cli.app.print_json`.
"""

from __future__ import annotations

from typing import Any

import typer
from rich import box
from rich.table import Table

from crossroads.catalog import Occupation, Source, get_catalog
from crossroads.errors import FieldError, InputError

from .app import app, console, print_json

TABLE_DEFAULT_LIMIT = 40


def source_record(s: Source) -> dict[str, Any]:
    """The JSON shape of one data source."""
    return {"id": s.id, "kind": s.kind, "title": s.title, "version": s.version, "licence": s.licence,
            "citation": s.citation, "as_of": s.as_of, "url": s.url}


def occupation_record(o: Occupation) -> dict[str, Any]:
    """The JSON shape of one occupation (the `occupations --json` contract plus context).

    ``wage_hourly`` holds the OEWS May 2025 percentiles exactly as published (numbers), or null
    with the reason in ``missing.wage_hourly``.
    """
    return {
        "code": o.code,
        "title": o.title,
        "teleworkable": o.teleworkable,
        "teleworkable_source": o.teleworkable_source,
        "job_zone": o.job_zone,
        "wage_hourly": o.wage_hourly.as_dict() if o.wage_hourly else None,
        "wage_note": o.wage_note,
        "wage_annual_p50": o.wage_annual_p50,
        "employment": o.employment,
        "growth_pct_2024_34": o.growth_pct_2024_34,
        "openings_thousands": o.openings_thousands,
        "separations_rate_pct": o.separations_rate_pct,
        "ai_exposure": {
            "eloundou_human_beta": o.ai_eloundou_beta,
            "eloundou_gpt4_beta": o.ai_eloundou_dv_beta,
            "frey_osborne": o.ai_frey_osborne,
            "tomlinson": o.ai_tomlinson,
        },
        "has_skill_ratings": o.has_ratings,
        "missing": dict(o.missing),
    }


@app.command("sources")
def sources_cmd(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON list instead of a table."),
) -> None:
    """List every data source with version, licence, citation and as-of date."""
    cat = get_catalog()
    if as_json:
        print_json([source_record(s) for s in cat.sources])
        return
    table = Table(title="crossroads data sources", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", ratio=2, overflow="fold")
    table.add_column("title", ratio=3, min_width=20, overflow="fold")
    table.add_column("version", ratio=2, overflow="fold")
    table.add_column("licence", ratio=2, overflow="fold")
    table.add_column("as of", overflow="fold")
    for s in cat.sources:
        table.add_row(s.id, s.title, s.version, s.licence, s.as_of)
    console.print(table)
    console.print("Full citations: crossroads sources --json. Attributions: NOTICE.")


def _fmt(x: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if x is None else fmt.format(x)


@app.command("occupations")
def occupations_cmd(
    remote: bool = typer.Option(False, "--remote", help="Only teleworkable occupations (Dingel–Neiman ≥ 0.5)."),
    search: str | None = typer.Option(None, "--search", "-s", help="Title search: titles, O*NET alternate and reported titles."),
    limit: int | None = typer.Option(None, "--limit", "-n", help=f"At most N rows (table default {TABLE_DEFAULT_LIMIT}; JSON default all)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON list of occupation records."),
) -> None:
    """List O*NET occupations with teleworkability, job zone and OEWS May 2025 hourly wages."""
    if limit is not None and limit < 1:
        raise InputError(FieldError("limit", f"must be at least 1, got {limit}"))
    cat = get_catalog()
    occs = [cat.occupation(c) for c in cat.search(search)] if search is not None else cat.occupations()
    if remote:
        occs = [o for o in occs if o.is_teleworkable]
    total = len(occs)
    if limit is None and not as_json:
        limit = TABLE_DEFAULT_LIMIT
    if limit is not None:
        occs = occs[:limit]
    if as_json:
        print_json([occupation_record(o) for o in occs])
        return
    table = Table(title=f"O*NET occupations ({len(occs)} of {total})",
                  caption="wages: OEWS May 2025 USD/h · remote: Dingel–Neiman · growth: BLS 2024–34 %",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("code", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("remote", justify="right", no_wrap=True)
    table.add_column("zone", justify="right", no_wrap=True)
    for h in ("p10", "p50", "p90"):
        table.add_column(h, justify="right", no_wrap=True)
    table.add_column("growth", justify="right", no_wrap=True)
    for o in occs:
        w = o.wage_hourly
        table.add_row(
            o.code, o.title, _fmt(o.teleworkable), "—" if o.job_zone is None else str(o.job_zone),
            _fmt(w.p10 if w else None), _fmt(w.p50 if w else None), _fmt(w.p90 if w else None),
            _fmt(o.growth_pct_2024_34, "{:+.1f}"),
        )
    console.print(table)
    if total > len(occs):
        console.print(f"{total - len(occs)} more; use --limit or --json.")
