"""Freelance pay is self-employment income in the tax treatment (issue 9 item 7 / issue 10 item 5).

A freelancer pays self-employment tax on net earnings (about 14.1 %) where an employee's wage
carries 7.65 % payroll tax, so the same gross pays more tax on a freelance path.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from crossroads.options import parse_option
from crossroads.profile import Fallback, load_example
from crossroads.simulation import simulate
from crossroads.simulation.draws import make_draws
from crossroads.simulation.reference import run_path


def _profile() -> Any:
    p = load_example("career-changer")
    assert p.country == "US"
    return p.model_copy(update={"fallback": Fallback(rule="off")})


def test_freelance_net_is_gross_less_the_self_employment_schedule(catalog: Any) -> None:
    pr = _profile()
    r = simulate(pr, [parse_option("freelance:43-6014.00", pr)], paths=300, seed=2, catalog=catalog)
    tax = r.setup.tax
    assert tax is not None
    job, net = r.job_income[0], r.income[0]
    on = job > 0
    assert on.sum() > 50
    se_tax = tax.tax(np.zeros_like(job[on]), job[on])
    wage_tax = tax.tax(job[on], np.zeros_like(job[on]))
    np.testing.assert_allclose(net[on], job[on] - se_tax, rtol=1e-4, atol=0.05)
    assert (se_tax >= wage_tax - 0.01).all() and (se_tax > wage_tax + 1).any()


def test_employee_career_keeps_the_wage_treatment(catalog: Any) -> None:
    pr = _profile()
    r = simulate(pr, [parse_option("career:43-6014.00", pr)], paths=300, seed=2, catalog=catalog)
    job, net = r.job_income[0], r.income[0]
    on = job > 0
    assert on.any()
    wage_tax = r.setup.tax.tax(job[on], np.zeros_like(job[on]))
    np.testing.assert_allclose(net[on], job[on] - wage_tax, rtol=1e-4, atol=0.05)


def test_engine_equals_reference_loop_for_freelance(catalog: Any) -> None:
    pr = _profile()
    r = simulate(pr, [parse_option("freelance:43-6014.00", pr)], paths=40, seed=6, catalog=catalog)
    d = make_draws(6, 40, r.months)
    for j in range(40):
        ref = run_path(r.setup, 0, d, j)
        assert np.allclose(r.income[0, j], ref["income"], atol=1.0, rtol=1e-4), j
        assert np.allclose(r.cash[0, j], ref["cash"], atol=1.0, rtol=1e-4), j


def test_mixed_batch_taxes_each_option_its_own_way(catalog: Any) -> None:
    """Options of different kinds share one engine batch: each keeps its tax treatment."""
    pr = _profile()
    opts = [parse_option(i, pr) for i in ("career:43-6014.00", "freelance:43-6014.00")]
    r = simulate(pr, opts, paths=300, seed=2, catalog=catalog)
    tax = r.setup.tax
    for k, se in ((0, False), (1, True)):
        job, net = r.job_income[k], r.income[k]
        on = job > 0
        assert on.any()
        zero = np.zeros_like(job[on])
        t = tax.tax(zero, job[on]) if se else tax.tax(job[on], zero)
        np.testing.assert_allclose(net[on], job[on] - t, rtol=1e-4, atol=0.05)
