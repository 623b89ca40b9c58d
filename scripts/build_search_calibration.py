"""Write ``src/crossroads/data/search_calibration.json``: the job-search fits the default advice uses.

The search model's (λ, k) come from a least-squares fit to the CPS trio (median, 27+ week share,
mean of the unemployed stock; :func:`crossroads.simulation.career.fit_search_calibration`). The
answers for the registry's default trio and for each of its bounds (the one-at-a-time sensitivity
moves one of the three to its low or high end) never change, yet fitting them meant importing
``scipy.optimize`` (0.35 s) in every fresh process. This script fits those seven trios once; a test
re-fits every entry and fails when the registry moved and the table is stale (run this script then).

Usage: ``python scripts/build_search_calibration.py`` (``make catalog`` runs it too).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "crossroads" / "data" / "search_calibration.json"
KEYS = ("search_median_weeks", "search_share_27w", "search_mean_weeks")


def trios() -> list[tuple[float, float, float]]:
    """The registry's default trio, then each parameter at its low and high bound (others default)."""
    from crossroads.params import PARAMS

    base = [PARAMS[k].default for k in KEYS]
    out = [tuple(base)]
    for i, key in enumerate(KEYS):
        for bound in (PARAMS[key].low, PARAMS[key].high):
            t = list(base)
            t[i] = bound
            out.append(tuple(t))
    return [(float(a), float(b), float(c)) for a, b, c in dict.fromkeys(out)]


def table() -> dict[str, object]:
    """The JSON document: one row per trio with its fitted (λ per week, k)."""
    from crossroads.simulation.career import fit_search_calibration

    rows = []
    for med, share, mean in trios():
        lam, k = fit_search_calibration(med, share, mean)
        rows.append(
            {"median_weeks": med, "share_27": share, "mean_weeks": mean, "lam": lam, "k": k}
        )
    return {
        "about": "Job-search fits (lambda per week, gamma shape k) for the registry's CPS trio and "
        "its bounds; written by scripts/build_search_calibration.py, checked by a test.",
        "fits": rows,
    }


def main() -> int:
    text = json.dumps(table(), indent=1) + "\n"
    fd, tmp = tempfile.mkstemp(dir=OUT.parent, prefix=".search_calibration.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(trios())} fits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
