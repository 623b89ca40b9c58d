"""Stage 7 — tipping points: the value of an input at which another kind of path would rank first.

Savings and monthly expenses re-use the final simulation (cash is a cumulative sum) when the
fallback rule is off, and are re-simulated when it is on (the fallback's timing depends on cash);
hours per week and the microtask wage re-simulate the best option of each family on the screening paths,
with the same draws, inside a bisection (:func:`..tipping.bisect_both`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .. import explain, tipping
from ..advice import CombinedTip, TippingPoint
from ..candidates import family_of
from ..criteria import Attributes
from ..engine import evaluate, rank_scores
from .context import Context, simulate_options, winner
from .finalists import Finals
from .ranking import _family_label

if TYPE_CHECKING:
    from crossroads.options import Option
    from crossroads.params import Parameters

Winners = Callable[[list[float]], list[str]]
Fmt = Callable[[float], str]

_TIP_LABELS = {
    "savings": ("savings", "{cur}"),
    "hours_per_week": ("hours per week", "h/week"),
    "monthly_expenses": ("monthly expenses", "{cur}/month"),
    "microtask_wage": ("median microtask wage (effective, unpaid time counted)", "USD/h"),
}
#: Inputs whose scenarios re-use the final run (cheap): a finer scan and more bisection steps.
_CHEAP = ("savings", "monthly_expenses")


@dataclasses.dataclass
class _Search:
    """The families compared (each by its best finalist) and the tipping points found so far."""

    ctx: Context
    fin: Finals
    weights: NDArray[np.float64]
    tip_paths: int
    fam: list[str]
    best: dict[str, int]
    reps: list[Option]
    rep_attrs: list[Attributes]
    base: str
    fam_text: dict[str, str]
    out: list[TippingPoint] = dataclasses.field(default_factory=list)
    rec: str = ""  # the recommended family

    def note(self, base_now: str) -> str:
        if base_now == self.base:
            return ""
        return (f" (at {self.tip_paths:,} paths, which this search uses, {self.fam_text[base_now]} "
                "ranks first today)")  # fmt: skip


def _setup(ctx: Context, fin: Finals, weights: NDArray[np.float64], tip_paths: int) -> _Search:
    fam = [family_of(o) for o in fin.options]
    # each family stands for itself by its best-ranked finalist (the recommendation for its own)
    best: dict[str, int] = {}
    for i in fin.order:
        best.setdefault(fam[int(i)], int(i))
    rep_idx = list(best.values())
    return _Search(
        ctx, fin, weights, tip_paths, fam, best, [fin.options[i] for i in rep_idx],
        [fin.ev.attrs[i] for i in rep_idx],
        fam[winner(fin.ev.matrix, weights, ctx.method, fin.band)],
        {f: _family_label(fin.options[i], ctx) for f, i in best.items()},
        rec=fam[fin.first],
    )  # fmt: skip


def _add(
    s: _Search,
    param: str,
    current: float,
    low: float,
    high: float,
    winners_at: Winners,
    base: str,
    fmt: Fmt,
    note: str = "",
    *,
    resim: bool = False,
) -> None:
    """Bisect both directions from ``current`` and record what was found (or that nothing was).

    ``resim``: each value costs an engine call (a money scenario with the fallback on), so the
    coarser scan of the re-simulated inputs is used.
    """
    cheap = param in _CHEAP and not resim
    tips = tipping.bisect_both(winners_at, current, low, high, base, scan=4 if cheap else 2,
                               steps=6 if cheap else 3)  # fmt: skip
    label, unit = _TIP_LABELS[param]
    unit = unit.replace("{cur}", s.ctx.currency)
    for tip, bound in zip(tips, (low, high), strict=False):
        if tip.value is None or tip.winner is None:
            text = (
                f"{label.capitalize()}: no change of recommendation between {fmt(current)} and "
                f"{fmt(bound)} (none within a plausible range)."
            )
            new_id = new_label = None
        else:
            more = "or more" if tip.direction == "increase" else "or less"
            lead = (
                f"{fmt(tip.value)}" if param == "hours_per_week" else f"{label} of {fmt(tip.value)}"
            )
            # "instead of" only when it says something: the recommendation is implied otherwise
            instead = "" if base == s.rec else f" instead of {s.fam_text[base]}"
            text = (
                f"With {lead} {more} (now {fmt(current)}), "
                f"{s.fam_text[tip.winner]} would rank first{instead}{note}."
            )
            j = s.best[tip.winner]
            new_id, new_label = s.fin.options[j].id, s.fin.options[j].label
        s.out.append(TippingPoint(
            parameter=param, label=label, unit=unit, current=current, direction=tip.direction,
            searched_to=bound, value=tip.value, new_recommendation=new_id,
            new_recommendation_label=new_label, text=text,
        ))  # fmt: skip


def _ranges(ctx: Context) -> dict[str, tuple[float, float, float]]:
    """(today's value, low, high) of each lever's plausible range: the single-lever search and the
    combined search move the same inputs over the same ranges."""
    money, hours = ctx.profile.money, ctx.hours
    s0, e0 = float(money.savings), float(money.monthly_expenses)
    return {
        "savings": (s0, 0.0, s0 + 12.0 * e0),
        "monthly_expenses": (e0, 0.5 * e0, 1.5 * e0),
        "hours_per_week": (hours, max(2.0, 0.5 * hours), min(112.0, max(60.0, hours))),
    }


def _money(s: _Search) -> None:
    """Savings and monthly expenses: re-simulated when the fallback rule is on, else cash scenarios.

    With a fallback rule (the default) the month the person switches to the fallback job depends
    on the cash they have, so holding the simulated incomes fixed would keep the fallback timing
    of today's savings: each scenario is simulated again (the families' best options on the
    screening paths, the same draws). With the fallback off, incomes do not depend on cash and the
    final run's cash paths are shifted exactly (no re-simulation).
    """
    fb = getattr(s.ctx.profile, "fallback", None)
    if fb is not None and getattr(fb, "rule", "off") != "off":
        _money_resimulated(s)
        return
    ev, cur, band = s.fin.ev, s.ctx.currency, s.fin.band
    r = _ranges(s.ctx)

    def fmt_m(v: float) -> str:
        return explain.fmt_money(v, cur)

    def w_sav(xs: list[float]) -> list[str]:
        return [s.fam[winner(ev.matrix_with(savings=x), s.weights, s.ctx.method, band)] for x in xs]

    def w_exp(xs: list[float]) -> list[str]:
        return [
            s.fam[winner(ev.matrix_with(expenses=x), s.weights, s.ctx.method, band)] for x in xs
        ]

    _add(s, "savings", *r["savings"], w_sav, s.base, fmt_m)
    _add(s, "monthly_expenses", *r["monthly_expenses"], w_exp, s.base, fmt_m)


def _money_resimulated(s: _Search) -> None:
    """Savings and expenses scenarios simulated again, so the fallback begins when cash says."""
    profile, cur = s.ctx.profile, s.ctx.currency
    money = profile.money
    r = _ranges(s.ctx)

    def fmt_m(v: float) -> str:
        return explain.fmt_money(v, cur)

    def winners_for(field: str) -> Winners:
        cache: dict[float, str] = {}

        def at(xs: list[float]) -> list[str]:
            for x in xs:
                if x not in cache:
                    p = profile.model_copy(
                        update={"money": money.model_copy(update={field: float(x)})}
                    )
                    sim = simulate_options(s.ctx, s.reps, paths=s.tip_paths, profile=p)
                    m = evaluate(s.reps, sim, s.rep_attrs, p).matrix
                    cache[x] = _block_winners(s, m, 1)[0]
            return [cache[x] for x in xs]

        return at

    for field in ("savings", "monthly_expenses"):
        cur_v, lo, hi = r[field]
        w = winners_for(field)
        base_w = w([cur_v])[0]
        _add(s, field, cur_v, lo, hi, w, base_w, fmt_m, s.note(base_w), resim=True)


def _block_values(s: _Search, opts: list[Option], attrs: list[Attributes],
                  params: Parameters) -> NDArray[np.float64]:  # fmt: skip
    sim = simulate_options(s.ctx, opts, paths=s.tip_paths, params=params)
    return evaluate(opts, sim, attrs, s.ctx.profile).matrix


def _block_winners(s: _Search, matrix: NDArray[np.float64], n_scen: int) -> list[str]:
    sc = rank_scores(matrix.reshape(n_scen, len(s.reps), -1), s.weights, s.ctx.method, s.fin.band)
    fam_of_rep = [s.fam[s.best[f]] for f in s.best]
    return [fam_of_rep[int(k)] for k in np.argmax(sc, axis=-1)]


def _hours(s: _Search) -> None:
    """Hours per week: each family's best option with its hours scaled, re-simulated."""
    hours = s.ctx.hours

    def raw(xs: list[float]) -> list[str]:
        opts = [dataclasses.replace(o, microtask_hours=o.microtask_hours * x / hours,
                                    learning_hours=o.learning_hours * x / hours)
                for x in xs for o in s.reps]  # fmt: skip
        return _block_winners(
            s, _block_values(s, opts, s.rep_attrs * len(xs), s.ctx.params), len(xs)
        )

    # One engine call for today's value and the whole scan of both directions; the bisection
    # steps then hit the cache only for these points.
    _, h_lo, h_hi = _ranges(s.ctx)["hours_per_week"]
    pre = [hours] + [
        float(x) for b in (h_lo, h_hi) if b != hours for x in np.linspace(hours, b, 3)[1:]
    ]
    cache = dict(zip(pre, raw(pre), strict=False))

    def cached(xs: list[float]) -> list[str]:
        miss = [x for x in xs if x not in cache]
        if miss:
            cache.update(zip(miss, raw(miss), strict=False))
        return [cache[x] for x in xs]

    base_h = cache[hours]
    _add(s, "hours_per_week", hours, h_lo, h_hi, cached, base_h, lambda v: f"{v:.1f} h/week",
         s.note(base_h))  # fmt: skip


