"""The draws' block layout: a run's numbers are a prefix of a larger run's (any block boundary)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.simulation.draws import BLOCK, PER_MONTH, PER_MONTH_RATING, make_draws

MONTHLY = set(PER_MONTH + PER_MONTH_RATING)


@settings(max_examples=25, deadline=None)
@given(
    small=st.integers(1, 3 * BLOCK),
    extra=st.integers(0, 2 * BLOCK),
    seed=st.integers(0, 2**32 - 1),
    months=st.integers(1, 14),
)
def test_a_run_is_a_prefix_of_a_larger_run(small: int, extra: int, seed: int, months: int) -> None:
    a = make_draws(seed, small, months)
    b = make_draws(seed, small + extra, months)
    assert a.paths == small and b.paths == small + extra
    for name in a.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == np.float32, name
        if name in MONTHLY:
            assert x.shape == (months, small), name
            assert np.array_equal(x, y[:, :small]), name
        else:
            assert np.array_equal(x, y[:small]), name


def test_blocks_differ_and_a_quick_run_is_one_block() -> None:
    """Each block has its own generator (no repeated luck), and 500 paths fit in one block."""
    d = make_draws(3, 2 * BLOCK, 6)
    assert not np.array_equal(d.u_onboard[:BLOCK], d.u_onboard[BLOCK:])
    assert BLOCK >= 500  # the quick cohort run draws nothing it does not use
    assert len(np.unique(d.eps)) > 0.99 * d.eps.size
