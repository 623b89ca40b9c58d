"""``advise --journal``: the advice recomputed with the person's posterior parameters.

Why both runs: the person should see *how the answer moved and why* — the same profile, seed and
paths with the population parameters and with their own posteriors (common random numbers make
the difference the journal's, not luck's). Each such run is stored in the journal's advice history.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from crossroads.journal.recalibrate import recalibrate

if TYPE_CHECKING:
    from crossroads.journal.store import Journal
    from crossroads.profile import Profile
    from crossroads.run_config import RunConfig
    from crossroads.service import Crossroads


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f} %"


def _match_engine(
    params: dict[str, float],
    wage_after: float | None,
    posteriors: Any,
    profile: Profile,
    base: Any,
    cr: Crossroads,
) -> None:
    """Adjust the multipliers so the engine's own levels equal the posterior centres.

    With ``current_work`` in the profile the engine blends the level on the log scale, so the
    level is not proportional to the multiplier; a few fixed-point steps converge (rate = the
    blend's weight).
    """
    from crossroads.simulation.setup import microtask_levels

    pro_target = next(
        (p.posterior_mean for p in posteriors if p.name == "prolific_effective_rate"), None
    )
    for _ in range(12):
        general, prolific = microtask_levels(profile, base.replace(**params), cr.catalog)
        if wage_after is not None and "mt_wage_multiplier" in params and general > 0:
            params["mt_wage_multiplier"] = round(
                params["mt_wage_multiplier"] * wage_after / general, 9
            )
        if pro_target is not None and "prolific_hourly" in params and prolific > 0:
            params["prolific_hourly"] = round(params["prolific_hourly"] * pro_target / prolific, 9)


def cash_vs_plan(
    case: Any, option_id: str, rows: Any, start: Any, currency: str
) -> list[dict[str, Any]]:
    """Each cash check-in against the plan's simulated cash for that month (the option's paths).

    Month 1 is the month starting at ``start`` (the profile's ``as_of``, else the first journal
    entry); ``percentile`` is the share of simulated paths with less cash than the check-in.
    """
    import numpy as np

    from crossroads.journal.stats import _Money

    run = case.run
    got = run.get(option_id)
    if got is None:
        return []
    cash = np.asarray(run.sim.monthly("cash")[got[0]])  # (months, paths)
    conv = _Money(currency)
    out = []
    for r in rows:
        if r["kind"] != "cash":
            continue
        month = int((r["date"] - start).days // 30.4375) + 1
        if not 1 <= month <= cash.shape[0]:
            continue
        bal = conv(float(r.get("balance") or 0.0), r.get("currency"), r["date"])
        if bal is None:
            continue
        col = cash[month - 1]
        pct = float(np.mean(col < bal))
        p10, p50, p90 = (float(x) for x in np.percentile(col, [10, 50, 90]))
        if pct < 0.10:
            text = "you are in the worst 10 % of simulated paths for cash"
        elif pct > 0.90:
            text = "you are in the best 10 % of simulated paths for cash"
        else:
            text = f"within the plan's P10–P90 band (better than {pct:.0%} of simulated paths)"
        out.append(
            {
                "date": r["date"].isoformat(),
                "month": month,
                "balance": round(bal, 2),
                "p10": round(p10, 2),
                "p50": round(p50, 2),
                "p90": round(p90, 2),
                "percentile": round(pct, 4),
                "text": text,
            }
        )
    return out


def advise_with_journal(
    cr: Crossroads, profile: Profile, run: RunConfig, journal: Journal
) -> dict[str, Any]:
    """Advice before and after the journal's update, what moved, and the stored history row.

    Returns ``{"advice": <advice JSON with the posteriors>, "journal": {...}}``: ``journal`` has
    the posteriors, ``moved`` (plain-language lines), ``before`` and ``after`` headlines and the id
    of the stored run.
    """
    from crossroads.params import params_for
    from crossroads.simulation.setup import microtask_levels
    from crossroads.world.currency import fx_for_profile

    base_params = params_for(profile)
    general, prolific = microtask_levels(profile, base_params, cr.catalog)
    before_case = cr.case(profile, run)
    before = before_case.advice()
    planned = before.option(before.recommendation).learning_hours  # the plan the person is given
    rec = recalibrate(
        journal.rows(),
        base_params,
        prior_general_usd=general,
        prior_prolific_usd=prolific,
        usd_per_unit=fx_for_profile(profile, base_params).usd_per_unit,
        currency=profile.currency,
        planned_learning_hours=planned or None,
        today=profile.as_of,
    )
    _match_engine(rec.params, rec.wage_after, rec.posteriors, profile, base_params, cr)
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
        if p.name == "study_pace" and "learning_pace_share" in rec.params:
            moved.append(
                f"your study pace, {p.evidence}, is {p.posterior_mean:.1f} h/week against the "
                f"plan's {p.prior_mean:g}: training is taken to need "
                f"{1 / rec.params['learning_pace_share']:.2f}× as long"
            )
        if p.name == "offer_rate":
            moved.append(
                f"your applications, {p.evidence}, put your offer rate at {_pct(p.posterior_mean)} "
                f"against a prior {_pct(p.prior_mean)}: hire chance ×{rec.params['personal_hire_factor']:.2f}"
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
            "nothing logged that moves a parameter yet: the advice uses the population figures unchanged"
        )
    doc = after_case.advice_json()
    rows = journal.rows()
    days: list[dt.date] = [d for r in rows if isinstance(d := r["date"], dt.date)]
    start = profile.as_of or (min(days) if days else None)
    bands = cash_vs_plan(before_case, before.recommendation, rows, start, cur) if start else []
    for band in bands[-3:]:
        moved.append(
            f"cash {band['balance']:,.0f} {cur} on {band['date']} (month {band['month']} of the "
            f"plan, band {band['p10']:,.0f}–{band['p90']:,.0f}): {band['text']}"
        )
    result = {
        "posteriors": [p.to_json() for p in rec.posteriors],
        "params": rec.params,
        "moved": moved,
        "before": headline["before"],
        "after": headline["after"],
        "entries_used": rec.entries_used,
        "notes": rec.notes,
        "cash_vs_plan": bands,
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
