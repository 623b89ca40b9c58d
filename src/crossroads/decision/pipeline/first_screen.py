"""Stage 8 — the first screen: the short answer and the baseline, from what the stages computed.

Why a stage of its own: the short answer (:mod:`..short_answer`) and the baseline line ("a local
entry-level job now") add no model of their own; they quote figures the ranking, the explanation
and the tipping points already have, plus the world model's entry wage. Keeping them apart keeps
the ranking stages free of presentation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import explain
from .. import short_answer as sa
from ..advice import Baseline, TippingPoint
from .context import Context
from .explanation import Explained
from .finalists import Finals

if TYPE_CHECKING:
    from crossroads.catalog.model import Platform


def baseline(ctx: Context) -> Baseline | None:
    """A local entry-level job now, any occupation: the line every remote path is worth against.

    The wage is the world model's all-occupations entry wage for the person's country
    (:func:`crossroads.world.wages.entry_wage`: OEWS P10, moved to the country), for the
    person's hours up to full time, before tax; the time to find it is the median of the
    fallback job's hire hazard (the CPS-based baseline × ``fallback_hire_factor``, the part-time
    factor faded in over the full-time ramp, as in the engine), ``ln 2 / hazard`` months. A
    reference, not a ranked option. None when the country has no wage data or the currency
    cannot be converted.
    """
    from crossroads.errors import InputError
    from crossroads.simulation.career import hire_hazard_week
    from crossroads.simulation.local_job import median_hire_months
    from crossroads.world.currency import fx_for_profile, to_usd
    from crossroads.world.wages import entry_wage

    p, profile = ctx.params, ctx.profile
    hours = min(ctx.hours, float(p["fulltime_hours"]))
    try:
        ew = entry_wage(profile.country, structure_factor=float(p["intl_wage_structure_factor"]),
                        hours_per_week=hours)  # fmt: skip
        factor = 1.0
        if ew.currency != ctx.currency:
            usd = to_usd(1.0, ew.currency)
            if usd is None:
                return None
            factor = usd / fx_for_profile(profile, p).usd_per_unit
    except InputError:
        return None
    # the same hazard as the ranked local job and the fallback job (simulation.local_job)
    months = median_hire_months(hours, p, hire_hazard_week(p))
    hourly, monthly = ew.hourly * factor, ew.monthly * factor
    find = (
        f"; half of those looking find one within about {months:.1f} months (CPS hire chance)"
        if months is not None
        else ""
    )
    text = (
        f"For comparison, any local entry-level job pays about "
        f"{explain.fmt_money(monthly, ctx.currency)} a month before tax at {hours:g} h/week "
        f"({explain.fmt_money(hourly, ctx.currency)}/h){find}."
    )
    return Baseline(
        label="a local entry-level job now", currency=ctx.currency, hourly=hourly, monthly=monthly,
        hours_per_week=hours, hire_months_p50=months,
        source=f"{ew.note}; hire chance: CPS search calibration × fallback_hire_factor", text=text,
    )  # fmt: skip


def short_answer(
    ctx: Context,
    fin: Finals,
    why: Explained,
    tips: list[TippingPoint],
    tip_summary: str,
    platforms: list[Platform],
) -> sa.ShortAnswer:
    """The first screen of the advice (see :mod:`..short_answer`)."""
    k, rec = fin.first, fin.options[fin.first]
    rec_fam = why.recommendation_kind or why.recommendation_family
    income = np.asarray(fin.sim.monthly("income")[k], dtype=np.float64).T  # (paths, months)
    apps = sa.applications_month(fin.sim.monthly("hours_search")[k]) if rec.target else None
    t = ctx.targets.get(rec.target) if rec.target else None
    changes = [tp.text for tp in tips] or ([tip_summary] if tip_summary else [])
    return sa.ShortAnswer(
        sentence=sa.sentence(
            rec.label,
            rec_fam.label,
            rec_fam.p_first,
            why.tie,
            (why.runner_up_kind.label, why.runner_up_kind.p_first)
            if why.runner_up_kind is not None
            else None,
        ),  # fmt: skip
        next_weeks=sa.next_weeks(rec, platforms, t.match if t else None, apps, ctx.currency),
        income=sa.month_income(income),
        reasons=why.reasons[:3],
        changes=changes,
        versus=why.versus,
        reasons_compact=why.reasons_compact[:3],
    )
