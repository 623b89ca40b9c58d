"""The cash ledger: income → tax → fallback → interest → cash, month by month, never below the limit.

Why its own module: cash is the one path-dependent part of the model (the fallback starts when
cash runs low, interest depends on the balance), so it is a recursion over months. The engine runs
it on whole (options × paths) rows per month (:func:`ledger_block`); the per-path reference loop
runs :func:`ledger_step` on floats. Both implement the same rules, in the same order:

1. the month's gross income: the option's income, or — once the fallback job pays and while the
   person has no career job — the fallback job's pay (its hours replace the microtasks; a career
   hire ends the fallback job: back to the option's own income); with the microtask fallback,
   the extra microtask hours' earnings are added;
2. tax on that month's income (the US schedule, annualised; elsewhere a flat rate already applied
   upstream), giving net income. The option's own income is taxed for the whole block at once
   (it does not depend on cash), the fallback job's pay once per path; in the month the fallback
   job starts (part of a month) the tax is the same blend of the two as the income;
3. interest on the card balance at the start of the month: ``APR/12 · max(0, −max(B, limit))``;
4. the ledger balance ``B`` = B + net income + other income − expenses − learning cost − interest.
   The cash a person holds is ``max(B, limit)``; anything below the limit is *unpaid bills*;
5. the fallback begins the month after ``B < floor + trigger_months · max(expenses − other, 0)``
   (first time only); the fallback job pays from ``delay`` months later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

NEVER = np.int16(32000)


@dataclass
class LedgerOut:
    """Per (option, path) results of a block's ledger (float32 money, int16 rows)."""

    start: np.ndarray  # row (0-based) the fallback began, NEVER = never
    interest: np.ndarray  # total interest paid
    cost: np.ndarray  # learning cost actually paid
    gross: np.ndarray  # total gross earned income (before tax)
    tax: np.ndarray  # total tax


def _wage_part(
    job: np.ndarray | None, like: np.ndarray, is_wage: bool | np.ndarray
) -> np.ndarray | None:
    """The part of the income taxed as wages: the career pay of the options whose job is a wage
    (``is_wage`` per option, axis 1 of a block / axis 0 of a month); freelance pay is not.

    None when there is no wage part at all (no career, or only freelance careers): the tax
    schedule then skips its wage axis (``TaxSchedule.tax(None, se)``, the same numbers)."""
    if job is None:
        return None
    w = np.asarray(is_wage, bool)
    if w.ndim == 0:
        return np.broadcast_to(job, like.shape) if bool(w) else None
    if not w.any():
        return None
    mask = w[None, :, None] if like.ndim == 3 else w[:, None]
    return np.where(mask, np.broadcast_to(job, like.shape), np.float32(0)).astype(
        like.dtype, copy=False
    )


