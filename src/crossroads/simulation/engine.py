"""The vectorised Monte Carlo engine: ``simulate(profile, options) -> SimResult``.

Why it is shaped this way:

* **One Python loop, over months.** Everything else is NumPy over (options × paths) — or over
  (career groups × paths) for the career part, since options that share a target and learning
  hours share their career trajectory (a 60-mix hybrid grid has far fewer distinct trajectories).
* **Common random numbers.** Every random quantity is drawn once per path (or path and month) in
  :mod:`.draws` and reused by every option, so options differ only by policy.
* **Chunk independence.** Paths are processed in chunks sized to stay in cache; every operation is
  per path, and a path's draws depend only on (seed, path), so results do not depend on chunking.
* **Memory.** ``keep=`` names the monthly arrays to store (float32, shape (options, months, paths)
  internally, exposed as (options, paths, months) views); per-path summaries (net income, first
  shortfall month, …) are computed in-pass and always kept, so a 200-option call can skip the
  monthly arrays and still be summarised.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import ndtri

from crossroads.options import Option
from crossroads.params import WEEKS_PER_MONTH, Parameters, params_for

from .career import frailty_from_uniform
from .draws import Draws, central_draws, make_draws
from .setup import Setup, compile_setup, onboard_months

MONTHLY = ("income", "microtask_income", "job_income", "cash", "learning_cost",
           "hours_microtask", "hours_learning", "hours_search", "hours_job", "employed")
CHUNK_ELEMENTS = 1 << 14  # options × paths of one month row in a block: blocks stay in cache


@dataclass
class SimResult:
    """What a run produced. Monthly arrays are (options, paths, months); per-path (options, paths).

    Months in arrays: index 0 = month 1. Per-path month fields are 1-based, -1 = never.
    ``_monthly`` stores the arrays as (options, months, paths) (fast per-month percentiles).
    """

    options: tuple[Option, ...]
    paths: int
    months: int
    seed: int
    stochastic: bool
    params: Parameters
    setup: Setup
    # per path (options, paths)
    net_income: np.ndarray
    hired_month: np.ndarray
    training_done_month: np.ndarray
    first_income_month: np.ndarray
    cover_month: np.ndarray
    shortfall_month: np.ndarray
    dropped_out: np.ndarray
    final_income: np.ndarray
    income_mean: np.ndarray
    income_sd: np.ndarray
    _monthly: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    # -- contract views: (options, paths, months)
    def _view(self, name: str) -> np.ndarray:
        arr = self._monthly.get(name)
        if arr is None:
            raise KeyError(f"monthly array '{name}' was not kept (simulate(..., keep=...))")
        return np.swapaxes(arr, 1, 2)

    income = property(lambda self: self._view("income"))
    microtask_income = property(lambda self: self._view("microtask_income"))
    job_income = property(lambda self: self._view("job_income"))
    cash = property(lambda self: self._view("cash"))
    learning_cost = property(lambda self: self._view("learning_cost"))
    hours_microtask = property(lambda self: self._view("hours_microtask"))
    hours_learning = property(lambda self: self._view("hours_learning"))
    hours_search = property(lambda self: self._view("hours_search"))
    hours_job = property(lambda self: self._view("hours_job"))
    employed = property(lambda self: self._view("employed"))

    @property
    def kept(self) -> tuple[str, ...]:
        return tuple(self._monthly)

    def monthly(self, name: str) -> np.ndarray:
        """Internal layout (options, months, paths) of a kept monthly array."""
        return self._monthly[name]

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.setup.warnings

    @property
    def platform_note(self) -> str:
        return self.setup.platforms.note

    def index(self, option_id: str) -> int:
        for i, o in enumerate(self.options):
            if o.id == option_id:
                return i
        raise KeyError(option_id)


def simulate(
    profile: Any,
    options: Sequence[Option] | Option,
    *,
    paths: int = 10_000,
    seed: int = 0,
    horizon: int | None = None,
    params: Parameters | dict[str, float] | None = None,
    catalog: Any = None,
    stochastic: bool = True,
    keep: Iterable[str] | None = None,
    chunk_paths: int | None = None,
    draws: Draws | None = None,
) -> SimResult:
    """Simulate every option on the same ``paths`` random futures (common random numbers).

    ``params`` defaults to the profile's own ``assumptions`` overrides. ``keep`` selects the monthly
    arrays to store (default: all of :data:`MONTHLY`; ``()`` keeps only per-path summaries).
    ``stochastic=False`` sets every draw to its median, which equals
    :func:`crossroads.simulation.reference.deterministic_projection`.
    """
    from crossroads.errors import FieldError, InputError

    if isinstance(options, Option):
        options = [options]
    if isinstance(paths, bool) or not isinstance(paths, (int, np.integer)) or paths < 1:
        raise InputError(FieldError("paths", f"must be a whole number >= 1, got {paths!r}"))
    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    prm = params_for(profile, params)
    setup = compile_setup(profile, list(options), prm, catalog, horizon)
    keep_set = tuple(MONTHLY if keep is None else keep)
    bad = [k for k in keep_set if k not in MONTHLY]
    if bad:
        raise InputError(FieldError("keep", f"unknown monthly arrays {bad}; known: {', '.join(MONTHLY)}"))
    P, M, K = int(paths), setup.months, setup.n_options
    if draws is None:
        draws = make_draws(int(seed), P, M) if stochastic else central_draws(P, M)
    if draws.paths != P or draws.eps.shape[0] != M:
        raise ValueError("draws do not match paths/months")

    out_pp = {n: np.empty((K, P), dtype=dt) for n, dt in (
        ("net_income", np.float32), ("hired_month", np.int16), ("training_done_month", np.int16),
        ("first_income_month", np.int16), ("cover_month", np.int16), ("shortfall_month", np.int16),
        ("dropped_out", np.bool_), ("final_income", np.float32), ("income_mean", np.float32),
        ("income_sd", np.float32))}
    monthly = {n: np.empty((K, M, P), dtype=np.bool_ if n == "employed" else np.float32) for n in keep_set}
    _run(setup, draws, out_pp, monthly, chunk_paths)
    return SimResult(
        options=setup.options, paths=P, months=M, seed=int(seed), stochastic=stochastic,
        params=prm, setup=setup, _monthly=monthly, **out_pp,
    )


# ------------------------------------------------------------------------------------------
# The model, in three layers (each a function of per-path draws only, hence chunk independent):
#   1. the microtask market of every path, (months, paths)            -> _Market
#   2. each career *timing* (target, learning hours, hire rate): its events in closed form
#      (learning end, drop-out, hires and losses as integrated-hazard crossings), expanded
#      to (months, paths) employment / job pay / cash-flow arrays          -> _Career
#   3. each batch of options sharing a timing and a switch rule: (options, months, paths)
#      blocks built from the shared arrays, scaled by the options' hours -> _run_batch
# ------------------------------------------------------------------------------------------


@dataclass
class _Market:
    fill: np.ndarray        # (M, P) share of wanted general-pool hours that find paid tasks
    earn: np.ndarray        # (M, P) general-pool earnings per h/week at the experienced rate (USD)
    fill_pro: np.ndarray    # (M, P) same for Prolific hours
    earn_pro: np.ndarray    # (M, P) Prolific earnings per h/week (USD)


def _market(s: Setup, d: Draws) -> _Market:
    """Per-path microtask market, all months at once (the drought regime is the only recursion)."""
    p = s.params
    f32 = np.float32
    P, M = d.paths, s.months
    plat = s.platforms
    W = WEEKS_PER_MONTH
    paid_default = _paid_fraction_default()
    paid_now = (1 - p["mt_unpaid_search_share"]) * (1 - p["mt_abandoned_share"]) * (1 - p["mt_rejected_share"])
    level = (p["mt_wage_median"] * p["mt_wage_multiplier"] * paid_now / paid_default * W
             * np.exp(p["mt_wage_sigma_between"] * d.z_level.astype(np.float64))).astype(f32)
    sw = p["mt_wage_sigma_within"]
    # drought regime: integrated hazard per month; a new threshold after each switch
    ps, pe = p["mt_drought_start_prob"], p["mt_drought_end_prob"]
    r_start, r_end = -math.log(1 - ps), -math.log(1 - pe)
    drought = np.empty((M, P), bool)
    dr = d.u_regime0 < f32(ps / (ps + pe))
    reg_h = np.zeros(P)
    reg_e = -np.log(d.u_regime_e0.astype(np.float64))
    for i in range(M):
        drought[i] = dr
        reg_h += np.where(dr, r_end, r_start)
        switch = reg_h >= reg_e
        if switch.any():
            dr = dr ^ switch
            reg_h[switch] = 0.0
            reg_e[switch] = -np.log(d.u_regime[i][switch].astype(np.float64))
    drift = (1.0 - p["mt_automation_drift_pct"] / 100.0) ** ((np.arange(M) + 0.5) / 12.0)
    supply = np.multiply(drought, f32(p["mt_drought_supply"] - 1.0), dtype=f32)
    supply += f32(1.0)
    supply *= drift.astype(f32)[:, None]
    fill = _onboarded(supply, d.u_onboard, plat.onboard_days)
    fill_pro = _onboarded(supply, d.u_onboard, plat.prolific_days)
    earn = np.multiply(d.eps, f32(sw))
    earn -= f32(sw * sw / 2)
    np.exp(earn, out=earn)
    earn *= level
    earn *= fill
    earn_pro = fill_pro * f32(p["prolific_hourly"] * (1 - p["mt_unpaid_search_share"]) * W)
    return _Market(fill, earn, fill_pro, earn_pro)


def _onboarded(supply: np.ndarray, u: np.ndarray, days: tuple[float, float]) -> np.ndarray:
    """supply × clip(m − onboarding, 0, 1): only the first months before the first payout differ."""
    onb = onboard_months(u, days)
    out = supply.copy()
    M, P = supply.shape
    n = min(M, int(math.ceil(float(onb.max()))) + 1) if P else 0
    if n:
        m = np.arange(1, n + 1, dtype=np.float64)[:, None]
        out[:n] *= np.clip(m - onb[None, :], 0.0, 1.0).astype(np.float32)
    return out


@dataclass
class _Career:
    """One career timing (target, learning hours, hire rate) on every path."""

    learn_end: np.ndarray        # (P,) last month of study (drop-out month if dropped)
    dropped: np.ndarray          # (P,) bool
    hired_first: np.ndarray      # (P,) int16, -1 = never within the horizon
    emp: np.ndarray              # (M, P) bool: employed during the month
    pay: np.ndarray              # (M, P) job pay per weekly job hour, profile currency, after tax
    cost: np.ndarray             # (M, P) learning cost
    cost_total: np.ndarray       # (P,)
    learning: np.ndarray         # (M, P) bool


def _event_month(start: np.ndarray, threshold: np.ndarray, rate: np.ndarray | float, M: int) -> np.ndarray:
    """Month (int64) in which a hazard accumulating ``rate`` a month from ``start`` reaches ``threshold``.

    Integrated hazard after n months is n·rate, so the event month is start + ceil(threshold / rate)
    (capped at M + 1 = "after the horizon"; a zero rate or an infinite threshold never fires).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.ceil(threshold / rate)
    n = np.where(np.isnan(n), M + 1, np.minimum(n, M + 1))
    return np.minimum(start + np.maximum(n, 1).astype(np.int64), M + 1)


