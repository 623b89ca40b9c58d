"""Entry requirements: does this person have what a typical entrant to an occupation has?

Why a module of its own: matching, the candidate targets, the simulation's hire hazard, the plan
and the report all need the same answer to "can I be hired there, and how likely". Two public
sources describe an occupation's entrants:

* O*NET 29.0 Education, Training & Experience (ETE): the distribution over incumbents of the
  required level of education (RL, 12 categories) and of related work experience (RW, 11
  categories), e.g. 89 % of Executive Secretaries (43-6011) say their job needs more than a year
  of related experience;
* BLS Employment Projections 2024-34: the typical entry education and the work experience in a
  related occupation ("None", "Less than 5 years", "5 years or more"), used when O*NET has no
  ETE ratings (13-1082 Project Management Specialists and others).

The **entry factor** multiplies the hire hazard: ``min(1, S / s_ref)`` for experience and for
education, where ``S`` is the share of incumbents whose job required no more than the person has
(linear inside a category) and ``s_ref`` = ``experience_reference_share`` (the typical entrant).
Below ``experience_gate_factor`` an occupation is not a direct target: a career changer starts on
an **entry rung** (customer service, secretaries, office clerks, receptionists or a related
occupation the person qualifies for) and reaches the target after the tenure it requires.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.catalog.model import Occupation
    from crossroads.profile import Profile

#: O*NET RL categories 1..12: (profile key, O*NET name).
EDUCATION_LEVELS: tuple[tuple[str, str], ...] = (
    ("less_than_high_school", "Less than a High School Diploma"),
    ("high_school", "High School Diploma"),
    ("post_secondary_certificate", "Post-Secondary Certificate"),
    ("some_college", "Some College Courses"),
    ("associates_degree", "Associate's Degree"),
    ("bachelors_degree", "Bachelor's Degree"),
    ("post_baccalaureate_certificate", "Post-Baccalaureate Certificate"),
    ("masters_degree", "Master's Degree"),
    ("post_masters_certificate", "Post-Master's Certificate"),
    ("first_professional_degree", "First Professional Degree"),
    ("doctoral_degree", "Doctoral Degree"),
    ("post_doctoral_training", "Post-Doctoral Training"),
)
BACHELORS = 6
#: Upper bounds (years) of the O*NET RW categories 1..11 (category 1 = none; 11 = over 10 years).
RW_UPPER_YEARS: tuple[float, ...] = (0.0, 1 / 12, 3 / 12, 0.5, 1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 14.0)
#: BLS EP "typical entry education" text -> O*NET RL category.
EP_EDUCATION = {
    "no formal educational credential": 1,
    "high school diploma or equivalent": 2,
    "postsecondary nondegree award": 3,
    "some college, no degree": 4,
    "associate's degree": 5,
    "bachelor's degree": 6,
    "master's degree": 8,
    "doctoral or professional degree": 11,
}
#: BLS EP related experience text -> typical years required (midpoint of "less than 5 years").
EP_EXPERIENCE = {"none": 0.0, "less than 5 years": 2.5, "5 years or more": 5.0}
#: Entry rungs for office and support careers (the issue's examples: customer service,
#: secretaries and administrative assistants, office clerks, receptionists).
ENTRY_RUNGS = ("43-4051.00", "43-6014.00", "43-9061.00", "43-4171.00")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower().replace("'", ""))


_EDU_INDEX: dict[str, int] = {}
for _i, (_k, _n) in enumerate(EDUCATION_LEVELS, start=1):
    _EDU_INDEX[_norm(_k)] = _i
    _EDU_INDEX[_norm(_n)] = _i


def education_level(text: str | None) -> int | None:
    """O*NET RL category (1..12) of an education name or key; None if not recognised."""
    if text is None:
        return None
    return _EDU_INDEX.get(_norm(str(text)))


def education_names() -> list[str]:
    """The accepted keys, in order (for messages and the questionnaire)."""
    return [k for k, _ in EDUCATION_LEVELS]


@dataclass(frozen=True)
class Entry:
    """How a person stands against an occupation's typical entrant."""

    code: str
    experience_years: float  # credited related experience
    required_years: float  # years at which the typical entrant's share is reached
    experience_factor: float
    education_factor: float
    degree_years: (
        float | None
    )  # years of study to the degree the occupation needs (None = not needed)
    source: str  # "O*NET ETE" or "BLS EP" (or "none")
    note: str = ""

    @property
    def factor(self) -> float:
        """The hire-hazard multiplier (experience × education)."""
        return self.experience_factor * self.education_factor


