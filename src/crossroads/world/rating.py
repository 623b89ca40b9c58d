"""Gated hourly rating / AI-training work as its own income stream (issue 11 §3).

Why its own stream: it is the best-paid microtask work of 2026 and its rules differ from open
task marketplaces — an application and an unpaid qualification exam, then pay by the hour (per
task at the estimated time, W9) at a rate set by country, for capped weekly hours, on projects
that start and stop without notice (W8). Pooling it with the open-marketplace median (Hara's
1.77 USD/h) would hide both its pay and its risk.

Model (docs/methodology.md §2, "Rating work"); per path:

* the microtask hours beyond Prolific's go to rating work first, up to ``rating_hours_per_week``;
* the application is decided at ``T`` = the platform's onboarding wait (+ half its monthly payout
  cadence), or later if the exam's ``rating_exam_hours`` take longer at those weekly hours; the
  exam's hours come first and are unpaid, the rest of the wait works on open marketplaces;
* accepted with probability ``rating_admit_share``; a rater starts on a project, which ends with
  ``rating_project_stop_prob`` a month; without one, a new one starts with
  ``rating_project_start_prob`` (a two-state chain, like the task-supply droughts);
* after ``T`` a month with a project pays ``rating_hourly`` × the hours; a month without one,
  the wait after the exam and every month of a rejected applicant put the hours on open
  marketplaces at the novice rate (no learning curve, no payout threshold), as the microtask
  fallback's extra hours do;
* the rate is the US figure (``rating_hourly_us``), the cited Kenyan one (W7), or the US figure ×
  the country's open-marketplace pay multiplier (:func:`crossroads.world.microtask.country_pay`),
  a named approximation for the countries the evidence does not cover.

Someone who already works on it (``current_work``) is accepted, with no wait.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from crossroads.world.microtask import country_pay

#: Kenyan rating pay cited by country (W7a-b, 2023: 1-3 USD/h): the geometric midpoint.
KENYA_EVIDENCE = ("W7a", "W7b")


def _num(evidence: Mapping[str, Any], eid: str) -> float:
    e = evidence[eid]
    n = getattr(e, "number", None)
    return float(n if n is not None else e)


def rating_hourly_usd(
    country: str, params: Mapping[str, float], evidence: Mapping[str, Any] | None
) -> tuple[float, str]:
    """(USD per paid hour of rating work for a person in ``country``, the note saying why)."""
    cc = country.upper()
    us = float(params["rating_hourly_us"])
    if cc == "US" or not evidence:
        return us, f"rating work pays {us:g} USD/h in the US (rating_hourly_us; W17, W5)"
    if cc == "KE" and all(e in evidence for e in KENYA_EVIDENCE):
        lo, hi = (_num(evidence, e) for e in KENYA_EVIDENCE)
        rate = math.sqrt(lo * hi)
        return rate, (
            f"rating work pays {rate:.2f} USD/h in Kenya (the midpoint of 1-3 USD/h reported by "
            "Kenyan annotators in 2023, W7a-b)"
        )
    cp = country_pay(cc, evidence)
    rate = us * cp.factor
    return rate, (
        f"rating work pays {rate:.2f} USD/h in {cc}: the US rate x {cp.factor:.2f}, the country's "
        f"open-marketplace pay multiplier ({cp.basis}) — an approximation: vendors set pay by "
        "country, and no figure for this country is in the evidence"
    )


def decision_months(
    wait_months: float, hours_per_week: float, params: Mapping[str, float], weeks_per_month: float
) -> float:
    """Months until the application is decided: the wait, or the exam at these hours if longer."""
    if hours_per_week <= 0:
        return math.inf
    exam = float(params["rating_exam_hours"]) / (hours_per_week * weeks_per_month)
    return max(float(wait_months), exam)
