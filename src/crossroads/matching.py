"""Remote occupation matching: fit, skill gaps, learning hours and cost, and the career ladder.

Why this module exists: the soft-skills path of the article is only useful when it says *which*
career, *how far* the person is from it and *what it takes* to close the distance. ``match`` ranks
the occupations that can be done from home (Dingel & Neiman) by a transparent, importance-weighted
comparison of the person's O*NET skill levels with each occupation's required levels (O*NET 29.0
IM and LV scales), plus work styles / values when the profile gives them. The formula is written
out in ``docs/matching.md`` and in :func:`fit_components`; every number it uses is either from the
catalog (with its source) or a named assumption in :data:`MATCH_PARAMS` (default, range, why).

The same functions (:func:`fit_components`, :func:`gap_hours`) are the single source of fit and
learning hours for the engine, so the simulation and the match table can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from crossroads.catalog.skills import LEVEL_MAX, SKILL_BY_KEY, SKILL_INDEX, SKILLS
from crossroads.errors import FieldError, InputError
from crossroads.params import PARAMS, WEEKS_PER_MONTH, validate_overrides

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.catalog.model import Occupation
    from crossroads.profile import Profile

# --------------------------------------------------------------------------------------------
# Named assumptions (a small registry documented like crossroads.params)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchParam:
    """One modelling assumption of matching: default, plausible range, unit, source and why."""

    name: str
    default: float
    low: float
    high: float
    unit: str
    source: str
    doc: str


#: The parameters matching uses. Their definitions (default, range, unit, source, why) live in
#: :data:`crossroads.params.PARAMS`, so a profile's ``assumptions:`` overrides them once for both
#: ``crossroads match`` and the engine.
MATCH_PARAM_NAMES = (
    "match_level_use_weight",
    "match_style_weight",
    "match_unknown_skill_level",
    "match_gap_min_importance",
    "learning_hours_per_level_point",
    "learning_min_hours",
    "learning_floor_hours_per_job_zone",
    "learning_cost_per_month",
    "learning_pace_hours_per_week",
    "telework_min_share",
)
MATCH_PARAMS: dict[str, MatchParam] = {
    n: MatchParam(
        n,
        PARAMS[n].default,
        PARAMS[n].low,
        PARAMS[n].high,
        PARAMS[n].unit,
        PARAMS[n].source,
        PARAMS[n].doc,
    )
    for n in MATCH_PARAM_NAMES
}


def resolve_match_params(*overrides: Mapping[str, float] | None) -> dict[str, float]:
    """Defaults of :data:`MATCH_PARAMS` with overrides applied (later mappings win).

    Only names of this registry are taken from each mapping (a profile's ``assumptions`` may hold
    engine parameters too); each value is checked by :func:`crossroads.params.validate_overrides`
    (the one validator of assumptions), which names ``assumptions.<name>`` in the error.
    """
    values = {name: p.default for name, p in MATCH_PARAMS.items()}
    errors: list[FieldError] = []
    for mapping in overrides:
        # look up only this registry's names (not a scan of the whole mapping): the sensitivity
        # records which parameters a run reads, and a scan would read them all
        m = mapping or {}
        mine = {name: m[name] for name in MATCH_PARAMS if name in m}
        problems = validate_overrides(mine)
        errors += problems
        if not problems:
            values.update({name: float(v) for name, v in mine.items()})
    if errors:
        raise InputError(errors)
    return values


# --------------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------------


class Gap(BaseModel):
    """A skill where the person's level is below the occupation's required level."""

    model_config = ConfigDict(frozen=True)
    skill: str
    title: str
    required: float = Field(description="O*NET required level (LV, 0-7)")
    current: float = Field(description="the person's level (0-7); the assumed default when unknown")
    importance: float = Field(description="O*NET importance (IM, 1-5)")
    known: bool = Field(description="False when the person did not rate this skill (level assumed)")
    hours: float = Field(description="learning hours to close this gap")
    fit_gain: float = Field(description="how much the fit rises when this gap is closed")


class Driver(BaseModel):
    """A skill's effect on the fit: its contribution (helps) or the fit it costs (hurts)."""

    model_config = ConfigDict(frozen=True)
    skill: str
    title: str
    effect: float
    known: bool


class Credential(BaseModel):
    """A credential with published hours and price (catalog evidence ids in ``evidence``)."""

    model_config = ConfigDict(frozen=True)
    id: str
    name: str
    hours_low: float
    hours_high: float
    months_max: float | None
    cost_low: float
    cost_high: float
    note: str
    evidence: list[str]


class LadderStep(BaseModel):
    """A related occupation (O*NET related occupations) the target can lead to, with its wages."""

    model_config = ConfigDict(frozen=True)
    code: str
    title: str
    tier: str
    wage_p10: float | None
    wage_p50: float | None
    wage_p90: float | None
    job_zone: int | None
    teleworkable: bool | None
    fit: float | None


