"""The soft-skills career model's pure pieces: drop-out, search speed, wages.

Why pure functions: the engine, the calibration command and the tests all need the same
formulas, and each is easier to check on its own (a wage sampler that must reproduce OEWS
percentiles, a search model that must reproduce the CPS median duration). None of them needs
the catalog: they take the numbers of an ``Occupation``-like object. Fit and learning hours are
*not* here: :func:`crossroads.matching.career_inputs` is their single source, so the engine and
``crossroads match`` cannot disagree.

Equations (see docs/methodology.md §3):

* search: hazard ``λ·F`` per week with gamma frailty ``F`` (mean 1, shape ``k``); ``λ, k`` solve
  median duration = ``search_median_weeks`` and P(duration > 27 w) = ``search_share_27w``;
* wage quantile: log wage linear in the normal score ``Φ⁻¹(p)`` between OEWS P10..P90 knots, the
  end segments' slopes extrapolated (log-normal tails), capped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.optimize import brentq
from scipy.special import gammaincinv, ndtri

WAGE_PCTS = (0.10, 0.25, 0.50, 0.75, 0.90)
WAGE_KEYS = ("p10", "p25", "p50", "p75", "p90")


def search_fit(fit_before: Any, credit: float, progress: Any) -> Any:
    """Fit at search time: study credited in proportion to the learning done (drop-outs too).

    ``fit_before + credit · progress · (1 − fit_before)``; progress = share of the needed learning
    hours done (1 when the training was completed). Works on floats and arrays.
    """
    return fit_before + credit * progress * (1.0 - fit_before)


def dropout_hazard(params: Mapping[str, float]) -> float:
    """Monthly drop-out hazard rate (continuous) from completion_prob over the reference months."""
    c = float(params["completion_prob"])
    return -math.log(c) / float(params["completion_reference_months"])


@lru_cache(maxsize=64)
def _search_calibration(median_weeks: float, share_27: float) -> tuple[float, float]:
    """(λ per week, gamma shape k) so that median = median_weeks and S(27 w) = share_27."""
    target = math.log(1.0 / share_27) / math.log(2.0)
    exp_ratio = 27.0 / median_weeks
    if target >= exp_ratio - 1e-9:  # no frailty needed (or tail thinner than exponential)
        return math.log(2.0) / median_weeks, 1e6

    def f(a: float) -> float:
        return math.log1p(27.0 * a) / math.log1p(median_weeks * a) - target

    a = brentq(f, 1e-9, 1e6)
    k = math.log(2.0) / math.log1p(median_weeks * a)
    return a * k, k


def search_calibration(params: Mapping[str, float]) -> tuple[float, float]:
    """The baseline search model's weekly hazard λ and frailty shape k (see module doc)."""
    return _search_calibration(float(params["search_median_weeks"]), float(params["search_share_27w"]))


@lru_cache(maxsize=16)
def _frailty_table(k: float) -> np.ndarray:
    u = np.linspace(0.0, 1.0, 4097)
    u[0], u[-1] = 1e-6, 1 - 1e-6
    return (gammaincinv(k, u) / k).astype(np.float64)


def frailty_from_uniform(u: np.ndarray, k: float) -> np.ndarray:
    """Gamma(k, 1/k) frailty by inverse CDF (a table, fast); u=0.5 gives the median person."""
    if k >= 1e5:
        return np.ones_like(u, dtype=np.float64)
    table = _frailty_table(float(k))
    # linear interpolation on the table's regular grid (= np.interp, without its binary search)
    n = table.size - 1
    x = np.clip(np.asarray(u, dtype=np.float64), 0.0, 1.0) * n
    i = np.minimum(x.astype(np.intp), n - 1)
    x -= i
    lo = table[i]
    return lo + x * (table[i + 1] - lo)


def search_weeks_survival(t_weeks: float, params: Mapping[str, float]) -> float:
    """P(search lasts longer than t weeks) in the baseline model (analytic; for calibration)."""
    lam, k = search_calibration(params)
    return float((1.0 + lam * t_weeks / k) ** (-k))


@dataclass(frozen=True)
class WageQuantile:
    """Quantile function of an occupation's hourly wage built from OEWS P10..P90."""

    z: np.ndarray  # normal scores of the knots
    y: np.ndarray  # log wages at the knots
    slope_lo: float
    slope_hi: float
    cap: float

    def __call__(self, p: np.ndarray | float) -> np.ndarray:
        """Hourly wage (USD) at percentile(s) ``p`` in (0, 1)."""
        z = ndtri(np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9))
        return self.from_z(z)

    def from_z(self, z: np.ndarray, dtype: Any = np.float64) -> np.ndarray:
        """Hourly wage at normal score(s) ``z`` (the engine pre-computes the scores).

        ``dtype`` of the result (and of its ``exp``): the engine asks for float32 (a wage to the
        cent; float32 ``exp`` is vectorised here, float64 is not).
        """
        z = np.asarray(z, dtype=np.float64)
        y = np.interp(z, self.z, self.y)
        if z.size and self.z[0] <= z.min() and z.max() <= self.z[-1]:
            return np.exp(y.astype(dtype))  # between the knots (the engine's entrant percentiles): no tails, no cap
        y = y + self.slope_lo * np.minimum(z - self.z[0], 0.0) + self.slope_hi * np.maximum(z - self.z[-1], 0.0)
        # the cap only trims the extrapolated top tail, never the published knots
        return np.minimum(np.exp(y.astype(dtype)), dtype(max(self.cap, float(np.exp(self.y[-1])))))


def wage_quantile(wage_hourly: Any, params: Mapping[str, float]) -> WageQuantile | None:
    """Build the quantile function from an object/dict with p10..p90 (None if any is missing).

    Knots are exact, so sampling reproduces the published percentiles; between knots log wage is
    linear in the normal score (exact for a log-normal); beyond P10/P90 the end segments continue.
    """
    if wage_hourly is None:
        return None
    vals = []
    for key in WAGE_KEYS:
        v = wage_hourly.get(key) if isinstance(wage_hourly, Mapping) else getattr(wage_hourly, key, None)
        if v is None or not (float(v) > 0):
            return None
        vals.append(float(v))
    w = np.maximum.accumulate(np.array(vals))
    z = ndtri(np.array(WAGE_PCTS))
    y = np.log(w)
    # strictly increasing knots for interp; flat segments (top-coded wages) get a tiny slope
    y = y + np.arange(5) * 1e-9
    slope_lo = (y[1] - y[0]) / (z[1] - z[0])
    slope_hi = (y[4] - y[3]) / (z[4] - z[3])
    return WageQuantile(z, y, float(slope_lo), float(slope_hi), float(params["wage_tail_cap_hourly"]))
