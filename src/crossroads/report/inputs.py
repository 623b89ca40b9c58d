"""Plain, typed inputs of the report's charts and text.

Why a separate layer: the charts and the HTML must not know how ``Advice``, ``Match`` or ``Plan``
are shaped inside — they take these small frozen dataclasses, which :mod:`crossroads.report.collect`
fills from the core objects. That keeps every chart testable (and snapshot-tested) with synthetic
data, and makes the one place where numbers enter the report easy to audit: every number here is
copied from a core object, never recomputed differently.

Months are 1-based (index 0 of every sequence = month 1). Money is in the profile's currency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OptionBands:
    """Monthly percentile bands of one quantity (cash or income) for one option."""

    option_id: str
    label: str
    p10: Sequence[float]
    p25: Sequence[float]
    p50: Sequence[float]
    p75: Sequence[float]
    p90: Sequence[float]

    @property
    def months(self) -> int:
        """Number of months covered (the horizon)."""
        return len(self.p50)


@dataclass(frozen=True)
class Histogram:
    """Distribution of cumulative net income at the horizon for one option.

    ``edges`` has one more element than ``counts``; ``p10/p50/p90`` are the option's
    ``net_income_p10/p50/p90`` metrics (the same numbers as ``advise --json``), drawn as markers.
    """

    option_id: str
    label: str
    edges: Sequence[float]
    counts: Sequence[int]
    p10: float
    p50: float
    p90: float


@dataclass(frozen=True)
class ShortfallCurve:
    """Cumulative probability (0..1) that cash fell below the floor by each month."""

    option_id: str
    label: str
    by_month: Sequence[float]


@dataclass(frozen=True)
class CriterionCell:
    """One option's standing on one criterion.

    ``value``/``unit`` are the measured value as ``advise`` reports it; ``score`` is the normalised
    0..1 value the ranking used (1 = best); ``weight`` the person's normalised weight.
    """

    option_id: str
    label: str
    criterion: str
    value: float | None
    unit: str
    score: float | None
    weight: float


@dataclass(frozen=True)
class RankShare:
    """How often an option ranked first (``p_first``) and its rank and score."""

    option_id: str
    label: str
    rank: int
    score: float
    p_first: float


@dataclass(frozen=True)
class SkillGap:
    """A skill of the career target: the person's level vs the occupation's required level (0..7)."""

    skill: str
    current: float
    required: float
    importance: float | None = None


@dataclass(frozen=True)
class LadderStep:
    """An occupation on the career ladder (the target itself first) with its hourly wage band (USD)."""

    code: str
    title: str
    tier: str
    wage_p10: float | None
    wage_p50: float | None
    wage_p90: float | None


@dataclass(frozen=True)
class PlanMonth:
    """Hours per week planned in one month."""

    month: int
    microtask: float
    learning: float
    search: float
    job: float


@dataclass(frozen=True)
class Milestone:
    """A dated event of the plan (first payout, credential done, hire window...)."""

    month: int
    label: str
    kind: str = "milestone"


@dataclass(frozen=True)
class Source:
    """A data source with its as-of date, so the report can be reproduced and checked."""

    id: str
    title: str
    as_of: str
    version: str = ""


@dataclass
class ReportData:
    """Everything the report shows, gathered from the core objects by ``collect``.

    ``docs`` keeps the JSON documents the numbers come from (``"advice"`` = exactly the
    ``advise --json`` document, ``"plan"``, ``"match"``): the template prints every number of the
    text through a lookup into these documents, so the report cannot drift from ``advise --json``.
    """

    name: str
    currency: str
    horizon_months: int
    seed: int
    paths: int
    cash_floor: float
    monthly_expenses: float
    max_shortfall_probability: float
    recommendation: str
    options: Sequence[RankShare]
    cash: Sequence[OptionBands]
    income: Sequence[OptionBands]
    net_income: Sequence[Histogram]
    shortfall: Sequence[ShortfallCurve]
    criteria: Sequence[CriterionCell]
    target_title: str | None = None
    target_code: str | None = None
    skill_gaps: Sequence[SkillGap] = ()
    ladder: Sequence[LadderStep] = ()
    plan_option: str | None = None
    plan_months: Sequence[PlanMonth] = ()
    milestones: Sequence[Milestone] = ()
    #: Every run option of the advice, as CLI arguments (the report's "how to reproduce" line).
    run_args: str = ""
    sources: Sequence[Source] = ()
    as_of: Mapping[str, str] = field(default_factory=dict)
    docs: dict[str, Any] = field(default_factory=dict)
    generated_by: str = "crossroads"
    #: the money rules (credit limit, APR, fallback and the month it begins, tax) in sentences
    money_lines: Sequence[str] = ()
    #: the journal section (crossroads.report.journal.JournalSection), with ``report --journal``
    journal: Any = None