class Match(BaseModel):
    """One occupation ranked for one person: fit and why, gaps, cost to close them, prospects."""

    model_config = ConfigDict(frozen=True)
    code: str
    title: str
    fit: float = Field(description="0..1; see docs/matching.md")
    fit_components: dict[str, float | None]
    fit_drivers: dict[str, list[Driver]]
    gaps: list[Gap]
    unknown_skills: list[str]
    learning_hours: float
    learning_hours_from_gaps: float
    learning_cost: float
    credentials: list[Credential]
    wage_hourly: dict[str, float] | None
    wage_note: str
    job_zone: int | None
    teleworkable: bool
    teleworkable_share: float | None
    career_path: str | None = Field(
        default=None,
        description="label of the curated soft-skill remote career this occupation stands for, if any",
    )
    outlook: dict[str, float | None]
    ai_exposure: dict[str, float | None]
    ladder: list[LadderStep]
    ratings_from: str | None = Field(
        default=None,
        description="O*NET-SOC code whose skill ratings stand in when O*NET has none for this one",
    )
    needs_degree_years: float | None = Field(
        default=None,
        description="years of full-time study to the degree the typical entrant has (Job Zone 4-5); null = none needed",
    )
    entry_factor: float | None = Field(
        default=None,
        description="hire-chance multiplier of entry requirements (experience, education); see docs/methodology.md",
    )
    typical_experience_years: float | None = Field(
        default=None, description="related experience of the typical entrant (O*NET ETE / BLS EP)"
    )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``match --json`` element)."""
        return self.model_dump(mode="json")


# --------------------------------------------------------------------------------------------
# The formula (pure NumPy; the engine may call these directly)
# --------------------------------------------------------------------------------------------


def importance_weights(im: np.ndarray) -> np.ndarray:
    """O*NET IM (1-5) -> weight 0..1: (IM-1)/4, so 'not important' (1) weighs nothing."""
    return np.clip((np.asarray(im, dtype=float) - 1.0) / 4.0, 0.0, 1.0)


def fit_components(
    levels: np.ndarray, im: np.ndarray, lv: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Coverage and level use of each occupation for one person (vectorised over rows).

    ``levels`` (35,) the person's levels; ``im``/``lv`` (n, 35). With w = (IM-1)/4 and
    met = Σ w·min(p, LV) (the importance-weighted level the person can supply):

    * coverage = met / Σ w·LV — the share of the importance-weighted required level the person
      meets (1 = meets every requirement);
    * level use = met / (7·Σ w) — the importance-weighted average of min(p, LV) as a share of the
      0-7 scale: how much skilled work, at the levels the person has, the occupation uses. It equals
      coverage × the occupation's importance-weighted required level / 7, so it discounts
      occupations that ask little of anyone.

    Both are non-decreasing in every p, so raising a skill never lowers any fit.
    """
    p = np.clip(np.asarray(levels, dtype=float), 0.0, LEVEL_MAX)
    w = importance_weights(im)
    lv = np.asarray(lv, dtype=float)
    met = (w * np.minimum(p, lv)).sum(axis=1)
    total = (w * lv).sum(axis=1)
    wsum = w.sum(axis=1)
    coverage = np.where(total > 0, met / np.where(total > 0, total, 1.0), 1.0)
    level_use = np.where(wsum > 0, met / (LEVEL_MAX * np.where(wsum > 0, wsum, 1.0)), 0.0)
    return coverage, level_use


def gap_hours(
    levels: np.ndarray,
    im: np.ndarray,
    lv: np.ndarray,
    *,
    min_importance: float,
    hours_per_point: float,
) -> np.ndarray:
    """Learning hours to close the important gaps: Σ over skills with IM ≥ cut of max(0, LV-p)·h."""
    p = np.asarray(levels, dtype=float)
    short = np.clip(np.asarray(lv, dtype=float) - p, 0.0, None)
    important = np.asarray(im, dtype=float) >= min_importance
    result: np.ndarray = (short * important).sum(axis=-1) * hours_per_point
    return result


def style_fit(
    wanted: Mapping[str, float], offered: Mapping[str, float], scale_span: float
) -> float | None:
    """1 - mean |wanted - offered| / span over the styles (or values) both sides rate; None if none."""
    common = [k for k in wanted if k in offered and offered[k] is not None]
    if not common:
        return None
    diffs = [abs(float(wanted[k]) - float(offered[k])) / scale_span for k in common]
    return float(max(0.0, 1.0 - sum(diffs) / len(diffs)))


# --------------------------------------------------------------------------------------------
# Catalog helpers
# --------------------------------------------------------------------------------------------

_DEFAULT_CACHE: dict[int, np.ndarray] = {}


def default_levels(catalog: Catalog) -> np.ndarray:
    """Per skill, the median LV O*NET requires across Job Zone 1 occupations (see MATCH_PARAMS)."""
    key = id(catalog)
    if key not in _DEFAULT_CACHE:
        codes, _im, lv = catalog.skill_matrix()
        zones = np.array([_job_zone(catalog, c) or 0 for c in codes])
        rows = lv[zones == 1] if (zones == 1).any() else lv
        _DEFAULT_CACHE[key] = np.median(rows, axis=0).astype(float)
    return _DEFAULT_CACHE[key]


def _job_zone(catalog: Catalog, code: str) -> int | None:
    try:
        result: int | None = catalog.occupation(code).job_zone
        return result
    except InputError:
        return None


