"""The profile's money section compiled into the numbers the cash ledger runs on.

Why compiled once: the vectorised engine and the per-path reference loop must apply the *same*
credit limit, interest, fallback and income schedule; both read :class:`CashRules`, neither reads
the profile.

* **Hard limit** ``-credit_limit``: how far below zero cash can physically go (card limit,
  overdraft). Without ``money.credit_limit`` it is 0, or ``cash_floor`` when the floor is negative
  (a negative floor always meant "credit I can draw on"). Spending the limit cannot pay becomes
  *unpaid bills* (arrears), repaid first when money comes in.
* **Debt interest**: ``money.debt_apr`` (else the registry's ``debt_apr``) on the negative cash
  balance, monthly (APR / 12, the card convention).
* **Fallback**: when cash above the floor would cover fewer than ``trigger_months`` months of the
  monthly shortfall of expenses over other income, the person falls back — by default "take any
  available job" (a local entry-level job at the all-occupations entry wage, found at the CPS
  hiring hazard), or "all hours on microtasks", or nothing (``off``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from crossroads.params import Parameters

if TYPE_CHECKING:
    from crossroads.profile import Profile

#: BLS OEWS May 2025, 00-0000 "All Occupations", national hourly wage percentiles (USD) — the same
#: release as the catalog (../shared/data/occupations/oews_national_may2025.csv, row 00-0000).
ALL_OCCUPATIONS_WAGE: dict[str, float] = {
    "p10": 15.00,
    "p25": 18.07,
    "p50": 24.51,
    "p75": 38.71,
    "p90": 61.81,
}
ALL_OCCUPATIONS_SOURCE = "BLS OEWS May 2025, 00-0000 All Occupations (national hourly percentiles)"

FALLBACK_RULES = ("any_job", "microtasks", "off")


@dataclass(frozen=True)
class FallbackRule:
    """What the person does when cash runs low (``rule`` = any_job | microtasks | off)."""

    rule: str
    trigger_months: float
    keep_career_search: bool
    hours_per_week: float | None  # None: the time budget less the career search kept
    wage_hourly: float | None  # None: the all-occupations entry wage distribution
    hire_factor: float  # × the CPS baseline hazard (a local job, no remote competition)

    @property
    def on(self) -> bool:
        return self.rule != "off"

    def describe(self, currency: str = "USD") -> str:
        """One sentence for the advice, the plan and the report."""
        if self.rule == "off":
            return (
                "Fallback off: when cash reaches your limit, the bills it cannot pay stay unpaid "
                "(the path counts as failed)."
            )
        when = (
            f"when the cash above your floor would cover fewer than {self.trigger_months:g} "
            "months of your monthly shortfall"
        )
        if self.rule == "microtasks":
            what = "you put all your free hours on microtasks"
        else:
            wage = (
                f"{self.wage_hourly:,.2f} {currency}/h"
                if self.wage_hourly is not None
                else "the all-occupations entry wage (OEWS)"
            )
            what = f"you look for any available local job at {wage}"
        keep = (
            ", and keep the career search going with the hours left"
            if self.keep_career_search
            else ", and stop the career plan"
        )
        return f"Fallback ({self.rule}): {when}, {what}{keep}."


@dataclass(frozen=True)
class CashRules:
    """Everything the cash ledger needs besides income (money in the profile currency)."""

    floor: float
    limit: float  # hard limit (cash never below it)
    credit_limit: float  # = -limit when limit <= 0
    apr: float  # annual interest on negative cash
    other: np.ndarray  # (M,) other income of each month (plain + time-limited items)
    other_items: tuple[tuple[str, float, int, int], ...]  # (label, amount, first month, last month)
    fallback: FallbackRule

    @property
    def month_rate(self) -> float:
        return self.apr / 12.0


def hard_limit(money: Any) -> float:
    """−credit_limit; without it 0, or the floor when the floor is negative (existing meaning)."""
    cl = getattr(money, "credit_limit", None)
    if cl is not None:
        return -float(cl)
    floor = float(getattr(money, "cash_floor", 0.0) or 0.0)
    return min(0.0, floor)


def other_income_schedule(
    money: Any, months: int
) -> tuple[np.ndarray, tuple[tuple[str, float, int, int], ...]]:
    """(M,) other income per month: ``other_monthly_income`` every month plus each
    ``other_income`` item (a number = every month; ``{amount, months, start_month}`` = a limited run)."""
    out = np.full(months, float(getattr(money, "other_monthly_income", 0.0) or 0.0))
    items: list[tuple[str, float, int, int]] = []
    raw = getattr(money, "other_income", None)
    if raw is None:
        return out, ()
    if isinstance(raw, (int, float)):
        out += float(raw)
        items.append(("other income", float(raw), 1, months))
        return out, tuple(items)
    for it in raw:
        start = int(getattr(it, "start_month", 1) or 1)
        n = getattr(it, "months", None)
        last = months if n is None else min(months, start + int(n) - 1)
        if start <= months:
            out[start - 1 : last] += float(it.amount)
        items.append(
            (str(getattr(it, "label", "") or "other income"), float(it.amount), start, last)
        )
    return out, tuple(items)


def fallback_rule(profile: Profile, params: Parameters) -> FallbackRule:
    fb = getattr(profile, "fallback", None)
    rule = str(getattr(fb, "rule", "any_job") or "any_job") if fb is not None else "any_job"
    trig = getattr(fb, "trigger_months", None) if fb is not None else None
    return FallbackRule(
        rule=rule,
        trigger_months=float(params["fallback_trigger_months"] if trig is None else trig),
        keep_career_search=bool(getattr(fb, "keep_career_search", True))
        if fb is not None
        else True,
        hours_per_week=getattr(fb, "hours_per_week", None) if fb is not None else None,
        wage_hourly=getattr(fb, "wage_hourly", None) if fb is not None else None,
        hire_factor=float(params["fallback_hire_factor"]),
    )


def cash_rules(profile: Profile, params: Parameters, months: int) -> CashRules:
    """Compile the money section (and ``fallback:``) for a run of ``months`` months."""
    m = profile.money
    floor = float(getattr(m, "cash_floor", 0.0) or 0.0)
    limit = hard_limit(m)
    apr = getattr(m, "debt_apr", None)
    other, items = other_income_schedule(m, months)
    return CashRules(
        floor=floor,
        limit=limit,
        credit_limit=max(0.0, -limit),
        apr=float(params["debt_apr"] if apr is None else apr),
        other=other,
        other_items=items,
        fallback=fallback_rule(profile, params),
    )
