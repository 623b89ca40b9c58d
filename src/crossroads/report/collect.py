"""Adapter: turn the core objects (Advice, its SimResult, Match, Plan, Catalog) into ReportData.

Why the only place that knows the core's shapes: the charts and the template take plain inputs
(:mod:`.inputs`). Every number is *copied* from the core objects — bands and shortfall curves from
``simulation.metrics.summarise`` (the same function ``advise`` summarises with), the P10/P50/P90
markers from ``advice.options[*].metrics``, wages and gaps from ``match_occupation``, hours from
``make_plan`` — so the report shows the numbers ``advise --json``, ``match`` and ``plan`` show.
The only thing computed here is the histogram of cumulative net income per path, a view of the
simulated paths that ``advise`` summarises as P10/P50/P90.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .charts import MAX_OPTIONS_SIDE_BY_SIDE
from .inputs import (
    CriterionCell,
    Histogram,
    LadderStep,
    Milestone,
    OptionBands,
    PlanMonth,
    RankShare,
    ReportData,
    ShortfallCurve,
    SkillGap,
    Source,
)

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.decision.advice import Advice, AdviceRun
    from crossroads.profile import Profile
    from crossroads.simulation.engine import SimResult

HIST_BINS = 30
#: Options drawn in the criteria heat map and the shortfall chart (the table lists all).
MAX_OPTIONS_COMPARED = 5
MAX_SKILLS = 12
QUANTILES = ("p10", "p25", "p50", "p75", "p90")


def _band(bands: Any, key: str) -> list[float]:
    """One percentile row of the engine's monthly bands (dict of arrays, structured or (months, 5))."""
    if isinstance(bands, list) and bands and isinstance(bands[0], dict):  # months x {p10..p90}
        return [float(row[key]) for row in bands]
    if isinstance(bands, dict):
        return [float(x) for x in np.asarray(bands[key]).ravel()]
    if hasattr(bands, key):
        return [float(x) for x in np.asarray(getattr(bands, key)).ravel()]
    arr = np.asarray(bands)
    if arr.dtype.names:
        return [float(x) for x in arr[key]]
    return [float(x) for x in arr[:, QUANTILES.index(key)]]


def _option_bands(option_id: str, label: str, bands: Any) -> OptionBands:
    q = {k: _band(bands, k) for k in QUANTILES}
    return OptionBands(option_id, label, q["p10"], q["p25"], q["p50"], q["p75"], q["p90"])


def net_income_per_path(sim: SimResult, k: int) -> np.ndarray:
    """Cumulative earned income minus learning costs over the horizon, per path (the quantity
    behind ``net_income_p10/p50/p90``)."""
    income = np.asarray(sim.income)[k].sum(axis=1, dtype=np.float64)
    cost = getattr(sim, "learning_cost", None)
    if cost is not None:
        income = income - np.asarray(cost)[k].sum(axis=1, dtype=np.float64)
    result: np.ndarray = income
    return result


def _histogram(option_id: str, label: str, values: np.ndarray, metrics: Any) -> Histogram:
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi <= lo:
        hi = lo + 1.0
    counts, edges = np.histogram(values, bins=HIST_BINS, range=(lo, hi))
    return Histogram(
        option_id,
        label,
        [float(e) for e in edges],
        [int(c) for c in counts],
        p10=float(metrics.net_income_p10),
        p50=float(metrics.net_income_p50),
        p90=float(metrics.net_income_p90),
    )


def side_by_side_ids(ranked: Sequence[Any]) -> set[str]:
    """The options the fan charts and histograms put side by side: the best of each *family*.

    Neighbouring hybrid splits of one target differ by Monte Carlo noise more than by substance,
    so three panels of near-identical splits tell the person nothing; the real choice is between
    kinds of path (microtasks only, the career, a hybrid towards it). Ranked order is kept; when
    there are fewer families than panels, the next-best options fill the rest.
    """
    chosen: list[str] = []
    seen: set[str] = set()
    for o in ranked:
        fam = getattr(o, "family", "") or o.id
        if fam not in seen:
            seen.add(fam)
            chosen.append(o.id)
    for o in ranked:
        if len(chosen) >= MAX_OPTIONS_SIDE_BY_SIDE:
            break
        if o.id not in chosen:
            chosen.append(o.id)
    return set(chosen[:MAX_OPTIONS_SIDE_BY_SIDE])


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def short_labels(options: Sequence[Any]) -> dict[str, str]:
    """Chart labels that fit a facet header or a legend: ``#rank kind hours: target``.

    Why: the advice's labels ("Hybrid: 16.5 h microtasks + 13.5 h learning for Paralegals and Legal
    Assistants (stop microtasks when hired)") are right for text but overflow every chart. The rank
    prefix ties each chart label to the ranked table, which has the full label.
    """
    out: dict[str, str] = {}
    seen: set[str] = set()
    for o in sorted(options, key=lambda o: o.rank):
        title = _clip(str(getattr(o, "target_title", None) or getattr(o, "target", None) or ""), 30)
        mt = float(getattr(o, "microtask_hours", 0.0) or 0.0)
        ln = float(getattr(o, "learning_hours", 0.0) or 0.0)
        if o.kind == "microtask":
            body = f"Microtasks {mt:g} h/wk"
        elif o.kind == "local_job":
            body = "Local entry-level job"
        elif o.kind == "career":
            body = f"Career: {title}"
        elif o.kind == "freelance":
            body = f"Freelance: {title}"
        elif ":freelance:" in str(o.id):  # microtasks + freelancing (issue 9)
            body = f"Hybrid {mt:g}+{ln:g} h/wk: freelance {title}"
        else:
            body = f"Hybrid {mt:g}+{ln:g} h/wk: {title}"
        label = f"#{o.rank} {body}"
        if label in seen:  # e.g. the same mix with another switching rule
            label = f"{label} ({o.id})"
        seen.add(label)
        out[o.id] = label
    return out


