"""The decision's view of the engine: simulate options, measure them, rank them — fast.

Everything the advice needs from a simulation goes through :class:`Evaluated`: the per-path
measures of every option (for SMAA), their medians (the decision matrix), and cheap re-rankings
for a changed savings or monthly-expenses figure. Those two inputs only shift the cash path — cash
is a cumulative sum that does not feed back into income — so their tipping points re-use the
simulated income instead of re-simulating (the minimum of each path's cash margin is precomputed
once, a savings change is then one comparison per path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .criteria import MEASURE_KEYS, MEASURES, Attributes, path_measures, summarise_measures
from .mcda import normalise_weights, score
from .smaa import column_weights

if TYPE_CHECKING:
    from collections.abc import Mapping

    from crossroads.profile import Profile
    from crossroads.simulation.engine import SimResult

COL = {k: j for j, k in enumerate(MEASURE_KEYS)}
GROUPS_ORDER: tuple[str, ...] = (
    "earnings",
    "quick_payout",
    "financial_safety",
    "career_growth",
    "job_security",
    "flexibility",
    "autonomy",
    "low_barrier",
    "low_competition",
    "little_ongoing_learning",
    "fit",
)
GROUPS: NDArray[np.int64] = np.array([GROUPS_ORDER.index(m.criterion) for m in MEASURES])


def measure_weights(priorities: dict[str, float]) -> NDArray[np.float64]:
    """Normalised weights of the measures: a criterion's priority split equally among its measures."""
    p = np.array([float(priorities[c]) for c in GROUPS_ORDER])
    return normalise_weights(column_weights(p, GROUPS))


@dataclass
class Evaluated:
    """Simulated options with their measures, ready to be ranked and re-ranked."""

    options: list[Any]
    sim: SimResult
    attrs: list[Attributes]
    values: NDArray[np.float64]  # (options, paths, measures)
    matrix: NDArray[np.float64]  # (options, measures) medians / means
    savings: float
    cash_floor: float
    expenses: float
    other_income: float
    _margin: NDArray[np.float64] | None = field(default=None, repr=False)
    _rmax: NDArray[np.float32] | None = field(default=None, repr=False)
    _dmax: NDArray[np.float64] | None = field(default=None, repr=False)
    _pse: dict[int, NDArray[np.float64]] = field(default_factory=dict, init=False, repr=False)

    def paired_se(self, reference: int) -> NDArray[np.float64]:
        """:func:`.noise.paired_se` of the values against option ``reference``, once per
        reference: the band and the ranked entries ask for it with the same one, mostly."""
        if reference not in self._pse:
            from .noise import paired_se

            self._pse[reference] = paired_se(self.values, reference)
        return self._pse[reference]

    def _bal(self) -> NDArray[np.float32]:
        """The ledger balance (K, M, P): cash without the hard limit's clip (unpaid bills negative).

        The savings and expenses shortcuts shift it, holding the fallback's timing and the
        interest fixed — an approximation of the adapting model that the honesty remedy checks by
        re-simulating (decision.pipeline._honesty)."""
        kept = getattr(self.sim, "kept", ())
        return self.sim.monthly("balance" if "balance" in kept else "cash")

    def _runmax(self) -> NDArray[np.float32]:
        """Running maximum of monthly income: the cover month for any expense level is a count."""
        if self._rmax is None:
            self._rmax = np.maximum.accumulate(self.sim.monthly("income"), axis=1)
        return self._rmax

    def min_margin(self) -> NDArray[np.float64]:
        """Per path, the lowest ``cash - floor`` over the horizon ((options, paths))."""
        if self._margin is None:
            self._margin = self._bal().min(1).astype(np.float64) - self.cash_floor
        return self._margin

    def _expense_headroom(self) -> NDArray[np.float64]:
        """Per path, the largest rise of monthly expenses that keeps cash at or above the floor.

        Raising expenses by ``d`` lowers month ``t``'s cash by ``d·t``, so a path runs short iff
        ``d > min_t (cash_t − floor) / t``. Computed once ((options, paths)); every expenses
        scenario of the tipping-point search is then one comparison per path instead of a pass
        over all months.
        """
        if self._dmax is None:
            cash = self._bal()  # (K, M, P)
            t = np.arange(1, cash.shape[1] + 1, dtype=np.float64)[None, :, None]
            self._dmax = ((cash.astype(np.float64) - self.cash_floor) / t).min(1)
        return self._dmax

    def p_shortfall_with_savings(self, savings: float) -> NDArray[np.float64]:
        """Shortfall probability of every option if the savings were ``savings``."""
        result: NDArray[np.float64] = (self.min_margin() + (savings - self.savings) < 0).mean(-1)
        return result

    def matrix_with(
        self, *, savings: float | None = None, expenses: float | None = None
    ) -> NDArray[np.float64]:
        """The decision matrix for another savings or monthly-expenses figure (no re-simulation)."""
        m = self.matrix.copy()
        if expenses is not None and expenses != self.expenses:
            d = expenses - self.expenses
            if savings is None or savings == self.savings:
                m[:, COL["p_shortfall"]] = (self._expense_headroom() < d).mean(-1)
            else:
                cash = self._bal()  # (K, M, P)
                t = np.arange(1, cash.shape[1] + 1, dtype=np.float32)[None, :, None]
                low = (cash - np.float32(d) * t).min(1) + np.float32(
                    savings - self.savings - self.cash_floor
                )
                m[:, COL["p_shortfall"]] = (low < 0).mean(-1)
            need = np.float32(expenses - self.other_income)
            cover = (self._runmax() < need).sum(1) + 1.0
            m[:, COL["months_to_cover_expenses"]] = np.median(cover, axis=-1)
        elif savings is not None:
            m[:, COL["p_shortfall"]] = self.p_shortfall_with_savings(savings)
        return m


def evaluate(
    options: list[Any],
    sim: SimResult,
    attrs: list[Attributes],
    profile: Profile,
    worst_of: int | None = None,
) -> Evaluated:
    """Measure every simulated option on every path and summarise into the decision matrix
    (``worst_of``: see :func:`.criteria.path_measures`)."""
    money = profile.money
    vals = path_measures(sim, attrs, worst_of)
    return Evaluated(
        options,
        sim,
        attrs,
        vals,
        summarise_measures(vals),
        float(money.savings),
        float(money.cash_floor),
        float(money.monthly_expenses),
        float(money.other_monthly_income),
    )


def rank_scores(
    matrix: NDArray[np.float64],
    weights: NDArray[np.float64],
    method: str,
    band: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """Scores of the options of a decision matrix (higher is better).

    ``band`` is the equivalence band of :mod:`.noise`: differences inside it earn no credit, so
    Monte Carlo noise cannot pick the winner.
    """
    from .criteria import BENEFIT

    return score(matrix, weights, BENEFIT, method, band)


def banded_scores(
    ev: Evaluated,
    weights: NDArray[np.float64],
    method: str,
    params: Mapping[str, float] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(scores, band)`` of evaluated options, the band per measure from :mod:`.noise`.

    The band's paired standard errors need a reference option: the one that scores best without
    the band (every other option is paired with it on the same paths); the options are then
    scored with the band.
    """
    from .noise import equivalence_band

    raw = rank_scores(ev.matrix, weights, method)
    ref = int(np.argmax(raw))
    band = equivalence_band(ev.values, ev.matrix, ref, params, paired=ev.paired_se(ref))
    return rank_scores(ev.matrix, weights, method, band), band
