"""The profile: what a person tells crossroads about their money, time, skills and priorities.

Every other part of the product (simulation, decision, matching, plan, report) reads a
:class:`Profile`, so this module is the single gate that turns a user's file into trusted data.
It therefore insists on three things:

* **The contract field names of issue #2** (``money.savings``, ``time.hours_per_week``,
  ``priorities.quick_payout`` ...) and nothing else: unknown keys are rejected, with a "did you
  mean" hint, because a misspelt key silently falling back to a default would give advice about
  somebody else.
* **All problems at once**: :func:`load_profile` / :func:`profile_from_data` raise one
  :class:`~crossroads.errors.InputError` listing every field problem with its dotted path and a
  plain-language reason — never a Pydantic dump.
* **Numbers are numbers**: booleans (YAML's ``yes``/``no``) and quoted strings are not accepted
  where a number is expected, and NaN/infinity are refused.

Bundled example profiles live in ``crossroads/examples/*.yaml``; :func:`example_names`,
:func:`example_text` and :func:`load_example` expose them.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import pycountry
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from crossroads.catalog.skills import LEVEL_MAX, LEVEL_MIN, SKILL_BY_KEY, SKILLS
from crossroads.errors import FieldError, InputError

#: Unicode categories that are not text in a name: controls, format characters (bidi overrides,
#: zero-width joiners), surrogates, private use, unassigned, line and paragraph separators.
_NOT_TEXT = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

__all__ = [
    "CRITERIA",
    "DEFAULT_PRIORITIES",
    "WORK_STYLES",
    "WORK_VALUES",
    "Fallback",
    "Money",
    "OtherIncome",
    "Priorities",
    "Profile",
    "Risk",
    "Tax",
    "TimeBudget",
    "TargetWage",
    "CurrentWork",
    "example_description",
    "normalise_country",
    "normalise_currency",
    "example_names",
    "example_text",
    "load_example",
    "load_profile",
    "profile_from_data",
]

# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------

#: The 11 decision criteria of the article, in the order the decision module shows them.
CRITERIA: tuple[str, ...] = (
    "earnings",
    "quick_payout",
    "financial_safety",
    "career_growth",
    "job_security",
    "flexibility",
    "autonomy",
    "low_barrier",
    "low_competition",
    "little_ongoing_learning",
    "fit",
)

#: Default importance (0..5) of each criterion when the profile leaves it out: a middle-of-the-road
#: person who cares about money and safety a bit more than about the rest.
DEFAULT_PRIORITIES: dict[str, int] = {
    "earnings": 4,
    "quick_payout": 3,
    "financial_safety": 4,
    "career_growth": 3,
    "job_security": 3,
    "flexibility": 3,
    "autonomy": 2,
    "low_barrier": 2,
    "low_competition": 2,
    "little_ongoing_learning": 1,
    "fit": 3,
}

#: O*NET 29 work styles (element 1.C, rated on importance 1..5), snake_case key -> O*NET name.
#: The keys equal the catalog's ``im_*`` column names without the prefix.
WORK_STYLES: dict[str, str] = {
    "achievement_effort": "Achievement/Effort",
    "persistence": "Persistence",
    "initiative": "Initiative",
    "leadership": "Leadership",
    "cooperation": "Cooperation",
    "concern_for_others": "Concern for Others",
    "social_orientation": "Social Orientation",
    "self_control": "Self-Control",
    "stress_tolerance": "Stress Tolerance",
    "adaptability_flexibility": "Adaptability/Flexibility",
    "dependability": "Dependability",
    "attention_to_detail": "Attention to Detail",
    "integrity": "Integrity",
    "independence": "Independence",
    "innovation": "Innovation",
    "analytical_thinking": "Analytical Thinking",
}

#: O*NET work values (element 1.B.2, rated on extent 1..7), snake_case key -> O*NET name.
WORK_VALUES: dict[str, str] = {
    "achievement": "Achievement",
    "working_conditions": "Working Conditions",
    "recognition": "Recognition",
    "relationships": "Relationships",
    "support": "Support",
    "independence": "Independence",
}

WORK_STYLE_MIN, WORK_STYLE_MAX = 1.0, 5.0
WORK_VALUE_MIN, WORK_VALUE_MAX = 1.0, 7.0

# --------------------------------------------------------------------------------------------
# Number types: strict (no bools, no quoted strings), finite.
# --------------------------------------------------------------------------------------------

Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
NonNeg = Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)]
Importance = Annotated[float, Strict(), Field(ge=0, le=5, allow_inf_nan=False)]


#: Earliest ``as_of``: the packaged platform, wage and evidence tables describe 2020 onwards.
AS_OF_MIN = date(2020, 1, 1)
#: Latest ``as_of``, in years after today (a plan made ahead of a move, not a date in 9999).
AS_OF_MAX_YEARS_AHEAD = 5


def _pad_date(text: str) -> str:
    y, m, d = text.split("-")
    return f"{y}-{int(m):02d}-{int(d):02d}"


class _Section(BaseModel):
    """Base of every profile section: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


