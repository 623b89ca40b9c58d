"""US benefit cliffs: EITC, SNAP and adult Medicaid from their published parameters.

Why this module: tenforty taxes income but applies no EITC and no benefits, and PolicyEngine-US
(which has them) is 866 MB and takes a minute to import — too heavy for a tool that runs on a
laptop. The three programmes that decide whether *earning more leaves a low earner with less* are
small rule sets, so they are coded here from the official tables, each figure with an evidence id
(``M3``–``M14`` in the packaged evidence table):

* **EITC** (tax year 2025, IRS Rev. Proc. 2024-40; IRC §32 rates): phase-in at 7.65 / 34 / 40 /
  45 % of earnings up to the maximum credit (649 / 4,328 / 7,152 / 8,046 USD for 0 / 1 / 2 / 3+
  children), phase-out at 7.65 / 15.98 / 21.06 / 21.06 % of the AGI above the start, ending at
  19,104 / 50,434 / 57,310 / 61,555 USD (26,214 / 57,554 / 64,430 / 68,675 for joint filers).
  It phases out smoothly: it raises marginal rates but never makes a cliff by itself.
* **SNAP** (federal fiscal year 2026, USDA FNS cost-of-living adjustment): gross income at most
  130 % of the poverty guideline, net income (gross − 20 % of earnings − the standard deduction −
  the excess shelter deduction) at most 100 %, benefit = maximum allotment − 30 % of net income,
  at least the minimum benefit for households of one or two. Losing eligibility at the limit while
  the benefit is still positive is a cliff.
* **Medicaid for adults** (the ACA expansion): income at most 138 % of the poverty guideline in the
  41 expansion jurisdictions (KFF); Wisconsin covers adults to 100 % without the expansion; the
  other nine states have no coverage for adults without children on income grounds, so no cliff.
  Coverage is in kind: its loss is counted at ``medicaid_loss_share`` of the income at the limit
  (a named assumption: the ACA premium contribution that replaces it just above the limit).

What is *not* modelled (said in the advice): state EITCs, broad-based categorical eligibility
(many states raise SNAP's gross limit to 200 %), SNAP's asset test and work requirements, Medicaid
for parents and children, the ACA premium tax credit's own shape, and take-up (benefits are shown,
not added to the projected cash: a person may not claim them).

Disposable income here = earnings + other income − tax (the tenforty schedule) + EITC (annualised
like the tax) + SNAP + the Medicaid value. An option *crosses a cliff* in a month when its earnings
lie above a programme's limit but its disposable income is below what earnings just under the
limit would give — there, an extra earned dollar has lowered disposable income.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from crossroads.profile import Profile

# ---- poverty guideline 2025 (HHS; 48 states and DC): the base of SNAP FY2026 and Medicaid (M3)
FPL_FIRST, FPL_EACH = 15_650.0, 5_500.0

# ---- EITC, tax year 2025 (M4-M7): per number of qualifying children 0, 1, 2, 3+
EITC_PHASE_IN = (0.0765, 0.34, 0.40, 0.45)
EITC_PHASE_OUT = (0.0765, 0.1598, 0.2106, 0.2106)
EITC_MAX = (649.0, 4_328.0, 7_152.0, 8_046.0)
EITC_END = (19_104.0, 50_434.0, 57_310.0, 61_555.0)  # single, head of household
EITC_END_JOINT = (26_214.0, 57_554.0, 64_430.0, 68_675.0)

# ---- SNAP, FY2026 (1 Oct 2025 - 30 Sep 2026), 48 states and DC (M8-M12)
SNAP_MAX = (298.0, 546.0, 785.0, 994.0, 1_183.0, 1_421.0, 1_571.0, 1_789.0)
SNAP_MAX_EACH = 218.0
SNAP_STD = (209.0, 209.0, 209.0, 223.0, 261.0, 299.0)  # 1-3, 4, 5, 6+
SNAP_SHELTER_CAP = 744.0
SNAP_MIN_BENEFIT = 24.0  # households of 1-2
SNAP_GROSS_SHARE, SNAP_NET_SHARE = 1.30, 1.00
SNAP_EARNED_DEDUCTION, SNAP_BENEFIT_REDUCTION = 0.20, 0.30

# ---- Medicaid adult coverage (M13, M14)
MEDICAID_EXPANSION_LIMIT = 1.38
NON_EXPANSION = frozenset({"AL", "FL", "GA", "KS", "MS", "SC", "TN", "TX", "WI", "WY"})
ADULT_LIMIT_OTHER = {"WI": 1.00}  # Wisconsin: adults to 100 % FPL without the expansion

SOURCE_IDS = "M3-M14"
PROGRAMMES = ("snap", "medicaid")  # the ones with a cliff; the EITC phases out smoothly


@dataclass(frozen=True)
class Household:
    """What the three programmes need to know about the person's household."""

    size: int
    children: int  # qualifying children for the EITC (capped at 3)
    joint: bool
    eitc_ok: bool  # married filing separately: no EITC in this model
    state: str | None
    shelter: float  # monthly rent and utilities (USD), for SNAP's excess shelter deduction
    medicaid_share: float  # what losing Medicaid costs, as a share of the income at its limit

    @property
    def fpl_month(self) -> float:
        return (FPL_FIRST + FPL_EACH * (self.size - 1)) / 12.0

    @property
    def snap_gross_limit(self) -> float:
        """SNAP's gross monthly limit: 130 % of the guideline / 12, rounded up (as FNS does)."""
        return float(math.ceil(SNAP_GROSS_SHARE * self.fpl_month))

    @property
    def snap_net_limit(self) -> float:
        """SNAP's net monthly limit: 100 % of the guideline / 12, rounded up."""
        return float(math.ceil(SNAP_NET_SHARE * self.fpl_month))

    @property
    def medicaid_value(self) -> float:
        """Monthly value of adult Medicaid coverage (USD): what losing it at the limit costs."""
        lim = self.medicaid_limit
        return 0.0 if lim is None else self.medicaid_share * lim

    @property
    def medicaid_limit(self) -> float | None:
        """Monthly income limit of adult Medicaid (USD), None = no adult coverage on income."""
        if self.state is None:
            return None  # unknown state: the advice asks for money.tax.state
        if self.state in ADULT_LIMIT_OTHER:
            return ADULT_LIMIT_OTHER[self.state] * self.fpl_month
        if self.state in NON_EXPANSION:
            return None
        return MEDICAID_EXPANSION_LIMIT * self.fpl_month