def _wage(s: _Search) -> None:
    """The microtask wage: only options with microtask hours are re-simulated."""
    params = s.ctx.params
    med, m0 = float(params["mt_wage_median"]), float(params["mt_wage_multiplier"])
    mt_rows = [k for k, o in enumerate(s.reps) if o.microtask_hours > 0]
    base_rows = _block_values(s, s.reps, s.rep_attrs, params)

    def w_wage(xs: list[float]) -> list[str]:
        out_w = []
        for x in xs:
            m = base_rows.copy()
            m[mt_rows] = _block_values(s, [s.reps[k] for k in mt_rows], [s.rep_attrs[k] for k in mt_rows],
                                       params.replace(mt_wage_multiplier=x / med))  # fmt: skip
            out_w.append(_block_winners(s, m, 1)[0])
        return out_w

    base_w = _block_winners(s, base_rows, 1)[0]
    _add(s, "microtask_wage", med * m0, med * 0.5, med * 2.0, w_wage, base_w,
         lambda v: f"{v:.2f} USD/h", s.note(base_w))  # fmt: skip


def tipping_points(
    ctx: Context, fin: Finals, weights: NDArray[np.float64], tip_paths: int
) -> list[TippingPoint]:
    """Stage 7: what would change the recommended kind of path, input by input."""
    s = _setup(ctx, fin, weights, tip_paths)
    _money(s)
    if len(s.reps) > 1:
        _hours(s)
    if len(s.reps) > 1 and any(o.microtask_hours > 0 for o in s.reps):
        _wage(s)
    return s.out


