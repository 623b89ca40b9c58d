"""Taxes on earned income: US schedules computed by tenforty, a flat named rate elsewhere.

Why schedules: a tax return takes tenforty ~13 ms, the engine needs the tax of millions of
(path, month) incomes. So the tax of a household type (state, filing status, dependants) is
computed once by tenforty on a grid of annual wage × self-employment income, and the engine
interpolates it (bilinear). Schedules for single filers without dependants — federal only (also
used for the states without a wage tax) and the ten most populous states with one — ship in the
package (``data/tax_us_2025.json.gz``, built by ``scripts/build_tax_schedules.py``); any other
household is computed on first use (216 returns: 3 s on an idle machine, up to a minute on a
loaded one) and cached on disk.

What is in a schedule (tax year 2025, the latest tenforty knows):

* federal income tax and self-employment tax (Schedule SE, incl. the half-SE deduction and the
  QBI deduction) and state income tax — all from tenforty (its OpenTaxSolver backend, or its
  graph backend for the states OpenTaxSolver has no 2025 form for);
* the employee's payroll tax on wages (FICA: 6.2% Social Security up to the 2025 wage base of
  $176,100, 1.45% Medicare; IRS Topic 751, SSA) — statutory rates, not in a 1040, added here;
* not included: credits tenforty does not apply (the EITC), benefits (SNAP, Medicaid), local
  income taxes. The advice says so.

The month's income is annualised (× 12) and taxed at that annual level (÷ 12): a steady earner
pays the annual tax spread over the year; volatile income is taxed a little more than its annual
total would be (a stated approximation).
"""

from __future__ import annotations

import gzip
import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from crossroads.profile import Profile

TAX_YEAR = 2025
SS_RATE, SS_WAGE_BASE, MEDICARE_RATE = 0.062, 176_100.0, 0.0145
#: the grid tenforty is evaluated on (annual USD); the engine interpolates between its nodes
GRID_WAGE: tuple[float, ...] = (
    0,
    5e3,
    10e3,
    15e3,
    20e3,
    25e3,
    30e3,
    35e3,
    40e3,
    50e3,
    60e3,
    75e3,
    90e3,
    110e3,
    140e3,
    180e3,
    250e3,
    400e3,
)
GRID_SE: tuple[float, ...] = (0, 1e3, 2.5e3, 5e3, 7.5e3, 10e3, 15e3, 20e3, 30e3, 45e3, 70e3, 120e3)
#: the engine's uniform grid (resampled from the tenforty grid: index arithmetic, no search)
STEP = 2_500.0
N_WAGE, N_SE = 161, 49  # 0 .. 400,000 and 0 .. 120,000 in steps of 2,500
STATUS_TO_TENFORTY = {
    "single": "Single",
    "married_joint": "Married/Joint",
    "married_separate": "Married/Sep",
    "head_of_household": "Head_of_House",
}
SOURCE = (
    f"tenforty {TAX_YEAR} (OpenTaxSolver federal and state forms) + employee FICA "
    "(IRS Topic 751: 6.2% to $176,100, 1.45%)"
)
_lock = threading.Lock()


