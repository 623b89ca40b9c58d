"""Turn (profile, options, params, catalog) into the plain numbers the engine loops over.

Why a separate step: the vectorised engine, the per-path reference loop (the deterministic
projection and the benchmark baseline) and the calibration all run the *same* model; compiling
the inputs once into a small frozen structure is what guarantees they agree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from crossroads.errors import FieldError, InputError
from crossroads.matching import career_inputs
from crossroads.money.rules import CashRules, cash_rules
from crossroads.money.tax import tax_terms
from crossroads.options import Option
from crossroads.params import DAYS_PER_MONTH, WEEKS_PER_MONTH, Parameters
from crossroads.remote_postings import remote_posting_factor
from crossroads.requirements import entry, promotion_step
from crossroads.world.currency import fx_for_profile, to_usd
from crossroads.world.microtask import blend_level, country_pay, observed_work
from crossroads.world.minimum_wage import employee_floor_usd
from crossroads.world.wages import local_wage_factor, scale_wage

from .career import (
    WageQuantile,
    availability_factor,
    dropout_hazard,
    effort_factor,
    hire_drift,
    hire_hazard_week,
    loss_rates,
    openings_factor,
    parttime_wage_factor,
    search_calibration,
    search_fit,
    shifted,
    wage_quantile,
    with_floor,
)
from .local_job import ALL_OCCUPATIONS, local_entry_wage, local_group

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog
    from crossroads.catalog.model import Occupation
    from crossroads.profile import Profile


@dataclass(frozen=True)
class Platforms:
    """What the platforms open to this person on the profile's date allow."""

    general_open: bool
    general_id: str | None
    prolific_open: bool
    onboard_days: tuple[float, float]  # general pool: onboarding + payout delay + half the cadence
    prolific_days: tuple[float, float]
    threshold_usd: float
    open_ids: tuple[str, ...]
    note: str
    unknown_ids: tuple[str, ...] = ()  # open platforms whose country eligibility is unknown
    current_ids: tuple[str, ...] = ()  # platforms the person already works on (no onboarding)
    # gated rating work (crossroads.world.rating): open to apply, the application wait (days:
    # onboarding + half the payout cadence), and whether the person already works on it
    rating_open: bool = False
    rating_id: str | None = None
    rating_days: tuple[float, float] = (0.0, 0.0)
    rating_current: bool = False
    # the general pool's platform as people know it (the plan names it; ``general_id`` is the key)
    general_name: str | None = None
    names: tuple[tuple[str, str], ...] = ()  # (id, display name) of every platform above

    def name_of(self, pid: str) -> str:
        """The display name of platform ``pid`` (the text says "Clickworker", not "clickworker")."""
        return dict(self.names).get(pid, pid)


@dataclass(frozen=True)
class Group:
    """A career trajectory shared by options with the same target, learning hours and job hours."""

    target: str
    title: str
    learn_hours: float  # h/week on learning, then search
    job_hours: float  # h/week of the job once hired
    need_hours: float  # median study hours
    fit_before: float
    fit_search: float
    hire_rate_month: float  # baseline λ·(weeks/month)·multipliers (before frailty), at fit_search
    hire_rate_fit1: (
        float  # the same at fit 1: hire_rate_month = hire_rate_fit1 · fit_search**elasticity
    )
    loss_rate_month: float  # continuous monthly job-loss hazard after a job's first year
    wage: WageQuantile
    notes: tuple[str, ...] = ()
    loss_rate_first_year: float = -1.0  # the same in a job's first 12 months (-1 = loss_rate_month)
    entry_factor: float = 1.0  # entry requirements' hire multiplier (crossroads.requirements)
    drift: tuple[float, ...] = ()  # (M,) hire-hazard multiplier per month (openings, AI); () = none
    freelance: bool = False  # a freelance path: "hire" = first contract, pay ramps up
    ramp_months: float = 0.0  # freelance client-hours ramp after the first contract (0 = none)
    # months (fractional) from the work to withdrawable cash: a marketplace's clearance period
    # (freelance_payout_delay_days); 0 = paid as earned (an employee's wage)
    pay_delay_months: float = 0.0
    cost_month_usd: float = (
        -1.0
    )  # study cost per month of the first phase (-1 = learning_cost_per_month)

    @property
    def loss_first(self) -> float:
        """Job-loss hazard of the first 12 employed months of a job."""
        return self.loss_rate_month if self.loss_rate_first_year < 0 else self.loss_rate_first_year

    wage_note: str = ""  # how the wage was put into the person's country (crossroads.world)
    # promotion to the next rung (crossroads.requirements.promotion_step): after ``promo_after``
    # employed months a hazard ``promo_rate`` a month; the wage then follows ``promo_wage``
    wage_floor: float = 0.0  # USD/h: a statutory minimum wage the re-hires after a loss keep to
    promo_code: str = ""
    promo_title: str = ""
    promo_after: float = math.inf
    promo_rate: float = 0.0
    promo_wage: WageQuantile | None = None  # the next rung's OEWS wages (USD) ...
    promo_base: WageQuantile | None = None  # ... over the rung's: the pay ratio at a percentile


