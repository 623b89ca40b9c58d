"""Monte Carlo noise in the decision: standard errors and the equivalence band.

Why this exists: min-max normalisation gives the full weight of a criterion to whatever gap
separates the best option from the worst, however small. With 10,000 simulated paths, two
shortfall probabilities of 99.82 % and 99.95 % differ by 13 paths — noise, not substance — yet
that gap alone decided one trial user's advice. So every column of the decision matrix gets an
*equivalence band*: differences within it earn no normalised credit.

The band of measure ``j`` is ``max(2 × paired SE_j, MMD_j)``:

* **paired SE** — options are simulated on common random numbers, so the uncertainty of a
  *difference* between two options is that of the per-path difference ``x_i − x_best`` (much
  smaller than either option's own spread when both move with the same luck). For a mean (a
  probability) it is ``sd(x_i − x_best) / √n``; for a median it is approximated by
  ``√(π/2) · sd(x_i − x_best) / √n`` (the large-sample efficiency of the median under a normal
  distribution — an approximation, named as such). The column's band uses the largest paired SE
  over the options, so it is conservative.
* **MMD** (minimum meaningful difference) — below this a difference does not matter to a person
  even if it is certain: a named assumption per measure, ``mmd_<measure>`` in the parameter
  registry (:mod:`crossroads.params`), with the range in which ``assumptions:`` can override it.

Everything is vectorised over ``(options, paths, measures)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .criteria import MEASURES

FloatArray = NDArray[np.float64]

#: √(π/2): standard error of a sample median relative to that of the mean (normal approximation).
MEDIAN_SE_FACTOR = math.sqrt(math.pi / 2.0)
#: How many paired standard errors a difference must exceed to count.
SE_MULTIPLE = 2.0


@dataclass(frozen=True)
class Mmd:
    """A minimum meaningful difference: ``absolute`` in the measure's unit, or ``relative`` to the
    largest absolute value in the column (for money, whose scale depends on the person)."""

    absolute: float = 0.0
    relative: float = 0.0
    low: float = 0.0  # the range in which the assumption may be set (same kind as the default)
    high: float = 0.0
    why: str = ""


def _mmd_table() -> dict[str, Mmd]:
    """The minimum meaningful differences of the parameter registry (``mmd_<measure>``)."""
    from crossroads.params import MMD_RELATIVE, PARAMS

    out: dict[str, Mmd] = {}
    for m in MEASURES:
        p = PARAMS[f"mmd_{m.key}"]
        rel = m.key in MMD_RELATIVE
        out[m.key] = Mmd(absolute=0.0 if rel else p.default, relative=p.default if rel else 0.0,
                         low=p.low, high=p.high, why=p.doc)  # fmt: skip
    return out


#: Minimum meaningful difference per measure key: the registry's defaults (``mmd_<key>``,
#: overridable under ``assumptions:``; :func:`mmd_arrays` reads a person's values).
MMD: dict[str, Mmd] = _mmd_table()


def mmd_arrays(params: Mapping[str, float] | None = None) -> tuple[FloatArray, FloatArray]:
    """``(absolute, relative)`` minimum meaningful differences per measure, from ``params``
    (the resolved registry values, overrides included) or the defaults."""
    from crossroads.params import MMD_RELATIVE

    if params is None:
        return _ABS, _REL
    vals = np.array([float(params[f"mmd_{m.key}"]) for m in MEASURES])
    rel = np.array([m.key in MMD_RELATIVE for m in MEASURES])
    return np.where(rel, 0.0, vals), np.where(rel, vals, 0.0)


_MEAN = np.array([m.stat == "mean" for m in MEASURES])
_ABS = np.array([MMD[m.key].absolute for m in MEASURES])
_REL = np.array([MMD[m.key].relative for m in MEASURES])


def paired_se(values: NDArray[np.floating], reference: int) -> FloatArray:
    """Paired standard error of each option's summary minus the ``reference`` option's, per measure.

    ``values`` is ``(options, paths, measures)``; returns ``(options, measures)`` (zeros for the
    reference itself). Medians use the √(π/2) normal approximation; means the exact formula.
    """
    v = np.asarray(values, dtype=np.float64)
    n = v.shape[1]
    if n < 2:
        return np.zeros((v.shape[0], v.shape[2]))
    d = v - v[reference][None, :, :]
    se = d.std(axis=1, ddof=1) / math.sqrt(n)
    out: FloatArray = np.where(_MEAN[None, :], se, MEDIAN_SE_FACTOR * se)
    return out


def summary_se(values: NDArray[np.floating]) -> FloatArray:
    """Standard error of each option's own summary (median or mean) per measure: ``(options, measures)``.

    This is what a reader needs beside one option's figure ("78 % ± 0.4"); comparisons between
    options use :func:`paired_se`, which is smaller on common random numbers.
    """
    v = np.asarray(values, dtype=np.float64)
    n = v.shape[1]
    if n < 2:
        return np.zeros((v.shape[0], v.shape[2]))
    se = v.std(axis=1, ddof=1) / math.sqrt(n)
    out: FloatArray = np.where(_MEAN[None, :], se, MEDIAN_SE_FACTOR * se)
    return out


def equivalence_band(
    values: NDArray[np.floating],
    matrix: NDArray[np.floating],
    reference: int,
    params: Mapping[str, float] | None = None,
    paired: FloatArray | None = None,
) -> FloatArray:
    """The band per measure, ``max(SE_MULTIPLE × max paired SE, MMD)``: shape ``(measures,)``.

    ``reference`` is the option the others are paired with (the best-scoring one); ``matrix`` is
    the ``(options, measures)`` decision matrix, whose largest absolute value scales the relative
    MMDs; ``params`` gives the person's minimum meaningful differences (default: the registry's);
    ``paired`` the :func:`paired_se` against ``reference`` when the caller has it already.
    """
    se = (paired if paired is not None else paired_se(values, reference)).max(axis=0)
    scale = np.abs(np.asarray(matrix, dtype=np.float64)).max(axis=0)
    abs_, rel = mmd_arrays(params)
    mmd = np.maximum(abs_, rel * scale)
    band: FloatArray = np.maximum(SE_MULTIPLE * se, mmd)
    return band


def snap(
    matrix: NDArray[np.floating], benefit: NDArray[np.bool_], band: NDArray[np.floating]
) -> FloatArray:
    """Values within ``band`` of a column's best become the best, within ``band`` of its worst the worst.

    Min-max normalisation of the snapped matrix gives no credit for a gap inside the band: a
    column whose whole range is inside it becomes constant (it cannot separate the options), and
    an option that is "as good as the best within the noise" scores 1. Works on stacked matrices.
    """
    m = np.asarray(matrix, dtype=np.float64)
    b = np.asarray(band, dtype=np.float64)
    ben = np.asarray(benefit, dtype=bool)
    hi = m.max(axis=-2, keepdims=True)
    lo = m.min(axis=-2, keepdims=True)
    best = np.where(ben, hi, lo)
    worst = np.where(ben, lo, hi)
    out = np.where(np.abs(m - best) <= b, best, m)
    return np.where((np.abs(out - worst) <= b) & (out != best), worst, out)


def distinguishable(a: float, b: float, band: float) -> bool:
    """Whether two figures differ by more than the band (used by the explanation's comparisons)."""
    return abs(float(a) - float(b)) > float(band)