def _ev(catalog: Catalog, eid: str) -> float | None:
    ev = getattr(catalog, "evidence", {}) or {}
    row = ev.get(eid)
    if row is None:
        return None
    value = getattr(row, "value", row)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _wages(occ: Occupation) -> dict[str, float] | None:
    w = getattr(occ, "wage_hourly", None)
    if w is None:
        return None
    return {
        k: float(getattr(w, k))
        for k in ("p10", "p25", "p50", "p75", "p90")
        if getattr(w, k, None) is not None
    }


def _person_levels(
    profile: Profile, defaults: np.ndarray, unknown_level: float
) -> tuple[np.ndarray, np.ndarray]:
    """The person's 35 levels in SKILLS order and a mask of the ones they rated."""
    levels = defaults.copy() if unknown_level < 0 else np.full(len(SKILLS), float(unknown_level))
    known = np.zeros(len(SKILLS), dtype=bool)
    errors: list[FieldError] = []
    for name, value in (getattr(profile, "skills", None) or {}).items():
        if name not in SKILL_INDEX:
            errors.append(
                FieldError(
                    f"skills.{name}", "not an O*NET skill (see crossroads.catalog.skills.SKILLS)"
                )
            )
            continue
        v = float(value)
        if not (0.0 <= v <= LEVEL_MAX):
            errors.append(
                FieldError(f"skills.{name}", f"must be 0..7 on O*NET's level scale, got {v}")
            )
            continue
        levels[SKILL_INDEX[name]] = v
        known[SKILL_INDEX[name]] = True
    if errors:
        raise InputError(errors)
    return levels, known


# --------------------------------------------------------------------------------------------
# Credentials: evidence rows of the catalog (parameters.csv F1-F12)
# --------------------------------------------------------------------------------------------


def _is_project_management(code: str, title: str) -> bool:
    return code.startswith("13-1082") or "project manag" in title.lower()


def _is_marketing(code: str, title: str) -> bool:
    return code.startswith("13-1161") or code.startswith("11-2021") or "marketing" in title.lower()


def credentials_for(
    code: str, title: str, catalog: Catalog, params: Mapping[str, float]
) -> list[Credential]:
    """Credentials with published hours and prices that prepare for this occupation.

    Only where the evidence exists (parameters.csv rows F1-F12 through ``catalog.evidence``):
    project management → Google Project Management certificate and PMI CAPM; marketing →
    Google Digital Marketing & E-commerce certificate. Nothing is invented for other occupations.
    """
    price = _ev(catalog, "F3")
    pace = _ev(catalog, "F1b") or params["learning_pace_hours_per_week"]
    out: list[Credential] = []
    if _is_project_management(code, title):
        lo, hi = _ev(catalog, "F2a"), _ev(catalog, "F2b")
        if lo is not None and hi is not None and price is not None:
            months_max = _ev(catalog, "F1a")
            m_lo = math.ceil(lo / (pace * WEEKS_PER_MONTH))
            m_hi = math.ceil(hi / (pace * WEEKS_PER_MONTH))
            out.append(
                Credential(
                    id="google_pm",
                    name="Google Project Management Professional Certificate",
                    hours_low=lo,
                    hours_high=hi,
                    months_max=months_max,
                    cost_low=m_lo * price,
                    cost_high=m_hi * price,
                    note=f"{lo:g}-{hi:g} h, under {months_max:g} months at < {pace:g} h/week, ${price:g}/month",
                    evidence=["F1a", "F1b", "F2a", "F2b", "F3"],
                )
            )
        fee_m, fee_n, contact = _ev(catalog, "F11a"), _ev(catalog, "F11b"), _ev(catalog, "F12")
        if fee_m is not None and fee_n is not None and contact is not None:
            out.append(
                Credential(
                    id="capm",
                    name="PMI Certified Associate in Project Management (CAPM)",
                    hours_low=contact,
                    hours_high=contact,
                    months_max=None,
                    cost_low=fee_m,
                    cost_high=fee_n,
                    note=f"exam ${fee_m:g} (PMI member) / ${fee_n:g}; needs {contact:g} h of PM education",
                    evidence=["F11a", "F11b", "F12"],
                )
            )
    if _is_marketing(code, title):
        hours, months = _ev(catalog, "F10b"), _ev(catalog, "F10a")
        if hours is not None and price is not None:
            m = math.ceil(hours / (pace * WEEKS_PER_MONTH))
            out.append(
                Credential(
                    id="google_dm",
                    name="Google Digital Marketing & E-commerce Certificate",
                    hours_low=hours,
                    hours_high=hours,
                    months_max=months,
                    cost_low=m * price,
                    cost_high=m * price,
                    note=f"about {hours:g} h (about {months:g} months at 10 h/week), ${price:g}/month",
                    evidence=["F10a", "F10b", "F3"],
                )
            )
    return out


def learning_cost(hours: float, params: Mapping[str, float]) -> float:
    """Cost of ``hours`` of study: months of a subscription at the stated pace × monthly price."""
    if hours <= 0:
        return 0.0
    months = math.ceil(hours / (params["learning_pace_hours_per_week"] * WEEKS_PER_MONTH))
    return months * params["learning_cost_per_month"]