@dataclass(frozen=True)
class Setup:
    months: int
    savings: float
    expenses: float
    other_income: float
    floor: float
    budget: float
    fx: float
    keep_share: float  # 1 - tax
    platforms: Platforms
    options: tuple[Option, ...]
    h_gen: np.ndarray  # (K,) h/week at the general microtask rate
    h_pro: np.ndarray  # (K,) h/week at Prolific's rate
    stop: np.ndarray  # (K,) bool: stop microtasks while employed
    group_of: np.ndarray  # (K,) int, -1 = no career
    groups: tuple[Group, ...]
    params: Parameters
    frailty_k: float
    drop_rate: float  # continuous monthly drop-out hazard
    warnings: tuple[str, ...] = field(default=())
    cash: CashRules | None = None  # hard limit, interest, other income by month, fallback rule
    fb_hours: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (K,) h/week of the fallback
    fb_rate: np.ndarray = field(
        default_factory=lambda: np.zeros(0)
    )  # (K,) monthly hire hazard (before frailty)
    fb_wage: WageQuantile | None = None  # hourly wage distribution of the fallback job (USD)
    tax: Any = None  # US tax schedule (gross -> tax), None = flat via keep_share
    tax_note: str = ""
    # microtask pay (crossroads.world.microtask): general-pool median level and Prolific's paid rate,
    # USD per hour of work, after the country multiplier and the person's own current_work earnings
    mt_level_usd: float = float("nan")
    pro_hourly_usd: float = float("nan")
    # gated rating work (crossroads.world.rating): h/week per option, USD per paid hour
    h_rat: np.ndarray = field(default_factory=lambda: np.zeros(0))
    rating_hourly_usd: float = 0.0
    fx_note: str = ""
    country_notes: tuple[str, ...] = field(default=())

    @property
    def n_options(self) -> int:
        return len(self.options)


def _days(rng: tuple[float, float] | None, default: float) -> tuple[float, float]:
    if rng is None:
        return (default, default)
    return (float(rng[0]), float(rng[1]))


def platform_terms(profile: Profile, catalog: Catalog, params: Parameters) -> Platforms:
    """Platforms open to the person's country on the profile's as_of date, reduced to timings.

    The general pool (open marketplaces: Clickworker, Appen, Toloka… paid at the Hara-calibrated
    rate) is entered through its quickest platform whose payout timing is known; Prolific (a study
    platform, if the person's country is on its list) pays its own rate for a limited number of
    hours. Gated rating work (``kind: rating``) is its own stream with its own rules
    (crossroads.world.rating): its application wait is kept here, its pay and projects in the engine.
    MTurk is never used once closed to new workers. Platforms the person already works on
    (``current_work``) are open to them with no onboarding, whatever the sign-up rules say.
    Payout thresholds are converted from their own currency (Clickworker's €10) to USD.
    """
    as_of = getattr(profile, "as_of", None) or dt.date.today()
    country = profile.country  # required by the profile: never a silent "US"
    plats = list(catalog.open_platforms(country, as_of)) if catalog is not None else []
    current = {str(w.platform).lower() for w in (getattr(profile, "current_work", None) or ())}
    if current and catalog is not None and hasattr(catalog, "platforms"):
        have = {p.id for p in plats}
        for p in catalog.platforms:
            if p.id in current and p.id not in have and p.status_on(as_of) != "closed":
                plats.append(p)
    default = float(params["mt_onboarding_days_default"])
    rating = next((p for p in plats if getattr(p, "kind", "open_marketplace") == "rating"), None)
    plats = [p for p in plats if getattr(p, "kind", "open_marketplace") != "rating"]
    general = [p for p in plats if p.id != "prolific"]
    prolific = next((p for p in plats if p.id == "prolific"), None)

    def total_days(p: Any) -> tuple[float, float]:
        de = _days(getattr(p, "payout_delay_days", None), 0.0)
        cad = getattr(p, "payout_cadence_days", None) or 0.0
        if p.id in current:  # already on it: earnings flow, only the payout lag remains
            return (0.0, 0.0)
        on = _days(getattr(p, "onboarding_wait_days", None), default)
        return (on[0] + de[0] + cad / 2.0, on[1] + de[1] + cad / 2.0)

    chosen = None
    if general:
        known = [p for p in general if getattr(p, "payout_delay_days", None) is not None] or general
        chosen = min(known, key=lambda p: (p.id not in current, sum(total_days(p))))
    ids = tuple(p.id for p in plats) + ((rating.id,) if rating is not None else ())
    unknown = tuple(
        p.id
        for p in plats + ([rating] if rating is not None else [])
        if p.id not in current
        and hasattr(p, "accepts_country")
        and p.accepts_country(country) is None
    )
    if not plats:
        note = (
            f"no microtask platform accepts new workers from {country} on {as_of}: "
            "microtask income is zero"
        )
    else:
        note = f"open to {country} on {as_of}: {', '.join(ids)}"
        if chosen is not None:
            note += f"; general pool entered via {chosen.id}"
    thr = 0.0
    threshold = getattr(chosen, "payout_threshold", None) if chosen is not None else None
    if threshold:
        cur = getattr(chosen, "payout_threshold_currency", None) or "USD"
        thr = to_usd(float(threshold), cur) or float(threshold)
    return Platforms(
        general_open=chosen is not None,
        general_id=chosen.id if chosen is not None else None,
        prolific_open=prolific is not None,
        onboard_days=total_days(chosen) if chosen is not None else (0.0, 0.0),
        prolific_days=total_days(prolific) if prolific is not None else (0.0, 0.0),
        threshold_usd=thr,
        open_ids=ids,
        note=note,
        unknown_ids=unknown,
        current_ids=tuple(sorted(current & set(ids))),
        rating_open=rating is not None,
        rating_id=rating.id if rating is not None else None,
        rating_days=total_days(rating) if rating is not None else (0.0, 0.0),
        rating_current=rating is not None and rating.id in current,
        general_name=getattr(chosen, "name", None) if chosen is not None else None,
        names=tuple(
            (p.id, str(getattr(p, "name", p.id)))
            for p in plats + ([rating] if rating is not None else [])
        ),
    )


