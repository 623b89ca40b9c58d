"""Stochastic multicriteria acceptability analysis (SMAA): how robust is the first place?

A ranking computed from one set of weights and the median outcomes hides two uncertainties: the
person's priorities are stated on a coarse 0–5 scale (a "4" could as well be a 3.5 or a 5), and
each option's outcome is a distribution, not a number. SMAA (Lahdelma & Salminen 2001) samples
both and counts how often each option ranks first; that share is ``p_first``. Here:

* **weights** — every stated priority is drawn uniformly within ``±jitter`` points on its 0–5
  scale (clipped to 0..5), independently per criterion; a criterion's weight is shared equally by
  its measures, exactly as in the main ranking;
* **outcomes** — each sample takes one simulated path (the same path index for every option:
  common random numbers, so options are compared on the same luck) and uses that path's values
  of the simulated measures; catalog attributes do not vary.

Everything is one vectorised pass over ``samples × options × measures``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .mcda import score

#: Half-width of the uniform perturbation of each priority, in points of the 0–5 scale.
#: An assumption (the person answered on an integer scale, so ±1 point covers the neighbouring
#: answers); overridable through ``smaa(..., jitter=...)``.
WEIGHT_JITTER_POINTS = 1.0
#: Number of SMAA samples; the standard error of a p_first of 0.5 is then ≈ 0.011.
SAMPLES = 2000


def column_weights(
    priorities: NDArray[np.floating], groups: NDArray[np.integer]
) -> NDArray[np.float64]:
    """Split each criterion's priority equally among its measures (columns).

    ``priorities`` has one value per criterion (last axis); ``groups[j]`` is the criterion of
    column ``j``. Works on stacked priorities (leading axes) for SMAA.
    """
    p = np.asarray(priorities, dtype=np.float64)
    g = np.asarray(groups, dtype=np.int64)
    sizes = np.bincount(g, minlength=p.shape[-1]).astype(np.float64)
    return p[..., g] / sizes[g]


def _sample_scores(
    vals: NDArray[np.float64],
    priorities: NDArray[np.floating],
    groups: NDArray[np.integer],
    benefit: NDArray[np.bool_],
    method: str,
    samples: int,
    jitter: float,
    seed: int,
    max_priority: float,
) -> NDArray[np.float64]:
    """The ``(samples, options)`` scores of the perturbed priorities on the sampled paths.

    Why normalised per *distinct* path: the normalised matrix of a sample depends only on its
    path, and 2,000 samples drawn from 1,000 paths hit only ~865 of them, so each distinct path's
    matrix is normalised once and gathered (the same operations on the same numbers: the scores
    are bit for bit those of normalising every sample's matrix; tests/test_smaa.py).
    """
    from .mcda import normalise, normalise_weights

    n_paths = vals.shape[1]
    rng = np.random.default_rng(seed)
    p = np.asarray(priorities, dtype=np.float64)
    pert = p + rng.uniform(-jitter, jitter, size=(samples, p.shape[-1]))
    pert = np.clip(pert, 0.0, max_priority)
    w = column_weights(pert, groups)  # (samples, columns)
    k = rng.integers(0, n_paths, size=samples)
    if method != "weighted_sum":
        mats = np.moveaxis(vals[:, k, :], 1, 0)  # (samples, options, columns)
        return score(mats, w, benefit, method)
    uniq, inv = np.unique(k, return_inverse=True)
    r = normalise(np.moveaxis(vals[:, uniq, :], 1, 0), benefit)[inv]  # (samples, options, columns)
    wn = normalise_weights(w)
    s: NDArray[np.float64] = np.einsum(
        "...ij,...j->...i", r, np.broadcast_to(wn, r.shape[:-2] + wn.shape[-1:])
    )
    return s


def smaa(
    path_values: NDArray[np.floating],
    priorities: NDArray[np.floating],
    groups: NDArray[np.integer],
    benefit: NDArray[np.bool_],
    *,
    method: str = "weighted_sum",
    samples: int = SAMPLES,
    jitter: float = WEIGHT_JITTER_POINTS,
    seed: int = 0,
    max_priority: float = 5.0,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return ``(p_first, rank_acceptability)`` for the options.

    ``path_values`` has shape ``(options, paths, columns)``: the value of each measure on each
    simulated path (attributes repeated across paths). ``p_first[i]`` is the share of samples in
    which option ``i`` ranks first (sums to 1); ``rank_acceptability[i, r]`` the share in which it
    ranks ``r + 1``. Ties go to the earlier option, so the shares always sum to exactly 1.
    """
    vals = np.asarray(path_values, dtype=np.float64)
    n_opt = vals.shape[0]
    s = _sample_scores(vals, priorities, groups, benefit, method, samples, jitter, seed,
                       max_priority)  # fmt: skip
    order = np.argsort(-s, axis=-1, kind="stable")
    first = order[:, 0]
    p_first = np.bincount(first, minlength=n_opt) / samples
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(n_opt)[None, :].repeat(samples, 0), axis=-1)
    acc = np.zeros((n_opt, n_opt))
    for r in range(n_opt):
        acc[:, r] = (ranks == r).mean(axis=0)
    return p_first, acc


def smaa_first(
    path_values: NDArray[np.floating],
    priorities: NDArray[np.floating],
    groups: NDArray[np.integer],
    benefit: NDArray[np.bool_],
    *,
    method: str = "weighted_sum",
    samples: int = SAMPLES,
    jitter: float = WEIGHT_JITTER_POINTS,
    seed: int = 0,
    max_priority: float = 5.0,
) -> NDArray[np.float64]:
    """``p_first`` of :func:`smaa` alone (the advice never reads the rank acceptabilities).

    The first of a sample is its highest score, the earliest option among equal ones — what the
    stable sort of :func:`smaa` puts first (a NaN score, which sorts last there, never wins).
    """
    vals = np.asarray(path_values, dtype=np.float64)
    s = _sample_scores(vals, priorities, groups, benefit, method, samples, jitter, seed,
                       max_priority)  # fmt: skip
    first = np.argmax(np.where(np.isnan(s), -np.inf, s), axis=-1)
    out: NDArray[np.float64] = np.bincount(first, minlength=vals.shape[0]) / samples
    return out
