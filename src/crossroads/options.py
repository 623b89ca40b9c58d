"""Options: the policies the engine compares.

An option is a policy, not an outcome: how many hours a week go to microtasks, how many to
learning (and then job search) for a target occupation, and a switching rule. Keeping it a small
frozen value lets the engine simulate hundreds of them on the same random numbers and lets every
face name one with a short, stable text id (``microtask``, ``career:43-4051.00``,
``hybrid:10:20:43-4051.00[:keep]``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from crossroads.errors import FieldError, InputError

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.profile import Profile

Kind = Literal["microtask", "career", "hybrid", "freelance", "local_job"]

#: The id of the ranked baseline, "a local entry-level job now" (issue 12 §4).
LOCAL_JOB = "local_job"

SYNTAX = (
    "microtask | local_job | career:<O*NET-SOC code> | freelance:<O*NET-SOC code> | "
    "hybrid:<microtask h/week>:<learning h/week>:[freelance:]<code>[:keep]"
)


@dataclass(frozen=True)
class Option:
    """One policy: weekly hours on microtasks and on learning/search, a target and a switch rule."""

    id: str
    kind: Kind
    microtask_hours: float
    learning_hours: float
    target: str | None
    stop_microtask_when_hired: bool = True
    label: str = ""
    freelance: bool = False  # the target is worked as a freelancer on a marketplace (issue 9)

    @staticmethod
    def microtask(hours: float) -> Option:
        return Option(
            "microtask",
            "microtask",
            float(hours),
            0.0,
            None,
            True,
            f"Microtasks {_h(hours)} h/week",
        )

    @staticmethod
    def career(code: str, hours: float, title: str | None = None) -> Option:
        return Option(
            f"career:{code}",
            "career",
            0.0,
            float(hours),
            code,
            True,
            f"Career: {title or code} ({_h(hours)} h/week learning, then search)",
        )

    @staticmethod
    def local_job(hours: float, fulltime: float) -> Option:
        """The baseline as an option: any local entry-level job, found at the CPS-based hazard.

        No microtask and no learning hours: the engine gives it the CPS job seeker's search
        hours (``search_hours_full``) and a job of the person's hours, capped at ``fulltime``.
        """
        job = min(float(hours), float(fulltime))
        return Option(
            LOCAL_JOB,
            "local_job",
            0.0,
            0.0,
            None,
            True,
            f"A local entry-level job now ({_h(job)} h/week)",
        )

    @staticmethod
    def freelance_path(code: str, hours: float, title: str | None = None) -> Option:
        """Freelancing in ``code``'s market: a profile, bids, a first contract, then client hours."""
        return Option(
            f"freelance:{code}",
            "freelance",
            0.0,
            float(hours),
            code,
            True,
            f"Freelance: {title or code} ({_h(hours)} h/week: profile, bids, then clients)",
            freelance=True,
        )

    @staticmethod
    def hybrid(
        mt: float,
        learn: float,
        code: str,
        keep: bool = False,
        title: str | None = None,
        freelance: bool = False,
    ) -> Option:
        mode = "freelance:" if freelance else ""
        oid = f"hybrid:{_h(mt)}:{_h(learn)}:{mode}{code}" + (":keep" if keep else "")
        rule = "keep microtasks when hired" if keep else "stop microtasks when hired"
        what = f"freelancing as {title or code}" if freelance else f"learning for {title or code}"
        return Option(
            oid,
            "hybrid",
            float(mt),
            float(learn),
            code,
            not keep,
            f"Hybrid: {_h(mt)} h microtasks + {_h(learn)} h {what} ({rule})",
            freelance=freelance,
        )


def _h(x: float) -> str:
    return f"{x:g}"


def _hours(text: str, what: str, errors: list[FieldError]) -> float | None:
    try:
        v = float(text)
    except ValueError:
        errors.append(
            FieldError("option", f"{what} must be a number of hours per week, got {text!r}")
        )
        return None
    if not math.isfinite(v) or v < 0:
        errors.append(FieldError("option", f"{what} must be >= 0 hours per week, got {text!r}"))
        return None
    return v


def _title(code: str, catalog: Catalog | None, errors: list[FieldError]) -> str | None:
    """Check the code exists in the catalog (the error names field `option`) and return its title."""
    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    try:
        occ = catalog.occupation(code)
    except InputError:
        errors.append(
            FieldError("option", f"unknown O*NET-SOC code {code!r} (see `crossroads occupations`)")
        )
        return None
    return str(getattr(occ, "title", code))


def parse_option(text: str, profile: Profile, catalog: Catalog | None = None) -> Option:
    """Parse an option id for this person; raises InputError(field='option') with every problem.

    The person's ``time.hours_per_week`` bounds the hours: ``microtask`` and ``career:`` use all of
    them; a hybrid's two parts must not add up to more.
    """
    errors: list[FieldError] = []
    total = float(profile.time.hours_per_week)
    s = (text or "").strip()
    parts = s.split(":")
    head = parts[0].lower()
    if head == "microtask" and len(parts) == 1:
        return Option.microtask(total)
    if head == LOCAL_JOB and len(parts) == 1:
        from crossroads.params import params_for

        return Option.local_job(total, float(params_for(profile)["fulltime_hours"]))
    if head == "career" and len(parts) == 2 and parts[1]:
        title = _title(parts[1], catalog, errors)
        if errors:
            raise InputError(errors)
        return Option.career(parts[1], total, title)
    if head == "freelance" and len(parts) == 2 and parts[1]:
        title = _title(parts[1], catalog, errors)
        if errors:
            raise InputError(errors)
        return Option.freelance_path(parts[1], total, title)
    freelance = head == "hybrid" and len(parts) >= 5 and parts[3].lower() == "freelance"
    if freelance:
        parts = parts[:3] + parts[4:]
    if head == "hybrid" and len(parts) in (4, 5):
        keep = False
        if len(parts) == 5:
            if parts[4].lower() != "keep":
                errors.append(
                    FieldError("option", f"the optional 5th part must be 'keep', got {parts[4]!r}")
                )
            keep = True
        mt = _hours(parts[1], "microtask hours", errors)
        learn = _hours(parts[2], "learning hours", errors)
        if mt is not None and learn is not None:
            if mt + learn > total + 1e-9:
                errors.append(
                    FieldError(
                        "option",
                        f"microtask + learning hours ({mt:g} + {learn:g}) exceed the profile's "
                        f"hours_per_week ({total:g})",
                    )
                )
            if learn <= 0:
                errors.append(
                    FieldError("option", "a hybrid needs learning hours > 0 (else use 'microtask')")
                )
        title = _title(parts[3], catalog, errors) if parts[3] else None
        if not parts[3]:
            errors.append(FieldError("option", "a hybrid needs a target O*NET-SOC code"))
        if errors:
            raise InputError(errors)
        assert mt is not None and learn is not None
        return Option.hybrid(mt, learn, parts[3], keep, title, freelance=freelance)
    raise InputError(FieldError("option", f"cannot read {text!r}; expected {SYNTAX}"))
