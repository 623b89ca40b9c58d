"""The typed result of :func:`crossroads.decision.advise` — the ``advise --json`` document.

``Advice.model_dump(mode="json")`` *is* the JSON the CLI prints (the schema is documented in
docs/decision.md), so the Python API, the CLI, the plan and the report cannot drift apart. The
document is plain data: it pickles, deep-copies and round-trips through JSON
(``Advice.model_validate_json(a.model_dump_json()) == a``). The live simulation behind it is an
:class:`AdviceRun`, kept beside the document (``Case.run``), never inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .short_answer import ShortAnswer

if TYPE_CHECKING:
    from crossroads.options import Option
    from crossroads.simulation import SimResult

#: Version of the advice document's schema (docs/decision.md); bumped when a key changes meaning.
SCHEMA_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Metrics(_Model):
    """The engine's outcome summary for one option (``simulation.metrics.summarise``)."""

    net_income_p10: float = Field(
        description="cumulative earned income minus learning costs over the horizon, 10th percentile"
    )
    net_income_p50: float = Field(description="… median")
    net_income_p90: float = Field(description="… 90th percentile")
    p_shortfall: float = Field(
        description="probability that cash falls below the floor in any month"
    )
    months_to_first_income_p50: float | None = Field(
        description="median month of the first income (1-based); null if the median path has none"
    )
    months_to_cover_expenses_p50: float | None = Field(
        description="median first month when income covers expenses; null if never within the horizon"
    )
    final_monthly_income_p50: float = Field(
        description="median earned income per month over the last 3 months"
    )
    income_volatility: float | None = Field(
        None, description="the engine's income volatility measure"
    )
    # how bad, not only whether (issue 10); all on the adapting model (the fallback rule applied)
    p_fallback: float = Field(
        0.0, description="share of paths where the fallback began (cash ran low)"
    )
    fallback_month_p50: float | None = Field(
        None, description="median month the fallback began, among those paths"
    )
    p_limit: float = Field(
        0.0, description="share of paths that reached the hard limit with bills unpaid"
    )
    shortfall_depth_p50: float = Field(
        0.0,
        description="largest deficit below the floor (unpaid bills counted), median over all paths (0 = never short)",
    )
    shortfall_depth_p90: float = Field(0.0, description="… 90th percentile")
    months_below_floor_p50: float = Field(
        0.0, description="months with cash below the floor, median over all paths"
    )
    months_below_floor_p90: float = Field(0.0, description="… 90th percentile")
    interest_p50: float = Field(
        0.0, description="interest paid on negative cash over the horizon, median"
    )
    interest_p90: float = Field(0.0, description="… 90th percentile")
    tax_p50: float = Field(0.0, description="tax on earned income over the horizon, median")
    gross_income_p50: float = Field(
        0.0,
        description="earned income before tax over the horizon, median (net_income_* is after tax)",
    )


class CriterionValue(_Model):
    """One measure of one criterion for one option, with its unit and where the number came from."""

    criterion: str = Field(description="the article criterion (a key of profile.priorities)")
    label: str
    value: float | None = Field(
        description="the measure (median over paths for simulated measures); null = never within the horizon"
    )
    unit: str
    better: Literal["higher", "lower"]
    source: str = Field(
        description="'simulation' or the catalog / article reference the value comes from"
    )
    normalised: float = Field(description="0 = worst of the options compared, 1 = best")
    contribution: float = Field(
        description="weight × normalised: this measure's share of the weighted-sum score"
    )


class BenefitCliff(_Model):
    """Where an option's earnings pass a US benefit limit and leave less (crossroads.money.benefits)."""

    p_paths: float = Field(
        description="share of simulated paths with at least one month past a cliff (disposable "
        "income below what earnings just under the limit would give)"
    )
    months_p50: list[int] = Field(
        default_factory=list, description="1-based months in which the median path is past a cliff"
    )
    programmes: list[str] = Field(default_factory=list, description="'snap' and/or 'medicaid'")
    loss_p50: float = Field(
        0.0, description="median disposable income lost per month hit (profile currency)"
    )
    text: str = Field("", description="the one line the advice, plan and report show")
    displayed: bool = Field(
        True,
        description="false when the cliff is below the text's display thresholds "
        "(cliff_display_min_share, cliff_display_min_loss): `advise` text leaves it out",
    )


