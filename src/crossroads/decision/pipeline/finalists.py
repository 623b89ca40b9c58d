"""Stage 4 — finalists at full paths, one engine call: microtasks, each career, the best mix per
target (and the best freelance mix of a target with a freelance market), the next best mixes, and the goal-seek mixes (so the screening's best mixes and the
goal-seek splits are re-checked at full size before they are reported); ranked by weighted sum
or TOPSIS with the equivalence band of :mod:`..noise`."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..advice import MinimumMicrotask
from ..engine import Evaluated, banded_scores, evaluate, rank_scores
from .context import Context, attributes, simulate_options
from .options_stage import Candidates
from .screening import Screened

if TYPE_CHECKING:
    from crossroads.options import Option
    from crossroads.simulation import SimResult

#: Mixes beyond the best one per target that also go to the final comparison.
EXTRA_MIXES = 2


@dataclasses.dataclass
class Finals:
    """The final run: its options, simulation, evaluation and ranking."""

    options: list[Option]
    sim: SimResult
    ev: Evaluated
    scores: NDArray[np.float64]
    ranks: NDArray[np.int64]
    order: list[int]
    band: NDArray[np.float64]

    def put_first(self, first: int) -> None:
        """Make ``first`` rank 1 and order the others by score (the coherence rule's choice:
        rank 1 is always the recommendation, see :mod:`..coherence`)."""
        self.order = [first] + [i for i in self.order if i != first]
        ranks = np.empty(len(self.order), dtype=np.int64)
        ranks[self.order] = np.arange(1, len(self.order) + 1)
        self.ranks = ranks

    @property
    def first(self) -> int:
        return int(self.order[0])

    @property
    def second(self) -> int:
        return int(self.order[1]) if len(self.order) > 1 else int(self.order[0])


def choose(
    ctx: Context, cand: Candidates, screened: Screened, minimum: list[MinimumMicrotask]
) -> list[Option]:
    """Which options go to the final comparison (no duplicates, in a stable order)."""
    from crossroads.options import Option

    options, best_mixes = cand.options, screened.best_mixes
    finalists: list[Option] = [o for o in options if o.kind != "hybrid"]
    ids = {o.id for o in finalists}

    def add(o: Option) -> bool:
        if o.id in ids:
            return False
        finalists.append(o)
        ids.add(o.id)
        return True

    for t in cand.targets:
        for freelance in (False, True):  # the best employee mix and the best freelance mix
            best = next(
                (
                    options[i]
                    for i in best_mixes
                    if options[i].target == t.code and options[i].freelance == freelance
                ),
                None,
            )
            if best is not None:
                add(best)
    extra = 0
    for i in best_mixes:
        if extra >= EXTRA_MIXES:
            break
        extra += add(options[i])
    for mm in minimum:
        if mm.microtask_hours is None or mm.learning_hours is None or mm.learning_hours <= 0:
            continue
        if mm.microtask_hours < float(ctx.params["min_microtask_hours"]):
            continue  # (almost) no microtasks: the career option, already a finalist
        if mm.learning_hours < float(ctx.params["min_learning_hours"]):
            continue  # (almost) no learning: the microtasks-only option, already a finalist
        add(Option.hybrid(mm.microtask_hours, mm.learning_hours, mm.target, False,
                          ctx.targets[mm.target].title))  # fmt: skip
    return finalists


def run_finals(
    ctx: Context,
    finalists: list[Option],
    weights: NDArray[np.float64],
    extra: list[Option] | None = None,
) -> Finals:
    """Stage 4: simulate the finalists on all paths (every monthly array kept) and rank them.

    ``extra`` (the ranked baseline) is simulated in its own engine call on the same draws and
    appended, so the finalists' arrays are those of a run without it, bit for bit.
    """
    sim = simulate_options(ctx, finalists, paths=ctx.paths, keep=None)
    own = len(finalists)
    if extra:
        from crossroads.simulation.join import join

        sim = join(sim, simulate_options(ctx, extra, paths=ctx.paths, keep=None))
        finalists = finalists + list(extra)
    attrs = [attributes(ctx, o) for o in finalists]
    ev = evaluate(finalists, sim, attrs, ctx.profile, worst_of=own)
    scores, band = banded_scores(ev, weights, ctx.method, ctx.params)
    # Options equal within the band keep the order of their unbanded scores.
    raw = rank_scores(ev.matrix, weights, ctx.method)
    order = [int(i) for i in np.lexsort((-raw, -scores))]
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return Finals(finalists, sim, ev, scores, ranks, order, band)