@dataclass(frozen=True)
class TaxSchedule:
    """Annual tax of a household on a uniform (wage, self-employment) grid, interpolated."""

    key: str
    table: np.ndarray  # (N_WAGE, N_SE) annual tax in USD (float64)
    fx: float = 1.0  # profile currency per USD is 1 / fx (fx = USD per unit of currency)

    def annual(self, wage: Any, se: Any) -> np.ndarray:
        """Annual tax (USD) of annual wage and self-employment income (USD), float64."""
        w = np.maximum(np.asarray(wage, np.float64), 0.0) / STEP
        s = np.maximum(np.asarray(se, np.float64), 0.0) / STEP
        iw = np.minimum(w.astype(np.intp), N_WAGE - 2)
        is_ = np.minimum(s.astype(np.intp), N_SE - 2)
        fw, fs = w - iw, s - is_  # > 1 beyond the grid: linear extrapolation of the last cell
        t = self.table
        out: np.ndarray = (1 - fw) * ((1 - fs) * t[iw, is_] + fs * t[iw, is_ + 1]) + fw * (
            (1 - fs) * t[iw + 1, is_] + fs * t[iw + 1, is_ + 1]
        )
        return out

    def tax(self, wage_month: np.ndarray | None, se_month: np.ndarray | None) -> np.ndarray:
        """Monthly tax (profile currency, float32) of monthly wage and self-employment income.

        float32 index arithmetic on the uniform grid (the engine's hot path): annualise, take the
        cell, blend the four corners. Why it is written this way (every step the same float32
        operation on the same values as the plain bilinear blend, so the same bits):

        * the corner differences along the self-employment axis are tabulated once
          (:attr:`_tables`), so each element needs four ``np.take`` from one cell index and no
          ``index + 1`` temporaries;
        * clamps against a constant array, not a scalar (NumPy's min/max with a scalar operand
          is not vectorised: ~4x slower);
        * ``None`` for a part known to be zero (no career job, the fallback job's pay alone):
          the blend along that axis is then exactly the lower node (the table holds no −0.0 and
          no inf, checked in :attr:`_tables`), so half the takes are skipped.
        """
        f32 = np.float32
        A, D, A1, D1, zero_ok = self._tables
        if wage_month is None and se_month is None:
            raise ValueError("tax(): give the wage or the self-employment income")
        if not zero_ok:  # never for a tenforty table; the plain blend on explicit zeros
            if wage_month is None:
                wage_month = np.zeros_like(np.asarray(se_month, f32))
            if se_month is None:
                se_month = np.zeros_like(np.asarray(wage_month, f32))
        k = f32(12.0 * self.fx / STEP)
        w = s = None
        if wage_month is not None:
            w = np.multiply(wage_month, k, dtype=f32)
        if se_month is not None:
            s = np.multiply(se_month, k, dtype=f32)
        if w is not None and s is not None and w.shape != s.shape:
            shape = np.broadcast_shapes(w.shape, s.shape)
            w = np.ascontiguousarray(np.broadcast_to(w, shape))
            s = np.ascontiguousarray(np.broadcast_to(s, shape))
        size = (w if w is not None else s).size  # type: ignore[union-attr]
        lo_w, hi_w, hi_s = _const(0.0, size), _const(N_WAGE - 2, size), _const(N_SE - 2, size)
        cell = None  # float32 cell index: wage node × N_SE + self-employment node (exact < 2**24)
        if w is not None:
            np.maximum(w, lo_w.reshape(w.shape), out=w)
            cell = np.floor(w)
            np.minimum(cell, hi_w.reshape(w.shape), out=cell)
            w -= cell  # > 1 beyond the grid: linear extrapolation of the last cell
            cell *= N_SE
        if s is not None:
            np.maximum(s, lo_w.reshape(s.shape), out=s)
            fs = np.floor(s)
            np.minimum(fs, hi_s.reshape(s.shape), out=fs)
            s -= fs
            if cell is None:
                cell = fs
            else:
                cell += fs
        assert cell is not None
        i = cell.astype(np.intp)
        if s is not None:  # lower and upper wage node, blended along self-employment
            lo = np.take(D, i)
            lo *= s
            lo += np.take(A, i)
        else:
            lo = np.take(A, i)
        if w is not None:
            if s is not None:
                hi = np.take(D1, i)
                hi *= s
                hi += np.take(A1, i)
            else:
                hi = np.take(A1, i)
            hi -= lo
            hi *= w
            lo += hi
        lo *= f32(1.0 / (12.0 * self.fx))
        out: np.ndarray = lo
        return out

    @property
    def _tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]:
        """float32 flat tables indexed by a cell: the node, its difference to the next
        self-employment node, and both for the next wage node; and whether the zero-part
        shortcut is exact (no −0.0, every value finite)."""
        cached = self.__dict__.get("_tab")
        if cached is None:
            a = self._flat32
            d = np.zeros_like(a)
            np.subtract(a[1:], a[:-1], out=d[:-1])
            a1 = np.zeros_like(a)
            a1[:-N_SE] = a[N_SE:]
            d1 = np.zeros_like(a)
            d1[:-N_SE] = d[N_SE:]
            ok = bool(np.isfinite(a).all() and not np.signbit(a[a == 0]).any())
            cached = (a, d, a1, d1, ok)
            object.__setattr__(self, "_tab", cached)
        return cached

    @property
    def _flat32(self) -> np.ndarray:
        cached = self.__dict__.get("_f32")
        if cached is None:
            cached = self.table.astype(np.float32).ravel()
            object.__setattr__(self, "_f32", cached)
        return cached

    def with_fx(self, fx: float) -> TaxSchedule:
        return TaxSchedule(self.key, self.table, float(fx))


