"""Multi-criteria ranking: weighted sum (default) and TOPSIS, both on min-max normalised columns.

Why these two: the weighted sum is the most transparent aggregation there is (a score is a sum
of ``weight × how close this option is to the best option on that criterion``), so every
recommendation can be explained criterion by criterion; TOPSIS (Hwang & Yoon 1981) is the usual
reference method and rewards options that are close to the ideal on all criteria at once, which
penalises options that are very bad at one thing. Both use min-max normalisation, so 0 means
"worst of the options compared" and 1 means "best" on each criterion; a column where every option
is equal normalises to 1 everywhere (it cannot separate options), as in ``pymcdm``.

Every function works on a stack of decision matrices (leading batch axes), so the stochastic
acceptability analysis scores thousands of perturbed matrices in one vectorised call. The results
equal ``pymcdm``'s ``WSM(minmax_normalization)`` and ``TOPSIS()`` (tested on random matrices).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

Method = Literal["weighted_sum", "topsis"]
METHODS: tuple[str, ...] = ("weighted_sum", "topsis")

FloatArray = NDArray[np.float64]


def normalise(
    matrix: NDArray[np.floating],
    benefit: NDArray[np.bool_],
    band: NDArray[np.floating] | None = None,
) -> FloatArray:
    """Min-max normalise each column over the options (axis -2): 1 = best option, 0 = worst.

    ``benefit[j]`` is True when more is better on criterion ``j``; for a cost criterion the scale
    is reversed so that 1 is always "best". Constant columns become 1 (no information). With an
    equivalence ``band`` per column (:mod:`.noise`), gaps inside the band earn no credit: values
    within it of the column's best (worst) count as the best (worst).
    """
    m = np.asarray(matrix, dtype=np.float64)
    if band is not None:
        from .noise import snap

        m = snap(m, benefit, band)
    lo = m.min(axis=-2, keepdims=True)
    hi = m.max(axis=-2, keepdims=True)
    span = hi - lo
    const = span == 0
    safe = np.where(const, 1.0, span)
    # the distance to the worst option over the span: the same two operations per element as
    # computing both directions and choosing, at half the work (SMAA normalises ~10^5 rows)
    out = np.where(np.asarray(benefit, dtype=bool), m - lo, hi - m)
    out /= safe
    return np.where(const, 1.0, out)


def normalise_weights(weights: NDArray[np.floating]) -> FloatArray:
    """Scale weights to sum to 1 along the last axis (all-zero weights become equal weights)."""
    w = np.asarray(weights, dtype=np.float64)
    s = w.sum(axis=-1, keepdims=True)
    n = w.shape[-1]
    return np.where(s > 0, w / np.where(s > 0, s, 1.0), 1.0 / n)


def weighted_sum(
    matrix: NDArray[np.floating],
    weights: NDArray[np.floating],
    benefit: NDArray[np.bool_],
    band: NDArray[np.floating] | None = None,
) -> FloatArray:
    """Weighted sum of normalised criteria; ``weights`` broadcast against the last axis."""
    r = normalise(matrix, benefit, band)
    w = normalise_weights(weights)
    result: FloatArray = np.einsum(
        "...ij,...j->...i", r, np.broadcast_to(w, r.shape[:-2] + w.shape[-1:])
    )
    return result


def contributions(
    matrix: NDArray[np.floating],
    weights: NDArray[np.floating],
    benefit: NDArray[np.bool_],
    band: NDArray[np.floating] | None = None,
) -> FloatArray:
    """Per-criterion terms of the weighted sum (options × criteria); rows sum to the scores.

    The explanation compares these terms between the first two options: the criteria with the
    largest difference are the ones that decided the ranking.
    """
    return normalise(matrix, benefit, band) * normalise_weights(weights)[..., None, :]


def topsis(
    matrix: NDArray[np.floating],
    weights: NDArray[np.floating],
    benefit: NDArray[np.bool_],
    band: NDArray[np.floating] | None = None,
) -> FloatArray:
    """TOPSIS closeness to the ideal (0..1) on min-max normalised, weighted criteria."""
    r = normalise(matrix, benefit, band)
    w = normalise_weights(weights)
    v = r * w[..., None, :]
    pis = v.max(axis=-2, keepdims=True)
    nis = v.min(axis=-2, keepdims=True)
    dp = np.sqrt(((v - pis) ** 2).sum(axis=-1))
    dm = np.sqrt(((v - nis) ** 2).sum(axis=-1))
    tot = dp + dm
    # All options identical: every option is as close to the ideal as to the anti-ideal.
    return np.where(tot > 0, dm / np.where(tot > 0, tot, 1.0), 0.5)


def score(
    matrix: NDArray[np.floating],
    weights: NDArray[np.floating],
    benefit: NDArray[np.bool_],
    method: str = "weighted_sum",
    band: NDArray[np.floating] | None = None,
) -> FloatArray:
    """Scores of the options (higher is better) by ``method`` (``weighted_sum`` or ``topsis``)."""
    if method == "weighted_sum":
        return weighted_sum(matrix, weights, benefit, band)
    if method == "topsis":
        return topsis(matrix, weights, benefit, band)
    from crossroads.errors import InputError

    raise InputError.one("method", f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def rank(scores: NDArray[np.floating]) -> NDArray[np.int64]:
    """Ranks 1..n (1 = best) along the last axis; ties keep the earlier option first (stable)."""
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s, axis=-1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, s.shape[-1] + 1), axis=-1)
    return ranks
