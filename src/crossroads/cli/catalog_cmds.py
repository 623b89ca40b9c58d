"""CLI commands over the catalog: `crossroads sources` and `crossroads occupations`.

Thin faces: all logic (search ranking, teleworkability, missing-value reasons) and the JSON
records live in the core (:class:`crossroads.Crossroads`, :mod:`crossroads.catalog.records`);
these commands only print a Rich table or one JSON document.
"""

from __future__ import annotations

import typer
from rich import box
from rich.table import Table

from .app import app, console, print_json, service

TABLE_DEFAULT_LIMIT = 40


@app.command("sources")
def sources_cmd(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON list instead of a table."),
) -> None:
    """List every data source with version, licence, citation and as-of date."""
    from crossroads.catalog.records import source_record

    sources = service().sources()
    if as_json:
        print_json([source_record(s) for s in sources])
        return
    table = Table(title="crossroads data sources", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", ratio=2, overflow="fold")
    table.add_column("title", ratio=3, min_width=20, overflow="fold")
    table.add_column("version", ratio=2, overflow="fold")
    table.add_column("licence", ratio=2, overflow="fold")
    table.add_column("as of", overflow="fold")
    for s in sources:
        table.add_row(s.id, s.title, s.version, s.licence, s.as_of)
    console.print(table)
    console.print("Full citations: crossroads sources --json. Attributions: NOTICE.")


def _fmt(x: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if x is None else fmt.format(x)


@app.command("occupations")
def occupations_cmd(
    remote: bool = typer.Option(
        False, "--remote", help="Only teleworkable occupations (Dingel–Neiman ≥ 0.5)."
    ),
    search: str | None = typer.Option(
        None, "--search", "-s", help="Title search: titles, O*NET alternate and reported titles."
    ),
    limit: int | None = typer.Option(
        None,
        "--limit",
        "-n",
        help=f"At most N rows (table default {TABLE_DEFAULT_LIMIT}; JSON default all).",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print one JSON list of occupation records."
    ),
) -> None:
    """List O*NET occupations with teleworkability, job zone and OEWS May 2025 hourly wages."""
    from crossroads.catalog.records import occupation_record
    from crossroads.service import check_limit

    check_limit(limit)
    occs = service().occupations(remote=remote, search=search)
    total = len(occs)
    if limit is None and not as_json:
        limit = TABLE_DEFAULT_LIMIT
    occs = occs if limit is None else occs[:limit]
    if as_json:
        print_json([occupation_record(o) for o in occs])
        return
    table = Table(
        title=f"O*NET occupations ({len(occs)} of {total})",
        caption="wages: OEWS May 2025 USD/h · remote: Dingel–Neiman · growth: BLS 2024–34 %",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
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
            o.code,
            o.title,
            _fmt(o.teleworkable),
            "—" if o.job_zone is None else str(o.job_zone),
            _fmt(w.p10 if w else None),
            _fmt(w.p50 if w else None),
            _fmt(w.p90 if w else None),
            _fmt(o.growth_pct_2024_34, "{:+.1f}"),
        )
    console.print(table)
    if total > len(occs):
        console.print(f"{total - len(occs)} more; use --limit or --json.")
