"""Exact medians along an axis, several times faster than ``np.median`` on the advice's arrays.

Why: ``np.median`` partitions each lane at two middle positions plus the last one (its NaN check),
and NumPy's partition with several ``kth`` costs five to six times one with a single ``kth``
(measured on the decision's (options, paths, measures) arrays: 1.6 ms against 0.28 ms). The
median only needs the lower middle order statistic from one partition; the upper one is the
smallest value above it. Both are the very values ``np.median`` finds, and their mean is taken
with the same operations (``(a + b) / 2`` in the array's dtype, as ``np.mean`` of two values
computes it), so the result is the same, bit for bit (tests/test_stats.py holds it to
``np.median`` on random, tied, integer and NaN lanes) — with one exception: a lane whose
middle values are a +0.0 and a −0.0 may give the other zero (the partitions order equal values
differently); the value is the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def median(a: NDArray[Any], axis: int) -> NDArray[Any]:
    """``np.median(a, axis=axis)`` for real arrays: NaN in a lane gives NaN, as there.

    Integers and booleans are taken as float64 first (``np.median`` averages them in float64).
    """
    x = np.asarray(a)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    n = x.shape[axis]
    if n == 0:
        empty: NDArray[Any] = np.median(x, axis=axis)  # NaN and its warning
        return empty
    t = np.moveaxis(x, axis, -1).copy()  # contiguous lanes, partitioned in place
    h = n // 2
    res: NDArray[Any]
    if n % 2:
        t.partition(h, axis=-1)
        top = t[..., h:].max(axis=-1)  # NaN sorts last: a lane with a NaN has it up here
        res = np.where(np.isnan(top), top, t[..., h])
    else:
        t.partition(h - 1, axis=-1)
        hi = t[..., h:].min(axis=-1)  # the upper middle value; NaN if the lane has one
        res = (t[..., h - 1] + hi) / 2
    if np.ndim(res) == 0:
        scalar: NDArray[Any] = res[()]  # a NumPy scalar, as np.median gives
        return scalar
    return res
