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
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.special import ndtri

from crossroads.options import Option
from crossroads.params import WEEKS_PER_MONTH, Parameters, params_for

from .career import WageQuantile, frailty_from_uniform, search_fit
from .cash import ledger_block
from .draws import Draws, central_draws, make_draws
from .setup import Group, Setup, compile_setup, fit_factor, onboard_months

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.profile import Profile

MONTHLY = (
    "income",
    "microtask_income",
    "job_income",
    "cash",
    "learning_cost",
    "hours_microtask",
    "hours_learning",
    "hours_search",
    "hours_job",
    "employed",
    "balance",
)


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
    promoted_month: np.ndarray  # month of the promotion to the next rung (1-based), -1 = never
    training_done_month: np.ndarray
    first_income_month: np.ndarray
    cover_month: np.ndarray
    shortfall_month: np.ndarray
    dropped_out: np.ndarray
    final_income: np.ndarray
    income_mean: np.ndarray
    income_sd: np.ndarray
    # the cash ledger (crossroads.simulation.cash): per path (options, paths)
    fallback_month: np.ndarray  # 1-based month the fallback began, -1 = never
    limit_month: (
        np.ndarray
    )  # first month the limit could not pay everything (unpaid bills), -1 = never
    shortfall_depth: np.ndarray  # largest deficit below the floor (unpaid bills counted), >= 0
    months_below: np.ndarray  # months with the balance below the floor
    interest: np.ndarray  # interest paid on negative cash over the horizon
    tax_paid: np.ndarray  # tax on earned income over the horizon
    gross_income: np.ndarray  # earned income before tax over the horizon
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
    #: the ledger balance: cash, or below the hard limit the limit minus the unpaid bills
    balance = property(lambda self: self._view("balance"))

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
    profile: Profile,
    options: Sequence[Option] | Option,
    *,
    paths: int = 10_000,
    seed: int = 0,
    horizon: int | None = None,
    params: Parameters | dict[str, float] | None = None,
    catalog: Catalog | None = None,
    stochastic: bool = True,
    keep: Iterable[str] | None = None,
    chunk_paths: int | None = None,
    draws: Draws | None = None,
    setup_cache: dict[Any, Any] | None = None,
) -> SimResult:
    """Simulate every option on the same ``paths`` random futures (common random numbers).

    ``params`` defaults to the profile's own ``assumptions`` overrides. ``keep`` selects the monthly
    arrays to store (default: all of :data:`MONTHLY`; ``()`` keeps only per-path summaries).
    ``stochastic=False`` sets every draw to its median, which equals
    :func:`crossroads.simulation.reference.deterministic_projection`. ``setup_cache`` (one dict
    per person, profile and parameters) lets repeated calls reuse the compiled career groups.
    """
    from crossroads.errors import FieldError, InputError

    if isinstance(options, Option):
        options = [options]
    if isinstance(paths, bool) or not isinstance(paths, (int, np.integer)) or paths < 1:
        raise InputError(FieldError("paths", f"must be a whole number >= 1, got {paths!r}"))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        # the same rule as RunConfig.seed, so every face (and a direct call) gets a message
        raise InputError(FieldError("seed", f"must be a whole number >= 0, got {seed!r}"))
    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    prm = params_for(profile, params)
    setup = compile_setup(profile, list(options), prm, catalog, horizon, setup_cache)
    keep_set = tuple(MONTHLY if keep is None else keep)
    bad = [k for k in keep_set if k not in MONTHLY]
    if bad:
        raise InputError(
            FieldError("keep", f"unknown monthly arrays {bad}; known: {', '.join(MONTHLY)}")
        )
    P, M, K = int(paths), setup.months, setup.n_options
    # Refuse before allocating: a run that cannot fit would die half-way (issue 13).
    from crossroads.resources import check_run_memory

    check_run_memory(P, M, K)
    if draws is None:
        draws = make_draws(int(seed), P, M) if stochastic else central_draws(P, M)
    if draws.paths != P or draws.eps.shape[0] != M:
        raise ValueError("draws do not match paths/months")

    out_pp = {
        n: np.empty((K, P), dtype=dt)
        for n, dt in (
            ("net_income", np.float32),
            ("hired_month", np.int16),
            ("promoted_month", np.int16),
            ("training_done_month", np.int16),
            ("first_income_month", np.int16),
            ("cover_month", np.int16),
            ("shortfall_month", np.int16),
            ("dropped_out", np.bool_),
            ("final_income", np.float32),
            ("income_mean", np.float32),
            ("income_sd", np.float32),
            ("fallback_month", np.int16),
            ("limit_month", np.int16),
            ("shortfall_depth", np.float32),
            ("months_below", np.int16),
            ("interest", np.float32),
            ("tax_paid", np.float32),
            ("gross_income", np.float32),
        )
    }
    monthly: dict[str, np.ndarray] = {
        n: np.empty((K, M, P), dtype=np.bool_ if n == "employed" else np.float32) for n in keep_set
    }
    _run(setup, draws, out_pp, monthly, chunk_paths)
    return SimResult(
        options=setup.options,
        paths=P,
        months=M,
        seed=int(seed),
        stochastic=stochastic,
        params=prm,
        setup=setup,
        _monthly=monthly,
        **out_pp,
    )


# ------------------------------------------------------------------------------------------
# The model, in three layers, run chunk by chunk of paths (each a function of per-path draws
# only, hence chunk independent):
#   1. the microtask market of every path, (months, paths)                     -> _Market
#   2. each career *timing* (target, learning hours, hire rate): its events in closed form
#      (learning end, drop-out, hires and job losses as integrated-hazard crossings), expanded
#      to (months, paths) employment / job pay / learning cost                  -> _Career
#   3. the options of a switch rule (keep microtasks when hired / stop them; the options without
#      a career ride with the first, as a career never taken up), of whatever timing: one
#      (months, options, paths) block each, every option bringing its own career rows, scaled
#      by the options' hours                                                     -> _run_batch
# Scratch arrays come from a per-thread workspace reused between chunks and calls: fresh
# multi-megabyte arrays cost more in page faults than the arithmetic done on them.
# ------------------------------------------------------------------------------------------

PIPE_ELEMENTS = 1 << 19  # months × paths of one pipeline chunk (2 MB per float32 array)
BLOCK_ELEMENTS = 1 << 18  # months × options × paths of one batch block (one option: the chunk)
_local = threading.local()


class _Workspace:
    """Named scratch buffers, grown on demand and reused (never returned to callers)."""

    def __init__(self) -> None:
        self.buf: dict[tuple[str, str], np.ndarray] = {}

    def __call__(self, name: str, shape: tuple[int, ...], dtype: Any = np.float32) -> np.ndarray:
        dt = np.dtype(dtype)
        size = math.prod(shape)  # Python ints: np.prod of a tuple costs ~3 µs, a call per block
        key = (name, dt.str)
        b = self.buf.get(key)
        if b is None or b.size < size:
            b = np.empty(size, dt)
            self.buf[key] = b
        return b[:size].reshape(shape)

    @property
    def nbytes(self) -> int:
        return sum(b.nbytes for b in self.buf.values())


def _workspace() -> _Workspace:
    ws = getattr(_local, "ws", None)
    if ws is None or ws.nbytes > WORKSPACE_MAX_BYTES:
        ws = _local.ws = _Workspace()
    return ws


WORKSPACE_MAX_BYTES = 96 << 20


def clear_workspace() -> None:
    """Drop this thread's scratch buffers (e.g. before measuring a run's peak memory)."""
    _local.ws = None


@dataclass
class _Market:
    """Microtask market of a chunk. Fill (share of wanted hours that find paid tasks) = supply ×
    an onboarding factor that differs from 1 only in the first rows (``onb``, ``onb_pro``)."""

    supply: np.ndarray  # (M, n) task supply (drought regime × automation drift)
    onb: np.ndarray  # (k, n) general pool: share of month m after the first payout, k first months
    onb_pro: np.ndarray  # (k', n) same for Prolific
    earn: (
        np.ndarray
    )  # (M, n) general-pool earnings per h/week at the experienced rate (USD), onboarding
    # rows included, at full supply (× supply in the option block)
    pro_rate: float  # Prolific earnings per h/week at full fill (USD)
    # gated rating work (crossroads.world.rating): (M, n) 1.0 in the months an accepted rater has
    # a project, the months (fractional) until the application is decided, USD per h/week a month
    rat_on: np.ndarray | None = None
    rat_wait: np.ndarray | None = None
    rat_pay: float = 0.0

    _fills: dict[bool, np.ndarray] = field(default_factory=dict, repr=False)

    def fill(self, pro: bool = False) -> np.ndarray:
        """(M, n) fill of the general pool (or Prolific): supply with the onboarding rows applied.

        Computed once per market (chunk): every block of every batch stores the hours from it."""
        f = self._fills.get(pro)
        if f is None:
            f = self.supply.copy()
            o = self.onb_pro if pro else self.onb
            f[: o.shape[0]] *= o
            self._fills[pro] = f
        return f