def occupation_style(profile: Profile, occ: Occupation) -> float:
    """Mean of the work-style and work-value fits the profile and occupation both rate (NaN if none)."""
    parts = []
    s = style_fit(
        dict(getattr(profile, "work_styles", None) or {}),
        getattr(occ, "work_styles", {}) or {},
        4.0,
    )
    if s is not None:
        parts.append(s)
    v = style_fit(
        dict(getattr(profile, "work_values", None) or {}),
        getattr(occ, "work_values", {}) or {},
        6.0,
    )
    if v is not None:
        parts.append(v)
    return sum(parts) / len(parts) if parts else math.nan


def learning_floor(job_zone: int | None, params: Mapping[str, float]) -> float:
    """The occupation's study floor: ``learning_floor_hours_per_job_zone`` per Job Zone above 1.

    Why per occupation: one course's contact hours (CAPM's 23 h, F12) applied to every target made
    the floor bind everywhere, so skill gaps and the hours-per-point assumption never mattered.
    Job Zone 1 ("little or no preparation") needs none; an unknown zone counts as 2.
    """
    jz = 2 if job_zone is None else int(job_zone)
    return max(
        float(params["learning_min_hours"]),
        float(params["learning_floor_hours_per_job_zone"]) * max(0, jz - 1),
    )


def learning_hours_total(
    gap_h: float, creds: list[Credential], params: Mapping[str, float], job_zone: int | None = None
) -> float:
    """Median study hours of a career change: the important gaps at ``learning_hours_per_level_point``,
    never below a credential's published hours (the course is how the gaps get closed) nor below
    the occupation's floor (:func:`learning_floor`)."""
    cred_hours = max((c.hours_high for c in creds if c.id != "capm"), default=0.0)
    return max(float(gap_h), cred_hours, learning_floor(job_zone, params))


_INDEX_CACHE: dict[int, dict[str, int]] = {}


def career_inputs(
    profile: Profile, code: str, *, catalog: Catalog, params: Mapping[str, float] | None = None
) -> tuple[float, float] | None:
    """(fit, median learning hours) of one occupation exactly as :func:`match` reports them.

    The engine's single source for a career target (it must not re-derive them: the simulation and
    the match table would drift apart). ``params`` may hold any parameters; matching's names are
    taken from it (after the profile's own ``assumptions``). None when O*NET has no skill ratings.
    """
    prm = resolve_match_params(getattr(profile, "assumptions", None), params)
    codes, im, lv = catalog.skill_matrix()
    index = _INDEX_CACHE.get(id(catalog))
    if index is None:
        index = _INDEX_CACHE[id(catalog)] = {c: i for i, c in enumerate(codes)}
    i = index.get(code)
    if i is None:
        proxy = rating_proxy(code, catalog, set(index))
        if proxy is None:
            return None
        i = index[proxy]
    levels, _known = _person_levels(
        profile, default_levels(catalog), prm["match_unknown_skill_level"]
    )
    im_i = np.asarray(im[i], dtype=float)
    lv_i = np.asarray(lv[i], dtype=float)
    cov, use = fit_components(levels, im_i[None, :], lv_i[None, :])
    occ = catalog.occupation(code)
    fit = _one_fit(cov[0], use[0], occupation_style(profile, occ), prm)
    gh = float(
        gap_hours(
            levels,
            im_i,
            lv_i,
            min_importance=prm["match_gap_min_importance"],
            hours_per_point=prm["learning_hours_per_level_point"],
        )
    )
    return fit, learning_hours_total(
        gh, credentials_for(occ.code, occ.title, catalog, prm), prm, occ.job_zone
    )


# --------------------------------------------------------------------------------------------
# match()
# --------------------------------------------------------------------------------------------


@dataclass
class _Scored:
    codes: list[str]
    im: np.ndarray
    lv: np.ndarray
    levels: np.ndarray
    known: np.ndarray
    coverage: np.ndarray
    level_use: np.ndarray
    styles: np.ndarray  # NaN where no style/value fit
    fit: np.ndarray
    params: dict[str, float]
    profile: Profile | None = None
    #: code -> row, built on first use (every ladder of a ranking looks its rungs up)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def index(self) -> dict[str, int]:
        """Row of every scored code."""
        if not self._index:
            self._index.update((c, k) for k, c in enumerate(self.codes))
        return self._index


def _score(profile: Profile, catalog: Catalog, assumptions: Mapping[str, float] | None) -> _Scored:
    params = resolve_match_params(getattr(profile, "assumptions", None), assumptions)
    codes, im, lv = catalog.skill_matrix()
    im = np.asarray(im, dtype=float)
    lv = np.asarray(lv, dtype=float)
    levels, known = _person_levels(
        profile, default_levels(catalog), params["match_unknown_skill_level"]
    )
    coverage, level_use = fit_components(levels, im, lv)
    rho = params["match_level_use_weight"]
    skill_fit = (1 - rho) * coverage + rho * level_use

    styles = _styles(profile, catalog, list(codes))
    lam = params["match_style_weight"]
    fit = np.where(np.isnan(styles), skill_fit, (1 - lam) * skill_fit + lam * np.nan_to_num(styles))
    return _Scored(
        list(codes), im, lv, levels, known, coverage, level_use, styles, fit, params, profile
    )


#: Style fits per (catalog, the person's work styles and values): they read no parameter, and
#: the sensitivity re-scores the catalog ~20 times per advice (CPU 0.28 → 0.1 s for career-changer).
_STYLE_CACHE: dict[
    tuple[int, tuple[Any, ...], tuple[Any, ...]], tuple[Any, list[str], np.ndarray]
] = {}