class OptionAdvice(_Model):
    """One ranked option."""

    id: str
    kind: Literal["microtask", "career", "hybrid", "freelance", "local_job"]
    label: str
    rank: int = Field(description="1 = recommended")
    score: float = Field(
        description="weighted-sum score (0..1) or TOPSIS closeness (0..1), by method"
    )
    p_first: float = Field(description="share of SMAA samples in which this option ranks first")
    short_label: str = Field(
        "", description="compact label for tables: hours and target, no switching-rule prose"
    )
    family: str = Field(
        "",
        description="'microtask', 'local_job', 'career:<code>', 'freelance:<code>', 'hybrid:<code>' or 'hybrid:freelance:<code>': the kind of path and its target, not the hour split",
    )
    family_p_first: float = Field(
        0.0,
        description="share of SMAA samples in which some option of this family ranks first (sum of p_first over the family)",
    )
    metrics: Metrics
    criteria: dict[str, CriterionValue]
    target: str | None = Field(None, description="O*NET-SOC code of the career target")
    target_title: str | None = None
    microtask_hours: float
    learning_hours: float
    stop_microtask_when_hired: bool
    training_months_p50: float | None = Field(
        None,
        description="median month the training is finished; null if the median path does not finish",
    )
    hired_month_p50: float | None = Field(
        None, description="median month of the first hire; null if the median path is not hired"
    )
    standard_errors: dict[str, float] = Field(
        default_factory=dict,
        description="per measure: Monte Carlo standard error of this option's summary "
        "(mean: sd/√n; median: √(π/2)·sd/√n)",
    )
    paired_se: dict[str, float] = Field(
        default_factory=dict,
        description="per measure: standard error of this option's figure minus the "
        "recommendation's, paired on common random numbers (0 for the recommendation)",
    )
    benefit_cliff: BenefitCliff | None = Field(
        default=None,
        description="US only: set when this option's earnings cross a benefit cliff (issue 10)",
    )


class FamilyAcceptability(_Model):
    """How often one *kind of path* ranks first: microtasks, career X, or any hybrid towards X.

    Neighbouring hybrid splits of one target share the first places of the acceptability analysis
    among themselves, so an option's own ``p_first`` understates how robust the choice of path is.
    The family's share is the sum of its options' ``p_first`` (exactly one option ranks first in
    each sample, so the families' shares also sum to 1).
    """

    family: str = Field(
        description="'microtask', 'local_job', 'career:<code>', 'freelance:<code>', 'hybrid:<code>' "
        "or 'hybrid:freelance:<code>'"
    )
    kind: Literal["microtask", "career", "hybrid", "freelance", "local_job"]
    target: str | None = None
    label: str = Field(
        description="'microtasks only', 'the career path to <title>' or 'a hybrid towards <title>'"
    )
    p_first: float = Field(
        description="share of SMAA samples in which an option of this family ranks first"
    )
    best_option: str = Field(description="id of the family's best-ranked option")
    options: list[str] = Field(description="ids of the family's finalists, best first")


class CriterionInfo(_Model):
    """A measure (column of the decision matrix): what it is, its unit, direction and weight."""

    key: str
    criterion: str
    label: str
    unit: str
    better: Literal["higher", "lower"]
    source: str
    priority: float = Field(description="the person's 0–5 priority of the criterion")
    weight: float = Field(description="normalised weight of this measure (all weights sum to 1)")


class TippingPoint(_Model):
    """The value of one input at which another option would rank first (or none in range)."""

    parameter: Literal["savings", "hours_per_week", "monthly_expenses", "microtask_wage"]
    label: str
    unit: str
    current: float
    direction: Literal["increase", "decrease"]
    searched_to: float = Field(description="the end of the plausible range searched")
    value: float | None = Field(
        description="first value at which the recommendation changes; null = none within the range"
    )
    new_recommendation: str | None
    new_recommendation_label: str | None
    text: str


class CombinedTip(_Model):
    """Two inputs moved together (when no single one changes the answer) and what ranks first."""

    levers: dict[str, float] = Field(
        description="input name (savings, monthly_expenses, hours_per_week) -> value of the remedy"
    )
    becomes: str = Field(
        description="id of the option that would rank first (another kind of path)"
    )
    becomes_label: str
    text: str


class SensitivityEntry(_Model):
    """One registry assumption moved to each end of its range, and what that does to the answer."""

    name: str = Field(
        description="parameter name in the registry (override it under `assumptions:`)"
    )
    label: str
    unit: str
    source: str
    value: float = Field(description="the value used")
    low: float
    high: float
    family_low: str = Field(description="recommended family with the parameter at its low end")
    family_high: str = Field(description="recommended family with the parameter at its high end")
    changes_family: bool
    p_shortfall: float = Field(
        description="the recommended option's shortfall probability at the value used"
    )
    p_shortfall_low: float
    p_shortfall_high: float
    score_change: float = Field(description="largest change of the recommended option's score")
    paths: int = Field(description="paths of the confirming run")
    text: str
    target_low: str | None = Field(
        None,
        description="O*NET-SOC code of the career target that enters the comparison with the "
        "parameter at its low end (the new best-fitting target, else the best new one); None "
        "when the choice of targets does not change there or the parameter is not a matching one",
    )
    target_high: str | None = Field(None, description="the same at the high end")
    target_low_title: str | None = Field(None, description="title of `target_low`")
    target_high_title: str | None = Field(None, description="title of `target_high`")