_consts: dict[float, np.ndarray] = {}


def _const(value: float, size: int) -> np.ndarray:
    """A read-only float32 array of ``size`` copies of ``value`` (grown on demand, shared)."""
    arr = _consts.get(value)
    if arr is None or arr.size < size:
        arr = np.full(max(size, 1024), value, np.float32)
        arr.flags.writeable = False
        _consts[value] = arr
    return arr[:size]


#: no state income tax on wages (NH taxes only interest and dividends, and not from 2025): federal only
NO_WAGE_TAX_STATES = frozenset({"AK", "FL", "NH", "NV", "SD", "TN", "TX", "WA", "WY"})
#: shipped for single filers without dependants: federal only, and the most populous states with a
#: wage tax (the rest are computed on first use and cached)
PACKAGED_STATES: tuple[str | None, ...] = (
    None,
    "CA",
    "NY",
    "PA",
    "IL",
    "OH",
    "GA",
    "NC",
    "MI",
    "NJ",
    "VA",
)


def household_key(state: str | None, filing_status: str = "single", dependants: int = 0) -> str:
    st = None if state in NO_WAGE_TAX_STATES else state
    return f"{st or 'none'}|{filing_status}|{int(dependants)}"


def _fica(wage: float) -> float:
    return SS_RATE * min(wage, SS_WAGE_BASE) + MEDICARE_RATE * wage


def tenforty_tax(
    wage: float, se: float, state: str | None, filing_status: str, dependants: int
) -> float:
    """Annual tax of one household by tenforty itself (+ employee FICA): the golden reference."""
    import tenforty

    kw = dict(
        year=TAX_YEAR,
        state=state,
        filing_status=STATUS_TO_TENFORTY[filing_status],
        num_dependents=int(dependants),
        w2_income=float(wage),
        self_employment_income=float(se),
    )
    try:
        r = tenforty.evaluate_return(**kw)
    except ValueError:
        # OpenTaxSolver has no 2025 form for some states (AL, CO, IL, ...): tenforty's graph backend does
        r = tenforty.evaluate_return(**kw, backend="graph")
    return float(r.federal_total_tax) + float(r.state_total_tax or 0.0) + _fica(float(wage))


def coarse_table(state: str | None, filing_status: str, dependants: int) -> list[list[float]]:
    """tenforty on the coarse grid: (len(GRID_WAGE), len(GRID_SE)) annual tax."""
    return [
        [round(tenforty_tax(w, s, state, filing_status, dependants), 2) for s in GRID_SE]
        for w in GRID_WAGE
    ]


def resample(coarse: Any) -> np.ndarray:
    """Bilinear resampling of the coarse tenforty grid onto the engine's uniform grid."""
    c = np.asarray(coarse, np.float64)
    gw, gs = np.asarray(GRID_WAGE), np.asarray(GRID_SE)
    w = np.arange(N_WAGE) * STEP
    s = np.arange(N_SE) * STEP
    along_s = np.array([np.interp(s, gs, row) for row in c])  # (len(gw), N_SE)
    return np.array([np.interp(w, gw, along_s[:, j]) for j in range(N_SE)]).T  # (N_WAGE, N_SE)