US_STATES = (
    "AK",
    "AL",
    "AR",
    "AZ",
    "CA",
    "CO",
    "CT",
    "DC",
    "DE",
    "FL",
    "GA",
    "HI",
    "IA",
    "ID",
    "IL",
    "IN",
    "KS",
    "KY",
    "LA",
    "MA",
    "MD",
    "ME",
    "MI",
    "MN",
    "MO",
    "MS",
    "MT",
    "NC",
    "ND",
    "NE",
    "NH",
    "NJ",
    "NM",
    "NV",
    "NY",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VA",
    "VT",
    "WA",
    "WI",
    "WV",
    "WY",
)
FILING_STATUSES = ("single", "married_joint", "married_separate", "head_of_household")


class OtherIncome(_Section):
    """One source of other income: e.g. an unemployment benefit for 6 months, a stipend."""

    amount: NonNeg = Field(description="per month, in the profile currency")
    months: Annotated[int, Strict(), Field(ge=1, le=120)] | None = Field(
        None, description="how many months it lasts (omitted: the whole horizon)"
    )
    start_month: Annotated[int, Strict(), Field(ge=1, le=120)] = Field(
        1, description="first month it is paid (1 = this month)"
    )
    label: str = Field("", max_length=80, description="what it is, shown in the plan")


class Tax(_Section):
    """How income is taxed: US household type (federal + state via tenforty), or a flat rate."""

    state: str | None = Field(None, description="US state (two letters) for state income tax")
    filing_status: str = Field(
        "single", description="single, married_joint, married_separate, head_of_household"
    )
    dependants: Annotated[int, Strict(), Field(ge=0, le=10)] = Field(
        0, description="qualifying children"
    )
    effective_rate: Annotated[float, Strict(), Field(ge=0, le=0.9, allow_inf_nan=False)] | None = (
        Field(None, description="flat share of earned income lost to tax (overrides the schedule)")
    )

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, v: Any) -> Any:
        if isinstance(v, str):
            up = v.strip().upper()
            if up not in US_STATES:
                raise ValueError(f"must be a US state code such as CA, NY or TX (or DC), got {v!r}")
            return up
        return v

    @field_validator("filing_status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        if isinstance(v, str):
            key = v.strip().lower().replace(" ", "_").replace("-", "_")
            if key not in FILING_STATUSES:
                raise ValueError(f"must be one of {', '.join(FILING_STATUSES)}, got {v!r}")
            return key
        return v


class Fallback(_Section):
    """What the person does when cash runs low — visible, changeable, and can be switched off."""

    rule: str = Field("any_job", description="any_job (default), microtasks, or off")
    keep_career_search: bool = Field(
        True, description="keep searching for the career job meanwhile"
    )
    trigger_months: Annotated[float, Strict(), Field(ge=0, le=12, allow_inf_nan=False)] | None = (
        Field(
            None,
            description="start when cash above the floor covers fewer months of shortfall than this",
        )
    )
    hours_per_week: Annotated[float, Strict(), Field(gt=0, le=112, allow_inf_nan=False)] | None = (
        Field(
            None,
            description="hours of the fallback job (default: your hours less the career search kept)",
        )
    )
    wage_hourly: Annotated[float, Strict(), Field(gt=0, allow_inf_nan=False)] | None = Field(
        None, description="hourly wage of the fallback job (default: all-occupations entry wage)"
    )

    @field_validator("rule", mode="before")
    @classmethod
    def _rule(cls, v: Any) -> Any:
        if v is False:  # YAML "off" / "no"
            return "off"
        if isinstance(v, str):
            key = v.strip().lower().replace("-", "_").replace(" ", "_")
            if key not in ("any_job", "microtasks", "off"):
                raise ValueError(f"must be any_job, microtasks or off, got {v!r}")
            return key
        return v


class BaselineChoice(_Section):
    """Whether the reference line "a local entry-level job now" is also ranked as an option.

    Why a switch: the baseline is a comparison every advice shows, not a plan the person asked
    about; a person who would take a local job ranks it beside the remote paths (issue 12 §4).
    """

    rank: bool = Field(False, description="rank the local entry-level job among the options")


class Money(_Section):
    """Money per month in the profile's currency, plus the stock of savings available now."""

    savings: Number = Field(description="cash available now (>= 0)")
    monthly_expenses: NonNeg = Field(description="essential costs per month")
    other_monthly_income: NonNeg = Field(
        0.0, description="income that continues regardless of the choice"
    )
    cash_floor: Number = Field(
        0.0, description="lowest acceptable cash; negative = credit the person can draw on"
    )
    learning_budget: NonNeg = Field(0.0, description="money available for courses and exams")
    credit_limit: NonNeg | None = Field(
        None,
        description="how far below zero cash can go (card limit, overdraft); default 0, or -cash_floor",
    )
    debt_apr: Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)] | None = Field(
        None,
        description="annual interest on negative cash (0.2225 = 22.25%); default: the registry's debt_apr",
    )
    other_income: list[OtherIncome] | None = Field(
        None,
        description="other income: a number per month, or a list of {amount, months, start_month, label}",
    )
    tax: Tax | None = Field(None, description="tax household (US) or a flat effective rate")

    @field_validator("other_income", mode="before")
    @classmethod
    def _other_income(cls, v: Any) -> Any:
        # a plain number is one item for the whole horizon
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return [{"amount": v}]
        return v

    fx_to_usd: Annotated[float, Strict(), Field(gt=0, le=100000, allow_inf_nan=False)] | None = (
        Field(
            None,
            description="US dollars per 1 unit of the profile's currency; default: the bundled ECB "
            "reference rate (required for a currency the ECB does not publish, e.g. KES)",
        )
    )

    @field_validator("savings")
    @classmethod
    def _savings_not_negative(cls, v: float) -> float:
        # Debt is not savings: the engine needs the cash actually on hand, and credit is a limit,
        # not a balance. Saying how to express it avoids a dead end.
        if v < 0:
            raise ValueError(
                f"must be 0 or more (got {_fmt(v)}); savings cannot be negative — to count credit "
                "you can draw on (a card limit, an overdraft), set money.cash_floor to a negative "
                "number, e.g. cash_floor: -1000"
            )
        return v

    @model_validator(mode="after")
    def _floor_not_above_savings(self, info: ValidationInfo) -> Money:
        # A floor above the cash on hand means "already short" before month 1: every projection
        # would report a 100% shortfall, which is advice about the floor, not about the options.
        # Money always sits at ``money`` in a Profile, so the error can name the exact field.
        if self.cash_floor > self.savings:
            reason = (
                f"is {_fmt(self.cash_floor)}, above money.savings ({_fmt(self.savings)}): you "
                "would already be short of cash before month 1. Lower the floor (0 = never run "
                "out; negative = credit you can draw on) or correct the savings"
            )
            if _collecting(info):
                _report(info, FieldError("money.cash_floor", reason))
                return self
            raise ValueError(
                f"money.cash_floor ({_fmt(self.cash_floor)}) is above money.savings "
                f"({_fmt(self.savings)}): you would already be short of cash before month 1. Lower "
                "the floor (0 = never run out; negative = credit you can draw on) or correct the "
                "savings"
            )
        return self