def _country_wage(
    profile: Any, occ: Any, wq: WageQuantile, fx: float, p: Parameters
) -> tuple[WageQuantile, str, bool]:
    """OEWS moved to the person's country (or their own figure): the part of the local wage that
    depends on the target only. Returns the wage, its note and whether it is the person's own."""
    factor, wage_note = local_wage_factor(
        profile,
        occ.code,
        float(np.exp(np.interp(0.0, wq.z, wq.y))),
        fx,
        float(p["intl_wage_structure_factor"]),
    )
    if factor != 1.0:
        wq = scale_wage(wq, factor)
    own = any(
        getattr(t, "code", None) == occ.code for t in (getattr(profile, "targets", None) or [])
    )
    return wq, wage_note, own


def _job_wage(
    profile: Any,
    wq: WageQuantile,
    own: bool,
    job_avail: float,
    fx: float,
    p: Parameters,
    notes: list[str] | None = None,
    code: str = "",
) -> tuple[WageQuantile, float]:
    """The part-time penalty and the statutory minimum wage as a floor on a country wage (a
    binding floor is noted; returned second, USD/h, 0 when none applies — re-hires after a job
    loss keep to it too). The person's own wage figure (``own``) is what they would earn: no
    penalty on it and no floor."""
    floor = 0.0
    if not own:
        wq = shifted(wq, parttime_wage_factor(job_avail, p))
        floor, floor_note = employee_floor_usd(profile, fx)  # a statutory minimum wage
        if floor > 0:
            binding = floor > float(wq(p["entrant_pct_low"]))
            wq = with_floor(wq, floor)
            if binding and notes is not None:
                notes.append(f"{code}: {floor_note}")
    return wq, max(0.0, float(floor))


def _promotion(profile: Any, occ: Any, p: Parameters, catalog: Any) -> dict[str, Any]:
    """The Group fields of the promotion from ``occ`` (crossroads.requirements.promotion_step).

    The promoted pay is the rung's pay × the OEWS ratio of the two occupations' wages at the
    path's percentile, so the person's country level, part-time penalty or own wage figure for the
    rung carry over (no country needs the next rung's wage separately).
    """
    if catalog is None or not hasattr(catalog, "related"):
        return {}
    step = promotion_step(profile, occ, catalog, p)
    if step is None:
        return {}
    up = catalog.occupation(step.code)
    wq = wage_quantile(getattr(up, "wage_hourly", None), p)
    base = wage_quantile(getattr(occ, "wage_hourly", None), p)
    if wq is None or base is None:
        return {}
    rate = -math.log(1.0 - p["promotion_rate_annual_pct"] / 100.0) / 12.0
    return {
        "promo_code": step.code,
        "promo_title": step.title,
        "promo_after": float(step.after_months),
        "promo_rate": float(rate),
        "promo_wage": wq,
        "promo_base": base,
    }


