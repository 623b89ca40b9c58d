"""The short answer: what a person in a hurry needs before any table.

Trial users found the advice thorough but hard to act on: the month-1 income of the recommended
option was only in ``simulate``, and nothing said what to do *this week*. The short answer is
built only from figures the advice already computed — no new numbers:

* one plain sentence naming the recommendation (and the tie, when two kinds of path are tied);
* what to do in the next 4 weeks: which platforms to sign up for (the ones open to the person's
  country, with their approval waits), how many hours of microtasks and of learning, which skill
  to start with and which course, when to start applying;
* the earned income to expect in month 1 and month 3 (median and the middle half of the paths);
* at most three reasons, each against the best option of *another kind* (the real choice);
* what would change the answer: only tipping points that exist, or one line saying none does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from crossroads.catalog.model import Platform
    from crossroads.matching import Match
    from crossroads.options import Option

#: Months whose income the short answer quotes (1-based).
INCOME_MONTHS = (1, 3)
#: Platforms named in "sign up this week" (the first open ones, in the catalog's order).
PLATFORMS_NAMED = 3


class MonthIncome(BaseModel):
    """Earned income in one month of the recommended option, over the simulated paths."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    month: int = Field(description="1-based month")
    p25: float
    p50: float
    p75: float
    se_p50: float = Field(description="Monte Carlo standard error of the median (√(π/2)·sd/√n)")


class ShortAnswer(BaseModel):
    """The first screen of the advice (CLI, report, web): a sentence, this month's actions, why."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    sentence: str
    next_weeks: list[str] = Field(description="concrete actions for the next 4 weeks")
    income: list[MonthIncome] = Field(
        description="earned income in months 1 and 3 of the recommendation"
    )
    reasons: list[str] = Field(description="at most 3, against the best option of another kind")
    changes: list[str] = Field(
        description="tipping points that exist, or one line saying none does"
    )
    versus: str = Field("", description="what the reasons compare: 'A rather than B'")
    reasons_compact: list[str] = Field(
        default_factory=list, description="the reasons without the two names (see versus)"
    )


def month_income(
    income: NDArray[np.floating], months: Sequence[int] = INCOME_MONTHS
) -> list[MonthIncome]:
    """Quartiles of earned income in each 1-based month of ``months`` (``income`` is (paths, months))."""
    x = np.asarray(income, dtype=np.float64)
    n = x.shape[0]
    out: list[MonthIncome] = []
    ms = [m for m in months if 1 <= m <= x.shape[1]]
    # the months' quartiles in one call, on sorted columns (the same order statistics: the same
    # numbers; a sort is cheaper than NumPy's partition at several kth)
    qs = np.percentile(np.sort(x[:, [m - 1 for m in ms]].T, axis=1), [25, 50, 75], axis=1)
    for j, m in enumerate(ms):
        col = x[:, m - 1]
        q25, q50, q75 = (float(v) for v in qs[:, j])
        sd = float(col.std(ddof=1)) if n > 1 else 0.0
        se = math.sqrt(math.pi / 2.0) * sd / math.sqrt(max(n, 1))
        out.append(MonthIncome(month=m, p25=q25, p50=q50, p75=q75, se_p50=se))
    return out


def _platform_steps(option: Option, platforms: Sequence[Platform]) -> list[str]:
    mt = float(option.microtask_hours)
    if mt <= 0:
        return []
    named = list(platforms)[:PLATFORMS_NAMED]
    names = [p.name for p in named]
    waits = [f"{p.name}: usually {p.onboarding_wait_days[0]:g}–{p.onboarding_wait_days[1]:g} days"
             for p in named if p.onboarding_wait_days]  # fmt: skip
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    wait = f" ({'; '.join(waits)})" if waits else ""
    sign_up = f"Sign up this week on {listed} — approval takes time{wait}; then w" if names else "W"
    return [
        f"{sign_up}ork {mt:g} h/week on microtasks and log each session, unpaid time included "
        "(`crossroads log work`), so the advice learns your real rate."
    ]


def _learning_steps(option: Option, match: Match | None, currency: str) -> list[str]:
    from .explain import fmt_money

    learn = float(option.learning_hours)
    if learn <= 0 or match is None:
        return []
    gaps = sorted(match.gaps, key=lambda g: -g.fit_gain)
    start = f", starting with {gaps[0].title.lower()}" if gaps else ""
    if option.kind == "freelance" or option.freelance:
        steps = [
            f"Spend {learn:g} h/week on your freelance profile and skills as {match.title}{start}."
        ]
    else:
        steps = [f"Spend {learn:g} h/week learning for {match.title}{start}."]
    if match.credentials:
        c = match.credentials[0]
        lo, hi = fmt_money(c.cost_low, currency), fmt_money(c.cost_high, currency)
        cost = lo if c.cost_low == c.cost_high else f"{lo}–{hi}"
        steps.append(f"Pick a course: {c.name} ({c.hours_low:g}–{c.hours_high:g} h, {cost}).")
    return steps


def next_weeks(
    option: Option,
    platforms: Sequence[Platform],
    match: Match | None,
    applications_month: int | None,
    currency: str,
) -> list[str]:
    """The concrete first steps of ``option``; ``applications_month`` is the month the typical
    simulated path starts its job search (None when most paths never search)."""
    steps = _platform_steps(option, platforms) + _learning_steps(option, match, currency)
    if option.kind == "local_job":  # the ranked baseline: no platform, no course, apply now
        steps.append(
            "Apply this week for local entry-level jobs in any occupation (shops, warehouses, "
            "care, hospitality, offices) and log each application: `crossroads log apply`."
        )
    if applications_month is not None and option.target is not None:
        when = "now" if applications_month <= 1 else f"in month {applications_month}"
        what = "bidding for clients" if option.freelance else "applying"
        steps.append(
            f"Start {what} {when} (the typical simulated path does) and log it: "
            "`crossroads log apply`."
        )
    steps.append("After 4 weeks, re-run `crossroads advise --journal` with what you logged.")
    return steps


def applications_month(hours_search: NDArray[np.floating]) -> int | None:
    """Median 1-based month of the first job-search hours over the paths that search at all,
    when at least half of them do (``hours_search`` is (months, paths)); else None."""
    search = np.asarray(hours_search) > 0
    if search.size == 0:
        return None
    any_search = search.any(axis=0)
    if 2 * int(any_search.sum()) < search.shape[1]:
        return None
    first = search.argmax(axis=0)[any_search] + 1
    return int(np.median(first))


#: Below this share of first places the sentence names the runner-up kind of path as well.
ROBUST_SHARE = 0.5


def sentence(
    label: str,
    family_label: str,
    family_p_first: float,
    tie: str | None,
    rival: tuple[str, float] | None = None,
) -> str:
    """One plain sentence: what to do, and how sure the analysis is (``rival``: the runner-up
    kind of path and its share, named when the first place is not robust)."""
    from .explain import fmt_pct

    if tie:
        return f"{label}. {tie}"
    fam = family_label[0].upper() + family_label[1:]
    text = (
        f"{label}. {fam} comes out first in {fmt_pct(family_p_first)} of the ways your "
        "priorities and your luck could vary"
    )
    if rival is not None and family_p_first < ROBUST_SHARE:
        text += f", {rival[0]} in {fmt_pct(rival[1])}: not a robust first place"
    return text + "."
