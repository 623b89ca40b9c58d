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
CHUNK_ELEMENTS = 1 << 17  # options × paths per chunk: keeps the working set in cache


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
    step = chunk_paths or max(256, min(P, CHUNK_ELEMENTS // max(K, 1)))
    for start in range(0, P, step):
        stop = min(P, start + step)
        _run_chunk(setup, draws.take(start, stop), out_pp, monthly, start, stop)
    return SimResult(
        options=setup.options, paths=P, months=M, seed=int(seed), stochastic=stochastic,
        params=prm, setup=setup, _monthly=monthly, **out_pp,
    )


def _run_chunk(s: Setup, d: Draws, out: dict[str, np.ndarray], monthly: dict[str, np.ndarray],
               a: int, b: int) -> None:
    """The month loop for paths [a, b) of every option (see module doc for the model)."""
    p = s.params
    f32 = np.float32
    P, M, K, G = b - a, s.months, s.n_options, len(s.groups)
    W = f32(WEEKS_PER_MONTH)
    plat = s.platforms

    # ---------------- microtask market, per path (option independent) ----------------
    paid_default = _paid_fraction_default()
    paid_now = (1 - p["mt_unpaid_search_share"]) * (1 - p["mt_abandoned_share"]) * (1 - p["mt_rejected_share"])
    level = (p["mt_wage_median"] * p["mt_wage_multiplier"] * paid_now / paid_default
             * np.exp(p["mt_wage_sigma_between"] * d.z_level.astype(np.float64))).astype(f32)
    sw = p["mt_wage_sigma_within"]
    onb_gen = onboard_months(d.u_onboard, plat.onboard_days).astype(f32)
    onb_pro = onboard_months(d.u_onboard, plat.prolific_days).astype(f32)
    ps, pe = p["mt_drought_start_prob"], p["mt_drought_end_prob"]
    r_start, r_end = f32(-math.log(1 - ps)), f32(-math.log(1 - pe))
    pi = ps / (ps + pe)
    drought = d.u_regime0 < f32(pi)
    reg_h = np.zeros(P, f32)
    reg_e = -np.log(d.u_regime_e0)
    dsup = f32(p["mt_drought_supply"])
    drift = 1.0 - p["mt_automation_drift_pct"] / 100.0
    pro_rate = f32(p["prolific_hourly"] * (1 - p["mt_unpaid_search_share"]) * WEEKS_PER_MONTH)
    novice = f32(p["mt_novice_factor"])
    inv_unlock = f32(1.0 / p["mt_unlock_hours"])
    thr = f32(plat.threshold_usd)
    conv = f32(s.keep_share / s.fx)
    any_mt = bool((s.h_gen > 0).any() or (s.h_pro > 0).any())

    h_gen = s.h_gen.astype(f32)[:, None]
    h_pro = s.h_pro.astype(f32)[:, None]
    stop_rows = s.stop[:, None]
    gidx = np.where(s.group_of < 0, G, s.group_of)

    # ---------------- career groups (G, P) ----------------
    if G:
        learn_h = np.array([g.learn_hours for g in s.groups], dtype=np.float64)[:, None]
        need = np.array([g.need_hours for g in s.groups])[:, None] * np.exp(
            p["learning_hours_sigma"] * d.z_learn.astype(np.float64))[None, :]
        t_complete = need / (learn_h * WEEKS_PER_MONTH)
        t_drop = (-np.log(d.u_dropout.astype(np.float64)) / s.drop_rate)[None, :]
        dropped = t_drop < t_complete
        learn_end = np.ceil(np.minimum(t_complete, t_drop)).astype(np.int16)
        training_done = np.where(dropped, -1, learn_end).astype(np.int16)
        frail = frailty_from_uniform(d.u_frailty, s.frailty_k)
        hire_rate = (np.array([g.hire_rate_month for g in s.groups])[:, None] * frail[None, :]).astype(f32)
        loss_rate = np.array([g.loss_rate_month for g in s.groups], dtype=f32)[:, None]
        job_h = np.array([g.job_hours for g in s.groups], dtype=f32)[:, None]
        lh32 = learn_h.astype(f32)
        can_search = ~dropped
        emp = np.zeros((G, P), bool)
        h_h = np.zeros((G, P), f32)
        e_h = np.broadcast_to(-np.log(d.u_hire0), (G, P)).copy()
        h_l = np.zeros((G, P), f32)
        e_l = np.full((G, P), np.inf, f32)
        wage = np.zeros((G, P), f32)
        hired_first = np.full((G, P), -1, np.int16)
        raise_m = f32((1 + p["annual_raise_pct"] / 100.0) ** (1 / 12))
        lo, hi = p["entrant_pct_low"], p["entrant_pct_high"]
        c_month = p["learning_cost_per_month"] / s.fx
        # extended (G+1, P) buffers: last row = "no career"
        emp_ext = np.zeros((G + 1, P), bool)
        job_ext = np.zeros((G + 1, P), f32)
        cost_ext = np.zeros((G + 1, P), f32)
        hl_ext = np.zeros((G + 1, P), f32)
        hs_ext = np.zeros((G + 1, P), f32)
        hj_ext = np.zeros((G + 1, P), f32)

    # ---------------- option state (K, P) ----------------
    cash = np.full((K, P), s.savings, f32)
    cum_hours = np.zeros((K, P), f32)
    cum_earn = np.zeros((K, P), f32)
    paid_prev = np.zeros((K, P), f32)
    net = np.zeros((K, P), f32)
    first = np.full((K, P), -1, np.int16)
    cover = np.full((K, P), -1, np.int16)
    short = np.full((K, P), -1, np.int16)
    final = np.zeros((K, P), f32)
    s1 = np.zeros((K, P), f32)
    s2 = np.zeros((K, P), f32)
    n_final = min(3, M)
    flow = f32(s.other_income - s.expenses)
    need_cover = f32(s.expenses - s.other_income)
    floor = f32(s.floor)
    zeros_kp = np.zeros((K, P), f32)
    keep_income = "income" in monthly
    want_hours = any(h in monthly for h in ("hours_learning", "hours_search", "hours_job", "employed"))
    identity = bool(G == K and (s.group_of == np.arange(K)).all())
    need_on = bool((s.stop & ((s.h_gen > 0) | (s.h_pro > 0))).any())

    for i in range(M):
        m = i + 1
        # ---- market this month (P,)
        supply = np.where(drought, dsup, f32(1.0)) * f32(drift ** ((m - 0.5) / 12.0))
        fill_gen = supply * np.clip(f32(m) - onb_gen, 0, 1)
        rate = level * np.exp(f32(sw) * d.eps[i] - f32(sw * sw / 2)) * W
        pro_m = supply * np.clip(f32(m) - onb_pro, 0, 1) * pro_rate
        # regime transition at the end of the month
        reg_h += np.where(drought, r_end, r_start)
        switch = reg_h >= reg_e
        if switch.any():
            drought = drought ^ switch
            reg_h[switch] = 0
            reg_e[switch] = -np.log(d.u_regime[i][switch])

        # ---- careers (G, P)
        if G:
            learning = learn_end >= m
            searching = can_search & ~learning & ~emp
            job_inc = np.where(emp, wage * job_h * W, f32(0))
            cost_m = f32(min(c_month, max(0.0, s.budget - c_month * i)))
            cost_g = learning * cost_m
            if want_hours:
                hl_ext[:G] = learning * lh32
                hs_ext[:G] = searching * lh32
                hj_ext[:G] = emp * job_h
            h_h += searching * hire_rate
            hired = searching & (h_h >= e_h)
            h_l += emp * loss_rate
            lost = emp & (h_l >= e_l)
            wage *= np.where(emp, raise_m, f32(1))
            if hired.any():
                gi, pi_ = np.nonzero(hired)
                new = wage[gi, pi_] == 0
                if new.any():
                    z = ndtri(lo + d.u_wage[i, pi_[new]].astype(np.float64) * (hi - lo))
                    for g in np.unique(gi[new]):
                        sel = gi[new] == g
                        wage[g, pi_[new][sel]] = s.groups[g].wage.from_z(z[sel])
                e_l[gi, pi_] = -np.log(d.u_loss[i, pi_])
                h_l[gi, pi_] = 0
                first_hire = hired_first[gi, pi_] < 0
                hired_first[gi[first_hire], pi_[first_hire]] = m
            if lost.any():
                gi, pi_ = np.nonzero(lost)
                h_h[gi, pi_] = 0
                e_h[gi, pi_] = -np.log(d.u_hire[i, pi_])
            emp_now = emp
            emp = (emp | hired) & ~lost
            if identity:  # one option per career trajectory, in order: no gathers needed
                emp_k, job_k, cost_k = emp_now, job_inc, cost_g
            else:
                emp_ext[:G] = emp_now
                job_ext[:G] = job_inc
                cost_ext[:G] = cost_g
                emp_k, job_k, cost_k = emp_ext[gidx], job_ext[gidx], cost_ext[gidx]
            on = ~(emp_k & stop_rows) if need_on else None
        else:
            on = None
            job_k = zeros_kp
            cost_k = zeros_kp

        # ---- microtask income (K, P)
        if any_mt:
            hg = h_gen if on is None else h_gen * on
            filled = hg * fill_gen
            curve = np.minimum(cum_hours * inv_unlock, f32(1))
            curve *= f32(1) - novice
            curve += novice
            earned = filled * rate
            earned *= curve
            filled *= W
            cum_hours += filled
            hp = h_pro if on is None else h_pro * on
            earned += hp * pro_m
            if thr > 0:
                cum_earn += earned
                paid_tot = np.where(cum_earn >= thr, cum_earn, f32(0))
                mt = paid_tot - paid_prev
                paid_prev = paid_tot
            else:
                mt = earned
            mt *= conv
        else:
            mt = zeros_kp
            hg = hp = None
        income = mt + job_k * conv if G else mt.copy()
        cash += income
        cash += flow
        if G:
            cash -= cost_k
        # ---- in-pass metrics
        net += income
        if G:
            net -= cost_k
        pos = income > 0
        np.copyto(first, np.int16(m), where=(first < 0) & pos)
        np.copyto(cover, np.int16(m), where=(cover < 0) & (income >= need_cover))
        np.copyto(short, np.int16(m), where=(short < 0) & (cash < floor))
        s1 += income
        s2 += income * income
        if i >= M - n_final:
            final += income
        # ---- monthly arrays
        if monthly:
            sl = (slice(None), i, slice(a, b))
            if keep_income:
                monthly["income"][sl] = income
            if "microtask_income" in monthly:
                monthly["microtask_income"][sl] = mt
            if "job_income" in monthly:
                monthly["job_income"][sl] = job_k * conv if G else 0
            if "cash" in monthly:
                monthly["cash"][sl] = cash
            if "learning_cost" in monthly:
                monthly["learning_cost"][sl] = cost_k
            if "hours_microtask" in monthly:
                if any_mt:
                    monthly["hours_microtask"][sl] = (hg * fill_gen + hp * supply * np.clip(f32(m) - onb_pro, 0, 1))
                else:
                    monthly["hours_microtask"][sl] = 0
            if "hours_learning" in monthly:
                monthly["hours_learning"][sl] = hl_ext[gidx] if G else 0
            if "hours_search" in monthly:
                monthly["hours_search"][sl] = hs_ext[gidx] if G else 0
            if "hours_job" in monthly:
                monthly["hours_job"][sl] = hj_ext[gidx] if G else 0
            if "employed" in monthly:
                monthly["employed"][sl] = emp_k if G else False

    cols = slice(a, b)
    out["net_income"][:, cols] = net
    out["first_income_month"][:, cols] = first
    out["cover_month"][:, cols] = cover
    out["shortfall_month"][:, cols] = short
    out["final_income"][:, cols] = final / f32(n_final)
    mean = s1 / f32(M)
    out["income_mean"][:, cols] = mean
    out["income_sd"][:, cols] = np.sqrt(np.maximum(s2 / f32(M) - mean * mean, 0))
    if G:
        ext_h = np.vstack([hired_first, np.full((1, P), -1, np.int16)])
        ext_t = np.vstack([training_done, np.full((1, P), -1, np.int16)])
        ext_d = np.vstack([dropped & (learn_end <= M), np.zeros((1, P), bool)])
        out["hired_month"][:, cols] = ext_h[gidx]
        out["training_done_month"][:, cols] = ext_t[gidx]
        out["dropped_out"][:, cols] = ext_d[gidx]
        # training finishing after the horizon is "never within the horizon"
        t = out["training_done_month"][:, cols]
        t[t > M] = -1
    else:
        out["hired_month"][:, cols] = -1
        out["training_done_month"][:, cols] = -1
        out["dropped_out"][:, cols] = False


def _paid_fraction_default() -> float:
    from crossroads.params import PARAMS

    return ((1 - PARAMS["mt_unpaid_search_share"].default) * (1 - PARAMS["mt_abandoned_share"].default)
            * (1 - PARAMS["mt_rejected_share"].default))