#: Lever pairs tried when no single input changes the answer (the money pair first: it is the
#: person's own cash, then cash with more hours). Each moves from today's value towards the end of
#: its plausible range searched above (savings up, expenses down, hours up) by the same fraction.
_PAIRS = (("savings", "monthly_expenses"), ("savings", "hours_per_week"))
_SAME = "\x00same"  # "no other kind of path ranks first" in the diagonal bisection


def _lever_ends(s: _Search) -> dict[str, tuple[float, float]]:
    """Today's value and the remedy's end of each lever's range (:func:`_ranges`): more savings,
    lower expenses, more hours."""
    r = _ranges(s.ctx)
    return {k: (r[k][0], r[k][1] if k == "monthly_expenses" else r[k][2]) for k in r}


def _diagonal(s: _Search, pair: tuple[str, str], base0: str) -> Callable[[float], str]:
    """The winner (or :data:`_SAME`) when both levers of ``pair`` move by the fraction ``t``.

    Each fraction re-simulates the families' best options on the tip paths (same draws), so the
    fallback's timing follows the cash. A winner that is the recommended family, or the family
    first today at these paths, is not a remedy: it reads as "no change".
    """
    ends = _lever_ends(s)
    profile, money, hours = s.ctx.profile, s.ctx.profile.money, s.ctx.hours

    def at(t: float) -> str:
        v = {k: ends[k][0] + t * (ends[k][1] - ends[k][0]) for k in pair}
        upd: dict[str, float] = {k: v[k] for k in ("savings", "monthly_expenses") if k in v}
        p = profile.model_copy(update={"money": money.model_copy(update=upd)})
        f = v.get("hours_per_week", hours) / hours
        opts = [dataclasses.replace(o, microtask_hours=o.microtask_hours * f,
                                    learning_hours=o.learning_hours * f) for o in s.reps]  # fmt: skip
        sim = simulate_options(s.ctx, opts, paths=s.tip_paths, profile=p)
        w = _block_winners(s, evaluate(opts, sim, s.rep_attrs, p).matrix, 1)[0]
        return _SAME if w in (s.rec, base0) else w

    return at


