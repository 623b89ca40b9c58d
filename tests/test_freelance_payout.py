"""Freelance payout delays (issue 9 item 7): marketplace earnings reach cash after the clearance.

Upwork pays an hourly week 10 days after it ends, Fiverr clears an order 14 days after completion
(evidence L14a-L14d), so a new freelancer's first month of client work is mostly not yet cash. The
delay moves money only: employment, hours and the microtask switch are as without it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from crossroads.options import parse_option
from crossroads.params import DAYS_PER_MONTH, PARAMS
from crossroads.profile import Fallback, load_example
from crossroads.simulation import simulate
from crossroads.simulation.draws import make_draws
from crossroads.simulation.engine import _delay_pay
from crossroads.simulation.reference import run_path

FL = "freelance:43-6014.00"


def _profile() -> Any:
    p = load_example("career-changer")
    return p.model_copy(update={"fallback": Fallback(rule="off")})


def _run(pr: Any, oid: str, days: float, paths: int = 400) -> Any:
    return simulate(
        pr,
        [parse_option(oid, pr)],
        paths=paths,
        seed=3,
        catalog=None,
        params={"freelance_payout_delay_days": days},
    )


def test_default_delay_is_the_cited_clearance() -> None:
    p = PARAMS["freelance_payout_delay_days"]
    assert p.default == 14.0 and p.low == 0.0 and p.high == 21.0
    assert "L14a" in p.source and "L14d" in p.source


@pytest.mark.parametrize("oid", [FL, "hybrid:10:20:freelance:43-6014.00"])
def test_cash_is_the_earned_pay_shifted_by_the_delay(oid: str) -> None:
    pr = _profile()
    now, late = _run(pr, oid, 0.0), _run(pr, oid, 14.0)
    # employment and hours do not move; only the cash does
    assert np.array_equal(now.employed, late.employed)
    assert np.array_equal(now.hours_microtask, late.hours_microtask)
    f = 14.0 / DAYS_PER_MONTH
    earned = now.job_income[0].astype(np.float64)
    want = (1 - f) * earned
    want[:, 1:] += f * earned[:, :-1]
    np.testing.assert_allclose(late.job_income[0], want, rtol=1e-5, atol=0.01)
    # nothing arrives earlier; what is still in clearance at the horizon's end is not received
    assert (np.cumsum(late.job_income[0], axis=1) <= np.cumsum(earned, axis=1) + 0.05).all()
    lost = f * earned[:, -1]
    np.testing.assert_allclose(
        late.job_income[0].sum(axis=1), earned.sum(axis=1) - lost, rtol=1e-4, atol=0.1
    )
    assert (late.first_income_month[0] >= 0).sum() > 0
    # cash covers the expenses no earlier with the delay, on every path
    cn, cl = now.cover_month[0].astype(int), late.cover_month[0].astype(int)
    never = 10_000
    assert (np.where(cl < 0, never, cl) >= np.where(cn < 0, never, cn)).all()


def test_employee_pay_is_not_delayed() -> None:
    pr = _profile()
    a, b = _run(pr, "career:43-6014.00", 0.0), _run(pr, "career:43-6014.00", 21.0)
    assert np.array_equal(a.cash, b.cash) and np.array_equal(a.job_income, b.job_income)


def test_engine_equals_reference_loop_with_the_delay() -> None:
    pr = _profile()
    for oid in (FL, "hybrid:10:20:freelance:43-6014.00"):
        r = _run(pr, oid, 21.0, paths=40)
        d = make_draws(3, 40, r.months)
        for j in range(40):
            ref = run_path(r.setup, 0, d, j)
            assert np.allclose(r.job_income[0, j], ref["job_income"], atol=1.0, rtol=1e-4), j
            assert np.allclose(r.cash[0, j], ref["cash"], atol=1.0, rtol=1e-4), j


def test_delay_of_more_than_a_month_splits_over_two_later_months() -> None:
    job = np.zeros((6, 2, 1), np.float32)
    job[0, :, 0] = 100.0
    job[2, :, 0] = 50.0
    out = _delay_pay(job, np.array([0.0, 1.25]), np.empty_like(job))
    assert out[:, 0, 0].tolist() == job[:, 0, 0].tolist()  # no delay: as earned
    np.testing.assert_allclose(out[:, 1, 0], [0, 75, 25, 37.5, 12.5, 0])
    assert job[0, 1, 0] == 100.0  # the input is never written to
