"""The report's journal section: what the person logged, beside what the model expects.

Why in the report: the journal's numbers mean most next to the projection they test — a weekly
effective wage against the microtask level the engine uses for this person, and each cash check-in
against the plan's simulated P10–P90 band for that month. Built only when a journal is given
(``crossroads report PROFILE --journal``); the charts use the report's shared look and offline
Vega bundle, and each has a text description with the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import altair as alt

if TYPE_CHECKING:
    from crossroads.journal.store import Journal
    from crossroads.service import Case

__all__ = ["JournalSection", "journal_charts", "journal_section"]


@dataclass(frozen=True)
class JournalSection:
    """The journal figures the report shows (all money in the profile's currency)."""

    currency: str
    weeks: Sequence[dict[str, Any]]  # {week, effective_hourly_wage, hours}
    model_wage: float | None  # the engine's microtask level for this person, per hour
    cash: Sequence[dict[str, Any]]  # advise.cash_vs_plan rows: date, month, balance, p10, p50, p90
    lines: Sequence[str] = field(default_factory=tuple)
    #: advise.income_vs_plan rows: month, earnings, p10, p50, p90 (complete months with work logged)
    earnings: Sequence[dict[str, Any]] = field(default_factory=tuple)


def journal_section(case: Case, journal: Journal) -> JournalSection:
    """Gather the section from a :class:`crossroads.service.Case` and a person's journal."""
    import datetime as dt

    from crossroads.journal.advise import cash_vs_plan, income_vs_plan, plan_followed
    from crossroads.journal.stats import compute_stats
    from crossroads.params import params_for
    from crossroads.simulation.setup import microtask_levels
    from crossroads.world.currency import fx_for_profile

    profile = case.profile
    cur = str(profile.currency)
    rows = journal.rows()
    stats = compute_stats(
        rows, person=journal.person, currency=cur, today=profile.as_of or dt.date.today()
    )
    params = params_for(profile)
    general, _ = microtask_levels(profile, params, case.service.catalog)
    model = general / fx_for_profile(profile, params).usd_per_unit if general > 0 else None
    days = [d for r in rows if isinstance(d := r["date"], dt.date)]
    start = profile.as_of or (min(days) if days else None)
    advice = case.advice()
    followed, _ = plan_followed(journal, advice)
    cash = cash_vs_plan(case, followed, rows, start, cur) if start else []
    earnings = income_vs_plan(case, followed, rows, start, cur) if start else []
    weeks = [
        {
            "week": w["week"],
            "effective_hourly_wage": w["effective_hourly_wage"],
            "hours": w["hours"],
        }
        for w in stats["by_week"]
        if w.get("effective_hourly_wage") is not None
    ]
    lines = []
    eff = stats.get("effective_hourly_wage")
    if eff is not None:
        lines.append(
            f"{stats['work']['hours']:g} h of logged work at {eff:,.2f} {cur}/h effective (unpaid "
            f"time counted; unpaid share {(stats.get('unpaid_share') or 0) * 100:.0f} %)"
            + (f"; the model's level for you: {model:,.2f} {cur}/h" if model else "")
        )
    lines += [
        f"microtask earnings {e['earnings']:,.0f} {cur} in month {e['month']}: {e['text']}"
        for e in earnings
    ]
    lines += [f"cash {c['balance']:,.0f} {cur} on {c['date']}: {c['text']}" for c in cash]
    return JournalSection(cur, weeks, model, cash, tuple(lines), tuple(earnings))


def journal_charts(sec: JournalSection) -> list[Any]:
    """The journal's charts (ChartSpec), skipping one without data."""
    out = []
    if sec.weeks:
        out.append(_wage_chart(sec))
    if sec.earnings:
        out.append(_earnings_chart(sec))
    if sec.cash:
        out.append(_cash_chart(sec))
    return out


def _wage_chart(sec: JournalSection) -> Any:
    from crossroads.report.charts import _finish

    cur = sec.currency
    bars = (
        alt.Chart(alt.Data(name="weeks"))
        .mark_bar(color="#0072B2")
        .encode(
            x=alt.X("week:O", title="week"),
            y=alt.Y("effective_hourly_wage:Q", title=f"{cur} per hour (unpaid time counted)"),
            tooltip=["week:O", "effective_hourly_wage:Q", "hours:Q"],
        )
    )
    layers = [bars]
    datasets: dict[str, list[dict[str, Any]]] = {"weeks": list(sec.weeks)}
    if sec.model_wage is not None:
        datasets["model"] = [{"model": round(sec.model_wage, 4)}]
        layers.append(
            alt.Chart(alt.Data(name="model"))
            .mark_rule(color="#D55E00", strokeDash=[6, 3], strokeWidth=2)
            .encode(y="model:Q")
        )
    last = sec.weeks[-1]
    desc = (
        f"Effective hourly wage by week over {len(sec.weeks)} weeks; the latest, {last['week']}, "
        f"{last['effective_hourly_wage']:,.2f} {cur}/h over {last['hours']:g} h"
        + (
            f". The dashed line is the model's microtask level for you, {sec.model_wage:,.2f} {cur}/h."
            if sec.model_wage is not None
            else "."
        )
    )
    return _finish(
        "journal_wage",
        alt.layer(*layers).properties(width=460, height=220),
        "Your effective hourly wage, week by week",
        "from your journal; dashed: what the model assumes for you",
        desc,
        datasets,
    )


def _band_layers(
    name: str, x: Any, y_title: str, value: str, colour: str, extra: tuple[str, ...] = ()
) -> Any:
    """A P10–P90 bar, a median tick and the person's own figure as a dot, per x (one dataset)."""
    band = (
        alt.Chart(alt.Data(name=name))
        .mark_rule(color="#999999", strokeWidth=6, opacity=0.6)
        .encode(
            x=x,
            y=alt.Y("p10:Q", title=y_title),
            y2="p90:Q",
            tooltip=[x.shorthand, *extra, "p10:Q", "p50:Q", "p90:Q", f"{value}:Q"],
        )
    )
    median = (
        alt.Chart(alt.Data(name=name)).mark_tick(color="#555555").encode(x=x.shorthand, y="p50:Q")
    )
    point = (
        alt.Chart(alt.Data(name=name))
        .mark_point(filled=True, size=80, color=colour)
        .encode(x=x.shorthand, y=f"{value}:Q")
    )
    return alt.layer(band, median, point).properties(width=460, height=220)


def _earnings_chart(sec: JournalSection) -> Any:
    from crossroads.report.charts import _finish

    cur = sec.currency
    rows = [dict(e) for e in sec.earnings]
    worst = min(rows, key=lambda e: e["percentile"])
    desc = (
        f"Logged microtask earnings in {len(rows)} complete months against the plan's simulated "
        f"microtask income for the month (grey: P10 to P90, tick: median). Lowest relative to the "
        f"plan: {worst['earnings']:,.0f} {cur} in month {worst['month']}, {worst['text']}."
    )
    x = alt.X("month:O", title="month of the plan")
    return _finish(
        "journal_earnings",
        _band_layers("earnings", x, f"{cur} per month", "earnings", "#0072B2"),
        "Your microtask earnings against the plan",
        "dots: what you logged in the month; bars: the plan's P10-P90 band",
        desc,
        {"earnings": rows},
    )


def _cash_chart(sec: JournalSection) -> Any:
    from crossroads.report.charts import _finish

    cur = sec.currency
    rows = [dict(c) for c in sec.cash]
    worst = min(rows, key=lambda c: c["percentile"])
    desc = (
        f"{len(rows)} cash check-ins against the plan's simulated cash for that month (grey: P10 to "
        f"P90, tick: median). Lowest relative to the plan: {worst['balance']:,.0f} {cur} on "
        f"{worst['date']} (month {worst['month']}), {worst['text']}."
    )
    x = alt.X("date:T", title="check-in")
    return _finish(
        "journal_cash",
        _band_layers("cash", x, cur, "balance", "#D55E00", ("month:Q",)),
        "Your cash against the plan",
        "dots: your check-ins; bars: the plan's P10-P90 band in that month",
        desc,
        {"cash": rows},
    )