def _styles(profile: Profile, catalog: Catalog, codes: list[str]) -> np.ndarray:
    """Per code, :func:`occupation_style` (NaN everywhere when the person rates no style/value)."""
    ws = dict(getattr(profile, "work_styles", None) or {})
    wv = dict(getattr(profile, "work_values", None) or {})
    if not ws and not wv:
        return np.full(len(codes), np.nan)
    key = (id(catalog), tuple(sorted(ws.items())), tuple(sorted(wv.items())))
    hit = _STYLE_CACHE.get(key)
    if hit is not None and hit[0] is catalog and hit[1] == codes:
        return hit[2].copy()
    styles = np.array([occupation_style(profile, catalog.occupation(c)) for c in codes], float)
    if len(_STYLE_CACHE) > 64:
        _STYLE_CACHE.clear()
    _STYLE_CACHE[key] = (catalog, list(codes), styles)
    return styles.copy()


def match(
    profile: Profile,
    *,
    catalog: Catalog | None = None,
    include_all: bool = False,
    max_job_zone: int | None = None,
    min_wage: float | None = None,
    limit: int | None = None,
    assumptions: Mapping[str, float] | None = None,
    soft_skills_only: bool = False,
) -> list[Match]:
    """Rank occupations for ``profile`` by fit (remote ones only unless ``include_all``).

    Remote = Dingel–Neiman teleworkable and not in person by nature (:func:`onsite_by_nature`:
    e.g. Painting Workers, Ushers, Models pass Dingel–Neiman's rule but are not hired remotely).

    ``soft_skills_only`` keeps only the curated soft-skill remote careers
    (``Catalog.soft_skill_careers()``), the article's paths, which ``advise`` prefers.

    Filters: ``max_job_zone`` (O*NET Job Zone 1-5), ``min_wage`` (OEWS median hourly wage, USD;
    occupations without a wage are dropped when it is set), ``limit`` (top N). Ties in fit are
    broken by the smaller learning hours, then by the code, so the order is deterministic.
    Occupations without O*NET skill ratings cannot be scored and are not listed.
    """
    return list(
        ranked_matches(
            profile,
            catalog=catalog,
            include_all=include_all,
            max_job_zone=max_job_zone,
            min_wage=min_wage,
            limit=limit,
            assumptions=assumptions,
            soft_skills_only=soft_skills_only,
        )
    )


class Matches(Sequence["Match"]):
    """A ranking of :func:`match`, each :class:`Match` built when first read.

    Why lazy: building a Match (gaps, drivers, credentials, ladder, entry requirements) costs far
    more than ranking it, and ``advise`` reads only the first few of the curated careers — a
    cohort person paid for seven to use three. ``codes`` is the order without building anything.
    """

    def __init__(self, catalog: Catalog, sc: _Scored, keep: list[int]) -> None:
        self._catalog, self._sc, self._keep = catalog, sc, keep
        self._built: dict[int, Match] = {}
        self.codes = [sc.codes[i] for i in keep]

    def __len__(self) -> int:
        return len(self._keep)

    def _at(self, pos: int) -> Match:
        m = self._built.get(pos)
        if m is None:
            m = self._built[pos] = _build(self._catalog, self._sc, self._keep[pos])
        return m

    def __getitem__(self, pos: Any) -> Any:
        if isinstance(pos, slice):
            return [self._at(k) for k in range(*pos.indices(len(self)))]
        k = int(pos)
        if not -len(self) <= k < len(self):
            raise IndexError(pos)
        return self._at(k % len(self))

    def __iter__(self) -> Iterator[Match]:
        return (self._at(k) for k in range(len(self)))


def ranked_matches(
    profile: Profile,
    *,
    catalog: Catalog | None = None,
    include_all: bool = False,
    max_job_zone: int | None = None,
    min_wage: float | None = None,
    limit: int | None = None,
    assumptions: Mapping[str, float] | None = None,
    soft_skills_only: bool = False,
) -> Matches:
    """:func:`match` as a lazy :class:`Matches` (same order, same errors, same Matches)."""
    errors: list[FieldError] = []
    if max_job_zone is not None and not (1 <= int(max_job_zone) <= 5):
        errors.append(FieldError("max_job_zone", f"must be 1..5, got {max_job_zone}"))
    if min_wage is not None and (not math.isfinite(float(min_wage)) or float(min_wage) < 0):
        errors.append(
            FieldError("min_wage", f"must be a non-negative hourly wage in USD, got {min_wage}")
        )
    if limit is not None and int(limit) < 1:
        errors.append(FieldError("limit", f"must be at least 1, got {limit}"))
    if errors:
        raise InputError(errors)
    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    sc = _score(profile, catalog, assumptions)
    hours = gap_hours(
        sc.levels,
        sc.im,
        sc.lv,
        min_importance=sc.params["match_gap_min_importance"],
        hours_per_point=sc.params["learning_hours_per_level_point"],
    )
    keep: list[int] = []
    curated = _career_paths(catalog)
    for i, code in enumerate(sc.codes):
        if soft_skills_only and code not in curated:
            continue
        occ = catalog.occupation(code)
        if not include_all and not _remote_hireable(occ, sc.params):
            continue
        if max_job_zone is not None and (occ.job_zone is None or occ.job_zone > int(max_job_zone)):
            continue
        if min_wage is not None:
            w = _wages(occ)
            if not w or w.get("p50") is None or w["p50"] < float(min_wage):
                continue
        keep.append(i)
    keep.sort(key=lambda i: (-round(float(sc.fit[i]), 9), float(hours[i]), sc.codes[i]))
    if limit is not None:
        keep = keep[: int(limit)]
    return Matches(catalog, sc, keep)