def ledger_block(
    *,
    inc: np.ndarray,
    job: np.ndarray | None,
    cost: np.ndarray | None,
    savings: float,
    other: np.ndarray,
    expenses: float,
    floor: float,
    limit: float,
    month_rate: float,
    rule: str,
    trigger_months: float,
    keep_search: bool,
    fb_pay: np.ndarray | None,
    fb_delay: np.ndarray | None,
    extra: np.ndarray | None,
    extra_h: np.ndarray | None,
    stop_mt: bool,
    tax: Any,
    B: np.ndarray,
    scratch: np.ndarray | None = None,
    job_is_wage: bool | np.ndarray = True,
) -> LedgerOut:
    """Run the ledger on a block in place: ``inc`` (M, K, n) gross → net income, ``B`` ← balances.

    ``job`` (M, K|1, n) is the career pay inside ``inc`` (None: no career); ``cost`` (M, n) or
    (M, K, n) the monthly learning cost; ``fb_pay`` (K, n) the fallback job's monthly pay and ``fb_delay``
    (K, n) the months (fractional) from the moment cash crosses the trigger to the first pay;
    ``extra`` (M, n) microtask earnings per h/week for the microtask fallback, ``extra_h`` (K,)
    its hours; ``tax`` a schedule with ``.tax(wage, se)`` on monthly amounts, or None (a flat
    rate is applied upstream); ``scratch`` an (M, K, n) buffer for the gross income;
    ``job_is_wage`` False (or False per option, a (K,) array) for a freelance career: its pay is
    self-employment income (SE tax, no payroll withholding), like microtask earnings.

    The crossing time is interpolated inside the month (the balance is taken as falling evenly
    through it), so the fallback job starts a fraction of a month after the moment cash ran low,
    not at a month boundary: a person with a little more savings then adapts a little later, not
    up to a whole month later with less cash (which made the outcome jump with savings).
    """
    f32 = np.float32
    M, K, n = inc.shape
    fb_on = rule != "off"
    start = np.full((K, n), NEVER, np.int16)  # first row of the fallback (row after the crossing)
    # the time the fallback job starts paying (months from the start, fractional)
    T = np.full((K, n), np.inf, f32) if rule == "any_job" else None
    interest = np.zeros((K, n), f32)
    paid_cost = np.zeros((K, n), f32)
    prev = np.full((K, n), f32(savings), f32)
    tmp = np.empty((K, n), f32)
    lim, r = f32(limit), f32(month_rate)
    # no interest can accrue when cash cannot go below zero (limit >= 0) or the rate is 0
    debt = bool(lim < 0 and r != 0)
    waiting = np.ones((K, n), bool)  # paths whose fallback has not begun
    nbuf = np.empty((K, n), bool)
    fbuf = np.empty((K, n), f32)
    career_stops = fb_on and not keep_search and job is not None
    # ---- taxes that do not depend on cash: the option's income (whole block), the fallback pay
    gross = None
    alt = None  # net income without the career job (the career plan stopped by the fallback)
    fb_net = fb_pay
    if tax is not None:
        gross = inc if scratch is None else scratch
        if gross is not inc:
            np.copyto(gross, inc)
        else:
            gross = inc.copy()
        wage = _wage_part(job, inc, job_is_wage)
        inc -= tax.tax(wage, gross if wage is None else gross - wage)
        if fb_pay is not None:
            fb_net = fb_pay - tax.tax(fb_pay, None)
        if career_stops:
            assert job is not None
            se = np.maximum(gross - job, 0)
            alt = se - tax.tax(None, se)
    elif career_stops:
        assert job is not None
        alt = np.maximum(inc - job, 0)
    started = False
    fbuf2 = np.empty((K, n), f32)
    jbuf = np.empty((K, n), bool)
    start_f, waiting_f = start.reshape(-1), waiting.reshape(-1)  # views: (K, n) is contiguous
    T_f = T.reshape(-1) if T is not None else None
    # clamps against constant rows, not scalars: NumPy's min/max with a scalar operand is not
    # vectorised (the same result, the constant being the second operand, as a scalar is)
    zeros = np.zeros((K, n), f32)
    ones = np.ones((K, n), f32) if T is not None else zeros
    lims = np.full((K, n), lim, f32) if debt else zeros
    # per-month constants as Python scalars, once (a NumPy scalar read costs more than its use):
    # the same float32 of the same float64 difference, the same threshold formula
    other_l = [float(o) for o in other[:M]]
    net_other = [f32(o - expenses) for o in np.asarray(other[:M])]
    thr_l = [f32(floor + trigger_months * max(expenses - o, 0.0)) for o in other_l] if fb_on else []
    # one error state for the whole month loop (a 0/0 crossing weight is discarded by np.where)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(M):
            g = inc[i]
            gg = gross[i] if gross is not None else None
            jb = job[i] if job is not None else None
            if started:
                act = start <= i
                if (
                    career_stops and alt is not None and jb is not None
                ):  # the career plan stops with the fallback
                    np.copyto(g, alt[i], where=act)
                    if gg is not None:
                        gg -= jb * act
                    jb = np.where(act, f32(0), jb)
                if T is not None and fb_net is not None and fb_pay is not None:
                    # share of the month the fallback job pays: clip(i + 1 − T, 0, 1). No "× active":
                    # T is inf (share 0) until the path's fallback begins, then it is active.
                    frac = np.subtract(f32(i + 1), T, out=fbuf)
                    np.maximum(frac, zeros, out=frac)
                    np.minimum(frac, ones, out=frac)
                    if jb is not None:  # hired in the career: back to the option's own income
                        frac *= np.equal(jb, 0, out=jbuf)
                    d = np.subtract(fb_net, g, out=fbuf2)
                    d *= frac
                    g += d
                    if gg is not None:
                        d = np.subtract(fb_pay, gg, out=fbuf2)
                        d *= frac
                        gg += d
                if extra is not None and extra_h is not None:
                    add = extra[i][None, :] * extra_h[:, None]
                    if stop_mt and jb is not None:
                        add = add * (jb == 0)
                    add = add * act
                    if gg is not None and tax is not None:
                        w0 = _wage_part(jb, g, job_is_wage)
                        # the extra earnings are taxed at the person's margin this month
                        se0 = gg if w0 is None else gg - w0
                        g += add - (tax.tax(w0, se0 + add) - tax.tax(w0, se0))
                        gg += add
                    else:
                        g += add
            b = B[i]
            np.add(prev, g, out=b)
            b += net_other[i]
            if debt:  # interest on the card balance at the start of the month
                np.maximum(prev, lims, out=tmp)
                np.negative(tmp, out=tmp)
                np.maximum(tmp, zeros, out=tmp)
                tmp *= r
                interest += tmp
                b -= tmp
            if cost is not None:
                ci = cost[i] if cost.ndim == 3 else cost[i][None, :]
                if started and career_stops:
                    ci = ci * (start > i)
                b -= ci
                paid_cost += ci
            if fb_on:
                thr = thr_l[i]
                new = np.less(b, thr, out=nbuf)
                new &= waiting
                if np.count_nonzero(new):  # the same test as new.any(), at a third of the cost
                    started = True
                    at = np.flatnonzero(new)  # the few paths crossing this month
                    waiting_f[at] = False
                    start_f[at] = i + 1
                    if T_f is not None and fb_delay is not None:
                        p0, b0 = prev.reshape(-1)[at], b.reshape(-1)[at]
                        w = np.where(p0 > thr, (p0 - thr) / (p0 - b0), f32(0))
                        np.maximum(w, 0, out=w)
                        np.minimum(w, 1, out=w)  # clip(w, 0, 1) in two ufuncs
                        w += f32(i)
                        T_f[at] = w + fb_delay.reshape(-1)[at]
            prev = b
    # sums over months after the loop: a reduction over the outer axis adds month by month, in
    # order (the same sums as a running total, without an operation a month)
    net_tot = inc.sum(axis=0)
    gross_tot = gross.sum(axis=0) if gross is not None else net_tot
    return LedgerOut(start, interest, paid_cost, gross_tot, gross_tot - net_tot)


