"""Tipping points: how far must one input move before a different option ranks first?

A recommendation is only useful with its margin: "with 2 more months of savings the career path
wins" tells the person what would change the answer. For one input at a time (savings, hours per
week, monthly expenses, the microtask wage) we scan a plausible range outward from the current
value in both directions, and where the first-ranked option changes we bisect between the last
value that kept the winner and the first that did not. Every evaluation re-ranks the options on
the *same* simulated luck (common random numbers), so a change of winner is caused by the input,
not by Monte Carlo noise. Where nothing changes within the range we say so ("none within a
plausible range") instead of extrapolating.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Tip:
    """The nearest value (in one direction) at which the winner changes, or ``None``."""

    direction: str  # "increase" | "decrease"
    value: float | None
    winner: str | None  # option id that ranks first at ``value``
    evaluations: int


def bisect_tipping(
    winner_at: Callable[[float], str],
    current: float,
    bound: float,
    *,
    base_winner: str | None = None,
    scan: int = 4,
    steps: int = 6,
    rel_tol: float = 0.01,
) -> Tip:
    """Find the value between ``current`` and ``bound`` closest to ``current`` where the winner changes.

    ``winner_at(x)`` returns the id of the first-ranked option when the input equals ``x``. The
    range is scanned at ``scan`` evenly spaced points (the last one is ``bound``) so that a change
    that reverts before the bound is still found; the first changed point is then refined by
    ``steps`` bisections (or until the bracket is narrower than ``rel_tol`` of the range).
    """
    direction = "increase" if bound >= current else "decrease"
    evals = 0
    if base_winner is None:
        base_winner = winner_at(current)
        evals += 1
    if bound == current:
        return Tip(direction, None, None, evals)
    points = np.linspace(current, bound, scan + 1)[1:]
    prev = current
    for x in points:
        w = winner_at(float(x))
        evals += 1
        if w != base_winner:
            lo, hi, w_hi = prev, float(x), w
            tol = abs(bound - current) * rel_tol
            for _ in range(steps):
                if abs(hi - lo) <= tol:
                    break
                mid = 0.5 * (lo + hi)
                wm = winner_at(mid)
                evals += 1
                if wm == base_winner:
                    lo = mid
                else:
                    hi, w_hi = mid, wm
            return Tip(direction, hi, w_hi, evals)
        prev = float(x)
    return Tip(direction, None, None, evals)


def bisect_both(
    winners_at: Callable[[list[float]], list[str]],
    current: float,
    low: float,
    high: float,
    base_winner: str,
    *,
    scan: int = 4,
    steps: int = 5,
    rel_tol: float = 0.01,
) -> tuple[Tip, Tip]:
    """:func:`bisect_tipping` in both directions at once, with batched evaluations.

    ``winners_at(xs)`` returns the winner at each of several values in one call — for inputs the
    engine can vectorise (hours per week are part of each option, so all scenarios fit in one
    engine call) this turns ~20 sequential simulations into ``1 + steps`` batched ones.
    """
    dirs = [("decrease", low), ("increase", high)]
    grids = [list(np.linspace(current, b, scan + 1)[1:]) if b != current else [] for _, b in dirs]
    flat = [x for g in grids for x in g]
    res = winners_at([float(x) for x in flat]) if flat else []
    evals = len(flat)
    brackets: list[list[Any]] = []  # [lo, hi, winner_hi, done]
    pos = 0
    for g in grids:
        ws = res[pos : pos + len(g)]
        pos += len(g)
        prev = current
        br: list[Any] = [None, None, None, True]
        for x, w in zip(g, ws, strict=False):
            if w != base_winner:
                br = [prev, float(x), w, False]
                break
            prev = float(x)
        brackets.append(br)
    for _ in range(steps):
        todo = [
            i
            for i, b in enumerate(brackets)
            if not b[3] and abs(b[1] - b[0]) > rel_tol * abs(dirs[i][1] - current)
        ]
        if not todo:
            break
        mids = [0.5 * (brackets[i][0] + brackets[i][1]) for i in todo]
        ws = winners_at(mids)
        evals += len(mids)
        for i, m, w in zip(todo, mids, ws, strict=False):
            if w == base_winner:
                brackets[i][0] = m
            else:
                brackets[i][1], brackets[i][2] = m, w
    out = []
    for (d, _), b in zip(dirs, brackets, strict=False):
        out.append(Tip(d, None, None, evals) if b[0] is None else Tip(d, float(b[1]), b[2], evals))
    return out[0], out[1]
