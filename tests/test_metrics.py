"""summarise(): statistics of the simulated paths, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from crossroads.options import Option
from crossroads.simulation import simulate, summarise
from crossroads.simulation.metrics import median_month

if TYPE_CHECKING:
    from crossroads.catalog import Catalog
    from crossroads.profile import Profile


def test_median_month_never_is_none() -> None:
    assert median_month(np.array([-1, -1, 3]), 12) is None
    assert median_month(np.array([2, 3, -1]), 12) == 3.0


def test_summary_matches_arrays(
    example_profile: Callable[[str], Profile], catalog: Catalog
) -> None:
    pr = example_profile("student")
    r = simulate(pr, [Option.microtask(12)], paths=800, seed=3, catalog=catalog)
    m = summarise(r, 0)
    cash = r.cash[0]
    floor = pr.money.cash_floor
    assert m.p_shortfall == np.mean((cash < floor).any(axis=1))
    assert m.p_shortfall_by_month[-1] == m.p_shortfall
    assert all(
        a <= b for a, b in zip(m.p_shortfall_by_month, m.p_shortfall_by_month[1:], strict=False)
    )
    net = r.income[0].sum(axis=1) - r.learning_cost[0].sum(axis=1)
    assert np.isclose(m.net_income_p50, np.percentile(net, 50), rtol=1e-4)
    assert len(m.income_bands) == r.months and set(m.cash_bands[0]) == {
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
    }
    assert m.hours_bands[5]["p50"] <= 12 + 1e-6
    assert np.isclose(
        m.final_monthly_income_p50, np.median(r.income[0, :, -3:].mean(axis=1)), rtol=1e-4
    )
    assert m.p_hired is None and m.option_id == "microtask"