def household(profile: Profile, params: Any, fx: float = 1.0) -> Household | None:
    """The profile's household for the US programmes, or None outside the US."""
    if str(getattr(profile, "country", "US")) != "US":
        return None
    t = getattr(profile.money, "tax", None)
    status = str(getattr(t, "filing_status", "single") or "single") if t is not None else "single"
    deps = int(getattr(t, "dependants", 0) or 0) if t is not None else 0
    state = getattr(t, "state", None) if t is not None else None
    joint = status == "married_joint"
    expenses_usd = float(profile.money.monthly_expenses) * float(fx)
    return Household(
        size=1 + int(joint) + deps,
        children=min(deps, 3),
        joint=joint,
        eitc_ok=status != "married_separate",
        state=str(state) if state else None,
        shelter=float(params["snap_shelter_share"]) * expenses_usd,
        medicaid_share=float(params["medicaid_loss_share"]),
    )


def eitc_annual(earned: Any, agi: Any, h: Household) -> np.ndarray:
    """Annual EITC (USD) of annual earned income and AGI (arrays broadcast), tax year 2025."""
    e = np.maximum(np.asarray(earned, np.float64), 0.0)
    a = np.maximum(np.asarray(agi, np.float64), 0.0)
    if not h.eitc_ok:
        return np.zeros(np.broadcast(e, a).shape)
    c = h.children
    top, rate_out = EITC_MAX[c], EITC_PHASE_OUT[c]
    end = (EITC_END_JOINT if h.joint else EITC_END)[c]
    start = end - top / rate_out  # the published start, derived exactly from end and maximum
    credit = np.minimum(EITC_PHASE_IN[c] * e, top)
    reduce = rate_out * np.maximum(np.maximum(a, e) - start, 0.0)
    out: np.ndarray = np.maximum(credit - reduce, 0.0)
    return out


def _size_table(table: tuple[float, ...], size: int, each: float = 0.0) -> float:
    if size <= len(table):
        return table[size - 1]
    return table[-1] + each * (size - len(table))


def snap_monthly(earned: Any, unearned: Any, h: Household) -> np.ndarray:
    """Monthly SNAP benefit (USD) of monthly earned and unearned income, FY2026 federal rules."""
    e = np.maximum(np.asarray(earned, np.float64), 0.0)
    u = np.maximum(np.asarray(unearned, np.float64), 0.0)
    gross = e + u
    after = np.maximum((1 - SNAP_EARNED_DEDUCTION) * e + u - _size_table(SNAP_STD, h.size), 0.0)
    excess = np.clip(h.shelter - 0.5 * after, 0.0, SNAP_SHELTER_CAP)
    net = np.maximum(after - excess, 0.0)
    ok = (gross <= h.snap_gross_limit) & (net <= h.snap_net_limit)
    benefit = _size_table(SNAP_MAX, h.size, SNAP_MAX_EACH) - SNAP_BENEFIT_REDUCTION * net
    if h.size <= 2:
        benefit = np.maximum(benefit, SNAP_MIN_BENEFIT)
    out: np.ndarray = np.where(ok, np.maximum(benefit, 0.0), 0.0)
    return out