def related_experience(profile: Profile, code: str, catalog: Catalog) -> float:
    """Years of the person's experience that count as related to ``code``.

    Full credit: the same occupation, the same SOC broad group (43-601x), or an O*NET related
    occupation of the primary tiers; half credit: a supplemental related occupation or the same
    SOC minor group (43-6xxx).
    """
    items = list(getattr(profile, "experience", None) or [])
    if not items:
        return 0.0
    try:
        related = {c: t for c, t in catalog.related(code)}
    except Exception:  # noqa: BLE001 - catalogs without the related table
        related = {}
    total = 0.0
    for it in items:
        occ = str(getattr(it, "occupation", "") or "")
        years = float(getattr(it, "years", 0.0) or 0.0)
        if occ == code or occ[:6] == code[:6] or related.get(occ, "").startswith("Primary"):
            total += years
        elif occ in related or occ[:4] == code[:4]:
            total += 0.5 * years
    return total


def _share_at_most(pcts: tuple[float, ...], have: float) -> float:
    """Share (0..1) of incumbents whose required related experience is at most ``have`` years."""
    tot = sum(pcts) or 1.0
    s, lo = 0.0, 0.0
    for pct, hi in zip(pcts, RW_UPPER_YEARS, strict=False):
        if have >= hi:
            s += pct
        elif have > lo:
            s += pct * (have - lo) / (hi - lo)
        lo = hi
    return s / tot


@functools.lru_cache(maxsize=4096)
def _years_for_share(pcts: tuple[float, ...], share: float) -> float:
    """Smallest experience (years) at which ``share`` of incumbents' requirements are met.

    Cached: it depends on the occupation's RW distribution only (not on the person), and the
    40-step bisection is the costliest part of :func:`entry` (issue 16, cohort speed).
    """
    lo_y, hi_y = 0.0, RW_UPPER_YEARS[-1]
    for _ in range(40):
        mid = (lo_y + hi_y) / 2
        if _share_at_most(pcts, mid) >= share:
            hi_y = mid
        else:
            lo_y = mid
    return hi_y


_T = TypeVar("_T")
#: Memo of :func:`entry` and :func:`promotion_step`: key -> (occupation, catalog, result). The
#: occupation and catalog objects are kept in the value and compared by identity on a hit, so a
#: recycled ``id()`` can never return another catalog's answer.
_MEMO: dict[Hashable, tuple[object, object, object]] = {}
_MEMO_MAX = 100_000


def _person_key(profile: Profile) -> tuple[Hashable, ...]:
    """The only profile fields entry requirements read: experience and education."""
    items = getattr(profile, "experience", None) or []
    exp = tuple(
        (str(getattr(it, "occupation", "") or ""), float(getattr(it, "years", 0.0) or 0.0))
        for it in items
    )
    return (exp, getattr(profile, "education", None))


def _memo(
    kind: str,
    profile: Profile,
    occ: Occupation,
    catalog: Catalog,
    params: Mapping[str, float],
    names: tuple[str, ...],
    compute: Callable[[], _T],
) -> _T:
    """``compute()`` once per (occupation, catalog, person's experience/education, parameters).

    Why: a cohort, a hybrid grid and the ranking ask the same person-occupation question hundreds
    of times (every mix of a target, every rung of a ladder); the answer is a pure function of
    those inputs, so it is computed once per worker process (bit-identical by construction).
    """
    key = (kind, id(occ), id(catalog), _person_key(profile), *(float(params[n]) for n in names))
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is occ and hit[1] is catalog:
        return hit[2]  # type: ignore[return-value]
    value = compute()
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    _MEMO[key] = (occ, catalog, value)
    return value


