"""Stage 6 — explanation: honesty first (nothing safe / nothing covers expenses), then the
recommendation with its robustness, the reasons against the runner-up and the best option of
another kind, and what the bad paths of the recommendation have in common."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .. import explain
from ..advice import FailureDrilldown, FamilyAcceptability, Honesty, OptionAdvice
from ..candidates import family_of
from ..engine import Evaluated
from ..smaa import SAMPLES, WEIGHT_JITTER_POINTS
from .context import ROBUST_FAMILY_P_FIRST, Context
from .finalists import Finals
from .ranking import Ranked


@dataclasses.dataclass
class Explained:
    """The lines of the explanation, the honesty warnings (shown first) and the drill-down."""

    explanation: list[str]
    honesty_warnings: list[str]
    honesty: Honesty
    failure: FailureDrilldown
    recommendation_family: FamilyAcceptability


def expenses_for_tolerance(ev: Evaluated, k: int, tol: float) -> float | None:
    """Highest monthly expenses at which option k's shortfall probability is within tol (bisection)."""
    cash = np.asarray(ev.sim.cash[k], dtype=np.float64)
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


def _nothing_safe(
    ctx: Context, fin: Finals, entries: list[OptionAdvice], p: np.ndarray
) -> tuple[str, str]:
    ev, tol, cur = fin.ev, ctx.tolerance, ctx.currency
    e = entries[int(np.argmin(p))]
    k = {o.id: i for i, o in enumerate(fin.options)}[e.id]
    margin = ev.min_margin()[k]
    need = float(np.quantile(-margin, 1.0 - tol))  # savings increase that brings P(short) to tol
    need = max(0.0, need) + 1.0
    while (margin + need < 0).mean() > tol:
        need *= 1.05
    exp_max = expenses_for_tolerance(ev, k, tol)
    change = [
        f"about {explain.fmt_money(need, cur)} more savings (you have {explain.fmt_money(ev.savings, cur)})"
    ]
    if exp_max is not None:
        change.append(
            f"monthly expenses of at most {explain.fmt_money(exp_max, cur)} (now {explain.fmt_money(ev.expenses, cur)})"
        )
    change.append("a lower cash floor or a higher tolerance")
    return e.id, (
        f"No option keeps the chance of running short of cash within your tolerance of {explain.fmt_pct(tol)}. "
        f"The closest is {e.label}, with {explain.fmt_pct(e.metrics.p_shortfall)}. To bring it within "
        f"{explain.fmt_pct(tol)} you would need " + ", or ".join(change) + "."
    )  # fmt: skip


def honesty(ctx: Context, fin: Finals, entries: list[OptionAdvice]) -> tuple[list[str], Honesty]:
    """Say first, plainly, when nothing is safe enough or nothing covers expenses."""
    ev, cur, tol = fin.ev, ctx.currency, ctx.tolerance
    p = np.array([e.metrics.p_shortfall for e in entries])
    out: list[str] = []
    within = bool((p <= tol).any())
    covers = any(e.metrics.months_to_cover_expenses_p50 is not None for e in entries)
    closest: str | None = None
    if not within:
        closest, line = _nothing_safe(ctx, fin, entries, p)
        out.append(line)
    if not covers:
        e = entries[int(np.argmax([e.metrics.final_monthly_income_p50 for e in entries]))]
        closest = closest or e.id
        gap = ev.expenses - ev.other_income - e.metrics.final_monthly_income_p50
        out.append(
            f"No option's typical (median) path earns enough to cover your expenses of "
            f"{explain.fmt_money(ev.expenses, cur)}/month within {ctx.horizon} months. The closest is {e.label}, whose median income "
            f"in the final months is {explain.fmt_money(e.metrics.final_monthly_income_p50, cur)}/month — "
            f"{explain.fmt_money(gap, cur)}/month short. Expenses would have to fall by that much, or income rise by it."
        )  # fmt: skip
    return out, Honesty(
        any_within_tolerance=within, any_covers_expenses=covers, closest_option=closest
    )