@dataclass(frozen=True)
class _TargetTerms:
    """What a career group takes from the person and the target alone, not from the split.

    Why: fit and study hours, the country wage, openings, entry requirements, job-loss rates, the
    hire drift and the promotion cost about half a millisecond per group, and every mix of a
    hybrid grid (the same target at another split) shares them — so :func:`compile_setup`
    computes them once per target and call, and each group adds only what its split changes
    (job hours, the part-time wage, the availability factor). Same numbers, same notes in the
    same order as computing them per group.
    """

    fit: float
    need: float
    fit_notes: tuple[str, ...]
    wage: WageQuantile  # in the person's country, before the part-time shift and the floor
    wage_note: str
    own: bool
    open_f: float
    open_notes: tuple[str, ...]  # openings, then entry requirements
    entry_factor: float
    loss1: float
    loss: float
    drift: tuple[float, ...]
    promotion: dict[str, Any]


def _target_terms(
    profile: Profile,
    occ: Occupation,
    params: Parameters,
    catalog: Catalog,
    fx: float,
    months: int,
    fits: dict[Any, Any] | None,
) -> _TargetTerms:
    """The :class:`_TargetTerms` of ``occ`` (from ``fits`` when this call computed them already)."""
    key = ("terms", occ.code, fx, months)
    if fits is not None and key in fits:
        cached: _TargetTerms = fits[key]
        return cached
    p = params
    fit_notes: list[str] = []
    # fit and learning hours: crossroads.matching is the single source (same numbers as `match`)
    fh = (
        career_inputs(profile, occ.code, catalog=catalog, params=p)
        if hasattr(catalog, "skill_matrix")
        else None
    )
    if fh is None:
        fit = 0.5
        fit_notes.append(
            f"{occ.code} has no O*NET skill ratings: fit assumed 0.5 and learning hours "
            "from the credential evidence midpoint"
        )
        need = 0.5 * (120.0 + 240.0)
    else:
        fit, need = fh
    wq = wage_quantile(getattr(occ, "wage_hourly", None), p)
    if wq is None:
        raise InputError(
            FieldError(
                "option",
                f"{occ.code} ({occ.title}) has no OEWS wage percentiles "
                f"({getattr(occ, 'wage_note', '') or 'missing'}); pick another target",
            )
        )
    wq, wage_note, own = _country_wage(profile, occ, wq, fx, p)
    total = getattr(catalog, "meta", {}).get("ep_total") if catalog is not None else None
    open_notes: list[str] = []
    open_f, open_note = openings_factor(occ, total, p)
    if open_note:
        open_notes.append(open_note)
    # how often the work is offered remotely (postings), beside Dingel-Neiman's feasibility
    remote_f, remote_note = remote_posting_factor(occ.code, p)
    open_f *= remote_f
    if remote_f != 1.0:
        open_notes.append(remote_note)
    ent = entry(profile, occ, catalog, p)
    if ent.factor < p["experience_gate_factor"]:
        open_notes.append(
            f"{occ.code}: the typical entrant has {ent.required_years:g} years of related experience "
            f"({ent.source}); with {ent.experience_years:g} the hire chance is x{ent.factor:.2f}"
        )
    loss1, loss = loss_rates(occ, total, p)
    dr = hire_drift(occ, months, p)
    terms = _TargetTerms(
        fit=fit, need=need, fit_notes=tuple(fit_notes), wage=wq, wage_note=wage_note, own=own,
        open_f=open_f, open_notes=tuple(open_notes), entry_factor=ent.factor, loss1=loss1,
        loss=loss, drift=() if dr is None else tuple(float(v) for v in dr),
        promotion=_promotion(profile, occ, p, catalog),
    )  # fmt: skip
    if fits is not None:
        fits[key] = terms
    return terms