_ENTRY_PARAMS = ("experience_reference_share", "experience_gate_factor")


def entry(
    profile: Profile, occ: Occupation, catalog: Catalog, params: Mapping[str, float]
) -> Entry:
    """The person's :class:`Entry` for occupation ``occ`` (see module doc for the formula)."""
    return _memo(
        "entry", profile, occ, catalog, params, _ENTRY_PARAMS,
        lambda: _entry(profile, occ, catalog, params),
    )  # fmt: skip


def _entry(
    profile: Profile, occ: Occupation, catalog: Catalog, params: Mapping[str, float]
) -> Entry:
    ref = float(params["experience_reference_share"])
    have = related_experience(profile, occ.code, catalog)
    edu = education_level(getattr(profile, "education", None))
    ete = _ete(occ, catalog)
    rw, rl = ete.get("RW"), ete.get("RL")
    notes: list[str] = []
    gate = float(params["experience_gate_factor"])
    txt = (getattr(occ, "ep_related_experience", None) or "").strip().lower()
    ep_req = EP_EXPERIENCE.get(txt, 0.0)
    if rw:
        source = "O*NET ETE" + (" + BLS EP" if txt else "")
        exp_f = min(1.0, _share_at_most(tuple(rw), have) / ref)
        req = max(_years_for_share(tuple(rw), ref), ep_req)
    else:
        source = "BLS EP" if txt else "none"
        req = ep_req
        exp_f = 1.0
        if not txt:
            notes.append("no entry-experience data: not penalised")
    if ep_req > 0 and have < ep_req:  # BLS: the typical entrant has related experience
        exp_f = min(exp_f, gate * (0.5 + 0.5 * have / ep_req))
    ep_edu = EP_EDUCATION.get((getattr(occ, "ep_entry_education", None) or "").strip().lower())
    if edu is None:
        edu_f = 1.0
        if rl or ep_edu:
            notes.append("education not given: not penalised")
    elif rl:
        tot = sum(rl) or 1.0
        edu_f = min(1.0, sum(rl[:edu]) / tot / ref)
    elif ep_edu is not None:
        edu_f = 1.0 if edu >= ep_edu else float(params["experience_gate_factor"]) / 2
    else:
        edu_f = 1.0
    degree = degree_years(edu, occ)
    return Entry(
        occ.code, round(have, 2), round(req, 2), exp_f, edu_f, degree, source, "; ".join(notes)
    )


def _ete(occ: Occupation, catalog: Catalog | None) -> Mapping[str, tuple[float, ...]]:
    """O*NET ETE distributions of ``occ`` (from the catalog's lazily loaded table)."""
    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    getter = getattr(catalog, "ete", None)
    return getter(occ.code) if callable(getter) else (getattr(occ, "ete", None) or {})


def typical_education(occ: Occupation) -> int | None:
    """The typical entrant's education (RL category): BLS EP's, else O*NET RL's median."""
    ep = EP_EDUCATION.get((getattr(occ, "ep_entry_education", None) or "").strip().lower())
    if ep is not None:
        return ep
    rl = _ete(occ, None).get("RL")
    if not rl:
        return None
    tot, cum = sum(rl) or 1.0, 0.0
    for i, v in enumerate(rl, start=1):
        cum += v
        if cum / tot >= 0.5:
            return i
    return len(rl)


def degree_years(edu: int | None, occ: Occupation) -> float | None:
    """Years of full-time study to the degree a Job Zone 4-5 occupation needs (None if not needed).

    A bachelor's takes 4 years from high school, 3 after some college, 2 after an associate's; a
    master's 2 more. An unknown education counts as high school (said by the caller).
    """
    jz = getattr(occ, "job_zone", None)
    need = typical_education(occ)
    if jz is None or jz < 4 or need is None or need < BACHELORS:
        return None
    have = edu if edu is not None else 2
    if have >= need:
        return None
    to_ba = {5: 2.0, 4: 3.0}.get(have, 4.0) if have < BACHELORS else 0.0
    return to_ba + (2.0 if need >= 8 and have < 8 else 0.0)


