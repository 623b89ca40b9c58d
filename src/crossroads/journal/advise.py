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
    from collections.abc import Sequence

    import numpy as np

    from crossroads.decision.advice import Advice
    from crossroads.journal.recalibrate import Posterior, Recalibration
    from crossroads.journal.stats import Row
    from crossroads.journal.store import Journal
    from crossroads.params import Parameters
    from crossroads.profile import Profile
    from crossroads.run_config import RunConfig
    from crossroads.service import Case, Crossroads


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f} %"


def _match_engine(
    params: dict[str, float],
    wage_after: float | None,
    posteriors: Sequence[Posterior],
    profile: Profile,
    base: Parameters,
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


MONTH_DAYS = 30.4375  # an average calendar month: plan month m starts (m-1) × this after the start


def _plan_month(day: dt.date, start: dt.date) -> int:
    """The 1-based plan month a date falls in (month 1 starts on ``start``)."""
    return int((day - start).days // MONTH_DAYS) + 1


def _versus(col: np.ndarray, value: float, what: str) -> dict[str, Any]:
    """One real figure against a month's simulated values: percentile, P10/P50/P90 and a sentence.

    ``percentile`` is the share of simulated paths below the figure, so 0.05 reads "worse than
    95 % of the paths" whatever the figure is (cash, earnings).
    """
    import numpy as np

    pct = float(np.mean(col < value))
    p10, p50, p90 = (float(x) for x in np.percentile(col, [10, 50, 90]))
    if pct < 0.10:
        text = f"you are in the worst 10 % of simulated paths for {what}"
    elif pct > 0.90:
        text = f"you are in the best 10 % of simulated paths for {what}"
    else:
        text = f"within the plan's P10–P90 band (better than {pct:.0%} of simulated paths)"
    return {
        "p10": round(p10, 2),
        "p50": round(p50, 2),
        "p90": round(p90, 2),
        "percentile": round(pct, 4),
        "text": text,
    }


def cash_vs_plan(
    case: Case, option_id: str, rows: Sequence[Row], start: dt.date, currency: str
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
        month = _plan_month(r["date"], start)
        if not 1 <= month <= cash.shape[0]:
            continue
        bal = conv(float(r.get("balance") or 0.0), r.get("currency"), r["date"])
        if bal is None:
            continue
        row = {"date": r["date"].isoformat(), "month": month, "balance": round(bal, 2)}
        out.append(row | _versus(cash[month - 1], bal, "cash"))
    return out


def income_vs_plan(
    case: Case,
    option_id: str,
    rows: Sequence[Row],
    start: dt.date,
    currency: str,
    *,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Each complete plan month's logged work earnings against the plan's simulated earnings.

    What is compared: the month's logged earnings and bonuses of work sessions that were not
    rejected (pending money counts — it was earned), in the profile's currency, against the
    option's simulated microtask income for that month (gross, like the journal's figures). Only
    months that have ended by ``today`` and have at least one work session are compared: a month
    in progress, or one the person did not log, would read as a bad month it was not. An option
    without microtasks (a pure career) has nothing to compare: ``[]``.
    """
    import numpy as np

    from crossroads.journal.stats import _Money

    run = case.run
    got = run.get(option_id)
    if got is None or "microtask_income" not in run.sim.kept:
        return []
    sim = np.asarray(run.sim.monthly("microtask_income")[got[0]])  # (months, paths)
    if not sim.any():
        return []
    today = today or dt.date.today()
    conv = _Money(currency)
    earned: dict[int, float] = {}
    for r in rows:
        if r["kind"] != "work" or str(r.get("status") or "pending") == "rejected":
            continue
        month = _plan_month(r["date"], start)
        end = start + dt.timedelta(days=month * MONTH_DAYS)
        if not 1 <= month <= sim.shape[0] or end > today:
            continue
        raw = float(r.get("earnings") or 0.0) + float(r.get("bonus") or 0.0)
        m = conv(raw, r.get("currency"), r["date"])
        if m is not None:
            earned[month] = earned.get(month, 0.0) + m
    return [
        {"month": month, "earnings": round(value, 2)}
        | _versus(sim[month - 1], value, "microtask earnings")
        for month, value in sorted(earned.items())
    ]


def plan_followed(journal: Journal, advice: Advice) -> tuple[str, str]:
    """The option whose plan the person has been following, and where that was read from.

    The plan a person follows is the one they were last *given*: the recommendation of the
    latest stored ``advise --journal`` run, when that option is still among this advice's
    options; otherwise (a first run, or targets that changed) this advice's recommendation.
    """
    history = journal.history()
    if history:
        last = history[-1]
        rec = str(last.get("recommendation") or "")
        if rec in {o.id for o in advice.options}:
            return (
                rec,
                f"the advice of {str(last.get('created_at', ''))[:10]} (stored run {last['id']})",
            )
    return str(advice.recommendation), "this advice's recommendation (no earlier advice stored)"


def _posterior_lines(rec: Recalibration) -> list[str]:
    """What each posterior that reached the run changed, in plain words."""
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
    return moved


def _headlines(
    before: Advice, after: Advice, rec: Recalibration, currency: str
) -> tuple[dict[str, Any], list[str]]:
    """The before/after headline of each advice, and the lines saying how the answer moved."""
    headline: dict[str, Any] = {}
    for label, adv in (("before", before), ("after", after)):
        rec_opt = adv.option(adv.recommendation)
        headline[label] = {
            "recommendation": adv.recommendation,
            "label": rec_opt.label,
            "p_shortfall": rec_opt.metrics.p_shortfall,
            "net_income_p50": rec_opt.metrics.net_income_p50,
        }
    moved: list[str] = []
    ids_after = {o.id for o in after.options}
    for oid in dict.fromkeys([before.recommendation, "microtask"]):
        if oid in ids_after and oid in {o.id for o in before.options}:
            b, a = before.option(oid), after.option(oid)
            moved.append(
                f"{b.short_label or b.label}: shortfall probability {_pct(b.metrics.p_shortfall)} → "
                f"{_pct(a.metrics.p_shortfall)}, median net income {b.metrics.net_income_p50:,.0f} → "
                f"{a.metrics.net_income_p50:,.0f} {currency}"
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
    return headline, moved


def _against_plan(
    case: Case, option_id: str, rows: Sequence[Row], start: dt.date | None, currency: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Cash check-ins and monthly earnings against the plan followed, and their latest lines."""
    bands = cash_vs_plan(case, option_id, rows, start, currency) if start else []
    earnings = income_vs_plan(case, option_id, rows, start, currency) if start else []
    lines = [
        f"cash {b['balance']:,.0f} {currency} on {b['date']} (month {b['month']} of the "
        f"plan, band {b['p10']:,.0f}–{b['p90']:,.0f}): {b['text']}"
        for b in bands[-3:]
    ]
    lines += [
        f"microtask earnings {e['earnings']:,.0f} {currency} in month {e['month']} of the plan "
        f"(band {e['p10']:,.0f}–{e['p90']:,.0f}): {e['text']}"
        for e in earnings[-3:]
    ]
    return bands, earnings, lines


def advise_with_journal(
    cr: Crossroads, profile: Profile, run: RunConfig, journal: Journal
) -> dict[str, Any]:
    """Advice before and after the journal's update, what moved, and the stored history row.

    Returns ``{"advice": <advice JSON with the posteriors>, "journal": {...}}``: ``journal`` has
    the posteriors, ``moved`` (plain-language lines), ``before`` and ``after`` headlines, the
    comparisons with the plan followed and the id of the stored run.
    """
    from crossroads.params import params_for
    from crossroads.simulation.setup import microtask_levels
    from crossroads.world.currency import fx_for_profile

    base_params = params_for(profile)
    general, prolific = microtask_levels(profile, base_params, cr.catalog)
    before_case = cr.case(profile, run)
    before = before_case.advice()
    followed, followed_from = plan_followed(journal, before)
    planned = before.option(followed).learning_hours  # the plan the person has been following
    rows = journal.rows()
    rec = recalibrate(
        rows,
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
    headline, outcome = _headlines(before, after, rec, cur)
    days: list[dt.date] = [d for r in rows if isinstance(d := r["date"], dt.date)]
    start = profile.as_of or (min(days) if days else None)
    bands, earnings, plan_lines = _against_plan(before_case, followed, rows, start, cur)
    moved = _posterior_lines(rec) + outcome + plan_lines
    result = {
        "posteriors": [p.to_json() for p in rec.posteriors],
        "params": rec.params,
        "moved": moved,
        "before": headline["before"],
        "after": headline["after"],
        "entries_used": rec.entries_used,
        "notes": rec.notes,
        "cash_vs_plan": bands,
        "income_vs_plan": earnings,
        "plan_followed": {"option_id": followed, "from": followed_from},
    }
    result["history_id"] = journal.record_advice(
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
    return {"advice": after_case.advice_json(), "journal": result}
