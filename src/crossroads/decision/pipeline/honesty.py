"""Stage 6a — honesty: say first, plainly, when nothing is safe enough or nothing covers expenses.

(Moved verbatim from the former ``pipeline.py``; its remedies re-simulate through ``resim``.)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import explain
from ..advice import Honesty, OptionAdvice
from ..engine import Evaluated

if TYPE_CHECKING:
    from crossroads.profile import Profile


def _honesty(
    ev: Evaluated,
    entries: list[OptionAdvice],
    finalists: list[Any],
    profile: Profile,
    tol: float,
    H: int,
    resim: Any = None,
    combine: bool = True,
    quick: bool = False,
) -> tuple[list[str], Honesty]:
    """Say first, plainly, when nothing is safe enough or nothing covers expenses.

    The remedies are what a person could act on, the cheapest first: the fallback rule (free),
    expenses, savings. The savings figure is found on the balance (fallback timing held fixed)
    and then checked by re-simulating the closest option with it (``resim``): the adapting model
    decides, and the figure is raised until it really brings the probability within tolerance.
    When the free change alone is not enough, the remedy that combines it with savings is
    computed too (``combine``; :func:`_combined_savings`). ``quick`` (no ``resim``): the text
    says that the savings figure is the balance estimate and the free changes were not measured.
    """
    p = np.array([e.metrics.p_shortfall for e in entries])
    out: list[str] = []
    within = bool((p <= tol).any())
    covers = any(e.metrics.months_to_cover_expenses_p50 is not None for e in entries)
    closest: str | None = None
    if not within:
        e = entries[int(np.argmin(p))]
        closest = e.id
        k = {o.id: i for i, o in enumerate(finalists)}[e.id]
        out.append(_not_safe_enough(ev, e, k, finalists[k], profile, tol, resim, combine) +
                   (QUICK_NOTE if quick else ""))  # fmt: skip
    if not covers:
        e = entries[int(np.argmax([x.metrics.final_monthly_income_p50 for x in entries]))]
        closest = closest or e.id
        out.append(_not_covering(ev, e, profile.currency, H))
    return out, Honesty(
        any_within_tolerance=within, any_covers_expenses=covers, closest_option=closest
    )


#: Appended to the not-safe-enough warning of a quick run, whose remedies are not re-simulated.
QUICK_NOTE = (
    " (Quick mode: the savings figure is estimated on this run's balances with the fallback's "
    "timing held fixed, and the free changes are not measured; run the advice without --quick "
    "for checked figures.)"
)


def _not_safe_enough(
    ev: Evaluated,
    e: OptionAdvice,
    k: int,
    opt: Any,
    profile: Profile,
    tol: float,
    resim: Any,
    combine: bool,
) -> str:
    """The warning for the closest option ``e`` (finalist ``k``) when none is within tolerance,
    with its remedies: the free ones first, then expenses, savings, and their combination."""
    cur = profile.currency
    free, full_time = _free_remedies(e, opt, profile, tol, resim, combine)
    change: list[str] = []
    exp_max = _expenses_for_tolerance(ev, k, tol)
    if exp_max is not None:
        change.append(
            f"monthly expenses of at most {explain.fmt_money(exp_max, cur)} (now {explain.fmt_money(ev.expenses, cur)})"
        )
    need = _savings_needed(ev, k, opt, profile, tol, resim)
    change.append(
        f"about {explain.fmt_money(need, cur)} more savings (you have {explain.fmt_money(ev.savings, cur)})"
    )
    change.append("a lower cash floor or a higher tolerance")
    both = _combined_savings(resim, full_time, opt, need, tol) if full_time else None
    combo = (
        f" Together, {full_time[1]} and about {explain.fmt_money(both[0], cur)} more savings "
        f"(instead of {explain.fmt_money(need, cur)} alone) give {explain.fmt_pct(both[1])}."
        if both is not None and full_time is not None
        else ""
    )
    return (
        f"No option keeps the chance of running short of cash within your tolerance of {explain.fmt_pct(tol)}. "
        f"The closest is {e.label}, with {explain.fmt_pct(e.metrics.p_shortfall)}. To bring it within "
        f"{explain.fmt_pct(tol)} you would need "
        + ", or ".join(change)
        + "."
        + ("" if not free else " Free changes first: " + "; ".join(free) + ".")
        + combo
    )


def _free_remedies(
    e: OptionAdvice, opt: Any, profile: Profile, tol: float, resim: Any, combine: bool
) -> tuple[list[str], tuple[Any, str] | None]:
    """The changes that cost nothing (switching the fallback on; the fallback job full-time),
    each re-simulated; and the full-time change when it is not enough alone (for combining)."""
    cur = profile.currency
    free: list[str] = []
    full_time: tuple[Any, str] | None = None
    fb = getattr(profile, "fallback", None)
    if resim is None or fb is None:
        return free, None
    if fb.rule == "off":
        on = profile.model_copy(update={"fallback": fb.model_copy(update={"rule": "any_job"})})
        p_on, d_on = resim(on, opt)
        free.append(
            f"switching the fallback on (fallback: any_job — take any available local job when cash "
            f"runs low) gives {explain.fmt_pct(p_on)}, with a 90th-percentile deficit of {explain.fmt_money(d_on, cur)}"
        )
    if fb.rule == "any_job":
        # more hours in the fallback job: full-time when the time budget gives it fewer
        from crossroads.params import params_for

        ft = float(params_for(profile)["fulltime_hours"])
        fb_h = (
            fb.hours_per_week
            if fb.hours_per_week is not None
            else min(ft, float(profile.time.hours_per_week))
        )
        if fb_h < ft:
            more = profile.model_copy(
                update={"fallback": fb.model_copy(update={"hours_per_week": ft})}
            )
            p_ft, d_ft = resim(more, opt)
            if combine and p_ft > tol:
                full_time = (more, f"taking the fallback job full-time ({ft:g} h/week)")
            if p_ft < e.metrics.p_shortfall - 0.005:
                free.append(
                    f"taking the fallback job full-time ({ft:g} h/week instead of {fb_h:g}; "
                    f"fallback.hours_per_week) gives {explain.fmt_pct(p_ft)}, with a 90th-percentile "
                    f"deficit of {explain.fmt_money(d_ft, cur)}"
                )
    return free, full_time


def _savings_needed(
    ev: Evaluated, k: int, opt: Any, profile: Profile, tol: float, resim: Any
) -> float:
    """Extra savings that bring finalist ``k`` within tolerance: found on its balance (fallback
    timing held fixed), then raised until a re-simulation on the adapting model confirms it."""
    margin = ev.min_margin()[k]
    need = float(np.quantile(-margin, 1.0 - tol))  # savings increase that brings P(short) to tol
    need = max(0.0, need) + 1.0
    while (margin + need < 0).mean() > tol:
        need *= 1.05
    if resim is not None:
        for _ in range(6):  # check on the adapting model; raise until it holds
            money = profile.money.model_copy(
                update={"savings": float(profile.money.savings) + need}
            )
            if resim(profile.model_copy(update={"money": money}), opt)[0] <= tol:
                break
            need *= 1.25
    return need


def _not_covering(ev: Evaluated, e: OptionAdvice, cur: str, H: int) -> str:
    """The warning when no option's median path covers expenses: the closest one, and the gap."""
    gap = ev.expenses - ev.other_income - e.metrics.final_monthly_income_p50
    return (
        f"No option's typical (median) path earns enough to cover your expenses of "
        f"{explain.fmt_money(ev.expenses, cur)}/month within {H} months. The closest is {e.label}, whose median income "
        f"in the final months is {explain.fmt_money(e.metrics.final_monthly_income_p50, cur)}/month — "
        f"{explain.fmt_money(gap, cur)}/month short."
    )


