"""Generate the bundled example cohort (``crossroads example --cohort``), deterministically.

A workforce programme's intake export, made up but plausible: 300 people in five countries, with
money in USD (the engine treats the profile currency as USD-equivalent, see docs/methodology.md),
self-rated soft skills on O*NET's 0–7 scale, a few stated priorities, and three group columns
(gender, age_band, site) for the cohort report's group view. Three rows at the end are
deliberately wrong (negative savings, an unknown skill, text in a number column) so a first run
shows the rejects file too. Run once; the output is committed:

    python scripts/make_cohort_example.py > src/crossroads/examples/cohort.csv
"""

from __future__ import annotations

import csv
import sys

import numpy as np

from crossroads.catalog.skills import SOFT_SKILLS

N = 300
COUNTRIES = [
    ("US", 0.55, 2300.0),
    ("CA", 0.1, 2100.0),
    ("GB", 0.1, 2000.0),
    ("PH", 0.15, 650.0),
    ("IN", 0.1, 450.0),
]
SITES = ["north", "south", "online"]
AGE_BANDS = ["18-24", "25-34", "35-49", "50+"]
PRIORITY_COLUMNS = ["earnings", "quick_payout", "financial_safety", "career_growth", "flexibility"]


def main() -> None:
    rng = np.random.default_rng(20261201)
    skills = list(SOFT_SKILLS)
    cols = (
        [
            "id",
            "country",
            "currency",
            "savings",
            "monthly_expenses",
            "other_monthly_income",
            "cash_floor",
            "hours_per_week",
            "horizon_months",
            "max_shortfall_probability",
        ]
        + [f"skill_{s}" for s in skills]
        + [f"priority_{p}" for p in PRIORITY_COLUMNS]
        + ["gender", "age_band", "site"]
    )
    w = csv.DictWriter(sys.stdout, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    codes = [c for c, _, _ in COUNTRIES]
    probs = np.array([p for _, p, _ in COUNTRIES])
    for i in range(N):
        k = int(rng.choice(len(codes), p=probs / probs.sum()))
        country, _, expenses_mid = COUNTRIES[k]
        expenses = round(float(expenses_mid * rng.lognormal(0.0, 0.25)), -1)
        runway = float(
            rng.choice(
                [0.0, 1, 2, 4, 6, 9, 12, 18], p=[0.08, 0.12, 0.15, 0.17, 0.15, 0.13, 0.12, 0.08]
            )
        )
        savings = round(expenses * runway * float(rng.uniform(0.8, 1.2)), -1)
        other = round(
            expenses
            * float(rng.choice([0.0, 0.3, 0.6, 0.8, 1.0], p=[0.35, 0.15, 0.2, 0.15, 0.15])),
            -1,
        )
        floor = 0.0 if rng.random() < 0.8 else -round(expenses * float(rng.uniform(0.3, 1.0)), -1)
        level = float(rng.normal(3.2, 0.8))
        row: dict[str, object] = {
            "id": f"P{i + 1:04d}",
            "country": country,
            "currency": "USD",
            "savings": savings,
            "monthly_expenses": expenses,
            "other_monthly_income": other,
            "cash_floor": floor,
            "hours_per_week": int(rng.choice([10, 15, 20, 25, 30, 35, 40, 45])),
            "horizon_months": int(rng.choice([24, 36], p=[0.3, 0.7])),
            "max_shortfall_probability": float(
                rng.choice([0.05, 0.1, 0.2, 0.3], p=[0.2, 0.45, 0.25, 0.1])
            ),
            "gender": str(rng.choice(["woman", "man", "non-binary"], p=[0.52, 0.45, 0.03])),
            "age_band": str(rng.choice(AGE_BANDS, p=[0.2, 0.35, 0.3, 0.15])),
            "site": str(rng.choice(SITES)),
        }
        for s in skills:
            if rng.random() < 0.85:  # some people leave a skill blank (no self-rating)
                row[f"skill_{s}"] = float(np.clip(round(level + rng.normal(0, 0.9), 1), 0, 7))
        for p in PRIORITY_COLUMNS:
            if rng.random() < 0.7:
                row[f"priority_{p}"] = int(rng.integers(0, 6))
        w.writerow(row)
    bad = [
        {
            "id": "P9001",
            "country": "US",
            "currency": "USD",
            "savings": -500,
            "monthly_expenses": 1800,
            "hours_per_week": 20,
            "gender": "woman",
            "age_band": "25-34",
            "site": "north",
        },
        {
            "id": "P9002",
            "country": "US",
            "currency": "USD",
            "savings": 1200,
            "monthly_expenses": "about 2000",
            "hours_per_week": 30,
            "gender": "man",
            "age_band": "35-49",
            "site": "south",
        },
        {
            "id": "P9003",
            "country": "ZZ",
            "currency": "USD",
            "savings": 1200,
            "monthly_expenses": 1500,
            "hours_per_week": 25,
            "gender": "woman",
            "age_band": "18-24",
            "site": "online",
        },
    ]
    for b in bad:
        w.writerow(b)


if __name__ == "__main__":
    main()