def _group(
    profile: Profile,
    occ: Occupation,
    learn: float,
    job_avail: float,
    params: Parameters,
    lam_week: float,
    catalog: Catalog,
    fx: float = 1.0,
    months: int = 120,
    fits: dict[Any, Any] | None = None,
) -> Group:
    p = params
    tt = _target_terms(profile, occ, p, catalog, fx, months, fits)
    notes = list(tt.fit_notes)
    fit = tt.fit
    fit_search = search_fit(fit, p["training_fit_credit"], 1.0)
    # the job's wage depends on the target and the job hours, not on the split: the mixes of a
    # hybrid grid (same total hours) share it, with the note it adds
    jkey = ("job_wage", occ.code, fx, months, float(job_avail))
    hit = fits.get(jkey) if fits is not None else None
    if hit is None:
        added: list[str] = []
        wq, wage_floor = _job_wage(profile, tt.wage, tt.own, job_avail, fx, p, added, occ.code)
        hit = (wq, wage_floor, tuple(added))
        if fits is not None:
            fits[jkey] = hit
    wq, wage_floor = hit[0], hit[1]
    notes.extend(hit[2])
    # a full-time job may be taken within the person's hours; part-time below (smooth, no cliff)
    job_hours = min(job_avail, p["fulltime_hours"])
    notes.extend(tt.open_notes)
    mult = (
        p["remote_competition_factor"]
        * effort_factor(learn, p)
        * availability_factor(job_avail, p)
        * tt.open_f
        * tt.entry_factor
        * p["personal_hire_factor"]
    )
    if job_avail < p["fulltime_min_hours"]:
        notes.append(
            f"{job_avail:g} h/week available: fewer roles fit (hire chance x"
            f"{availability_factor(job_avail, p):.2f}), part-time pay"
        )
    return Group(
        target=occ.code,
        title=str(occ.title),
        learn_hours=learn,
        job_hours=job_hours,
        need_hours=tt.need,
        fit_before=fit,
        fit_search=fit_search,
        hire_rate_month=float(lam_week * WEEKS_PER_MONTH * mult * fit_factor(fit_search, p)),
        hire_rate_fit1=lam_week * WEEKS_PER_MONTH * mult,
        loss_rate_month=tt.loss,
        wage=wq,
        notes=tuple(notes),
        loss_rate_first_year=tt.loss1,
        entry_factor=tt.entry_factor,
        wage_note=tt.wage_note,
        drift=tt.drift,
        wage_floor=wage_floor,
        **tt.promotion,
    )


def _freelance_group(
    profile: Profile,
    occ: Occupation,
    learn: float,
    params: Parameters,
    frailty_k: float,
    catalog: Catalog,
    fx: float = 1.0,
    months: int = 120,
    fits: dict[Any, Any] | None = None,
) -> Group:
    """A freelance path in ``occ``'s market (crossroads.freelance): setup, first contract, ramp."""
    from crossroads.freelance import first_contract_rate, rate_factor

    p = params
    # fit and the (local) wage at full-time availability (no part-time penalty), at a unit hazard
    base = _group(profile, occ, learn, p["fulltime_hours"], p, 1.0, catalog, fx, months, fits)
    h = (
        first_contract_rate(p, frailty_k)
        * effort_factor(learn, p)
        / effort_factor(p["search_hours_full"], p)
    )
    loss = -math.log(1.0 - p["freelance_client_loss_monthly_pct"] / 100.0)
    return Group(
        target=occ.code,
        title=str(occ.title),
        learn_hours=learn,
        job_hours=learn * p["freelance_billed_share"],
        need_hours=float(p["freelance_setup_hours"]),
        fit_before=base.fit_before,
        fit_search=base.fit_before,
        hire_rate_month=float(h * fit_factor(base.fit_before, p)),
        hire_rate_fit1=float(h),
        loss_rate_month=loss,
        wage=shifted(
            with_floor(base.wage, 0.0), rate_factor(occ.code, p)
        ),  # no minimum: self-employed
        wage_note=base.wage_note,
        notes=(
            f"{occ.code}: freelance — no employer entry requirements; first contract, then client "
            f"hours ramp over {p['freelance_ramp_months']:g} months; earnings reach your cash "
            f"{p['freelance_payout_delay_days']:g} days after the work (the marketplace's "
            "clearance period)",
        ),
        loss_rate_first_year=loss,
        entry_factor=1.0,
        freelance=True,
        ramp_months=float(p["freelance_ramp_months"]),
        pay_delay_months=float(p["freelance_payout_delay_days"]) / DAYS_PER_MONTH,
        cost_month_usd=0.0,
        drift=base.drift,
    )


def fit_factor(fit: Any, params: Parameters) -> Any:
    """Hire-hazard multiplier of a fit at search time: fit**fit_elasticity (floats or arrays)."""
    return np.maximum(fit, 1e-6) ** params["fit_elasticity"]


class _PersonTerms(NamedTuple):
    """What a setup takes from the person and the parameters alone (not from the options)."""

    fx_rate: Any
    fx: float
    plats: Platforms
    frailty_k: float
    lam_week: float
    mt_level: float
    pro_hourly: float
    cap: float
    rating_usd: float
    rat_cap: float
    country_notes: tuple[str, ...]


