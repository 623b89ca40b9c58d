"""Savings and expenses tipping points re-simulate the fallback's timing (issue 10).

With a fallback rule on, the month a person switches to the fallback job depends on their cash,
so a savings scenario cannot reuse today's incomes: the stage simulates each scenario again. These
tests drive the stages directly and check the found tipping point against a fresh simulation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from crossroads.decision.candidates import family_of
from crossroads.decision.engine import evaluate, measure_weights
from crossroads.decision.pipeline import context
from crossroads.decision.pipeline.context import simulate_options, winner
from crossroads.decision.pipeline.finalists import choose, run_finals
from crossroads.decision.pipeline.goal_seek import goal_seek
from crossroads.decision.pipeline.options_stage import candidates, microtask_proxy
from crossroads.decision.pipeline.screening import screen
from crossroads.decision.pipeline.tipping_points import _setup, tipping_points
from crossroads.simulation.draws import make_draws

PATHS = 600
TIP = 300


def _stages(profile: Any) -> tuple[Any, Any, Any]:
    ctx = context(profile, paths=PATHS, seed=0)
    cand = candidates(ctx, None, 3, None)
    microtask_proxy(ctx)
    ctx.draws = make_draws(0, PATHS, ctx.horizon)
    weights = measure_weights(profile.priorities.as_dict())
    screened = screen(ctx, cand, weights)
    minimum = goal_seek(ctx, cand.targets, cand.options, screened.ev)
    fin = run_finals(ctx, choose(ctx, cand, screened, minimum), weights)
    return ctx, fin, weights


def _family_winner(ctx: Any, fin: Any, weights: Any, field: str, value: float) -> str:
    """The family that ranks first when ``field`` of money is ``value``, simulated afresh."""
    s = _setup(ctx, fin, weights, TIP)
    p = ctx.profile.model_copy(
        update={"money": ctx.profile.money.model_copy(update={field: value})}
    )
    sim = simulate_options(ctx, s.reps, paths=TIP, profile=p)
    m = evaluate(s.reps, sim, s.rep_attrs, p).matrix
    return family_of(s.reps[winner(m, weights, ctx.method, fin.band)])


@pytest.mark.parametrize("name", ["dana", "cash-now"])
def test_money_tipping_points_hold_on_a_fresh_simulation(example_profile: Any, name: str) -> None:
    profile = example_profile(name)
    assert profile.fallback.rule != "off"
    ctx, fin, weights = _stages(profile)
    tips = [t for t in tipping_points(ctx, fin, weights, TIP)
            if t.parameter in ("savings", "monthly_expenses")]  # fmt: skip
    assert len(tips) == 4
    # not vacuous: for cash-now more savings let a hybrid's search outlast the fallback (seeded
    # run). It was dana until min_learning_hours removed dana's 1.5 h-learning splits (issue 12).
    if name == "cash-now":
        assert any(t.value is not None for t in tips)
    for t in tips:
        if t.value is None:
            assert "none within a plausible range" in t.text
            continue
        new_family = family_of(fin.options[[o.id for o in fin.options].index(t.new_recommendation)])
        assert _family_winner(ctx, fin, weights, t.parameter, float(t.value)) == new_family


def test_fallback_off_keeps_the_exact_cash_shift(example_profile: Any) -> None:
    """With the fallback off incomes do not depend on cash: the scenario is the shifted final run."""
    p = example_profile("dana")
    p = p.model_copy(update={"fallback": p.fallback.model_copy(update={"rule": "off"})})
    ctx, fin, weights = _stages(p)
    tips = {(t.parameter, t.direction): t for t in tipping_points(ctx, fin, weights, TIP)}
    t = tips[("savings", "increase")]
    if t.value is not None:
        m = fin.ev.matrix_with(savings=float(t.value))
        k = winner(m, weights, ctx.method, fin.band)
        assert family_of(fin.options[k]) != family_of(fin.options[int(np.argmax(fin.scores))])
