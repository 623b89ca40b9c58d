"""The soft-skills career model's pure pieces: drop-out, search speed, wages.

Why pure functions: the engine, the calibration command and the tests all need the same
formulas, and each is easier to check on its own (a wage sampler that must reproduce OEWS
percentiles, a search model that must reproduce the CPS median duration). None of them needs
the catalog: they take the numbers of an ``Occupation``-like object. Fit and learning hours are
*not* here: :func:`crossroads.matching.career_inputs` is their single source, so the engine and
``crossroads match`` cannot disagree.

Equations (see docs/methodology.md §3):

* search: exit hazard ``λ·F`` per week with gamma frailty ``F`` (mean 1, shape ``k``); ``λ, k`` make
  the steady-state *stock* of ongoing spells reproduce the CPS median, 27+ week share and mean
  (:func:`stock_stats`); only the U→E share of exits are hires (:func:`hire_hazard_week`);
* wage quantile: log wage linear in the normal score ``Φ⁻¹(p)`` between OEWS P10..P90 knots, the
  end segments' slopes extrapolated (log-normal tails), capped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from scipy.special import gammaincinv, ndtri

if TYPE_CHECKING:
    from crossroads.catalog.model import Occupation

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


def stock_stats(lam: float, k: float) -> tuple[float, float, float]:
    """(median, share above 27 weeks, mean) of the *stock* of ongoing spells, in weeks.

    Completed spells have survival ``S(t) = (1 + λt/k)^−k`` (exponential exit at rate λ·F, gamma
    frailty F of shape k: a Lomax law). With a steady inflow, the elapsed durations of the people
    unemployed at a date have density ``S(a)/E[T]``: again Lomax, of shape ``k − 1`` and the same
    scale ``σ = k/λ``, so its median is ``σ(2^{1/(k−1)} − 1)``, its 27+ share ``(1 + 27/σ)^{1−k}``
    and its mean ``σ/(k − 2)`` (finite for k > 2). That is what the CPS measures (BLS: "the data
    do not represent completed spells").
    """
    sigma, a = k / lam, k - 1.0
    med = sigma * (2.0 ** (1.0 / a) - 1.0)
    share = (1.0 + 27.0 / sigma) ** (-a)
    mean = sigma / (a - 1.0) if a > 1.0 else math.inf
    return med, share, mean


#: The packaged table of fits (``data/search_calibration.json``), written by
#: ``scripts/build_search_calibration.py`` for the registry's CPS trio and each of its bounds (the
#: values the default advice and its one-at-a-time sensitivity ask for). Why a table: importing
#: ``scipy.optimize`` costs about 0.35 s of CPU in every fresh process and the fit 2 ms, so a cold
#: ``crossroads advise`` paid a third of a second for seven fits whose answers never change. Any
#: other trio (a user's override, a journal posterior) is fitted live; a test re-fits every entry.
SEARCH_FITS_FILE = "search_calibration.json"


@lru_cache(maxsize=1)
def packaged_search_fits() -> dict[tuple[float, float, float], tuple[float, float]]:
    """The packaged fits: (median, 27+ share, mean) -> (λ per week, k); empty if the file is absent."""
    import json
    from importlib import resources

    try:
        raw = resources.files("crossroads.data").joinpath(SEARCH_FITS_FILE).read_text("utf-8")
    except FileNotFoundError:
        return {}
    rows = json.loads(raw)["fits"]
    return {
        (float(r["median_weeks"]), float(r["share_27"]), float(r["mean_weeks"])): (
            float(r["lam"]),
            float(r["k"]),
        )
        for r in rows
    }


def fit_search_calibration(
    median_weeks: float, share_27: float, mean_weeks: float
) -> tuple[float, float]:
    """(λ per week, gamma shape k) of completed spells whose steady-state stock fits the CPS trio.

    Two parameters, three targets: least squares on the relative errors (the CPS 2023-24 trio is
    reproduced within a few per cent, see ``crossroads calibrate``). Always fits (SciPy); the
    model reads :func:`search_calibration`, which first looks in the packaged table.
    """
    from scipy.optimize import least_squares

    def res(x: np.ndarray) -> list[float]:
        lam, k = math.exp(x[0]), 2.0 + math.exp(x[1])
        med, share, mean = stock_stats(lam, k)
        return [
            (med - median_weeks) / median_weeks,
            (share - share_27) / share_27,
            (mean - mean_weeks) / mean_weeks,
        ]

    fit = least_squares(res, [math.log(0.1), 0.0], method="lm")
    return math.exp(float(fit.x[0])), 2.0 + math.exp(float(fit.x[1]))


@lru_cache(maxsize=64)
def _search_calibration(
    median_weeks: float, share_27: float, mean_weeks: float
) -> tuple[float, float]:
    known = packaged_search_fits().get((median_weeks, share_27, mean_weeks))
    return (
        known if known is not None else fit_search_calibration(median_weeks, share_27, mean_weeks)
    )


def search_calibration(params: Mapping[str, float]) -> tuple[float, float]:
    """Weekly exit hazard λ (all exits from unemployment) and frailty shape k of completed spells."""
    return _search_calibration(
        float(params["search_median_weeks"]),
        float(params["search_share_27w"]),
        float(params["search_mean_weeks"]),
    )


def hire_hazard_week(params: Mapping[str, float]) -> float:
    """The baseline weekly *hire* hazard: only exits into a job (U→E, ``ue_exit_share``) are hires."""
    return search_calibration(params)[0] * float(params["ue_exit_share"])


@lru_cache(maxsize=16)
def _frailty_table(k: float) -> np.ndarray:
    u = np.linspace(0.0, 1.0, 4097)
    u[0], u[-1] = 1e-6, 1 - 1e-6
    result: np.ndarray = (gammaincinv(k, u) / k).astype(np.float64)
    return result


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
    result: np.ndarray = lo + x * (table[i + 1] - lo)
    return result


def search_weeks_survival(t_weeks: float, params: Mapping[str, float]) -> float:
    """P(a completed spell lasts longer than t weeks) in the baseline exit model (analytic)."""
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
    floor: float = 0.0  # a statutory minimum wage (crossroads.world.minimum_wage); 0 = none

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
            # between the knots (the engine's entrant percentiles): no tails, no cap
            return self._floored(np.exp(y.astype(dtype)), dtype)
        y = (
            y
            + self.slope_lo * np.minimum(z - self.z[0], 0.0)
            + self.slope_hi * np.maximum(z - self.z[-1], 0.0)
        )
        # the cap only trims the extrapolated top tail, never the published knots
        w: np.ndarray = np.minimum(
            np.exp(y.astype(dtype)), dtype(max(self.cap, float(np.exp(self.y[-1]))))
        )
        return self._floored(w, dtype)

    def _floored(self, w: np.ndarray, dtype: Any) -> np.ndarray:
        """``w`` raised to the statutory minimum wage floor, when the country has one."""
        out: np.ndarray = np.maximum(w, dtype(self.floor)) if self.floor > 0 else w
        return out


def wage_quantile(wage_hourly: Any, params: Mapping[str, float]) -> WageQuantile | None:
    """Build the quantile function from an object/dict with p10..p90 (None if any is missing).

    Knots are exact, so sampling reproduces the published percentiles; between knots log wage is
    linear in the normal score (exact for a log-normal); beyond P10/P90 the end segments continue.
    """
    if wage_hourly is None:
        return None
    vals = []
    for key in WAGE_KEYS:
        v = (
            wage_hourly.get(key)
            if isinstance(wage_hourly, Mapping)
            else getattr(wage_hourly, key, None)
        )
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
    return WageQuantile(
        z, y, float(slope_lo), float(slope_hi), float(params["wage_tail_cap_hourly"])
    )


# ---- hours, effort, openings and job loss (issue 9): smooth functions, no cliffs


def fulltime_ramp(hours: float, params: Mapping[str, float]) -> float:
    """0..1: how far ``hours`` a week reach into full-time jobs (linear across the ramp).

    Full-time jobs range over roughly 30-40 h/week, so the share of them a person can take rises
    linearly over ``fulltime_ramp_hours`` centred on ``fulltime_min_hours`` — no step at 35 h.
    """
    mid, width = float(params["fulltime_min_hours"]), float(params["fulltime_ramp_hours"])
    return min(1.0, max(0.0, (hours - (mid - width / 2.0)) / width))


def availability_factor(hours: float, params: Mapping[str, float]) -> float:
    """Hire-hazard multiplier of the weekly hours a person can work: part-time factor → 1 smoothly."""
    pf = float(params["parttime_hire_factor"])
    return pf + (1.0 - pf) * fulltime_ramp(hours, params)


def parttime_wage_factor(hours: float, params: Mapping[str, float]) -> float:
    """Hourly wage multiplier of the job a person with ``hours`` a week takes (penalty fades across the ramp)."""
    return 1.0 - float(params["parttime_wage_penalty"]) * (1.0 - fulltime_ramp(hours, params))


def effort_factor(search_hours: float, params: Mapping[str, float]) -> float:
    """Hire-hazard multiplier of search effort, ``(s / s̄)^η``: diminishing returns, 0 at no search.

    ``s̄`` = ``search_hours_full`` (the CPS job seeker's ATUS search time, L4/L5), so the CPS
    calibration holds for a person who searches as much as the average unemployed person.
    """
    if search_hours <= 0:
        return 0.0
    return float(
        (search_hours / float(params["search_hours_full"]))
        ** float(params["search_effort_elasticity"])
    )


def openings_factor(
    occ: Occupation, total: Mapping[str, Any] | None, params: Mapping[str, float]
) -> tuple[float, str]:
    """(multiplier, note): the occupation's openings per job relative to all occupations, ^elasticity.

    BLS EP 2024-34 annual openings ÷ 2024 employment of the occupation, over the same ratio for
    "Total, all occupations" (11.1 %). An occupation without both figures gets 1 (said so).
    """
    op, emp = (
        getattr(occ, "openings_thousands", None),
        getattr(occ, "ep_employment_thousands", None),
    )
    if not total or op is None or not emp or not total.get("employment_thousands"):
        return (
            1.0,
            f"{occ.code}: no BLS openings/employment figures; all-occupations hiring rate used",
        )
    ref = float(total["openings_thousands"]) / float(total["employment_thousands"])
    rel = (float(op) / float(emp)) / ref
    rel = min(4.0, max(0.25, rel))
    return float(rel ** float(params["openings_elasticity"])), ""


class Separations(Protocol):
    """What job loss needs of an occupation: its code and BLS separations rate (if known)."""

    @property
    def code(self) -> str: ...

    @property
    def separations_rate_pct(self) -> float | None: ...


def loss_rates(
    occ: Separations, total: Mapping[str, Any] | None, params: Mapping[str, float]
) -> tuple[float, float]:
    """(first-year, later) continuous monthly job-loss hazards of an occupation.

    JOLTS layoffs and discharges (L1) scaled by the occupation's BLS separations rate relative to
    all occupations (^``job_loss_occupation_elasticity``); the first 12 months of every job carry
    ``job_loss_first_year_factor`` times the later hazard.
    """
    sep = getattr(occ, "separations_rate_pct", None)
    if sep is None:
        sep = params["separations_rate_default_pct"]
    ref = float((total or {}).get("separations_rate_pct") or params["separations_rate_default_pct"])
    rel = (float(sep) / ref) ** float(params["job_loss_occupation_elasticity"])
    monthly = min(0.5, float(params["job_loss_rate_monthly_pct"]) / 100.0 * rel)
    later = -math.log(1.0 - monthly)
    return later * float(params["job_loss_first_year_factor"]), later


def hire_drift(occ: Occupation, months: int, params: Mapping[str, float]) -> np.ndarray | None:
    """(M,) hire-hazard multiplier of each month: openings drift with the BLS projection, and AI
    displacement in proportion to the occupation's exposure; None when both are nil.

    ``D[m] = (1 + g)^(ε·t/10) · (1 − d·x)^t`` at t = (m − 0.5)/12 years, g = the 2024-34
    employment change, x = Eloundou et al.'s GPT-4 exposure β (Tomlinson's score if missing).
    """
    g = getattr(occ, "growth_pct_2024_34", None)
    x = getattr(occ, "ai_eloundou_beta", None)
    if x is None:
        x = getattr(occ, "ai_tomlinson", None)
    g = 0.0 if g is None else float(g) / 100.0
    x = 0.0 if x is None else min(1.0, max(0.0, float(x)))
    d = float(params["ai_displacement_drift_pct"]) / 100.0 * x
    eps = float(params["openings_projection_elasticity"])
    if (g == 0.0 or eps == 0.0) and d == 0.0:
        return None
    t = (np.arange(months) + 0.5) / 12.0
    return (1.0 + g) ** (eps * t / 10.0) * (1.0 - d) ** t


def shifted(wq: WageQuantile, factor: float) -> WageQuantile:
    """The same wage distribution times ``factor`` (e.g. the part-time penalty)."""
    if factor == 1.0:
        return wq
    return WageQuantile(
        wq.z, wq.y + math.log(factor), wq.slope_lo, wq.slope_hi, wq.cap * factor, wq.floor
    )


def with_floor(wq: WageQuantile, floor: float) -> WageQuantile:
    """The same distribution with every wage raised to at least ``floor`` (a minimum wage)."""
    return WageQuantile(wq.z, wq.y, wq.slope_lo, wq.slope_hi, wq.cap, float(floor))
