"""CLI: ``crossroads match`` (remote occupations by fit) and ``crossroads plan`` (month by month).

Thin face over :mod:`crossroads.matching` and :mod:`crossroads.plan`: load the profile, call the
core, print a Rich table or exactly one JSON document. Bad input propagates as ``InputError``
(``main.py`` prints every field problem and exits 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from crossroads.errors import InputError

from . import run_options as ro
from .app import app, console, print_json, service

if TYPE_CHECKING:
    from crossroads.decision import Advice


def _money(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f}"


@app.command("match")
def match_cmd(
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML, TOML or JSON).")],
    all_: Annotated[
        bool, typer.Option("--all", help="Include occupations that cannot be done from home.")
    ] = False,
    max_job_zone: Annotated[
        int | None, typer.Option("--max-job-zone", help="Highest O*NET Job Zone (1-5).")
    ] = None,
    min_wage: Annotated[
        float | None, typer.Option("--min-wage", help="Lowest OEWS median hourly wage (USD).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many occupations to show.")] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON list instead of a table.")
    ] = False,
    soft_skills: Annotated[
        bool,
        typer.Option(
            "--soft-skills",
            help="Only the curated soft-skill remote careers (what advise prefers).",
        ),
    ] = False,
) -> None:
    """Rank remote (teleworkable) occupations by fit, with gaps, learning hours, wages and ladder.

    Example: crossroads match me.yaml --max-job-zone 3 --limit 10
    """
    p = service().profile(profile)
    matches = service().match(
        p,
        include_all=all_,
        max_job_zone=max_job_zone,
        min_wage=min_wage,
        limit=limit,
        soft_skills_only=soft_skills,
    )
    if as_json:
        print_json([m.to_dict() for m in matches])
        return
    table = Table(
        title=f"Remote occupations by fit for {p.name}"
        if not all_
        else f"Occupations by fit for {p.name}"
    )
    table.add_column("#", justify="right")
    table.add_column("Occupation")
    table.add_column("Fit", justify="right")
    table.add_column("Largest gaps (have → need)")
    table.add_column("Learn h", justify="right")
    table.add_column("Cost", justify="right")
    table.add_column("Wage $/h P10–P50–P90", justify="right")
    table.add_column("Zone", justify="right")
    table.add_column("Growth 24–34", justify="right")
    for k, m in enumerate(matches, 1):
        gaps = (
            ", ".join(
                f"{g.title} {g.current:g}{'?' if not g.known else ''}→{g.required:g}"
                for g in m.gaps[:3]
            )
            or "none"
        )
        w = m.wage_hourly or {}
        wage = f"{_money(w.get('p10'))}–{_money(w.get('p50'))}–{_money(w.get('p90'))}" if w else "—"
        growth = m.outlook.get("growth_pct_2024_34")
        table.add_row(
            str(k),
            f"{m.title} ({m.code})" + (f"\n★ {m.career_path}" if m.career_path else ""),
            f"{m.fit:.2f}",
            gaps,
            f"{m.learning_hours:g}",
            f"{m.learning_cost:,.0f}",
            wage,
            "—" if m.job_zone is None else str(m.job_zone),
            "—" if growth is None else f"{growth:+.1f}%",
        )
    console.print(table)
    console.print(
        "Fit 0..1 = importance-weighted coverage of O*NET required levels and use of your strengths "
        "(docs/matching.md). '?' = a level you did not rate (assumed). ★ = a curated soft-skill remote "
        "career (advise compares these first). Wages: BLS OEWS May 2025, USD."
    )


@app.command("plan")
def plan_cmd(
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML, TOML or JSON).")],
    option: Annotated[
        str | None, typer.Option("--option", help="Option id (default: the recommended one).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, md or json.")] = "text",
    json_out: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write milestones and checkpoints as iCalendar."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
    ] = None,
    advice: Annotated[
        Path | None,
        typer.Option(
            "--advice",
            help="Plan from this `advise --json` document (its run options are used; only the "
            "planned option is simulated again, with its seed).",
        ),
    ] = None,
    paths: ro.Paths = 10_000,
    seed: ro.Seed = 0,
    horizon: ro.Horizon = None,
    method: ro.Method = "weighted_sum",
    target: ro.Target = None,
    quick: ro.Quick = False,
    rank_baseline: ro.RankBaseline = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing output file that crossroads did not write."
        ),
    ] = False,
) -> None:
    """Turn an option into a month-by-month plan: hours, skills, milestones, cash band, checkpoints.

    Example: crossroads plan me.yaml --format md --ics plan.ics
    """
    if json_out:
        fmt = "json"
    if fmt not in ("text", "md", "json"):
        raise InputError.one("format", f"must be text, md or json, got {fmt!r}")
    from crossroads.safeio import Output, check_output, write_all

    # Output paths are checked before any simulation (not the profile, not a directory, ...).
    for path, name in ((out, "output"), (ics, "ics")):
        if path is not None:
            check_output(path, field=name, inputs=[profile], force=force)
    run = ro.run_config(paths, seed, horizon, method, target, quick, rank_baseline)
    doc = None if advice is None else load_advice(advice)
    plan = service().case(profile, run, advice=doc).plan(option)
    files: list[Output] = []
    if ics is not None:
        files.append(Output(ics, plan.to_ics(), "ics"))
    if fmt == "json":
        from crossroads.jsonable import dumps

        if out is None:
            print_json(plan.to_dict())
        else:
            files.append(Output(out, (dumps(plan.to_dict()) + "\n").encode("utf-8"), "output"))
        write_all(files, inputs=[profile], force=force)  # the plan and the calendar, or neither
        return
    text = plan.to_markdown()
    if out is not None:
        files.append(Output(out, text.encode("utf-8"), "output"))
    write_all(files, inputs=[profile], force=force)
    if out is not None:
        console.print(f"plan written to {out}", markup=False, highlight=False)
    elif fmt == "md":
        import sys

        sys.stdout.write(text)
    else:
        from rich.markdown import Markdown

        console.print(Markdown(text))


def load_advice(path: Path) -> Advice:
    """Read an ``advise --json`` document (InputError naming ``advice`` if it is not one)."""
    from crossroads.decision.document import read_advice

    return read_advice(path)