def _market(s: Setup, d: Draws, ws: _Workspace) -> _Market:
    """Per-path microtask market, all months at once (the drought regime is the only recursion)."""
    p = s.params
    f32 = np.float32
    n, M = d.paths, s.months
    plat = s.platforms
    W = WEEKS_PER_MONTH
    paid_default = _paid_fraction_default()
    paid_now = (
        (1 - p["mt_unpaid_search_share"])
        * (1 - p["mt_abandoned_share"])
        * (1 - p["mt_rejected_share"])
    )
    sw = p["mt_wage_sigma_within"]
    # level · exp(−σ_w²/2): the mean-one correction of the within-worker noise folded in
    # (float32 exp: a per-path wage level, to float32 rounding like everything downstream)
    level = np.exp(np.multiply(d.z_level, f32(p["mt_wage_sigma_between"])))
    # s.mt_level_usd: mt_wage_median × mt_wage_multiplier × the country's multiplier, blended with
    # the person's own current_work earnings (simulation.setup._microtask_pay)
    level *= f32(s.mt_level_usd * paid_now / paid_default * W * math.exp(-sw * sw / 2))
    # drought regime: a two-state Markov chain, switching at the end of month m iff
    # u_regime[m] < (pe in a drought, ps otherwise). With a = (u < ps) and e = a XOR (u >= pe)
    # for the whole block (three ops), the next state is a XOR (drought AND e): two bool ops a month.
    ps, pe = p["mt_drought_start_prob"], p["mt_drought_end_prob"]
    drought = ws("drought", (M, n), bool)
    np.less(d.u_regime0, _f32_at_least(ps / (ps + pe)), out=drought[0])
    if M > 1:
        u_reg = d.u_regime[: M - 1]
        a = np.less(u_reg, _f32_at_least(ps), out=ws("reg_a", u_reg.shape, bool))
        e = np.greater_equal(u_reg, _f32_at_least(pe), out=ws("reg_e", u_reg.shape, bool))
        np.logical_xor(e, a, out=e)
        for i in range(M - 1):
            np.logical_and(drought[i], e[i], out=drought[i + 1])
            np.logical_xor(drought[i + 1], a[i], out=drought[i + 1])
    drift = (1.0 - p["mt_automation_drift_pct"] / 100.0) ** ((np.arange(M) + 0.5) / 12.0)
    supply = ws("supply", (M, n))
    np.copyto(
        supply, drought
    )  # 0/1, then drift·(supply − 1)·drought + drift (exact as bool × float)
    supply *= (drift * (p["mt_drought_supply"] - 1.0)).astype(f32)[:, None]
    supply += drift.astype(f32)[:, None]
    onb = _onboarding(d.u_onboard, plat.onboard_days, M)
    onb_pro = _onboarding(d.u_onboard, plat.prolific_days, M)
    earn = ws("earn", (M, n))
    np.multiply(d.eps, f32(sw), out=earn)
    np.exp(earn, out=earn)
    earn *= level
    earn[: onb.shape[0]] *= onb  # the supply (and 'on') multiply the option block (_run_batch)
    pro_rate = s.pro_hourly_usd * W  # Prolific's realised rate, its own unpaid share (setup)
    rat_on = rat_wait = None
    if s.h_rat.size and bool((s.h_rat > 0).any()):
        rat_on, rat_wait = _rating_months(s, d)
    return _Market(supply, onb, onb_pro, earn, pro_rate, rat_on, rat_wait, s.rating_hourly_usd * W)


def _rating_months(s: Setup, d: Draws) -> tuple[np.ndarray, np.ndarray]:
    """(M, n) float32 1/0: an accepted rater has a project in the month; (n,) months to the decision.

    Accepted iff ``u_rating < rating_admit_share`` (everyone already on it is); a rater starts on a
    project, which ends at the end of month m iff ``u_project[m] < stop``; without one, a new one
    starts iff ``u_project[m] < start`` — the drought regime's two-state chain, on its own draws.
    """
    p = s.params
    M, n = s.months, d.paths
    plat = s.platforms
    if plat.rating_current:
        admitted = np.ones(n, bool)
        wait = np.zeros(n)
    else:
        admitted = np.less(d.u_rating, _f32_at_least(p["rating_admit_share"]))
        wait = onboard_months(d.u_onboard, plat.rating_days)
    stop = _f32_at_least(p["rating_project_stop_prob"])
    start = _f32_at_least(p["rating_project_start_prob"])
    on = np.empty((M, n), np.float32)
    st = admitted.copy()
    for i in range(M):
        on[i] = st
        u = d.u_project[i]
        st = np.where(st, u >= stop, u < start) & admitted
    return on, wait


def _f32_at_least(x: float) -> np.float32:
    """The smallest float32 >= x: for float32 u, ``u < _f32_at_least(x)`` iff ``u < x`` exactly
    (as the reference loop compares, in float64)."""
    t = np.float32(x)
    return t if float(t) >= x else np.nextafter(t, np.float32(np.inf))


def _onboarding(u: np.ndarray, days: tuple[float, float], M: int) -> np.ndarray:
    """clip(m − onboarding, 0, 1) for the first k months (k: until every path is onboarded).

    Row j (month j + 1) of a path is 0 before the row q = floor(onboarding), 1 after it, and
    q + 1 − onboarding in it: one comparison against a row index and one scatter (the same
    float64 value rounded to float32 as a clip would give), instead of clips on a (k, n) block.
    """
    onb = onboard_months(u, days)
    n = onb.shape[0]
    k = min(M, int(math.ceil(float(onb.max()))) + 1) if n else 0
    q = np.floor(onb)
    x = np.empty((k, n), np.float32)
    np.greater(np.arange(k, dtype=np.float64)[:, None], q, out=x, casting="unsafe")
    inside = q < k  # q < k always unless k was capped at M
    frac = (q + 1 - onb).astype(np.float32)
    qi = q.astype(np.intp)
    if inside.all():
        x.reshape(-1)[qi * n + np.arange(n)] = frac
    else:
        cols = inside.nonzero()[0]
        x.reshape(-1)[qi[cols] * n + cols] = frac[cols]
    return x


@dataclass
class _Career:
    """One career timing (target, learning hours, hire rate) on the paths of a chunk."""

    learn_end: np.ndarray  # (n,) last month of study (drop-out month if dropped)
    dropped: np.ndarray  # (n,) bool
    hired_first: np.ndarray  # (n,) int16, -1 = never within the horizon
    pay: np.ndarray  # (M, n) job pay at ``pay_hours`` weekly job hours, profile currency, after tax (> 0 iff employed)
    cost_month: np.ndarray  # (M,) learning cost of a month of study (budget-capped)
    pay_hours: float = (
        1.0  # weekly job hours already in ``pay`` (the timing's representative group's)
    )
    promoted_first: np.ndarray | None = None  # (n,) int16 month of the promotion, -1 = never

    @cached_property
    def emp(self) -> np.ndarray:
        """(M, n) bool: employed during the month (only the kept monthly arrays need it)."""
        return self.pay > 0

    def learning(self, c: slice) -> np.ndarray:
        """(M, n) bool: studying during the month (paths ``c``)."""
        M = self.pay.shape[0]
        return np.arange(1, M + 1)[:, None] <= self.learn_end[None, c]


def _event_month(
    start: np.ndarray, threshold: np.ndarray, rate: np.ndarray | float, M: int
) -> np.ndarray:
    """Month in which a hazard accumulating ``rate`` a month from ``start`` reaches ``threshold``.

    The integrated hazard after n months is n·rate, so the event month is start + ceil(threshold /
    rate), at least start + 1 (capped at M + 1 = "after the horizon"; a zero rate or an infinite
    threshold never fires). float32 thresholds and rates: the result is a whole month.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.divide(threshold, rate, dtype=np.float32)
    np.ceil(k, out=k)
    np.fmin(k, M + 1, out=k)  # inf (never) and nan (0/0) -> after the horizon
    np.maximum(k, 1, out=k)
    ki = k.astype(np.int64)
    ki += start
    np.minimum(ki, M + 1, out=ki)
    result: np.ndarray = ki
    return result


def _drift_month(
    start: np.ndarray, threshold: np.ndarray, rate: np.ndarray, cum: np.ndarray, M: int
) -> np.ndarray:
    """Hire month under a monthly hazard ``rate · D[m]``: the first h > start with
    rate·(C[h] − C[start]) ≥ threshold, C = cumulative D (``cum[0] = 0``); M + 1 = never."""
    with np.errstate(divide="ignore", invalid="ignore"):
        need = cum[start] + np.divide(threshold.astype(np.float64), rate.astype(np.float64))
    h = np.searchsorted(cum, need, side="left")
    h = np.maximum(h, start + 1)
    h[~np.isfinite(need)] = M + 1
    result: np.ndarray = np.minimum(h, M + 1)
    return result


def _drift_months(
    start: np.ndarray,
    threshold: np.ndarray,
    rate: np.ndarray,
    lab: np.ndarray,
    ctab_f: np.ndarray,
    width: int,
    tabs: Sequence[np.ndarray],
    M: int,
) -> np.ndarray:
    """:func:`_drift_month` on elements of several drift timings at once.

    ``lab`` is each element's cumulative table (an index into ``tabs``, whose rows of width
    ``width`` are ``ctab_f``). The gather of C[start], the division and the clamps run once on
    all of them; the search runs once per table — the timings of one target share it — on the
    elements that use it (the same values, element by element).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.take(ctab_f, lab * width + start) + np.divide(
            threshold.astype(np.float64), rate.astype(np.float64)
        )
    h = np.empty(lab.size, np.int64)
    for k, el in _members(lab, len(tabs)):
        h[el] = np.searchsorted(tabs[k], need[el], side="left")
    h = np.maximum(h, start + 1)
    h[~np.isfinite(need)] = M + 1
    result: np.ndarray = np.minimum(h, M + 1)
    return result


