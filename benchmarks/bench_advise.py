"""Benchmark of a whole ``advise`` (issue #3 §5): time, peak memory, speed-up over a naive run.

* ``advise_full_s`` — median wall time of ``advise(career-changer)`` with the defaults: 10,000 paths ×
  36 months, 3 career targets, 60 hybrid mixes screened, goal-seek, finalists, SMAA, tipping points.
* ``advise_peak_mb`` — peak resident memory (``ru_maxrss``) of a fresh Python process that imports
  crossroads and runs that advise once (so it includes the interpreter, NumPy and the catalog).
* ``advise_speedup_vs_naive`` — the same work done option by option, each option with its own seed
  (no common random numbers, no vectorisation across options) and savings / expenses tipping points
  re-simulated instead of re-using the cash paths; measured in the same run on the same machine.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from typing import Any

REPEATS = 3

_PEAK_SCRIPT = """
import resource, sys
from crossroads.profile import load_example
from crossroads.decision import advise
advise(load_example("career-changer"))
kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(kb / 1024.0)
"""


def _advise_once() -> tuple[float, Any, dict[str, Any]]:
    from crossroads.decision import advise_with_run, tipping
    from crossroads.profile import load_example

    counts: list[int] = []
    orig = tipping.bisect_both

    def counting(*a: Any, **k: Any) -> Any:
        res = orig(*a, **k)
        counts.append(res[0].evaluations)
        return res

    tipping.bisect_both = counting  # type: ignore[assignment]
    try:
        p = load_example("career-changer")
        t = time.perf_counter()
        adv, run = advise_with_run(p)
        dt = time.perf_counter() - t
    finally:
        tipping.bisect_both = orig  # type: ignore[assignment]
    return dt, (p, run), {"tip_evals": counts}


def _naive(adv: Any, tip_evals: list[int]) -> float:
    """Option by option, own seed per option, no re-use of the cash paths."""
    from crossroads.catalog import get_catalog
    from crossroads.decision.candidates import career_targets, hybrid_grid
    from crossroads.decision.pipeline import SCREEN_PATHS, TIP_PATHS
    from crossroads.options import Option
    from crossroads.simulation import simulate

    p, run = adv
    cat = get_catalog()
    hours = float(p.time.hours_per_week)
    targets = career_targets(p, cat)
    screen = (
        [Option.microtask(hours)]
        + [Option.career(t.code, hours) for t in targets]
        + hybrid_grid(hours, targets)
    )
    finals = list(run.options)
    t0 = time.perf_counter()
    seed = 1000
    for o in screen:  # screening
        simulate(p, [o], paths=SCREEN_PATHS, seed=seed, catalog=cat, keep=None)
        seed += 1
    for o in finals:  # final comparison
        simulate(p, [o], paths=run.sim.paths, seed=seed, catalog=cat, keep=None)
        seed += 1
    # tipping: savings and expenses re-simulated at full paths, hours and wage at TIP_PATHS
    for i, n in enumerate(tip_evals):
        full = i < 2
        for _ in range(n):
            for o in finals if full else finals[: min(len(finals), 7)]:
                simulate(
                    p,
                    [o],
                    paths=run.sim.paths if full else TIP_PATHS,
                    seed=seed,
                    catalog=cat,
                    keep=None,
                )
                seed += 1
    return time.perf_counter() - t0


def _peak_mb() -> float:
    out = subprocess.run(
        [sys.executable, "-c", _PEAK_SCRIPT], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def run() -> dict[str, float]:
    """Return ``advise_full_s``, ``advise_peak_mb`` and ``advise_speedup_vs_naive``."""
    _advise_once()  # warm-up: catalog load, imports
    times = []
    info: dict[str, Any] = {}
    adv = None
    for _ in range(REPEATS):
        dt, adv, info = _advise_once()
        times.append(dt)
    full = statistics.median(times)
    naive = _naive(adv, info["tip_evals"])
    return {
        "advise_full_s": round(full, 4),
        "advise_peak_mb": round(_peak_mb(), 1),
        "advise_speedup_vs_naive": round(naive / full, 2),
    }


if __name__ == "__main__":
    print(json.dumps(run()))
