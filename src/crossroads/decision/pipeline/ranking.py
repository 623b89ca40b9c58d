"""Stage 5 — ranking and SMAA: how robust the first place is (per option and per kind of path),
and one :class:`~..advice.OptionAdvice` entry per finalist, best first."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from crossroads.stats import median

from ..advice import (
    CriterionValue,
    FamilyAcceptability,
    Metrics,
    MinimumMicrotask,
    OptionAdvice,
)
from ..candidates import family_label, family_of, kind_label, short_label
from ..coherence import Reconciled, reconcile
from ..criteria import BENEFIT, MEASURES
from ..engine import GROUPS, GROUPS_ORDER
from ..mcda import contributions, normalise
from ..noise import summary_se
from ..smaa import SAMPLES, smaa_first
from .context import Context, display, median_months
from .finalists import Finals

if TYPE_CHECKING:
    from crossroads.options import Option
    from crossroads.simulation import SimResult


@dataclasses.dataclass
class Ranked:
    """The ranked finalists with their robustness and the numbers the explanation quotes."""

    p_first: NDArray[np.float64]
    families: list[FamilyAcceptability]
    entries: list[OptionAdvice]
    contrib: NDArray[np.float64]
    displays: list[list[float | None]]
    units: list[str]
    priorities: dict[str, float]
    reconciled: Reconciled | None = None
    own_se: NDArray[np.float64] | None = None
    pair_se: NDArray[np.float64] | None = None
    kinds: list[FamilyAcceptability] = dataclasses.field(default_factory=list)

    def family(self, option: Option) -> FamilyAcceptability:
        return next(f for f in self.families if f.family == family_of(option))

    def kind(self, kind: str) -> FamilyAcceptability:
        return next(f for f in self.kinds if f.kind == kind)


def _family_label(o: Option, ctx: Context) -> str:
    return family_label(o, ctx.targets[o.target].title if o.target in ctx.targets else o.target)


def families(ctx: Context, fin: Finals, p_first: NDArray[np.float64]) -> list[FamilyAcceptability]:
    """SMAA acceptability per family: the sum of its options' ``p_first`` (most often first, first).

    Exactly one option ranks first in each sample, so a family's share is the share of samples in
    which *some* option of that family ranks first, and the shares sum to 1 like ``p_first``.
    """
    finalists = fin.options
    members: dict[str, list[int]] = {}
    for i in fin.order:  # best rank first
        members.setdefault(family_of(finalists[i]), []).append(i)
    out = []
    for f, idx in members.items():
        o = finalists[idx[0]]
        out.append(FamilyAcceptability(
            family=f, kind=o.kind, target=o.target, label=_family_label(o, ctx),
            p_first=float(sum(float(p_first[i]) for i in idx)), best_option=o.id,
            options=[finalists[i].id for i in idx],
        ))  # fmt: skip
    # most often first first; ties keep the ranking's order
    return sorted(out, key=lambda f: -f.p_first)


def kinds(fams: list[FamilyAcceptability]) -> list[FamilyAcceptability]:
    """SMAA acceptability per kind of path: the sum of its families' shares (most often first
    first; the coherence rule's first level). ``family`` holds the kind; ``best_option`` is the
    best-ranked option of the kind's most acceptable family."""
    out: dict[str, FamilyAcceptability] = {}
    for f in fams:  # most often first first
        k = out.get(f.kind)
        if k is None:
            out[f.kind] = FamilyAcceptability(family=f.kind, kind=f.kind, label=kind_label(f.kind),
                                              p_first=f.p_first, best_option=f.best_option,
                                              options=list(f.options))  # fmt: skip
        else:
            out[f.kind] = k.model_copy(
                update={"p_first": k.p_first + f.p_first, "options": k.options + f.options}
            )
    return sorted(out.values(), key=lambda f: -f.p_first)


def metrics(sim: SimResult, k: int) -> Metrics:
    """The contract metrics of option k, with exactly the definitions of ``simulation.metrics.summarise``.

    Computed here from the per-path summaries because ``summarise`` also builds monthly percentile
    bands, which the advice does not need (the report asks the engine for them).
    """
    return all_metrics(sim, [k])[0]


def _q(a: NDArray[np.generic], qs: list[float]) -> NDArray[np.float64]:
    """Percentiles ``qs`` of every row of ``a`` (options, paths) as float64: (len(qs), options)."""
    # on rows sorted first: the same order statistics, hence the same numbers, and NumPy's
    # partition at a handful of ``kth`` costs more than a sort (0.55 against 0.16 ms here)
    out: NDArray[np.float64] = np.percentile(np.sort(a.astype(np.float64), axis=1), qs, axis=1)
    return out


def _med(a: NDArray[np.floating]) -> NDArray[np.float64]:
    """Median of every row, in the row's own dtype (as ``np.median`` of one row gives)."""
    out: NDArray[np.float64] = median(a, 1)
    return out