def _person_terms(profile: Profile, params: Parameters, catalog: Catalog) -> _PersonTerms:
    """Exchange rate, platforms, hire hazards, microtask and rating pay, with their notes."""
    fx_rate = fx_for_profile(profile, params)
    fx = fx_rate.usd_per_unit
    plats = platform_terms(profile, catalog, params)
    _lam, k = search_calibration(params)
    lam_week = hire_hazard_week(params)
    cap = params["prolific_hours_per_week"]
    mt_level, pro_hourly, cap, country_notes = _microtask_pay(
        profile, catalog, params, plats, fx, cap
    )
    rating_usd = 0.0
    if plats.rating_open:
        from crossroads.world.rating import rating_hourly_usd

        rating_usd, rating_note = rating_hourly_usd(
            str(profile.country), params, getattr(catalog, "evidence", None)
        )
        if str(profile.country).upper() != "US":  # the US rate is the registry's: no news
            country_notes.append(rating_note)
        current = getattr(profile, "current_work", None) or ()
        if plats.rating_current and current:  # a rater's own pay informs the rate (issue 11 §4)
            today = getattr(profile, "as_of", None) or dt.date.today()
            kinds = {pl.id: getattr(pl, "kind", "") for pl in getattr(catalog, "platforms", ())}
            seen = observed_work(current, kinds, fx, today, WEEKS_PER_MONTH)
            own = [o for o in seen if o.platform == plats.rating_id]
            if own:
                rating_usd, note = blend_level(rating_usd, own, params["current_work_prior_months"])
                country_notes.append(f"rating work: {note}; no application or exam for you")
    rat_cap = float(params["rating_hours_per_week"]) if plats.rating_open else 0.0
    return _PersonTerms(fx_rate, fx, plats, k, lam_week, mt_level, pro_hourly, cap,
                        float(rating_usd), rat_cap, tuple(country_notes))  # fmt: skip


def compile_setup(
    profile: Profile,
    options: Sequence[Option],
    params: Parameters,
    catalog: Catalog,
    horizon: int | None,
    cache: dict[Any, Any] | None = None,
) -> Setup:
    """Validate and reduce everything to arrays; every user-fixable problem -> InputError.

    ``cache`` (the caller's, for one person, profile and parameters) keeps the career groups and
    their target terms across calls: they depend on nothing else, so the screening, goal-seek and
    final run of one advice compile each group once (results bit-identical).
    """
    errors: list[FieldError] = []
    months = int(horizon if horizon is not None else profile.time.horizon_months)
    if not 1 <= months <= 120:
        errors.append(FieldError("horizon", f"must be 1..120 months, got {months}"))
    if not options:
        errors.append(FieldError("option", "at least one option is needed"))
    if errors:
        raise InputError(errors)
    m = profile.money
    # what depends on the person and the parameters only, not on the options: once per advice
    pt = cache.get("person") if cache is not None else None
    if pt is None:
        pt = _person_terms(profile, params, catalog)
        if cache is not None:
            cache["person"] = pt
    fx_rate, fx, plats, k, lam_week = pt.fx_rate, pt.fx, pt.plats, pt.frailty_k, pt.lam_week
    mt_level, pro_hourly, cap = pt.mt_level, pt.pro_hourly, pt.cap
    rating_usd, rat_cap = pt.rating_usd, pt.rat_cap
    country_notes = list(pt.country_notes)
    h_gen, h_pro, stop, gidx = [], [], [], []
    keys: dict[tuple[str, float, float, bool], int] = {}
    fits: dict[Any, Any] = cache.setdefault("fits", {}) if cache is not None else {}
    made: dict[Any, Group] = cache.setdefault("groups", {}) if cache is not None else {}
    groups: list[Group] = []
    warnings: list[str] = []
    if (
        not plats.general_open
        and not plats.prolific_open
        and any(o.microtask_hours > 0 for o in options)
    ):
        warnings.append(plats.note)
    h_rat: list[float] = []
    for o in options:
        pro = min(o.microtask_hours, cap) if plats.prolific_open else 0.0
        rat = min(o.microtask_hours - pro, rat_cap)
        gen = (o.microtask_hours - pro - rat) if plats.general_open else 0.0
        h_gen.append(gen)
        h_pro.append(pro)
        h_rat.append(rat)
        stop.append(bool(o.stop_microtask_when_hired))
        if o.kind == "local_job":  # the ranked baseline: a career group without study
            key = (ALL_OCCUPATIONS, 0.0, 0.0, False)
            if key not in keys:
                total = (
                    getattr(catalog, "meta", {}).get("ep_total") if catalog is not None else None
                )
                groups.append(local_group(profile, params, lam_week, fx, total))
                keys[key] = len(groups) - 1
            gidx.append(keys[key])
            continue
        if o.target is None or o.learning_hours <= 0:
            gidx.append(-1)
            continue
        avail = o.learning_hours + (o.microtask_hours if o.stop_microtask_when_hired else 0.0)
        key = (o.target, float(o.learning_hours), float(avail), bool(o.freelance))
        if key not in keys and (key, months) in made:
            groups.append(made[(key, months)])
            keys[key] = len(groups) - 1
        if key not in keys:
            occ = catalog.occupation(o.target)
            if o.freelance:
                groups.append(
                    _freelance_group(
                        profile, occ, o.learning_hours, params, k, catalog, fx, months, fits
                    )
                )
            else:
                groups.append(
                    _group(
                        profile,
                        occ,
                        o.learning_hours,
                        avail,
                        params,
                        lam_week,
                        catalog,
                        fx,
                        months,
                        fits,
                    )
                )
            keys[key] = len(groups) - 1
            made[(key, months)] = groups[-1]
        gidx.append(keys[key])
    for g in groups:
        warnings.extend(g.notes)
    if groups and str(profile.country).upper() != "US":
        country_notes += [
            f"Careers outside the US are modelled as local employee jobs (or remote work for local "
            f"employers) at local wages: remote jobs with US employers usually require US work "
            f"authorisation. Job-search and hiring hazards are the US model (CPS, H1-H8), an assumption "
            f"for {profile.country} until a country figure is cited.",
        ]
        country_notes += [g.wage_note for g in groups if g.wage_note]
    cash = cache.get(("cash", months)) if cache is not None else None
    if cash is None:
        cash = cash_rules(profile, params, months)
        if cache is not None:
            cache[("cash", months)] = cash
    taxes = cache.get("taxes") if cache is not None else None
    if taxes is None:
        taxes = tax_terms(profile, params, fx)
        if cache is not None:
            cache["taxes"] = taxes
    fb_hours, fb_rate, fb_wage, fb_notes = _fallback_terms(
        profile, options, params, cash, lam_week, fx
    )
    warnings.extend(fb_notes)
    return Setup(
        months=months,
        savings=float(m.savings),
        expenses=float(m.monthly_expenses),
        other_income=float(getattr(m, "other_monthly_income", 0.0) or 0.0),
        floor=float(getattr(m, "cash_floor", 0.0) or 0.0),
        budget=float(getattr(m, "learning_budget", 0.0) or 0.0),
        fx=fx,
        keep_share=taxes.keep_share,
        platforms=plats,
        options=tuple(options),
        h_gen=np.array(h_gen, dtype=np.float64),
        h_pro=np.array(h_pro, dtype=np.float64),
        stop=np.array(stop, dtype=bool),
        group_of=np.array(gidx, dtype=np.int64),
        groups=tuple(groups),
        params=params,
        frailty_k=k,
        drop_rate=dropout_hazard(params),
        warnings=tuple(dict.fromkeys(warnings + list(country_notes))),
        mt_level_usd=mt_level,
        pro_hourly_usd=pro_hourly,
        h_rat=np.array(h_rat, dtype=np.float64),
        rating_hourly_usd=float(rating_usd),
        fx_note=fx_rate.describe(),
        country_notes=tuple(country_notes),
        cash=cash,
        fb_hours=fb_hours,
        fb_rate=fb_rate,
        fb_wage=fb_wage,
        tax=taxes.schedule,
        tax_note=taxes.note,
    )


