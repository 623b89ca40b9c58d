"""Build the packaged US tax schedules (src/crossroads/data/tax_us_2025.json.gz) with tenforty.

Why at build time: a household's schedule is 216 tenforty returns (3 s idle, a minute on a loaded
machine); single filers without dependants — federal only and the most populous states with a
wage tax (crossroads.money.tax.PACKAGED_STATES) — are shipped so that the usual case never waits. Other households are computed on first use and cached (crossroads.money.tax).
Deterministic: the same tenforty version gives the same file.

    python scripts/build_tax_schedules.py [--out PATH] [--states CA,NY]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from crossroads.money.tax import (  # noqa: E402
    GRID_SE,
    GRID_WAGE,
    PACKAGED_STATES,
    SOURCE,
    TAX_YEAR,
    coarse_table,
    household_key,
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "src/crossroads/data/tax_us_2025.json.gz"))
    ap.add_argument(
        "--states", default="", help="comma-separated subset (default: PACKAGED_STATES)"
    )
    a = ap.parse_args()
    import tenforty

    states: list[str | None] = [
        s.strip().upper() for s in a.states.split(",") if s.strip()
    ] or list(PACKAGED_STATES)
    tables = {}
    t0 = time.perf_counter()
    for st in states:
        tables[household_key(st, "single", 0)] = coarse_table(st, "single", 0)
        print(f"{st or 'none'}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    doc = {
        "tax_year": TAX_YEAR,
        "source": SOURCE,
        "tenforty_version": getattr(tenforty, "__version__", "?"),
        "grid_wage": list(GRID_WAGE),
        "grid_se": list(GRID_SE),
        "tables": tables,
    }
    data = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
    Path(a.out).write_bytes(gzip.compress(data, mtime=0))
    print(f"wrote {a.out}: {len(tables)} households", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
