"""``crossroads.stats.median`` is ``np.median``, bit for bit (but a zero's sign), only faster."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from crossroads.stats import median


def same(a: object, b: object) -> bool:
    """Same dtype, shape, NaNs and bits, but for the sign of a zero (+0.0 == -0.0: see the
    module docstring of crossroads.stats)."""
    x, y = np.asarray(a), np.asarray(b)
    if x.dtype != y.dtype or x.shape != y.shape:
        return False
    nan = np.isnan(x)
    if not bool((nan == np.isnan(y)).all()):
        return False
    x, y = x[~nan], y[~nan]
    nz = x != 0
    return bool((x == y).all()) and x[nz].tobytes() == y[nz].tobytes()


@settings(max_examples=200, deadline=None)
@given(
    hnp.arrays(
        dtype=st.sampled_from([np.float64, np.float32, np.int16, np.int64, np.bool_]),
        shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=9),
        elements={"allow_nan": False, "allow_infinity": True},
    ),
    st.integers(0, 2),
)
def test_median_is_numpys_median(a: np.ndarray, axis: int) -> None:
    axis = axis % a.ndim
    got, want = median(a, axis), np.median(a, axis=axis)
    assert type(got) is type(want)
    assert same(got, want)


def test_median_of_tied_and_nan_lanes() -> None:
    rng = np.random.default_rng(1)
    for n in (1, 2, 3, 4, 499, 500):
        a = rng.integers(0, 3, (5, n, 4)).astype(np.float64)  # many ties
        a[0, 0, 0] = np.nan
        a[1, :, 1] = np.nan
        got, want = median(a, 1), np.median(a, axis=1)
        assert same(got, want)
        assert np.isnan(got[0, 0]) and np.isnan(got[1, 1])
