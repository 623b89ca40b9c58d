"""A generated test cohort: the bundled example's good rows plus deliberately bad ones.

Every bad row is listed with the field it must be rejected for, so a test can check each one.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from crossroads.cohort.example import example_cohort_text

#: (id, changes to a good row, the field the reject must name)
BAD_ROWS: list[tuple[str, dict[str, str], str]] = [
    ("BAD-missing-money", {"savings": ""}, "savings"),
    ("BAD-negative-money", {"monthly_expenses": "-300"}, "monthly_expenses"),
    ("BAD-negative-savings", {"savings": "-1"}, "savings"),
    ("BAD-text-in-number", {"hours_per_week": "twenty"}, "hours_per_week"),
    ("BAD-unknown-skill", {"skill_juggling": "4"}, "skill_juggling"),
    ("BAD-unknown-country", {"country": "XX"}, "country"),
    ("BAD-hours-too-many", {"hours_per_week": "200"}, "hours_per_week"),
    ("BAD-priority-range", {"priority_earnings": "9"}, "priority_earnings"),
    ("BAD-half-month", {"horizon_months": "24.5"}, "horizon_months"),
    ("", {}, "id"),  # no id at all
]


def good_rows(n: int, start: int = 0) -> tuple[list[str], list[dict[str, str]]]:
    """``n`` good rows of the bundled example (its last 3 rows are bad on purpose, left out)."""
    reader = csv.DictReader(io.StringIO(example_cohort_text()))
    rows = [r for r in reader if not r["id"].startswith("P9")]
    return list(reader.fieldnames or []), rows[start : start + n]


def make_cohort(path: Path, n_good: int, *, duplicates: int = 2, start: int = 0) -> dict[str, str]:
    """Write a CSV of ``n_good`` good rows, the bad rows and ``duplicates`` repeated ids.

    Returns {id: expected reject field} for the bad rows (duplicates: "id").
    """
    fields, rows = good_rows(n_good, start)
    fields = fields + ["skill_juggling"]
    base = dict(rows[0])
    out = list(rows)
    expected: dict[str, str] = {}
    for pid, change, fld in BAD_ROWS:
        r = dict(base, id=pid, **change)
        out.insert(len(out) // 2, r)
        expected[pid] = fld
    for k in range(duplicates):
        out.append(dict(rows[k + 1]))  # same id as an earlier good row: the later one is rejected
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in out:
            w.writerow({f: r.get(f, "") for f in fields})
    return expected