def _career(s: Setup, d: Draws, g: Group, frail: np.ndarray) -> _Career:
    """Learning, drop-out, hires and job losses of one timing group, in closed form per path."""
    p = s.params
    P, M = d.paths, s.months
    W = WEEKS_PER_MONTH
    need = g.need_hours * np.exp(p["learning_hours_sigma"] * d.z_learn.astype(np.float64))
    t_complete = need / (g.learn_hours * W)
    with np.errstate(divide="ignore"):
        t_drop = -np.log(d.u_dropout.astype(np.float64)) / s.drop_rate
    dropped = t_drop < t_complete
    learn_end = np.minimum(np.ceil(np.minimum(t_complete, t_drop)), M + 1).astype(np.int64)
    rate = g.hire_rate_month * frail
    loss = g.loss_rate_month
    cols = np.arange(P)
    # employment spells (hire month h, last employed month l): employed in months h+1 .. l
    hires: list[np.ndarray] = []
    losses: list[np.ndarray] = []
    start = learn_end
    alive = ~dropped & (learn_end < M)
    with np.errstate(divide="ignore"):
        e_hire = -np.log(d.u_hire0.astype(np.float64))
    while alive.any():
        h = np.where(alive, _event_month(start, e_hire, rate, M), M + 1)
        hired = h <= M
        hi = np.minimum(h, M) - 1
        with np.errstate(divide="ignore"):
            e_loss = -np.log(d.u_loss[hi, cols].astype(np.float64))
        lo = np.where(hired, _event_month(h, e_loss, loss, M), M + 1)
        hires.append(h)
        losses.append(lo)
        alive = hired & (lo < M)
        if not alive.any():
            break
        li = np.minimum(lo, M) - 1
        with np.errstate(divide="ignore"):
            e_hire = -np.log(d.u_hire[li, cols].astype(np.float64))
        start = lo
    # employment state by month from +1/-1 marks at hire / last-employed months (a running sum)
    marks = np.zeros((M + 1, P), np.int8)
    for h, lo in zip(hires, losses):
        v = h <= M
        marks[h[v], cols[v]] += 1
        v = lo <= M
        marks[lo[v], cols[v]] -= 1
    emp = np.empty((M, P), bool)
    run = marks[0].copy()
    for i in range(M):
        np.greater(run, 0, out=emp[i])
        run += marks[i + 1]
    first = hires[0] if hires else np.full(P, M + 1)
    hired_first = np.where(first <= M, first, -1).astype(np.int16)
    conv = s.keep_share / s.fx
    pay = np.zeros((M, P), np.float32)
    f_hire = (first <= M).nonzero()[0]
    if f_hire.size:
        lo_p, hi_p = p["entrant_pct_low"], p["entrant_pct_high"]
        fi = first[f_hire] - 1
        z = ndtri(lo_p + d.u_wage[fi, f_hire].astype(np.float64) * (hi_p - lo_p))
        w = np.zeros(P, np.float32)
        w[f_hire] = g.wage.from_z(z) * (W * conv)
        # raises: the wage grows by raise_m after every employed month (kept between jobs)
        step = np.multiply(emp, np.float32((1 + p["annual_raise_pct"] / 100.0) ** (1 / 12) - 1), dtype=np.float32)
        step += np.float32(1)
        for i in range(int(fi.min()), M):
            np.multiply(w, emp[i], out=pay[i])
            w *= step[i]
    months = np.arange(1, M + 1)[:, None]
    learning = months <= learn_end
    c_month = p["learning_cost_per_month"] / s.fx
    cm = np.minimum(c_month, np.maximum(0.0, s.budget - c_month * np.arange(M)))
    cost = learning * cm.astype(np.float32)[:, None]
    cum = np.concatenate([[0.0], np.cumsum(cm)])
    cost_total = cum[np.minimum(learn_end, M)].astype(np.float32)
    return _Career(learn_end, dropped, hired_first, emp, pay, cost, cost_total, learning)


