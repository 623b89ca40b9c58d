"""The engine's batching: a whole hybrid grid is one block, and that changes no number.

The engine simulates the options of a call in at most two batches (careers that keep their
microtasks, with the options without a career as careers never taken up; careers that stop them) whatever their targets and splits, and runs every career
timing of a chunk at once (:func:`_careers`). These tests pin that the batching is an
implementation detail: each option's every array is bit-for-bit what it is alone, and the
all-timings career model equals the one-timing reference (:func:`_career`) — promotions, re-hires
at a statutory minimum wage and the freelance ramp included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossroads.options import Option, parse_option
from crossroads.params import params_for
from crossroads.profile import Fallback
from crossroads.simulation import simulate
from crossroads.simulation.career import frailty_from_uniform
from crossroads.simulation.draws import make_draws
from crossroads.simulation.engine import MONTHLY, _career, _careers, _workspace
from crossroads.simulation.setup import compile_setup

if TYPE_CHECKING:
    from crossroads.catalog import Catalog
    from crossroads.profile import Profile

CSR, SEC = "43-4051.00", "43-6014.00"
PER_PATH = ("net_income", "hired_month", "training_done_month", "first_income_month",
            "cover_month", "shortfall_month", "dropped_out", "final_income", "income_sd")  # fmt: skip


@pytest.fixture(scope="module")
def cc() -> Profile:
    from crossroads.profile import load_example

    return load_example("career-changer")


def _grid(pr: Profile) -> list[Option]:
    """Microtasks, two careers, a freelance path and hybrid splits of both rules and targets."""
    ids = ["microtask", f"career:{CSR}", f"career:{SEC}", f"freelance:{SEC}"]
    ids += [f"hybrid:{mt}:{30 - mt}:{CSR}" for mt in (5, 10, 20)]
    ids += [f"hybrid:{mt}:{30 - mt}:{SEC}:keep" for mt in (5, 15)]
    return [parse_option(t, pr) for t in ids]


@pytest.mark.parametrize(
    "fallback",
    [
        None,
        {"rule": "microtasks"},
        {"rule": "microtasks", "keep_career_search": False},
        {"rule": "any_job", "keep_career_search": False},
        {"rule": "off"},
    ],
)
def test_every_option_in_a_mixed_call_equals_the_option_alone(
    cc: Profile, catalog: Catalog, fallback: dict[str, object] | None
) -> None:
    """Alone, the microtask option is a batch of its own; beside careers that keep microtasks it
    rides in theirs as a career never taken up: the same bits either way, under every fallback
    rule (the career plan stopped by the fallback included) and the US tax."""
    pr = cc if fallback is None else cc.model_copy(update={"fallback": Fallback(**fallback)})
    opts = _grid(pr)
    together = simulate(pr, opts, paths=600, seed=4, catalog=catalog)
    rule = "any_job" if fallback is None else fallback["rule"]
    assert bool((together.fallback_month > 0).any()) == (rule != "off")  # the rule is exercised
    for k, o in enumerate(opts):
        alone = simulate(pr, [o], paths=600, seed=4, catalog=catalog)
        for name in (*MONTHLY, *PER_PATH):
            a, b = getattr(alone, name, None), getattr(together, name, None)
            if a is None and b is None:
                continue
            assert a is not None and b is not None, (o.id, name)
            assert np.array_equal(a[0], b[k]), (o.id, name)


def test_small_chunks_with_many_timings_change_nothing(cc: Profile, catalog: Catalog) -> None:
    opts = _grid(cc)
    whole = simulate(cc, opts, paths=1500, seed=8, catalog=catalog, keep=("cash", "income"))
    small = simulate(cc, opts, paths=1500, seed=8, catalog=catalog, keep=("cash", "income"),
                     chunk_paths=256)  # fmt: skip
    assert np.array_equal(whole.cash, small.cash) and np.array_equal(whole.income, small.income)
    assert np.array_equal(whole.net_income, small.net_income)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    hours=st.sampled_from([12.0, 20.0, 30.0, 45.0]),
    country=st.sampled_from(["US", "GB", "PH"]),
    loss=st.sampled_from([0.0, 15.0]),
)
def test_all_timings_at_once_equal_the_one_timing_reference(
    cc: Profile, catalog: Catalog, seed: int, hours: float, country: str, loss: float
) -> None:
    pr = cc.model_copy(
        update={
            "time": cc.time.model_copy(update={"hours_per_week": hours}),
            "country": country,
        }
    )
    opts = [Option.career(CSR, hours), Option.freelance_path(SEC, hours), Option.career(SEC, hours)]
    opts += [
        Option.hybrid(round(hours * s), hours - round(hours * s), SEC, False) for s in (0.25, 0.5)
    ]
    # non-default study pace, hire factor and re-hire loss: every parameter reaches both
    prm = params_for(pr).replace(
        learning_pace_share=0.7, personal_hire_factor=1.3, rehire_wage_loss_pct=loss
    )
    s = compile_setup(pr, opts, prm, catalog, None)
    d = make_draws(seed, 700, s.months)
    frail = frailty_from_uniform(d.u_frailty, s.frailty_k)
    ws = _workspace()
    many = _careers(s, d, list(s.groups), frail, ws)
    for g, got in zip(s.groups, many, strict=True):
        one = _career(s, d, g, frail, ws, "pay_ref")
        for name in ("learn_end", "dropped", "hired_first", "pay", "cost_month", "promoted_first"):
            a, b = getattr(one, name), getattr(got, name)
            assert (a is None and b is None) or np.array_equal(a, b), (g.target, name)
        assert one.pay_hours == got.pay_hours


def test_the_reference_covers_promotions_and_wage_floors(cc: Profile, catalog: Catalog) -> None:
    """The equality above is not vacuous: some groups promote, some re-hire at a floor."""
    promo = floors = 0
    for country in ("US", "GB"):
        pr = cc.model_copy(update={"country": country})
        s = compile_setup(pr, [Option.career(CSR, 30.0), Option.career(SEC, 30.0)],
                          params_for(pr), catalog, None)  # fmt: skip
        promo += sum(g.promo_wage is not None for g in s.groups)
        floors += sum(g.wage_floor > 0 for g in s.groups)
    assert promo > 0 and floors > 0


def test_batched_advice_metrics_equal_summarise_option_by_option(
    cc: Profile, catalog: Catalog
) -> None:
    """The ranking's batched metrics (one percentile call per statistic) are ``summarise``'s."""
    from crossroads.decision.pipeline.ranking import all_metrics
    from crossroads.simulation.metrics import summarise

    opts = _grid(cc)
    sim = simulate(cc, opts, paths=500, seed=2, catalog=catalog)
    ks = [3, 0, 8, 1]
    for k, m in zip(ks, all_metrics(sim, ks), strict=True):
        ref = summarise(sim, k).to_dict()
        for key, value in m.model_dump().items():
            assert value == ref[key], (opts[k].id, key)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(0, 2), min_size=1, max_size=6),
    st.integers(1, 40),
    st.floats(-3.0, 3.0),
    st.floats(0.1, 2.0),
    st.sampled_from([0.0, 7.25]),
)
def test_wage_quantiles_shared_by_timings_equal_each_timing_alone(
    table_of: list[int], n: int, centre: float, spread: float, floor: float
) -> None:
    """:func:`_quantiles` calls each wage table once or twice for all the timings sharing it;
    every element equals ``from_z`` called on its own timing alone (inside the knots, in the
    tails, and a cap below the top knot), bit for bit."""
    from crossroads.params import params_for as pf
    from crossroads.profile import load_example
    from crossroads.simulation.career import WageQuantile, wage_quantile, with_floor
    from crossroads.simulation.engine import _quantiles

    prm = pf(load_example("career-changer"))

    def table(p10: float, p25: float, p50: float, p75: float, p90: float) -> WageQuantile:
        q = wage_quantile({"p10": p10, "p25": p25, "p50": p50, "p75": p75, "p90": p90}, prm)
        assert q is not None
        return q

    # the last: the tail cap (250/h) below P90
    tables = [with_floor(table(12, 15, 19, 24, 31), floor), table(20, 26, 34, 45, 60),
              table(300, 320, 350, 380, 399.95)]  # fmt: skip
    rng = np.random.default_rng(n)
    z = np.concatenate([centre + spread * rng.standard_normal(n) for _ in table_of])
    el_t = np.repeat(np.arange(len(table_of)), n)
    objs = [tables[k] for k in table_of]
    got = _quantiles(objs, el_t, z)
    for t, q in enumerate(objs):
        want = q.from_z(z[el_t == t], np.float32)
        assert np.array_equal(got[el_t == t], want), t


def test_a_top_knot_wage_keeps_its_formula_beside_a_timing_in_the_tails() -> None:
    """The case that makes :func:`_quantiles` split a table's timings: with the tail cap below
    P90, ``from_z`` of the top knot alone and beside a tail score differ by a float32 ulp (a
    naive one-call-per-table batching fails here)."""
    from crossroads.params import params_for as pf
    from crossroads.profile import load_example
    from crossroads.simulation.career import wage_quantile
    from crossroads.simulation.engine import _quantiles

    q = wage_quantile(
        {"p10": 200, "p25": 220, "p50": 250, "p75": 280, "p90": 399.95},
        pf(load_example("career-changer")),
    )
    assert q is not None
    top = float(q.z[-1])
    alone = q.from_z(np.array([top]), np.float32)
    beside = q.from_z(np.array([top, top + 1.0]), np.float32)
    assert alone[0] != beside[0]  # the premise: the formula is per call
    got = _quantiles([q, q], np.array([0, 1, 1]), np.array([top, top, top + 1.0]))
    assert got[0] == alone[0]
    assert np.array_equal(got[1:], beside)
