"""``crossroads report``: the self-contained HTML report (and optional PNG/SVG charts)."""

from __future__ import annotations

from pathlib import Path

import typer

from . import run_options as ro
from .app import app, service


@app.command("report")
def report_cmd(
    profile: Path = typer.Argument(..., help="Profile file (YAML, TOML or JSON)."),
    output: Path = typer.Option(
        Path("report.html"), "-o", "--output", help="Where to write the HTML report."
    ),
    png: Path | None = typer.Option(
        None, "--png", help="Also write every chart as PNG into this directory."
    ),
    svg: Path | None = typer.Option(
        None, "--svg", help="Also write every chart as SVG into this directory."
    ),
    paths: ro.Paths = 10_000,
    seed: ro.Seed = 0,
    horizon: ro.Horizon = None,
    method: ro.Method = "weighted_sum",
    target: ro.Target = None,
    quick: ro.Quick = False,
    rank_baseline: ro.RankBaseline = False,
    force: bool = typer.Option(
        False, "--force", help="Replace an existing output file that crossroads did not write."
    ),
    journal: bool = typer.Option(
        False, "--journal", help="Add your journal against the plan (weekly wage, cash check-ins)."
    ),
    db: str | None = typer.Option(None, "--db", help="Journal database (with --journal)."),
    person: str | None = typer.Option(None, "--person", help="Whose journal (with --journal)."),
) -> None:
    """Write ONE self-contained HTML report that opens offline: the recommendation and why,
    cash and income fan charts, shortfall risk, criteria, skill gaps, career ladder and the plan.

    Prints the path of the report (and of the image directories when asked).
    """
    cr = service()
    j = None
    if journal:
        from crossroads import Crossroads

        j = Crossroads(catalog=cr.catalog, db=db).journal(person)
    case = cr.case(
        profile, ro.run_config(paths, seed, horizon, method, target, quick, rank_baseline)
    )
    # Checked before any simulation; written atomically, the HTML and the images all or none.
    out = case.write_report(
        output, png_dir=png, svg_dir=svg, force=force, inputs=[profile], journal=j
    )
    typer.echo(str(out))  # plain, unwrapped: `make run` and scripts read this line
    for d in (png, svg):
        if d is not None:
            typer.echo(str(d))