def _criteria_cells(advice: Advice, labels: dict[str, str], limit: int) -> list[CriterionCell]:
    info = {c.key: c for c in getattr(advice, "criteria", [])}
    cells: list[CriterionCell] = []
    for o in sorted(advice.options, key=lambda o: o.rank)[:limit]:
        for key, cv in o.criteria.items():
            ci = info.get(key)
            cells.append(
                CriterionCell(
                    option_id=o.id,
                    label=labels[o.id],
                    criterion=(ci.label if ci is not None else cv.label),
                    value=cv.value,
                    unit=cv.unit,
                    score=cv.normalised,
                    weight=float(ci.weight) if ci is not None else 0.0,
                )
            )
    return cells


def _career_target(advice: Advice) -> tuple[str | None, str | None]:
    """The top-ranked option that has a career target (career or hybrid)."""
    for o in sorted(advice.options, key=lambda o: o.rank):
        if getattr(o, "target", None):
            return o.target, getattr(o, "target_title", None)
    return None, None


def _skills_and_ladder(
    profile: Profile, code: str, catalog: Catalog
) -> tuple[str, list[SkillGap], list[LadderStep], dict[str, Any]]:
    from crossroads.matching import match_occupation

    m = match_occupation(profile, code, catalog=catalog)
    gaps = sorted(m.gaps, key=lambda g: (-(g.required - g.current) * g.importance, g.skill))[
        :MAX_SKILLS
    ]
    skill_gaps = [
        SkillGap(g.title, float(g.current), float(g.required), float(g.importance)) for g in gaps
    ]
    w = m.wage_hourly or {}
    ladder = [LadderStep(m.code, m.title, "your target", w.get("p10"), w.get("p50"), w.get("p90"))]
    ladder += [
        LadderStep(s.code, s.title, s.tier, s.wage_p10, s.wage_p50, s.wage_p90) for s in m.ladder
    ]
    return m.title, skill_gaps, ladder, m.model_dump(mode="json")


def _plan(
    profile: Profile, advice: Advice, run: AdviceRun, catalog: Catalog, plan: Any = None
) -> tuple[Any, list[PlanMonth], list[Milestone]]:
    if plan is None:
        from crossroads.plan import make_plan

        plan = make_plan(profile, advice, catalog=catalog, run=run)
    months = [
        PlanMonth(
            pm.month, float(pm.microtask), float(pm.learning), float(pm.search), float(pm.job)
        )
        for pm in plan.months
    ]
    milestones = [
        Milestone(int(ms.month), ms.label, ms.kind)
        for ms in plan.milestones
        if ms.month is not None
    ]
    return plan, months, milestones


def _sources(catalog: Catalog) -> list[Source]:
    out = []
    for s in getattr(catalog, "sources", []) or []:
        out.append(
            Source(
                str(getattr(s, "id", "")),
                str(getattr(s, "title", "")),
                str(getattr(s, "as_of", "") or ""),
                str(getattr(s, "version", "") or ""),
            )
        )
    return out