@lru_cache(maxsize=1)
def _packaged() -> dict[str, Any]:
    try:
        raw = resources.files("crossroads.data").joinpath("tax_us_2025.json.gz").read_bytes()
    except FileNotFoundError:
        return {}
    return dict(json.loads(gzip.decompress(raw)))


def _cache_dir() -> Path:
    env = os.environ.get("CROSSROADS_CACHE_DIR")
    if env:
        return Path(env) / "tax"
    import platformdirs

    return Path(platformdirs.user_cache_dir("crossroads")) / "tax"


@lru_cache(maxsize=64)
def us_schedule(
    state: str | None, filing_status: str = "single", dependants: int = 0
) -> TaxSchedule:
    """The schedule of a US household: packaged, else the disk cache, else tenforty now (cached)."""
    key = household_key(state, filing_status, dependants)
    if state in NO_WAGE_TAX_STATES:
        state = None
    pk = _packaged().get("tables", {})
    if key in pk:
        return TaxSchedule(key, resample(pk[key]))
    path = _cache_dir() / f"{TAX_YEAR}-{key.replace('|', '-')}.json"
    with _lock:
        if path.exists():
            try:
                return TaxSchedule(key, resample(json.loads(path.read_text())))
            except (OSError, ValueError):
                pass
        coarse = coarse_table(state, filing_status, dependants)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(coarse))
            tmp.replace(path)  # atomic: a crash never leaves half a schedule
        except OSError:
            pass  # a read-only home: compute again next time
    return TaxSchedule(key, resample(coarse))


@dataclass(frozen=True)
class TaxTerms:
    """How a run taxes income: a US schedule, or a flat rate (``keep_share`` = 1 − rate)."""

    schedule: TaxSchedule | None
    keep_share: float
    note: str


def tax_terms(profile: Profile, params: Any, fx: float = 1.0) -> TaxTerms:
    """US: tenforty schedule of the household (money.tax); elsewhere the flat ``income_tax_rate``.

    ``money.tax.effective_rate`` overrides both; an explicit ``income_tax_rate`` in the profile's
    assumptions also applies a flat rate to a US profile. ``fx`` is USD per unit of the profile's
    currency (the schedule is in USD).
    """
    m = profile.money
    t = getattr(m, "tax", None)
    rate = getattr(t, "effective_rate", None) if t is not None else None
    country = str(getattr(profile, "country", "US"))
    overridden = "income_tax_rate" in getattr(params, "overridden", set())
    if rate is not None:
        return TaxTerms(
            None,
            1.0 - float(rate),
            f"Taxes: a flat {float(rate):.0%} of earned income (money.tax.effective_rate). "
            "Net income is after tax.",
        )
    if country != "US" or overridden:
        r = float(params["income_tax_rate"])
        why = (
            "assumption income_tax_rate (your override)"
            if overridden
            else f"named assumption income_tax_rate, range 0-50%: no tax-benefit model for {country} yet"
        )
        return TaxTerms(
            None,
            1.0 - r,
            f"Taxes: a flat {r:.0%} of earned income ({why}). Net income is after tax.",
        )
    state = getattr(t, "state", None) if t is not None else None
    status = getattr(t, "filing_status", "single") if t is not None else "single"
    deps = int(getattr(t, "dependants", 0) or 0) if t is not None else 0
    sched = us_schedule(state, status, deps).with_fx(float(fx))
    where = (
        f"{state} state income tax"
        if state
        else "no state income tax (set money.tax.state to add yours)"
    )
    note = (
        f"Taxes: US {TAX_YEAR} federal income tax, self-employment tax on microtask income, payroll tax "
        f"on wages and {where}, for a {status.replace('_', ' ')} filer with {deps} dependant(s), from "
        "tenforty; local taxes are not included, and the EITC and benefits are not added to net "
        "income (money.benefits: where they make a cliff). Net income is after tax."
    )
    return TaxTerms(sched, 1.0, note)
