"""The ranked baseline (issue 12 §4): "a local entry-level job now" as an option, when asked for.

Why its own stage: the baseline is a reference line in every advice; a person who would take a
local job asks for it to be ranked too (profile ``baseline: {rank: true}``, CLI
``--rank-baseline``). It is then simulated in its **own engine call on the same draws**
(:func:`crossroads.simulation.join.join`), so every other option's arrays — and so its measures —
are the very ones of the advice without it; only the ranking (normalisation, SMAA, the coherence
rule) sees one option more.

The catalog attributes of "any entry-level job" name no occupation, so they are the
employment-weighted means over the O*NET Job Zone 1–2 occupations (little or some preparation
needed: the jobs open to anyone now): automation exposure (Eloundou β), Active Learning
importance, the Independence work value and the person's fit. Its wage ceiling is the top of the
all-occupations entrant band (``entrant_pct_high`` of OEWS 00-0000): no career ladder is named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..criteria import Attributes
from .context import Context

if TYPE_CHECKING:
    from crossroads.options import Option

#: O*NET Job Zones of "entry-level" work: 1 (little or no preparation), 2 (some preparation).
ENTRY_JOB_ZONES = (1, 2)


def wants_ranked(ctx: Context, rank_baseline: bool | None) -> bool:
    """The CLI flag wins when given; else the profile's ``baseline.rank``."""
    if rank_baseline is not None:
        return bool(rank_baseline)
    return bool(getattr(getattr(ctx.profile, "baseline", None), "rank", False))


def local_option(ctx: Context) -> Option:
    """The option ``local_job`` for this person's hours (capped at full time in its label)."""
    from crossroads.options import Option

    return Option.local_job(ctx.hours, float(ctx.params["fulltime_hours"]))


def local_attributes(ctx: Context) -> Attributes:
    """Catalog attributes of any local entry-level job (see the module docstring)."""
    from crossroads.matching import _score
    from crossroads.money.rules import ALL_OCCUPATIONS_WAGE
    from crossroads.simulation.career import wage_quantile

    cat, p = ctx.catalog, ctx.params
    sc = _score(ctx.profile, cat, None)
    fit_of = dict(zip(sc.codes, (float(f) for f in sc.fit), strict=True))
    rows: list[tuple[float, float, float, float, float]] = []
    for occ in cat.occupations():
        emp = occ.employment
        if occ.job_zone not in ENTRY_JOB_ZONES or not emp or occ.code not in fit_of:
            continue
        beta, al = occ.ai_eloundou_beta, occ.skills_im.get("active_learning")
        ind = (occ.work_values or {}).get("independence")
        if beta is None or al is None or ind is None:
            continue
        rows.append((float(emp), float(beta), float(al), float(ind), fit_of[occ.code]))
    a = np.array(rows, dtype=np.float64)
    w = a[:, 0] / a[:, 0].sum()
    beta, al, ind, fit = (float(w @ a[:, j]) for j in range(1, 5))
    wq = wage_quantile(ALL_OCCUPATIONS_WAGE, p)
    ceiling = float(wq(p["entrant_pct_high"])) if wq is not None else ALL_OCCUPATIONS_WAGE["p25"]
    return Attributes(ceiling, beta, al, fit, beta, al, ind, fit, True)