def rating_proxy(code: str, catalog: Catalog, rated: list[str] | set[str]) -> str | None:
    """A rated occupation whose O*NET skill ratings stand in for an unrated ``code``.

    In order: the curated list's named proxy ("O*NET-rated proxy for 13-1082"), then the rated
    occupations of the same SOC broad group (13-108x), then of the same minor group (13-10xx).
    """
    rated_set = set(rated)
    if code in rated_set:
        return code
    getter = getattr(catalog, "career_paths", None)
    for c, val in getter.items() if isinstance(getter, dict) else []:
        label = val[0] if isinstance(val, tuple) else str(val)
        if f"proxy for {code[:7]}" in label and c in rated_set:
            return str(c)
    for width in (6, 4):
        same = sorted(c for c in rated_set if c[:width] == code[:width])
        if same:
            return same[0]
    return None


def match_occupation(
    profile: Profile,
    code: str,
    *,
    catalog: Catalog | None = None,
    assumptions: Mapping[str, float] | None = None,
) -> Match:
    """The :class:`Match` of one occupation (teleworkable or not), e.g. for an explicit career target.

    Raises :class:`InputError` (field ``code``) for an unknown code or one O*NET has no skill
    ratings for (fit cannot be computed honestly).
    """
    catalog, sc, i, as_code = _scored_row(profile, code, catalog, assumptions)
    return _build(catalog, sc, i, as_code=as_code)


def occupation_fit(
    profile: Profile,
    code: str,
    *,
    catalog: Catalog | None = None,
    assumptions: Mapping[str, float] | None = None,
) -> float:
    """``match_occupation(...).fit`` without building the Match (gaps, ladder, credentials):
    the advice reads only the microtask proxy's fit. Same errors, the same rounded number."""
    cat, sc, i, as_code = _scored_row(profile, code, catalog, assumptions)
    return round(_row_fit(sc, i, cat.occupation(code), as_code)[0], 4)


def _scored_row(
    profile: Profile,
    code: str,
    catalog: Catalog | None,
    assumptions: Mapping[str, float] | None,
) -> tuple[Catalog, _Scored, int, str | None]:
    """The scored catalog and the row whose ratings stand for ``code`` (its own or a proxy's)."""
    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    catalog.occupation(code)  # raises InputError(field="code") when unknown
    sc = _score(profile, catalog, assumptions)
    if code not in sc.codes:
        proxy = rating_proxy(code, catalog, sc.codes)
        if proxy is None:
            raise InputError.one(
                "code",
                f"O*NET 29.0 has no skill ratings for {code} nor for a related occupation; "
                "its fit cannot be computed",
            )
        return catalog, sc, sc.index()[proxy], code
    return catalog, sc, sc.index()[code], None


def _row_fit(sc: _Scored, i: int, occ: Occupation, as_code: str | None) -> tuple[float, float]:
    """(fit, style fit or NaN) of row ``i`` for the occupation ``occ`` it is shown as.

    An occupation O*NET did not rate for skills borrows its skill fit from a rated proxy (row
    ``i``), but its work styles and values are its own when O*NET lists them: the same fit as
    :func:`career_inputs` gives the engine (before 2026-12-07 a proxied Match took the proxy's
    styles too, so the advice's fit criterion and the simulated hiring used different fits).
    """
    if as_code is None or sc.profile is None:
        return float(sc.fit[i]), float(sc.styles[i])
    style = occupation_style(sc.profile, occ)
    return _one_fit(sc.coverage[i], sc.level_use[i], style, sc.params), style


def _one_fit(coverage: float, level_use: float, style: float, prm: Mapping[str, float]) -> float:
    """One occupation's fit from its skill components and style fit (NaN: none), the scalar
    form of :func:`_score`'s formula (same operations, so the same bits)."""
    rho = prm["match_level_use_weight"]
    fit = float((1 - rho) * coverage + rho * level_use)
    if not math.isnan(style):
        lam = prm["match_style_weight"]
        fit = (1 - lam) * fit + lam * style
    return fit


def _career_paths(catalog: Catalog) -> dict[str, str]:
    """Curated soft-skill remote careers (code -> label); empty for catalogs without the list."""
    getter = getattr(catalog, "soft_skill_careers", None)
    return dict(getter()) if callable(getter) else {}