class TimeBudget(_Section):
    """Hours the person can give each week, and how far ahead to look."""

    hours_per_week: Annotated[float, Strict(), Field(gt=0, le=112, allow_inf_nan=False)] = Field(
        description="hours per week for paid work, learning and job search together (0 < h <= 112)"
    )
    horizon_months: Annotated[int, Strict(), Field(ge=1, le=120)] = Field(
        36, description="months to project (1..120)"
    )

    @field_validator("horizon_months", mode="before")
    @classmethod
    def _whole_months(cls, v: Any) -> Any:
        # YAML/JSON may write 24.0; accept whole floats, refuse 24.5 with a clear reason.
        if isinstance(v, float) and not isinstance(v, bool) and math.isfinite(v) and v.is_integer():
            return int(v)
        return v


class Priorities(_Section):
    """How much each of the article's criteria matters: 0 = does not matter ... 5 = essential."""

    earnings: Importance = DEFAULT_PRIORITIES["earnings"]
    quick_payout: Importance = DEFAULT_PRIORITIES["quick_payout"]
    financial_safety: Importance = DEFAULT_PRIORITIES["financial_safety"]
    career_growth: Importance = DEFAULT_PRIORITIES["career_growth"]
    job_security: Importance = DEFAULT_PRIORITIES["job_security"]
    flexibility: Importance = DEFAULT_PRIORITIES["flexibility"]
    autonomy: Importance = DEFAULT_PRIORITIES["autonomy"]
    low_barrier: Importance = DEFAULT_PRIORITIES["low_barrier"]
    low_competition: Importance = DEFAULT_PRIORITIES["low_competition"]
    little_ongoing_learning: Importance = DEFAULT_PRIORITIES["little_ongoing_learning"]
    fit: Importance = DEFAULT_PRIORITIES["fit"]

    @model_validator(mode="after")
    def _something_matters(self) -> Priorities:
        # All zeros would leave the ranking nothing to weigh; silently treating them as equal
        # weights would rank by criteria the person said do not matter. Refuse, and say how.
        if all(float(getattr(self, c)) == 0 for c in CRITERIA):
            raise ValueError(
                "every priority is 0, so nothing would decide the ranking: give at least one "
                "criterion a priority above 0 (a criterion left out gets its default)"
            )
        return self

    def as_dict(self) -> dict[str, float]:
        """The priorities in :data:`CRITERIA` order (the decision module turns them into weights)."""
        return {c: float(getattr(self, c)) for c in CRITERIA}