def _median_months(months: NDArray[np.generic]) -> list[float | None]:
    """``simulation.metrics.median_month`` of every row (-1 = never; None if the median never)."""
    a = np.asarray(months, dtype=np.float64)
    med = median(np.where(a < 0, np.inf, a), 1)
    return [float(m) if np.isfinite(m) else None for m in med]


def all_metrics(sim: SimResult, ks: list[int]) -> list[Metrics]:
    """:func:`metrics` of the options ``ks``, each statistic taken over all of them at once.

    Why batched: an advice summarises about ten finalists, and one percentile call per statistic
    and option costs more in call overhead than in sorting (cohorts, what-if sliders). A
    percentile of a row is the same order statistic whichever axis loop computes it, so the
    numbers are those of the one-option definitions (tests pin it against ``summarise``).
    """
    ix = np.asarray(ks, dtype=np.int64)
    n = ix.size
    # one percentile call for the four percentile statistics, one median call per dtype and one
    # for the two month statistics: rows stacked (each row's order statistics are its own)
    q = _q(
        np.concatenate(
            [
                sim.net_income[ix].astype(np.float64),
                sim.shortfall_depth[ix].astype(np.float64),
                sim.months_below[ix].astype(np.float64),
                sim.interest[ix].astype(np.float64),
            ]
        ),
        [10, 50, 90],
    )
    net, depth, below, intr = q[:, :n], q[1:, n : 2 * n], q[1:, 2 * n : 3 * n], q[1:, 3 * n :]
    mean = sim.income_mean[ix].astype(np.float64)
    sd = sim.income_sd[ix].astype(np.float64)
    cv = np.where(mean > 0, sd / np.where(mean > 0, mean, 1.0), 0.0)
    vol = _med(cv)
    short = (sim.shortfall_month[ix] > 0).mean(axis=1)
    months = _median_months(np.concatenate([sim.first_income_month[ix], sim.cover_month[ix]]))
    first, cover = months[:n], months[n:]
    f32 = [sim.final_income[ix], sim.tax_paid[ix], sim.gross_income[ix]]
    if all(a.dtype == f32[0].dtype for a in f32):
        med = _med(np.concatenate(f32))
        final, tax, gross = med[:n], med[n : 2 * n], med[2 * n :]
    else:
        final, tax, gross = (_med(a) for a in f32)
    fb = sim.fallback_month[ix]
    started = fb > 0
    limit = (sim.limit_month[ix] > 0).mean(axis=1)
    out: list[Metrics] = []
    for j in range(ix.size):
        out.append(Metrics(
            net_income_p10=float(net[0, j]), net_income_p50=float(net[1, j]),
            net_income_p90=float(net[2, j]), p_shortfall=float(short[j]),
            months_to_first_income_p50=first[j], months_to_cover_expenses_p50=cover[j],
            final_monthly_income_p50=float(final[j]), income_volatility=float(vol[j]),
            p_fallback=float(started[j].mean()),
            fallback_month_p50=float(np.median(fb[j][started[j]])) if started[j].any() else None,
            p_limit=float(limit[j]),
            shortfall_depth_p50=float(depth[0, j]), shortfall_depth_p90=float(depth[1, j]),
            months_below_floor_p50=float(below[0, j]), months_below_floor_p90=float(below[1, j]),
            interest_p50=float(intr[0, j]), interest_p90=float(intr[1, j]),
            tax_p50=float(tax[j]), gross_income_p50=float(gross[j]),
        ))  # fmt: skip
    return out


_BETTER = tuple("higher" if m.benefit else "lower" for m in MEASURES)


def _entry(
    ctx: Context,
    fin: Finals,
    r: Ranked,
    norm: NDArray[np.float64],
    i: int,
    fam_p: dict[str, float],
    met: Metrics,
    months: tuple[float | None, float | None],
) -> OptionAdvice:
    """One ranked option; ``months`` are its median training and hire months (None: never),
    taken for all options in one call per array by the caller.

    (Pydantic's ``model_construct`` was tried for the ~20 criterion values per option: at
    2.8 µs against 1.6 µs for a validated init it is slower, so they are validated.)
    """
    o = fin.options[i]
    # the row's numbers as Python floats in one call each (not a NumPy scalar read per value)
    nrm, con = norm[i].tolist(), r.contrib[i].tolist()
    crit = {
        m.key: CriterionValue(
            criterion=m.criterion, label=m.label, value=v, unit=u, better=b, source=m.source,
            normalised=n, contribution=c,
        )
        for m, v, u, b, n, c in zip(MEASURES, r.displays[i], r.units, _BETTER, nrm, con,
                                    strict=True)
    }  # fmt: skip
    tgt = ctx.targets.get(o.target) if o.target else None
    return OptionAdvice(
        id=o.id, kind=o.kind, label=o.label, rank=int(fin.ranks[i]), score=float(fin.scores[i]),
        p_first=float(r.p_first[i]), short_label=short_label(o, tgt.title if tgt else None),
        family=family_of(o), family_p_first=fam_p[family_of(o)], metrics=met,
        criteria=crit, target=o.target, target_title=tgt.title if tgt else None,
        microtask_hours=o.microtask_hours, learning_hours=o.learning_hours,
        stop_microtask_when_hired=o.stop_microtask_when_hired,
        training_months_p50=months[0] if o.target else None,
        hired_month_p50=months[1] if (o.target or o.kind == "local_job") else None,
        standard_errors=_per_measure(r.own_se, i), paired_se=_per_measure(r.pair_se, i),
    )  # fmt: skip


