"""The article's criteria, measured: one column of the decision matrix per measure.

The article names what matters when choosing between microtasks and a soft-skills career —
earnings, quick payouts, flexibility, low barrier to entry, career growth, job security,
autonomy, competition, the initial investment and ongoing learning — and "your financial needs,
career aspirations and work style". Each criterion of ``profile.priorities`` is measured here by one
or two numbers with a unit, and every number says where it came from:

* **simulation** — computed from the engine's simulated paths (per path, then the median over paths;
  the shortfall is a probability). These vary across paths, which the acceptability analysis uses.
* **catalog** — an attribute of the target occupation (OEWS wages, O*NET work values and skills,
  Eloundou et al. AI exposure, the person's fit from :mod:`crossroads.matching`).
* **article** — the article's own characterisation of microtask work, where no catalog number
  exists ("work anytime, anywhere with no fixed schedule"; "little control over task availability").

Microtask work has no O*NET occupation; where an O*NET attribute is needed for microtask hours we
use **Data Entry Keyers (43-9021.00)** as a proxy, because the article's examples of microtasks are
"data entry, image tagging, transcription, and short surveys". Attributes of a hybrid are the
average of the microtask and the career attribute weighted by the paid hours the path actually
spent in each (so a hybrid that is hired early looks like the career).

A criterion with two measures splits its weight equally between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from crossroads.params import WEEKS_PER_MONTH
from crossroads.stats import median

if TYPE_CHECKING:
    from crossroads.simulation.engine import SimResult

#: O*NET-SOC code used as the proxy occupation for microtask work (see module docstring).
MICROTASK_PROXY = "43-9021.00"
#: The article's "little control over task availability", placed at the bottom of O*NET's 1–7
#: work-value extent scale (the scale the careers' Independence value is on).
MICROTASK_INDEPENDENCE = 1.0


@dataclass(frozen=True)
class Measure:
    """A column of the decision matrix."""

    key: str
    criterion: str
    label: str
    unit: str  # "{cur}" is replaced by the profile's currency
    benefit: bool
    source: str
    stat: str = "median"  # how paths are summarised: "median" or "mean"
    never: bool = False  # value horizon+1 means "never within the horizon"


MEASURES: tuple[Measure, ...] = (
    Measure(
        "net_income",
        "earnings",
        "cumulative net income over the horizon (median)",
        "{cur}",
        True,
        "simulation: earned income minus learning costs, summed over the horizon",
    ),
    Measure(
        "final_monthly_income",
        "earnings",
        "income in the final 3 months (median)",
        "{cur}/month",
        True,
        "simulation: mean earned income of the last 3 months",
    ),
    Measure(
        "months_to_first_income",
        "quick_payout",
        "months to the first income (median)",
        "months",
        False,
        "simulation: first month with earned income (platform onboarding and payout rules, hiring)",
        never=True,
    ),
    Measure(
        "months_to_cover_expenses",
        "quick_payout",
        "months until income covers expenses (median)",
        "months",
        False,
        "simulation: first month when earned + other income ≥ monthly expenses",
        never=True,
    ),
    Measure(
        "p_shortfall",
        "financial_safety",
        "probability that cash falls below the floor",
        "probability",
        False,
        "simulation: share of paths whose cash goes below money.cash_floor in any month",
        stat="mean",
    ),
    Measure(
        "income_slope",
        "career_growth",
        "income growth over the second half of the horizon (median)",
        "{cur}/month per year",
        True,
        "simulation: least-squares slope of monthly income over the second half of the horizon",
    ),
    Measure(
        "wage_ceiling",
        "career_growth",
        "wage ceiling of the work (90th percentile)",
        "USD/hour",
        True,
        "catalog: OEWS May 2025 90th-percentile hourly wage of the target; microtask only: 90th percentile of the simulated effective hourly wage",
    ),
    Measure(
        "income_volatility",
        "job_security",
        "month-to-month income variability (median)",
        "coefficient of variation",
        False,
        "simulation: standard deviation / mean of monthly income after the first income",
    ),
    Measure(
        "income_loss_months",
        "job_security",
        "share of months with income lost (median)",
        "share of months",
        False,
        "simulation: months after the first income earning under half the path's usual month (task droughts, job loss)",
    ),
    Measure(
        "automation_exposure",
        "job_security",
        "exposure to automation by AI",
        "share of tasks (Eloundou β)",
        False,
        "catalog: Eloundou et al. (2023) β of the target occupation; microtask hours: Data Entry Keyers (43-9021.00) as proxy",
    ),
    Measure(
        "schedule_free_share",
        "flexibility",
        "share of paid hours with no fixed schedule",
        "share of hours",
        True,
        "article: microtasks are 'work anytime, anywhere with no fixed schedule'; a job's hours count as scheduled; weighted by simulated hours",
    ),
    Measure(
        "independence",
        "autonomy",
        "control over the work (O*NET work value Independence)",
        "extent 1–7",
        True,
        "catalog: O*NET work value Independence of the target; microtask hours: 1 (article: 'little control over task availability'); weighted by simulated hours",
    ),
    Measure(
        "hours_before_first_income",
        "low_barrier",
        "unpaid hours before the first income (median)",
        "hours",
        False,
        "simulation: hours of microtasks, learning and job search before the first income",
    ),
    Measure(
        "money_before_first_income",
        "low_barrier",
        "money spent before the first income (median)",
        "{cur}",
        False,
        "simulation: learning costs paid before the first income",
    ),
    Measure(
        "months_searching",
        "low_competition",
        "months of job search (median)",
        "months",
        False,
        "simulation: months spent searching for a job (hire chance depends on fit and remote competition)",
    ),
    Measure(
        "learning_hours",
        "little_ongoing_learning",
        "learning hours over the horizon (median)",
        "hours",
        False,
        "simulation: hours spent learning",
    ),
    Measure(
        "active_learning_importance",
        "little_ongoing_learning",
        "how much the work needs continuous learning",
        "O*NET importance 1–5",
        False,
        "catalog: O*NET importance of Active Learning for the target; microtask hours: Data Entry Keyers (43-9021.00) as proxy; weighted by simulated hours",
    ),
    Measure(
        "fit",
        "fit",
        "fit of the person's skills and work style",
        "0–1",
        True,
        "catalog: crossroads.matching fit of the target; microtask hours: fit to Data Entry Keyers (43-9021.00) as proxy; weighted by simulated hours",
    ),
    # how bad, not only whether (issue 10): when every option is likely to run short, the depth and
    # the duration of the shortfall separate them, not a few paths' difference in the probability
    Measure(
        "shortfall_depth",
        "financial_safety",
        "largest deficit below the cash floor (mean over paths)",
        "{cur}",
        False,
        "simulation: per path the largest amount below money.cash_floor (unpaid bills beyond the credit limit count), 0 if never short; with the fallback rule applied",
        stat="mean",
    ),
    Measure(
        "months_below_floor",
        "financial_safety",
        "months with cash below the floor (mean over paths)",
        "months",
        False,
        "simulation: per path the months whose cash is below money.cash_floor; with the fallback rule applied",
        stat="mean",
    ),
)

MEASURE_KEYS: tuple[str, ...] = tuple(m.key for m in MEASURES)
BENEFIT: NDArray[np.bool_] = np.array([m.benefit for m in MEASURES])
N_MEASURES = len(MEASURES)


@dataclass(frozen=True)
class Attributes:
    """Catalog attributes of one option's two kinds of work (microtask proxy and career target)."""

    ceiling: float  # USD/h
    mt_automation: float
    mt_active_learning: float
    mt_fit: float
    career_automation: float
    career_active_learning: float
    career_independence: float
    career_fit: float
    has_career: bool