class Risk(_Section):
    """The person's tolerance for running short of cash."""

    max_shortfall_probability: Annotated[
        float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)
    ] = Field(0.10, description="acceptable probability that cash falls below the floor (0..1)")


class Experience(_Section):
    """One stretch of work experience: an occupation and the years spent in it."""

    occupation: str = Field(
        min_length=1, description="O*NET-SOC code, or a title `occupations --search` resolves"
    )
    years: NonNeg = Field(description="years worked in it (>= 0)")

    @field_validator("occupation")
    @classmethod
    def _occupation(cls, v: str) -> str:
        return resolve_occupation(v)


class TargetWage(_Section):
    """A career target with the person's own hourly wage for it (overrides the country estimate)."""

    code: str = Field(min_length=1, description="O*NET-SOC code, e.g. 43-4051.00")
    wage_hourly: Annotated[float, Strict(), Field(gt=0, allow_inf_nan=False)] = Field(
        description="hourly wage in the profile's currency that an entrant would earn where you live"
    )


class CurrentWork(_Section):
    """Microtask work the person already does: no onboarding, and their earnings inform the model.

    Hook for the journal (issue 14), which replaces the simple weighting with a Bayesian update.
    """

    platform: str = Field(
        min_length=1, description="platform id (prolific, clickworker, appen, toloka, ...)"
    )
    hours_per_week: Annotated[float, Strict(), Field(gt=0, le=112, allow_inf_nan=False)] = Field(
        description="hours per week currently spent on the platform, unpaid time included"
    )
    earnings_per_month: NonNeg = Field(description="earnings per month in the profile's currency")
    since: date | None = Field(None, description="when the person started on the platform")


