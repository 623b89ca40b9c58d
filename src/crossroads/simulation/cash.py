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
   upstream), giving net income;
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

    start: np.ndarray        # row (0-based) the fallback began, NEVER = never
    interest: np.ndarray     # total interest paid
    cost: np.ndarray         # learning cost actually paid
    gross: np.ndarray        # total gross earned income (before tax)
    tax: np.ndarray          # total tax


def ledger_block(*, inc: np.ndarray, job: np.ndarray | None, cost: np.ndarray | None,
                 savings: float, other: np.ndarray, expenses: float, floor: float, limit: float,
                 month_rate: float, rule: str, trigger_months: float, keep_search: bool,
                 fb_pay: np.ndarray | None, fb_delay: np.ndarray | None,
                 extra: np.ndarray | None, extra_h: np.ndarray | None, stop_mt: bool,
                 tax: Any, B: np.ndarray) -> LedgerOut:
    """Run the ledger on a block in place: ``inc`` (M, K, n) gross → net income, ``B`` ← balances.

    ``job`` (M, K|1, n) is the career pay inside ``inc`` (None: no career); ``cost`` (M, n) the
    monthly learning cost; ``fb_pay`` (K, n) the fallback job's monthly pay and ``fb_delay``
    (K, n) the months (fractional) from the moment cash crosses the trigger to the first pay;
    ``extra`` (M, n) microtask earnings per h/week for the microtask fallback, ``extra_h`` (K,)
    its hours; ``tax`` a schedule with ``.tax(wage, se)`` on monthly amounts, or None (a flat
    rate is applied upstream).

    The crossing time is interpolated inside the month (the balance is taken as falling evenly
    through it), so the fallback job starts a fraction of a month after the moment cash ran low,
    not at a month boundary: a person with a little more savings then adapts a little later, not
    up to a whole month later with less cash (which made the outcome jump with savings).
    """
    f32 = np.float32
    M, K, n = inc.shape
    fb_on = rule != "off"
    start = np.full((K, n), NEVER, np.int16)      # first row of the fallback (row after the crossing)
    T = np.full((K, n), np.inf, f32) if rule == "any_job" else None   # time the fallback job starts paying
    interest = np.zeros((K, n), f32)
    paid_cost = np.zeros((K, n), f32)
    gross = np.zeros((K, n), f32)
    tax_tot = np.zeros((K, n), f32)
    prev = np.full((K, n), f32(savings), f32)
    tmp = np.empty((K, n), f32)
    lim, r = f32(limit), f32(month_rate)
    started = False
    for i in range(M):
        g = inc[i]
        jb = job[i] if job is not None else None
        wage = None
        if started:
            act = start <= i
            if not keep_search and jb is not None:      # the career plan stops with the fallback
                g -= jb * act
                jb = np.where(act, f32(0), jb)
            if T is not None and fb_pay is not None:
                frac = np.clip(f32(i + 1) - T, 0, 1) * act     # share of the month the fallback job pays
                if frac.any():
                    # hired in the career: back to the option's own income (the fallback job is left)
                    on_fb = frac if jb is None else frac * (jb == 0)
                    base = jb if jb is not None else f32(0)
                    g += on_fb * (fb_pay - g)
                    wage = base + on_fb * (fb_pay - base)
            if extra is not None and extra_h is not None:
                add = extra[i][None, :] * extra_h[:, None]
                if stop_mt and jb is not None:
                    add = add * (jb == 0)
                g += add * act
        if tax is not None:
            gross += g
            if wage is None:
                wage = np.broadcast_to(jb, g.shape) if jb is not None else np.zeros_like(g)
            t = tax.tax(wage, g - wage)
            g -= t
            tax_tot += t
        # interest on the card balance at the start of the month
        np.maximum(prev, lim, out=tmp)
        np.negative(tmp, out=tmp)
        np.maximum(tmp, 0, out=tmp)
        tmp *= r
        interest += tmp
        b = B[i]
        np.add(prev, g, out=b)
        b += f32(other[i] - expenses)
        b -= tmp
        if cost is not None:
            ci = cost[i][None, :]
            if started and not keep_search:
                ci = ci * (start > i)
            b -= ci
            paid_cost += ci
        if fb_on:
            thr = f32(floor + trigger_months * max(expenses - float(other[i]), 0.0))
            new = (b < thr) & (start == NEVER)
            if new.any():
                started = True
                start[new] = i + 1
                if T is not None and fb_delay is not None:
                    p0, b0 = prev[new], b[new]
                    with np.errstate(divide="ignore", invalid="ignore"):
                        w = np.where(p0 > thr, (p0 - thr) / (p0 - b0), f32(0))
                    T[new] = f32(i) + np.clip(w, 0, 1) + fb_delay[new]
        prev = b
    if tax is None:
        gross = inc.sum(axis=0)
    return LedgerOut(start, interest, paid_cost, gross, tax_tot)


def ledger_step(*, state: dict[str, float], i: int, g: float, jb: float | None, cost: float,
                other: float, expenses: float, floor: float, limit: float, month_rate: float,
                rule: str, trigger_months: float, keep_search: bool, fb_pay: float, fb_delay: float,
                extra: float, stop_mt: bool, tax: Any) -> float:
    """One month of the ledger for one path (the reference loop); returns net income.

    ``state`` holds ``B``, ``start``, ``T``, ``interest``, ``tax`` between months.
    """
    start = state["start"]
    act = start <= i
    wage = jb or 0.0
    if act and not keep_search and jb is not None:
        g -= jb
        jb, wage = 0.0, 0.0
    if rule == "any_job" and act:
        frac = min(1.0, max(0.0, i + 1 - state["T"]))
        if frac > 0 and not (jb is not None and jb > 0):
            g += frac * (fb_pay - g)
            wage += frac * (fb_pay - wage)
    if rule == "microtasks" and act and not (stop_mt and jb is not None and jb > 0):
        g += extra
    if tax is not None:
        t = float(tax.tax(np.array([wage], np.float32), np.array([g - wage], np.float32))[0])
        g -= t
        state["tax"] += t
    debt = max(0.0, -max(state["B"], limit))
    interest = month_rate * debt
    state["interest"] += interest
    if act and not keep_search:
        cost = 0.0
    prev = state["B"]
    b = prev + g + other - expenses - cost - interest
    state["B"] = b
    thr = floor + trigger_months * max(expenses - other, 0.0)
    if rule != "off" and start >= NEVER and b < thr:
        state["start"] = i + 1
        w = (prev - thr) / (prev - b) if prev > thr else 0.0
        state["T"] = i + min(1.0, max(0.0, w)) + fb_delay
    return g
