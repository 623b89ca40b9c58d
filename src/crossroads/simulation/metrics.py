"""Outcome summaries of one simulated option: ``summarise(result, k) -> OptionMetrics``.

Why here: every face (CLI, advice, plan, report) must show the *same* numbers the engine
computed, never a re-derivation; and "never display a probability the model did not compute" —
each figure below is a direct statistic of the simulated paths.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .engine import SimResult

BAND_KEYS = ("p10", "p25", "p50", "p75", "p90")
BAND_Q = (10, 25, 50, 75, 90)


@dataclass(frozen=True)
class OptionMetrics:
    """Distribution summaries for one option (money in the profile currency, months 1-based).

    * ``net_income_*``: cumulative earned income minus learning costs over the horizon, percentiles
      over paths;
    * ``p_shortfall``: share of paths where cash falls below the floor in any month;
      ``p_shortfall_by_month[m-1]``: share where it has happened by month m (cumulative);
    * ``months_to_first_income_p50`` / ``months_to_cover_expenses_p50``: median over paths of the
      first month with income > 0 / with income + other income >= expenses; paths where it never
      happens count as "after the horizon", and the median is ``None`` if it falls there;
    * ``final_monthly_income_p50``: median over paths of mean income in the last 3 months;
    * ``income_volatility``: median over paths of the coefficient of variation of monthly income
      (sd / mean over the horizon; 0 for a path with no income);
    * the cash ledger (issue 10): ``p_fallback`` share of paths where the fallback began;
      ``fallback_month_p50`` its median month among them; ``p_limit`` share that reached the hard
      limit with bills unpaid; ``shortfall_depth_p50/p90`` percentiles over *all* paths of the
      largest deficit below the floor (0 for a path never short; unpaid bills count);
      ``months_below_floor_p50/p90`` the same for the months below the floor; ``interest_p50/p90``
      interest paid on negative cash; ``tax_p50`` tax paid and ``gross_income_p50`` earned income
      before tax over the horizon (``net_income_*`` is after tax);
    * bands: for each month, percentiles over paths of income, end-of-month cash and weekly hours
      (microtasks + learning + search + job) — empty lists when the monthly arrays were not kept.
    """

    option_id: str
    net_income_p10: float
    net_income_p50: float
    net_income_p90: float
    p_shortfall: float
    p_shortfall_by_month: list[float]
    months_to_first_income_p50: float | None
    months_to_cover_expenses_p50: float | None
    final_monthly_income_p50: float
    income_volatility: float
    p_first_income: float
    p_cover_expenses: float
    p_hired: float | None
    p_dropped_out: float | None
    p_fallback: float = 0.0
    fallback_month_p50: float | None = None
    p_limit: float = 0.0
    shortfall_depth_p50: float = 0.0
    shortfall_depth_p90: float = 0.0
    months_below_floor_p50: float = 0.0
    months_below_floor_p90: float = 0.0
    interest_p50: float = 0.0
    interest_p90: float = 0.0
    tax_p50: float = 0.0
    gross_income_p50: float = 0.0
    income_bands: list[dict[str, float]] = field(default_factory=list)
    cash_bands: list[dict[str, float]] = field(default_factory=list)
    hours_bands: list[dict[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def median_month(months: np.ndarray, horizon: int) -> float | None:
    """Median of 1-based months where -1 means never: None if the median path never gets there."""
    a = np.asarray(months, dtype=np.float64)
    a = np.where(a < 0, np.inf, a)
    med = float(np.median(a))
    return None if not np.isfinite(med) else med


def bands(arr_mp: np.ndarray) -> list[dict[str, float]]:
    """Per-month percentile bands of an (months, paths) array."""
    q = np.percentile(np.asarray(arr_mp, dtype=np.float64), BAND_Q, axis=1)  # (5, months)
    return [{k: float(q[j, m]) for j, k in enumerate(BAND_KEYS)} for m in range(q.shape[1])]


def cash_outcomes(result: SimResult, k: int) -> dict[str, Any]:
    """How bad, not only whether: the fallback, the limit, depth and duration, interest, tax."""
    fb = result.fallback_month[k]
    started = fb > 0
    d = np.percentile(result.shortfall_depth[k].astype(np.float64), [50, 90])
    mb = np.percentile(result.months_below[k].astype(np.float64), [50, 90])
    it = np.percentile(result.interest[k].astype(np.float64), [50, 90])
    return {
        "p_fallback": float(started.mean()),
        "fallback_month_p50": float(np.median(fb[started])) if started.any() else None,
        "p_limit": float((result.limit_month[k] > 0).mean()),
        "shortfall_depth_p50": float(d[0]),
        "shortfall_depth_p90": float(d[1]),
        "months_below_floor_p50": float(mb[0]),
        "months_below_floor_p90": float(mb[1]),
        "interest_p50": float(it[0]),
        "interest_p90": float(it[1]),
        "tax_p50": float(np.median(result.tax_paid[k])),
        "gross_income_p50": float(np.median(result.gross_income[k])),
    }


def summarise(result: SimResult, k: int | str) -> OptionMetrics:
    """The metrics of option ``k`` (index or option id) from a :class:`SimResult`."""
    if isinstance(k, str):
        k = result.index(k)
    M = result.months
    net = result.net_income[k].astype(np.float64)
    p10, p50, p90 = np.percentile(net, [10, 50, 90])
    short = result.shortfall_month[k]
    counts = np.bincount(short[short > 0].astype(np.int64), minlength=M + 1)[1 : M + 1]
    by_month = (np.cumsum(counts) / result.paths).tolist()
    mean = result.income_mean[k].astype(np.float64)
    sd = result.income_sd[k].astype(np.float64)
    cv = np.where(mean > 0, sd / np.where(mean > 0, mean, 1.0), 0.0)
    opt = result.options[k]
    career = opt.target is not None and opt.learning_hours > 0
    ib: list[dict[str, float]] = []
    cb: list[dict[str, float]] = []
    hb: list[dict[str, float]] = []
    if "income" in result.kept:
        ib = bands(result.monthly("income")[k])
    if "cash" in result.kept:
        cb = bands(result.monthly("cash")[k])
    hour_names = ("hours_microtask", "hours_learning", "hours_search", "hours_job")
    if all(h in result.kept for h in hour_names):
        total = sum(result.monthly(h)[k].astype(np.float64) for h in hour_names)
        hb = bands(total)
    return OptionMetrics(
        option_id=opt.id,
        net_income_p10=float(p10),
        net_income_p50=float(p50),
        net_income_p90=float(p90),
        p_shortfall=float((short > 0).mean()),
        p_shortfall_by_month=[float(x) for x in by_month],
        months_to_first_income_p50=median_month(result.first_income_month[k], M),
        months_to_cover_expenses_p50=median_month(result.cover_month[k], M),
        final_monthly_income_p50=float(np.median(result.final_income[k])),
        income_volatility=float(np.median(cv)),
        p_first_income=float((result.first_income_month[k] > 0).mean()),
        p_cover_expenses=float((result.cover_month[k] > 0).mean()),
        p_hired=float((result.hired_month[k] > 0).mean()) if career else None,
        p_dropped_out=float(result.dropped_out[k].mean()) if career else None,
        **cash_outcomes(result, k),
        income_bands=ib,
        cash_bands=cb,
        hours_bands=hb,
    )