def entry_rung(
    profile: Profile, occ: Occupation, catalog: Catalog, params: Mapping[str, float]
) -> str | None:
    """The occupation a career changer starts on to reach ``occ``: a related occupation (O*NET's
    ladder) or an office entry rung the person qualifies for, with a wage and Job Zone ≤ 3."""
    gate = float(params["experience_gate_factor"])
    try:
        related = [c for c, _t in catalog.related(occ.code)]
    except Exception:  # noqa: BLE001
        related = []
    first = [c for c in ENTRY_RUNGS if c in related]
    for code in dict.fromkeys([*first, *ENTRY_RUNGS, *related]):
        if code == occ.code or code not in catalog:
            continue
        o = catalog.occupation(code)
        if o.wage_hourly is None or o.job_zone is None or o.job_zone > 3:
            continue
        if code in related and not (o.teleworkable or 0) >= 0.5:
            continue
        if entry(profile, o, catalog, params).factor >= gate:
            result: str | None = code
            return result
    return None


@dataclass(frozen=True)
class Promotion:
    """The next rung of an occupation's ladder for this person, and when it opens."""

    code: str
    title: str
    tier: str  # O*NET related-occupations tier of the step ("Primary-Short", "Primary-Long")
    after_months: (
        float  # employed months on the rung before the typical entrant's experience is reached
    )
    required_years: float


_TIERS = {"Primary-Short": 0, "Primary-Long": 1}


_PROMOTION_PARAMS = (
    *_ENTRY_PARAMS,
    "promotion_min_wage_gain_pct",
    "telework_min_share",
)


def promotion_step(
    profile: Profile, occ: Occupation, catalog: Catalog, params: Mapping[str, float]
) -> Promotion | None:
    """The occupation a person hired in ``occ`` can be promoted to, or None (memoised: see
    :func:`_memo`; the computation is :func:`_promotion_step`)."""
    return _memo(
        "promotion", profile, occ, catalog, params, _PROMOTION_PARAMS,
        lambda: _promotion_step(profile, occ, catalog, params),
    )  # fmt: skip


def _promotion_step(
    profile: Profile, occ: Occupation, catalog: Catalog, params: Mapping[str, float]
) -> Promotion | None:
    """The occupation a person hired in ``occ`` can be promoted to, or None.

    A step of O*NET's related-occupations ladder (primary tiers, the short list first) that pays at
    least ``promotion_min_wage_gain`` more at the median (OEWS), is remote work, needs no degree or
    education the person lacks, is not management (SOC 11: more than a rung's tenure) — and that the
    person cannot enter directly today (entry factor below ``experience_gate_factor``): what the
    tenure on the rung buys is the related experience its typical entrant has. Among those, the
    best-paid of the first tier. Opens after ``12 · (required − held)`` employed months.
    """
    from crossroads.matching import onsite_by_nature

    gate = float(params["experience_gate_factor"])
    gain = 1.0 + float(params["promotion_min_wage_gain_pct"]) / 100.0
    w0 = getattr(getattr(occ, "wage_hourly", None), "p50", None)
    if w0 is None:
        return None
    try:
        related = list(catalog.related(occ.code))
    except Exception:  # noqa: BLE001 - catalogs without the related table
        return None
    best: tuple[int, float, Occupation, Entry, str] | None = None
    for code, tier in related:
        if tier not in _TIERS or code not in catalog or code[:2] == "11":
            continue
        o = catalog.occupation(code)
        w = getattr(o.wage_hourly, "p50", None) if o.wage_hourly is not None else None
        if w is None or w < gain * float(w0) or onsite_by_nature(code) is not None:
            continue
        if not (o.teleworkable or 0) >= float(params["telework_min_share"]):
            continue
        e = entry(profile, o, catalog, params)
        if e.factor >= gate or e.education_factor < gate or e.degree_years is not None:
            continue
        key = (_TIERS[tier], -float(w))
        if best is None or key < (best[0], best[1]):
            best = (key[0], key[1], o, e, tier)
    if best is None:
        return None
    o, e, tier = best[2], best[3], best[4]
    months = 12.0 * max(0.0, e.required_years - e.experience_years)
    return Promotion(o.code, str(o.title), tier, months, e.required_years)