#: SOC major groups whose work is done in person (healthcare support, protective service, food,
#: cleaning, personal care, farming, construction, repair, production, transport): Dingel and
#: Neiman's rule (no "must work outdoors / with equipment / in person" item in O*NET's work
#: context) lets a few of their occupations through as teleworkable — e.g. Painting, Coating and
#: Decorating Workers, Ushers, Gambling Dealers — but nobody is hired for them to work from home.
ONSITE_GROUPS = ("31", "33", "35", "37", "39", "45", "47", "49", "51", "53")
#: ... except these, whose work is desk work (transcription, analysis, investigation on records).
ONSITE_GROUP_EXCEPTIONS = ("31-9094.00", "33-3021.06")
#: Occupations in the desk-work groups that are in person by nature, with the reason (shown by docs).
ONSITE_OCCUPATIONS: dict[str, str] = {
    "41-9012.00": "models pose in person",
    "43-5021.00": "couriers carry items in person",
    "43-9051.00": "mail clerks and mail machine operators handle mail on site",
    "27-2021.00": "athletes compete in person",
    "27-1023.00": "floral designers make arrangements by hand",
    "29-9091.00": "athletic trainers treat athletes in person",
    "25-9042.00": "teaching assistants (preschool, elementary) work in the classroom",
    "25-9043.00": "special-education teaching assistants work in the classroom",
    "25-2011.00": "preschool teachers work in the classroom",
    "25-2012.00": "kindergarten teachers work in the classroom",
    "25-2051.00": "preschool special-education teachers work in the classroom",
    "25-2055.00": "kindergarten special-education teachers work in the classroom",
}


def onsite_by_nature(code: str) -> str | None:
    """Why an occupation Dingel–Neiman call teleworkable is still not hired for remote work (or None).

    The default lists of ``match`` (and the careers ``advise`` compares) show what a person can
    really be hired for from home; ``match --all`` still lists everything.
    """
    if code in ONSITE_OCCUPATIONS:
        return ONSITE_OCCUPATIONS[code]
    if code[:2] in ONSITE_GROUPS and code not in ONSITE_GROUP_EXCEPTIONS:
        return f"SOC major group {code[:2]}-0000 is in-person work"
    return None


def _teleworkable(occ: Occupation, params: Mapping[str, float]) -> bool:
    """Dingel–Neiman's teleworkability (the ``teleworkable`` field of a match, as published)."""
    t = getattr(occ, "teleworkable", None)
    return t is not None and float(t) >= params["telework_min_share"]


def _remote_hireable(occ: Occupation, params: Mapping[str, float]) -> bool:
    """What the default lists show: teleworkable and not in person by nature."""
    return _teleworkable(occ, params) and onsite_by_nature(str(getattr(occ, "code", ""))) is None


def _build(catalog: Catalog, sc: _Scored, i: int, as_code: str | None = None) -> Match:
    occ = catalog.occupation(as_code or sc.codes[i])
    params = sc.params
    im, lv, p, known = sc.im[i], sc.lv[i], sc.levels, sc.known
    fit_i, style_i = _row_fit(sc, i, occ, as_code)
    w = importance_weights(im)
    total = float((w * lv).sum()) or 1.0
    wsum = float(w.sum()) or 1.0
    rho, lam = params["match_level_use_weight"], params["match_style_weight"]
    skill_share = 1.0 if math.isnan(style_i) else (1 - lam)
    short = np.clip(lv - p, 0.0, None)
    # Exact effect of each skill on the fit (both components are linear in w·min(p, LV)): its
    # contribution, and the gain if its gap were closed.
    per_point = skill_share * ((1 - rho) / total + rho / (LEVEL_MAX * wsum))
    contrib = per_point * w * np.minimum(p, lv)
    gain = per_point * w * short
    h_pt = params["learning_hours_per_level_point"]
    gaps = [
        Gap(
            skill=SKILLS[s],
            title=SKILL_BY_KEY[SKILLS[s]].title,
            required=round(float(lv[s]), 2),
            current=round(float(p[s]), 2),
            importance=round(float(im[s]), 2),
            known=bool(known[s]),
            hours=round(float(short[s] * h_pt), 1),
            fit_gain=round(float(gain[s]), 4),
        )
        for s in range(len(SKILLS))
        if short[s] > 1e-9 and im[s] >= params["match_gap_min_importance"]
    ]
    gaps.sort(key=lambda g: (-g.fit_gain, g.skill))
    helps = [
        Driver(
            skill=SKILLS[s],
            title=SKILL_BY_KEY[SKILLS[s]].title,
            effect=round(float(contrib[s]), 4),
            known=bool(known[s]),
        )
        for s in np.argsort(-contrib, kind="stable")[:3]
    ]
    hurts = [
        Driver(
            skill=SKILLS[s],
            title=SKILL_BY_KEY[SKILLS[s]].title,
            effect=round(-float(gain[s]), 4),
            known=bool(known[s]),
        )
        for s in np.argsort(-gain, kind="stable")[:3]
        if gain[s] >= 5e-4  # below 0.0005 of fit a 'driver' is noise
    ]
    hours_gaps = float(
        gap_hours(
            p, im, lv, min_importance=params["match_gap_min_importance"], hours_per_point=h_pt
        )
    )
    creds = credentials_for(occ.code, occ.title, catalog, params)
    hours_total = learning_hours_total(hours_gaps, creds, params, occ.job_zone)
    cost = learning_cost(hours_total, params)
    capm = next((c for c in creds if c.id == "capm"), None)
    if capm is not None:
        cost += capm.cost_high
    tw = getattr(occ, "teleworkable", None)
    return Match(
        code=occ.code,
        title=occ.title,
        fit=round(fit_i, 4),
        fit_components={
            "coverage": round(float(sc.coverage[i]), 4),
            "level_use": round(float(sc.level_use[i]), 4),
            "style": None if math.isnan(style_i) else round(style_i, 4),
        },
        fit_drivers={"helps": helps, "hurts": hurts},
        gaps=gaps,
        unknown_skills=[g.skill for g in gaps if not g.known],
        learning_hours=round(hours_total, 1),
        learning_hours_from_gaps=round(hours_gaps, 1),
        learning_cost=round(cost, 2),
        credentials=creds,
        wage_hourly=_wages(occ),
        wage_note=getattr(occ, "wage_note", "") or "",
        job_zone=occ.job_zone,
        teleworkable=_teleworkable(occ, params),
        teleworkable_share=None if tw is None else float(tw),
        career_path=_career_paths(catalog).get(occ.code),
        outlook={
            "growth_pct_2024_34": getattr(occ, "growth_pct_2024_34", None),
            "openings_thousands": getattr(occ, "openings_thousands", None),
            "separations_rate_pct": getattr(occ, "separations_rate_pct", None),
        },
        ai_exposure={
            "eloundou_beta": getattr(occ, "ai_eloundou_beta", None),
            "frey_osborne": getattr(occ, "ai_frey_osborne", None),
            "tomlinson": getattr(occ, "ai_tomlinson", None),
        },
        ladder=_ladder(catalog, sc, occ.code),
        ratings_from=sc.codes[i] if as_code else None,
        **_entry_fields(sc.profile, occ, catalog, sc.params),
    )


