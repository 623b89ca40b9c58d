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
    from crossroads.catalog.model import Platform
    from crossroads.options import Option
    from crossroads.params import Parameters


@dataclasses.dataclass
class Candidates:
    """Every option to screen: microtasks first, then careers, then the hybrid grid."""

    targets: list[Target]
    options: list[Option]
    grid: list[Option]
    open_platforms: bool
    platforms: list[Platform] = dataclasses.field(default_factory=list)


def candidates(
    ctx: Context,
    targets: list[str] | None,
    n_targets: int,
    mix_shares: tuple[float, ...] | None = None,
) -> Candidates:
    """Stage 1: the options of this person (warnings added to ``ctx`` when some are left out)."""
    from crossroads.options import Option

    profile, catalog, hours = ctx.profile, ctx.catalog, ctx.hours
    open_pl = catalog.open_platforms(profile.country, ctx.as_of)
    explicit = list(targets) if targets else None
    ctx.n_targets, ctx.explicit_targets = int(n_targets), explicit is not None
    chosen, refused = choose_targets(ctx, explicit, n_targets)
    if refused:
        if explicit is not None:
            raise InputError.one("country", refused)
        ctx.warnings.append(refused)
    if explicit is None and len(chosen) < n_targets and not refused:
        ctx.warnings.append(
            f"Only {len(chosen)} remote career target(s) with Job Zone ≤ 3 and a published wage were found."
        )
    for t in chosen if explicit else []:
        # An explicit --target is simulated as asked, but a job that cannot be done from home is
        # not what crossroads is about: say so rather than quietly model it as remote work.
        if not t.match.teleworkable:
            share = t.match.teleworkable_share
            rated = "no rating" if share is None else f"rated {share:g}"
            ctx.warnings.append(
                f"{t.code} ({t.title}) is not teleworkable (Dingel–Neiman: {rated}); it is "
                "simulated as asked, but the job is usually done on site, not remotely."
            )
    options: list[Option] = []
    if open_pl:
        options.append(Option.microtask(hours))
    else:
        ctx.warnings.append(
            f"No microtask platform is open to new workers in {profile.country} on {ctx.as_of}: "
            "microtask options are left out."
        )
    from crossroads.freelance import has_market

    for t in chosen:
        options.append(Option.career(t.code, hours, t.title))
        if has_market(t.code):  # the advice compares employee and freelance modes (issue 9)
            options.append(Option.freelance_path(t.code, hours, t.title))
    min_mt = float(ctx.params["min_microtask_hours"])
    min_learn = float(ctx.params["min_learning_hours"])
    grid = hybrid_grid(hours, chosen, mix_shares, min_mt, min_learn) if open_pl else []
    options += grid
    if not options:
        raise InputError.one(
            "country", "no option can be simulated: no open microtask platform and no career target"
        )
    ctx.targets = {t.code: t for t in chosen}
    return Candidates(chosen, options, grid, bool(open_pl), list(open_pl))


def choose_targets(
    ctx: Context, explicit: list[str] | None, n_targets: int, params: Parameters | None = None
) -> tuple[list[Target], str]:
    """The career targets (:func:`..candidates.career_targets`) without those the person's
    country refuses, and the refusal's text ("" when none). ``params`` default to the context's;
    the sensitivity passes a copy with one matching assumption moved, to re-choose them."""
    from crossroads.world.wages import careers_refused

    prm = ctx.params if params is None else params
    chosen = career_targets(ctx.profile, ctx.catalog, n_targets, explicit, prm)
    refused, refused_codes = careers_refused(ctx.profile, [t.code for t in chosen])
    if refused and explicit is None:
        chosen = [t for t in chosen if t.code not in refused_codes]
    return chosen, refused


def proxy_fit(ctx: Context, params: Parameters) -> float:
    """The microtask proxy occupation's fit at ``params`` (InputError when it is not rated)."""
    from crossroads.matching import occupation_fit

    return occupation_fit(ctx.profile, MICROTASK_PROXY, catalog=ctx.catalog, assumptions=params)


def microtask_proxy(ctx: Context) -> None:
    """The occupation that stands in for microtask work where an O*NET attribute is needed."""
    try:
        ctx.proxy = ctx.catalog.occupation(MICROTASK_PROXY)
        ctx.proxy_fit = proxy_fit(ctx, ctx.params)
    except InputError:
        ctx.proxy, ctx.proxy_fit = None, 0.5
        ctx.notes.append("microtask proxy occupation unavailable: fit 0.5 used")


def check_memory(ctx: Context, cand: Candidates) -> None:
    """Refuse, before minutes of screening, a run whose finalists would not fit in memory.

    The finalists (stage 4) are at most the non-hybrid options, the best mix per target (and the
    best freelance mix per freelance target), two more mixes and one minimum-microtask mix per
    target.
    """
    from crossroads.resources import check_run_memory

    n_free = len({o.target for o in cand.grid if o.freelance})  # a best freelance mix each
    n_final = sum(1 for o in cand.options if o.kind != "hybrid") + (
        2 * len(cand.targets) + 2 + n_free if cand.grid else 0
    )
    check_run_memory(int(ctx.paths), ctx.horizon, n_final)