def recommendation_line(ctx: Context, fin: Finals, r: Ranked) -> str:
    """The recommendation with its robustness, said per family (the split is a second-order choice)."""
    rec, p_opt = fin.options[fin.first], float(r.p_first[fin.first])
    rec_fam = r.family(rec)
    how = "the weighted sum" if ctx.method == "weighted_sum" else "TOPSIS"
    vary = (
        f"{SAMPLES:,} samples in which your priorities vary by ±{WEIGHT_JITTER_POINTS:g} point "
        "and outcomes vary across paths"
    )
    text = (
        f"Recommended: {rec.label} — ranked first by {how} of your priorities. "
        f"{rec_fam.label[0].upper()}{rec_fam.label[1:]} ranks first in {explain.fmt_pct(rec_fam.p_first)} of {vary}"
    )
    if len(rec_fam.options) > 1:
        text += (
            f"; the exact split matters less: this split is first in {explain.fmt_pct(p_opt)}, "
            f"the {len(rec_fam.options) - 1} other split(s) of this hybrid in "
            f"{explain.fmt_pct(max(0.0, rec_fam.p_first - p_opt))}"
        )
    others = [f for f in r.families if f.family != rec_fam.family and f.p_first > 0][:2]
    if others:
        text += "; otherwise " + ", ".join(
            f"{f.label} ({explain.fmt_pct(f.p_first)})" for f in others
        )
    return text + "."  # fmt: skip


def _reasons(fin: Finals, r: Ranked) -> list[str]:
    if len(fin.options) <= 1:
        return []
    labels = [o.label for o in fin.options]
    first, rec = fin.first, fin.options[fin.first]
    args = (labels, fin.ev.matrix, r.displays, r.contrib, r.priorities, r.units)
    out = explain.reasons(*args, first, fin.second)
    # Neighbouring mixes of one target differ little; also explain against the best option of
    # another kind or target, which is the choice the person is really making.
    other = next((i for i in fin.order if family_of(fin.options[i]) != family_of(rec)), None)
    if other is not None and other != fin.second:
        out += explain.reasons(*args, first, other)[:3]
    return out


def robustness_warning(r: Ranked, rec_fam: FamilyAcceptability) -> str | None:
    """A warning when the recommended kind of path ranks first in under half of the samples."""
    if rec_fam.p_first >= ROBUST_FAMILY_P_FIRST:
        return None
    rival = next((f for f in r.families if f.family != rec_fam.family), None)
    rival_text = (
        f"; {rival.label} does in {explain.fmt_pct(rival.p_first)}" if rival is not None else ""
    )
    return (
        f"The first place is not robust: {rec_fam.label} ranks first in only "
        f"{explain.fmt_pct(rec_fam.p_first)} of the samples{rival_text}; look at the next options too."
    )


def explain_advice(ctx: Context, fin: Finals, r: Ranked) -> Explained:
    """Stage 6: the explanation (honesty first), the robustness warning and the drill-down."""
    from .context import simulate_options
    from .honesty import _honesty

    def resim(prof: Any, opt: Any) -> tuple[float, float]:
        """p_shortfall and P90 depth of one option for a changed profile (the adapting model)."""
        res = simulate_options(ctx, [opt], paths=ctx.paths, keep=(), profile=prof)
        return float((res.shortfall_month[0] > 0).mean()), float(np.percentile(res.shortfall_depth[0], 90))

    honesty_warnings, hon = _honesty(fin.ev, r.entries, fin.options, ctx.profile, ctx.tolerance,
                                     ctx.horizon, resim=resim)  # fmt: skip
    rec = fin.options[fin.first]
    rec_fam = r.family(rec)
    explanation = [*honesty_warnings, recommendation_line(ctx, fin, r), *_reasons(fin, r)]
    warning = robustness_warning(r, rec_fam)
    if warning is not None:
        ctx.warnings.append(warning)
    dd = explain.drilldown(fin.sim, fin.first, float(ctx.profile.money.cash_floor), rec.label, rec.id,
                           rec.target is not None, rec.microtask_hours > 0)  # fmt: skip
    failure = FailureDrilldown(**dd)
    explanation += failure.text
    return Explained(explanation, honesty_warnings, hon, failure, rec_fam)
