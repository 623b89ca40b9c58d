"""A re-hire after a job loss starts below the last wage (issue 9: ``rehire_wage_loss_pct``).

Evidence L9-L11 (BLS Displaced Worker Supplement): a few per cent down on average, a quarter of
re-employed long-tenured workers 20 % or more. The engine applies the loss once per earlier job
loss, in closed form; the per-path reference loop applies it at each re-hire: both must agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from crossroads.options import parse_option
from crossroads.params import PARAMS
from crossroads.profile import Fallback, load_example
from crossroads.simulation import simulate
from crossroads.simulation.draws import make_draws
from crossroads.simulation.reference import run_path

OPTION = "career:43-4051.00"


def _profile(loss: float) -> Any:
    p = load_example("career-changer")
    return p.model_copy(
        update={
            "fallback": Fallback(rule="off"),
            # frequent job losses, so most paths have several spells within the horizon
            "assumptions": {
                "job_loss_rate_monthly_pct": 1.6,
                "job_loss_first_year_factor": 3.0,
                "rehire_wage_loss_pct": loss,
            },
        }
    )


def test_the_parameter_is_registered_with_evidence() -> None:
    p = PARAMS["rehire_wage_loss_pct"]
    assert p.low <= p.default <= p.high and p.high <= 25.0
    assert "L9" in p.source


def test_engine_equals_the_reference_loop_with_rehires(catalog: Any) -> None:
    pr = _profile(20.0)
    r = simulate(pr, [parse_option(OPTION, pr)], paths=80, seed=3, horizon=120, catalog=catalog)
    d = make_draws(3, 80, r.months)
    for j in range(80):
        ref = run_path(r.setup, 0, d, j)
        assert np.allclose(r.job_income[0, j], ref["job_income"], atol=1.0, rtol=1e-4), j
        assert np.allclose(r.cash[0, j], ref["cash"], atol=1.0, rtol=1e-4), j


@pytest.mark.parametrize("loss", [10.0, 25.0])
def test_a_rehire_pays_less_and_only_after_a_loss(catalog: Any, loss: float) -> None:
    none, some = (
        simulate(q, [parse_option(OPTION, q)], paths=400, seed=5, horizon=120, catalog=catalog)
        for q in (_profile(0.0), _profile(loss))
    )
    # the same hires and losses (common random numbers): only the pay of later spells differs
    assert np.array_equal(none.hired_month, some.hired_month)
    a, b = none.job_income[0], some.job_income[0]
    assert np.array_equal(a > 0, b > 0)
    assert (b <= a * (1 + 1e-5) + 1e-3).all()
    # in a path's first spell nothing changes; after its first loss the pay is lower
    first = none.hired_month[0]
    rehired = 0
    for j in np.nonzero(first > 0)[0][:50]:
        on = a[j] > 0
        gap = np.nonzero(~on[first[j] :])[0]
        end = first[j] + (gap[0] if gap.size else on.size)
        assert np.allclose(a[j, :end], b[j, :end], rtol=1e-5)
        later = on.copy()
        later[:end] = False
        if later.any():
            rehired += 1
            ratio = b[j, later] / a[j, later]
            assert ratio.max() <= (1 - loss / 100) * (1 + 1e-4)
    assert rehired >= 5  # the test sees re-hires
