"""``crossroads report``: the self-contained HTML report (and optional PNG/SVG charts)."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import app


@app.command("report")
def report_cmd(
    profile: Path = typer.Argument(..., help="Profile file (YAML, TOML or JSON)."),
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="Where to write the HTML report."),
    png: Path | None = typer.Option(None, "--png", help="Also write every chart as PNG into this directory."),
    svg: Path | None = typer.Option(None, "--svg", help="Also write every chart as SVG into this directory."),
    paths: int = typer.Option(10_000, "--paths", min=100, help="Simulated paths per option."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same numbers)."),
) -> None:
    """Write ONE self-contained HTML report that opens offline: the recommendation and why,
    cash and income fan charts, shortfall risk, criteria, skill gaps, career ladder and the plan.

    Prints the path of the report (and of the image directories when asked).
    """
    from crossroads.profile import load_profile
    from crossroads.report import write_report

    prof = load_profile(profile)
    out = write_report(prof, output, png_dir=png, svg_dir=svg, paths=paths, seed=seed)
    typer.echo(str(out))  # plain, unwrapped: `make run` and scripts read this line
    for d in (png, svg):
        if d is not None:
            typer.echo(str(d))