def microtask_levels(profile: Profile, params: Parameters, catalog: Catalog) -> tuple[float, float]:
    """(general-pool median USD/h, Prolific USD/h) the engine uses for this person.

    Country multiplier and ``current_work`` blend included: the prior the journal's Bayesian
    update (crossroads.journal.recalibrate) starts from, so both hooks share one entry point.
    """
    fx = fx_for_profile(profile, params).usd_per_unit
    plats = platform_terms(profile, catalog, params)
    level, pro, _, _ = _microtask_pay(
        profile, catalog, params, plats, fx, params["prolific_hours_per_week"]
    )
    return level, pro


def _microtask_pay(
    profile: Profile, catalog: Catalog, params: Parameters, plats: Platforms, fx: float, cap: float
) -> tuple[float, float, float, list[str]]:
    """(general-pool median USD/h, Prolific USD/h, Prolific h/week cap, notes) for this person.

    Country multiplier for open marketplaces (crossroads.world.microtask), Prolific's realised rate
    without MTurk's haircut, and the person's own current_work earnings blended in.
    """
    p = params
    notes: list[str] = []
    country = str(profile.country)
    level = (
        p["mt_wage_median"] * p["mt_wage_multiplier"] * p["mt_wage_real_factor"]
    )  # in 2024 dollars
    evidence = getattr(catalog, "evidence", None)
    if evidence and country.upper() != "US" and plats.general_open:
        cp = country_pay(country, evidence)
        level *= cp.factor
        notes.append(cp.describe())
    pro = p["prolific_hourly"] * (1 - p["prolific_unpaid_share"])
    current = getattr(profile, "current_work", None) or ()
    if current:
        today = getattr(profile, "as_of", None) or dt.date.today()
        kinds = {
            pl.id: getattr(pl, "kind", "open_marketplace")
            for pl in getattr(catalog, "platforms", ())
        }
        seen = observed_work(current, kinds, fx, today, WEEKS_PER_MONTH)
        # the model's level is the *median paid-now* rate; what a person reports is what they earn
        general = [o for o in seen if o.kind == "open_marketplace"]
        study = [o for o in seen if o.platform == "prolific"]
        if general:
            level, note = blend_level(level, general, p["current_work_prior_months"])
            notes.append(f"general pool: {note}")
        if study:
            pro, note = blend_level(pro, study, p["current_work_prior_months"])
            cap = max(cap, max(o.hours_per_week for o in study))
            notes.append(f"Prolific: {note}; up to {cap:g} h/week of studies (your current hours)")
        for pid in plats.current_ids:
            notes.append(
                f"you already work on {plats.name_of(pid)}: no onboarding or waitlist for it"
            )
    if plats.unknown_ids:
        notes.append(
            f"country eligibility unknown for {', '.join(plats.name_of(u) for u in plats.unknown_ids)} in {country} (no "
            "published list): assumed open — check before relying on them"
        )
    return float(level), float(pro), float(cap), notes


