"""Print recommendation, final monthly income and shortfall probability for the five
international profiles of issue 11 (tests/data/world/*.yaml), one line each.

Why: the issue asks for a before/after table; this script is how both columns were measured.
Run from the repository root: ``PYTHONPATH=src python scripts/world_profiles.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROFILES = ("india", "philippines", "kenya", "kenya-fx", "uk", "germany")


def main() -> int:
    """Run ``crossroads advise --json`` on each profile and print a Markdown table row."""
    root = Path(__file__).resolve().parents[1]
    print("| profile | recommendation | final monthly income (P50) | P(shortfall) |")
    print("|---|---|---|---|")
    for name in PROFILES:
        path = root / "tests" / "data" / "world" / f"{name}.yaml"
        out = subprocess.run(
            [sys.executable, "-m", "crossroads.cli.main", "advise", str(path), "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            msg = (out.stderr or out.stdout).strip().splitlines()
            print(f"| {name} | exit {out.returncode}: {msg[-1] if msg else ''} | | |")
            continue
        doc = json.loads(out.stdout)
        rec = next(o for o in doc["options"] if o["id"] == doc["recommendation"])
        m = rec["metrics"]
        print(
            f"| {name} | {rec['label']} | {m['final_monthly_income_p50']:,.0f} {doc['currency']} "
            f"| {m['p_shortfall']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
