"""Stage 2 — screening: every option in *one* vectorised engine call on fewer paths with the same
seed, so all options see the same luck (common random numbers) and ranking 60+ options costs
about as much as a few options at full size."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ...params import WEEKS_PER_MONTH
from ..engine import Evaluated, banded_scores, evaluate, rank_scores
from .context import Context, attributes, simulate_options
from .options_stage import Candidates

if TYPE_CHECKING:
    from crossroads.simulation import SimResult


@dataclasses.dataclass
class Screened:
    """The screening run: its evaluation, scores and the hybrid mixes best first."""

    ev: Evaluated
    scores: NDArray[np.float64]
    best_mixes: list[int]
    band: NDArray[np.float64]


def mt_ceiling(sim: SimResult, k: int) -> float:
    """90th percentile over paths of the simulated effective microtask wage (USD/h, whole horizon)."""
    inc = np.asarray(sim.microtask_income[k], dtype=np.float64).sum(-1)
    hrs = np.asarray(sim.hours_microtask[k], dtype=np.float64).sum(-1) * WEEKS_PER_MONTH
    ok = hrs > 0
    return float(np.quantile(inc[ok] / hrs[ok], 0.9)) if ok.any() else 0.0


def screen(ctx: Context, cand: Candidates, weights: NDArray[np.float64]) -> Screened:
    """Stage 2: simulate and score every candidate on ``ctx.screen_paths`` paths."""
    options = cand.options
    sim_s = simulate_options(ctx, options, paths=ctx.screen_paths)
    ctx.mt_ceiling = mt_ceiling(sim_s, 0) if cand.open_platforms else 0.0
    attrs_s = [attributes(ctx, o) for o in options]
    ev_s = evaluate(options, sim_s, attrs_s, ctx.profile)
    # The equivalence band (noise.py): with few paths, a mix must beat its neighbours by more
    # than the noise to be the "best" one sent to the final run.
    scores_s, band_s = banded_scores(ev_s, weights, ctx.method, ctx.params)
    mix_idx = [i for i, o in enumerate(options) if o.kind == "hybrid"]
    raw = rank_scores(ev_s.matrix, weights, ctx.method)  # breaks ties inside the band
    best_mixes = sorted(mix_idx, key=lambda i: (-scores_s[i], -raw[i]))
    return Screened(ev_s, scores_s, best_mixes, band_s)