def medicaid_value(earned: Any, unearned: Any, h: Household) -> np.ndarray:
    """Monthly value (USD) of adult Medicaid coverage at this income: the value or 0."""
    e = np.asarray(earned, np.float64)
    lim = h.medicaid_limit
    if lim is None:
        return np.zeros(np.broadcast(e, np.asarray(unearned)).shape)
    out: np.ndarray = np.where(e + np.asarray(unearned, np.float64) <= lim, h.medicaid_value, 0.0)
    return out


def benefits_monthly(earned: Any, unearned: Any, h: Household) -> np.ndarray:
    """EITC (annualised, ÷ 12) + SNAP + Medicaid value of a month's income (USD)."""
    e = np.asarray(earned, np.float64)
    u = np.asarray(unearned, np.float64)
    out: np.ndarray = (
        eitc_annual(12.0 * e, 12.0 * (e + u), h) / 12.0
        + snap_monthly(e, u, h)
        + medicaid_value(e, u, h)
    )
    return out


def _snap_limit(unearned: float, h: Household) -> float:
    """Monthly earnings (USD) at which SNAP eligibility ends, given the unearned income."""
    if snap_monthly(0.0, unearned, h) <= 0:
        return math.nan  # not eligible even without earnings: no cliff from earning
    std = _size_table(SNAP_STD, h.size)
    lo, hi = 0.0, 20.0 * h.fpl_month
    for _ in range(60):  # eligibility is monotone in earnings: bisection
        mid = 0.5 * (lo + hi)
        after = max((1 - SNAP_EARNED_DEDUCTION) * mid + unearned - std, 0.0)
        excess = min(max(h.shelter - 0.5 * after, 0.0), SNAP_SHELTER_CAP)
        ok = mid + unearned <= h.snap_gross_limit and after - excess <= h.snap_net_limit
        lo, hi = (mid, hi) if ok else (lo, mid)
    return lo


@dataclass(frozen=True)
class Cliff:
    """One programme's limit for the household: where it ends and what ending it costs."""

    programme: str  # "snap" | "medicaid"
    earnings: float  # monthly earnings (USD) at the limit
    loss: float  # monthly benefit lost on crossing it (USD)


def cliffs(h: Household, unearned: float) -> list[Cliff]:
    """The programme limits with a benefit still positive there (the cliffs), for this income."""
    return list(_cliffs(h, float(unearned)))


@functools.lru_cache(maxsize=256)
def _cliffs(h: Household, unearned: float) -> tuple[Cliff, ...]:
    """:func:`cliffs`, once per household and income: the SNAP limit is a 60-step bisection in
    Python, and an advice asks for it for every finalist (a cohort worker, for every person)."""
    out: list[Cliff] = []
    ts = _snap_limit(unearned, h)
    if not math.isnan(ts):
        loss = float(snap_monthly(ts, unearned, h)) - float(snap_monthly(ts + 1.0, unearned, h))
        if loss > 1.0:
            out.append(Cliff("snap", ts, loss))
    lim = h.medicaid_limit
    if lim is not None and h.medicaid_value > 0:
        tm = lim - unearned
        if tm > 0:
            out.append(Cliff("medicaid", tm, h.medicaid_value))
    return tuple(sorted(out, key=lambda c: c.earnings))


def disposable(
    wage: np.ndarray, se: np.ndarray, unearned: np.ndarray, h: Household, tax: Any, fx: float
) -> np.ndarray:
    """Monthly disposable income (profile currency) of monthly wage and self-employment income.

    ``tax`` is the run's US schedule (``.tax(wage, se)`` on monthly amounts in the profile
    currency) or None (no tax); ``fx`` is USD per unit of the profile currency."""
    w = np.asarray(wage, np.float64)
    s = np.asarray(se, np.float64)
    t = (
        np.asarray(tax.tax(w.astype(np.float32), s.astype(np.float32)), np.float64)
        if tax is not None
        else 0.0
    )
    b = benefits_monthly((w + s) * fx, np.asarray(unearned, np.float64) * fx, h) / fx
    out: np.ndarray = w + s + unearned - t + b
    return out


