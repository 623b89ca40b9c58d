"""Which options to compare: microtasks, the best-fitting remote careers, and a hybrid grid.

* **Microtasks** only when at least one platform is open to a new worker in the person's country
  today (``Catalog.open_platforms``) — a closed platform (MTurk closed on 2026-09-30) is never
  recommended.
* **Careers**: the best-fitting curated soft-skill remote careers (then other teleworkable
  occupations) from :func:`crossroads.matching.match`, restricted to O*NET Job Zone ≤ 3 (little to medium preparation: the learning model prices skill
  gaps in study hours and does not model a bachelor's degree) and to occupations with an OEWS wage
  (the engine draws the wage from it).
* **Hybrids**: for each target, a grid of splits of the person's weekly hours between microtasks and
  learning/search — microtask shares 5 %, 15 %, …, 95 % — under both switching rules (stop
  microtasks when hired / keep them), i.e. 20 mixes per target, 60 for three targets.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crossroads.options import Option

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.matching import Match
    from crossroads.params import Parameters
    from crossroads.profile import Profile

#: Microtask shares of the weekly hours searched for every target (10 levels).
MIX_SHARES: tuple[float, ...] = tuple(round(0.05 + 0.1 * i, 2) for i in range(10))
MAX_JOB_ZONE = 3


@dataclass(frozen=True)
class Target:
    """A career target with the matching result behind it."""

    code: str
    title: str
    fit: float
    match: Any  # crossroads.matching.Match


def career_targets(
    profile: Profile,
    catalog: Catalog,
    n: int = 3,
    codes: list[str] | None = None,
    params: Parameters | None = None,
) -> list[Target]:
    """The career targets to compare: the person's own ``codes`` if given, else the best fits.

    The best fits are taken first from the curated soft-skill remote careers
    (``Catalog.soft_skill_careers()``: customer support, virtual/executive assistance, project
    coordination, content, marketing, training…, the article's paths), because Dingel–Neiman's
    binary teleworkability also marks occupations such as painters or ushers as doable from home
    and those are not what the article means. Only when fewer than ``n`` curated careers qualify
    (Job Zone ≤ 3, an O*NET skill rating, an OEWS wage) are other teleworkable occupations used.

    ``params`` (default: the profile's own, :func:`crossroads.params.params_for`) are the values
    of the matching and entry-gate assumptions the choice reads: the sensitivity re-chooses the
    targets with one of them moved to an end of its range (a ``ReadRecorder`` there tells which).
    """
    from crossroads.errors import FieldError, InputError
    from crossroads.matching import match_occupation, ranked_matches
    from crossroads.params import params_for

    prm = params if params is not None else params_for(profile)

    if codes:
        out: list[Target] = []
        problems: list[FieldError] = []
        for i, code in enumerate(codes):
            try:
                m = match_occupation(profile, code, catalog=catalog, assumptions=prm)
            except InputError as exc:
                problems += [FieldError(f"target[{i}]", e.reason) for e in exc.errors]
                continue
            if m.wage_hourly is None:
                problems.append(
                    FieldError(f"target[{i}]", f"{code} has no published OEWS wage to draw from")
                )
                continue
            out.append(Target(m.code, m.title, float(m.fit), m))
        if problems:
            raise InputError(problems)
        return out
    # Entry requirements gate the automatic choice: an occupation whose typical entrant has
    # experience or education the person lacks (entry factor below experience_gate_factor) is
    # replaced by its entry rung (crossroads.requirements), so the person's own experience and
    # education decide which careers are compared; the entry factor then scales the hire hazard
    # in the simulation (an ungated target with a factor below 1 is hired more slowly).
    # ``min_wage=0`` keeps only occupations with an OEWS median wage.
    from crossroads.requirements import entry, entry_rung

    gate = float(prm["experience_gate_factor"])
    # Lazily: a Match is built only when the loop below reads it (usually the first three or
    # four curated careers, not all of them); the order and the choice are those of ``match``.
    soft = ranked_matches(
        profile,
        catalog=catalog,
        max_job_zone=MAX_JOB_ZONE,
        min_wage=0.0,
        soft_skills_only=True,
        assumptions=prm,
    )
    pool: Iterable[Match] = soft
    if len(soft) < n:
        seen = set(soft.codes)
        more = ranked_matches(
            profile,
            catalog=catalog,
            max_job_zone=MAX_JOB_ZONE,
            min_wage=0.0,
            limit=4 * n + len(seen),
            assumptions=prm,
        )
        pool = itertools.chain(soft, (m for m in more if m.code not in seen))
    picked: dict[str, Any] = {}
    for m in pool:
        if len(picked) >= n:
            break
        if m.wage_hourly is None:  # min_wage=0 keeps only occupations with a wage: never here
            continue
        occ = catalog.occupation(m.code)
        if entry(profile, occ, catalog, prm).factor < gate:
            rung = entry_rung(profile, occ, catalog, prm)
            if rung is None or rung in picked:
                continue
            try:
                m = match_occupation(profile, rung, catalog=catalog, assumptions=prm)
            except InputError:
                continue
        if m.code not in picked and m.wage_hourly is not None:
            picked[m.code] = m
    return [Target(m.code, m.title, float(m.fit), m) for m in picked.values()]


def round_hours(h: float) -> float:
    """Hours rounded to 0.5 h/week: option ids stay short and readable."""
    return round(h * 2.0) / 2.0


#: Default of the registry's ``min_microtask_hours`` (h/week): the fewest microtask hours a hybrid
#: keeps. A split below it is the career option in all but name (issue 12: "0.5 h of microtasks").
MIN_MICROTASK_HOURS = 2.0
#: Default of the registry's ``min_learning_hours`` (h/week): the fewest learning hours a hybrid
#: keeps. Below it a course does not progress: the split is microtasks only in all but name
#: (the student's "11.5 h microtasks + 0.5 h learning").
MIN_LEARNING_HOURS = 2.0


def hybrid_grid(
    hours: float,
    targets: list[Target],
    shares: tuple[float, ...] | None = None,
    min_microtask: float = MIN_MICROTASK_HOURS,
    min_learning: float = MIN_LEARNING_HOURS,
) -> list[Option]:
    """Every mix of the grid (``shares`` of the hours on microtasks, default :data:`MIX_SHARES`)
    for every target (duplicates after rounding removed). Splits with fewer than
    ``min_microtask`` h/week of microtasks are left out: they are the career option; splits with
    fewer than ``min_learning`` h/week of learning (or freelancing) are left out too: they are
    the microtasks-only option, already a candidate.

    A target with a freelance market (:func:`crossroads.freelance.has_market`) also gets the
    freelance mixes ``hybrid:MT:H:freelance:CODE:keep`` (issue 9): microtasks while building a
    client base. Only the *keep* rule: a freelancer's billed hours come from the freelance hours
    alone (no employer's full-time job to take), so stopping microtasks at the first contract
    would only drop income — that rule is dominated and would cost screening time for nothing.
    A freelance side under ``min_microtask`` h/week is left out too (a quarter-hour of billed
    work a week is microtasks in all but name).
    """
    from crossroads.freelance import has_market

    seen: set[str] = set()
    out: list[Option] = []
    grid = MIX_SHARES if shares is None else shares
    modes = ((False, False), (False, True), (True, True))  # (freelance, keep)
    for t in targets:
        for freelance, keep in modes:
            if freelance and not has_market(t.code):
                continue
            for s in grid:
                mt = round_hours(hours * s)
                learn = round_hours(hours - mt)
                if mt < min_microtask or mt <= 0 or learn <= 0 or learn < min_learning:
                    continue
                if freelance and learn < min_microtask:  # a freelance practice of under
                    continue  # min_microtask h/week (half of it billed) is microtasks in all but name
                o = Option.hybrid(mt, learn, t.code, keep, t.title, freelance=freelance)
                if o.id not in seen:
                    seen.add(o.id)
                    out.append(o)
    return out


def family_of(option: Any) -> str:
    """The kind of path an option stands for: ``microtask``, ``career:<code>``, ``freelance:<code>``,
    ``hybrid:<code>`` or ``hybrid:freelance:<code>`` (microtasks beside freelancing, issue 9).

    Neighbouring hybrid splits of the same target differ by Monte Carlo noise more than by
    substance; what the person decides first is the family (microtasks only, the career, or a
    hybrid towards that career), then the split. Robustness and tipping points are judged per family.
    """
    if option.kind in ("microtask", "local_job"):  # the ranked baseline: a family of its own
        return str(option.kind)
    if option.kind == "hybrid" and getattr(option, "freelance", False):
        # its own family within the hybrid kind: microtasks + freelancing is another plan than
        # microtasks + an employee job search, though both are hybrids towards the same career
        return f"hybrid:freelance:{option.target}"
    return f"{option.kind}:{option.target}"


#: Plain names of the kinds of path (the article's fork), for the coherence rule's first level.
KIND_LABELS = {
    "microtask": "microtasks only",
    "hybrid": "a hybrid",
    "career": "a career path",
    "freelance": "freelancing",
    "local_job": "a local job",
}


def kind_label(kind: str) -> str:
    """Plain-language name of a kind of path ("microtasks only", "a hybrid (…)")."""
    return KIND_LABELS.get(kind, kind)


def plain_title(title: str) -> str:
    """An O*NET title without its ", Except …" qualifier, for prose ("Secretaries and
    Administrative Assistants, Except Legal, Medical, and Executive" → "Secretaries and
    Administrative Assistants"); the full title stays in the option's label and the tables."""
    head, sep, _ = title.partition(", Except ")
    return head if sep and head else title


def family_label(option: Any, title: str | None) -> str:
    """Plain-language name of an option's family ("a hybrid towards Customer Service Representatives")."""
    if option.kind == "microtask":
        return "microtasks only"
    if option.kind == "local_job":
        return "a local entry-level job"
    name = plain_title(title) if title else option.target
    if option.kind == "freelance":
        return f"freelancing as {name}"
    if option.kind == "hybrid" and getattr(option, "freelance", False):
        return f"a hybrid towards freelancing as {name}"
    return f"the career path to {name}" if option.kind == "career" else f"a hybrid towards {name}"


def short_label(option: Any, title: str | None) -> str:
    """A compact label for tables: hours first (so a narrow terminal cuts the title, not the numbers).

    ``MT`` = microtask hours per week, ``learn`` = learning then job-search hours per week; a hybrid
    stops its microtasks when hired unless marked ``(MT kept)``.
    """
    name = title or option.target or ""
    if option.kind == "microtask":
        return f"Microtasks only, {option.microtask_hours:g} h"
    if option.kind == "local_job":
        return "Local entry-level job"
    if option.kind == "career":
        return f"Career {option.learning_hours:g} h → {name}"
    if option.kind == "freelance":
        return f"Freelance {option.learning_hours:g} h → {name}"
    kept = " (MT kept)" if not option.stop_microtask_when_hired else ""
    if getattr(option, "freelance", False):  # microtasks go on beside the clients
        return f"{option.microtask_hours:g} h MT + {option.learning_hours:g} h freelance → {name}"
    return f"{option.microtask_hours:g} h MT{kept} + {option.learning_hours:g} h → {name}"