def collect(
    profile: Profile,
    advice: Advice,
    run: AdviceRun,
    *,
    catalog: Catalog | None = None,
    plan: Any = None,
) -> ReportData:
    """Gather everything the report shows from ``advice`` (and match / plan for its target).

    ``plan`` is the recommended option's plan when the caller already has it (a ``Case``
    computes it once for ``plan`` and ``report``); otherwise it is made here.
    """
    from crossroads.simulation.metrics import summarise

    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    sim = run.sim
    ranked = sorted(advice.options, key=lambda o: o.rank)
    top_ids = side_by_side_ids(ranked)
    labels = short_labels(ranked)

    cash: list[OptionBands] = []
    income: list[OptionBands] = []
    hists: list[Histogram] = []
    shortfall: list[ShortfallCurve] = []
    for o in ranked[:MAX_OPTIONS_COMPARED]:
        k = run.index(o.id)
        om = summarise(sim, k)
        lab = labels[o.id]
        shortfall.append(
            ShortfallCurve(o.id, lab, [float(x) for x in np.asarray(om.p_shortfall_by_month)])
        )
        if o.id in top_ids:
            cash.append(_option_bands(o.id, lab, om.cash_bands))
            income.append(_option_bands(o.id, lab, om.income_bands))
            hists.append(_histogram(o.id, lab, net_income_per_path(sim, k), o.metrics))

    docs: dict[str, Any] = {
        "advice": advice.model_dump(mode="json"),
        "profile": profile.model_dump(mode="json"),
    }
    code, title = _career_target(advice)
    skill_gaps: list[SkillGap] = []
    ladder: list[LadderStep] = []
    if code:
        title, skill_gaps, ladder, docs["match"] = _skills_and_ladder(profile, code, catalog)
    plan, plan_months, milestones = _plan(profile, advice, run, catalog, plan)
    from crossroads.run_config import RunConfig

    run_args = " ".join(
        RunConfig(
            paths=int(advice.paths),
            seed=int(advice.seed),
            horizon=int(advice.horizon_months),
            method=str(advice.method),
            targets=list(advice.targets),
        ).cli_args()
    )
    docs["plan"] = plan.to_dict()

    return ReportData(
        name=profile.name,
        currency=profile.currency,
        horizon_months=int(advice.horizon_months),
        seed=int(advice.seed),
        paths=int(advice.paths),
        cash_floor=float(profile.money.cash_floor),
        money_lines=tuple(money_lines(advice)),
        monthly_expenses=float(profile.money.monthly_expenses),
        max_shortfall_probability=float(profile.risk.max_shortfall_probability),
        recommendation=advice.recommendation,
        options=[
            RankShare(o.id, labels[o.id], int(o.rank), float(o.score), float(o.p_first))
            for o in ranked
        ],
        cash=cash,
        income=income,
        net_income=hists,
        shortfall=shortfall,
        criteria=_criteria_cells(advice, labels, MAX_OPTIONS_COMPARED),
        target_title=title,
        target_code=code,
        skill_gaps=skill_gaps,
        ladder=ladder,
        plan_option=plan.option_label,
        plan_months=plan_months,
        milestones=milestones,
        plan_notes=tuple(
            ms.detail for ms in plan.milestones if ms.kind in ("promotion", "fallback")
        ),
        run_args=run_args,
        sources=_sources(catalog),
        as_of=dict(getattr(advice, "data_as_of", {}) or {}),
        docs=docs,
    )


def money_lines(advice: Advice) -> list[str]:
    """The advice's money terms and the recommendation's cash outcomes, in sentences (issue 10)."""
    from crossroads.decision.explain import fmt_money, fmt_pct

    money = getattr(advice, "money", None)
    if money is None:
        return []
    cur = advice.currency
    m = advice.option(advice.recommendation).metrics
    out = [money.fallback]
    if money.fallback_rule != "off" and m.p_fallback > 0:
        when = (
            f", typically in month {m.fallback_month_p50:g}"
            if m.fallback_month_p50 is not None
            else ""
        )
        out.append(
            f"For the recommendation the fallback begins in {fmt_pct(m.p_fallback)} of the simulated futures{when}."
        )
    out.append(
        f"Cash never goes below your credit limit ({fmt_money(money.hard_limit, cur)}); debt costs "
        f"{money.debt_apr:.0%} a year (interest paid: median {fmt_money(m.interest_p50, cur)}). Below your floor "
        f"({fmt_money(money.cash_floor, cur)}) in {fmt_pct(m.p_shortfall)} of futures: largest deficit median "
        f"{fmt_money(m.shortfall_depth_p50, cur)}, 90th percentile {fmt_money(m.shortfall_depth_p90, cur)}; months "
        f"below median {m.months_below_floor_p50:g}, 90th percentile {m.months_below_floor_p90:g}; bills unpaid "
        f"at the limit in {fmt_pct(m.p_limit)}."
    )
    for it in money.other_income:
        out.append(
            f"Other income: {it.label}, {fmt_money(it.amount, cur)}/month in months {it.first_month}–{it.last_month}."
        )
    if money.tax:
        out.append(money.tax)
    cliff = advice.option(advice.recommendation).benefit_cliff
    if cliff is not None:  # only when the recommendation crosses a US benefit cliff
        out.append(cliff.text)
        out.append(money.benefits)
    return out
