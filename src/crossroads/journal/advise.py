"""``advise --journal``: the advice recomputed with the person's posterior parameters.

Why both runs: the person should see *how the answer moved and why* — the same profile, seed and
paths with the population parameters and with their own posteriors (common random numbers make
the difference the journal's, not luck's). Each such run is stored in the journal's advice history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crossroads.journal.recalibrate import recalibrate

if TYPE_CHECKING:
    from crossroads.journal.store import Journal
    from crossroads.profile import Profile
    from crossroads.run_config import RunConfig
    from crossroads.service import Crossroads


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f} %"


def advise_with_journal(
    cr: Crossroads, profile: Profile, run: RunConfig, journal: Journal
) -> dict[str, Any]:
    """Advice before and after the journal's update, what moved, and the stored history row.

    Returns ``{"advice": <advice JSON with the posteriors>, "journal": {...}}``: ``journal`` has
    the posteriors, ``moved`` (plain-language lines), ``before`` and ``after`` headlines and the id
    of the stored run.
    """
    from crossroads.params import params_for

    base_params = params_for(profile)
    fx = float(base_params["fx_to_usd"])
    rec = recalibrate(journal.rows(), base_params, fx_to_usd=fx, currency=profile.currency)
    before_case = cr.case(profile, run)
    before = before_case.advice()
    after_case = cr.case(profile, run, params=rec.apply(base_params)) if rec.params else before_case
    after = after_case.advice()
    cur = profile.currency
    moved: list[str] = []
    if rec.wage_after is not None and rec.wage_before is not None:
        moved.append(
            f"your logged wage, {rec.logged_wage:.2f} USD/h over {rec.wage_hours:.1f} h (unpaid time counted), "
            f"moved the microtask wage from {rec.wage_before:.2f} to {rec.wage_after:.2f} USD/h"
        )
    for p in rec.posteriors:
        if p.name == "prolific_effective_rate":
            moved.append(
                f"your Prolific rate, {p.evidence}, moved its effective rate from "
                f"{p.prior_mean:.2f} to {p.posterior_mean:.2f} USD/h"
            )
        if p.name == "unpaid_share":
            moved.append(
                f"your unpaid share of time, {p.evidence}, moved it from {_pct(p.prior_mean)} "
                f"to {_pct(p.posterior_mean)}"
            )
    headline: dict[str, Any] = {}
    for label, adv in (("before", before), ("after", after)):
        rec_opt = adv.option(adv.recommendation)
        headline[label] = {
            "recommendation": adv.recommendation,
            "label": rec_opt.label,
            "p_shortfall": rec_opt.metrics.p_shortfall,
            "net_income_p50": rec_opt.metrics.net_income_p50,
        }
    ids_after = {o.id for o in after.options}
    for oid in dict.fromkeys([before.recommendation, "microtask"]):
        if oid in ids_after and oid in {o.id for o in before.options}:
            b, a = before.option(oid), after.option(oid)
            moved.append(
                f"{b.short_label or b.label}: shortfall probability {_pct(b.metrics.p_shortfall)} → "
                f"{_pct(a.metrics.p_shortfall)}, median net income {b.metrics.net_income_p50:,.0f} → "
                f"{a.metrics.net_income_p50:,.0f} {cur}"
            )
    if before.recommendation != after.recommendation:
        moved.append(
            f"the recommendation changed from {headline['before']['label']} to {headline['after']['label']}"
        )
    elif rec.params:
        moved.append("the recommendation stays the same")
    if not rec.params:
        moved.append(
            "no work sessions logged yet: the advice uses the population figures unchanged"
        )
    doc = after_case.advice_json()
    result = {
        "posteriors": [p.to_json() for p in rec.posteriors],
        "params": rec.params,
        "moved": moved,
        "before": headline["before"],
        "after": headline["after"],
        "entries_used": rec.entries_used,
        "notes": rec.notes,
    }
    run_id = journal.record_advice(
        seed=run.seed,
        paths=run.effective_paths,
        entries_used=rec.entries_used,
        recommendation=after.recommendation,
        inputs={
            "profile": profile.model_dump(mode="json"),
            "run": run.model_dump(mode="json"),
            "params": rec.params,
        },
        results={
            "recommendation_label": headline["after"]["label"],
            "p_shortfall": headline["after"]["p_shortfall"],
            "net_income_p50": headline["after"]["net_income_p50"],
            "before": headline["before"],
            "microtask_wage_before": rec.wage_before,
            "microtask_wage_after": rec.wage_after,
            "moved": moved,
            "posteriors": result["posteriors"],
        },
    )
    result["history_id"] = run_id
    return {"advice": doc, "journal": result}