def _loss_month(
    start: np.ndarray, threshold: np.ndarray, first: float, later: float, M: int
) -> np.ndarray:
    """Month of a job loss: hazard ``first`` a month in the job's first 12 months, ``later`` after.

    The integrated hazard is piecewise linear, so the crossing is still closed form: within the
    first year if the threshold is at most 12·first, else 12 months on plus the rest at ``later``.
    """
    out = _event_month(start, threshold, first, M)
    if first == later:
        return out
    late = threshold > np.float32(12.0 * first)
    if late.any():
        rest = threshold[late] - np.float32(12.0 * first)
        out[late] = _event_month(start[late] + 12, rest, later, M)
    return out


def _at(a: np.ndarray, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
    """``a[rows[j], cols[j]]`` for a (months, paths) array (cols default: every path in order)."""
    if cols is None:
        cols = np.arange(a.shape[1])
    if a.flags.c_contiguous:
        result: np.ndarray = np.take(a.reshape(-1), rows * a.shape[1] + cols)
        return result
    picked: np.ndarray = a[rows, cols]
    return picked


def _neg_log(u: np.ndarray) -> np.ndarray:
    """Exponential threshold −ln U (float32: it only decides an event month; U = 0 gives inf: never).

    float32 ``log`` is vectorised here (≈ 2-3 ns a value), float64 transcendentals are not (≈ 10 ns).
    """
    with np.errstate(divide="ignore"):
        out = np.log(u.astype(np.float32, copy=False))
    return np.negative(out, out=out)


def _career(
    s: Setup, d: Draws, g: Group, frail: np.ndarray, ws: _Workspace, name: str = "pay"
) -> _Career:
    """Learning, drop-out, hires and job losses of one timing, in closed form per path.

    ``name`` is the workspace buffer of its pay: every timing of a chunk keeps its own.
    """
    p = s.params
    n, M = d.paths, s.months
    W = WEEKS_PER_MONTH
    # float32: these decide whole months (and the drop-outs' progress, to float32 rounding)
    f32 = np.float32
    t_complete = np.exp(np.multiply(d.z_learn, f32(p["learning_hours_sigma"])))
    # learning_pace_share: the share of the scheduled hours really studied (journal posterior)
    t_complete *= f32(g.need_hours / (g.learn_hours * W * p["learning_pace_share"]))
    t_drop = _neg_log(d.u_dropout)
    t_drop *= f32(1.0 / s.drop_rate)
    dropped = t_drop < t_complete
    learn_end = np.minimum(np.ceil(np.minimum(t_complete, t_drop)), M + 1).astype(np.int64)
    # a drop-out ends the learning, not the attempt: search with the fit reached so far
    rate = np.multiply(frail, g.hire_rate_month, dtype=np.float32)
    if dropped.any():
        di = dropped.nonzero()[0]
        fit_d = search_fit(g.fit_before, p["training_fit_credit"], t_drop[di] / t_complete[di])
        rate[di] = g.hire_rate_fit1 * fit_factor(fit_d, p) * frail[di]
    # employment spells, on the searching paths only (index arrays shrink spell by spell): hired
    # in month h, employed in months h+1 .. lo (rows h .. lo-1), then (if lo < M) searching again
    # with a new threshold. Each month holds at most one event of a path, whose draw
    # u_event[month] gives the threshold of the next one.
    hired_first = np.full(n, -1, np.int16)
    # openings / AI drift: the integrated hire hazard is r·(C[h] − C[start]) with C the cumulative
    # monthly multipliers (C[0] = 0), so the hire month is a search in C, still closed form
    cdrift = np.concatenate([[0.0], np.cumsum(g.drift[:M])]) if g.drift else None
    idx = (learn_end < M).nonzero()[0]
    start = learn_end[idx]
    e = _neg_log(d.u_hire0[idx])
    r = rate[idx]
    done = np.zeros(idx.size, np.int64)  # employed months in earlier spells
    spells: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    f_idx = f_h = None
    promoted = None
    z = np.zeros(0)
    while idx.size:
        h = _event_month(start, e, r, M) if cdrift is None else _drift_month(start, e, r, cdrift, M)
        ok = h <= M
        idx, h, r, done = idx[ok], h[ok], r[ok], done[ok]
        if f_idx is None:
            f_idx, f_h = idx, h
            hired_first[idx] = h
        lo = _loss_month(
            h, _neg_log(_at(d.u_event, h - 1, idx)), g.loss_first, g.loss_rate_month, M
        )
        spells.append((idx, h, lo, done))
        ok = lo < M
        idx, start, r, done = idx[ok], lo[ok], r[ok], (done + lo - h)[ok]
        e = _neg_log(_at(d.u_event, start - 1, idx))
    pay = ws(name, (M, n))
    pay_hours = 1.0
    if f_idx is None or not f_idx.size:
        pay.fill(0)
    else:
        assert f_h is not None
        # the wage grows by raise_m after every employed month (kept between jobs), so in a
        # spell hired in month h after `done` employed months the pay of row i is
        # w0·R^(done − h)·R^i: the spell's coefficient c = w0·R^(done − h) (float64, then float32)
        # as +c/−c marks, whose running sum C is c in the spell's rows and exactly 0 elsewhere;
        # employed iff C > 0 (every wage is), pay = C·R^i (one product with a row of powers)
        conv = s.keep_share / s.fx
        lo_p, hi_p = p["entrant_pct_low"], p["entrant_pct_high"]
        z = ndtri(lo_p + d.u_wage[f_idx].astype(np.float64) * (hi_p - lo_p))
        w0 = np.zeros(n)
        w0[f_idx] = g.wage.from_z(z, np.float32) * np.float32(
            W * conv
        )  # float32 exp: a wage to the cent
        raise_m = (1 + p["annual_raise_pct"] / 100.0) ** (1 / 12)
        rpow = raise_m ** np.arange(-M - 1, M + 1, dtype=np.float64)  # R^k at k + M + 1
        pay.fill(0)  # the marks, summed in place below
        pflat = pay.reshape(-1)
        # spell j of every path in it follows j job losses: each re-hire starts that much lower
        # (chained per path, so a statutory minimum wage floors every re-hire: wage_floor)
        keep_after_loss = 1.0 - p["rehire_wage_loss_pct"] / 100.0
        cw = w0.copy()  # per path: the latest spell's coefficient (pay = c·R^row), float64
        last = np.zeros(n, np.int64)  # ... and its done − h
        fl = float(g.wage_floor) * W * conv
        for j, (sidx, h, lo, done) in enumerate(spells):
            k = done - h
            if j == 0:
                c64 = w0[sidx] * rpow[k + M + 1]
            else:
                c64 = cw[sidx] * raise_m ** (k - last[sidx]).astype(np.float64) * keep_after_loss
                if fl > 0:  # the wage at the re-hire (row h) never below the floor
                    c64 = np.maximum(c64, fl * rpow[-h + M + 1])
            cw[sidx], last[sidx] = c64, k
            c = c64.astype(np.float32)
            inh = h < M  # hired in the last month: no employed month in the horizon
            pflat[h[inh] * n + sidx[inh]] = c[inh]
            ends = lo < M
            pflat[lo[ends] * n + sidx[ends]] = -c[ends]
        i0 = int(f_h.min())  # nobody is employed before month i0 + 1 (row i0)
        for i in range(i0 + 1, M):
            np.add(pay[i - 1], pay[i], out=pay[i])
        # the representative group's job hours folded into the row of powers (most batches use them)
        pay_hours = float(g.job_hours) if g.job_hours > 0 else 1.0
        pay *= (rpow[M + 1 : 2 * M + 1] * pay_hours).astype(np.float32)[:, None]
        if g.promo_wage is not None:
            promoted = _promote(pay[None], [g], d, [f_idx], [z])[0]
        if g.ramp_months > 1:  # freelance: client hours ramp up linearly after the first contract
            ramp = np.arange(1, M + 1, dtype=np.float32)[:, None] - hired_first[None, :].astype(
                np.float32
            )
            ramp *= np.float32(1.0 / g.ramp_months)
            np.minimum(ramp, 1, out=ramp)
            pay *= ramp  # rows before the first contract hold no pay (0 × anything)
    c_month = (p["learning_cost_per_month"] if g.cost_month_usd < 0 else g.cost_month_usd) / s.fx
    cm = np.minimum(c_month, np.maximum(0.0, s.budget - c_month * np.arange(M)))
    return _Career(learn_end, dropped, hired_first, pay, cm.astype(np.float32), pay_hours, promoted)


def _careers(
    s: Setup, d: Draws, gs: Sequence[Group], frail: np.ndarray, ws: _Workspace
) -> list[_Career]:
    """Every timing of a chunk at once: :func:`_career`'s model on (timings × paths) elements.

    Why: a hybrid grid has ~20 timings, and on the few hundred paths of a screening or a quick
    run :func:`_career` costs its Python and NumPy call overhead, not its arithmetic. Here the
    spell loop, the pay marks and their running sum over months run once for all timings; only
    what needs a timing's own tables (the wage quantile, the hire drift, the promotion, the
    freelance ramp, the study cost) runs timing by timing, on that timing's contiguous share of
    the elements. Element ``v = timing · n + path``; the same operations on the same values as
    :func:`_career`, which stays as the reference (tests compare them bit for bit).
    """
    p = s.params
    n, M, T = d.paths, s.months, len(gs)
    W = WEEKS_PER_MONTH
    f32 = np.float32
    pace = p["learning_pace_share"]
    t_complete = (
        np.exp(np.multiply(d.z_learn, f32(p["learning_hours_sigma"])))[None, :]
        * np.array([f32(g.need_hours / (g.learn_hours * W * pace)) for g in gs], f32)[:, None]
    )
    t_drop = _neg_log(d.u_dropout)
    t_drop *= f32(1.0 / s.drop_rate)
    dropped = t_drop[None, :] < t_complete
    learn_end = np.minimum(np.ceil(np.minimum(t_complete, t_drop[None, :])), M + 1).astype(np.int64)
    rate = np.multiply(
        frail[None, :], np.array([g.hire_rate_month for g in gs])[:, None], dtype=np.float32
    )
    _dropout_rates(rate, gs, dropped, t_drop, t_complete, frail, p)
    # the timings of one target share its drift tuple: one cumulative table each (row k, column
    # start), so that the hire months of all drift timings take one gather and one division per
    # spell, and one search per table: _drift_month's operations, element by element
    tab_of: dict[int, int] = {}
    tabs: list[np.ndarray] = []
    dlab = np.full(T, -1, np.int64)
    for t, g in enumerate(gs):
        if g.drift:
            k = tab_of.get(id(g.drift))
            if k is None:
                k = tab_of[id(g.drift)] = len(tabs)
                tabs.append(np.concatenate([[0.0], np.cumsum(g.drift[:M])]))
            dlab[t] = k
    width = max((cd.size for cd in tabs), default=0)
    ctab = np.full((len(tabs), width), np.nan)
    for k, cd in enumerate(tabs):
        ctab[k, : cd.size] = cd
    ctab_f = ctab.reshape(-1)
    first_e = np.array([g.loss_first for g in gs], f32)
    later_e = np.array([g.loss_rate_month for g in gs], f32)
    year_e = np.array([f32(12.0 * g.loss_first) for g in gs], f32)
    differ = np.array([g.loss_first != g.loss_rate_month for g in gs])
    bounds = np.arange(T + 1) * n
    hired_first = np.full(T * n, -1, np.int16)
    # a subset of the (sorted) elements stays sorted: each timing's elements are one segment
    v = (learn_end.reshape(-1) < M).nonzero()[0]
    start = learn_end.reshape(-1)[v]
    e = _neg_log(d.u_hire0[v % n])
    r = rate.reshape(-1)[v]
    done = np.zeros(v.size, np.int64)  # employed months in earlier spells
    spells: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    f_v = f_h = None
    while v.size:
        h = _event_month(start, e, r, M)
        if width:
            lab = dlab[v // n]
            di = np.flatnonzero(lab >= 0)
            if di.size:
                h[di] = _drift_months(start[di], e[di], r[di], lab[di], ctab_f, width, tabs, M)
        ok = h <= M
        v, h, r, done = v[ok], h[ok], r[ok], done[ok]
        tv = v // n
        if f_v is None:
            f_v, f_h = v, h
            hired_first[v] = h
        thr = _neg_log(_at(d.u_event, h - 1, v % n))
        lo = _event_month(h, thr, first_e[tv], M)
        late = (thr > year_e[tv]) & differ[tv]
        if late.any():
            lo[late] = _event_month(
                h[late] + 12, thr[late] - year_e[tv[late]], later_e[tv[late]], M
            )
        spells.append((v, h, lo, done))
        ok = lo < M
        v, start, r, done = v[ok], lo[ok], r[ok], (done + lo - h)[ok]
        e = _neg_log(_at(d.u_event, start - 1, v % n))
    pay = ws("pay_all", (T, M, n))
    pay.fill(0)  # the marks, summed in place below
    pay_hours = [1.0] * T
    promoted: list[np.ndarray | None] = [None] * T
    hf = hired_first.reshape(T, n)
    if f_v is not None and f_v.size:
        assert f_h is not None
        conv = s.keep_share / s.fx
        lo_p, hi_p = p["entrant_pct_low"], p["entrant_pct_high"]
        z = ndtri(lo_p + d.u_wage[f_v % n].astype(np.float64) * (hi_p - lo_p))
        w0 = np.zeros(T * n)
        seg = np.searchsorted(f_v, bounds)
        hired = [bool(seg[t + 1] > seg[t]) for t in range(T)]
        w0[f_v] = _quantiles([g.wage for g in gs], f_v // n, z) * np.float32(W * conv)
        raise_m = (1 + p["annual_raise_pct"] / 100.0) ** (1 / 12)
        rpow = raise_m ** np.arange(-M - 1, M + 1, dtype=np.float64)  # R^k at k + M + 1
        pflat = pay.reshape(-1)
        keep_after_loss = 1.0 - p["rehire_wage_loss_pct"] / 100.0
        cw = w0.copy()  # per element: the latest spell's coefficient (pay = c·R^row), float64
        last = np.zeros(T * n, np.int64)  # ... and its done − h
        fl_e = np.array([float(g.wage_floor) * W * conv for g in gs])
        any_fl = bool((fl_e > 0).any())
        for j, (sv, h, lo, done) in enumerate(spells):
            k = done - h
            if j == 0:
                c64 = w0[sv] * rpow[k + M + 1]
            else:
                c64 = cw[sv] * raise_m ** (k - last[sv]).astype(np.float64) * keep_after_loss
                if any_fl:  # a timing without a floor has 0 here: max(c, 0) = c (c > 0)
                    c64 = np.maximum(c64, fl_e[sv // n] * rpow[-h + M + 1])
            cw[sv], last[sv] = c64, k
            c = c64.astype(np.float32)
            at = (sv // n) * (M * n) + sv % n
            inh = h < M  # hired in the last month: no employed month in the horizon
            pflat[at[inh] + h[inh] * n] = c[inh]
            ends = lo < M
            pflat[at[ends] + lo[ends] * n] = -c[ends]
        i0 = int(f_h.min())  # nobody is employed before month i0 + 1 (row i0)
        for i in range(i0 + 1, M):
            np.add(pay[:, i - 1], pay[:, i], out=pay[:, i])
        # each step below is elementwise on a timing's own rows, so running it on all the
        # timings it concerns at once keeps every timing's order of operations (and bits)
        for t, g in enumerate(gs):
            if hired[t]:
                pay_hours[t] = float(g.job_hours) if g.job_hours > 0 else 1.0
        # a timing nobody is hired in holds zeros, which the product leaves zeros
        pay *= (rpow[M + 1 : 2 * M + 1][None, :] * np.array(pay_hours)[:, None]).astype(np.float32)[
            :, :, None
        ]
        pro = [t for t in range(T) if hired[t] and gs[t].promo_wage is not None]
        if pro:
            sub = pay[pro]
            spans = [slice(int(seg[t]), int(seg[t + 1])) for t in pro]
            firsts = _promote(sub, [gs[t] for t in pro], d,
                              [f_v[sl] - t * n for t, sl in zip(pro, spans, strict=True)],
                              [z[sl] for sl in spans])  # fmt: skip
            pay[pro] = sub
            for j, t in enumerate(pro):
                promoted[t] = firsts[j]
        fl_t = [t for t in range(T) if hired[t] and gs[t].ramp_months > 1]
        if fl_t:  # freelance: client hours ramp up linearly after the first contract
            ramp = np.arange(1, M + 1, dtype=np.float32)[None, :, None] - hf[fl_t][
                :, None, :
            ].astype(np.float32)
            ramp *= np.array([np.float32(1.0 / gs[t].ramp_months) for t in fl_t])[:, None, None]
            np.minimum(ramp, 1, out=ramp)
            pay[fl_t] *= ramp  # rows before the first contract hold no pay (0 × anything)
    c_month = np.array(
        [(p["learning_cost_per_month"] if g.cost_month_usd < 0 else g.cost_month_usd) / s.fx
         for g in gs]
    )[:, None]  # fmt: skip
    cm = np.minimum(c_month, np.maximum(0.0, s.budget - c_month * np.arange(M))).astype(np.float32)
    return [
        _Career(learn_end[t], dropped[t], hf[t], pay[t], cm[t], pay_hours[t], promoted[t])
        for t in range(T)
    ]


def _dropout_rates(
    rate: np.ndarray,
    gs: Sequence[Group],
    dropped: np.ndarray,
    t_drop: np.ndarray,
    t_complete: np.ndarray,
    frail: np.ndarray,
    p: Parameters,
) -> None:
    """The drop-outs' hire rates, in place on ``rate`` (T, n): search with the fit reached so far.

    All timings at once when every group's fit and rate are Python floats (always, from
    :mod:`.setup`): NumPy treats those as weak scalars (NEP 50), cast to float32 against the
    float32 progress, so per-element float32 copies of them give :func:`search_fit`'s bits. Any
    other scalar type takes the timing-by-timing formula.
    """
    f32 = np.float32
    credit = p["training_fit_credit"]
    fb = [g.fit_before for g in gs]
    h1 = [g.hire_rate_fit1 for g in gs]
    if all(type(x) is float for x in (*fb, *h1)) and type(credit) is float:
        ti, di = dropped.nonzero()
        if di.size:
            fb64 = np.array(fb)
            prog = np.multiply(f32(credit), t_drop[di] / t_complete[ti, di])
            fit_d = fb64.astype(f32)[ti] + prog * (1.0 - fb64).astype(f32)[ti]
            rate[ti, di] = np.array(h1).astype(f32)[ti] * fit_factor(fit_d, p) * frail[di]
        return
    for t, g in enumerate(gs):
        di = dropped[t].nonzero()[0]
        if di.size:
            fit_d = search_fit(g.fit_before, credit, t_drop[di] / t_complete[t, di])
            rate[t, di] = g.hire_rate_fit1 * fit_factor(fit_d, p) * frail[di]


def _members(lab: np.ndarray, k: int) -> Iterator[tuple[int, np.ndarray]]:
    """(label, its elements' indices in their order) for each of the labels 0..k-1 in use."""
    order = np.argsort(lab, kind="stable")
    cuts = np.searchsorted(lab[order], np.arange(k + 1))
    for j in range(k):
        if cuts[j + 1] > cuts[j]:
            yield j, order[cuts[j] : cuts[j + 1]]


def _quantiles(tables: Sequence[WageQuantile], el_t: np.ndarray, z: np.ndarray) -> np.ndarray:
    """float32 wages at the normal scores ``z``: element e from ``tables[el_t[e]]``.

    The hybrid mixes of one target and job hours share a table, so a call per distinct table
    (by identity), not per timing, does the same elementwise work. ``from_z`` picks its formula
    per call (inside the knots, or with the tails, whose cap can trim a top-knot wage by a
    float32 ulp), so each table is called twice at most: once on the timings whose scores all
    lie inside the knots, once on the others. Every element keeps the formula it had when each
    timing was called alone.
    """
    out = np.empty(z.size, np.float32)
    lab: dict[int, int] = {}
    lab_t = np.array([lab.setdefault(id(q), len(lab)) for q in tables], np.int64)
    uniq = list({id(q): q for q in tables}.values())  # in label order (first seen)
    tail = np.zeros(len(tables), bool)
    for k, el in _members(lab_t[el_t], len(uniq)):
        q = uniq[k]
        zz = z[el]
        outside = (zz < q.z[0]) | (zz > q.z[-1])
        if not outside.any():
            out[el] = q.from_z(zz, np.float32)
            continue
        tail[el_t[el[outside]]] = True
        in_tail = tail[el_t[el]]
        for part in (el[~in_tail], el[in_tail]):
            if part.size:
                out[part] = q.from_z(z[part], np.float32)
    return out


def _promote(
    pay: np.ndarray,
    gs: Sequence[Group],
    d: Draws,
    f_idx: Sequence[np.ndarray],
    z: Sequence[np.ndarray],
) -> np.ndarray:
    """Promotion to the next rung, in place on ``pay`` (T, M, n) of T timings; returns the months
    (T, n) (1-based, -1 never).

    A path is promoted in the employed month in which its employed months reach
    ``ceil(promo_after + E / promo_rate)`` (E ~ Exp(1) from the spare uniform ``u_regime_e0``):
    the typical entrant's experience of the next rung, then a constant promotion hazard. From then
    on — later jobs too, the experience stays — its pay is × the next rung's OEWS wage over the
    rung's at the path's entrant percentile (the same normal score ``z``; ``f_idx[t]`` are timing
    t's hired paths). Every step is elementwise within a timing, so the timings go at once.
    """
    T, M, n = pay.shape
    f32 = np.float32
    ratio = np.ones((T, n), f32)
    if T:
        el_t = np.repeat(np.arange(T), [a.size for a in f_idx])
        zz = np.concatenate(list(z))
        up_w = _quantiles([g.promo_wage for g in gs], el_t, zz)  # type: ignore[misc]
        base = _quantiles([g.promo_base for g in gs], el_t, zz)  # type: ignore[misc]
        ratio[el_t, np.concatenate(list(f_idx))] = up_w / base
    per = [f32(1.0 / g.promo_rate) if g.promo_rate > 0 else f32(np.inf) for g in gs]
    wait = _neg_log(d.u_regime_e0)[None, :] * np.array(per, f32)[:, None]
    need = np.ceil(wait + np.array([f32(g.promo_after) for g in gs], f32)[:, None])
    ten = np.cumsum(pay > 0, axis=1, dtype=np.int16)
    up = ten >= need[:, None, :]
    np.multiply(pay, ratio[:, None, :], out=pay, where=up)
    any_up = up[:, -1] if M else np.zeros((T, n), bool)
    first = np.argmax(up, axis=1).astype(np.int16) + np.int16(1)
    return np.where(any_up, first, np.int16(-1)).astype(np.int16)


def _run(
    s: Setup,
    d: Draws,
    out: dict[str, np.ndarray],
    monthly: dict[str, np.ndarray],
    chunk_paths: int | None,
) -> None:
    """Per chunk of paths: the market once, each career timing once, then one or two batches.

    The batches are the careers that keep their microtasks when hired and those that stop them —
    whatever their targets and splits: a 30-mix hybrid grid is one block of (months, options,
    paths) rows, not 30 small ones, so the month loops of the ledger run once per block instead
    of once per mix. The options without a career join the first as careers never taken up
    (:func:`_no_career`); they are a batch of their own only when no career keeps microtasks
    (measured: the microtask option alone cost 1.7 ms of a quick person's ~36 ms, merged ~0.3).
    """
    P, M = d.paths, s.months
    any_mt = bool(
        (s.h_gen > 0).any() or (s.h_pro > 0).any() or (s.h_rat.size and (s.h_rat > 0).any())
    )
    cr = s.cash
    fb_rule = cr.fallback.rule if cr is not None else "off"
    need_market = any_mt or "hours_microtask" in monthly or fb_rule == "microtasks"
    # timings: careers that differ only in job hours (hence pay) share their events
    tkey: dict[tuple[str, float, float, bool], int] = {}
    timing_of_group: list[int] = []
    reps: list[Group] = []
    for g in s.groups:
        key = (g.target, g.learn_hours, g.hire_rate_month, g.freelance)
        if key not in tkey:
            tkey[key] = len(reps)
            reps.append(g)
        timing_of_group.append(tkey[key])
    timing = np.array(
        [timing_of_group[int(gi)] if gi >= 0 else -1 for gi in s.group_of], dtype=np.int64
    )
    batches: dict[tuple[bool, bool], list[int]] = {}
    for k in range(s.n_options):
        t = int(timing[k])
        batches.setdefault((t >= 0, bool(s.stop[k]) and t >= 0), []).append(k)
    if reps and (False, False) in batches and (True, False) in batches:
        # the options without a career ride in the batch of the careers that keep their
        # microtasks, as a career never taken up (no pay, no study: _no_career): the same
        # numbers, without a month loop of the ledger run for one or two options on their own
        batches[(True, False)] = sorted(batches[(True, False)] + batches.pop((False, False)))
    order = sorted(batches)
    rows = {key: np.array(batches[key]) for key in order}
    # every timing's pay is held for the whole chunk: size the chunk so that they fit together
    n_t = max(1, len(reps))
    step = chunk_paths or max(256, min(PIPE_ELEMENTS, (PIPE_ELEMENTS * 16) // n_t) // M)
    ws = _workspace()
    for a in range(0, P, step):
        b = min(P, a + step)
        dc = d.take(a, b)
        mk = _market(s, dc, ws) if need_market else None
        frail = (
            frailty_from_uniform(dc.u_frailty, s.frailty_k)
            if (s.groups or fb_rule == "any_job")
            else None
        )
        fbw = _fallback_wage(s, dc)
        cars: list[_Career] = _careers(s, dc, reps, frail, ws) if frail is not None and reps else []
        for has_car, stop in order:
            r = rows[(has_car, stop)]
            stack = _stack(s, cars, timing[r], r) if has_car and cars else None
            _run_batch(s, mk, stack, stop, r, out, monthly, a, b - a, ws, (dc, frail, fbw))


@dataclass
class _Stack:
    """The careers of a batch's options, one per option (the options may follow different timings).

    Only per-path vectors are stacked ((options, paths)); the (months, paths) arrays stay one per
    timing and are copied into each block's (months, options, paths) rows as the block needs them.
    """

    cars: list[_Career]  # per option (the same object for options sharing a timing)
    none: np.ndarray  # (K,) bool: an option without a career (its _no_career row)
    scale: list[np.float32 | None]  # per option: × the timing's pay for its job hours (None: as is)
    learn_end: np.ndarray  # (K, n)
    dropped: np.ndarray  # (K, n) bool
    hired_first: np.ndarray  # (K, n) int16
    promoted_first: np.ndarray  # (K, n) int16 (-1 = never / no promotion)
    cost_month: np.ndarray  # (M, K) float32
    learn_hours: np.ndarray  # (1, K, 1) float32

    def rows(self, name: str, c: slice, out: np.ndarray) -> np.ndarray:
        """The (M, K, n) block of a per-timing (M, n) array ``pay`` or ``emp``, paths ``c``."""
        for j, car in enumerate(self.cars):
            src = car.pay if name == "pay" else car.emp
            out[:, j, :] = src[:, c]
        return out

    def job(self, c: slice, out: np.ndarray) -> np.ndarray:
        """(M, K, n) job pay of each option at its own job hours, paths ``c``."""
        if len(self.cars) == 1 and self.scale[0] is None:
            return self.cars[0].pay[:, None, c]
        for j, (car, sc) in enumerate(zip(self.cars, self.scale, strict=True)):
            if sc is None:
                out[:, j, :] = car.pay[:, c]
            else:
                np.multiply(sc, car.pay[:, c], out=out[:, j, :])
        return out

    def learning(self, c: slice) -> np.ndarray:
        """(M, K, n) bool: studying during the month."""
        M = self.cost_month.shape[0]
        return np.arange(1, M + 1)[:, None, None] <= self.learn_end[None, :, c]


def _stack(s: Setup, cars: list[_Career], timing: np.ndarray, rows: np.ndarray) -> _Stack:
    """Stack the careers of the options ``rows`` (their timings ``timing``; -1: no career)."""
    f32 = np.float32
    none = np.asarray(timing) < 0
    null = _no_career(cars[0]) if none.any() else cars[0]  # (unused when no row is without)
    per = [cars[int(t)] if t >= 0 else null for t in timing]
    scale: list[np.float32 | None] = []
    for k, car in zip(rows, per, strict=True):
        g = int(s.group_of[int(k)])
        jh = f32(s.groups[g].job_hours) if g >= 0 else f32(car.pay_hours)
        scale.append(None if jh == f32(car.pay_hours) else f32(jh * f32(1.0 / car.pay_hours)))
    lh = np.array(
        [s.groups[g].learn_hours if (g := int(s.group_of[int(k)])) >= 0 else 0.0 for k in rows],
        f32,
    )
    return _Stack(
        per,
        none,
        scale,
        np.stack([c.learn_end for c in per]),
        np.stack([c.dropped for c in per]),
        np.stack([c.hired_first for c in per]),
        np.stack(
            [
                c.promoted_first
                if c.promoted_first is not None
                else np.full(c.hired_first.shape, -1, np.int16)
                for c in per
            ]
        ),
        np.stack([c.cost_month for c in per], axis=1),
        lh[None, :, None],
    )


def _no_career(like: _Career) -> _Career:
    """The career row of an option without one, in a batch of careers: never studying, never
    hired, no pay and no study cost (shaped like ``like``). Every step of the batch then gives
    it the numbers it gets on its own: + 0 pay, − 0 cost, a wage part of 0 in the tax."""
    return _Career(
        np.zeros_like(like.learn_end),
        np.zeros_like(like.dropped),
        np.full_like(like.hired_first, -1),
        np.zeros_like(like.pay),
        np.zeros_like(like.cost_month),
        like.pay_hours,
        None,
    )


def _pay_delays(s: Setup, rows: np.ndarray) -> np.ndarray | None:
    """(K,) months from the work to cash per option of a batch (None when every delay is 0)."""
    d = np.array(
        [s.groups[int(s.group_of[int(k)])].pay_delay_months if int(s.group_of[int(k)]) >= 0
         else 0.0 for k in rows],
        dtype=np.float64,
    )  # fmt: skip
    return d if bool((d > 0).any()) else None


def _delay_pay(job: np.ndarray, delays: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The (M, K, n) career pay as it reaches cash: month i's pay of an option with delay
    d = q + f months arrives (1 − f) in month i + q and f in month i + q + 1 (work spread evenly
    over the month, paid d later); pay due after the horizon is not received within it.

    Why not shift ``pay`` itself: employment (``pay > 0``) decides when microtasks stop and the
    hours worked, which the delay does not change; only the cash is late. ``job`` may be a view
    of a timing's pay ((M, 1, n)): it is never written to.
    """
    M = job.shape[0]
    np.copyto(out, job)  # (M, 1, n) broadcasts over the block's options
    f32 = np.float32
    for j in np.flatnonzero(delays > 0):
        d = float(delays[j])
        q = int(math.floor(d))
        f = d - q
        src = job[:, j if job.shape[1] > 1 else 0, :]
        o = out[:, j, :]
        o.fill(0)
        if q < M:
            np.multiply(src[: M - q], f32(1.0 - f), out=o[q:])
        if f > 0 and q + 1 < M:
            o[q + 1 :] += src[: M - q - 1] * f32(f)
    return out


def _wage_jobs(s: Setup, rows: np.ndarray) -> np.ndarray:
    """(K,) bool per option of a batch: its career pay is a wage (False: freelance, self-employed)."""
    return np.array(
        [not (int(s.group_of[int(k)]) >= 0 and s.groups[int(s.group_of[int(k)])].freelance)
         for k in rows],
        dtype=bool,
    )  # fmt: skip


def _fallback_wage(s: Setup, d: Draws) -> np.ndarray | None:
    """(n,) hourly wage of the fallback job per path, in the profile currency after the flat tax
    (the all-occupations entrant band, at the path's entrant percentile draw)."""
    if s.fb_wage is None:
        return None
    p = s.params
    lo_p, hi_p = p["entrant_pct_low"], p["entrant_pct_high"]
    z = ndtri(lo_p + d.u_wage.astype(np.float64) * (hi_p - lo_p))
    return s.fb_wage.from_z(z, np.float32) * np.float32(s.keep_share / s.fx)


def _fallback_inputs(
    s: Setup,
    rows: np.ndarray,
    c: slice,
    ctx: Any,
    mk: _Market | None,
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """Fallback pay (K, n) and delay (K, n) for any_job; per-h/week earnings (M, n) and hours (K,) for microtasks."""
    cr = s.cash
    if cr is None or not cr.fallback.on:
        return None, None, None, None
    d, frail, fbw = ctx
    f32 = np.float32
    hours = s.fb_hours[rows].astype(f32)
    if cr.fallback.rule == "any_job" and fbw is not None:
        pay = hours[:, None] * f32(WEEKS_PER_MONTH) * fbw[None, c]
        rate = (s.fb_rate[rows][:, None] * frail[None, c]).astype(f32)
        e = _neg_log(d.u_fallback[c])[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            delay = np.divide(
                e, rate, dtype=f32
            )  # months of search (exponential threshold / hazard)
        if not np.isfinite(delay).all():  # (rare: a zero rate) nan_to_num costs ~10 µs a call
            delay = np.nan_to_num(delay, nan=np.inf)
        return pay, delay, None, None
    if cr.fallback.rule == "microtasks" and mk is not None:
        # the extra hours at the novice rate (no learning curve, no payout threshold), × supply
        extra = (
            mk.earn[:, c]
            * mk.supply[:, c]
            * f32(s.params["mt_novice_factor"] * s.keep_share / s.fx)
        )
        return None, None, extra, hours
    return None, None, None, None


def _run_batch(
    s: Setup,
    mk: _Market | None,
    car: _Stack | None,
    stop: bool,
    rows: np.ndarray,
    out: dict[str, np.ndarray],
    monthly: dict[str, np.ndarray],
    a0: int,
    n_all: int,
    ws: _Workspace,
    ctx: Any = None,
) -> None:
    """Options ``rows`` share the market view (microtasks on/off): whole blocks at once.

    A block is (months, options, paths); elementwise steps run on the whole block, the four
    recursions over months (payout threshold, cumulative income, best month, cash floor) as
    row operations. Each option brings its own career (``car``: stacked per option).
    """
    p = s.params
    f32 = np.float32
    M = s.months
    Kb = rows.size
    conv = s.keep_share / s.fx
    h_gen = s.h_gen[rows].astype(f32)
    h_pro = s.h_pro[rows].astype(f32)
    do_gen = bool((h_gen > 0).any()) and mk is not None
    do_pro = bool((h_pro > 0).any()) and mk is not None
    # ---- shared (M, n) arrays of this batch
    stop_mt = car is not None and stop  # microtasks stop while employed
    novice = p["mt_novice_factor"]
    shape = (M, n_all)
    # microtask income = fill × (per-h/week earnings at full fill), fill = supply × 'on' × the
    # onboarding rows: the general pool's rows are in mk.earn, Prolific's are applied to its
    # constant rate, and supply × 'on' multiplies the block once at the end. When microtasks stop
    # while employed, 'on' (and so the experience) differs per option: it is built per block.
    kon = mk.onb.shape[0] if mk is not None else 0
    if do_gen and not stop_mt:
        assert mk is not None
        # experience: fill-weighted months of work (the hours per month / unlock hours factor is
        # folded into the options' hours, hgu below); the onboarding rows on a small copy
        hours_k = mk.supply[:kon] * mk.onb
        cfu = ws("cfu", shape)  # experience before the month, per h/week, in months at full fill
        cfu[0] = 0
        for i in range(1, M):
            np.add(cfu[i - 1], hours_k[i - 1] if i - 1 < kon else mk.supply[i - 1], out=cfu[i])
    if do_pro:  # Prolific income per h/week at full fill, per option: a constant but for its onboarding rows
        assert mk is not None
        cpro = h_pro[None, :, None] * f32(mk.pro_rate * conv)
        onb_pro = mk.onb_pro
        kpro = onb_pro.shape[0]
    thr = f32(s.platforms.threshold_usd * conv)
    floor = f32(s.floor)
    hg = h_gen[None, :, None]
    hgu = hg * f32(WEEKS_PER_MONTH / p["mt_unlock_hours"])
    hg_n = hg * f32(novice * conv)
    hg_d = hg * f32((1 - novice) * conv)
    hp = h_pro[None, :, None]
    jh = (
        np.array(
            [s.groups[g].job_hours if (g := int(s.group_of[k])) >= 0 else 0.0 for k in rows], f32
        )[None, :, None]
        if car is not None
        else None
    )
    kept = set(monthly)
    delays = _pay_delays(s, rows) if car is not None else None
    h_rat = s.h_rat[rows].astype(np.float64) if s.h_rat.size else np.zeros(Kb)
    do_rat = mk is not None and mk.rat_on is not None and bool((h_rat > 0).any())
    if do_rat:  # months of the unpaid exam at each option's rating hours (0 when already on it)
        with np.errstate(divide="ignore"):
            exam = (
                np.zeros(Kb)
                if s.platforms.rating_current
                else p["rating_exam_hours"] / (h_rat * WEEKS_PER_MONTH)
            )
        m_idx = np.arange(1, M + 1, dtype=np.float64)[:, None, None]
    contiguous = bool(Kb == 1 or (np.diff(rows) == 1).all())
    rsel: Any = slice(int(rows[0]), int(rows[-1]) + 1) if contiguous else rows
    # a single option takes the whole chunk in one block: its row loops run once, not per block
    step = n_all if Kb == 1 else max(1, BLOCK_ELEMENTS // (Kb * M))
    n_final = min(3, M)
    wdesc = np.arange(M, 0, -1, dtype=np.uint8)[:, None, None]  # M .. 1: weights for _first
    # min(·, 1) against a row of ones: NumPy's min/max with a scalar operand is not vectorised
    one_row = ws("one_row", (1, 1, step))
    one_row.fill(1)
    for a in range(0, n_all, step):
        b = min(n_all, a + step)
        c = slice(a, b)
        bs = (M, Kb, b - a)
        inc = ws("inc", bs)
        sup_on: np.ndarray | None = None
        if do_gen or do_pro:
            assert mk is not None
            if stop_mt:
                assert car is not None
                # 'on' as float32 0/1 (pay is exactly 0 when not employed, > 0 when employed),
                # × supply; then each option's experience on its own 'on'
                sup_on = ws("sup_on", bs)
                for j, cj in enumerate(car.cars):
                    np.equal(cj.pay[:, c], 0, out=sup_on[:, j, :], casting="unsafe")
                sup_on *= mk.supply[:, None, c]
                if do_gen:
                    hk = sup_on[:kon] * mk.onb[:, None, c]
                    cfb = ws("cfu_b", bs)
                    cfb[0] = 0
                    for i in range(1, M):
                        np.add(cfb[i - 1], hk[i - 1] if i - 1 < kon else sup_on[i - 1], out=cfb[i])
            else:
                sup_on = mk.supply[:, None, c]
                if do_gen:
                    cfb = cfu[:, None, c]
        # ---- microtask income (M, Kb, n): h·(novice part + experienced part·min(1, h·experience))
        if do_gen:  # h·x·conv·(novice + (1 − novice)·min(1, h·experience))
            assert mk is not None
            np.multiply(hgu, cfb, out=inc)
            np.minimum(inc, one_row[..., : b - a], out=inc)
            inc *= hg_d
            inc += hg_n
            inc *= mk.earn[:, None, c]
        else:
            inc.fill(0)
        if do_pro:
            inc[kpro:] += cpro
            inc[:kpro] += cpro * onb_pro[:, None, c]
        if sup_on is not None:  # supply, and microtasks stop while employed (0/1: exact)
            inc *= sup_on
        if (do_gen or do_pro) and thr > 0:  # nothing is paid before the payout threshold is reached
            # cumulative earnings on the whole block until at most 1/8 of the paths (options ×
            # paths) have not reached it (usually a few months); later months are paid as earned,
            # except on those few paths, which finish on their own (same sums, same order)
            cum = ws("blk", bs)
            cum[0] = inc[0]
            cf = cum.reshape(M, -1)
            k, left = M, None
            for i in range(1, M):
                if i % 3 == 0:
                    left = np.flatnonzero(cf[i - 1] < thr)
                    if left.size * 8 <= cf.shape[1]:
                        k = i
                        break
                np.add(cum[i - 1], inc[i], out=cum[i])
            late = cf[k - 1, left] if k < M and left is not None and left.size else None
            # paid: 0 before the crossing month, everything so far in it, as earned afterwards
            ck = cum[:k]
            ck *= ck >= thr
            np.copyto(inc[1:k], ck[1:], where=ck[:-1] == 0)
            inc[0] = ck[0]
            if late is not None:
                assert left is not None
                _pay_late(inc.reshape(M, -1), late, left, k, thr)
        if do_rat:  # gated rating work: its own stream, paid monthly (no payout threshold)
            assert mk is not None and mk.rat_on is not None and mk.rat_wait is not None
            inc += _rating_block(s, mk, car, c, h_rat, exam, m_idx, stop_mt, conv)
        mt = None
        if "microtask_income" in kept:  # before the career pay is added: straight to the output
            if contiguous:
                dst = monthly["microtask_income"][rsel, :, a0 + a : a0 + b]
                np.copyto(np.swapaxes(dst, 0, 1), inc)
            else:
                mt = ws("mt", bs)
                np.copyto(mt, inc)
        job = None
        if car is not None:
            job = car.job(c, ws("job", bs))
            if delays is not None:  # freelance earnings reach cash after the clearance period
                job = _delay_pay(job, delays, ws("job_cash", bs))
            inc += job
        # ---- the cash ledger (crossroads.simulation.cash): fallback, tax, interest, the limit;
        # turns inc into net income in place and fills the balances
        cr = s.cash
        assert cr is not None
        s1 = ws("s1", bs)
        fb_pay, fb_delay, extra, extra_h = _fallback_inputs(s, rows, c, ctx, mk)
        learning = car.learning(c) if car is not None else None
        cost_m = (  # bool × float32: already float32 (and read-only below)
            learning * car.cost_month[:, :, None]
            if car is not None and learning is not None
            else None
        )
        led = ledger_block(
            inc=inc,
            job=job,
            cost=cost_m,
            savings=s.savings,
            other=cr.other,
            expenses=s.expenses,
            floor=cr.floor,
            limit=cr.limit,
            month_rate=cr.month_rate,
            rule=cr.fallback.rule,
            trigger_months=cr.fallback.trigger_months,
            keep_search=cr.fallback.keep_career_search,
            fb_pay=fb_pay,
            fb_delay=fb_delay,
            extra=extra,
            extra_h=extra_h,
            stop_mt=stop_mt,
            tax=s.tax,
            B=s1,
            scratch=ws("gross", bs) if s.tax is not None else None,
            job_is_wage=_wage_jobs(s, rows),  # freelance pay: self-employment income
        )
        # ---- per-path summaries. Income is never negative, so "first income" and "covers the
        # expenses" are the first months with income > 0 and income >= need (no running max).
        mask = ws("mask", bs, bool)
        u8 = ws("u8", bs, np.uint8)
        first = _first(np.greater(inc, 0, out=mask), u8, wdesc)
        need_m = (s.expenses - cr.other).astype(f32)[:, None, None]
        cover = _first(np.greater_equal(inc, need_m, out=mask), u8, wdesc)
        total = inc.sum(axis=0)
        sq = np.einsum("mkp,mkp->kp", inc, inc)
        final = inc[M - n_final :].sum(axis=0)
        short = _first(np.less(s1, floor, out=mask), u8, wdesc)
        hit = _first(np.less(s1, f32(cr.limit), out=mask), u8, wdesc)
        below = np.less(s1, floor, out=mask).sum(axis=0, dtype=np.int16)
        depth = np.maximum(f32(floor) - s1.min(axis=0), 0)
        if "balance" in monthly:
            monthly["balance"][rsel, :, a0 + a : a0 + b] = np.swapaxes(s1, 0, 1)
        np.maximum(s1, f32(cr.limit), out=s1)  # the cash a person holds: never below the limit
        cols = (rsel, slice(a0 + a, a0 + b))
        out["net_income"][cols] = total - led.cost
        out["fallback_month"][cols] = np.where(
            led.start <= M, led.start, -1
        )  # the month cash ran low
        out["limit_month"][cols] = _month(hit, M)
        out["shortfall_depth"][cols] = depth
        out["months_below"][cols] = below
        out["interest"][cols] = led.interest
        out["tax_paid"][cols] = led.tax
        out["gross_income"][cols] = led.gross
        out["first_income_month"][cols] = _month(first, M)
        out["cover_month"][cols] = _month(cover, M)
        out["shortfall_month"][cols] = _month(short, M)
        out["final_income"][cols] = final / f32(n_final)
        mean = total / f32(M)
        out["income_mean"][cols] = mean
        out["income_sd"][cols] = np.sqrt(np.maximum(sq / f32(M) - mean * mean, 0))
        if car is not None:
            out["hired_month"][cols] = car.hired_first[:, c]
            out["promoted_month"][cols] = car.promoted_first[:, c]
            le = car.learn_end[:, c]
            td = np.where(car.dropped[:, c] | (le > M) | car.none[:, None], -1, le).astype(np.int16)
            out["training_done_month"][cols] = td
            out["dropped_out"][cols] = car.dropped[:, c] & (le <= M)
        else:
            out["hired_month"][cols] = -1
            out["promoted_month"][cols] = -1
            out["training_done_month"][cols] = -1
            out["dropped_out"][cols] = False
        if kept:
            emp = car.rows("emp", c, ws("emp", bs, bool)) if car is not None else None
            hr = h_rat.astype(f32)[None, :, None] if do_rat else None
            _keep(monthly, rows, slice(a0 + a, a0 + b), c, inc, s1, mt, job, mk, car,
                  learning, emp, stop_mt, hg, hp, jh, hr, cost_m)  # fmt: skip


def _rating_block(
    s: Setup,
    mk: _Market,
    car: _Stack | None,
    c: slice,
    h_rat: np.ndarray,
    exam: np.ndarray,
    m_idx: np.ndarray,
    stop_mt: bool,
    conv: float,
) -> np.ndarray:
    """(M, K, n) rating-work income of a block (profile currency, before tax).

    The first ``exam`` months of the option's rating hours are the unpaid exam; until the decision
    month T = max(application wait, exam) — and afterwards in the months without a project, or
    on every path whose application was refused — the hours go to open marketplaces at the novice
    rate (× supply), like the microtask fallback's extra hours; after T (the share clip(m − T, 0, 1)
    of month m) an accepted rater earns the rating rate in project months.
    """
    assert mk.rat_on is not None and mk.rat_wait is not None
    f32 = np.float32
    alt = mk.earn[:, c] * mk.supply[:, c] * f32(s.params["mt_novice_factor"])  # (M, n)
    gain = mk.rat_on[:, c] * (f32(mk.rat_pay) - alt)  # a project month's pay over the novice rate
    T = np.maximum(mk.rat_wait[None, c], exam[:, None])  # (K, n)
    # alt · clip(m − exam, 0, 1) + gain · clip(m − T, 0, 1): the exam unpaid, the rest of the
    # wait on open marketplaces, then rating pay in project months
    after = _ramp(T, m_idx)
    after *= gain[:, None, :]
    done = np.clip(m_idx - exam[None, :, None], 0.0, 1.0).astype(f32)  # (M, K, 1)
    after += done * alt[:, None, :]
    after *= (h_rat * conv).astype(f32)[None, :, None]
    if stop_mt and car is not None:  # microtasks (rating included) stop while employed
        for j, cj in enumerate(car.cars):
            after[:, j, :] *= cj.pay[:, c] == 0
    return after


def _ramp(T: np.ndarray, m_idx: np.ndarray) -> np.ndarray:
    """(M, K, n) float32 ``clip(m − T, 0, 1)`` for the months ``m_idx`` = 1 .. M of a (K, n) T.

    Row r (month r + 1) is 0 before the row q = floor(T), 1 after it and q + 1 − T in it (the
    float64 value of m − T at m = q + 1, rounded to float32): one comparison against a row
    index and one scatter give the bits of the float64 clip cast to float32, without its
    float64 (M, K, n) subtraction, clip and cast. A NaN T takes the plain clip.
    """
    M = m_idx.shape[0]
    if bool(np.isnan(T).any()):
        plain: np.ndarray = np.clip(m_idx - T[None, :, :], 0.0, 1.0).astype(np.float32)
        return plain
    out = np.empty((M, *T.shape), np.float32)
    q = np.floor(T)
    np.greater((m_idx - 1.0), q[None, :, :], out=out, casting="unsafe")
    qf, tf = q.reshape(-1), T.reshape(-1)
    cols = np.flatnonzero((qf >= 0) & (qf < M))
    out.reshape(M, -1)[qf[cols].astype(np.intp), cols] = (qf[cols] + 1 - tf[cols]).astype(
        np.float32
    )
    return out


def _keep(
    monthly: dict[str, np.ndarray],
    rows: np.ndarray,
    cs: slice,
    c: slice,
    inc: np.ndarray,
    cash: np.ndarray,
    mt: np.ndarray | None,
    job: np.ndarray | None,
    mk: _Market | None,
    car: _Stack | None,
    learning: np.ndarray | None,
    emp: np.ndarray | None,
    on: bool,
    hg: np.ndarray,
    hp: np.ndarray,
    jh: np.ndarray | None,
    hr: np.ndarray | None = None,
    cost: np.ndarray | None = None,
) -> None:
    """Store the kept monthly arrays of a block ((M, Kb, n) -> the (K, M, P) layout at paths ``cs``).

    ``learning`` and ``emp`` are the block's (M, Kb, n) study and employment masks, ``cost`` its
    learning cost. Products are written straight into the output's (M, Kb, n) view when the
    options are contiguous rows (no temporary, no second copy); the same ufuncs on the same values.
    """
    contiguous = bool(rows.size == 1 or (np.diff(rows) == 1).all())
    sl = (slice(int(rows[0]), int(rows[-1]) + 1) if contiguous else rows, slice(None), cs)
    f32 = np.float32

    def put(name: str, block: np.ndarray | float | bool) -> None:
        if name in monthly:
            monthly[name][sl] = np.swapaxes(block, 0, 1) if isinstance(block, np.ndarray) else block

    def dest(name: str) -> np.ndarray:
        """Where to compute a block: the output's view, or a scratch array stored by ``done``."""
        if contiguous:
            return np.swapaxes(monthly[name][sl], 0, 1)
        return np.empty(inc.shape, monthly[name].dtype)

    def done(name: str, block: np.ndarray) -> None:
        if not contiguous:
            put(name, block)

    put("income", inc)
    put("cash", cash)
    if mt is not None:
        put("microtask_income", mt)
    put("job_income", job if job is not None else 0.0)
    if "learning_cost" in monthly:
        if car is not None and learning is not None:
            lc = dest("learning_cost")
            if cost is not None:
                np.copyto(lc, cost)
            else:
                np.multiply(learning, car.cost_month[:, :, None], out=lc)
            done("learning_cost", lc)
        else:
            put("learning_cost", 0.0)
    if "hours_microtask" in monthly:
        if mk is None:
            put("hours_microtask", 0.0)
        else:
            hm = dest("hours_microtask")
            np.multiply(hg, mk.fill()[:, None, c], out=hm)
            # + 0 × a fill (>= 0, finite) adds +0: skipped for options without Prolific hours
            if bool(hp.any()):
                hm += hp * mk.fill(pro=True)[:, None, c]
            if hr is not None:  # rating hours are worked every month (exam, projects, fallback)
                hm += hr
            if on and emp is not None:
                hm *= ~emp
            done("hours_microtask", hm)
    if car is None or learning is None or emp is None:
        for name in ("hours_learning", "hours_search", "hours_job"):
            put(name, 0.0)
        put("employed", False)
        return
    lh = car.learn_hours
    if "hours_learning" in monthly:
        hl = dest("hours_learning")
        np.multiply(learning, lh, out=hl)
        done("hours_learning", hl)
    if "hours_search" in monthly:
        hs = dest("hours_search")
        idle = np.logical_or(learning, emp)
        np.logical_not(idle, out=idle)  # ~learning & ~emp
        np.multiply(idle, lh, out=hs)
        done("hours_search", hs)
    if "hours_job" in monthly:
        hj = dest("hours_job")
        np.multiply(emp, jh if jh is not None else f32(0), out=hj)
        done("hours_job", hj)
    if "employed" in monthly:
        put("employed", emp)


def _pay_late(
    flat: np.ndarray, cum_prev: np.ndarray, left: np.ndarray, k: int, thr: np.float32
) -> None:
    """Payout threshold on the columns ``left`` of (M, cols) income from row ``k`` on, in place.

    ``cum_prev`` is the cumulative income of those columns up to row k − 1 (below the threshold):
    0 before the crossing month, everything so far in it, as earned afterwards (as in the block).
    """
    sub = flat[k:, left]
    run = np.empty((sub.shape[0] + 1, sub.shape[1]), sub.dtype)
    run[0] = cum_prev
    run[1:] = sub
    cs = np.add.accumulate(run, axis=0)[1:]  # sequential float32 sums, as the block's row loop
    cs *= cs >= thr
    unpaid = np.empty(sub.shape, bool)
    unpaid[0] = True
    np.equal(cs[:-1], 0, out=unpaid[1:])
    flat[k:, left] = np.where(unpaid, cs, sub)


def _first(mask: np.ndarray, u8: np.ndarray, wdesc: np.ndarray) -> np.ndarray:
    """Months before the first True month per (option, path) of an (M, K, n) mask (M if never).

    Weighting month i by M − i, the largest weight among True months is M − (first True month):
    one product and one reduction instead of a running AND over months (uint8: M <= 120).
    """
    np.multiply(mask.view(np.uint8), wdesc, out=u8)
    result: np.ndarray = np.uint8(mask.shape[0]) - u8.max(axis=0)
    return result


def _month(count: np.ndarray, M: int) -> np.ndarray:
    """Months before an event (a count of 'not yet' months) -> 1-based event month, -1 = never."""
    m = count.astype(np.int16) + 1
    m[m > M] = -1
    return m


def _paid_fraction_default() -> float:
    from crossroads.params import PARAMS

    return (
        (1 - PARAMS["mt_unpaid_search_share"].default)
        * (1 - PARAMS["mt_abandoned_share"].default)
        * (1 - PARAMS["mt_rejected_share"].default)
    )
