"""The freelance path: which careers have a freelance market, and the terms of entering it.

Why its own option kind (``freelance:<O*NET-SOC>``): most virtual assistants, writers and
designers start as freelancers on a marketplace, not as salaried employees — modelling them as
OEWS W-2 entrants overstated both the hire chance and the pay. A freelancer needs no employer's
entry requirements, but faces a thin market: only 8.6 % of registered platform profiles ever
obtained work and 2.0 % are significantly active (L6, L7 from D8-D10).

Model (docs/methodology.md §3, "Freelance"): after ``freelance_setup_hours`` of profile building
and approval, a first contract arrives at a monthly hazard ``h_f`` (× the person's search-speed
frailty and fit, like a job search) chosen so that P(first contract within 12 months) =
``freelance_first_contract_12m`` for the average person; client hours then ramp up linearly over
``freelance_ramp_months`` to ``freelance_billed_share`` of the hours offered, paid at
``freelance_rate_factor`` × the employee entrant wage, minus the marketplace fee; a client loss
(``freelance_client_loss_monthly_pct``) sends the person back to bidding. Writing work carries
the post-ChatGPT earnings change measured on Upwork (K5b, −5.2 %).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

#: Careers with a freelance marketplace (code -> market), among the curated remote careers.
FREELANCE_MARKETS: dict[str, str] = {
    "43-6011.00": "virtual assistance",
    "43-6014.00": "virtual assistance (administrative support)",
    "43-4051.00": "customer support",
    "43-3031.00": "bookkeeping",
    "27-3043.00": "writing",
    "27-3041.00": "editing",
    "27-3042.00": "technical writing",
    "27-3091.00": "translation",
    "43-9022.00": "transcription and typing",
    "27-1024.00": "graphic design",
    "13-1161.00": "marketing / social media",
}
#: Writing occupations whose freelance earnings carry K5b (−5.2 % after ChatGPT).
WRITING = ("27-3043.00", "27-3041.00", "27-3042.00")
K5B_WRITING_EARNINGS_PCT = -5.2


def has_market(code: str) -> bool:
    """True when the career has a freelance marketplace (the advice then compares both modes)."""
    return code in FREELANCE_MARKETS


def employment_modes(code: str) -> tuple[str, ...]:
    """How the career is entered: ``("employee",)`` or ``("employee", "freelance")``."""
    return ("employee", "freelance") if has_market(code) else ("employee",)


def first_contract_rate(params: Mapping[str, float], frailty_k: float) -> float:
    """Monthly first-contract hazard so that the frailty-mixed 12-month probability is the target.

    With gamma frailty of shape k the chance of a first contract within t months at base hazard
    h is 1 − (1 + h·t/k)^−k, so h = k·((1 − q)^(−1/k) − 1)/12 for the 12-month target q.
    """
    q = float(params["freelance_first_contract_12m"])
    k = float(frailty_k)
    if k >= 1e5:
        return -math.log(1.0 - q) / 12.0
    result: float = k * ((1.0 - q) ** (-1.0 / k) - 1.0) / 12.0
    return result


def rate_factor(code: str, params: Mapping[str, float]) -> float:
    """Hourly-rate multiplier on the employee entrant wage: rate factor × (1 − fee) (× K5b for writing)."""
    f = float(params["freelance_rate_factor"]) * (1.0 - float(params["freelance_fee_pct"]) / 100.0)
    if code in WRITING:
        f *= 1.0 + K5B_WRITING_EARNINGS_PCT / 100.0
    return f
