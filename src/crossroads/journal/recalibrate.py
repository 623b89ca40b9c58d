"""Personal recalibration: a Bayesian update of the person's own model parameters from the journal.

Why Bayesian and conjugate: a week of logged work should move the projection, but not all the way
(a lucky week is not a career), and a year of it should dominate the population figures. Each
parameter has its prior from the registry (``crossroads.params``: the population model the
engine is calibrated on) and a stated likelihood, so the update is transparent and reproducible:

- **microtask wage level** (open task platforms; Prolific apart): the log effective wage
  (unpaid time counted) of the person. Prior Normal(ln L, mt_wage_sigma_between²), where L is the
  level the engine itself uses for this person (:func:`crossroads.simulation.setup.microtask_levels`:
  mt_wage_median × mt_wage_multiplier × the country's multiplier, blended with the profile's
  ``current_work`` — one entry point for both hooks). The logged mean log wage over H hours is
  Normal(μ, mt_wage_sigma_within² · journal_wage_ref_hours / H): the engine's within-worker
  month-to-month noise for a month of journal_wage_ref_hours hours, shrinking with the hours
  logged. Posterior Normal by conjugacy; it feeds the run as the level's centre (by scaling
  mt_wage_multiplier) and spread (mt_wage_sigma_between = posterior sd).
- **Prolific effective rate**: the same model around the engine's Prolific rate, prior sd from
  the registry range of prolific_hourly read as a 90 % interval; feeds prolific_hourly.
- **unpaid share of time**: Beta prior with mean 1 − the engine's paid fraction and strength
  journal_unpaid_prior_hours; the logged unpaid and paid hours are the quasi-binomial counts.
  Reported, not fed: the wage level above already counts unpaid time.
- **study pace** (h/week): Gamma prior (rate journal_pace_prior_weeks) with Poisson hours per
  week. Its mean is what the run would otherwise assume: the weekly learning hours of the plan
  (the recommendation of the advice without the journal), so with no learning logged nothing
  moves. Feeds ``learning_pace_share`` = posterior mean ÷ the plan's hours (clipped to its
  registry range 0.1–1): every option's training takes 1/share as long — the stated assumption
  is that a person studies the same share of whatever hours they schedule. Without a plan with
  learning hours the prior mean is learning_pace_hours_per_week (F1b) and it is only reported.
- **application → offer rate**: Beta prior (mean journal_offer_rate_prior, strength
  journal_offer_prior_applications), binomial offers. Feeds ``personal_hire_factor`` = posterior
  mean ÷ prior mean (clipped to 0.25–4): the engine's hiring is a CPS-calibrated monthly hazard,
  so only the person's rate *relative* to the prior reaches it, never the unsourced level.

Every posterior has a 90 % credible interval. Parameters a posterior sets may leave the registry's
plausible *population* range (a person's own level is not a population parameter): they are passed
to the run directly, never through the profile's validated ``assumptions:``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from crossroads.journal.fields import UNPAID_FIELDS
from crossroads.params import PARAMS, Param, Parameters

Z90 = 1.6448536269514722


#: The journal's prior settings: registry parameters (``crossroads.params``, named, ranged,
#: overridable under the profile's ``assumptions:``, listed in docs/methodology.md §8), kept here by
#: name so callers can list them.
PRIOR_NAMES = (
    "journal_wage_ref_hours",
    "journal_unpaid_prior_hours",
    "journal_pace_prior_weeks",
    "journal_offer_rate_prior",
    "journal_offer_prior_applications",
)
PRIORS: dict[str, Param] = {name: PARAMS[name] for name in PRIOR_NAMES}


@dataclass(frozen=True)
class Posterior:
    """One updated parameter: prior and posterior mean with 90 % intervals, and the evidence."""

    name: str
    unit: str
    prior_mean: float
    prior_interval: tuple[float, float]
    posterior_mean: float
    posterior_interval: tuple[float, float]
    evidence: str
    likelihood: str
    feeds: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["prior_interval"] = list(self.prior_interval)
        d["posterior_interval"] = list(self.posterior_interval)
        d["feeds"] = list(self.feeds)
        return d


@dataclass
class Recalibration:
    """The posteriors, the parameter values they give the run, and the logged figures behind them."""

    posteriors: list[Posterior] = field(default_factory=list)
    params: dict[str, float] = field(default_factory=dict)
    wage_hours: float = 0.0
    logged_wage: float | None = None
    wage_before: float | None = None
    wage_after: float | None = None
    entries_used: int = 0
    notes: list[str] = field(default_factory=list)

    def apply(self, base: Parameters) -> Parameters:
        """``base`` with the posterior values (marked as overridden, so the advice lists them)."""
        return base.replace(**self.params) if self.params else base

    def to_json(self) -> dict[str, Any]:
        return {
            "posteriors": [p.to_json() for p in self.posteriors],
            "params": dict(self.params),
            "wage_hours": self.wage_hours,
            "logged_wage_usd": self.logged_wage,
            "microtask_wage_before_usd": self.wage_before,
            "microtask_wage_after_usd": self.wage_after,
            "entries_used": self.entries_used,
            "notes": list(self.notes),
        }


def _normal_update(mu0: float, sd0: float, y: float, sd_obs: float) -> tuple[float, float]:
    prec = 1 / sd0**2 + 1 / sd_obs**2
    mu = (mu0 / sd0**2 + y / sd_obs**2) / prec
    return mu, math.sqrt(1 / prec)


def _lognormal_post(
    name: str,
    unit: str,
    mu0: float,
    sd0: float,
    money: float,
    hours: float,
    sw: float,
    ref: float,
    feeds: tuple[str, ...],
) -> tuple[Posterior, float, float]:
    rate = max(money / hours, 0.01)  # a zero-earning log is read as 0.01/h (log needs > 0)
    sd_obs = sw * math.sqrt(ref / hours)
    mu, sd = _normal_update(mu0, sd0, math.log(rate), sd_obs)
    post = Posterior(
        name,
        unit,
        round(math.exp(mu0), 4),
        (round(math.exp(mu0 - Z90 * sd0), 4), round(math.exp(mu0 + Z90 * sd0), 4)),
        round(math.exp(mu), 4),
        (round(math.exp(mu - Z90 * sd), 4), round(math.exp(mu + Z90 * sd), 4)),
        f"{rate:.2f} USD/h effective over {hours:.1f} h",
        f"mean log wage ~ Normal(mu, ({sw:g}^2 x {ref:g} h / {hours:.1f} h)); prior Normal(ln {math.exp(mu0):.2f}, {sd0:.3f}^2)",
        feeds,
    )
    return post, mu, sd


def _beta_interval(a: float, b: float) -> tuple[float, float]:
    from scipy.stats import beta

    return float(beta.ppf(0.05, a, b)), float(beta.ppf(0.95, a, b))


def _gamma_interval(a: float, rate: float) -> tuple[float, float]:
    from scipy.stats import gamma

    return float(gamma.ppf(0.05, a, scale=1 / rate)), float(gamma.ppf(0.95, a, scale=1 / rate))


def recalibrate(
    rows: Sequence[Mapping[str, Any]],
    params: Parameters,
    *,
    prior_general_usd: float | None = None,
    prior_prolific_usd: float | None = None,
    usd_per_unit: float = 1.0,
    currency: str = "USD",
    today: Any = None,
    planned_learning_hours: float | None = None,
) -> Recalibration:
    """Posteriors of the person's parameters from their journal rows (see the module docstring).

    ``prior_general_usd`` / ``prior_prolific_usd`` are the levels the engine would use for this
    person (:func:`crossroads.simulation.setup.microtask_levels`: country multiplier and
    ``current_work`` included; default the registry's population figures). ``usd_per_unit``
    converts the person's currency to USD (the engine's wage unit); sessions in another currency
    are converted with the bundled ECB rates. ``planned_learning_hours`` (h/week of the plan the
    person follows) lets the study-pace posterior feed ``learning_pace_share``.
    """
    from crossroads.journal.stats import _Money

    rec = Recalibration()
    conv = _Money("USD")
    pri = {k: float(params[k]) for k in PRIOR_NAMES}  # the resolved values (overridable)
    sw = float(params["mt_wage_sigma_within"])
    ref = pri["journal_wage_ref_hours"]
    work = [r for r in rows if r["kind"] == "work"]
    groups: dict[str, list[float]] = {"general": [0.0, 0.0], "prolific": [0.0, 0.0]}
    paid_h = unpaid_h = 0.0
    for r in work:
        paid = float(r.get("paid_minutes") or 0.0) / 60
        unpaid = sum(float(r.get(c) or 0.0) for c in UNPAID_FIELDS) / 60
        cur = str(r.get("currency") or currency)
        raw = (
            0.0
            if r.get("status") == "rejected"
            else float(r.get("earnings") or 0) + float(r.get("bonus") or 0)
        )
        usd = raw * usd_per_unit if cur == currency else conv(raw, cur, r["date"])
        if usd is None:
            rec.notes.append(f"a session in {cur} has no exchange rate and was left out")
            continue
        g = groups["prolific" if "prolific" in str(r.get("platform") or "").lower() else "general"]
        g[0] += usd
        g[1] += paid + unpaid
        paid_h += paid
        unpaid_h += unpaid
        rec.entries_used += 1
    a_sh, r_sh = float(params["mt_abandoned_share"]), float(params["mt_rejected_share"])
    paid_frac0 = (1 - float(params["mt_unpaid_search_share"])) * (1 - a_sh) * (1 - r_sh)
    # unpaid share: Beta
    u0, k0 = 1 - paid_frac0, pri["journal_unpaid_prior_hours"]
    a0, b0 = k0 * u0, k0 * (1 - u0)
    if paid_h + unpaid_h > 0:
        a1, b1 = a0 + unpaid_h, b0 + paid_h
        u1 = a1 / (a1 + b1)
        lo0, hi0 = _beta_interval(a0, b0)
        lo1, hi1 = _beta_interval(a1, b1)
        rec.posteriors.append(
            Posterior(
                "unpaid_share",
                "share of time",
                round(u0, 4),
                (round(lo0, 4), round(hi0, 4)),
                round(u1, 4),
                (round(lo1, 4), round(hi1, 4)),
                f"{unpaid_h:.1f} h unpaid of {paid_h + unpaid_h:.1f} h",
                f"Beta({a0:.2f}, {b0:.2f}) prior; logged unpaid/paid hours as counts",
            )
        )
    # general wage level: Normal on the log, around the level the engine uses for this person
    med, mult = float(params["mt_wage_median"]), float(params["mt_wage_multiplier"])
    sb = float(params["mt_wage_sigma_between"])
    prior_g = prior_general_usd if prior_general_usd is not None else med * mult
    rec.wage_before = round(prior_g, 4)
    money, hours = groups["general"]
    if hours > 0:
        post, mu, sd = _lognormal_post(
            "microtask_wage_level",
            "USD/h",
            math.log(prior_g),
            sb,
            money,
            hours,
            sw,
            ref,
            ("mt_wage_multiplier", "mt_wage_sigma_between"),
        )
        rec.posteriors.append(post)
        # the engine's level is proportional to mt_wage_multiplier: scale it to put the centre at exp(mu)
        rec.params["mt_wage_multiplier"] = round(mult * math.exp(mu) / prior_g, 6)
        rec.params["mt_wage_sigma_between"] = round(sd, 6)
        rec.wage_hours, rec.logged_wage = round(hours, 4), round(money / hours, 4)
        rec.wage_after = round(math.exp(mu), 4)
    # Prolific: the same model around the engine's Prolific rate
    money, hours = groups["prolific"]
    if hours > 0:
        p = PARAMS["prolific_hourly"]
        prior_p = (
            prior_prolific_usd
            if prior_prolific_usd is not None
            else float(params["prolific_hourly"])
        )
        sd0 = math.log(p.high / p.low) / (2 * Z90)
        post, mu, _ = _lognormal_post(
            "prolific_effective_rate",
            "USD/h",
            math.log(prior_p),
            sd0,
            money,
            hours,
            sw,
            ref,
            ("prolific_hourly",),
        )
        rec.posteriors.append(post)
        rec.params["prolific_hourly"] = round(
            float(params["prolific_hourly"]) * math.exp(mu) / prior_p, 6
        )
    _pace(rec, rows, params, pri, planned_learning_hours, today)
    _offers(rec, rows, params, pri)
    return rec


def _pace(
    rec: Recalibration,
    rows: Sequence[Mapping[str, Any]],
    params: Parameters,
    pri: Mapping[str, float],
    planned: float | None,
    today: Any,
) -> None:
    """Study pace, Gamma–Poisson; feeds ``learning_pace_share`` when the plan's hours are known.

    The prior's mean is what the run would otherwise assume: the plan's weekly learning hours
    (``planned``, share 1), or without a plan the registry's learning_pace_hours_per_week (F1b).
    """
    learn = [r for r in rows if r["kind"] == "learn"]
    if not learn:
        return
    import datetime as dt

    first = min(r["date"] for r in learn)
    end = today or dt.date.today()
    weeks = max(1.0, ((max(end, max(r["date"] for r in learn)) - first).days + 1) / 7)
    hours_l = sum(float(r.get("hours") or 0) for r in learn)
    fed = planned is not None and planned > 0
    m0 = float(planned) if fed else float(params["learning_pace_hours_per_week"])  # type: ignore[arg-type]
    beta0 = pri["journal_pace_prior_weeks"]
    alpha0 = m0 * beta0
    a1, b1 = alpha0 + hours_l, beta0 + weeks
    lo0, hi0 = _gamma_interval(alpha0, beta0)
    lo1, hi1 = _gamma_interval(a1, b1)
    feeds: tuple[str, ...] = ()
    if fed:
        p = PARAMS["learning_pace_share"]
        share = min(p.high, max(p.low, (a1 / b1) / m0))
        rec.params["learning_pace_share"] = round(share, 6)
        feeds = ("learning_pace_share",)
    else:
        rec.notes.append(
            "study pace reported, not fed: no plan with learning hours to compare it with"
        )
    rec.posteriors.append(
        Posterior(
            "study_pace",
            "h/week",
            round(m0, 4),
            (round(lo0, 4), round(hi0, 4)),
            round(a1 / b1, 4),
            (round(lo1, 4), round(hi1, 4)),
            f"{hours_l:g} h over {weeks:.1f} weeks",
            f"weekly hours ~ Poisson(lambda); prior Gamma({alpha0:g}, {beta0:g})"
            + (f" centred on the plan's {m0:g} h/week" if fed else ""),
            feeds,
        )
    )
    rec.entries_used += len(learn)


def _offers(
    rec: Recalibration,
    rows: Sequence[Mapping[str, Any]],
    params: Parameters,
    pri: Mapping[str, float],
) -> None:
    """Application → offer rate, Beta–Binomial; feeds ``personal_hire_factor`` = posterior ÷ prior.

    Only the ratio reaches the run: the engine's hiring is a monthly hazard calibrated on the CPS,
    and a person whose applications convert k times as often as the prior is hired k times as
    fast at the same search effort (clipped to the registry range of personal_hire_factor).
    """
    apps = [r for r in rows if r["kind"] == "apply"]
    n_app = sum(1 for r in apps if r.get("stage") == "application")
    if not n_app:
        return
    n_off = sum(1 for r in apps if r.get("stage") in ("offer", "hire"))
    m0, k0 = pri["journal_offer_rate_prior"], pri["journal_offer_prior_applications"]
    a0, b0 = m0 * k0, (1 - m0) * k0
    a1, b1 = a0 + n_off, b0 + max(0, n_app - n_off)
    lo0, hi0 = _beta_interval(a0, b0)
    lo1, hi1 = _beta_interval(a1, b1)
    post_mean = a1 / (a1 + b1)
    p = PARAMS["personal_hire_factor"]
    factor = min(p.high, max(p.low, post_mean / m0 * float(params["personal_hire_factor"])))
    rec.params["personal_hire_factor"] = round(factor, 6)
    rec.posteriors.append(
        Posterior(
            "offer_rate",
            "offers per application",
            round(m0, 4),
            (round(lo0, 4), round(hi0, 4)),
            round(post_mean, 4),
            (round(lo1, 4), round(hi1, 4)),
            f"{n_off} offers from {n_app} applications",
            f"offers ~ Binomial(applications, p); prior Beta({a0:g}, {b0:g})",
            ("personal_hire_factor",),
        )
    )
    rec.entries_used += len(apps)