def _run(s: Setup, d: Draws, out: dict[str, np.ndarray], monthly: dict[str, np.ndarray],
         chunk_paths: int | None) -> None:
    """Market once, each career timing once, then every batch of options that share them."""
    P, M = d.paths, s.months
    any_mt = bool((s.h_gen > 0).any() or (s.h_pro > 0).any())
    market = _market(s, d) if any_mt or "hours_microtask" in monthly else None
    frail = frailty_from_uniform(d.u_frailty, s.frailty_k) if s.groups else None
    # timing groups: careers that differ only in job hours share their events
    tkey: dict[tuple[str, float, float], int] = {}
    timing_of_group: list[int] = []
    reps: list[Group] = []
    for g in s.groups:
        key = (g.target, g.learn_hours, g.hire_rate_month)
        if key not in tkey:
            tkey[key] = len(reps)
            reps.append(g)
        timing_of_group.append(tkey[key])
    batches: dict[tuple[int, bool], list[int]] = {}
    for k in range(s.n_options):
        gi = int(s.group_of[k])
        t = timing_of_group[gi] if gi >= 0 else -1
        batches.setdefault((t, bool(s.stop[k]) and t >= 0), []).append(k)
    base = np.float32(s.savings) + np.cumsum(np.full(M, s.other_income - s.expenses)).astype(np.float32)
    for t in sorted({t for t, _ in batches}):
        car = _career(s, d, reps[t], frail) if t >= 0 else None
        for stop in (False, True):
            rows = batches.get((t, stop))
            if rows:
                _run_batch(s, market, car, reps[t] if t >= 0 else None, stop, np.array(rows), base,
                           out, monthly, chunk_paths)
        del car


