"""``advise(profile)``: generate the options, simulate them on common random numbers, rank, explain.

The pipeline is the list of its stages, each a function of the typed :class:`.context.Context`
and the previous stages' results (why it is fast enough for an interactive answer, ≤ 1 s for
10,000 paths, is said stage by stage in each module):

1. **Options** (:mod:`.options_stage`) — microtasks, the best-fitting careers, ≥ 60 hybrid mixes.
2. **Screening** (:mod:`.screening`) — every option in one engine call on fewer paths.
3. **Goal-seek** (:mod:`.goal_seek`) — the fewest microtask hours within the tolerance.
4. **Finalists** (:mod:`.finalists`) — one engine call at full paths, ranked.
5. **Ranking + SMAA** (:mod:`.ranking`) — robustness per option and per kind of path.
6. **Explanation** (:mod:`.explanation`) — honesty first, reasons, the failure drill-down.
7. **Tipping points** (:mod:`.tipping_points`) — what would change the answer (only the ones
   that exist), and **sensitivity** (:mod:`.sensitivity_stage`) — which registry assumptions
   change it, measured one at a time.
8. **First screen** (:mod:`.first_screen`) — the short answer and the baseline line.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from crossroads.run_config import RunConfig
from crossroads.simulation.draws import make_draws

from ..advice import Advice, AdviceRun
from ..engine import measure_weights
from .assemble import document
from .baseline_stage import local_option, wants_ranked
from .context import N_TARGETS, SCREEN_PATHS, TIP_PATHS, Context
from .explanation import explain_advice
from .finalists import choose, run_finals
from .first_screen import baseline, short_answer
from .goal_seek import goal_seek
from .options_stage import candidates, check_memory, microtask_proxy
from .ranking import fill_minimum, rank_finalists
from .screening import screen
from .sensitivity_stage import sensitivity
from .tipping_points import combined_tips, real_tips, tipping_points

if TYPE_CHECKING:
    from crossroads.catalog import Catalog
    from crossroads.params import Parameters
    from crossroads.profile import Profile

__all__ = [
    "N_TARGETS", "SCREEN_PATHS", "TIP_PATHS", "Context", "advise", "advise_with_run", "candidates",
    "choose", "context", "explain_advice", "goal_seek", "microtask_proxy", "rank_finalists",
    "run_finals", "screen", "tipping_points",
]  # fmt: skip


def context(profile: Profile, *, paths: int = 10_000, seed: int = 0, horizon: int | None = None,
            method: str = "weighted_sum", catalog: Catalog | None = None,
            screen_paths: int = SCREEN_PATHS, params: Parameters | None = None) -> Context:  # fmt: skip
    """The validated context of one advice (InputError naming each bad run option)."""
    RunConfig(paths=paths, seed=seed, horizon=horizon, method=method)  # the one validation
    from crossroads.catalog import get_catalog
    from crossroads.params import params_for

    H = int(horizon or profile.time.horizon_months)
    return Context(
        profile=profile, catalog=catalog or get_catalog(), params=params if params is not None else params_for(profile), horizon=H,
        seed=seed, paths=paths, screen_paths=min(screen_paths, paths), method=method,
        as_of=profile.as_of or dt.date.today(),
    )  # fmt: skip


def advise(
    profile: Profile,
    *,
    paths: int = 10_000,
    seed: int = 0,
    horizon: int | None = None,
    method: str = "weighted_sum",
    catalog: Catalog | None = None,
    screen_paths: int = SCREEN_PATHS,
    tipping: bool = True,
    n_targets: int = N_TARGETS,
    targets: list[str] | None = None,
    mix_shares: tuple[float, ...] | None = None,
    params: Parameters | None = None,
    quick: bool = False,
    rank_baseline: bool | None = None,
) -> Advice:
    """The advice document for ``profile`` (the arguments are :func:`advise_with_run`'s)."""
    return advise_with_run(profile, paths=paths, seed=seed, horizon=horizon, method=method,
                           catalog=catalog, screen_paths=screen_paths, tipping=tipping,
                           n_targets=n_targets, targets=targets, mix_shares=mix_shares, params=params,
                           quick=quick, rank_baseline=rank_baseline)[0]  # fmt: skip


def advise_with_run(
    profile: Profile,
    *,
    paths: int = 10_000,
    seed: int = 0,
    horizon: int | None = None,
    method: str = "weighted_sum",
    catalog: Catalog | None = None,
    screen_paths: int = SCREEN_PATHS,
    tipping: bool = True,
    n_targets: int = N_TARGETS,
    targets: list[str] | None = None,
    mix_shares: tuple[float, ...] | None = None,
    params: Parameters | None = None,
    quick: bool = False,
    rank_baseline: bool | None = None,
) -> tuple[Advice, AdviceRun]:
    """Rank microtasks, careers and hybrids for ``profile`` and explain the answer.

    Raises :class:`InputError` naming ``paths``, ``seed``, ``horizon`` or ``method`` when one is
    out of range, and ``code`` for an unknown or unrated career target. ``targets`` replaces the
    automatically chosen career targets by the person's own O*NET-SOC codes. ``mix_shares``
    replaces the hybrid grid's microtask shares (quick mode uses a coarser grid). Identical inputs
    and seed give identical advice. Returns the document and, beside it, the live run of the finalists
    (the plan and the report read their monthly arrays from it). ``params`` replaces the
    parameters the profile resolves to (the journal's posteriors). ``quick`` (``RunConfig.quick``)
    skips what a cohort row does not show: the honesty remedies are not re-simulated.
    ``rank_baseline`` (None: the profile's ``baseline.rank``) ranks the local entry-level job as
    the option ``local_job`` (:mod:`.baseline_stage`; the other options' figures do not change).
    """
    ctx = context(profile, paths=paths, seed=seed, horizon=horizon, method=method, catalog=catalog,
                  screen_paths=screen_paths, params=params)  # fmt: skip
    ctx.full = bool(tipping)
    ctx.quick = bool(quick)
    cand = candidates(ctx, targets, n_targets, mix_shares)
    microtask_proxy(ctx)
    check_memory(ctx, cand)  # before any large allocation
    ctx.draws = make_draws(int(seed), int(paths), ctx.horizon)
    weights = measure_weights(profile.priorities.as_dict())
    screened = screen(ctx, cand, weights)
    minimum = goal_seek(ctx, cand.targets, cand.options, screened.ev) if cand.open_platforms else []
    base = baseline(ctx)
    rank_base = wants_ranked(ctx, rank_baseline)
    if rank_base and base is None:
        rank_base = False
        ctx.warnings.append(
            "The local entry-level job cannot be priced for this country (no wage data or no "
            "exchange rate), so it is not ranked although baseline.rank asks for it."
        )
    if base is not None and rank_base:
        base = base.model_copy(update={"ranked": True})
    extra_opts = [local_option(ctx)] if rank_base else None
    fin = run_finals(ctx, choose(ctx, cand, screened, minimum), weights, extra_opts)
    ranked = rank_finalists(ctx, fin, weights)
    fill_minimum(
        minimum,
        ranked.entries,
        float(ctx.params["min_microtask_hours"]),
        float(ctx.params["min_learning_hours"]),
    )
    why = explain_advice(ctx, fin, ranked)
    tips = (
        tipping_points(ctx, fin, weights, min(TIP_PATHS, paths))
        if tipping and len(fin.options) > 1
        else []
    )
    tips, tip_summary = real_tips(tips, fin, why.recommendation_family.label)
    # no single lever is enough: two together (the line replaces "nothing within plausible ranges")
    combined = (
        combined_tips(ctx, fin, weights, min(TIP_PATHS, paths)) if tipping and tip_summary else []
    )
    if combined:
        tip_summary = combined[0].text
    sens = sensitivity(ctx, fin, ranked, weights) if tipping and len(fin.options) > 1 else []
    extra = {
        "tipping_summary": tip_summary, "tipping_combined": combined, "sensitivity": sens,
        "baseline": base,
        "short_answer": short_answer(ctx, fin, why, tips, tip_summary, cand.platforms),
    }  # fmt: skip
    doc = document(ctx, cand, screened, minimum, fin, ranked, why, tips, targets, weights, extra)
    return doc, AdviceRun(fin.sim, tuple(fin.options))
