"""The local entry-level job: the fallback job's wage, and the ranked baseline as a career group.

Why its own module: "a local entry-level job now" appears three times in the model — the fallback
job taken when cash runs low, the reference line every advice shows, and (when the profile asks,
issue 12 §4) an option ranked like the others. All three must price the same job the same way:
the OEWS all-occupations wage moved to the person's country, never below the statutory minimum,
found at the CPS-based hire hazard × ``fallback_hire_factor`` × the part-time factor. As an
option it is a career :class:`~.setup.Group` with no study (``need_hours`` 0): the engine's
search, hire, job-loss, re-hire, tax and cash machinery then apply unchanged.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from crossroads.money.rules import ALL_OCCUPATIONS_WAGE
from crossroads.params import WEEKS_PER_MONTH, Parameters
from crossroads.world.minimum_wage import employee_floor_usd
from crossroads.world.wages import local_wage_factor, scale_wage

from .career import WageQuantile, availability_factor, loss_rates, wage_quantile, with_floor

if TYPE_CHECKING:
    from .setup import Group

#: The pseudo-occupation code of "any job" (OEWS 00-0000 All Occupations).
ALL_OCCUPATIONS = "00-0000"


def local_entry_wage(
    profile: Any, params: Parameters, fx: float, own_hourly: float | None
) -> tuple[WageQuantile | None, str, str]:
    """(hourly wage distribution in USD, country note, binding-floor note) of any local job.

    ``own_hourly`` (the profile's ``fallback.wage_hourly``, in its currency) replaces the OEWS
    distribution by the person's own figure. Outside the US the OEWS all-occupations
    distribution is moved by the world model's ``local_wage_factor`` and floored by the statutory
    minimum wage (the floor note is returned only when it binds at the entrant band's low end).
    Raises InputError when the country cannot be priced.
    """
    if own_hourly is not None:
        w = float(own_hourly) * fx  # the profile currency -> USD
        return wage_quantile({k: w for k in ALL_OCCUPATIONS_WAGE}, params), "", ""
    wq = wage_quantile(ALL_OCCUPATIONS_WAGE, params)
    if wq is None or str(getattr(profile, "country", "US")).upper() == "US":
        return wq, "", ""
    factor, note = local_wage_factor(
        profile,
        ALL_OCCUPATIONS,
        ALL_OCCUPATIONS_WAGE["p50"],
        fx,
        float(params["intl_wage_structure_factor"]),
    )
    wq = scale_wage(wq, factor)
    floor, floor_note = employee_floor_usd(profile, fx)
    binding = ""
    if floor > 0:
        if floor > float(wq(params["entrant_pct_low"])):
            binding = floor_note
        wq = with_floor(wq, floor)
    return wq, note, binding


def local_hire_rate(hours: float, params: Parameters, lam_week: float) -> float:
    """Monthly hire hazard of any local job for ``hours`` a week (before frailty): the CPS-based
    baseline × ``fallback_hire_factor`` × the part-time factor — no remote competition, no fit."""
    return (
        lam_week
        * WEEKS_PER_MONTH
        * float(params["fallback_hire_factor"])
        * availability_factor(hours, params)
    )


def local_group(profile: Any, params: Parameters, lam_week: float, fx: float, total: Any) -> Group:
    """The ranked baseline as a career group: search at once (no study), then the job.

    Job hours: the person's weekly hours, capped at ``fulltime_hours``. Search hours: the CPS job
    seeker's ``search_hours_full`` (or fewer when the person has fewer); they do not change the
    hazard, as for the fallback job. The wage is the fallback job's (:func:`local_entry_wage`, the
    person's ``fallback.wage_hourly`` when given); job loss at the all-occupations rate (JOLTS),
    re-hires at the same hazard. Raises InputError when the country cannot be priced.
    """
    from types import SimpleNamespace

    from .setup import Group

    p = params
    hours = float(profile.time.hours_per_week)
    job_hours = min(hours, float(p["fulltime_hours"]))
    fb = getattr(profile, "fallback", None)
    wq, note, floor_note = local_entry_wage(profile, p, fx, getattr(fb, "wage_hourly", None))
    assert wq is not None  # the OEWS table is bundled
    floor, _ = employee_floor_usd(profile, fx)
    ref = (total or {}).get("separations_rate_pct") or p["separations_rate_default_pct"]
    loss1, loss = loss_rates(SimpleNamespace(separations_rate_pct=ref), total, p)
    rate = local_hire_rate(job_hours, p, lam_week)
    notes = [f"local entry-level job: {n}" for n in (note, floor_note) if n]
    return Group(
        target=ALL_OCCUPATIONS,
        title="a local entry-level job",
        learn_hours=min(hours, float(p["search_hours_full"])),
        job_hours=job_hours,
        need_hours=0.0,
        fit_before=1.0,
        fit_search=1.0,
        hire_rate_month=float(rate),
        hire_rate_fit1=float(rate),
        loss_rate_month=loss,
        wage=wq,
        notes=tuple(notes),
        loss_rate_first_year=loss1,
        wage_note=note,
        wage_floor=max(0.0, float(floor)),
        cost_month_usd=0.0,
    )


def median_hire_months(hours: float, params: Parameters, lam_week: float) -> float | None:
    """``ln 2 / hazard``: the median months to find the job without frailty (the baseline line)."""
    rate = local_hire_rate(hours, params, lam_week)
    return math.log(2.0) / rate if rate > 0 else None
