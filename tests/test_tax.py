"""Taxes: the interpolated schedules against tenforty's own returns, and net <= gross everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.money.tax import GRID_SE, GRID_WAGE, tenforty_tax, us_schedule

if TYPE_CHECKING:
    from crossroads.catalog import Catalog
    from crossroads.profile import Profile

# (state, wage, self-employment income): on and off the tenforty grid, wages only, SE only, mixed
HOUSEHOLDS = [
    (None, 30_000.0, 0.0),
    (None, 47_300.0, 3_300.0),
    ("CA", 45_000.0, 2_500.0),
    ("NY", 0.0, 12_800.0),
    ("TX", 62_000.0, 7_000.0),
    ("OH", 18_500.0, 1_200.0),
]


@pytest.mark.parametrize(("state", "wage", "se"), HOUSEHOLDS)
def test_schedule_matches_tenforty(state: str | None, wage: float, se: float) -> None:
    """Golden: the engine's interpolated tax is tenforty's (+ FICA) within the grid's resolution."""
    sched = us_schedule(state, "single", 0)
    want = tenforty_tax(wage, se, state, "single", 0)
    got = float(sched.annual(wage, se))
    on_grid = wage in GRID_WAGE and se in GRID_SE
    tol = 1.0 if on_grid else 100.0 + 0.01 * (wage + se)
    assert got == pytest.approx(want, abs=tol), (state, wage, se, got, want)
    # the engine's float32 monthly path gives the same tax
    monthly = float(
        sched.tax(np.array([wage / 12], np.float32), np.array([se / 12], np.float32))[0]
    )
    assert monthly * 12 == pytest.approx(got, rel=1e-3, abs=2.0)


def test_self_employment_pays_more_than_wages_at_low_income() -> None:
    """SE tax (~14.1% of net earnings) against 7.65% payroll tax on wages: issue 10's example."""
    sched = us_schedule(None, "single", 0)
    assert float(sched.annual(0, 12_000)) > float(sched.annual(12_000, 0)) + 500


@settings(max_examples=60, deadline=None)
@given(
    w=st.floats(0, 300_000),
    s=st.floats(0, 100_000),
    dw=st.floats(0, 20_000),
    ds=st.floats(0, 20_000),
)
def test_net_never_above_gross_and_rises_with_gross(
    w: float, s: float, dw: float, ds: float
) -> None:
    sched = us_schedule(None, "single", 0)
    t = float(sched.annual(w, s))
    assert t >= -1e-6 and t <= w + s + 1e-6
    t2 = float(sched.annual(w + dw, s + ds))
    assert (w + dw + s + ds) - t2 >= (w + s) - t - 1e-6


def test_us_profiles_are_taxed_and_others_stated(
    example_profile: Callable[[str], Profile], catalog: Catalog
) -> None:
    from crossroads.options import parse_option
    from crossroads.simulation import simulate

    pr = example_profile("career-changer")
    r = simulate(
        pr,
        [parse_option("hybrid:10:20:43-4051.00", pr)],
        paths=300,
        seed=1,
        catalog=catalog,
        keep=(),
    )
    assert (r.tax_paid >= 0).all() and float(r.tax_paid.mean()) > 0
    assert (r.net_income <= r.gross_income + 1e-3).all()
    assert "tenforty" in r.setup.tax_note and "after tax" in r.setup.tax_note
    abroad = pr.model_copy(update={"country": "DE"})
    r2 = simulate(
        abroad, [parse_option("microtask", abroad)], paths=50, seed=1, catalog=catalog, keep=()
    )
    assert r2.setup.tax is None and "income_tax_rate" in r2.setup.tax_note
