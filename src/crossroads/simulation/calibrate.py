"""Calibration targets: does the model reproduce the published evidence?

Why a product feature: a user (or a reviewer) should be able to see, for every figure the models
were tuned to, the published value, its source id, what the model gives and the tolerance. Where
the evidence disagrees, the default model represents *one* population on purpose and the other
figures are shown as **reference rows** (``kind="reference"``, ``ok=None``) with the model's gap —
never hidden in a wide tolerance. Only ``kind="target"`` rows can fail.

Default microtask population: Hara et al.'s MTurk workers (2014-17), because it is the only source
with a *distribution* (median and the share above $7.25). Its unpaid share (~44%, A6 vs A8) is
decomposed into abandoned + rejected work (A12, A13) and invisible search time (Toxtli's 33%, C2),
which reproduces Hara's gap within 3 points; ILO's ~25% (B1/B2, C7) then shows as a gap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.special import ndtri

from crossroads.params import Parameters, resolve_params

from .career import (
    WAGE_KEYS,
    WAGE_PCTS,
    dropout_hazard,
    frailty_from_uniform,
    search_calibration,
    wage_quantile,
)

if TYPE_CHECKING:
    from crossroads.catalog.loader import Catalog


@dataclass(frozen=True)
class Target:
    """One calibration row (JSON keys: name, source, published, model, tolerance, ok, …)."""

    name: str
    source: str
    published: float
    model: float
    tolerance: float | None
    ok: bool | None
    kind: str = "target"  # "target" (can fail) or "reference" (shows a gap on purpose)
    unit: str = ""
    note: str = ""

    @property
    def gap(self) -> float:
        return self.model - self.published

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["gap"] = self.gap
        return d


def _row(
    name: str,
    source: str,
    published: float,
    model: float,
    tol: float,
    unit: str,
    note: str = "",
    relative: bool = False,
) -> Target:
    err = abs(model - published) / abs(published) if relative else abs(model - published)
    return Target(
        name,
        source,
        float(published),
        float(model),
        float(tol),
        bool(err <= tol),
        "target",
        unit,
        note,
    )


def _ref(name: str, source: str, published: float, model: float, unit: str, note: str) -> Target:
    return Target(name, source, float(published), float(model), None, None, "reference", unit, note)


def paid_fraction(p: Mapping[str, float]) -> float:
    """Share of microtask working time that is paid: (1-search)(1-abandoned)(1-rejected)."""
    return (
        (1 - p["mt_unpaid_search_share"])
        * (1 - p["mt_abandoned_share"])
        * (1 - p["mt_rejected_share"])
    )


def worker_wages(
    p: Mapping[str, float], n: int = 200_000, seed: int = 12345, months: int = 12
) -> np.ndarray:
    """Per-worker effective hourly wages (incl. unpaid) as the engine draws them.

    Each worker's wage is their level times the mean of ``months`` months of within-worker noise
    (Hara's per-worker figure is total pay over total time, so noise averages out).
    """
    rng = np.random.default_rng(seed)
    level = p["mt_wage_median"] * np.exp(p["mt_wage_sigma_between"] * rng.standard_normal(n))
    sw = p["mt_wage_sigma_within"]
    noise = np.exp(sw * rng.standard_normal((months, n)) - sw * sw / 2).mean(axis=0)
    result: np.ndarray = level * noise
    return result


def microtask_targets(p: Parameters) -> list[Target]:
    w = worker_wages(p)
    paid = paid_fraction(p)
    w_paid = w / paid
    med, mean = float(np.median(w)), float(w.mean())
    rows = [
        _row(
            "MTurk median worker wage incl. unpaid work",
            "A6",
            1.77,
            med,
            0.05,
            "USD/h",
            relative=True,
        ),
        _row(
            "MTurk headline median wage (~$2, rounded)",
            "A3",
            2.0,
            med,
            0.15,
            "USD/h",
            relative=True,
            note="the abstract's rounded figure",
        ),
        _row(
            "share of MTurk workers above $7.25/h",
            "A4",
            0.04,
            float((w > 7.25).mean()),
            0.01,
            "share",
        ),
        _row(
            "MTurk median worker wage excl. unpaid work",
            "A8",
            3.18,
            float(np.median(w_paid)),
            0.05,
            "USD/h",
            relative=True,
            note="model: wage / paid share of time",
        ),
        _row(
            "ILO 2018 average hourly earnings, paid work only",
            "B1",
            4.43,
            float(w_paid.mean()),
            0.10,
            "USD/h",
            relative=True,
        ),
        _row(
            "unpaid share of time implied by Hara's medians",
            "A6, A8",
            1 - 1.77 / 3.18,
            1 - paid,
            0.03,
            "share",
            note="abandoned (A12) + rejected (A13) + invisible search (C2)",
        ),
        _row(
            "invisible labour share of time",
            "C2",
            0.33,
            p["mt_unpaid_search_share"],
            0.005,
            "share",
            note="an input of the default model (Toxtli 2021)",
        ),
        _ref(
            "MTurk mean worker wage incl. unpaid work",
            "A7",
            3.13,
            mean,
            "USD/h",
            "log-normal fitted to the median and the $7.25 share has a thinner top tail than Hara's data",
        ),
        _ref(
            "ILO 2018 average hourly earnings incl. unpaid time",
            "B2",
            3.31,
            mean,
            "USD/h",
            "ILO's five-platform population counts less unpaid time (25%) than the default (Hara) one",
        ),
        _ref(
            "ILO 2018 unpaid share (1 - 3.31/4.43)",
            "B1, B2",
            1 - 3.31 / 4.43,
            1 - paid,
            "share",
            "different population/definition: the default represents Hara's MTurk workers",
        ),
        _ref(
            "ILO 2021 unpaid share (20 unpaid min per paid hour)",
            "C7",
            20 / 80,
            1 - paid,
            "share",
            "microtask platforms 2019-20; override mt_unpaid_search_share to model this population",
        ),
        _ref(
            "ILO 2017 median incl. unpaid time",
            "B3",
            2.16,
            med,
            "USD/h",
            "five platforms, 75 countries",
        ),
    ]
    return rows


def oews_target(catalog: Catalog, p: Parameters, n: int = 1_000_000, seed: int = 7) -> Target:
    """The wage sampler reproduces every occupation's OEWS P10..P90 (max relative error).

    Sampling is by inverse CDF from one set of uniforms; wages are a strictly increasing function
    of the normal score, so each occupation's sample percentiles are its quantile function at the
    sample percentiles of the scores — computed exactly for all occupations at once.
    """
    rng = np.random.default_rng(seed)
    z = ndtri(rng.random(n))
    zq = np.percentile(z, [100 * q for q in WAGE_PCTS])
    worst, count, worst_code = 0.0, 0, ""
    for occ in catalog.occupations():
        wq = wage_quantile(getattr(occ, "wage_hourly", None), p)
        if wq is None:
            continue
        count += 1
        got = wq.from_z(zq)
        pub = np.array([getattr(occ.wage_hourly, k) for k in WAGE_KEYS], dtype=float)
        err = float(np.max(np.abs(got - pub) / pub))
        if err > worst:
            worst, worst_code = err, occ.code
    return Target(
        f"OEWS P10-P90 reproduced by the wage sampler ({count} occupations; worst {worst_code})",
        "OEWS May 2025",
        0.0,
        worst,
        0.01,
        worst <= 0.01,
        "target",
        "max relative error",
        f"{n:,} draws per occupation",
    )


def stock_sample(
    p: Mapping[str, float], n: int = 400_000, seed: int = 11
) -> tuple[np.ndarray, np.ndarray]:
    """(completed spells, elapsed durations of a steady-state stock), in weeks, as the model draws them.

    Completed spells: exit hazard λ·F with gamma frailty F. The people unemployed at a date are a
    length-biased sample of spells (a spell of length T is T times as likely to be caught), each
    caught at a uniform point of it: resampling spells with weights T and taking U·T gives the
    stock the CPS measures.
    """
    lam, k = search_calibration(p)
    rng = np.random.default_rng(seed)
    frail = frailty_from_uniform(rng.random(n), k)
    weeks = -np.log(rng.random(n)) / (lam * frail)
    weeks = np.minimum(weeks, 99 * 52)  # a finite cap for the few near-zero frailties
    pick = rng.choice(n, size=n, p=weeks / weeks.sum())
    return weeks, weeks[pick] * rng.random(n)


def search_targets(p: Parameters, n: int = 400_000, seed: int = 11) -> list[Target]:
    weeks, stock = stock_sample(p, n, seed)
    med_pub = float(np.mean([9.0, 9.1, 9.5, 9.1, 9.5]))
    share_pub = float(np.mean([18.0, 19.7, 19.6, 20.9, 22.2])) / 100
    mean_pub = float(np.mean([19.7, 21.1, 21.1, 20.6, 21.4]))
    ue = float(p["ue_exit_share"])
    lam, _k = search_calibration(p)
    return [
        _row(
            "US median unemployment duration (stock of the unemployed)",
            "H3a-H7a",
            med_pub,
            float(np.median(stock)),
            0.5,
            "weeks",
            note="the model's steady-state stock of ongoing spells (length-biased), as the CPS counts",
        ),
        _row(
            "share of the unemployed searching 27+ weeks (stock)",
            "H3c-H7c",
            share_pub,
            float((stock > 27).mean()),
            0.02,
            "share",
        ),
        _row(
            "US mean unemployment duration (stock)",
            "H3b-H7b",
            mean_pub,
            float(stock.mean()),
            0.1,
            "weeks",
            relative=True,
        ),
        _row(
            "share of exits from unemployment that are into a job (U->E)",
            "L3",
            0.5,
            ue,
            0.15,
            "share",
            note="only these count as hires: hire hazard = share x exit hazard",
        ),
        _ref(
            "median completed spell (all exits), model",
            "H3a-H7a",
            med_pub,
            float(np.median(weeks)),
            "weeks",
            "completed spells are shorter than the stock's elapsed durations (about 1.5x)",
        ),
        _ref(
            "mean completed spell (all exits), model",
            "H3b-H7b",
            mean_pub,
            float(weeks.mean()),
            "weeks",
            "completed spells: the CPS mean describes the stock",
        ),
        _ref(
            "median search of job-finders, 2011",
            "H8",
            10.0,
            float(np.median(weeks / ue)),
            "weeks",
            f"model: median weeks to a hire at the baseline hire hazard ({lam * ue:.3f}/week, no other exit)",
        ),
    ]


def job_targets(p: Parameters) -> list[Target]:
    """Job loss (JOLTS) and entrant wages (DOL Level I) as the engine uses them."""
    from .career import loss_rates

    class _All:  # an occupation at the all-occupations separations rate
        code, separations_rate_pct = "00-0000", None

    first, later = loss_rates(_All(), None, p)
    centre = (p["entrant_pct_low"] + p["entrant_pct_high"]) / 2
    return [
        _row(
            "monthly job-loss rate after a job's first year (all occupations)",
            "L1",
            0.011,
            1 - math.exp(-later),
            0.001,
            "share/month",
            note="JOLTS layoffs and discharges, total nonfarm",
        ),
        _ref(
            "monthly job-loss rate in a job's first year",
            "L1",
            0.011,
            1 - math.exp(-first),
            "share/month",
            "new hires are laid off first: x job_loss_first_year_factor (an assumption with a range)",
        ),
        _row(
            "entrant wage percentile (centre of the entrant range)",
            "L2",
            0.17,
            centre,
            0.01,
            "percentile",
            note="DOL prevailing wage Level I, about the 17th percentile of OEWS",
        ),
        *freelance_targets(p),
    ]


def freelance_targets(p: Parameters, n: int = 200_000, seed: int = 13) -> list[Target]:
    """First-contract share within 12 months as the engine draws it (frailty included)."""
    from crossroads.freelance import first_contract_rate

    _lam, k = search_calibration(p)
    h = first_contract_rate(p, k)
    rng = np.random.default_rng(seed)
    frail = frailty_from_uniform(rng.random(n), k)
    months = -np.log(rng.random(n)) / (h * frail)
    share = float((months <= 12).mean())
    return [
        _row(
            "freelance first contract within 12 months (active new freelancer)",
            "assumption",
            p["freelance_first_contract_12m"],
            share,
            0.01,
            "share",
            note="freelance_first_contract_12m; the first-contract hazard is solved for it",
        ),
        _ref(
            "registered platform profiles that ever obtained work",
            "L6 (D9/D8)",
            0.086,
            share,
            "share",
            "all registered profiles, most of them inactive: a lower bound for an active freelancer",
        ),
        _ref(
            "registered profiles significantly active (>= 10 projects or $1,000)",
            "L7 (D10/D8)",
            0.020,
            share * p["freelance_billed_share"],
            "share",
            "model: first contract x billed share, a rough analogue",
        ),
    ]


def completion_targets(p: Parameters) -> list[Target]:
    T = p["completion_reference_months"]
    model = math.exp(-dropout_hazard(p) * T)
    rows = [
        _row(
            f"course completion over a {T:g}-month programme (learners intending to complete)",
            "G6b, F4",
            0.195,
            model,
            0.005,
            "share",
            note="monthly drop-out hazard 1 - c**(1/T) applied while studying",
        )
    ]
    for name, src, val in (
        ("MOOC median completion (221 MOOCs, all enrolled)", "G5a", 0.126),
        ("HarvardX average completion (registrants)", "G7", 0.06),
        ("HarvardX/MITx 2012-13 completers / registrants", "G8a, G8b", 43196 / 841687),
        ("Penn Coursera completion (registrants)", "G9", 0.04),
        ("best MOOC completion in Jordan's sample", "G5c", 0.521),
    ):
        rows.append(
            _ref(
                name,
                src,
                val,
                model,
                "share",
                "registrants include browsers with no intention to finish; the default "
                "represents people who chose a career plan (G6b)",
            )
        )
    return rows


def calibrate(
    catalog: Catalog | None = None, params: Parameters | Mapping[str, float] | None = None
) -> list[Target]:
    """Every calibration row: microtask wages and unpaid time, OEWS wages, search, completion."""
    if catalog is None:
        from crossroads.catalog import get_catalog

        catalog = get_catalog()
    p = params if isinstance(params, Parameters) else resolve_params(params)
    return [
        *microtask_targets(p),
        *world_targets(catalog, p),
        oews_target(catalog, p),
        *search_targets(p),
        *job_targets(p),
        *completion_targets(p),
    ]


def all_ok(rows: list[Target]) -> bool:
    """True when every target row passes (reference rows never fail)."""
    return all(r.ok for r in rows if r.kind == "target")


def world_targets(catalog: Catalog, p: Parameters) -> list[Target]:
    """Microtask pay by country (issue 11): the ILO regional averages and Hara 2019, Prolific, rating work.

    The model's country multiplier (crossroads.world.microtask) scales the whole open-marketplace
    wage distribution, so a region's paid-work average is the US one times the multiplier; ILO's
    regional figures (B6-B8) are paid-work averages of the same survey as B1.
    """
    from crossroads.world.microtask import country_pay

    ev = catalog.evidence
    w = worker_wages(p)
    paid = paid_fraction(p)
    us_paid_mean = float((w / paid).mean())
    rows: list[Target] = []
    for cc, label, eid in (
        ("US", "North America", "B6"),
        ("PH", "Asia-Pacific", "B7"),
        ("KE", "Africa", "B8"),
    ):
        f = country_pay(cc, ev).factor if cc != "US" else 1.0
        rows.append(
            _row(
                f"ILO 2018 average hourly earnings, paid work, {label} (model: a {cc} worker)",
                eid,
                catalog.evidence_value(eid),
                us_paid_mean * f,
                0.10,
                "USD/h",
                relative=True,
                note="US paid-work mean × the country multiplier (ILO region over North America)",
            )
        )
    f_in = country_pay("IN", ev).factor
    rows.append(
        _ref(
            "Hara 2019 mean wage of workers in India incl. unpaid work",
            "W2",
            catalog.evidence_value("W2"),
            float(w.mean()) * f_in,
            "USD/h",
            "India's multiplier is Hara's own ratio (W2/W1); the level is the model's US mean, whose "
            "log-normal tail is thinner than Hara's (see A7)",
        )
    )
    rows.append(
        _ref(
            "Hara 2019 mean wage of US workers incl. unpaid work",
            "W1",
            catalog.evidence_value("W1"),
            float(w.mean()),
            "USD/h",
            "the default level represents Hara's (mostly US) workers",
        )
    )
    pro = p["prolific_hourly"] * (1 - p["prolific_unpaid_share"])
    rows.append(
        _row(
            "Prolific average realised pay per hour of study time (2023)",
            "E4f",
            catalog.evidence_value("E4f"),
            pro,
            0.01,
            "USD/h",
            relative=True,
            note="paid by estimated study time; prolific_unpaid_share (default 0) for waiting time",
        )
    )
    from crossroads.world.rating import rating_hourly_usd

    us_rate = rating_hourly_usd("US", p, ev)[0]
    rows.append(
        _row(
            "US rating pay per paid hour (TELUS internet assessors, upper end)",
            "W17b",
            catalog.evidence_value("W17b"),
            us_rate,
            0.35,
            "USD/h",
            relative=True,
            note="rating_hourly_us; the cited US range is 8-25 USD/h (W17a, W5a-b)",
        )
    )
    ke = catalog.evidence_value("W7a"), catalog.evidence_value("W7b")
    rows.append(
        _row(
            "Kenyan rating pay per paid hour (Remotasks annotators, 2023, midpoint of 1-3)",
            "W7a-W7b",
            math.sqrt(float(ke[0]) * float(ke[1])),
            rating_hourly_usd("KE", p, ev)[0],
            0.01,
            "USD/h",
            relative=True,
            note="the country's own figure, not the US rate x the regional multiplier",
        )
    )
    on_share = p["rating_project_start_prob"] / (
        p["rating_project_start_prob"] + p["rating_project_stop_prob"]
    )
    work = p["rating_admit_share"] * on_share
    novice = float((w / paid).mean()) * p["mt_novice_factor"]
    rows.append(
        _ref(
            "US rating pay per hour offered, long run (model: accepted x project months)",
            "W5a",
            catalog.evidence_value("W5a"),
            work * us_rate + (1 - work) * novice,
            "USD/h",
            f"{p['rating_admit_share']:.0%} of applicants accepted, a project in {on_share:.0%} "
            "of their months (assumptions, W8); the other hours go to open marketplaces at the "
            "novice rate — below the cited hourly rates on purpose",
        )
    )
    return rows
