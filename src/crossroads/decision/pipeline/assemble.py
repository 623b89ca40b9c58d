"""The last step: the assumptions the recommendation depends on, the hybrid-search summary and the
:class:`~..advice.Advice` document itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..advice import (
    Advice,
    Assumption,
    CriterionInfo,
    HybridSearch,
    MinimumMicrotask,
    MixResult,
    TippingPoint,
    money_terms,
)
from ..criteria import MEASURES, MICROTASK_PROXY
from ..engine import COL
from ..smaa import WEIGHT_JITTER_POINTS
from .benefits_stage import with_benefit_cliffs
from .context import Context
from .explanation import Explained
from .finalists import Finals
from .options_stage import Candidates
from .ranking import Ranked
from .screening import Screened

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from crossroads.options import Option
    from crossroads.params import Param, Parameters

#: Mixes of the screening listed in ``hybrid_search.best_mixes``.
BEST_MIXES_SHOWN = 5

_RELEVANT = {
    "microtask": ("mt_wage_median", "mt_wage_real_factor", "mt_wage_multiplier", "mt_unpaid_search_share", "mt_drought_start_prob",
                  "mt_drought_supply", "mt_automation_drift_pct", "prolific_hours_per_week"),
    "career": ("remote_competition_factor", "completion_prob", "learning_hours_per_level_point",
               "parttime_hire_factor", "entrant_pct_low", "entrant_pct_high", "search_median_weeks",
               "job_loss_rate_monthly_pct", "training_fit_credit"),
}  # fmt: skip


def _names(rec: Option) -> list[str]:
    names: list[str] = []
    if rec.kind == "local_job":  # the ranked baseline: the local job's own assumptions
        return ["fallback_hire_factor", "parttime_hire_factor", "entrant_pct_low",
                "entrant_pct_high", "search_median_weeks", "job_loss_rate_monthly_pct",
                "remote_competition_factor"]  # fmt: skip
    if rec.microtask_hours > 0:
        names += _RELEVANT["microtask"]
    if rec.target is not None:
        names += _RELEVANT["career"]
    if rec.target is None:
        names += (
            "remote_competition_factor",
            "completion_prob",
        )  # what a switch to a career would hinge on
    return names


def assumptions(params: Parameters, registry: Mapping[str, Param], rec: Option) -> list[Assumption]:
    """The model assumptions the recommended option depends on, overridden and unsourced first."""
    seen: set[str] = set()
    rows: list[Assumption] = []
    for n in _names(rec):
        if n in seen or n not in registry:
            continue
        seen.add(n)
        p = registry[n]
        rows.append(Assumption(
            name=n, value=float(params[n]), low=p.low, high=p.high, unit=p.unit, source=p.source, doc=p.doc,
            overridden=n in params.overridden,
            why_it_matters=("microtask income of the recommended option" if n.startswith(("mt_", "prolific"))
                            else "time to finish training and be hired, and the wage"),
        ))  # fmt: skip
    rows.sort(key=lambda a: (not a.overridden, not a.source.startswith("assumption")))
    rows.append(Assumption(
        name="decision.smaa_weight_jitter", value=WEIGHT_JITTER_POINTS, low=0.0, high=2.0, unit="priority points",
        source="assumption (decision)", doc="Half-width of the uniform perturbation of each 0–5 priority in the acceptability analysis.",
    ))  # fmt: skip
    rows.append(Assumption(
        name="decision.microtask_proxy_occupation", value=0.0, unit=MICROTASK_PROXY,
        source="assumption (decision); article's examples of microtasks",
        doc="Data Entry Keyers (43-9021.00) stand in for microtask work where an O*NET attribute is needed (automation exposure, active learning, fit).",
    ))  # fmt: skip
    return rows


def hybrid_search(cand: Candidates, screened: Screened, minimum: list[MinimumMicrotask],
                  screen_paths: int) -> HybridSearch:  # fmt: skip
    """The grid search in numbers: mixes screened, the best few, and the goal-seek results."""
    options, m = cand.options, screened.ev.matrix
    mixes = [
        MixResult(id=options[i].id, target=options[i].target or "", microtask_hours=options[i].microtask_hours,
                  learning_hours=options[i].learning_hours,
                  stop_microtask_when_hired=options[i].stop_microtask_when_hired, score=float(screened.scores[i]),
                  p_shortfall=float(m[i, COL["p_shortfall"]]), net_income_p50=float(m[i, COL["net_income"]]))
        for i in screened.best_mixes[:BEST_MIXES_SHOWN]
    ]  # fmt: skip
    return HybridSearch(mixes_screened=len(cand.grid), screening_paths=screen_paths, best_mixes=mixes,
                        minimum_microtask=minimum)  # fmt: skip


def criteria_info(
    units: list[str], priorities: dict[str, float], weights: NDArray[np.float64]
) -> list[CriterionInfo]:
    """One entry per measure of the decision matrix: label, unit, direction, priority and weight."""
    return [
        CriterionInfo(key=m.key, criterion=m.criterion, label=m.label, unit=units[j],
                      better="higher" if m.benefit else "lower", source=m.source,
                      priority=float(priorities[m.criterion]), weight=float(weights[j]))
        for j, m in enumerate(MEASURES)
    ]  # fmt: skip


def world_notes(ctx: Context, fin: Finals, already: list[str]) -> list[str]:
    """Where the person lives (:mod:`crossroads.world`): exchange rate and date, country wage
    level, microtask pay by country, platforms whose eligibility is unknown, current work."""
    notes = list(getattr(fin.sim.setup, "country_notes", ()))
    if ctx.currency != "USD":
        notes.insert(0, f"Currency: {fin.sim.setup.fx_note}.")
    return [w for w in dict.fromkeys(notes) if w and w not in already]


def document(ctx: Context, cand: Candidates, screened: Screened, minimum: list[MinimumMicrotask],
             fin: Finals, ranked: Ranked, why: Explained, tips: list[TippingPoint],
             targets: list[str] | None, weights: NDArray[np.float64],
             extra: Mapping[str, object] | None = None) -> Advice:  # fmt: skip
    """The :class:`Advice` document of the stages' results (``extra``: the later additions —
    tipping summary, sensitivity, baseline, short answer — by field name)."""
    from crossroads.params import PARAMS

    rec = fin.options[fin.first]
    rc = ranked.reconciled
    warnings = list(ctx.warnings) + [f"Missing data: {n}." for n in sorted(set(ctx.notes))]
    warnings += world_notes(ctx, fin, warnings)
    entries, money = with_benefit_cliffs(ctx.profile, fin.sim, ranked.entries,
                                         money_terms(fin.sim.setup, ctx.currency), ctx.currency,
                                         only=rec.id if ctx.quick else None)  # fmt: skip
    return Advice(
        recommendation=rec.id, recommendation_label=rec.label, method=ctx.method,
        options=entries, families=ranked.families,
        recommendation_family=why.recommendation_family.family,
        kinds=ranked.kinds, recommendation_kind=rec.kind, family_tie=why.family_tie,
        explanation=why.explanation, tipping_points=tips, warnings=why.honesty_warnings + warnings,
        assumptions=assumptions(ctx.params, PARAMS, rec), seed=ctx.seed, paths=ctx.paths,
        horizon_months=ctx.horizon, targets=list(targets or []),
        criteria=criteria_info(ranked.units, ranked.priorities, weights),
        hybrid_search=hybrid_search(cand, screened, minimum, ctx.screen_paths),
        failure=why.failure, honesty=why.honesty, tolerance=ctx.tolerance, currency=ctx.currency,
        data_as_of=dict(ctx.catalog.as_of) | {"platform_status_checked_for": str(ctx.as_of)},
        profile_name=ctx.profile.name, money=money,
        equivalence_band={m.key: float(fin.band[j]) for j, m in enumerate(MEASURES)},
        tie=why.tie,
        overruled=fin.options[rc.overruled].id if rc is not None and rc.overruled is not None else None,
        **dict(extra or {}),
    )  # fmt: skip