def _combined_text(s: _Search, levers: dict[str, float], fam: str) -> str:
    cur = s.ctx.currency
    parts = {
        "savings": lambda v: f"savings of {explain.fmt_money(v, cur)}",
        "monthly_expenses": lambda v: f"monthly expenses of {explain.fmt_money(v, cur)}",
        "hours_per_week": lambda v: f"{v:.1f} h/week",
    }
    a, b = (parts[k](v) for k, v in levers.items())
    return f"Together, {a} and {b} would make {s.fam_text[fam]} rank first."


def combined_tips(
    ctx: Context, fin: Finals, weights: NDArray[np.float64], tip_paths: int
) -> list[CombinedTip]:
    """Two levers at once, for when no single one changes the answer within its plausible range.

    Each pair moves along its diagonal (the same fraction of each lever's range), scanned at two
    points and bisected three times: about 5 engine calls of the families' best options per pair.
    Only a family other than the recommended one counts; the smallest moves come first.
    """
    s = _setup(ctx, fin, weights, tip_paths)
    if len(s.reps) < 2 or ctx.hours <= 0:
        return []
    ends = _lever_ends(s)
    found: list[tuple[float, CombinedTip]] = []
    for pair in _PAIRS:
        tip = tipping.bisect_tipping(_diagonal(s, pair, s.base), 0.0, 1.0, base_winner=_SAME,
                                     scan=2, steps=3)  # fmt: skip
        if tip.value is None or tip.winner is None or tip.winner == s.rec:
            continue
        t = tip.value
        levers = {k: ends[k][0] + t * (ends[k][1] - ends[k][0]) for k in pair}
        o = fin.options[s.best[tip.winner]]
        text = _combined_text(s, levers, tip.winner)
        found.append(
            (t, CombinedTip(levers=levers, becomes=o.id, becomes_label=o.label, text=text))
        )
    return [c for _, c in sorted(found, key=lambda x: x[0])]


def real_tips(
    tips: list[TippingPoint], fin: Finals, rec_label: str
) -> tuple[list[TippingPoint], str]:
    """Only the tipping points that exist: a value at which another *kind* of path ranks first.

    The search also records "no change within the range" and can find a value at which the
    ranking moves to the recommended family itself (when the acceptability analysis, not the
    score, chose it); neither tells the person anything. When nothing is left, one line says so.
    """
    fam_of = {o.id: family_of(o) for o in fin.options}
    rec_family = family_of(fin.options[fin.first])
    keep = [
        t for t in tips
        if t.value is not None and t.new_recommendation is not None
        and fam_of.get(t.new_recommendation) != rec_family
    ]  # fmt: skip
    if keep or not tips:
        return keep, ""
    searched = ", ".join(dict.fromkeys(t.label for t in tips))
    return keep, (
        f"Nothing within plausible ranges of {searched} changes the answer: {rec_label} stays first."
    )
