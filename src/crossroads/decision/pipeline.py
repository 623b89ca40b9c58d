"""``advise(profile)``: generate the options, simulate them on common random numbers, rank, explain.

The pipeline, and why it is fast enough for an interactive answer (≤ 1 s for 10,000 paths):

1. **Options** — microtasks (if a platform is open to the person today), the best-fitting remote
   careers, and a grid of ≥ 60 hybrid mixes (:mod:`.candidates`).
2. **Screening** — every option is simulated in *one* vectorised engine call on fewer paths
   (``screen_paths``) with the same seed, so all options see the same luck (common random numbers)
   and a ranking of 60+ options costs about as much as a few options at full size.
3. **Goal-seek** — per target, the fewest microtask hours per week that keep the shortfall
   probability within the person's tolerance while the rest of the hours go to training and search
   (bisection on the screening paths, all targets in one call per step).
4. **Finalists** at full paths, one engine call: microtasks, each career, the best mix per target,
   the next best mixes, and the goal-seek mixes. These are ranked (weighted sum or TOPSIS), their
   robustness measured (SMAA), and explained.
5. **Tipping points** — savings and monthly expenses re-use the final simulation (cash is a
   cumulative sum); hours per week and the microtask wage re-simulate the finalists on the
   screening paths, with the same seed, inside a bisection.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np

from crossroads.errors import FieldError, InputError

from . import explain
from .advice import (
    Advice,
    AdviceRun,
    Assumption,
    CriterionInfo,
    CriterionValue,
    FailureDrilldown,
    FamilyAcceptability,
    Honesty,
    HybridSearch,
    Metrics,
    MinimumMicrotask,
    MixResult,
    OptionAdvice,
    TippingPoint,
    money_terms,
)
from .candidates import (
    Target,
    career_targets,
    family_label,
    family_of,
    hybrid_grid,
    round_hours,
    short_label,
)
from .criteria import (
    BENEFIT,
    MEASURES,
    MICROTASK_INDEPENDENCE,
    MICROTASK_PROXY,
    WEEKS_PER_MONTH,
    Attributes,
)
from .engine import COL, GROUPS, GROUPS_ORDER, Evaluated, evaluate, measure_weights, rank_scores
from .mcda import METHODS, contributions, normalise, rank
from .smaa import SAMPLES, WEIGHT_JITTER_POINTS, smaa
from .tipping import bisect_both

SCREEN_PATHS = 500
TIP_PATHS = 500
N_TARGETS = 3
GOAL_SEEK_STEPS = 5
#: Below this SMAA share of the recommended *family* the advice warns that the first place is not robust.
ROBUST_FAMILY_P_FIRST = 0.5


# ------------------------------------------------------------------------------------------------
# inputs
# ------------------------------------------------------------------------------------------------


def _check_args(paths: int, seed: int, horizon: int | None, method: str) -> None:
    errors: list[FieldError] = []
    if not isinstance(paths, int) or isinstance(paths, bool) or not (100 <= paths <= 1_000_000):
        errors.append(FieldError("paths", f"must be a whole number between 100 and 1,000,000, got {paths!r}"))
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        errors.append(FieldError("seed", f"must be a whole number >= 0, got {seed!r}"))
    if horizon is not None and (not isinstance(horizon, int) or isinstance(horizon, bool) or not 1 <= horizon <= 120):
        errors.append(FieldError("horizon", f"must be 1..120 months, got {horizon!r}"))
    if method not in METHODS:
        errors.append(FieldError("method", f"must be one of {', '.join(METHODS)}, got {method!r}"))
    if errors:
        raise InputError(errors)


#: Monthly arrays the ranking needs (the final run keeps them all, for plan and report).
RANK_KEEP = ("income", "microtask_income", "learning_cost", "hours_microtask", "hours_learning",
             "hours_search", "hours_job")


def _simulate(profile: Any, options: list[Any], *, paths: int, seed: int, horizon: int,
              params: Any, catalog: Any, keep: tuple[str, ...] | None = RANK_KEEP, draws: Any = None) -> Any:
    """One engine call for all ``options`` (common random numbers: the same draws for every option).

    ``draws`` lets successive calls share one set of random numbers (the engine's draws of a path
    depend only on the seed and the path), so screening, goal-seek, final run and tipping points
    all compare options on the same luck without drawing again.
    """
    from crossroads.simulation import simulate

    if draws is not None and draws.paths != paths:
        draws = draws.take(0, paths)
    return simulate(profile, options, paths=paths, seed=seed, horizon=horizon, params=params,
                    catalog=catalog, keep=keep, draws=draws)


def _with_hours(profile: Any, hours: float) -> Any:
    return profile.model_copy(update={"time": profile.time.model_copy(update={"hours_per_week": float(hours)})})


def _with_money(profile: Any, **changes: float) -> Any:
    return profile.model_copy(update={"money": profile.money.model_copy(update=changes)})


# ------------------------------------------------------------------------------------------------
# attributes (catalog) of each option
# ------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Context:
    profile: Any
    catalog: Any
    params: Any
    horizon: int
    targets: dict[str, Target]
    proxy: Any
    proxy_fit: float
    mt_ceiling: float
    notes: list[str]
    draws: Any = None


def _num(v: float | None, fallback: float, what: str, notes: list[str]) -> float:
    if v is None:
        notes.append(what)
        return fallback
    return float(v)


def _attributes(ctx: _Context, option: Any) -> Attributes:
    px = ctx.proxy
    mt_auto = _num(px.ai_eloundou_beta if px else None, 0.5, "Eloundou β of the microtask proxy missing: 0.5 used", ctx.notes)
    mt_al = _num(px.skills_im.get("active_learning") if px else None, 3.0, "O*NET Active Learning of the microtask proxy missing: 3 used", ctx.notes)
    if option.target is None:
        return Attributes(ctx.mt_ceiling, mt_auto, mt_al, ctx.proxy_fit, mt_auto, mt_al, MICROTASK_INDEPENDENCE, ctx.proxy_fit, False)
    t = ctx.targets[option.target]
    occ = ctx.catalog.occupation(option.target)
    ceiling = occ.wage_hourly.p90 if occ.wage_hourly is not None else ctx.mt_ceiling
    auto = _num(occ.ai_eloundou_beta, mt_auto, f"{occ.title}: no Eloundou β in the catalog; the microtask proxy's value is used", ctx.notes)
    al = _num(occ.skills_im.get("active_learning"), 3.0, f"{occ.title}: no O*NET Active Learning rating; 3 used", ctx.notes)
    ind = _num((occ.work_values or {}).get("independence"), 4.0, f"{occ.title}: no O*NET Independence work value; 4 (mid-scale) used", ctx.notes)
    return Attributes(float(ceiling), mt_auto, mt_al, ctx.proxy_fit, auto, al, ind, t.fit, True)


def _mt_ceiling(sim: Any, k: int) -> float:
    """90th percentile over paths of the simulated effective microtask wage (USD/h, whole horizon)."""
    inc = np.asarray(sim.microtask_income[k], dtype=np.float64).sum(-1)
    hrs = np.asarray(sim.hours_microtask[k], dtype=np.float64).sum(-1) * WEEKS_PER_MONTH
    ok = hrs > 0
    return float(np.quantile(inc[ok] / hrs[ok], 0.9)) if ok.any() else 0.0


# ------------------------------------------------------------------------------------------------
# ranking helpers
# ------------------------------------------------------------------------------------------------


def _winner(matrix: np.ndarray, weights: np.ndarray, method: str) -> int:
    return int(np.argmax(rank_scores(matrix, weights, method)))


def _display(matrix_row: np.ndarray, months: int) -> list[float | None]:
    out: list[float | None] = []
    for j, m in enumerate(MEASURES):
        v = float(matrix_row[j])
        out.append(None if (m.never and v > months) else v)
    return out


def _median_month(a: np.ndarray, months: int) -> float | None:
    """Median of 1-based months with -1 = never; None if the median path never gets there."""
    x = np.where(np.asarray(a) < 1, months + 1, np.asarray(a)).astype(np.float64)
    med = float(np.median(x))
    return None if med > months else med


# ------------------------------------------------------------------------------------------------
# the advice
# ------------------------------------------------------------------------------------------------


def advise(
    profile: Any,
    *,
    paths: int = 10_000,
    seed: int = 0,
    horizon: int | None = None,
    method: str = "weighted_sum",
    catalog: Any = None,
    screen_paths: int = SCREEN_PATHS,
    tipping: bool = True,
    n_targets: int = N_TARGETS,
    targets: list[str] | None = None,
    mix_shares: tuple[float, ...] | None = None,
) -> Advice:
    """The advice document for ``profile`` (the arguments are :func:`advise_with_run`'s)."""
    return advise_with_run(profile, paths=paths, seed=seed, horizon=horizon, method=method,
                           catalog=catalog, screen_paths=screen_paths, tipping=tipping,
                           n_targets=n_targets, targets=targets, mix_shares=mix_shares)[0]


def advise_with_run(
    profile: Any,
    *,
    paths: int = 10_000,
    seed: int = 0,
    horizon: int | None = None,
    method: str = "weighted_sum",
    catalog: Any = None,
    screen_paths: int = SCREEN_PATHS,
    tipping: bool = True,
    n_targets: int = N_TARGETS,
    targets: list[str] | None = None,
    mix_shares: tuple[float, ...] | None = None,
) -> tuple[Advice, AdviceRun]:
    """Rank microtasks, careers and hybrids for ``profile`` and explain the answer.

    Raises :class:`InputError` naming ``paths``, ``seed``, ``horizon`` or ``method`` when one is
    out of range, and ``code`` for an unknown or unrated career target. ``targets`` replaces the
    automatically chosen career targets by the person's own O*NET-SOC codes. ``mix_shares``
    replaces the hybrid grid's microtask shares (quick mode uses a coarser grid). Identical inputs
    and seed give identical advice. Returns the document and, beside it, the live run of the finalists
    (the plan and the report read their monthly arrays from it).
    """
    _check_args(paths, seed, horizon, method)
    from crossroads.catalog import get_catalog
    from crossroads.options import Option
    from crossroads.params import PARAMS, params_for

    catalog = catalog or get_catalog()
    params = params_for(profile)
    H = int(horizon or profile.time.horizon_months)
    hours = float(profile.time.hours_per_week)
    tol = float(profile.risk.max_shortfall_probability)
    cur = profile.currency
    warnings: list[str] = []
    notes: list[str] = []
    screen_paths = min(screen_paths, paths)

    # ---- 1. options ------------------------------------------------------------------------
    as_of = profile.as_of or dt.date.today()
    open_pl = catalog.open_platforms(profile.country, as_of)
    explicit = list(targets) if targets else None
    chosen: list[Target] = career_targets(profile, catalog, n_targets, explicit)
    from crossroads.world.wages import careers_refused

    refused, refused_codes = careers_refused(profile, [t.code for t in chosen])
    if refused:
        if explicit is not None:
            raise InputError.one("country", refused)
        chosen = [t for t in chosen if t.code not in refused_codes]
        warnings.append(refused)
    if explicit is None and len(chosen) < n_targets and not refused:
        warnings.append(f"Only {len(chosen)} remote career target(s) with Job Zone ≤ 3 and a published wage were found.")
    for t in chosen if explicit else []:
        # An explicit --target is simulated as asked, but a job that cannot be done from home is
        # not what crossroads is about: say so rather than quietly model it as remote work.
        if not t.match.teleworkable:
            share = t.match.teleworkable_share
            rated = "no rating" if share is None else f"rated {share:g}"
            warnings.append(f"{t.code} ({t.title}) is not teleworkable (Dingel–Neiman: {rated}); it is "
                            "simulated as asked, but the job is usually done on site, not remotely.")
    options: list[Any] = []
    if open_pl:
        options.append(Option.microtask(hours))
    else:
        warnings.append(f"No microtask platform is open to new workers in {profile.country} on {as_of}: "
                        "microtask options are left out.")
    from crossroads.freelance import has_market

    for t in chosen:
        options.append(Option.career(t.code, hours, t.title))
        if has_market(t.code):   # the advice compares employee and freelance modes (issue 9)
            options.append(Option.freelance_path(t.code, hours, t.title))
    grid = hybrid_grid(hours, chosen, mix_shares) if open_pl else []
    options += grid
    if not options:
        raise InputError.one("country", "no option can be simulated: no open microtask platform and no career target")

    from crossroads.matching import match_occupation

    try:
        proxy = catalog.occupation(MICROTASK_PROXY)
        proxy_fit = float(match_occupation(profile, MICROTASK_PROXY, catalog=catalog).fit)
    except InputError:
        proxy, proxy_fit = None, 0.5
        notes.append("microtask proxy occupation unavailable: fit 0.5 used")
    from crossroads.resources import check_run_memory
    from crossroads.simulation.draws import make_draws

    # Up front, before minutes of screening: the finalists (step 4) are at most the non-hybrid
    # options, the best mix per target, two more mixes and one minimum-microtask mix per target.
    n_final = sum(1 for o in options if o.kind != "hybrid") + (2 * len(chosen) + 2 if grid else 0)
    check_run_memory(int(paths), H, n_final)
    draws = make_draws(int(seed), int(paths), H)
    ctx = _Context(profile, catalog, params, H, {t.code: t for t in chosen}, proxy, proxy_fit, 0.0, notes, draws)
    weights = measure_weights(profile.priorities.as_dict())

    # ---- 2. screening ------------------------------------------------------------------------
    sim_s = _simulate(profile, options, paths=screen_paths, seed=seed, horizon=H, params=params,
                      catalog=catalog, draws=draws)
    if open_pl:
        ctx.mt_ceiling = _mt_ceiling(sim_s, 0)
    else:
        ctx.mt_ceiling = 0.0
    attrs_s = [_attributes(ctx, o) for o in options]
    ev_s = evaluate(options, sim_s, attrs_s, profile)
    scores_s = rank_scores(ev_s.matrix, weights, method)
    mix_idx = [i for i, o in enumerate(options) if o.kind == "hybrid"]
    best_mixes = sorted(mix_idx, key=lambda i: -scores_s[i])

    # ---- 3. goal-seek: minimum microtask hours within tolerance -------------------------------
    minimum = _goal_seek(ctx, chosen, options, ev_s, tol, seed, screen_paths) if open_pl else []

    # ---- 4. finalists at full paths ------------------------------------------------------------
    finalists: list[Any] = [o for o in options if o.kind != "hybrid"]
    ids = {o.id for o in finalists}
    for t in chosen:
        for i in best_mixes:
            if options[i].target == t.code:
                if options[i].id not in ids:
                    finalists.append(options[i])
                    ids.add(options[i].id)
                break
    extra = 0
    for i in best_mixes:
        if extra >= 2:
            break
        if options[i].id not in ids:
            finalists.append(options[i])
            ids.add(options[i].id)
            extra += 1
    for mm in minimum:
        if mm.microtask_hours is None or mm.learning_hours is None or mm.learning_hours <= 0:
            continue
        if mm.microtask_hours <= 0:  # 0 h of microtasks is the career option, already a finalist
            continue
        o = Option.hybrid(mm.microtask_hours, mm.learning_hours, mm.target, False, ctx.targets[mm.target].title)
        if o.id not in ids:
            finalists.append(o)
            ids.add(o.id)
    sim = _simulate(profile, finalists, paths=paths, seed=seed, horizon=H, params=params, catalog=catalog,
                    keep=None, draws=draws)
    attrs = [_attributes(ctx, o) for o in finalists]
    ev = evaluate(finalists, sim, attrs, profile)
    scores = rank_scores(ev.matrix, weights, method)
    ranks = rank(scores)
    order = list(np.argsort(ranks))
    first, second = int(order[0]), int(order[1]) if len(order) > 1 else int(order[0])

    # ---- SMAA ---------------------------------------------------------------------------------
    pri = profile.priorities.as_dict()
    p_vec = np.array([pri[c] for c in GROUPS_ORDER])
    p_first, _acc = smaa(ev.values, p_vec, GROUPS, BENEFIT, method=method, samples=SAMPLES, seed=seed)
    families = _families(finalists, order, p_first, ctx)
    fam_p = {f.family: f.p_first for f in families}

    # ---- metrics and option entries ------------------------------------------------------------
    contrib = contributions(ev.matrix, weights, BENEFIT)
    norm = normalise(ev.matrix, BENEFIT)
    units = [m.unit.replace("{cur}", cur) for m in MEASURES]
    displays = [_display(ev.matrix[i], H) for i in range(len(finalists))]
    entries: list[OptionAdvice] = []
    for i in order:
        o = finalists[i]
        metrics = _metrics(sim, i)
        crit = {
            m.key: CriterionValue(
                criterion=m.criterion, label=m.label, value=displays[i][j], unit=units[j],
                better="higher" if m.benefit else "lower", source=m.source,
                normalised=float(norm[i, j]), contribution=float(contrib[i, j]),
            )
            for j, m in enumerate(MEASURES)
        }
        tgt = ctx.targets.get(o.target) if o.target else None
        entries.append(OptionAdvice(
            id=o.id, kind=o.kind, label=o.label, rank=int(ranks[i]), score=float(scores[i]),
            p_first=float(p_first[i]), short_label=short_label(o, tgt.title if tgt else None),
            family=_family(o), family_p_first=fam_p[_family(o)], metrics=metrics, criteria=crit, target=o.target,
            target_title=tgt.title if tgt else None, microtask_hours=o.microtask_hours,
            learning_hours=o.learning_hours, stop_microtask_when_hired=o.stop_microtask_when_hired,
            training_months_p50=_median_month(sim.training_done_month[i], H) if o.target else None,
            hired_month_p50=_median_month(sim.hired_month[i], H) if o.target else None,
        ))
    rec = finalists[first]
    _fill_minimum(minimum, finalists, entries)

    # ---- honesty -------------------------------------------------------------------------------
    def _resim(prof: Any, opt: Any) -> tuple[float, float]:
        """p_shortfall and P90 depth of one option for a changed profile (the adapting model)."""
        r = _simulate(prof, [opt], paths=paths, seed=seed, horizon=H, params=params, catalog=catalog,
                      keep=(), draws=draws)
        return float((r.shortfall_month[0] > 0).mean()), float(np.percentile(r.shortfall_depth[0], 90))

    honesty_warnings, honesty = _honesty(ev, entries, finalists, profile, tol, H, resim=_resim)

    # ---- reasons, drill-down, tipping -------------------------------------------------------------
    labels = [o.label for o in finalists]
    explanation: list[str] = []
    explanation += honesty_warnings
    rec_fam = next(f for f in families if f.family == _family(rec))
    explanation.append(_recommendation_line(rec, rec_fam, families, float(p_first[first]), method))
    if len(finalists) > 1:
        explanation += explain.reasons(labels, ev.matrix, displays, contrib, pri, units, first, second)
        # Neighbouring mixes of one target differ little; also explain against the best option of
        # another kind or target, which is the choice the person is really making.
        other = next((int(i) for i in order if _family(finalists[int(i)]) != _family(rec)), None)
        if other is not None and other != second:
            explanation += explain.reasons(labels, ev.matrix, displays, contrib, pri, units, first, other)[:3]
    if rec_fam.p_first < ROBUST_FAMILY_P_FIRST:
        rival = next((f for f in families if f.family != rec_fam.family), None)
        rival_text = (f"; {rival.label} does in {explain.fmt_pct(rival.p_first)}" if rival is not None else "")
        warnings.append(
            f"The first place is not robust: {rec_fam.label} ranks first in only "
            f"{explain.fmt_pct(rec_fam.p_first)} of the samples{rival_text}; look at the next options too."
        )
    dd = explain.drilldown(sim, first, float(profile.money.cash_floor), rec.label, rec.id,
                           rec.target is not None, rec.microtask_hours > 0)
    failure = FailureDrilldown(**dd)
    explanation += failure.text

    tips: list[TippingPoint] = []
    if tipping and len(finalists) > 1:
        tips = _tipping(ctx, finalists, ev, weights, method, scores, seed, min(TIP_PATHS, paths), cur)

    # ---- assumptions and search summary ---------------------------------------------------------
    assumptions = _assumptions(params, PARAMS, rec)
    for n in sorted(set(notes)):
        warnings.append(f"Missing data: {n}.")
    # where the person lives (crossroads.world): exchange rate and date, country wage level,
    # microtask pay by country, platforms whose eligibility is unknown, current work
    world_notes = list(getattr(sim.setup, "country_notes", ()))
    if profile.currency != "USD":
        world_notes.insert(0, f"Currency: {sim.setup.fx_note}.")
    warnings += [w for w in dict.fromkeys(world_notes) if w and w not in warnings]
    mixes = [
        MixResult(id=options[i].id, target=options[i].target, microtask_hours=options[i].microtask_hours,
                  learning_hours=options[i].learning_hours,
                  stop_microtask_when_hired=options[i].stop_microtask_when_hired, score=float(scores_s[i]),
                  p_shortfall=float(ev_s.matrix[i, COL["p_shortfall"]]),
                  net_income_p50=float(ev_s.matrix[i, COL["net_income"]]))
        for i in best_mixes[:5]
    ]
    crit_info = [
        CriterionInfo(key=m.key, criterion=m.criterion, label=m.label, unit=units[j],
                      better="higher" if m.benefit else "lower", source=m.source,
                      priority=float(pri[m.criterion]), weight=float(weights[j]))
        for j, m in enumerate(MEASURES)
    ]
    advice = Advice(
        recommendation=rec.id, recommendation_label=rec.label, method=method,  # type: ignore[arg-type]
        options=entries, families=families, recommendation_family=rec_fam.family,
        explanation=explanation, tipping_points=tips,
        warnings=honesty_warnings + warnings, assumptions=assumptions, seed=seed, paths=paths,
        horizon_months=H, targets=list(explicit or []), criteria=crit_info,
        hybrid_search=HybridSearch(mixes_screened=len(grid), screening_paths=screen_paths,
                                   best_mixes=mixes, minimum_microtask=minimum),
        failure=failure, honesty=honesty, tolerance=tol, currency=cur,
        data_as_of=dict(catalog.as_of) | {"platform_status_checked_for": str(as_of)},
        profile_name=profile.name, money=money_terms(sim.setup, cur),
    )
    return advice, AdviceRun(sim, tuple(finalists))


def _families(finalists: list[Any], order: list[Any], p_first: np.ndarray, ctx: _Context) -> list[FamilyAcceptability]:
    """SMAA acceptability per family: the sum of its options' ``p_first`` (most often first, first).

    Exactly one option ranks first in each sample, so a family's share is the share of samples in
    which *some* option of that family ranks first, and the shares sum to 1 like ``p_first``.
    """
    members: dict[str, list[int]] = {}
    for i in order:  # best rank first
        members.setdefault(_family(finalists[int(i)]), []).append(int(i))
    out = []
    for f, idx in members.items():
        o = finalists[idx[0]]
        out.append(FamilyAcceptability(
            family=f, kind=o.kind, target=o.target, label=_family_label(o, ctx),
            p_first=float(sum(float(p_first[i]) for i in idx)), best_option=o.id,
            options=[finalists[i].id for i in idx],
        ))
    # most often first first; ties keep the ranking's order
    return sorted(out, key=lambda f: -f.p_first)


def _recommendation_line(rec: Any, rec_fam: FamilyAcceptability, families: list[FamilyAcceptability],
                         p_opt: float, method: str) -> str:
    """The recommendation with its robustness, said per family (the split is a second-order choice)."""
    how = "the weighted sum" if method == "weighted_sum" else "TOPSIS"
    vary = (f"{SAMPLES:,} samples in which your priorities vary by ±{WEIGHT_JITTER_POINTS:g} point "
            "and outcomes vary across paths")
    text = (f"Recommended: {rec.label} — ranked first by {how} of your priorities. "
            f"{rec_fam.label[0].upper()}{rec_fam.label[1:]} ranks first in {explain.fmt_pct(rec_fam.p_first)} of {vary}")
    if len(rec_fam.options) > 1:
        text += (f"; the exact split matters less: this split is first in {explain.fmt_pct(p_opt)}, "
                 f"the {len(rec_fam.options) - 1} other split(s) of this hybrid in "
                 f"{explain.fmt_pct(max(0.0, rec_fam.p_first - p_opt))}")
    others = [f for f in families if f.family != rec_fam.family and f.p_first > 0][:2]
    if others:
        text += "; otherwise " + ", ".join(f"{f.label} ({explain.fmt_pct(f.p_first)})" for f in others)
    return text + "."


def _fill_minimum(minimum: list[MinimumMicrotask], finalists: list[Any], entries: list[OptionAdvice]) -> None:
    """Give each goal-seek result the full-path shortfall and training time of its finalist."""
    from crossroads.options import Option

    by_id = {e.id: e for e in entries}
    for k, mm in enumerate(minimum):
        if mm.microtask_hours is None or mm.learning_hours is None:
            continue
        if mm.learning_hours > 0:
            oid = Option.hybrid(mm.microtask_hours, mm.learning_hours, mm.target).id
        else:
            oid = "microtask"
        if mm.microtask_hours == 0:
            oid = f"career:{mm.target}"
        e = by_id.get(oid)
        if e is not None:
            minimum[k] = mm.model_copy(update={"p_shortfall": e.metrics.p_shortfall,
                                               "training_months_p50": e.training_months_p50})


def _metrics(sim: Any, k: int) -> Metrics:
    """The contract metrics of option k, with exactly the definitions of ``simulation.metrics.summarise``.

    Computed here from the per-path summaries because ``summarise`` also builds monthly percentile
    bands, which the advice does not need (the report asks the engine for them).
    """
    from crossroads.simulation.metrics import cash_outcomes, median_month

    M = sim.months
    net = sim.net_income[k].astype(np.float64)
    p10, p50, p90 = np.percentile(net, [10, 50, 90])
    mean = sim.income_mean[k].astype(np.float64)
    sd = sim.income_sd[k].astype(np.float64)
    cv = np.where(mean > 0, sd / np.where(mean > 0, mean, 1.0), 0.0)
    return Metrics(
        net_income_p10=float(p10), net_income_p50=float(p50), net_income_p90=float(p90),
        p_shortfall=float((sim.shortfall_month[k] > 0).mean()),
        months_to_first_income_p50=median_month(sim.first_income_month[k], M),
        months_to_cover_expenses_p50=median_month(sim.cover_month[k], M),
        final_monthly_income_p50=float(np.median(sim.final_income[k])),
        income_volatility=float(np.median(cv)),
        **cash_outcomes(sim, k),
    )


def _opt(v: Any) -> float | None:
    if v is None:
        return None
    f = float(v)
    return None if not np.isfinite(f) else f


# ------------------------------------------------------------------------------------------------
# goal-seek
# ------------------------------------------------------------------------------------------------


def _goal_seek(ctx: _Context, targets: list[Target], options: list[Any], ev_s: Evaluated, tol: float,
               seed: int, screen_paths: int) -> list[MinimumMicrotask]:
    """Fewest microtask h/week (stop when hired) keeping p_shortfall ≤ tol, per target."""
    from crossroads.options import Option

    hours = float(ctx.profile.time.hours_per_week)
    idx_mt = next((i for i, o in enumerate(options) if o.kind == "microtask"), None)
    p_sf = ev_s.matrix[:, COL["p_shortfall"]]
    lo: dict[str, float] = {}
    hi: dict[str, float | None] = {}
    for t in targets:
        pts = [(0.0, p_sf[i]) for i, o in enumerate(options) if o.kind == "career" and o.target == t.code]
        pts += [(o.microtask_hours, p_sf[i]) for i, o in enumerate(options)
                if o.kind == "hybrid" and o.target == t.code and o.stop_microtask_when_hired]
        if idx_mt is not None:
            pts.append((hours, p_sf[idx_mt]))
        pts.sort()
        ok = [h for h, p in pts if p <= tol]
        if not ok:
            lo[t.code], hi[t.code] = hours, None
            continue
        h_ok = ok[0]
        below = [h for h, _ in pts if h < h_ok]
        lo[t.code], hi[t.code] = (below[-1] if below else h_ok), h_ok
    active = [t for t in targets if (h := hi[t.code]) is not None and lo[t.code] < h < hours]
    for _ in range(GOAL_SEEK_STEPS):
        if not active:
            break
        mids = {t.code: round_hours(0.5 * (lo[t.code] + hi[t.code])) for t in active}  # type: ignore[operator]
        active = [t for t in active if lo[t.code] < mids[t.code] < hi[t.code]]  # type: ignore[operator]
        if not active:
            break
        opts = [Option.hybrid(mids[t.code], hours - mids[t.code], t.code, False, t.title) for t in active]
        sim = _simulate(ctx.profile, opts, paths=screen_paths, seed=seed, horizon=ctx.horizon,
                        params=ctx.params, catalog=ctx.catalog, keep=(), draws=ctx.draws)
        p = (np.asarray(sim.shortfall_month) > 0).mean(-1)
        for t, pk in zip(active, p, strict=False):
            if pk <= tol:
                hi[t.code] = mids[t.code]
            else:
                lo[t.code] = mids[t.code]
    out: list[MinimumMicrotask] = []
    for t in targets:
        h = hi[t.code]
        if h is None:
            out.append(MinimumMicrotask(
                target=t.code, target_title=t.title, microtask_hours=None, learning_hours=None,
                p_shortfall=None, training_months_p50=None, tolerance=tol,
                text=(f"For {t.title}, no split of your {hours:g} h/week keeps the chance of running short "
                      f"within {explain.fmt_pct(tol)} (checked on {screen_paths:,} paths)."),
            ))
            continue
        # p_shortfall and training time at the found split (from the screening / goal-seek runs)
        learn = hours - h
        out.append(MinimumMicrotask(
            target=t.code, target_title=t.title, microtask_hours=h, learning_hours=learn,
            p_shortfall=None, training_months_p50=None, tolerance=tol,
            text=(f"For {t.title}: at least {h:g} h/week of microtasks (and {learn:g} h/week of learning and "
                  f"search, microtasks stopped when hired) keeps the chance of running short within "
                  f"{explain.fmt_pct(tol)}." if h > 0 else
                  f"For {t.title}: no microtasks are needed to stay within {explain.fmt_pct(tol)}; all "
                  f"{hours:g} h/week can go to learning and search."),
        ))
    return out


# ------------------------------------------------------------------------------------------------
# honesty
# ------------------------------------------------------------------------------------------------


def _honesty(ev: Evaluated, entries: list[OptionAdvice], finalists: list[Any], profile: Any,
             tol: float, H: int, resim: Any = None) -> tuple[list[str], Honesty]:
    """Say first, plainly, when nothing is safe enough or nothing covers expenses.

    The remedies are what a person could act on, the cheapest first: the fallback rule (free),
    expenses, savings. The savings figure is found on the balance (fallback timing held fixed)
    and then checked by re-simulating the closest option with it (``resim``): the adapting model
    decides, and the figure is raised until it really brings the probability within tolerance.
    """
    cur = profile.currency
    p = np.array([e.metrics.p_shortfall for e in entries])
    by_id = {o.id: i for i, o in enumerate(finalists)}
    out: list[str] = []
    within = bool((p <= tol).any())
    covers = any(e.metrics.months_to_cover_expenses_p50 is not None for e in entries)
    closest: str | None = None
    if not within:
        j = int(np.argmin(p))
        e = entries[j]
        closest = e.id
        k = by_id[e.id]
        margin = ev.min_margin()[k]
        need = float(np.quantile(-margin, 1.0 - tol))  # savings increase that brings P(short) to tol
        need = max(0.0, need) + 1.0
        while (margin + need < 0).mean() > tol:
            need *= 1.05
        change: list[str] = []
        free: list[str] = []   # remedies that cost nothing, said first
        fb = getattr(profile, "fallback", None)
        opt = finalists[k]
        if resim is not None and fb is not None and fb.rule == "off":
            on = profile.model_copy(update={"fallback": fb.model_copy(update={"rule": "any_job"})})
            p_on, d_on = resim(on, opt)
            free.append(f"switching the fallback on (fallback: any_job — take any available local job when cash "
                        f"runs low) gives {explain.fmt_pct(p_on)}, with a 90th-percentile deficit of {explain.fmt_money(d_on, cur)}")
        if resim is not None and fb is not None and fb.rule == "any_job":
            # more hours in the fallback job: full-time when the time budget gives it fewer
            from crossroads.params import params_for

            ft = float(params_for(profile)["fulltime_hours"])
            fb_h = fb.hours_per_week if fb.hours_per_week is not None else min(ft, float(profile.time.hours_per_week))
            if fb_h < ft:
                more = profile.model_copy(update={"fallback": fb.model_copy(update={"hours_per_week": ft})})
                p_ft, d_ft = resim(more, opt)
                if p_ft < e.metrics.p_shortfall - 0.005:
                    free.append(f"taking the fallback job full-time ({ft:g} h/week instead of {fb_h:g}; "
                                f"fallback.hours_per_week) gives {explain.fmt_pct(p_ft)}, with a 90th-percentile "
                                f"deficit of {explain.fmt_money(d_ft, cur)}")
        exp_max = _expenses_for_tolerance(ev, k, tol)
        if exp_max is not None:
            change.append(f"monthly expenses of at most {explain.fmt_money(exp_max, cur)} (now {explain.fmt_money(ev.expenses, cur)})")
        if resim is not None:
            for _ in range(6):      # check on the adapting model; raise until it holds
                richer = profile.model_copy(update={"money": profile.money.model_copy(
                    update={"savings": float(profile.money.savings) + need})})
                if resim(richer, opt)[0] <= tol:
                    break
                need *= 1.25
        change.append(f"about {explain.fmt_money(need, cur)} more savings (you have {explain.fmt_money(ev.savings, cur)})")
        change.append("a lower cash floor or a higher tolerance")
        out.append(
            f"No option keeps the chance of running short of cash within your tolerance of {explain.fmt_pct(tol)}. "
            f"The closest is {e.label}, with {explain.fmt_pct(e.metrics.p_shortfall)}. To bring it within "
            f"{explain.fmt_pct(tol)} you would need " + ", or ".join(change) + "."
            + ("" if not free else " Free changes first: " + "; ".join(free) + ".")
        )
    if not covers:
        inc = [e.metrics.final_monthly_income_p50 for e in entries]
        j = int(np.argmax(inc))
        e = entries[j]
        closest = closest or e.id
        need = ev.expenses - ev.other_income
        gap = need - e.metrics.final_monthly_income_p50
        out.append(
            f"No option's typical (median) path earns enough to cover your expenses of "
            f"{explain.fmt_money(ev.expenses, cur)}/month within {H} months. The closest is {e.label}, whose median income "
            f"in the final months is {explain.fmt_money(e.metrics.final_monthly_income_p50, cur)}/month — "
            f"{explain.fmt_money(gap, cur)}/month short. Expenses would have to fall by that much, or income rise by it."
        )
    return out, Honesty(any_within_tolerance=within, any_covers_expenses=covers, closest_option=closest)


def _expenses_for_tolerance(ev: Evaluated, k: int, tol: float) -> float | None:
    """Highest monthly expenses at which option k's shortfall probability is within tol (bisection)."""
    cash = np.asarray(ev._bal()[k].T, dtype=np.float64)   # the balance (paths, months), unclipped
    t = np.arange(1, cash.shape[-1] + 1, dtype=np.float64)

    def p_at(e: float) -> float:
        return float(((cash + (ev.expenses - e) * t).min(-1) < ev.cash_floor).mean())

    if p_at(0.0) > tol:
        return None
    lo, hi = 0.0, ev.expenses
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        if p_at(mid) <= tol:
            lo = mid
        else:
            hi = mid
    return lo


# ------------------------------------------------------------------------------------------------
# tipping points
# ------------------------------------------------------------------------------------------------

_TIP_LABELS = {
    "savings": ("savings", "{cur}"),
    "hours_per_week": ("hours per week", "h/week"),
    "monthly_expenses": ("monthly expenses", "{cur}/month"),
    "microtask_wage": ("median microtask wage (effective, unpaid time counted)", "USD/h"),
}


def _family(o: Any) -> str:
    """What a tipping point is about: the kind of path and its target, not the exact hour split."""
    return family_of(o)


def _family_label(o: Any, ctx: _Context) -> str:
    return family_label(o, ctx.targets[o.target].title if o.target in ctx.targets else o.target)


def _tipping(ctx: _Context, finalists: list[Any], ev: Evaluated, weights: np.ndarray, method: str,
             scores: np.ndarray, seed: int, tip_paths: int, cur: str) -> list[TippingPoint]:
    profile = ctx.profile
    fam = [_family(o) for o in finalists]
    best: dict[str, int] = {}
    for i in np.argsort(-scores, kind="stable"):
        best.setdefault(fam[int(i)], int(i))
    rep_idx = list(best.values())
    reps = [finalists[i] for i in rep_idx]
    rep_attrs = [ev.attrs[i] for i in rep_idx]
    base_f = fam[int(np.argmax(scores))]
    fam_text = {f: _family_label(finalists[i], ctx) for f, i in best.items()}
    out: list[TippingPoint] = []

    def add(param: str, current: float, low: float, high: float, winners_at: Any, base: str, fmt: Any,
            note: str = "") -> None:
        tips = bisect_both(winners_at, current, low, high, base, scan=4 if param in ("savings", "monthly_expenses") else 2,
                           steps=6 if param in ("savings", "monthly_expenses") else 3)
        label, unit = _TIP_LABELS[param]
        unit = unit.replace("{cur}", cur)
        for tip, bound in zip(tips, (low, high), strict=False):
            if tip.value is None:
                text = (f"{label.capitalize()}: no change of recommendation between {fmt(current)} and "
                        f"{fmt(bound)} (none within a plausible range).")
                new_id = new_label = None
            else:
                more = "or more" if tip.direction == "increase" else "or less"
                text = (f"With {label} of {fmt(tip.value)} {more} (now {fmt(current)}), "
                        f"{fam_text[tip.winner]} would rank first instead of {fam_text[base]}{note}.")  # type: ignore[index]
                j = best[tip.winner]  # type: ignore[index]
                new_id, new_label = finalists[j].id, finalists[j].label
            out.append(TippingPoint(
                parameter=param, label=label, unit=unit, current=current, direction=tip.direction,  # type: ignore[arg-type]
                searched_to=bound, value=tip.value, new_recommendation=new_id,
                new_recommendation_label=new_label, text=text,
            ))

    money = profile.money
    s0, e0 = float(money.savings), float(money.monthly_expenses)
    fmt_m = lambda v: explain.fmt_money(v, cur)  # noqa: E731

    def w_sav(xs: list[float]) -> list[str]:
        return [fam[_winner(ev.matrix_with(savings=x), weights, method)] for x in xs]

    def w_exp(xs: list[float]) -> list[str]:
        return [fam[_winner(ev.matrix_with(expenses=x), weights, method)] for x in xs]

    add("savings", s0, 0.0, s0 + 12.0 * e0, w_sav, base_f, fmt_m)
    add("monthly_expenses", e0, 0.5 * e0, 1.5 * e0, w_exp, base_f, fmt_m)

    # Re-simulated inputs: the best option of each family, on tip_paths with the same draws.
    n_rep = len(reps)

    def block_values(opts: list[Any], attrs: list[Attributes], prof: Any, params: Any) -> np.ndarray:
        sim = _simulate(prof, opts, paths=tip_paths, seed=seed, horizon=ctx.horizon, params=params,
                        catalog=ctx.catalog, draws=ctx.draws)
        return evaluate(opts, sim, attrs, prof).matrix

    def block_winners(matrix: np.ndarray, n_scen: int) -> list[str]:
        sc = rank_scores(matrix.reshape(n_scen, n_rep, -1), weights, method)
        return [fam_of_rep[int(k)] for k in np.argmax(sc, axis=-1)]

    fam_of_rep = [fam[i] for i in rep_idx]
    hours = float(profile.time.hours_per_week)

    def w_hours(xs: list[float]) -> list[str]:
        opts = [dataclasses.replace(o, microtask_hours=o.microtask_hours * x / hours,
                                    learning_hours=o.learning_hours * x / hours) for x in xs for o in reps]
        return block_winners(block_values(opts, rep_attrs * len(xs), profile, ctx.params), len(xs))

    if n_rep > 1:
        # One engine call for today's value and the whole scan of both directions; the bisection
        # steps then hit the cache only for these points.
        h_lo, h_hi = max(2.0, 0.5 * hours), min(112.0, max(60.0, hours))
        pre = [hours] + [float(x) for b in (h_lo, h_hi) if b != hours for x in np.linspace(hours, b, 3)[1:]]
        cache = dict(zip(pre, w_hours(pre), strict=False))
        raw_w_hours = w_hours

        def w_hours(xs: list[float]) -> list[str]:  # noqa: F811 - cached wrapper
            miss = [x for x in xs if x not in cache]
            if miss:
                cache.update(zip(miss, raw_w_hours(miss), strict=False))
            return [cache[x] for x in xs]

        base_h = cache[hours]
        note = "" if base_h == base_f else f" (at {tip_paths:,} paths, which this search uses, {fam_text[base_h]} ranks first today)"
        fmt_h = lambda v: f"{v:.1f} h/week"  # noqa: E731
        add("hours_per_week", hours, h_lo, h_hi, w_hours, base_h, fmt_h, note)

    if n_rep > 1 and any(o.microtask_hours > 0 for o in reps):
        med = float(ctx.params["mt_wage_median"])
        m0 = float(ctx.params["mt_wage_multiplier"])

        # Only options with microtask hours depend on the wage: the others keep their base rows.
        mt_rows = [k for k, o in enumerate(reps) if o.microtask_hours > 0]
        base_rows = block_values(reps, rep_attrs, profile, ctx.params)

        def w_wage(xs: list[float]) -> list[str]:
            out_w = []
            for x in xs:
                m = base_rows.copy()
                m[mt_rows] = block_values([reps[k] for k in mt_rows], [rep_attrs[k] for k in mt_rows], profile,
                                          ctx.params.replace(mt_wage_multiplier=x / med))
                out_w.append(block_winners(m, 1)[0])
            return out_w

        base_w = block_winners(base_rows, 1)[0]
        note = "" if base_w == base_f else f" (at {tip_paths:,} paths, which this search uses, {fam_text[base_w]} ranks first today)"
        fmt_w = lambda v: f"{v:.2f} USD/h"  # noqa: E731
        add("microtask_wage", med * m0, med * 0.5, med * 2.0, w_wage, base_w, fmt_w, note)
    return out


# ------------------------------------------------------------------------------------------------
# assumptions
# ------------------------------------------------------------------------------------------------

_RELEVANT = {
    "microtask": ("mt_wage_median", "mt_wage_real_factor", "mt_wage_multiplier", "mt_unpaid_search_share", "mt_drought_start_prob",
                  "mt_drought_supply", "mt_automation_drift_pct", "prolific_hours_per_week"),
    "career": ("remote_competition_factor", "completion_prob", "learning_hours_per_level_point",
               "parttime_hire_factor", "entrant_pct_low", "entrant_pct_high", "search_median_weeks",
               "job_loss_rate_monthly_pct", "training_fit_credit"),
}


def _assumptions(params: Any, registry: dict[str, Any], rec: Any) -> list[Assumption]:
    """The model assumptions the recommended option depends on, overridden and unsourced first."""
    names: list[str] = []
    if rec.microtask_hours > 0:
        names += _RELEVANT["microtask"]
    if rec.target is not None:
        names += _RELEVANT["career"]
    if rec.target is None:
        names += ("remote_competition_factor", "completion_prob")  # what a switch to a career would hinge on
    seen: set[str] = set()
    rows: list[Assumption] = []
    for n in names:
        if n in seen or n not in registry:
            continue
        seen.add(n)
        p = registry[n]
        rows.append(Assumption(
            name=n, value=float(params[n]), low=p.low, high=p.high, unit=p.unit, source=p.source, doc=p.doc,
            overridden=n in params.overridden,
            why_it_matters=("microtask income of the recommended option" if n.startswith(("mt_", "prolific"))
                            else "time to finish training and be hired, and the wage"),
        ))
    rows.sort(key=lambda a: (not a.overridden, not a.source.startswith("assumption")))
    rows.append(Assumption(
        name="decision.smaa_weight_jitter", value=WEIGHT_JITTER_POINTS, low=0.0, high=2.0, unit="priority points",
        source="assumption (decision)", doc="Half-width of the uniform perturbation of each 0–5 priority in the acceptability analysis.",
    ))
    rows.append(Assumption(
        name="decision.microtask_proxy_occupation", value=0.0, unit=MICROTASK_PROXY,
        source="assumption (decision); article's examples of microtasks",
        doc="Data Entry Keyers (43-9021.00) stand in for microtask work where an O*NET attribute is needed (automation exposure, active learning, fit).",
    ))
    return rows