def _entry_fields(
    profile: Profile | None, occ: Occupation, catalog: Catalog, params: Mapping[str, float]
) -> dict[str, Any]:
    """Entry requirements of ``occ`` for the person (crossroads.requirements), for the Match."""
    from crossroads.params import params_for
    from crossroads.requirements import entry

    if profile is None:  # matched from skill levels alone: no person to gate
        return {}
    try:
        prm = params_for(profile, dict(params))
        e = entry(profile, occ, catalog, prm)
    except (InputError, KeyError, AttributeError, TypeError):
        return {}
    return {
        "needs_degree_years": e.degree_years,
        "entry_factor": round(e.factor, 4),
        "typical_experience_years": e.required_years,
    }


_TIER_ORDER = {"Primary-Short": 0, "Primary-Long": 1, "Supplemental": 2}


#: The first rungs of each occupation's ladder per catalog: (catalog, size, code) -> rows. They
#: depend on the catalog alone (the person adds only each rung's fit), and every Match of every
#: person builds its ladder: a cohort ranks the same few careers' related occupations per row.
_LADDER_CACHE: dict[tuple[int, int, str], tuple[Any, list[Any]]] = {}


def _ladder(catalog: Catalog, sc: _Scored, code: str, size: int = 6) -> list[LadderStep]:
    """O*NET related occupations, best tier first, then higher median wage: where this can lead."""
    key = (id(catalog), size, code)
    hit = _LADDER_CACHE.get(key)
    if hit is not None and hit[0] is catalog:
        rows = hit[1]
    else:
        try:
            related = list(catalog.related(code))
        except (InputError, KeyError, AttributeError):
            return []
        # rank on (tier, wage, code) first and keep only the ``size`` steps shown
        rows = []
        for rcode, tier in related:
            try:
                occ = catalog.occupation(rcode)
            except InputError:
                continue
            w = _wages(occ) or {}
            rows.append(((_TIER_ORDER.get(str(tier), 3), -(w.get("p50") or 0.0), rcode), rcode,
                         str(tier), occ, w))  # fmt: skip
        rows.sort(key=lambda r: r[0])
        rows = rows[:size]
        if len(_LADDER_CACHE) > 4096:
            _LADDER_CACHE.clear()
        _LADDER_CACHE[key] = (catalog, rows)
    index = sc.index()
    steps: list[LadderStep] = []
    for _, rcode, tier, occ, w in rows:
        k = index.get(rcode)
        steps.append(
            LadderStep(
                code=rcode,
                title=occ.title,
                tier=tier,
                wage_p10=w.get("p10"),
                wage_p50=w.get("p50"),
                wage_p90=w.get("p90"),
                job_zone=occ.job_zone,
                teleworkable=None
                if getattr(occ, "teleworkable", None) is None
                else _teleworkable(occ, sc.params),
                fit=None if k is None else round(float(sc.fit[k]), 4),
            )
        )
    return steps


def skill_order(m: Match) -> list[Gap]:
    """The gaps to work on, largest payoff (fit gained) first — the plan's learning order."""
    return sorted(m.gaps, key=lambda g: (-g.fit_gain, g.hours, g.skill))


__all__ = [
    "MATCH_PARAMS",
    "career_inputs",
    "learning_hours_total",
    "occupation_style",
    "Credential",
    "Driver",
    "Gap",
    "LadderStep",
    "Match",
    "MatchParam",
    "credentials_for",
    "default_levels",
    "fit_components",
    "gap_hours",
    "learning_cost",
    "Matches",
    "match",
    "match_occupation",
    "occupation_fit",
    "ranked_matches",
    "resolve_match_params",
    "skill_order",
    "style_fit",
]
