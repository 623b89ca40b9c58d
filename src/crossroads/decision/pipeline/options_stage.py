"""Stage 1 — options: microtasks (if a platform is open today), the best-fitting remote careers,
and a grid of ≥ 60 hybrid mixes (:mod:`..candidates`); the context they are judged in."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from crossroads.errors import InputError

from ..candidates import Target, career_targets, hybrid_grid
from ..criteria import MICROTASK_PROXY
from .context import Context

if TYPE_CHECKING:
    from crossroads.options import Option


@dataclasses.dataclass
class Candidates:
    """Every option to screen: microtasks first, then careers, then the hybrid grid."""

    targets: list[Target]
    options: list[Option]
    grid: list[Option]
    open_platforms: bool


def candidates(ctx: Context, targets: list[str] | None, n_targets: int) -> Candidates:
    """Stage 1: the options of this person (warnings added to ``ctx`` when some are left out)."""
    from crossroads.options import Option

    profile, catalog, hours = ctx.profile, ctx.catalog, ctx.hours
    open_pl = catalog.open_platforms(profile.country, ctx.as_of)
    explicit = list(targets) if targets else None
    chosen: list[Target] = career_targets(profile, catalog, n_targets, explicit)
    from crossroads.world.wages import careers_refused

    refused, refused_codes = careers_refused(profile, [t.code for t in chosen])
    if refused:
        if explicit is not None:
            raise InputError.one("country", refused)
        chosen = [t for t in chosen if t.code not in refused_codes]
        ctx.warnings.append(refused)
    if explicit is None and len(chosen) < n_targets and not refused:
        ctx.warnings.append(
            f"Only {len(chosen)} remote career target(s) with Job Zone ≤ 3 and a published wage were found."
        )
    options: list[Option] = []
    if open_pl:
        options.append(Option.microtask(hours))
    else:
        ctx.warnings.append(
            f"No microtask platform is open to new workers in {profile.country} on {ctx.as_of}: "
            "microtask options are left out."
        )
    for t in chosen:
        options.append(Option.career(t.code, hours, t.title))
    grid = hybrid_grid(hours, chosen) if open_pl else []
    options += grid
    if not options:
        raise InputError.one(
            "country", "no option can be simulated: no open microtask platform and no career target"
        )
    ctx.targets = {t.code: t for t in chosen}
    return Candidates(chosen, options, grid, bool(open_pl))


def microtask_proxy(ctx: Context) -> None:
    """The occupation that stands in for microtask work where an O*NET attribute is needed."""
    from crossroads.matching import match_occupation

    try:
        ctx.proxy = ctx.catalog.occupation(MICROTASK_PROXY)
        ctx.proxy_fit = float(
            match_occupation(ctx.profile, MICROTASK_PROXY, catalog=ctx.catalog).fit
        )
    except InputError:
        ctx.proxy, ctx.proxy_fit = None, 0.5
        ctx.notes.append("microtask proxy occupation unavailable: fit 0.5 used")