class Baseline(_Model):
    """What people always have: a local entry-level job now — a reference line, and a ranked
    option (id ``local_job``) only when the profile asks (``baseline.rank``) or ``--rank-baseline``."""

    label: str
    currency: str
    hourly: float = Field(
        description="the country's all-occupations entry wage (crossroads.world.wages.entry_wage)"
    )
    monthly: float = Field(
        description="hourly × the person's hours (at most full time) × 52/12, before tax"
    )
    hours_per_week: float
    hire_months_p50: float | None = Field(
        None,
        description="median months to find it at the CPS-based hiring hazard of the fallback job",
    )
    source: str
    text: str
    ranked: bool = Field(
        False,
        description="true when the job is also ranked: it is then the option 'local_job' in "
        "`options` (simulated on the same draws; the other options' figures do not change)",
    )


class MixResult(_Model):
    """One hybrid mix of the grid search (screened on fewer paths, common random numbers)."""

    id: str
    target: str
    microtask_hours: float
    learning_hours: float
    stop_microtask_when_hired: bool
    score: float
    p_shortfall: float
    net_income_p50: float


class MinimumMicrotask(_Model):
    """Goal-seek: the fewest microtask hours per week that keep the shortfall within tolerance."""

    target: str
    target_title: str
    microtask_hours: float | None = Field(
        description="null when even all hours on microtasks exceed the tolerance"
    )
    learning_hours: float | None
    p_shortfall: float | None
    training_months_p50: float | None
    tolerance: float
    text: str


class HybridSearch(_Model):
    mixes_screened: int
    screening_paths: int
    best_mixes: list[MixResult]
    minimum_microtask: list[MinimumMicrotask]


class FailureDrilldown(_Model):
    """What the bad paths of the recommended option have in common."""

    option: str
    kind: Literal["shortfall", "low_income"]
    share: float = Field(
        description="share of paths that are 'bad' (short of cash, or the lowest-income decile)"
    )
    median_month: float | None = Field(description="median month of the first shortfall")
    factors: list[dict[str, Any]]
    text: list[str]


class Assumption(_Model):
    name: str
    value: float
    low: float | None = None
    high: float | None = None
    unit: str = ""
    source: str = ""
    doc: str = ""
    overridden: bool = False
    why_it_matters: str = ""


class OtherIncomeItem(_Model):
    label: str
    amount: float = Field(description="per month")
    first_month: int
    last_month: int


class MoneyTerms(_Model):
    """The money rules every figure of the advice was computed with (shown beside the results)."""

    cash_floor: float = Field(description="lowest acceptable cash: below it the person is 'short'")
    hard_limit: float = Field(
        description="-credit_limit: cash never goes below it; what it cannot pay stays unpaid"
    )
    debt_apr: float = Field(description="annual interest on negative cash, charged monthly")
    fallback_rule: str = Field(description="any_job | microtasks | off")
    fallback: str = Field(description="the fallback rule in words")
    other_income: list[OtherIncomeItem] = Field(default_factory=list)
    tax: str = Field("", description="how income is taxed; 'net income' is after tax everywhere")
    benefits: str = Field(
        default="",
        description="US: the EITC / SNAP / Medicaid limits of the household that the benefit-cliff check used",
    )


class Honesty(_Model):
    any_within_tolerance: bool = Field(
        description="some option keeps p_shortfall within the person's tolerance"
    )
    any_covers_expenses: bool = Field(
        description="some option's median path covers expenses within the horizon"
    )
    closest_option: str | None = None