def _past_any(e: np.ndarray, u: np.ndarray, h: Household, fx: float) -> np.ndarray:
    """(paths, months) bool: earnings above the lowest limit of the month's cliffs (the only
    months whose disposable income :func:`hits` reads)."""
    out = np.zeros(e.shape, bool)
    for uv in np.unique(u):
        cols = u == uv
        cs = cliffs(h, float(uv) * fx)
        if cs:
            low = min(c.earnings for c in cs)
            out[:, cols] = (e[:, cols] * fx > low) & (e[:, cols] > 0)
    return out


def _disposable_where(
    w: np.ndarray,
    s: np.ndarray,
    u: np.ndarray,
    h: Household,
    tax: Any,
    fx: float,
    mask: np.ndarray,
) -> np.ndarray:
    """:func:`disposable` of the (paths, months) cells ``mask``, NaN elsewhere.

    Why: an option's earnings are past a cliff in a minority of its months, and the tax and
    benefit rules are elementwise, so computing them on those cells alone gives the same numbers
    for a fraction of the work (a US advice checks ~10 options × 10,000 paths × 36 months).
    """
    out = np.full(w.shape, np.nan)
    out[mask] = disposable(w[mask], s[mask], np.broadcast_to(u, w.shape)[mask], h, tax, fx)
    return out


@dataclass(frozen=True)
class CliffHits:
    """Where one option's earnings sit past a cliff: per path, and on the median path."""

    p_paths: float  # share of paths with at least one such month
    months_p50: tuple[int, ...]  # 1-based months in which the median path is past a cliff
    programmes: tuple[str, ...]  # which programmes' limits are crossed that way
    loss_p50: float  # median, over the months hit on any path, of the disposable income lost


def hits(
    wage: np.ndarray,
    se: np.ndarray,
    unearned: np.ndarray,
    h: Household,
    tax: Any,
    fx: float,
) -> CliffHits:
    """The months where an option's earnings are past a cliff (disposable below its edge).

    ``wage`` and ``se`` are (paths, months) monthly earnings in the profile currency; ``unearned``
    is (months,) other income. A month is *hit* when its earnings are above a programme's limit
    and its disposable income is below the disposable income of earnings just under the limit
    (the same wage / self-employment mix): there, earning more has left less.
    """
    w = np.asarray(wage, np.float64)
    s = np.asarray(se, np.float64)
    u = np.broadcast_to(np.asarray(unearned, np.float64), w.shape[-1:])
    e = w + s
    per_income = [cliffs(h, float(uv) * fx) for uv in np.unique(u)]
    lows = [min(c.earnings for c in cs) for cs in per_income if cs]
    if not lows or not e.size or float(e.max()) * fx <= min(lows):
        # no month of any path (hence of the median path) earns past a limit: nothing is hit
        return CliffHits(p_paths=0.0, months_p50=(), programmes=(), loss_p50=0.0)
    share = np.divide(w, e, out=np.zeros_like(e), where=e > 0)
    hit = np.zeros(e.shape, bool)
    progs: set[str] = set()
    lost: list[np.ndarray] = []
    d_now: np.ndarray | None = None
    med_e = np.median(e, axis=0)
    med_share = float(w.sum() / e.sum()) if e.sum() > 0 else 0.0
    med_w, med_s = med_e * med_share, med_e * (1 - med_share)
    d_med = disposable(med_w, med_s, u, h, tax, fx)
    med_hit = np.zeros(med_e.shape, bool)
    for uv in np.unique(u):
        cols = u == uv
        for c in cliffs(h, float(uv) * fx):
            edge = (c.earnings - 1.0) / fx  # just under the limit, profile currency
            past = (e[:, cols] * fx > c.earnings) & (e[:, cols] > 0)
            if not past.any() and not (med_e[cols] * fx > c.earnings).any():
                continue
            if past.any():
                if d_now is None:
                    d_now = _disposable_where(w, s, u, h, tax, fx, _past_any(e, u, h, fx))
                # only the months past the limit can be hit: the disposable income just under
                # it is computed there alone (elementwise, so the same numbers as everywhere)
                sub = np.broadcast_to(u[cols], past.shape)[past]
                ew = np.full(sub.shape, edge)
                d_edge = np.full(past.shape, np.nan)
                d_edge[past] = disposable(ew * share[:, cols][past],
                                          ew * (1 - share[:, cols][past]), sub, h, tax, fx)  # fmt: skip
                with np.errstate(invalid="ignore"):
                    below = past & (d_now[:, cols] < d_edge)
                if below.any():
                    progs.add(c.programme)
                    hit[:, cols] |= below
                    lost.append((d_edge - d_now[:, cols])[below])
            mw = np.full(int(cols.sum()), edge)
            dm_edge = disposable(mw * med_share, mw * (1 - med_share), u[cols], h, tax, fx)
            mh = (med_e[cols] * fx > c.earnings) & (d_med[cols] < dm_edge)
            if mh.any():
                progs.add(c.programme)
                med_hit[cols] |= mh
    months = tuple(int(i) + 1 for i in np.flatnonzero(med_hit))
    loss = float(np.median(np.concatenate(lost))) if lost else 0.0
    return CliffHits(
        p_paths=float(hit.any(axis=1).mean()) if hit.size else 0.0,
        months_p50=months,
        programmes=tuple(p for p in PROGRAMMES if p in progs),
        loss_p50=loss,
    )


