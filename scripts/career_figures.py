"""Before/after figures of issue 9 for the bundled examples (not part of the package).

For each example: the recommended option, then for it and for each compared career target the
median month of the first hire (among those hired), the never-hired share and the net income
P10/P50/P90 over the horizon (10,000 paths, seed 0).
"""

from __future__ import annotations

import json
import sys

import numpy as np

from crossroads.decision import advise
from crossroads.profile import load_example
from crossroads.simulation.engine import simulate


def figures(name: str) -> dict[str, object]:
    """The figures of one bundled example."""
    prof = load_example(name)
    adv = advise(prof, paths=10_000, seed=0)
    best = adv.options[0]
    ids = [best.id] + [o.id for o in adv.options if o.kind == "career" and o.id != best.id]
    from crossroads.options import parse_option

    opts = [parse_option(i, prof) for i in ids]
    res = simulate(prof, opts, paths=10_000, seed=0, keep=())
    out: dict[str, object] = {"recommendation": best.id, "label": best.label}
    rows = []
    for k, o in enumerate(res.options):
        h = res.hired_month[k]
        hired = h > 0
        ni = res.net_income[k]
        rows.append(
            {
                "option": o.id,
                "hire_month_p50": float(np.median(h[hired])) if hired.any() else None,
                "never_hired": float(1 - hired.mean()) if o.target else None,
                "net_p10": round(float(np.percentile(ni, 10))),
                "net_p50": round(float(np.percentile(ni, 50))),
                "net_p90": round(float(np.percentile(ni, 90))),
                "p_shortfall": round(float((res.shortfall_month[k] > 0).mean()), 3),
            }
        )
    out["rows"] = rows
    return out


if __name__ == "__main__":
    names = sys.argv[1:] or ["career-changer", "cash-now", "student", "dana"]
    print(json.dumps({n: figures(n) for n in names}, indent=1))