class Profile(_Section):
    """A person's situation and wishes; see docs/profile.md for every field, unit and range."""

    name: str = Field(min_length=1, max_length=200)
    country: str = Field(description="ISO 3166-1 alpha-2 code, stored upper case")
    currency: str = Field(
        "USD", description="ISO 4217 code; converted at the bundled ECB rate or money.fx_to_usd"
    )
    money: Money
    time: TimeBudget
    skills: dict[
        str, Annotated[float, Strict(), Field(ge=LEVEL_MIN, le=LEVEL_MAX, allow_inf_nan=False)]
    ] = Field(default_factory=dict, description="snake_case O*NET skill -> self-rated level 0..7")
    priorities: Priorities = Field(default_factory=Priorities)
    risk: Risk = Field(default_factory=lambda: Risk.model_validate({}))
    work_styles: dict[
        str,
        Annotated[
            float, Strict(), Field(ge=WORK_STYLE_MIN, le=WORK_STYLE_MAX, allow_inf_nan=False)
        ],
    ] = Field(default_factory=dict, description="O*NET work style -> 1..5")
    work_values: dict[
        str,
        Annotated[
            float, Strict(), Field(ge=WORK_VALUE_MIN, le=WORK_VALUE_MAX, allow_inf_nan=False)
        ],
    ] = Field(default_factory=dict, description="O*NET work value -> 1..7")
    assumptions: dict[str, Number] = Field(
        default_factory=dict, description="overrides of crossroads.params by name"
    )
    as_of: date | None = Field(None, description="'today' for platform status; None = date.today()")
    fallback: Fallback = Field(
        default_factory=lambda: Fallback.model_validate({}),
        description="what you do when cash runs low (rule: any_job | microtasks | off)",
    )

    @field_validator("fallback", mode="before")
    @classmethod
    def _fallback_short(cls, v: Any) -> Any:
        # ``fallback: off`` (YAML false), ``fallback: microtasks`` — the rule alone
        if v is None:
            return {}
        if v is False or isinstance(v, str):
            return {"rule": v}
        return v

    baseline: BaselineChoice = Field(
        default_factory=lambda: BaselineChoice.model_validate({}),
        description="the local entry-level job: rank it among the options (rank: true) or not",
    )

    @field_validator("baseline", mode="before")
    @classmethod
    def _baseline_empty(cls, v: Any) -> Any:
        return {} if v is None else v  # a section with everything commented out

    experience: list[Experience] = Field(
        default_factory=list, description="related work experience: [{occupation, years}]"
    )
    education: str | None = Field(
        None, description="highest education, an O*NET RL category by name"
    )

    @field_validator("education", mode="before")
    @classmethod
    def _education(cls, v: Any) -> Any:
        if v is None or not isinstance(v, str):
            return v
        from crossroads.requirements import EDUCATION_LEVELS, education_level, education_names

        lvl = education_level(v)
        if lvl is None:
            raise ValueError(
                f"{v!r} is not an O*NET education level; use one of: {', '.join(education_names())}"
            )
        return EDUCATION_LEVELS[lvl - 1][0]

    targets: list[TargetWage] = Field(
        default_factory=list, description="career targets with the person's own hourly wage"
    )
    current_work: list[CurrentWork] = Field(
        default_factory=list, description="microtask platforms the person already works on"
    )

    # -- field checks that need the path of a key (they collect into the validation context) --

    @field_validator("name", mode="after")
    @classmethod
    def _printable_name(cls, v: str) -> str:
        # The name is printed on terminals and in reports: control characters (terminal escape
        # codes, bidi overrides) would act on the screen instead of being shown. Spaces of any
        # kind (a no-break space in "Marie\u00a0Curie") are text, so Zs is allowed, unlike
        # str.isprintable(), which refuses every space but U+0020.
        bad = next((c for c in v if unicodedata.category(c) in _NOT_TEXT), None)
        if bad is not None:
            raise ValueError(
                f"must not contain control characters (found U+{ord(bad):04X} at position "
                f"{v.index(bad) + 1})"
            )
        return v

    @field_validator("as_of", mode="before")
    @classmethod
    def _calendar_date(cls, v: Any) -> Any:
        # YAML 1.2 leaves dates as text; say *why* a date-shaped text is not a date (February 30,
        # month 13) instead of "must be a date".
        if isinstance(v, str) and re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", v):
            try:
                return date.fromisoformat(_pad_date(v.strip()))
            except ValueError as exc:
                raise ValueError(f"{v.strip()} is not a calendar date ({exc})") from None
        return v

    @field_validator("as_of", mode="after")
    @classmethod
    def _plausible_as_of(cls, v: date | None) -> date | None:
        # The platform statuses and wages describe AS_OF_MIN onwards, and the plan adds up to 120
        # months: a date outside this window gives advice about a world crossroads has no data on.
        if v is None:
            return v
        latest = date.today().replace(day=1)
        latest = latest.replace(year=latest.year + AS_OF_MAX_YEARS_AHEAD)
        if not AS_OF_MIN <= v <= latest:
            raise ValueError(
                f"{v.isoformat()} is outside the dates crossroads has data for: use a date from "
                f"{AS_OF_MIN.isoformat()} to {latest.isoformat()} (or leave as_of out for today)"
            )
        return v

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> Any:
        if v is False or v is True:
            # YAML 1.1 reads an unquoted NO (Norway) as false.
            raise ValueError(
                "must be a two-letter ISO 3166-1 code in quotes; YAML reads an unquoted NO as "
                'false — write country: "NO"'
            )
        return normalise_country(v) if isinstance(v, str) else v

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, v: Any) -> Any:
        return normalise_currency(v) if isinstance(v, str) else v

    @field_validator(
        "skills", "work_styles", "work_values", "assumptions", "priorities", "risk", mode="before"
    )
    @classmethod
    def _empty_section(cls, v: Any) -> Any:
        # A section whose entries are all commented out is null in YAML: treat it as empty.
        return {} if v is None else v

    @field_validator("targets", "current_work", "experience", mode="before")
    @classmethod
    def _empty_list(cls, v: Any) -> Any:
        # null = none; a single mapping is accepted as a list of one (current_work: {platform: ...})
        if v is None:
            return []
        return [v] if isinstance(v, Mapping) else v

    @model_validator(mode="after")
    def _currency_has_rate(self, info: ValidationInfo) -> Profile:
        # Amounts in a currency with no market rate cannot be compared with what platforms pay:
        # refuse (naming money.fx_to_usd) instead of reading them as US dollars.
        from crossroads.world.currency import fx_problem

        problem = fx_problem(self.currency, self.money.fx_to_usd, self.assumptions.get("fx_to_usd"))
        if problem is None:
            return self
        if _collecting(info):
            _report(info, problem)
            return self
        raise ValueError(str(problem))

    @field_validator("skills", mode="before")
    @classmethod
    def _skill_names(cls, v: Any, info: ValidationInfo) -> Any:
        return _check_keys(v, info, "skills", set(SKILLS), "an O*NET skill (see docs/profile.md)")

    @field_validator("work_styles", mode="before")
    @classmethod
    def _work_style_names(cls, v: Any, info: ValidationInfo) -> Any:
        return _check_keys(v, info, "work_styles", set(WORK_STYLES), "an O*NET work style")

    @field_validator("work_values", mode="before")
    @classmethod
    def _work_value_names(cls, v: Any, info: ValidationInfo) -> Any:
        return _check_keys(v, info, "work_values", set(WORK_VALUES), "an O*NET work value")

    @field_validator("assumptions", mode="before")
    @classmethod
    def _assumptions(cls, v: Any, info: ValidationInfo) -> Any:
        if not isinstance(v, Mapping):
            return v
        validate = _params_validator()
        if validate is None:  # params.py not there yet: only the type checks apply
            return v
        problems = list(validate(v))
        bad: set[str] = set()
        for p in problems:
            field = p.field if p.field.startswith("assumptions") else f"assumptions.{p.field}"
            bad.add(field.split(".", 1)[1] if "." in field else "")
            _report(info, FieldError(field, p.reason))
        if not problems:
            return v
        if not _collecting(info):
            raise ValueError("; ".join(str(p) for p in problems))
        return {k: x for k, x in v.items() if str(k) not in bad}

    # -- helpers for the rest of the product --

    @property
    def horizon(self) -> int:
        """Months to project (a shortcut used by the engine and the reports)."""
        return self.time.horizon_months

    def today(self) -> date:
        """The date that counts as "today" for platform status (``as_of`` or the real date)."""
        return self.as_of or date.today()

    def skill(self, key: str) -> float | None:
        """The self-rated level of ``key`` or ``None`` when the person did not rate it."""
        if key not in SKILL_BY_KEY:
            raise KeyError(key)
        return self.skills.get(key)

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-compatible data in the file layout (whole numbers written as integers)."""
        data = self.model_dump(mode="json")
        if data.get("as_of") is None:
            data.pop("as_of", None)
        for key in (
            "work_styles",
            "work_values",
            "assumptions",
            "experience",
            "education",
            "targets",
            "current_work",
        ):
            if not data.get(key):
                data.pop(key, None)
        for key in ("credit_limit", "debt_apr", "other_income", "tax"):
            if data.get("money", {}).get(key) is None:
                data.get("money", {}).pop(key, None)
        if data.get("fallback") == Fallback.model_validate({}).model_dump(mode="json"):
            data.pop("fallback", None)
        if data.get("baseline") == BaselineChoice.model_validate({}).model_dump(mode="json"):
            data.pop("baseline", None)
        if data.get("money", {}).get("fx_to_usd") is None:
            data.get("money", {}).pop("fx_to_usd", None)
        result: dict[str, Any] = _tidy_numbers(data)
        return result

    def to_yaml(self) -> str:
        """YAML text that :func:`load_profile` reads back to an equal profile."""
        body = yaml.safe_dump(self.to_data(), sort_keys=False, allow_unicode=True, width=100)
        return "# crossroads profile — fields, units and ranges: docs/profile.md\n" + body

    def to_json(self) -> str:
        """JSON text that :func:`load_profile` reads back to an equal profile."""
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# Validation plumbing
# --------------------------------------------------------------------------------------------


def resolve_occupation(text: str) -> str:
    """An O*NET-SOC code from a code (``43-6014`` or ``43-6014.00``) or a title the catalog's search
    resolves; ValueError naming the problem otherwise."""
    from crossroads.catalog import get_catalog

    t = text.strip()
    cat = get_catalog()
    if re.fullmatch(r"\d\d-\d\d\d\d(\.\d\d)?", t):
        code = t if "." in t else t + ".00"
        if code not in cat:
            raise ValueError(f"unknown O*NET-SOC code {t!r} (see `crossroads occupations`)")
        return code
    found = cat.search(t)
    if not found:
        raise ValueError(
            f"no occupation matches {t!r}; give an O*NET-SOC code (see `crossroads occupations --search`)"
        )
    return str(found[0])


def normalise_country(text: str) -> str:
    """An ISO 3166-1 alpha-2 code in upper case, or ValueError with a hint (``UK`` -> ``GB``).

    Shared by the model and the questionnaire so both accept and refuse exactly the same input.
    """
    code = text.strip().upper()
    if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
        return code
    hint = ""
    if code == "UK":
        hint = "; did you mean 'GB' (United Kingdom)?"
    else:
        try:
            found = pycountry.countries.lookup(text.strip())
            hint = f"; did you mean {found.alpha_2!r} ({found.name})?"
        except LookupError:
            pass
    raise ValueError(f"{text!r} is not an ISO 3166-1 alpha-2 country code (e.g. US, GB, IN){hint}")


def normalise_currency(text: str) -> str:
    """An ISO 4217 currency code in upper case, or ValueError."""
    code = text.strip().upper()
    if len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None:
        return code
    raise ValueError(f"{text!r} is not an ISO 4217 currency code (e.g. USD, EUR, INR)")


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _tidy_numbers(obj: Any) -> Any:
    if isinstance(obj, float) and obj.is_integer() and abs(obj) < 1e15:
        return int(obj)
    if isinstance(obj, dict):
        return {k: _tidy_numbers(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_tidy_numbers(v) for v in obj]
    return obj


def _collecting(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and isinstance(info.context.get("errors"), list)


def _report(info: ValidationInfo, err: FieldError) -> None:
    if _collecting(info):
        assert isinstance(info.context, dict)
        info.context["errors"].append(err)


def _suggest(name: str, choices: set[str]) -> str:
    norm = re.sub(r"[\s\-/]+", "_", name.strip().lower())
    if norm in choices:
        return f"; did you mean {norm!r}?"
    close = difflib.get_close_matches(norm, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


_SUGGEST_AT_MOST = 20


def _check_keys(v: Any, info: ValidationInfo, section: str, allowed: set[str], what: str) -> Any:
    """Reject unknown keys of a name -> number mapping, each under its own dotted path.

    Pydantic cannot attach an error to a *key*, so the problems are collected in the validation
    context (``profile_from_data`` passes one) and the bad keys are dropped, which lets Pydantic
    still check the remaining values in the same pass — all errors at once.
    """
    if not isinstance(v, Mapping):
        return v
    unknown = [k for k in v if not isinstance(k, str) or k not in allowed]
    if not unknown:
        return v
    # "Did you mean" costs a fuzzy match per key: only the first few get one, so 100,000 bogus
    # keys stay linear (and the message lists them all anyway).
    errors = [
        FieldError(
            f"{section}.{k}",
            f"unknown name: not {what}{_suggest(str(k), allowed) if i < _SUGGEST_AT_MOST else ''}",
        )
        for i, k in enumerate(unknown)
    ]
    if not _collecting(info):
        raise ValueError("; ".join(str(e) for e in errors))
    for e in errors:
        _report(info, e)
    drop = set(unknown)
    return {k: x for k, x in v.items() if k not in drop}


def _params_validator() -> Any:
    """``crossroads.params.validate_overrides`` if that module exists yet, else ``None``."""
    try:
        from crossroads import params
    except ModuleNotFoundError as exc:
        if exc.name in ("crossroads.params",):
            return None
        raise
    return getattr(params, "validate_overrides", None)


_TYPE_WORDS = {
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text",
    "bool_type": "must be true or false (yes/no)",
    "bool_parsing": "must be true or false (yes/no)",
    "dict_type": "must be a section of key: value pairs",
    "model_type": "must be a section of key: value pairs",
    "model_attributes_type": "must be a section of key: value pairs",
    "date_type": "must be a date like 2026-01-31",
    "date_parsing": "must be a date like 2026-01-31",
    "date_from_datetime_parsing": "must be a date like 2026-01-31",
    "date_from_datetime_inexact": "must be a date without a time of day",
    "finite_number": "must be a finite number (not NaN or infinity)",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"got {str(value).lower()} (a yes/no value)"
    if isinstance(value, str):
        return f"got the text {value!r}" + (" — remove the quotes" if _looks_numeric(value) else "")
    if value is None:
        return "got an empty value"
    if isinstance(value, (list, tuple)):
        return "got a list"
    if isinstance(value, dict):
        return "got a section"
    return f"got {value!r}"


def _looks_numeric(s: str) -> bool:
    try:
        float(s.replace(",", ""))
    except ValueError:
        return False
    return True


def _plain(err: Mapping[str, Any], model_fields: Mapping[str, set[str]]) -> FieldError:
    """One Pydantic error as a FieldError with a dotted path and a plain-language reason."""
    loc = [str(p) for p in err.get("loc", ())]
    path = ".".join(loc) or "<profile>"
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return FieldError(path, "required field is missing")
    if kind == "extra_forbidden":
        parent = ".".join(loc[:-1])
        allowed = model_fields.get(parent, set())
        hint = _suggest(loc[-1], allowed) if allowed else ""
        listing = f" (allowed here: {', '.join(sorted(allowed))})" if allowed and not hint else ""
        return FieldError(path, f"unknown field{hint}{listing}")
    if kind in _TYPE_WORDS:
        return FieldError(path, f"{_TYPE_WORDS[kind]}, {_describe(value)}")
    bounds = {
        "greater_than_equal": ("must be at least", "ge"),
        "greater_than": ("must be more than", "gt"),
        "less_than_equal": ("must be at most", "le"),
        "less_than": ("must be less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return FieldError(path, f"{words} {_fmt(float(ctx[key]))} ({_describe(value)})")
    if kind == "string_too_short":
        return FieldError(path, "must not be empty")
    if kind == "string_too_long":
        return FieldError(path, f"is too long (at most {ctx.get('max_length')} characters)")
    if kind in ("value_error", "assertion_error"):
        msg = str(err.get("msg", ""))
        msg = re.sub(r"^(Value error|Assertion failed), ", "", msg)
        return FieldError(path, msg)
    return FieldError(path, str(err.get("msg", "is not valid")))


def _section_fields() -> dict[str, set[str]]:
    return {
        "": set(Profile.model_fields),
        "money": set(Money.model_fields),
        "money.tax": set(Tax.model_fields),
        "fallback": set(Fallback.model_fields),
        "baseline": set(BaselineChoice.model_fields),
        "time": set(TimeBudget.model_fields),
        "priorities": set(Priorities.model_fields),
        "risk": set(Risk.model_fields),
    }


def profile_from_data(
    data: Any, source: str = "", *, _screened: list[FieldError] | None = None
) -> Profile:
    """Validate already-parsed data (a dict from YAML/TOML/JSON or a form) into a Profile.

    Raises one :class:`InputError` with every problem found (``source`` names the file in the
    message). Used by :func:`load_profile`, the questionnaire and any face that builds a profile.
    Numbers far beyond any real amount and over-deep nesting are refused first, against their
    field (:func:`crossroads.profile_io.screen_data`), so no face can pass them to the engine.
    """
    from crossroads.profile_io import screen_data

    if _screened is None:
        data, screened = screen_data(data)
    else:
        screened = list(_screened)
    if not isinstance(data, Mapping):
        raise InputError.one(
            "<profile>",
            f"a profile must be a mapping of fields (name, country, money, ...), {_describe(data)}",
            source,
        )
    collected: list[FieldError] = []
    try:
        profile = Profile.model_validate(dict(data), context={"errors": collected})
    except ValidationError as exc:
        fields = _section_fields()
        refused = {e.field for e in screened}
        # A value refused by screening was left out; its "required field is missing" is noise.
        collected.extend(
            p for p in (_plain(e, fields) for e in exc.errors()) if p.field not in refused
        )
        profile = None
    collected = screened + collected
    if collected:
        # Report in the order of the file layout (name, country, money, ...), not discovery order.
        order = {k: i for i, k in enumerate(Profile.model_fields)}
        ranked = sorted(_dedupe(collected), key=lambda e: order.get(e.field.split(".")[0], -1))
        raise InputError(ranked, source)
    assert profile is not None
    return profile


def _dedupe(errors: list[FieldError]) -> list[FieldError]:
    seen: set[tuple[str, str]] = set()
    out: list[FieldError] = []
    for e in errors:
        if (e.field, e.reason) not in seen:
            seen.add((e.field, e.reason))
            out.append(e)
    return out


# --------------------------------------------------------------------------------------------
# Files (the reading itself, with its size, depth, alias and number limits, is in profile_io)
# --------------------------------------------------------------------------------------------


def load_profile(path: str | Path) -> Profile:
    """Read a profile from a YAML (.yaml/.yml), TOML (.toml) or JSON (.json) file.

    Everything a user can get wrong — a missing or unreadable file, a file too large or nested too
    deeply, a syntax error (with its line), a wrong field — becomes one :class:`InputError` whose
    context is the file name, so the CLI prints every problem and exits 2 without a traceback.
    The reading is :mod:`crossroads.profile_io`'s (linear in the file size, bounded in memory).
    """
    from crossroads.profile_io import format_of, read_profile_text

    source = str(Path(path))
    fmt = format_of(path)
    text = read_profile_text(path)
    return profile_from_text(text, fmt, source)


def profile_from_text(text: str, fmt: str, source: str = "") -> Profile:
    """Validate the text of a profile in ``fmt`` (``yaml``, ``toml`` or ``json``).

    Used by :func:`load_profile` and by faces that receive a file's content (an upload).
    """
    from crossroads.profile_io import parse_text

    try:
        parsed = parse_text(text, fmt)
    except InputError as exc:
        raise InputError(exc.errors, source) from None
    if parsed.data is None and not parsed.errors:
        raise InputError.one("<file>", "the file is empty", source)
    try:
        return profile_from_data(parsed.data, source, _screened=parsed.errors)
    except InputError as exc:
        if not parsed.lines:
            raise
        raise InputError([_with_line(e, parsed.lines) for e in exc.errors], source) from None


def _with_line(err: FieldError, lines: Mapping[str, int]) -> FieldError:
    """Add "(line N)" to a field error when the field (or, if missing, its section) is in the file."""
    line = lines.get(err.field)
    where = "line"
    if line is None and "." in err.field:
        line = lines.get(err.field.rsplit(".", 1)[0])
        where = "section at line"
    return FieldError(err.field, f"{err.reason} ({where} {line})") if line else err


# --------------------------------------------------------------------------------------------
# Bundled examples
# --------------------------------------------------------------------------------------------


def _examples_dir() -> Any:
    return resources.files("crossroads") / "examples"


def example_names() -> list[str]:
    """Names of the bundled example profiles (file stems of ``crossroads/examples/*.yaml``)."""
    return sorted(
        e.name[: -len(".yaml")] for e in _examples_dir().iterdir() if e.name.endswith(".yaml")
    )


def example_text(name: str = "career-changer") -> str:
    """The commented YAML of one bundled example (what ``crossroads example NAME`` prints)."""
    names = example_names()
    if name not in names:
        hint = _suggest(name, set(names))
        raise InputError.one(
            "name", f"unknown example {name!r}{hint} (available: {', '.join(names)})"
        )
    result: str = (_examples_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    return result


def example_description(name: str) -> str:
    """The one-line description of an example: its first comment line after ``# <name>:``."""
    for line in example_text(name).splitlines():
        if line.startswith("#"):
            text = line.lstrip("#").strip()
            return text.split(":", 1)[1].strip() if text.lower().startswith(name + ":") else text
    return ""


def load_example(name: str = "career-changer") -> Profile:
    """A bundled example as a validated Profile (tests, ``make run`` and demos use these)."""
    return profile_from_text(example_text(name), "yaml", f"example {name}")
