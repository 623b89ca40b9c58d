"""Stage 6a — honesty: say first, plainly, when nothing is safe enough or nothing covers expenses.

(Moved verbatim from the former ``pipeline.py``; its remedies re-simulate through ``resim``.)
"""

from __future__ import annotations

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
) -> tuple[list[str], Honesty]:
    """Say first, plainly, when nothing is safe enough or nothing covers expenses.

    The remedies are what a person could act on, the cheapest first: the fallback rule (free),
    expenses, savings. The savings figure is found on the balance (fallback timing held fixed)
    and then checked by re-simulating the closest option with it (``resim``): the adapting model
    decides, and the figure is raised until it really brings the probability within tolerance.
    """
    cur = profile.currency
    p = np.array([e.metrics.p_shortfall for e in entries])
    by_id = {o.id: i for i, o in enumerate(finalists)}
    out: list[str] = []
    within = bool((p <= tol).any())
    covers = any(e.metrics.months_to_cover_expenses_p50 is not None for e in entries)
    closest: str | None = None
    if not within:
        j = int(np.argmin(p))
        e = entries[j]
        closest = e.id
        k = by_id[e.id]
        margin = ev.min_margin()[k]
        need = float(
            np.quantile(-margin, 1.0 - tol)
        )  # savings increase that brings P(short) to tol
        need = max(0.0, need) + 1.0
        while (margin + need < 0).mean() > tol:
            need *= 1.05
        change: list[str] = []
        free: list[str] = []  # remedies that cost nothing, said first
        fb = getattr(profile, "fallback", None)
        opt = finalists[k]
        if resim is not None and fb is not None and fb.rule == "off":
            on = profile.model_copy(update={"fallback": fb.model_copy(update={"rule": "any_job"})})
            p_on, d_on = resim(on, opt)
            free.append(
                f"switching the fallback on (fallback: any_job — take any available local job when cash "
                f"runs low) gives {explain.fmt_pct(p_on)}, with a 90th-percentile deficit of {explain.fmt_money(d_on, cur)}"
            )
        if resim is not None and fb is not None and fb.rule == "any_job":
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
                if p_ft < e.metrics.p_shortfall - 0.005:
                    free.append(
                        f"taking the fallback job full-time ({ft:g} h/week instead of {fb_h:g}; "
                        f"fallback.hours_per_week) gives {explain.fmt_pct(p_ft)}, with a 90th-percentile "
                        f"deficit of {explain.fmt_money(d_ft, cur)}"
                    )
        exp_max = _expenses_for_tolerance(ev, k, tol)
        if exp_max is not None:
            change.append(
                f"monthly expenses of at most {explain.fmt_money(exp_max, cur)} (now {explain.fmt_money(ev.expenses, cur)})"
            )
        if resim is not None:
            for _ in range(6):  # check on the adapting model; raise until it holds
                richer = profile.model_copy(
                    update={
                        "money": profile.money.model_copy(
                            update={"savings": float(profile.money.savings) + need}
                        )
                    }
                )
                if resim(richer, opt)[0] <= tol:
                    break
                need *= 1.25
        change.append(
            f"about {explain.fmt_money(need, cur)} more savings (you have {explain.fmt_money(ev.savings, cur)})"
        )
        change.append("a lower cash floor or a higher tolerance")
        out.append(
            f"No option keeps the chance of running short of cash within your tolerance of {explain.fmt_pct(tol)}. "
            f"The closest is {e.label}, with {explain.fmt_pct(e.metrics.p_shortfall)}. To bring it within "
            f"{explain.fmt_pct(tol)} you would need "
            + ", or ".join(change)
            + "."
            + ("" if not free else " Free changes first: " + "; ".join(free) + ".")
        )
    if not covers:
        inc = [e.metrics.final_monthly_income_p50 for e in entries]
        j = int(np.argmax(inc))
        e = entries[j]
        closest = closest or e.id
        need = ev.expenses - ev.other_income
        gap = need - e.metrics.final_monthly_income_p50
        out.append(
            f"No option's typical (median) path earns enough to cover your expenses of "
            f"{explain.fmt_money(ev.expenses, cur)}/month within {H} months. The closest is {e.label}, whose median income "
            f"in the final months is {explain.fmt_money(e.metrics.final_monthly_income_p50, cur)}/month — "
            f"{explain.fmt_money(gap, cur)}/month short."
        )
    return out, Honesty(
        any_within_tolerance=within, any_covers_expenses=covers, closest_option=closest
    )


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