#: Above this many (options × months × paths) elements the sums over the months before the first
#: income loop over months (the masked pass's temporaries outgrow the cache: full mode).
BEFORE_MASKED_ELEMENTS = 1 << 20


def path_measures(
    sim: SimResult, attrs: list[Attributes], worst_of: int | None = None
) -> NDArray[np.float64]:
    """Every measure on every path: array ``(options, paths, measures)``.

    A path that never earns gets the worst variability of any option's earning path; ``worst_of``
    takes that worst over the first ``worst_of`` options only, so options appended to a run (the
    ranked baseline) leave the others' values unchanged, bit for bit.

    Reads the engine's per-path summaries (net income, first income, cover and shortfall months,
    final income) and its monthly arrays in their internal ``(options, months, paths)`` layout, so
    every reduction over months is a contiguous, vectorised sum.
    """
    months = int(sim.months)
    inc = sim.monthly("income")  # (K, M, P) float32
    n_opt, _, n_paths = inc.shape
    out = np.empty((n_opt, n_paths, N_MEASURES))
    never = months + 1.0
    out[..., 0] = sim.net_income
    out[..., 1] = sim.final_income
    fim = np.asarray(sim.first_income_month, dtype=np.float32)
    fim = np.where(fim < 1, np.float32(never), fim)
    out[..., 2] = fim
    cov = np.asarray(sim.cover_month, dtype=np.float64)
    out[..., 3] = np.where(cov < 1, never, cov)
    out[..., 4] = (np.asarray(sim.shortfall_month) > 0).astype(np.float64)
    # slope over the second half of the horizon (least squares), per year
    h0 = months // 2
    t = np.arange(months - h0, dtype=np.float32)
    tc = t - t.mean()
    den = float((tc**2).sum())
    out[..., 5] = np.einsum("kmp,m->kp", inc[:, h0:], tc) / den * 12.0 if den > 0 else 0.0
    out[..., 6] = np.array([a.ceiling for a in attrs])[:, None]
    # Sums over "months before the first income": a loop over months of contiguous (K, P) slices
    # (the internal layout), which is several times faster than a masked (K, M, P) pass.
    n_before = (fim - 1.0).astype(np.int64)  # months before the first income, 0..M
    last = int(n_before.max()) if n_before.size else 0

    def summed(parts: tuple[NDArray[np.floating], ...], sel: Any, mask: NDArray[np.bool_]) -> Any:
        """``(parts[0] + parts[1] + …)[:, sel] × mask``, added in that order."""
        if len(parts) == 1:
            return parts[0][:, sel] * mask
        v = parts[0][:, sel] + parts[1][:, sel]
        for x in parts[2:]:
            v += x[:, sel]
        v *= mask
        return v

    def before_sums(*xs: tuple[NDArray[np.floating], ...]) -> list[NDArray[np.float64]]:
        """Each sum of arrays over its months before the first income (a sum of arrays is added
        month by month, never built whole). Small runs (quick mode) take one masked
        (K, months, P) pass per sum, summed over months by NumPy, which adds the months in order
        as the loop does (~40 % faster there); large ones loop over months, one mask a month."""
        n_m = min(last, months)
        if n_m * n_opt * n_paths <= BEFORE_MASKED_ELEMENTS:
            mask = n_before[:, None, :] > np.arange(n_m)[None, :, None]
            return [summed(p, slice(0, n_m), mask).sum(axis=1).astype(np.float64) for p in xs]
        accs = [np.zeros((x[0].shape[0], x[0].shape[2]), dtype=np.float32) for x in xs]
        for m in range(n_m):
            before = n_before > m
            for acc, parts in zip(accs, xs, strict=True):
                acc += summed(parts, m, before)
        return [a.astype(np.float64) for a in accs]

    n_after = months - n_before
    safe_n = np.maximum(n_after, 1).astype(np.float64)
    inc2 = inc * inc
    tot = inc.sum(1, dtype=np.float64)
    tot2 = inc2.sum(1, dtype=np.float64)
    # A month before the first income earns nothing, so when no month's income is negative (net
    # income never is; checked, one pass) those months add exactly 0: the "after" sums are the
    # totals, with no loop over the months before
    if inc.size and float(inc.min()) < 0:
        b_inc, b_inc2 = before_sums((inc,), (inc2,))
        tot, tot2 = tot - b_inc, tot2 - b_inc2
    mean_after = tot / safe_n
    sq_after = tot2 / safe_n
    var_after = np.maximum(sq_after - mean_after**2, 0.0)
    earned = (n_after > 0) & (mean_after > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.sqrt(var_after) / mean_after
    pool_cv, pool = cv[:worst_of], earned[:worst_of]
    worst_cv = float(pool_cv[pool].max()) if pool.any() else 1.0
    out[..., 7] = np.where(earned, cv, worst_cv)
    month_no = np.arange(1, months + 1, dtype=np.float32)[None, :, None]
    low_month = (inc < (0.5 * mean_after).astype(np.float32)[:, None, :]) & (
        month_no >= fim[:, None, :]
    )
    out[..., 8] = np.where(earned, low_month.sum(1) / safe_n, 1.0)
    hm = sim.monthly("hours_microtask")
    hj = sim.monthly("hours_job")
    paid_mt = hm.sum(1, dtype=np.float64)
    paid = paid_mt + hj.sum(1, dtype=np.float64)
    has_career = np.array([a.has_career for a in attrs])[:, None]
    s_mt = np.where(paid > 0, paid_mt / np.where(paid > 0, paid, 1.0), 0.0)
    s_mt = np.where(has_career, s_mt, 1.0)

    def mix(mt: str, car: str) -> NDArray[np.float64]:
        a_mt = np.array([getattr(a, mt) for a in attrs])[:, None]
        a_c = np.array([getattr(a, car) for a in attrs])[:, None]
        result: NDArray[np.float64] = s_mt * a_mt + (1.0 - s_mt) * a_c
        return result

    out[..., 9] = mix("mt_automation", "career_automation")
    out[..., 10] = s_mt
    a_c = np.array([a.career_independence for a in attrs])[:, None]
    out[..., 11] = s_mt * MICROTASK_INDEPENDENCE + (1.0 - s_mt) * a_c
    hl = sim.monthly("hours_learning")
    hs = sim.monthly("hours_search")
    lc = sim.monthly("learning_cost")
    hours_before, cost_before = before_sums((hm, hl, hs), (lc,))
    out[..., 12] = hours_before * WEEKS_PER_MONTH
    out[..., 13] = cost_before
    out[..., 14] = (hs > 0).sum(1)
    out[..., 15] = hl.sum(1, dtype=np.float64) * WEEKS_PER_MONTH
    out[..., 16] = mix("mt_active_learning", "career_active_learning")
    out[..., 17] = mix("mt_fit", "career_fit")
    out[..., 18] = sim.shortfall_depth
    out[..., 19] = sim.months_below
    return out


def summarise_measures(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Collapse paths: median per measure, mean for probabilities → ``(options, measures)``."""
    med = median(values, 1)
    for j, m in enumerate(MEASURES):
        if m.stat == "mean":
            med[:, j] = values[:, :, j].mean(axis=1)
    return med