_NAMES = {"snap": "SNAP (food assistance)", "medicaid": "Medicaid (adult coverage)"}


def option_hits(sim: Any, k: int, profile: Profile) -> CliffHits | None:
    """Cliff hits of option ``k`` of a run that kept its monthly earnings, or None (not US, or the
    run kept no earnings arrays). The option's own earnings count — microtasks (self-employment),
    the career job (a wage) or freelance pay (self-employment); the fallback job's pay does not."""
    h = household(profile, sim.params, float(sim.setup.fx))
    if h is None or "microtask_income" not in sim.kept or "job_income" not in sim.kept:
        return None
    mt = np.asarray(sim.monthly("microtask_income")[k], np.float64).T  # (P, M)
    job = np.asarray(sim.monthly("job_income")[k], np.float64).T
    opt = sim.options[k]
    freelance = bool(getattr(opt, "freelance", False)) or getattr(opt, "kind", "") == "freelance"
    wage, se = (np.zeros_like(job), mt + job) if freelance else (job, mt)
    cr = sim.setup.cash
    months = mt.shape[1]
    other = (
        np.asarray(cr.other, np.float64)[:months]
        if cr is not None
        else np.full(months, float(sim.setup.other_income))
    )
    return hits(wage, se, other, h, sim.setup.tax, float(sim.setup.fx))


def describe(hit: CliffHits, currency: str) -> str:
    """One line for the advice, the plan and the report ("" when no cliff is crossed)."""
    if hit.p_paths <= 0 and not hit.months_p50:
        return ""
    progs = " and ".join(_NAMES[p] for p in hit.programmes) or "a benefit"
    where = (
        f"at the median earnings of month{'s' if len(hit.months_p50) > 1 else ''} "
        f"{_months(hit.months_p50)}"
        if hit.months_p50
        else "not at the median earnings of any month"
    )
    return (
        f"Benefit cliff: earning more lowers your disposable income past the {progs} limit — "
        f"{where}, and in {_share(hit.p_paths)} of the simulated futures at least once (about "
        f"{hit.loss_p50:,.0f} {currency} a month less than earning just under the limit)."
    )


def _share(p: float) -> str:
    return "fewer than 1%" if 0 < p < 0.005 else f"{p:.0%}"


def _months(ms: tuple[int, ...]) -> str:
    runs: list[str] = []
    start = prev = ms[0]
    for m in ms[1:] + (-1,):
        if m == prev + 1:
            prev = m
            continue
        runs.append(f"{start}" if start == prev else f"{start}–{prev}")
        start = prev = m
    return ", ".join(runs)


def household_note(h: Household, unearned: float, currency: str, fx: float) -> str:
    """The household's programme limits in one sentence (what the cliff check used)."""
    cs = cliffs(h, unearned * fx)
    parts = [
        f"{_NAMES[c.programme]} ends at about {c.earnings / fx:,.0f} {currency}/month of earnings "
        f"(−{c.loss / fx:,.0f} {currency}/month)"
        for c in cs
    ]
    med = (
        "Medicaid: set money.tax.state to check adult coverage"
        if h.state is None
        else ("" if h.medicaid_limit is not None else f"no adult Medicaid on income in {h.state}")
    )
    limits = "; ".join(parts + ([med] if med else [])) or "no benefit limit with a cliff"
    return (
        f"US benefits for a household of {h.size} (federal EITC 2025, SNAP FY2026, adult Medicaid; "
        f"{SOURCE_IDS}): {limits}. Benefits are shown for the cliffs, not added to the projected "
        "cash; state EITCs, broad-based SNAP eligibility and asset tests are not modelled."
    )