def _run_batch(s: Setup, mk: _Market | None, car: _Career | None, g: Group | None, stop: bool,
               rows: np.ndarray, base: np.ndarray, out: dict[str, np.ndarray],
               monthly: dict[str, np.ndarray], chunk_paths: int | None) -> None:
    """Options ``rows`` share the market view (microtasks on/off) and a career: whole blocks at once.

    A block is (months, options, paths); elementwise steps run on the whole block, the four
    recursions over months (payout threshold, cumulative income, best month, cash floor) as
    row operations.
    """
    p = s.params
    f32 = np.float32
    M = s.months
    P = out["net_income"].shape[1]
    Kb = rows.size
    conv = s.keep_share / s.fx
    h_gen = s.h_gen[rows].astype(f32)
    h_pro = s.h_pro[rows].astype(f32)
    do_gen = bool((h_gen > 0).any()) and mk is not None
    do_pro = bool((h_pro > 0).any()) and mk is not None
    # ---- shared (M, P) arrays of this batch
    on = ~car.emp if (car is not None and stop and (do_gen or do_pro)) else None
    novice = p["mt_novice_factor"]
    if do_gen:
        x = mk.earn if on is None else mk.earn * on
        a_n = x * f32(novice * conv)          # income per h/week at the novice rate
        a_d = x * f32((1 - novice) * conv)    # extra income per h/week once fully experienced
        del x
        hours = mk.fill * f32(WEEKS_PER_MONTH / p["mt_unlock_hours"])
        if on is not None:
            hours *= on
        cfu = np.empty((M, P), f32)           # experience before the month, per h/week / unlock hours
        cfu[0] = 0
        for i in range(1, M):
            np.add(cfu[i - 1], hours[i - 1], out=cfu[i])
        del hours
    if do_pro:
        y = mk.earn_pro * f32(conv)
        if on is not None:
            y *= on
    cash0 = np.empty((M, P), f32)  # cash at the end of each month without earned income
    if car is None:
        cash0[:] = base[:, None]
    else:
        cost_cum = car.cost[0].copy()
        for i in range(M):
            if i:
                cost_cum += car.cost[i]
            np.subtract(base[i], cost_cum, out=cash0[i])
    thr = f32(s.platforms.threshold_usd * conv)
    need_cover = f32(s.expenses - s.other_income)
    floor = f32(s.floor)
    hg = h_gen[None, :, None]
    hp = h_pro[None, :, None]
    jh = (np.array([s.groups[int(s.group_of[k])].job_hours for k in rows], f32)[None, :, None]
          if car is not None else None)
    kept = set(monthly)
    step = chunk_paths or max(64, CHUNK_ELEMENTS // Kb)
    n_final = min(3, M)
    for a in range(0, P, step):
        b = min(P, a + step)
        c = slice(a, b)
        n = b - a
        # ---- microtask income (M, Kb, n): h·(novice part + experienced part·min(1, h·experience))
        if do_gen:
            inc = np.multiply(hg, cfu[:, None, c])
            np.minimum(inc, f32(1), out=inc)
            inc *= a_d[:, None, c]
            inc += a_n[:, None, c]
            inc *= hg
            if do_pro:
                inc += hp * y[:, None, c]
        elif do_pro:
            inc = hp * y[:, None, c]
        else:
            inc = np.zeros((M, Kb, n), f32)
        if (do_gen or do_pro) and thr > 0:  # nothing is paid before the payout threshold is reached
            cum = np.empty_like(inc)
            cum[0] = inc[0]
            for i in range(1, M):
                np.add(cum[i - 1], inc[i], out=cum[i])
            cum *= cum >= thr
            np.subtract(cum[1:], cum[:-1], out=inc[1:])
            inc[0] = cum[0]
            del cum
        mt = inc.copy() if "microtask_income" in kept else None
        job = None
        if car is not None:
            job = jh * car.pay[:, None, c]
            inc += job
        # ---- per-path summaries; month recursions as row operations
        s1 = np.empty_like(inc)
        best = np.empty_like(inc)
        s1[0] = inc[0]
        best[0] = inc[0]
        for i in range(1, M):
            np.add(s1[i - 1], inc[i], out=s1[i])
            np.maximum(best[i - 1], inc[i], out=best[i])
        total = s1[-1].copy()
        first = _count(s1 <= 0)          # income >= 0, so "no income yet" = cumulative income 0
        cover = _count(best < need_cover)
        del best
        sq = np.einsum("mkp,mkp->kp", inc, inc)
        final = inc[M - n_final:].sum(axis=0)
        s1 += cash0[:, None, c]          # now the cash at the end of each month
        ok = s1 >= floor
        for i in range(1, M):
            np.logical_and(ok[i - 1], ok[i], out=ok[i])
        short = _count(ok)
        del ok
        cols = (rows[:, None], np.arange(a, b)[None, :])
        cost_tot = car.cost_total[c] if car is not None else f32(0)
        out["net_income"][cols] = total - cost_tot
        out["first_income_month"][cols] = _month(first, M)
        out["cover_month"][cols] = _month(cover, M)
        out["shortfall_month"][cols] = _month(short, M)
        out["final_income"][cols] = final / f32(n_final)
        mean = total / f32(M)
        out["income_mean"][cols] = mean
        out["income_sd"][cols] = np.sqrt(np.maximum(sq / f32(M) - mean * mean, 0))
        if car is not None:
            out["hired_month"][cols] = car.hired_first[c]
            td = np.where(car.dropped[c] | (car.learn_end[c] > M), -1, car.learn_end[c]).astype(np.int16)
            out["training_done_month"][cols] = td
            out["dropped_out"][cols] = car.dropped[c] & (car.learn_end[c] <= M)
        else:
            out["hired_month"][cols] = -1
            out["training_done_month"][cols] = -1
            out["dropped_out"][cols] = False
        if kept:
            _keep(monthly, rows, c, inc, s1, mt, job, mk, car, g, on, hg, hp, jh)


def _keep(monthly: dict[str, np.ndarray], rows: np.ndarray, c: slice, inc: np.ndarray, cash: np.ndarray,
          mt: np.ndarray | None, job: np.ndarray | None, mk: _Market | None, car: _Career | None,
          g: Group | None, on: np.ndarray | None, hg: np.ndarray, hp: np.ndarray, jh: np.ndarray | None) -> None:
    """Store the kept monthly arrays of a block ((M, Kb, n) -> the (K, M, P) layout)."""
    f32 = np.float32
    sl = (rows, slice(None), c)

    def put(name: str, block: np.ndarray | float | bool) -> None:
        if name in monthly:
            monthly[name][sl] = np.swapaxes(block, 0, 1) if isinstance(block, np.ndarray) else block

    put("income", inc)
    put("cash", cash)
    if mt is not None:
        put("microtask_income", mt)
    put("job_income", job if job is not None else 0.0)
    put("learning_cost", car.cost[:, None, c] if car is not None else 0.0)
    if "hours_microtask" in monthly:
        if mk is None:
            put("hours_microtask", 0.0)
        else:
            hm = hg * mk.fill[:, None, c] + hp * mk.fill_pro[:, None, c]
            if on is not None:
                hm *= on[:, None, c]
            put("hours_microtask", hm)
    lh = f32(g.learn_hours) if g is not None else f32(0)
    if car is None:
        for name in ("hours_learning", "hours_search", "hours_job"):
            put(name, 0.0)
        put("employed", False)
        return
    put("hours_learning", car.learning[:, None, c] * lh)
    if "hours_search" in monthly:
        searching = ~car.learning[:, c] & ~car.emp[:, c] & ~car.dropped[None, c]
        put("hours_search", searching[:, None, :] * lh)
    if "hours_job" in monthly:
        put("hours_job", car.emp[:, None, c] * jh)
    if "employed" in monthly:
        put("employed", np.broadcast_to(car.emp[:, None, c], (car.emp.shape[0], rows.size, c.stop - c.start)))


def _count(mask: np.ndarray) -> np.ndarray:
    """Number of True months per (option, path) of an (M, K, n) mask (uint8 sums: M <= 120)."""
    return mask.view(np.uint8).sum(axis=0, dtype=np.uint8)


def _month(count: np.ndarray, M: int) -> np.ndarray:
    """Months before an event (a count of 'not yet' months) -> 1-based event month, -1 = never."""
    m = count.astype(np.int16) + 1
    m[m > M] = -1
    return m


def _paid_fraction_default() -> float:
    from crossroads.params import PARAMS

    return ((1 - PARAMS["mt_unpaid_search_share"].default) * (1 - PARAMS["mt_abandoned_share"].default)
            * (1 - PARAMS["mt_rejected_share"].default))