#: Bisection steps of the combined remedy (each re-simulates one option on all paths).
COMBINED_STEPS = 5


def _combined_savings(
    resim: Any, free: tuple[Any, str], opt: Any, alone: float, tol: float
) -> tuple[float, float] | None:
    """The savings that, *together with* the free change (``free``: its profile and its words),
    bring the closest option within tolerance: ``(extra savings, shortfall probability)``.

    Why: when no single lever is enough ("+68,459 USD of savings" is three years of burn), the
    person needs to know what a combination does. Computed, not guessed: a bisection on the
    extra savings between 0 and the savings needed alone, each step re-simulating the option
    with both changes on the same draws (common random numbers), keeping the upper end so the
    figure given really holds. None when the combination saves less than a tenth of the savings
    needed alone (nothing worth saying) or does not hold at that amount.
    """
    prof = free[0]

    def with_savings(extra: float) -> float:
        money = prof.money.model_copy(update={"savings": float(prof.money.savings) + extra})
        return float(resim(prof.model_copy(update={"money": money}), opt)[0])

    lo, hi = 0.0, float(alone)
    p_hi = with_savings(hi)
    if p_hi > tol:
        return None
    for _ in range(COMBINED_STEPS):
        mid = 0.5 * (lo + hi)
        p_mid = with_savings(mid)
        if p_mid <= tol:
            hi, p_hi = mid, p_mid
        else:
            lo = mid
    if hi > 0.9 * alone:
        return None
    return math.ceil(hi / 100.0) * 100.0, p_hi


def _expenses_for_tolerance(ev: Evaluated, k: int, tol: float) -> float | None:
    """Highest monthly expenses at which option k's shortfall probability is within tol (bisection)."""
    cash = np.asarray(ev._bal()[k].T, dtype=np.float64)  # the balance (paths, months), unclipped
    t = np.arange(1, cash.shape[-1] + 1, dtype=np.float64)

    def p_at(e: float) -> float:
        return float(((cash + (ev.expenses - e) * t).min(-1) < ev.cash_floor).mean())

    if p_at(0.0) > tol:
        return None
    lo, hi = 0.0, ev.expenses
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        if p_at(mid) <= tol:
            lo = mid
        else:
            hi = mid
    return lo
