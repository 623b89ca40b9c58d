"""Turn an option into a month-by-month plan: hours, skills in order, milestones, cash, checkpoints.

Why: a ranking says *which* path; a person also needs *what to do in month 1, 2, 3…*, when to
expect the first payout or the hire, and *when to stop and re-think*. The plan is read off the
engine's own simulation of the option (``advice.sim``), never recomputed differently:

* the weekly hours each month follow the option's policy (microtask hours, learning hours, then
  job search with the same hours) along the median path's timeline (median month the training is
  finished, median hire month), and always add up to the person's hours per week (``free`` holds
  what the option leaves unused);
* the cash band P10/P50/P90 each month is the engine's ``cash_bands`` for the option, unchanged
  (never below the hard credit limit; the month the fallback begins is a milestone);
* milestones take their month and uncertainty from the per-path arrays (first payout, training
  finished, first application, hire window P25–P75 with P10/P90 and the chance of a hire);
* checkpoints name a month, a measurable result and the option to switch to when the result is
  worse than the plan expects.

Exports: :meth:`Plan.to_markdown`, :meth:`Plan.to_dict` (JSON) and :meth:`Plan.to_ics`
(iCalendar via the ``icalendar`` library) dated from the profile's ``as_of`` (or today).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from crossroads.errors import InputError
from crossroads.params import PARAMS, WEEKS_PER_MONTH, params_for
from crossroads.world.fmt import money, number

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.decision.advice import Advice, AdviceRun
    from crossroads.profile import Profile
    from crossroads.simulation.engine import SimResult

#: The plan's named assumptions: their definitions live in :data:`crossroads.params.PARAMS` (one
#: registry; a profile's ``assumptions:`` overrides them like any model number).
PLAN_PARAM_NAMES = ("checkpoint_behind_share",)
PLAN_ASSUMPTIONS: dict[str, dict[str, Any]] = {
    n: {
        "default": PARAMS[n].default,
        "low": PARAMS[n].low,
        "high": PARAMS[n].high,
        "unit": PARAMS[n].unit,
        "source": PARAMS[n].source,
        "doc": PARAMS[n].doc,
    }
    for n in PLAN_PARAM_NAMES
}


class PlanMonth(BaseModel):
    """Hours per week planned in one month, and the engine's cash band at the month's end."""

    model_config = ConfigDict(frozen=True)
    month: int
    start: dt.date
    phase: str
    microtask: float
    learning: float
    search: float
    job: float
    free: float
    total: float
    cash_p10: float
    cash_p50: float
    cash_p90: float


class SkillStep(BaseModel):
    """A skill to work on, in plan order (largest payoff first), with the months it occupies."""

    model_config = ConfigDict(frozen=True)
    order: int
    skill: str
    title: str
    current: float
    required: float
    known: bool
    hours: float
    fit_gain: float
    start_month: int | None
    end_month: int | None


class Milestone(BaseModel):
    """A dated event with its uncertainty from the simulated paths."""

    model_config = ConfigDict(frozen=True)
    kind: str
    label: str
    month: int | None
    month_low: int | None
    month_high: int | None
    probability: float | None
    date: dt.date | None
    detail: str


class Checkpoint(BaseModel):
    """When to re-run the advice, what to measure, and what result should change the plan."""

    model_config = ConfigDict(frozen=True)
    month: int
    date: dt.date
    measure: str
    threshold: float | None
    unit: str
    action: str
    switch_to: str | None
    text: str


class Plan(BaseModel):
    """The month-by-month plan of one option."""

    model_config = ConfigDict(frozen=True)
    profile_name: str
    option_id: str
    option_label: str
    kind: str
    target: str | None
    target_title: str | None
    recommended: bool
    hours_per_week: float
    currency: str
    start: dt.date
    horizon_months: int
    paths: int
    seed: int
    months: list[PlanMonth]
    skills: list[SkillStep]
    credentials: list[dict[str, Any]]
    milestones: list[Milestone]
    checkpoints: list[Checkpoint]
    cash_band: dict[str, list[float]]
    assumptions: dict[str, float]
    notes: list[str]

    # -- exports ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (``plan --format json``); dates as ISO strings."""
        return self.model_dump(mode="json")

    def to_markdown(self) -> str:
        """The plan as Markdown: summary, months table, skills, milestones, checkpoints."""
        c = self.currency
        lines = [f"# Plan: {self.option_label}", ""]
        lines.append(
            f"For **{self.profile_name}**, starting {self.start.isoformat()}, {self.hours_per_week:g} h/week, "
            f"{self.horizon_months} months ({'recommended option' if self.recommended else 'chosen option'} "
            f"`{self.option_id}`; {self.paths:,} simulated paths, seed {self.seed})."
        )
        lines.append("")
        if self.notes:
            lines += [f"> {n}" for n in self.notes] + [""]
        lines += ["## Milestones", ""]
        for m in self.milestones:
            date = f", {m.date.isoformat()}" if m.date else ""
            when = "not within the horizon" if m.month is None else f"month {m.month}{date}"
            if (
                m.month is not None
                and m.month_low is not None
                and m.month_high is not None
                and m.month_low != m.month_high
            ):
                if m.month_low <= m.month <= m.month_high:
                    when = f"month {m.month} (likely {m.month_low}–{m.month_high}){date}"
                else:
                    # the median counts paths where it never happens; the window is among those
                    # where it does, so a late median would sit outside its own window
                    when += (
                        f", counting the paths where it does not happen "
                        f"(when it does, likely months {m.month_low}–{m.month_high})"
                    )
            lines.append(f"- **{m.label}**: {when}. {m.detail}")
        lines += ["", "## Checkpoints (re-run `crossroads advise` with your real numbers)", ""]
        for k in self.checkpoints:
            lines.append(f"- **Month {k.month}** ({k.date.isoformat()}): {k.text}")
        if self.skills:
            lines += [
                "",
                "## Skills to work on (largest payoff first)",
                "",
                "| # | Skill | Now | Needed | Hours | Fit gain | Months |",
                "|---|---|---|---|---|---|---|",
            ]
            for s in self.skills:
                months = (
                    "—"
                    if s.start_month is None
                    else (
                        f"{s.start_month}"
                        if s.start_month == s.end_month
                        else f"{s.start_month}–{s.end_month}"
                    )
                )
                now = f"{s.current:g}" + ("" if s.known else " (assumed)")
                lines.append(
                    f"| {s.order} | {s.title} | {now} | {s.required:g} | {s.hours:g} | {s.fit_gain:.3f} | {months} |"
                )
        if self.credentials:
            lines += ["", "## Credentials", ""]
            for cr in self.credentials:
                lines.append(f"- {cr['name']}: {cr['note']} (evidence {', '.join(cr['evidence'])})")
        lines += [
            "",
            f"## Month by month (hours per week; cash at month end in {c}, P10 / P50 / P90)",
            "",
            "| Month | Starts | Phase | Microtasks | Learning | Job search | Job | Free | Cash P10 | Cash P50 | Cash P90 |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for pm in self.months:
            lines.append(
                f"| {pm.month} | {pm.start.isoformat()} | {pm.phase} | {pm.microtask:g} | {pm.learning:g} | "
                f"{pm.search:g} | {pm.job:g} | {pm.free:g} | {number(pm.cash_p10)} | {number(pm.cash_p50)} | "
                f"{number(pm.cash_p90)} |"
            )
        lines.append("")
        return "\n".join(lines)

    def to_ics(self) -> bytes:
        """An iCalendar file of the milestones and checkpoints (all-day events), for calendar apps."""
        from icalendar import Calendar, Event

        cal = Calendar()
        cal.add("prodid", "-//crossroads//plan//EN")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", f"crossroads plan: {self.option_label}")
        stamp = dt.datetime.combine(self.start, dt.time(0, 0), tzinfo=dt.UTC)
        slug = self.option_id.replace(":", "-")
        for m in self.milestones:
            if m.date is None:
                continue
            ev = Event()
            ev.add("uid", f"{slug}-{m.kind}-{m.month}@crossroads")
            ev.add("dtstamp", stamp)
            ev.add("summary", m.label)
            ev.add("dtstart", m.date)
            ev.add("dtend", m.date + dt.timedelta(days=1))
            ev.add("description", m.detail)
            ev.add("categories", ["milestone"])
            cal.add_component(ev)
        for k in self.checkpoints:
            ev = Event()
            ev.add("uid", f"{slug}-checkpoint-{k.measure}-{k.month}@crossroads")
            ev.add("dtstamp", stamp)
            ev.add("summary", f"Checkpoint: {k.measure.replace('_', ' ')}")
            ev.add("dtstart", k.date)
            ev.add("dtend", k.date + dt.timedelta(days=1))
            ev.add("description", k.text)
            ev.add("categories", ["checkpoint"])
            cal.add_component(ev)
        result: bytes = cal.to_ical()
        return result


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` plus ``n`` calendar months, the day clamped to the month's length."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_start(start: dt.date, month: int) -> dt.date:
    """First day of plan month ``month`` (1-based)."""
    return add_months(start, month - 1)


def month_end(start: dt.date, month: int) -> dt.date:
    """Last day of plan month ``month`` (1-based): where a checkpoint 'by month m' sits."""
    return add_months(start, month) - dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Statistics over paths (months 1-based, -1 = never)
# --------------------------------------------------------------------------------------------


def _months_stats(
    values: np.ndarray, qs: tuple[float, ...] = (10, 25, 50, 75, 90)
) -> tuple[dict[float, int | None], float]:
    """Percentiles of an event month over paths, and the share of paths where it happens.

    The median counts 'never' as after the horizon (so the median of an event that happens on 40%
    of paths is ``None`` — the plan says so); the other percentiles are among the paths where the
    event happens (the window a person can expect *if* it happens), and ``None`` when none do.
    """
    v = np.asarray(values, dtype=float).ravel()
    happened = v >= 1
    share = float(happened.mean()) if v.size else 0.0
    out: dict[float, int | None] = {}
    for q in qs:
        if q == 50:
            x = (
                float(np.percentile(np.where(happened, v, np.inf), 50, method="inverted_cdf"))
                if v.size
                else math.inf
            )
        else:
            x = (
                float(np.percentile(v[happened], q, method="inverted_cdf"))
                if happened.any()
                else math.inf
            )
        out[q] = None if not math.isfinite(x) else int(x)
    return out, share


def _first_month(mask: np.ndarray) -> np.ndarray:
    """Per path, the 1-based first month where ``mask`` (paths, months) is true, -1 if never."""
    any_ = mask.any(axis=1)
    return np.where(any_, mask.argmax(axis=1) + 1, -1)


def _band(bands: Any, key: str) -> list[float]:
    """One percentile row of the engine's monthly bands (dict of arrays or structured array)."""
    if isinstance(bands, list) and bands and isinstance(bands[0], dict):  # months x {p10..p90}
        return [float(row[key]) for row in bands]
    if isinstance(bands, dict):
        return [float(x) for x in np.asarray(bands[key]).ravel()]
    arr = np.asarray(bands)
    if arr.dtype.names:
        return [float(x) for x in arr[key]]
    idx = {"p10": 0, "p25": 1, "p50": 2, "p75": 3, "p90": 4}[key]
    return [float(x) for x in arr[:, idx]]


# --------------------------------------------------------------------------------------------
# make_plan
# --------------------------------------------------------------------------------------------


def _resolve(
    profile: Profile,
    advice: Advice | None,
    option_id: str | None,
    paths: int,
    seed: int,
    with_advice: bool,
    horizon: int | None,
    run: AdviceRun | None,
    catalog: Catalog | None,
) -> tuple[Any, int, Any, Any, bool]:
    """(sim, index, option, advice or None, recommended?) for the requested option.

    The option's arrays come from ``run`` (the advice's live simulation) when it holds them;
    otherwise only that option is simulated, with the advice's paths, seed and horizon — the same
    numbers, because the engine's draws of a path depend only on the seed and the path.
    """
    if advice is None and (with_advice or option_id is None):
        from crossroads.decision import advise_with_run

        advice, run = advise_with_run(
            profile, paths=paths, seed=seed, horizon=horizon, catalog=catalog
        )
    chosen = option_id or (advice.recommendation if advice is not None else None)
    if chosen is None:
        raise InputError.one("option", "give --option (advise is not available to pick one)")
    recommended = advice is not None and chosen == advice.recommendation
    found = run.get(chosen) if run is not None else None
    if run is not None and found is not None:
        return run.sim, found[0], found[1], advice, recommended
    from crossroads.options import parse_option
    from crossroads.simulation import simulate

    opt = parse_option(chosen, profile, catalog)
    if advice is not None:  # the same run as the advice it is compared with
        paths, seed, horizon = int(advice.paths), int(advice.seed), int(advice.horizon_months)
    sim = simulate(profile, [opt], paths=paths, seed=seed, horizon=horizon, catalog=catalog)
    return sim, 0, opt, advice, recommended


def _alternatives(advice: Advice, option_id: str) -> tuple[str | None, str | None]:
    """(next best option, safest option) ids other than ``option_id`` from the advice."""
    if advice is None:
        return None, None
    others = [o for o in advice.options if o.id != option_id]
    if not others:
        return None, None
    nxt = min(others, key=lambda o: o.rank).id
    safest = min(others, key=lambda o: (o.metrics.p_shortfall, o.rank)).id
    return nxt, safest


@dataclass(frozen=True)
class _FallbackTimeline:
    """When the median simulated path falls back, and the hours the fallback takes (h/week)."""

    rule: str
    start: int  # first month of the fallback (1-based)
    pays: int  # first month the fallback job pays (any_job: start + the median search)
    hours: float  # weekly hours of the fallback job (or of the extra microtasks)
    kept: float  # weekly hours of the career learning/search kept meanwhile


def _fallback_timeline(sim: Any, k: int, opt: Any) -> _FallbackTimeline | None:
    """The fallback in the plan's median path, or None when fewer than half the paths fall back.

    The month is the median over all paths (never = after the horizon), so the plan switches only
    when the typical path does; the any_job search lasts the median of its exponential time
    (ln 2 / hazard, the engine's rate for this option); the hours are the engine's.
    """
    setup = getattr(sim, "setup", None)
    cr = getattr(setup, "cash", None)
    fb = getattr(sim, "fallback_month", None)
    if cr is None or fb is None or not cr.fallback.on:
        return None
    f = np.asarray(fb)[k].astype(np.float64)
    f[f <= 0] = np.inf
    med = float(np.median(f))
    if not math.isfinite(med):
        return None
    start = int(math.ceil(med))
    hours = float(np.asarray(getattr(setup, "fb_hours", [0.0]))[k]) if setup is not None else 0.0
    rate = float(np.asarray(getattr(setup, "fb_rate", [0.0]))[k]) if setup is not None else 0.0
    pays = start + (int(math.ceil(math.log(2.0) / rate)) if rate > 0 else 10**6)
    learn = float(getattr(opt, "learning_hours", 0.0))
    kept = 0.0
    if getattr(opt, "target", None) is not None and learn > 0 and cr.fallback.keep_career_search:
        kept = min(learn, float(sim.params["search_hours_full"]))
    return _FallbackTimeline(cr.fallback.rule, start, pays, hours, round(kept, 2))


def _fallback_month(
    fbt: _FallbackTimeline,
    m: int,
    phase: str,
    mt: float,
    ln: float,
    se: float,
    jb: float,
    mt_h: float,
) -> tuple[str, float, float, float, float]:
    """A month of the median path after the fallback began (the engine's rules, see cash.py).

    While the local job is being found the option's own hours go on; once it pays, its hours
    replace the microtasks and the career keeps only the hours the engine keeps; the microtask
    fallback adds its hours to the microtasks.
    """
    if fbt.rule == "microtasks":
        return (
            "fallback: more microtasks",
            mt_h + fbt.hours,
            min(ln, fbt.kept),
            min(se, fbt.kept),
            jb,
        )
    if m < fbt.pays:
        return f"{phase}; looking for a fallback job", mt, ln, se, jb
    return "fallback job", 0.0, min(ln, fbt.kept), min(se, fbt.kept), fbt.hours


def _rating_milestone(sim: Any, k: int, start: dt.date) -> Milestone | None:
    """The step "apply for rating work" in the first weeks, when the option's microtask hours include the
    gated rating / AI-training stream (crossroads.world.rating) and the person is not on it yet.

    Why a step of its own: the best-paid microtask work needs an application and an unpaid exam
    before any pay, and the plan must say what the hours do meanwhile (open marketplaces).
    """
    setup = getattr(sim, "setup", None)
    plats = getattr(setup, "platforms", None)
    h_rat = np.asarray(getattr(setup, "h_rat", np.zeros(0)))
    if setup is None or plats is None or not plats.rating_open or plats.rating_current:
        return None
    if h_rat.size <= k:
        return None
    hours = float(h_rat[k])
    if hours <= 0:
        return None
    params = setup.params
    exam = float(params["rating_exam_hours"])
    share = float(params["rating_admit_share"])
    lo, hi = (int(round(d)) for d in plats.rating_days)
    exam_weeks = exam / hours
    shown = plats.general_name or plats.general_id  # the display name, not the catalog key
    via = f" ({shown})" if shown else ""
    decided = max(1, int(math.ceil(max(hi / (365.25 / 12), exam_weeks / WEEKS_PER_MONTH))))
    return Milestone(
        kind="apply_rating",
        label="Apply for rating / AI-training work",
        month=1,
        month_low=1,
        month_high=decided,
        probability=round(share, 4),
        date=month_start(start, 1),
        detail=(
            f"In your first weeks, apply to a rating / AI-training platform (TELUS Digital AI raters, "
            f"Remotasks/Outlier or similar) for {hours:g} of your microtask hours a week. The "
            f"qualification exam takes about {exam:g} unpaid hours (rating_exam_hours, an assumption); "
            f"the application is decided and first paid {lo}-{hi} days after you apply (the wait and "
            f"half a payout cycle; later if the exam takes longer), and about {share:.0%} of applicants are accepted (rating_admit_share, an "
            "assumption). Meanwhile, and if you are not accepted, those hours go to open task "
            f"marketplaces{via}."
        ),
    )


def _promotion_milestone(sim: Any, k: int, start: dt.date) -> Milestone | None:
    """The promotion to the next rung (crossroads.requirements.promotion_step), when the engine
    simulated one for this option: its window and share of paths — or that none falls within the
    horizon, with the experience it takes."""
    setup = getattr(sim, "setup", None)
    pm = getattr(sim, "promoted_month", None)
    if setup is None or pm is None:
        return None
    gi = int(np.asarray(setup.group_of)[k])
    if gi < 0:
        return None
    g = setup.groups[gi]
    if g.promo_wage is None:
        return None
    st, sh = _months_stats(np.asarray(pm)[k])
    years = g.promo_after / 12.0
    rate = -math.expm1(-12.0 * g.promo_rate)
    how = (
        f"once you have the {years:.1f} years of related experience its typical entrant has "
        f"(O*NET/BLS), then about {rate:.0%} a year (promotion_rate_annual_pct)"
    )
    if sh <= 0:
        detail = (
            f"Promotion to {g.promo_title} comes {how}: in no simulated path within the horizon."
        )
    else:
        detail = (
            f"Promotion to {g.promo_title} comes {how}: in {sh:.0%} of simulated paths within the "
            f"horizon, {_window(st.get(10), st.get(90))}."
        )
    month = st.get(50)
    return Milestone(
        kind="promotion",
        label=f"Promotion to {g.promo_title}",
        month=month,
        month_low=st.get(25),
        month_high=st.get(75),
        probability=round(sh, 4),
        date=None if month is None else month_start(start, month),
        detail=detail,
    )


def make_plan(
    profile: Profile,
    advice: Advice | None = None,
    option_id: str | None = None,
    *,
    paths: int = 10_000,
    seed: int = 0,
    catalog: Catalog | None = None,
    with_advice: bool = True,
    horizon: int | None = None,
    run: AdviceRun | None = None,
) -> Plan:
    """Build the plan of ``option_id`` (default: the option ``advise`` recommends).

    With ``advice`` and its ``run`` (:class:`~crossroads.decision.AdviceRun`) given, the run's
    arrays are reused (so the cash band is exactly the one the advice and the report show); with
    the advice document alone (e.g. read back from ``advise --json``), only the planned option is
    simulated, with the advice's paths, seed and horizon — the same numbers. Without an advice,
    ``advise(profile, paths=paths, seed=seed, horizon=horizon)`` is run.
    ``with_advice=False`` with an ``option_id`` skips ``advise`` (faster; the checkpoints then have
    no ranked alternative and fall back to microtasks).
    """
    from crossroads.simulation.metrics import summarise

    sim, k, opt, advice, recommended = _resolve(
        profile, advice, option_id, paths, seed, with_advice, horizon, run, catalog
    )
    hpw = float(profile.time.hours_per_week)
    start = profile.as_of or dt.date.today()
    metrics = summarise(sim, k)
    cash = {q: _band(metrics.cash_bands, q) for q in ("p10", "p50", "p90")}
    months_n = len(cash["p50"])

    def arr(name: str) -> np.ndarray | None:
        a = getattr(sim, name, None)
        return None if a is None else np.asarray(a)[k]

    hired = arr("hired_month")
    trained = arr("training_done_month")
    kind = getattr(opt, "kind", "microtask")
    mt_h = float(getattr(opt, "microtask_hours", 0.0))
    learn_h = float(getattr(opt, "learning_hours", 0.0))
    stop = bool(getattr(opt, "stop_microtask_when_hired", True))
    target = getattr(opt, "target", None)

    # Timeline of the median path.
    t_stats, t_share = (
        _months_stats(trained) if (trained is not None and learn_h > 0) else ({}, 0.0)
    )
    h_stats, h_share = (
        _months_stats(hired) if (hired is not None and kind != "microtask") else ({}, 0.0)
    )
    t_med = t_stats.get(50)
    h_med = h_stats.get(50)
    hours_job = arr("hours_job")
    employed = arr("employed")

    months: list[PlanMonth] = []
    notes: list[str] = []
    capped = False
    fbt = _fallback_timeline(sim, k, opt)
    if kind == "local_job" and fbt is not None and fbt.rule == "any_job" and fbt.hours <= 0:
        fbt = None  # the fallback "any local job" is this plan itself: no second search
    local_search = min(hpw, float(sim.params["search_hours_full"]))
    for m in range(1, months_n + 1):
        mt, ln, se, jb = mt_h, 0.0, 0.0, 0.0
        if kind == "local_job":  # the ranked baseline: apply now, then the job
            phase, jb, se = _local_job_month(m, h_med, hours_job, employed, hpw, local_search)
        elif kind == "microtask" or learn_h <= 0:
            phase = "microtasks"
        elif h_med is not None and m >= h_med:
            phase = "job"
            if stop:
                mt = 0.0
            jb = 0.0
            if hours_job is not None and employed is not None:
                on = np.asarray(employed[:, m - 1], dtype=bool)
                if on.any():
                    jb = float(np.median(np.asarray(hours_job)[on, m - 1]))
            if jb <= 0:
                jb = learn_h
            if jb + mt > hpw:
                jb, capped = max(0.0, hpw - mt), True
        elif t_med is not None and m > t_med:
            phase, se = "job search", learn_h
        elif t_med is None and t_stats:
            phase, ln = "learning", learn_h
        else:
            phase, ln = "learning", learn_h
        if fbt is not None and m >= fbt.start and phase != "job":
            phase, mt, ln, se, jb = _fallback_month(fbt, m, phase, mt, ln, se, jb, mt_h)
            over = mt + ln + se + jb - hpw
            if over > 1e-9:  # a fallback.hours_per_week beyond the time budget: shown within it
                if jb > 0:
                    jb = max(0.0, jb - over)
                else:
                    mt = max(0.0, mt - over)
                capped = True
        mt, ln, se, jb = (round(x, 2) for x in (mt, ln, se, jb))
        free = round(max(0.0, hpw - (mt + ln + se + jb)), 2)
        months.append(
            PlanMonth(
                month=m,
                start=month_start(start, m),
                phase=phase,
                microtask=mt,
                learning=ln,
                search=se,
                job=jb,
                free=free,
                total=round(mt + ln + se + jb + free, 2),
                cash_p10=cash["p10"][m - 1],
                cash_p50=cash["p50"][m - 1],
                cash_p90=cash["p90"][m - 1],
            )
        )
    if capped:
        notes.append(
            "The simulated job has more hours than you have left; the plan shows the job within your "
            "hours per week (a part-time role, see the engine's part-time assumption)."
        )
    from crossroads.money.benefits import describe, option_hits

    cliff = option_hits(sim, k, profile)  # US only: earning more past a SNAP / Medicaid limit
    if cliff is not None and (line := describe(cliff, getattr(profile, "currency", "USD"))):
        notes.append(line)
    if t_stats and t_med is None:
        notes.append(
            f"In most simulated paths the training is not finished within {months_n} months "
            f"(finished in {t_share:.0%} of paths): the plan keeps learning to the horizon."
        )

    # Skills, credentials.
    skills: list[SkillStep] = []
    creds: list[dict[str, Any]] = []
    target_title = None
    if target:
        try:
            from crossroads.matching import match_occupation, skill_order

            mt_match = match_occupation(profile, target, catalog=catalog)
            target_title = mt_match.title
            creds = [c.model_dump(mode="json") for c in mt_match.credentials]
            done_h = 0.0
            per_month = learn_h * WEEKS_PER_MONTH
            for n, g in enumerate(skill_order(mt_match), 1):
                s_m = e_m = None
                if per_month > 0:
                    s_m = int(done_h // per_month) + 1
                    done_h += g.hours
                    e_m = max(s_m, int(math.ceil(done_h / per_month)))
                skills.append(
                    SkillStep(
                        order=n,
                        skill=g.skill,
                        title=g.title,
                        current=g.current,
                        required=g.required,
                        known=g.known,
                        hours=g.hours,
                        fit_gain=g.fit_gain,
                        start_month=s_m,
                        end_month=e_m,
                    )
                )
        except InputError as exc:
            notes.append(f"No skill plan for {target}: {exc.errors[0].reason}")
    if advice is not None and target_title is None:
        with contextlib.suppress(InputError):
            target_title = advice.option(opt.id).target_title

    milestones = _milestones(
        sim,
        k,
        kind,
        mt_h,
        learn_h,
        start,
        t_stats,
        t_share,
        h_stats,
        h_share,
        creds,
        metrics,
        months_n,
        freelance=bool(getattr(opt, "freelance", False)),
    )
    nxt, safest = _alternatives(advice, opt.id)
    names = {o.id: o.label for o in advice.options} if advice is not None else {}
    checkpoints = _checkpoints(
        sim,
        k,
        kind,
        mt_h,
        learn_h,
        start,
        t_med,
        h_stats,
        cash,
        months_n,
        nxt,
        safest,
        profile,
        names,
    )
    label = getattr(opt, "label", opt.id)
    return Plan(
        profile_name=profile.name,
        option_id=opt.id,
        option_label=label,
        kind=kind,
        target=target,
        target_title=target_title,
        recommended=recommended,
        hours_per_week=hpw,
        currency=getattr(profile, "currency", "USD"),
        start=start,
        horizon_months=months_n,
        paths=int(np.asarray(sim.cash).shape[1]),
        seed=int(getattr(advice, "seed", seed) if advice is not None else seed),
        months=months,
        skills=skills,
        credentials=creds,
        milestones=milestones,
        checkpoints=checkpoints,
        cash_band=cash,
        assumptions={k_: float(params_for(profile)[k_]) for k_ in PLAN_PARAM_NAMES},
        notes=notes,
    )


def _local_job_month(
    m: int,
    h_med: int | None,
    hours_job: np.ndarray | None,
    employed: np.ndarray | None,
    hpw: float,
    search: float,
) -> tuple[str, float, float]:
    """(phase, job h/week, search h/week) of month ``m`` of the local-job plan's median path:
    applying until the median hire month, then the job at the engine's median hours."""
    if h_med is None or m < h_med:
        return "applying for local jobs", 0.0, search
    jb = 0.0
    if hours_job is not None and employed is not None:
        on = np.asarray(employed[:, m - 1], dtype=bool)
        if on.any():
            jb = float(np.median(np.asarray(hours_job)[on, m - 1]))
    return "local job", min(hpw, jb) if jb > 0 else hpw, 0.0


def _milestones(
    sim: SimResult,
    k: int,
    kind: str,
    mt_h: float,
    learn_h: float,
    start: dt.date,
    t_stats: dict[float, int | None],
    t_share: float,
    h_stats: dict[float, int | None],
    h_share: float,
    creds: list[dict[str, Any]],
    metrics: Any,
    months_n: int,
    freelance: bool = False,
) -> list[Milestone]:
    out: list[Milestone] = []

    def add(
        kind_: str,
        label: str,
        stats: dict[float, int | None],
        share: float,
        detail: str,
        lo: float = 10,
        hi: float = 90,
    ) -> None:
        month = stats.get(50)
        out.append(
            Milestone(
                kind=kind_,
                label=label,
                month=month,
                month_low=stats.get(lo),
                month_high=stats.get(hi),
                probability=round(share, 4),
                date=None if month is None else month_start(start, month),
                detail=detail,
            )
        )

    mt_income = getattr(sim, "microtask_income", None)
    if mt_h > 0 and mt_income is not None:
        first = _first_month(np.asarray(mt_income)[k] > 0)
        st, sh = _months_stats(first)
        add(
            "first_payout",
            "First microtask payout",
            st,
            sh,
            f"{sh:.0%} of simulated paths are paid within the horizon; 80% of them "
            f"{_window(st.get(10), st.get(90))} (approval waits, payout thresholds and delays).",
        )
    if learn_h > 0 and kind != "microtask" and t_stats:
        name = next((c["name"] for c in creds if c["id"] != "capm"), None)
        label = f"{name} finished" if name else "Training finished"
        if t_stats.get(50) is None:
            detail = (
                f"Most simulated paths do not finish within the horizon (only {t_share:.0%} do); "
                "the rest drop out or run out of time and search with what they learned."
            )
        else:
            detail = (
                f"Finished in {t_share:.0%} of simulated paths (the rest drop out or run out of time); "
                f"80% of those who finish do so {_window(t_stats.get(10), t_stats.get(90))}."
            )
        add("training_done", label, t_stats, t_share, detail)
        search = getattr(sim, "hours_search", None)
        if search is not None:
            st, sh = _months_stats(_first_month(np.asarray(search)[k] > 0))
            add(
                "applications_start",
                "Applications start",
                st,
                sh,
                "Job search takes over the learning hours once the training is finished — or given up, "
                "which is why applications can start before the typical finishing month.",
            )
    if kind == "local_job":
        add(
            "applications_start",
            "Applications start",
            {10: 1, 50: 1, 90: 1},
            1.0,
            "Apply this week for local entry-level jobs in any occupation (shops, warehouses, "
            "care, hospitality, offices) and keep applying until one takes you; no training first.",
        )
    if kind != "microtask" and h_stats:
        month = h_stats.get(50)
        out.append(
            Milestone(
                kind="hire",
                # a freelance target has no hire: its event is the first contract (issue 9)
                label="Expected first contract" if freelance else "Expected hire window",
                month=month,
                month_low=h_stats.get(25),
                month_high=h_stats.get(75),
                probability=round(h_share, 4),
                date=None if month is None else month_start(start, month),
                detail=(
                    f"{'A first contract won' if freelance else 'Hired'} within the horizon in "
                    f"{h_share:.0%} of simulated paths; of those "
                    f"{'contracts' if freelance else 'hires'}, half fall "
                    f"{_window(h_stats.get(25), h_stats.get(75))} "
                    f"(10% by month {_fmt_m(h_stats.get(10))}, 90% by {_fmt_m(h_stats.get(90))})."
                ),
            )
        )
    rating = _rating_milestone(sim, k, start)
    if rating is not None:
        out.append(rating)
    promo = _promotion_milestone(sim, k, start) if kind != "microtask" else None
    if promo is not None:
        out.append(promo)
    fb_month = getattr(sim, "fallback_month", None)
    cr = getattr(getattr(sim, "setup", None), "cash", None)
    if fb_month is not None and cr is not None and cr.fallback.on:
        st, sh = _months_stats(np.asarray(fb_month)[k])
        if sh > 0:
            rule = cr.fallback.describe(
                str(getattr(getattr(sim, "setup", None), "currency", "") or "USD")
            )
            if kind == "local_job" and cr.fallback.rule == "any_job":
                rule = (
                    "Your fallback, any available local job, is this plan itself: keep applying "
                    "(and cut costs where you can)."
                )
            lim = getattr(metrics, "p_limit", None)
            fm = st.get(50)
            out.append(
                Milestone(
                    kind="fallback",
                    label="Cash runs low: the fallback begins",
                    month=fm,
                    month_low=st.get(10),
                    month_high=st.get(90),
                    probability=round(sh, 4),
                    date=None if fm is None else month_start(start, fm),
                    detail=(
                        f"{rule} It begins in {sh:.0%} of simulated paths, {_window(st.get(10), st.get(90))}"
                        + (
                            f"; bills go unpaid at your credit limit in {lim:.0%}."
                            if lim is not None
                            else "."
                        )
                    ),
                )
            )
    cover = getattr(metrics, "months_to_cover_expenses_p50", None)
    cover_m = (
        None if cover is None or not math.isfinite(float(cover)) else int(math.ceil(float(cover)))
    )
    out.append(
        Milestone(
            kind="covers_expenses",
            label="Income covers expenses",
            month=cover_m,
            month_low=None,
            month_high=None,
            probability=None,
            date=None if cover_m is None else month_start(start, cover_m),
            detail=(
                "The median path's income plus other income first covers your monthly expenses."
                if cover_m is not None
                else f"The median path never covers expenses within {months_n} months."
            ),
        )
    )
    out.sort(key=lambda m: (m.month is None, m.month or 0))
    return out


def _fmt_m(m: int | None) -> str:
    return "never" if m is None else str(m)


def _window(lo: int | None, hi: int | None) -> str:
    """A month window in words that never contradicts itself ("in month 1", not "between months 1
    and 1"; "by month 4" when the upper end is beyond the horizon for some paths)."""
    if lo is None and hi is None:
        return "not within the horizon"
    if lo is None:
        return f"by month {hi}"
    if hi is None:
        return f"from month {lo} (some beyond the horizon)"
    if lo == hi:
        return f"in month {lo}"
    return f"between months {lo} and {hi}"


def _checkpoints(
    sim: SimResult,
    k: int,
    kind: str,
    mt_h: float,
    learn_h: float,
    start: dt.date,
    t_med: int | None,
    h_stats: dict[float, int | None],
    cash: dict[str, list[float]],
    months_n: int,
    nxt: str | None,
    safest: str | None,
    profile: Profile,
    names: dict[str, str] | None = None,
) -> list[Checkpoint]:
    """Checkpoints that can fire: each names a month, a measurable result in the person's
    currency, and the option to switch to by its plain label (the id stays in ``switch_to``)."""
    out: list[Checkpoint] = []
    behind = float(params_for(profile)["checkpoint_behind_share"])
    fallback = nxt or "microtask"
    safe = safest or fallback
    names = names or {}
    fallback_name = names.get(fallback, "microtasks only" if fallback == "microtask" else fallback)
    safe_name = names.get(safe, "microtasks only" if safe == "microtask" else safe)

    # 1. Microtask earnings in month 2 (or 1): below the model's P10 hourly -> re-calibrate.
    mt_income = getattr(sim, "microtask_income", None)
    mt_hours = getattr(sim, "hours_microtask", None)
    if mt_h > 0 and mt_income is not None and mt_hours is not None:
        m = min(2, months_n)
        inc = np.asarray(mt_income)[k][:, :m].sum(axis=1)
        hrs = np.asarray(mt_hours)[k][:, :m].sum(axis=1) * WEEKS_PER_MONTH
        ok = hrs > 0
        p10 = float(np.percentile(inc[ok] / hrs[ok], 10)) if ok.any() else 0.0
        # A threshold of (about) zero can never be undercut: no checkpoint rather than a dead one.
        if p10 >= 0.01:
            out.append(
                Checkpoint(
                    month=m,
                    date=month_end(start, m),
                    measure="microtask_hourly",
                    threshold=round(p10, 2),
                    unit=f"{profile.currency}/h",
                    action="re-run advise with your real wage",
                    switch_to=safe if kind != "microtask" else fallback,
                    text=(
                        f"If your microtask earnings over months 1–{m} are below {p10:.2f} {profile.currency} per hour "
                        f"worked (including unpaid time) — worse than 90% of simulated paths — log them and re-run "
                        f"`crossroads advise`; the plan's income is too optimistic for you."
                    ),
                )
            )
    # 2. Learning progress halfway through the median training time.
    if kind != "microtask" and learn_h > 0 and t_med is not None and t_med >= 2:
        c = max(1, t_med // 2)
        planned = c * learn_h * WEEKS_PER_MONTH
        total = t_med * learn_h * WEEKS_PER_MONTH
        share = behind * planned / total
        out.append(
            Checkpoint(
                month=c,
                date=month_end(start, c),
                measure="learning_progress",
                threshold=round(share, 3),
                unit="share of the learning hours",
                action="switch",
                switch_to=fallback,
                text=(
                    f"If by month {c} fewer than {share:.0%} of the learning hours are done "
                    f"(the plan expects {planned / total:.0%}), re-run advise; unless it says otherwise, "
                    f"switch to {fallback_name}."
                ),
            )
        )
    # 3. Cash against the engine's P10 band at a third of the way to the hire (or month 3).
    h_med = h_stats.get(50) if h_stats else None
    m = max(1, min(months_n, (h_med // 2) if h_med else 3))
    p10 = cash["p10"][m - 1]
    cr = getattr(getattr(sim, "setup", None), "cash", None)
    if cr is not None and p10 <= cr.limit + 0.5:
        # cash cannot go below the hard limit: at the limit, bills are going unpaid — say that
        out.append(
            Checkpoint(
                month=m,
                date=month_end(start, m),
                measure="cash",
                threshold=round(cr.limit, 2),
                unit=profile.currency,
                action="switch",
                switch_to=safe,
                text=(
                    f"If your cash at the end of month {m} is at your credit limit ({money(cr.limit, profile.currency)}; "
                    f"at least 10% of simulated paths are), bills are going unpaid: start your fallback now "
                    f"({cr.fallback.rule.replace('_', ' ')}) and re-run advise; unless it says otherwise, switch to "
                    f"the safest option, {safe_name}."
                ),
            )
        )
    else:
        out.append(
            Checkpoint(
                month=m,
                date=month_end(start, m),
                measure="cash",
                threshold=round(p10, 2),
                unit=profile.currency,
                action="switch",
                switch_to=safe,
                text=(
                    f"If your cash at the end of month {m} is below {money(p10, profile.currency)} (the worst 10% of "
                    f"simulated paths), re-run advise; unless it says otherwise, switch to the safest option, {safe_name}."
                ),
            )
        )
    # 4. Not hired by the month 75% of simulated hires have happened.
    h75 = h_stats.get(75) if (kind != "microtask" and h_stats) else None
    if h75 is not None:
        m75 = int(h75)
        out.append(
            Checkpoint(
                month=m75,
                date=month_end(start, m75),
                measure="hired",
                threshold=None,
                unit="",
                action="switch",
                switch_to=safe,
                text=(
                    f"If you are not hired by the end of month {m75} (three quarters of simulated hires come "
                    f"earlier), re-run advise with your real applications and cash; unless it says otherwise, "
                    f"switch to {safe_name}."
                ),
            )
        )
    out.sort(key=lambda c: c.month)
    return out


__all__ = [
    "Checkpoint",
    "Milestone",
    "Plan",
    "PlanMonth",
    "SkillStep",
    "PLAN_ASSUMPTIONS",
    "make_plan",
    "add_months",
    "month_start",
    "month_end",
]
