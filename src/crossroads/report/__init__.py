"""The report: one self-contained, offline HTML file with accessible charts, plus PNG/SVG charts.

``write_report(profile, out_path)`` runs ``advise`` (unless given an ``Advice``), gathers what to
show (:mod:`.collect`), builds the Vega-Lite specs (:mod:`.charts`) and renders the HTML with the
Vega bundle inline (:mod:`.html`). Why a single file: it is what a person keeps, prints, e-mails or
shows a counsellor, and it must open anywhere without a network.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .charts import ChartSpec, build_charts
from .html import chart_files, export_images, render_html
from .inputs import ReportData

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.decision.advice import Advice, AdviceRun
    from crossroads.profile import Profile

__all__ = [
    "ChartSpec",
    "ReportData",
    "build_charts",
    "chart_files",
    "export_images",
    "render_html",
    "write_report",
    "write_report_data",
]


def write_report_data(
    data: ReportData,
    out_path: str | Path,
    *,
    png_dir: str | Path | None = None,
    svg_dir: str | Path | None = None,
    force: bool = False,
    inputs: Sequence[str | Path] = (),
) -> Path:
    """Write the report of already gathered ``data`` (and optional chart images); return the path.

    Atomic and all-or-nothing (:mod:`crossroads.safeio`): the HTML and every image appear
    together or not at all, and an existing file is never left half-written.
    """
    from crossroads.safeio import Output, check_output, check_output_dir, write_all

    check_output(out_path, field="output", inputs=inputs, force=force)
    for d, name in ((png_dir, "png"), (svg_dir, "svg")):
        if d is not None:
            check_output_dir(d, field=name)
    charts = build_charts(data)
    out = Path(out_path)
    files = [Output(out, render_html(data, charts).encode("utf-8"), "output")]
    for d, ext in ((png_dir, "png"), (svg_dir, "svg")):
        if d is not None:
            files += [Output(p, b, ext, owned=True) for p, b in chart_files(charts, Path(d), ext)]
    write_all(files, inputs=inputs, force=force)
    return out


def write_report(
    profile: Profile,
    out_path: str | Path,
    *,
    png_dir: str | Path | None = None,
    svg_dir: str | Path | None = None,
    advice: Advice | None = None,
    run: AdviceRun | None = None,
    paths: int = 10_000,
    seed: int = 0,
    catalog: Catalog | None = None,
) -> Path:
    """Advise (unless ``advice`` is given) and write the self-contained HTML report to ``out_path``.

    ``png_dir`` / ``svg_dir`` also write every chart as ``<chart id>.png`` / ``.svg`` with
    vl-convert (no browser). ``paths`` and ``seed`` are passed to ``advise`` so the report can be
    reproduced; they are ignored when ``advice`` is given (its own are used, and its options are
    simulated again from its seed unless ``run`` is given too).
    """
    from .collect import collect

    if advice is None:
        from crossroads.decision import advise_with_run

        advice, run = advise_with_run(profile, paths=paths, seed=seed, catalog=catalog)
    elif run is None:
        from crossroads.decision.replay import replay_run

        run = replay_run(profile, advice, catalog=catalog)
    data = collect(profile, advice, run, catalog=catalog)
    return write_report_data(data, out_path, png_dir=png_dir, svg_dir=svg_dir)