def _fallback_terms(
    profile: Profile,
    options: Sequence[Option],
    params: Parameters,
    cash: CashRules,
    lam_week: float,
    fx: float,
) -> tuple[np.ndarray, np.ndarray, WageQuantile | None, list[str]]:
    """Per option: weekly hours of the fallback and (any_job) its monthly hire hazard; the wage.

    The career search kept during the fallback takes min(learning hours, search_hours_full) — the
    hours at which the search model's hire chance is already full — so the career timing does not
    change; the rest of the time budget goes to the fallback. "Any available job" is a local job:
    the CPS baseline hazard × fallback_hire_factor, no remote competition, no fit penalty, the
    part-time factor faded in over the full-time ramp (``availability_factor``, as for careers).
    Its wage: the OEWS all-occupations distribution (USD), moved to the person's country by the
    world model's ``local_wage_factor`` (as career wages are), or ``fallback.wage_hourly``.
    """
    fb = cash.fallback
    H = float(profile.time.hours_per_week)
    hours, rate = [], []
    notes: list[str] = []
    for o in options:
        career = o.target is not None and o.learning_hours > 0
        kept = (
            min(o.learning_hours, params["search_hours_full"])
            if (career and fb.keep_career_search)
            else 0.0
        )
        if o.kind == "local_job" and fb.keep_career_search:
            # the ranked baseline already searches for any local job: the fallback's own search
            # for the same job would double its hazard, so only a microtask fallback is added
            kept = min(H, params["search_hours_full"])
            if fb.rule == "any_job":
                hours.append(0.0)
                rate.append(0.0)
                continue
        if fb.rule == "any_job":
            h = (
                fb.hours_per_week
                if fb.hours_per_week is not None
                else min(params["fulltime_hours"], H - kept)
            )
        elif fb.rule == "microtasks":
            h = fb.hours_per_week if fb.hours_per_week is not None else H - kept - o.microtask_hours
        else:
            h = 0.0
        h = max(0.0, float(h))
        r = 0.0
        if fb.rule == "any_job" and h > 0:
            # The same smooth full-time ramp as the careers' hire chance: a step at
            # fulltime_min_hours made 34.9 vs 35 h/week move a shortfall by 14 points (issue 9).
            r = lam_week * WEEKS_PER_MONTH * fb.hire_factor * availability_factor(h, params)
        hours.append(h)
        rate.append(r)
    wq = None
    if fb.rule == "any_job":
        try:
            wq, note, floor_note = local_entry_wage(profile, params, fx, fb.wage_hourly)
            if note:
                notes.append(
                    f"fallback job ('any available local job'): all-occupations entry wage, {note}"
                )
            if floor_note:
                notes.append(f"fallback job: {floor_note}")
        except InputError as e:
            wq = None
            rate = [0.0] * len(rate)
            notes.append(
                f"the fallback 'take any available local job' cannot be priced here ({e.errors[0].reason}); "
                "it is off — set fallback.wage_hourly to your local entry wage"
            )
    return np.array(hours, np.float64), np.array(rate, np.float64), wq, notes


def onboard_months(u: np.ndarray | float, days: tuple[float, float]) -> np.ndarray:
    """Months (fractional) before the first earnings arrive: onboarding + payout lag."""
    return (days[0] + np.asarray(u, dtype=np.float64) * (days[1] - days[0])) / DAYS_PER_MONTH
