"""Tipping-point bisection finds the switch value to tolerance, or reports none."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.decision.tipping import bisect_both, bisect_tipping

if TYPE_CHECKING:
    from crossroads.profile import Profile


@settings(max_examples=50, deadline=None)
@given(threshold=st.floats(1.0, 99.0), current=st.floats(0.0, 0.9))
def test_finds_threshold_upward(threshold: float, current: float) -> None:
    cur = current * threshold
    tip = bisect_tipping(lambda x: "b" if x >= threshold else "a", cur, 100.0, scan=4, steps=20)
    assert tip.direction == "increase"
    assert tip.winner == "b"
    assert tip.value is not None
    assert threshold <= tip.value <= threshold + 0.01 * (100.0 - cur) + 1e-9


def test_downward_and_none() -> None:
    tip = bisect_tipping(lambda x: "a" if x > 30 else "c", 50.0, 0.0, scan=5, steps=20)
    assert tip.direction == "decrease" and tip.winner == "c"
    assert tip.value is not None and 29.4 <= tip.value <= 30.0
    none = bisect_tipping(lambda x: "a", 50.0, 80.0)
    assert none.value is None and none.winner is None and none.evaluations == 5


def test_scan_catches_a_change_that_reverts_before_the_bound() -> None:
    tip = bisect_tipping(lambda x: "b" if 20 <= x <= 40 else "a", 0.0, 100.0, scan=8, steps=30)
    assert tip.value is not None and 20.0 <= tip.value <= 21.0


def test_bisect_both_batches_and_finds_both_sides() -> None:
    calls: list[int] = []

    def winners(xs: list[float]) -> list[str]:
        calls.append(len(xs))
        return ["lo" if x < 20 else ("hi" if x > 70 else "a") for x in xs]

    down, up = bisect_both(winners, 50.0, 0.0, 100.0, "a", scan=4, steps=12, rel_tol=0.001)
    assert down.winner == "lo" and down.value is not None and 19.9 <= down.value < 20.0
    assert up.winner == "hi" and up.value is not None and 70.0 < up.value <= 70.1
    assert len(calls) <= 13  # one batched call for the scan, then one per bisection step


def test_bisect_both_none() -> None:
    down, up = bisect_both(lambda xs: ["a"] * len(xs), 5.0, 1.0, 9.0, "a")
    assert down.value is None and up.value is None


def test_expenses_scenarios_equal_a_brute_force_recomputation(
    example_profile: Callable[[str], Profile],
) -> None:
    """The precomputed expense headroom gives exactly the shortfall of re-deriving every cash path."""
    from crossroads.decision import pipeline as pl
    from crossroads.decision.engine import COL, measure_weights

    # Run the stages up to the finalists (the tipping stage's input) instead of spying on it.
    profile = example_profile("career-changer")
    ctx = pl.context(profile, paths=400)
    cand = pl.candidates(ctx, None, pl.N_TARGETS)
    pl.microtask_proxy(ctx)
    from crossroads.simulation.draws import make_draws

    ctx.draws = make_draws(ctx.seed, ctx.paths, ctx.horizon)
    weights = measure_weights(profile.priorities.as_dict())
    screened = pl.screen(ctx, cand, weights)
    minimum = pl.goal_seek(ctx, cand.targets, cand.options, screened.ev)
    fin = pl.run_finals(ctx, pl.choose(ctx, cand, screened, minimum), weights)
    ev = fin.ev
    cash = np.asarray(
        ev.sim.monthly("balance"), dtype=np.float64
    )  # the shortcuts shift the unclipped balance  # type: ignore[attr-defined]
    t = np.arange(1, cash.shape[1] + 1)[None, :, None]
    for e in (0.5 * ev.expenses, 0.9 * ev.expenses, 1.1 * ev.expenses, 1.5 * ev.expenses):
        d = e - ev.expenses
        brute = ((cash - d * t).min(1) < ev.cash_floor).mean(-1)
        got = ev.matrix_with(expenses=e)[:, COL["p_shortfall"]]
        np.testing.assert_allclose(got, brute, atol=2.0 / cash.shape[-1])
