"""Plain-language reasons, failure drill-down and number formatting shared by every face.

The reasons come straight from the weighted-sum decomposition: an option's score is the sum over
measures of ``weight × normalised value``, so the difference between the first two options splits
exactly into per-criterion differences. The criteria with the largest differences are the ones
that decided the ranking; we name them with the person's priority and the measured values, so the
person can check each claim against the table. (With TOPSIS the same decomposition is shown as the
closest transparent reading; TOPSIS itself is not additive.)

The formatting helpers are used by the Rich summary *and* by the tests that check every number in
the text equals the JSON, so text and JSON cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .criteria import MEASURES

if TYPE_CHECKING:
    from crossroads.simulation.engine import SimResult

CRITERION_NAMES: dict[str, str] = {
    "earnings": "earnings",
    "quick_payout": "quick payout",
    "financial_safety": "financial safety",
    "career_growth": "career growth",
    "job_security": "job security",
    "flexibility": "flexibility",
    "autonomy": "autonomy",
    "low_barrier": "low barrier to entry",
    "low_competition": "low competition",
    "little_ongoing_learning": "little ongoing learning",
    "fit": "fit with your skills and work style",
}


def fmt_money(x: float | None, cur: str = "") -> str:
    """Money rounded to a whole unit with thousands separators ("12,345 USD")."""
    if x is None:
        return "—"
    if cur:  # the person's locale (crossroads.world.fmt): 1,50,000 INR, 1.234 EUR
        from crossroads.world.fmt import money

        return money(x, cur)
    return f"{x:,.0f}"


def fmt_pct(p: float | None) -> str:
    """A probability as a whole percentage ("7%"); below 1% but above 0 as "<1%"."""
    if p is None:
        return "—"
    if 0 < p < 0.005:
        return "<1%"
    return f"{100 * p:.0f}%"


def fmt_months(m: float | None) -> str:
    """A month number, or "never" when null."""
    if m is None:
        return "never"
    return f"{m:g}" if float(m).is_integer() else f"{m:.1f}"


def fmt_value(v: float | None, unit: str) -> str:
    """A criterion value in its unit, for the reasons."""
    if v is None:
        return "never"
    if unit == "probability" or unit.startswith("share"):
        return fmt_pct(v)
    if unit == "months":
        m = fmt_months(v)
        return f"{m} month" if m == "1" else f"{m} months"
    if unit.startswith("USD/hour"):
        return f"{v:.2f} USD/h"
    if unit in ("hours",):
        return f"{v:,.0f} h"
    if unit == "0–1":
        return f"{v:.2f}"
    if unit.startswith(("extent", "O*NET")):  # a scale: "2.39 (extent 1–7)"
        return f"{v:.2f} ({unit})"
    if abs(v) >= 100:
        cur, _, per = unit.partition("/")
        if len(cur) == 3 and cur.isalpha() and cur.isupper():  # money: the person's locale
            return fmt_money(v, cur) + (f"/{per}" if per else "")
        return f"{v:,.0f} {unit}"
    return f"{v:.2f} {unit}"


def reasons(
    labels: list[str],
    values: NDArray[np.float64],
    display: list[list[float | None]],
    contrib: NDArray[np.float64],
    priorities: dict[str, float],
    units: list[str],
    first: int,
    second: int,
    name_a: str | None = None,
    name_b: str | None = None,
    limit: int = 3,
    compact: bool = False,
) -> list[str]:
    """Sentences naming the criteria that separate the first and second option.

    ``contrib`` is the weighted-sum decomposition (options × measures, computed with the
    equivalence band, so a gap inside the noise contributes nothing); ``display`` the values as
    shown (null = never). Returns at most ``limit`` decisive criteria for the winner, largest
    first, then what the other option does better. A criterion's detail lists only the measures
    that point the same way as its sentence (a criterion can win overall while one of its
    measures loses), never two figures that read the same; a criterion with nothing left to
    show is not a reason. ``name_a`` / ``name_b`` replace the long option labels (e.g. "a hybrid
    towards …" vs "microtasks only"). ``compact`` leaves the two names out of each sentence
    (the short answer names them once, in :attr:`~.short_answer.ShortAnswer.versus`).
    """
    diff_by_crit: dict[str, float] = {}
    cols_by_crit: dict[str, list[int]] = {}
    for j, m in enumerate(MEASURES):
        diff_by_crit[m.criterion] = diff_by_crit.get(m.criterion, 0.0) + float(
            contrib[first, j] - contrib[second, j]
        )
        cols_by_crit.setdefault(m.criterion, []).append(j)
    total = sum(abs(d) for d in diff_by_crit.values()) or 1.0
    a = name_a or labels[first]
    b = name_b or labels[second]

    def detail(c: str, sign: float = 1.0) -> str:
        parts = []
        for j in cols_by_crit[c]:
            if sign * float(contrib[first, j] - contrib[second, j]) <= 1e-12:
                continue
            ta, tb = fmt_value(display[first][j], units[j]), fmt_value(display[second][j], units[j])
            if ta != tb:
                parts.append(f"{MEASURES[j].label}: {ta} vs {tb}")
        return "; ".join(parts)

    pro = sorted((c for c, d in diff_by_crit.items() if d > 1e-12), key=lambda c: -diff_by_crit[c])
    con = sorted((c for c, d in diff_by_crit.items() if d < -1e-12), key=lambda c: diff_by_crit[c])
    pro = [c for c in pro if detail(c)]
    con = [c for c in con if detail(c, -1.0)]
    out: list[str] = []
    for c in pro[:limit]:
        share = abs(diff_by_crit[c]) / total
        who = "" if compact else f" favours {a} over {b}"
        out.append(
            f"{CRITERION_NAMES[c].capitalize()} (your priority {priorities[c]:g}/5){who}: "
            f"{detail(c)} ({fmt_pct(share)} of the difference)."
        )
    for c in con[: max(1, limit - 1)]:
        share = abs(diff_by_crit[c]) / total
        if compact:
            out.append(
                f"Against it: {CRITERION_NAMES[c]} (your priority {priorities[c]:g}/5: "
                f"{detail(c, -1.0)}), {fmt_pct(share)} of the difference — not enough."
            )
            continue
        out.append(
            f"{b[0].upper()}{b[1:]} is better on {CRITERION_NAMES[c]} (your priority "
            f"{priorities[c]:g}/5: {detail(c, -1.0)}), {fmt_pct(share)} of the difference — not "
            "enough to change the answer."
        )
    if not pro and not con:
        out.append(
            f"{a} and {b} are equal on every criterion within the noise; the order between them "
            "is arbitrary."
        )
    return out


def drilldown(
    sim: SimResult,
    k: int,
    cash_floor: float,
    label: str,
    option_id: str,
    has_target: bool,
    has_microtask: bool,
) -> dict[str, Any]:
    """What the bad paths of option ``k`` have in common (shortfall paths, else the worst decile).

    Each factor is a yes/no property of a path; we report the ones much more common among the bad
    paths than among the others ("in 81% of them the job search took more than 4 months, against
    35% of the other paths").
    """
    # The engine's own first month below the floor (on the unclipped balance: cash held at a
    # hard limit equal to the floor is still short, with bills unpaid), not ``cash < floor``.
    months = int(np.asarray(sim.cash[k]).shape[-1])
    first_short = np.asarray(sim.shortfall_month[k])
    bad = first_short > 0
    kind = "shortfall"
    inc = np.asarray(sim.income[k], dtype=np.float64)
    if not bad.any():
        kind = "low_income"
        net = inc.sum(-1) - np.asarray(sim.learning_cost[k], dtype=np.float64).sum(-1)
        bad = net <= np.quantile(net, 0.10)
    share = float(bad.mean())
    median_month = None
    if kind == "shortfall":
        median_month = float(np.median(first_short[bad]))
    factors: list[tuple[str, NDArray[np.bool_]]] = []
    fim = np.asarray(sim.first_income_month[k])
    factors.append(("no income at all in the first 3 months", (fim < 1) | (fim > 3)))
    if has_target:
        hired = np.asarray(sim.hired_month[k])
        done = np.asarray(sim.training_done_month[k])
        dropped = np.asarray(sim.dropped_out[k]).astype(bool)
        # drop-outs and slow training are different stories: a path that abandoned the training
        # never finishes it, so "took more than 6 months" counts only the paths still learning
        factors.append(("the training was abandoned", dropped))
        slow = ~dropped & ((done < 1) | (done > 6))
        factors.append(("the training took more than 6 months (without dropping out)", slow))
        search = np.where(hired > 0, hired - np.maximum(done, 0), months + 1 - np.maximum(done, 0))
        factors.append(("the job search took more than 4 months", (done > 0) & (search > 4)))
        factors.append(("no job within the horizon", hired < 1))
    if has_microtask:
        mt = np.asarray(sim.microtask_income[k], dtype=np.float64)[:, : min(6, months)].sum(-1)
        factors.append(
            (
                "microtask earnings in the first 6 months were below the typical path's",
                mt < np.median(mt),
            )
        )
    rows: list[dict[str, Any]] = []
    good = ~bad
    for name, f in factors:
        f = np.asarray(f, dtype=bool)
        sb = float(f[bad].mean()) if bad.any() else 0.0
        sg = float(f[good].mean()) if good.any() else 0.0
        rows.append({"factor": name, "share_bad": sb, "share_other": sg, "lift": sb - sg})
    rows.sort(key=lambda r: -r["lift"])
    top = [r for r in rows if r["lift"] > 0.05 and r["share_bad"] >= 0.25][:3]
    text: list[str] = []
    if kind == "shortfall":
        text.append(
            f"In {fmt_pct(share)} of paths of {label}, cash fell below your floor "
            f"(first in month {fmt_months(median_month)} on the median such path)."
        )
    else:
        text.append(
            f"{label} never ran short of cash in the simulation; its worst {fmt_pct(share)} of paths "
            f"(lowest net income) are described instead."
        )
    for r in top:
        text.append(
            f"In {fmt_pct(r['share_bad'])} of them {r['factor']} (against {fmt_pct(r['share_other'])} of the other paths)."
        )
    if not top:
        text.append(
            "No single cause stands out: the bad paths are a mix of slow starts and low earnings."
        )
    return {
        "option": option_id,
        "kind": kind,
        "share": share,
        "median_month": median_month,
        "factors": rows,
        "text": text,
    }