class Advice(_Model):
    """Everything ``advise`` concluded, with the evidence behind it."""

    schema_version: int = Field(
        default=SCHEMA_VERSION, description="version of this document's schema"
    )
    recommendation: str = Field(description="id of the first-ranked option")
    recommendation_label: str
    method: Literal["weighted_sum", "topsis"]
    options: list[OptionAdvice] = Field(description="ranked, best first")
    families: list[FamilyAcceptability] = Field(
        default_factory=list,
        description="acceptability per kind of path (microtasks / career X / hybrids towards X), most often first first",
    )
    recommendation_family: str = Field("", description="family of the recommended option")
    kinds: list[FamilyAcceptability] = Field(
        default_factory=list,
        description="acceptability per kind of path (microtask / hybrid / career / freelance), "
        "most often first first: the coherence rule's first level (docs/decision.md §4a)",
    )
    recommendation_kind: str = Field("", description="kind of the recommended option")
    family_tie: str | None = Field(
        None,
        description="plain statement when the two most acceptable targets of the recommended "
        "kind are tied (the target is a close call)",
    )
    explanation: list[str]
    tipping_points: list[TippingPoint]
    warnings: list[str] = Field(
        description="honesty warnings first (nothing safe / nothing covers expenses)"
    )
    assumptions: list[Assumption]
    seed: int
    paths: int
    horizon_months: int
    targets: list[str] = Field(
        default_factory=list,
        description="career targets asked for (--target); empty = chosen by fit",
    )
    criteria: list[CriterionInfo]
    hybrid_search: HybridSearch
    failure: FailureDrilldown | None
    honesty: Honesty
    tolerance: float = Field(description="the person's max_shortfall_probability")
    currency: str
    data_as_of: dict[str, str]
    profile_name: str
    money: MoneyTerms | None = Field(
        None, description="credit limit, interest, fallback rule, other income and tax used"
    )
    # issue 12: noise, coherence, the short answer (additions only; nothing above changed)
    equivalence_band: dict[str, float] = Field(
        default_factory=dict,
        description="per measure: differences smaller than this earn no normalised credit "
        "(max of 2 paired SE and the minimum meaningful difference, docs/decision.md §3a)",
    )
    tie: str | None = Field(
        None,
        description="plain statement when two kinds of path are tied in the acceptability analysis",
    )
    overruled: str | None = Field(
        None,
        description="id of the best-scoring option when the coherence rule recommended another",
    )
    tipping_summary: str = Field(
        "", description="one line when no input within its plausible range changes the answer"
    )
    tipping_combined: list[CombinedTip] = Field(
        default_factory=list,
        description="when no single input changes the answer: the smallest joint moves of two "
        "(savings with expenses or hours) that make another kind of path rank first",
    )
    sensitivity: list[SensitivityEntry] = Field(
        default_factory=list,
        description="registry assumptions ranked by how much they change the answer (one at a time, confirmed)",
    )
    baseline: Baseline | None = Field(
        None, description="reference line: a local entry-level job now (not ranked)"
    )
    short_answer: ShortAnswer | None = Field(
        None,
        description="the first screen: one sentence, the next 4 weeks, month-1 and month-3 income, "
        "reasons, what would change it",
    )

    def option(self, option_id: str) -> OptionAdvice:
        """The ranked entry of ``option_id`` (InputError naming ``option`` if unknown)."""
        for o in self.options:
            if o.id == option_id:
                return o
        from crossroads.errors import InputError

        raise InputError.one(
            "option",
            f"{option_id!r} is not one of the advised options: "
            + ", ".join(o.id for o in self.options),
        )


def money_terms(setup: Any, currency: str = "USD") -> MoneyTerms | None:
    """The money rules of a simulation's setup, for the advice document (None without them)."""
    cr = getattr(setup, "cash", None)
    if cr is None:
        return None
    return MoneyTerms(
        cash_floor=cr.floor,
        hard_limit=cr.limit,
        debt_apr=cr.apr,
        fallback_rule=cr.fallback.rule,
        fallback=cr.fallback.describe(currency),
        other_income=[
            OtherIncomeItem(label=lab, amount=a, first_month=f, last_month=last)
            for lab, a, f, last in cr.other_items
        ],
        tax=str(getattr(setup, "tax_note", "") or ""),
    )


@dataclass(frozen=True)
class AdviceRun:
    """The live simulation behind an :class:`Advice` (not part of the document).

    ``sim`` holds the finalists' monthly arrays (tens of MB at 10,000 paths); ``options`` are the
    simulated :class:`~crossroads.options.Option` objects in the order of ``sim``. The plan and the
    report read it; without it they re-simulate only the option they need, with the same seed.
    """

    sim: SimResult
    options: tuple[Option, ...]

    def index(self, option_id: str) -> int:
        """Index of ``option_id`` in ``sim`` (InputError naming ``option`` if it was not simulated)."""
        for i, o in enumerate(self.options):
            if o.id == option_id:
                return i
        from crossroads.errors import InputError

        raise InputError.one("option", f"{option_id!r} is not one of the advised options")

    def get(self, option_id: str) -> tuple[int, Option] | None:
        """(index, option) of ``option_id`` if it was simulated, else None."""
        for i, o in enumerate(self.options):
            if o.id == option_id:
                return i, o
        return None
