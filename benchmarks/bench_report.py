"""Benchmark of ``crossroads report`` for the bundled example profile (issue #5: ≤ 3 s).

``report_s`` is the wall-clock time of ``write_report(profile, out)`` — advise (10,000 paths,
seed 0), match, plan, the Vega-Lite specs and the self-contained HTML — in a process where the
modules and the catalog are already loaded (the median of 3 runs, after one warm-up). The parts
are reported too, so a regression can be located: ``report_advise_s``, ``report_collect_s``
(match + plan + bands), ``report_render_s`` (specs + HTML), and the file size ``report_html_kb``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

EXAMPLE = "career-changer"
RUNS = 3


def run() -> dict[str, float]:
    from crossroads.catalog import get_catalog
    from crossroads.decision import advise_with_run
    from crossroads.profile import load_example
    from crossroads.report import write_report, write_report_data
    from crossroads.report.collect import collect

    profile = load_example(EXAMPLE)
    catalog = get_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        write_report(profile, out, catalog=catalog)  # warm-up (imports, bundle read, caches)
        totals, parts = [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            write_report(profile, out, catalog=catalog)
            totals.append(time.perf_counter() - t0)
        for _ in range(RUNS):
            t0 = time.perf_counter()
            adv, run = advise_with_run(profile, catalog=catalog)
            t1 = time.perf_counter()
            data = collect(profile, adv, run, catalog=catalog)
            t2 = time.perf_counter()
            write_report_data(data, out)
            t3 = time.perf_counter()
            parts.append((t1 - t0, t2 - t1, t3 - t2))
        size_kb = out.stat().st_size / 1024
    return {
        "report_s": round(statistics.median(totals), 3),
        "report_advise_s": round(statistics.median(p[0] for p in parts), 3),
        "report_collect_s": round(statistics.median(p[1] for p in parts), 3),
        "report_render_s": round(statistics.median(p[2] for p in parts), 3),
        "report_html_kb": round(size_kb, 1),
    }


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run()))
