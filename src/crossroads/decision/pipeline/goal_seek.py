"""Stage 3 — goal-seek: per target, the fewest microtask hours per week that keep the shortfall
probability within the person's tolerance while the rest of the hours go to training and search
(bisection on the screening paths, all targets in one engine call per step)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import explain
from ..advice import MinimumMicrotask
from ..candidates import Target, round_hours
from ..engine import COL, Evaluated
from .context import GOAL_SEEK_STEPS, Context, simulate_options

if TYPE_CHECKING:
    from crossroads.options import Option

Bracket = tuple[dict[str, float], dict[str, float | None]]


def _brackets(
    ctx: Context, targets: list[Target], options: list[Option], ev_s: Evaluated
) -> Bracket:
    """Per target, the screened hours just below and at the first split within tolerance."""
    hours, tol = ctx.hours, ctx.tolerance
    idx_mt = next((i for i, o in enumerate(options) if o.kind == "microtask"), None)
    p_sf = ev_s.matrix[:, COL["p_shortfall"]]
    lo: dict[str, float] = {}
    hi: dict[str, float | None] = {}
    for t in targets:
        pts = [
            (0.0, p_sf[i])
            for i, o in enumerate(options)
            if o.kind == "career" and o.target == t.code
        ]
        pts += [
            (o.microtask_hours, p_sf[i])
            for i, o in enumerate(options)
            if o.kind == "hybrid" and o.target == t.code and o.stop_microtask_when_hired
        ]
        if idx_mt is not None:
            pts.append((hours, p_sf[idx_mt]))
        pts.sort()
        ok = [h for h, p in pts if p <= tol]
        if not ok:
            lo[t.code], hi[t.code] = hours, None
            continue
        h_ok = ok[0]
        below = [h for h, _ in pts if h < h_ok]
        lo[t.code], hi[t.code] = (below[-1] if below else h_ok), h_ok
    return lo, hi


def _bisect(
    ctx: Context, targets: list[Target], lo: dict[str, float], hi: dict[str, float | None]
) -> None:
    """Narrow each bracket in place: one engine call per step for all still-open targets."""
    from crossroads.options import Option

    hours, tol = ctx.hours, ctx.tolerance

    def upper(t: Target) -> float:
        h = hi[t.code]
        assert h is not None
        return h

    active = [t for t in targets if hi[t.code] is not None and lo[t.code] < upper(t) < hours]
    for _ in range(GOAL_SEEK_STEPS):
        if not active:
            break
        mids = {t.code: round_hours(0.5 * (lo[t.code] + upper(t))) for t in active}
        active = [t for t in active if lo[t.code] < mids[t.code] < upper(t)]
        if not active:
            break
        opts = [
            Option.hybrid(mids[t.code], hours - mids[t.code], t.code, False, t.title)
            for t in active
        ]
        sim = simulate_options(ctx, opts, paths=ctx.screen_paths, keep=())
        p = (np.asarray(sim.shortfall_month) > 0).mean(-1)
        for t, pk in zip(active, p, strict=False):
            if pk <= tol:
                hi[t.code] = mids[t.code]
            else:
                lo[t.code] = mids[t.code]


def _result(ctx: Context, t: Target, h: float | None) -> MinimumMicrotask:
    hours, tol = ctx.hours, ctx.tolerance
    if h is None:
        return MinimumMicrotask(
            target=t.code, target_title=t.title, microtask_hours=None, learning_hours=None,
            p_shortfall=None, training_months_p50=None, tolerance=tol,
            text=(f"For {t.title}, no split of your {hours:g} h/week keeps the chance of running short "
                  f"within {explain.fmt_pct(tol)} (checked on {ctx.screen_paths:,} paths)."),
        )  # fmt: skip
    # p_shortfall and training time at the found split are filled in from the finalists
    learn = hours - h
    return MinimumMicrotask(
        target=t.code, target_title=t.title, microtask_hours=h, learning_hours=learn,
        p_shortfall=None, training_months_p50=None, tolerance=tol,
        text=(f"For {t.title}: at least {h:g} h/week of microtasks (and {learn:g} h/week of learning and "
              f"search, microtasks stopped when hired) keeps the chance of running short within "
              f"{explain.fmt_pct(tol)}." if 0 < h < hours else
              f"For {t.title}: only microtasks, all {hours:g} h/week, keep the chance of running short "
              f"within {explain.fmt_pct(tol)}; a split leaving less than "
              f"{float(ctx.params['min_learning_hours']):g} h/week for learning is not offered." if h > 0 else
              f"For {t.title}: no microtasks are needed to stay within {explain.fmt_pct(tol)}; all "
              f"{hours:g} h/week can go to learning and search."),
    )  # fmt: skip


def goal_seek(
    ctx: Context, targets: list[Target], options: list[Option], ev_s: Evaluated
) -> list[MinimumMicrotask]:
    """Stage 3: fewest microtask h/week (stop when hired) keeping p_shortfall ≤ tolerance, per target.

    A split found below the registry's ``min_microtask_hours`` is raised to it: fewer hours are
    not worth a platform's onboarding, and more microtask hours only lower the shortfall. A split
    that leaves fewer than ``min_learning_hours`` for learning becomes microtasks only (all the
    hours): a course does not progress at less, and the shortfall can only fall.
    """
    lo, hi = _brackets(ctx, targets, options, ev_s)
    _bisect(ctx, targets, lo, hi)
    min_mt = float(ctx.params["min_microtask_hours"])
    min_learn = float(ctx.params["min_learning_hours"])

    def floor(h: float | None) -> float | None:
        if h is not None and 0 < h < min_mt <= ctx.hours:
            h = min_mt
        if h is not None and 0 < ctx.hours - h < min_learn:
            h = ctx.hours
        return h

    return [_result(ctx, t, floor(hi[t.code])) for t in targets]