def _per_measure(se: NDArray[np.float64] | None, i: int) -> dict[str, float]:
    return {} if se is None else {m.key: float(se[i, j]) for j, m in enumerate(MEASURES)}


def rank_finalists(ctx: Context, fin: Finals, weights: NDArray[np.float64]) -> Ranked:
    """Stage 5: SMAA over the person's priorities and the paths, one coherent recommendation
    (:mod:`..coherence`: rank 1 is the option the rule picks, never one that contradicts the
    acceptability analysis), then the ranked entries with their standard errors."""
    pri = ctx.profile.priorities.as_dict()
    p_vec = np.array([pri[c] for c in GROUPS_ORDER])
    p_first = smaa_first(fin.ev.values, p_vec, GROUPS, BENEFIT, method=ctx.method, samples=SAMPLES,
                         seed=ctx.seed)  # fmt: skip
    rc = reconcile([float(x) for x in fin.scores], [float(x) for x in p_first],
                   [family_of(o) for o in fin.options], SAMPLES)  # fmt: skip
    fin.put_first(rc.index)
    fams = families(ctx, fin, p_first)
    fam_p = {f.family: f.p_first for f in fams}
    contrib = contributions(fin.ev.matrix, weights, BENEFIT, fin.band)
    norm = normalise(fin.ev.matrix, BENEFIT, fin.band)
    units = [m.unit.replace("{cur}", ctx.currency) for m in MEASURES]
    displays = [display(fin.ev.matrix[i], ctx.horizon) for i in range(len(fin.options))]
    r = Ranked(p_first, fams, [], contrib, displays, units, pri, rc,
               summary_se(fin.ev.values), fin.ev.paired_se(fin.first))  # fmt: skip
    r.kinds = kinds(fams)
    order = list(fin.order)
    mets = all_metrics(fin.sim, order)
    train = median_months(fin.sim.training_done_month[order], ctx.horizon)
    hired = median_months(fin.sim.hired_month[order], ctx.horizon)
    r.entries = [
        _entry(ctx, fin, r, norm, i, fam_p, m, (t, h))
        for i, m, t, h in zip(order, mets, train, hired, strict=True)
    ]
    return r


def fill_minimum(
    minimum: list[MinimumMicrotask],
    entries: list[OptionAdvice],
    min_microtask: float = 0.0,
    min_learning: float = 0.0,
) -> None:
    """Give each goal-seek result the full-path shortfall and training time of its finalist.

    The goal-seek bisects on the screening paths (standard error 1–2 points near the tolerance);
    its split is a finalist, so it is re-checked here at full size, and when the full run puts it
    above the tolerance by more than 2 standard errors its text says so.
    """
    from crossroads.options import Option

    from .. import explain

    by_id = {e.id: e for e in entries}
    for k, mm in enumerate(minimum):
        if mm.microtask_hours is None or mm.learning_hours is None:
            continue
        if mm.learning_hours > 0 and mm.learning_hours >= min_learning:
            oid = Option.hybrid(mm.microtask_hours, mm.learning_hours, mm.target).id
        else:
            oid = "microtask"
        if mm.microtask_hours <= 0 or mm.microtask_hours < min_microtask:
            oid = f"career:{mm.target}"
        e = by_id.get(oid)
        if e is None:
            continue
        update: dict[str, object] = {"p_shortfall": e.metrics.p_shortfall,
                                     "training_months_p50": e.training_months_p50}  # fmt: skip
        se = e.standard_errors.get("p_shortfall", 0.0)
        if e.metrics.p_shortfall > mm.tolerance + 2.0 * se:
            update["text"] = (
                f"{mm.text} Re-checked on all paths, its chance of running short is "
                f"{explain.fmt_pct(e.metrics.p_shortfall)}, above your tolerance: the fewer-path "
                "search was optimistic, so treat this split as the least you would need, not as safe."
            )
        minimum[k] = mm.model_copy(update=update)