def ledger_step(
    *,
    state: dict[str, float],
    i: int,
    g: float,
    jb: float | None,
    cost: float,
    other: float,
    expenses: float,
    floor: float,
    limit: float,
    month_rate: float,
    rule: str,
    trigger_months: float,
    keep_search: bool,
    fb_pay: float,
    fb_delay: float,
    extra: float,
    stop_mt: bool,
    tax: Any,
    job_is_wage: bool = True,
) -> float:
    """One month of the ledger for one path (the reference loop); returns net income.

    ``state`` holds ``B``, ``start``, ``T``, ``interest``, ``tax`` between months. Same rules and
    order as :func:`ledger_block`, on floats.
    """

    def t_of(w: float, se: float) -> float:
        if tax is None:
            return 0.0
        return float(tax.tax(np.array([w], np.float32), np.array([se], np.float32))[0])

    start = state["start"]
    act = start <= i
    w = jb if jb is not None and job_is_wage else 0.0
    net = g - t_of(w, g - w)
    gross = g
    if act and rule != "off" and not keep_search and jb is not None:
        gross = max(g - jb, 0.0)
        net = gross - t_of(0.0, gross)
        jb, w = 0.0, 0.0
    if rule == "any_job" and act:
        frac = min(1.0, max(0.0, i + 1 - state["T"]))
        if frac > 0 and not (jb is not None and jb > 0):
            fb_net = fb_pay - t_of(fb_pay, 0.0)
            net += frac * (fb_net - net)
            gross += frac * (fb_pay - gross)
    if rule == "microtasks" and act and not (stop_mt and jb is not None and jb > 0):
        net += extra - (t_of(w, gross - w + extra) - t_of(w, gross - w))
        gross += extra
    state["tax"] += gross - net
    debt = max(0.0, -max(state["B"], limit))
    interest = month_rate * debt
    state["interest"] += interest
    if act and rule != "off" and not keep_search and jb is not None:
        cost = 0.0
    prev = state["B"]
    b = prev + net + other - expenses - cost - interest
    state["B"] = b
    thr = floor + trigger_months * max(expenses - other, 0.0)
    if rule != "off" and start >= NEVER and b < thr:
        state["start"] = i + 1
        wgt = (prev - thr) / (prev - b) if prev > thr else 0.0
        state["T"] = i + min(1.0, max(0.0, wgt)) + fb_delay
    return net
