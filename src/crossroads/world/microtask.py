"""Microtask pay by country, and what people already on a platform tell us about their own pay.

Why: the open-marketplace wage level is Hara et al.'s MTurk median (A6), a mostly-US sample. The
same tasks pay less outside North America because of task filtering, time zones and requester
choices (ILO 2018: North America 4.70 USD/h, Asia-Pacific 2.22, Africa 1.33 — B6–B8; Hara 2019:
US 3.01 vs India 1.41 USD/h — W1, W2). The country multiplier is a ratio of figures of the same
years and currency (2017 USD over 2017 USD, 2014–17 over 2014–17), so it is already in real terms
(the deflator cancels); the level it multiplies is carried to today's dollars by
``mt_wage_deflator`` (US CPI-U 2024 ÷ 2016, W3–W4), the deflator named in the parameter registry.

Multiplier, in order of preference: the country's own published figure (India: Hara 2019), else its
ILO region over North America, else the ILO all-worker average over North America (B1 ÷ B6), said
so in the advice. Only open marketplaces are scaled: Prolific pays the same rate everywhere it
admits people (its rule is per hour of estimated study time).

``current_work`` (issue 11 §4) is the hook where a person's own earnings inform their level: the
observed hourly rate is blended with the model's median in logs with weight ``m / (m + k)`` (m =
months on the platform, k = ``current_work_prior_months``). The journal (issue 14) replaces this
weighting with its Bayesian update through the same function.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crossroads.world.wages import international_table

__all__ = ["CountryPay", "ObservedWork", "blend_level", "country_pay", "observed_work"]

#: ILO 2018 regional average hourly earnings (B6–B8) and the all-worker average (B1), USD 2017.
ILO_REGION_EVIDENCE = {"north_america": "B6", "asia_pacific": "B7", "africa": "B8", "all": "B1"}
#: World Bank region (international.json) -> ILO survey region
_WB_TO_ILO = {
    "North America": "north_america",
    "East Asia & Pacific": "asia_pacific",
    "South Asia": "asia_pacific",
    "Sub-Saharan Africa": "africa",
}
#: North African members of the World Bank's Middle East & North Africa region (Africa in the ILO survey)
_NORTH_AFRICA = {"DZ", "EG", "LY", "MA", "TN"}
#: Country-specific figures (Hara et al. 2019, W1 US / W2 India), preferred over the region
_COUNTRY_EVIDENCE = {"US": ("W1", "W1"), "IN": ("W2", "W1")}


@dataclass(frozen=True)
class CountryPay:
    """The open-marketplace pay multiplier of a country (relative to the US level) and its basis."""

    country: str
    factor: float
    evidence: tuple[str, ...]
    basis: str

    def describe(self) -> str:
        """One line for the advice."""
        return (
            f"open-marketplace microtask pay for {self.country}: × {self.factor:.2f} of the US level "
            f"({self.basis}; evidence {', '.join(self.evidence)})"
        )


def _num(evidence: Mapping[str, Any], eid: str) -> float:
    e = evidence[eid]
    n = getattr(e, "number", None)
    return float(n if n is not None else e)


def country_pay(country: str, evidence: Mapping[str, Any]) -> CountryPay:
    """The multiplier for ``country`` from the catalog's evidence rows (see the module doc)."""
    cc = country.upper()
    if cc in _COUNTRY_EVIDENCE:
        num, den = _COUNTRY_EVIDENCE[cc]
        f = _num(evidence, num) / _num(evidence, den)
        basis = (
            "the US level itself"
            if cc == "US"
            else f"Hara et al. 2019: {cc} {_num(evidence, num):.2f} vs US {_num(evidence, den):.2f} USD/h"
        )
        return CountryPay(cc, f, (num, den) if num != den else (num,), basis)
    region = international_table().get("regions", {}).get(cc)
    ilo = _WB_TO_ILO.get(str(region)) if region else None
    if ilo is None and cc in _NORTH_AFRICA:
        ilo = "africa"
    na = _num(evidence, ILO_REGION_EVIDENCE["north_america"])
    if ilo is not None:
        eid = ILO_REGION_EVIDENCE[ilo]
        v = _num(evidence, eid)
        return CountryPay(
            cc,
            v / na,
            (eid, "B6"),
            f"ILO 2018 {ilo.replace('_', '-')} average {v:.2f} vs North America {na:.2f} USD/h",
        )
    eid = ILO_REGION_EVIDENCE["all"]
    v = _num(evidence, eid)
    return CountryPay(
        cc,
        v / na,
        (eid, "B6"),
        f"no regional figure for {region or cc}: the ILO 2018 all-worker average {v:.2f} vs "
        f"North America {na:.2f} USD/h",
    )


@dataclass(frozen=True)
class ObservedWork:
    """What a person's ``current_work`` entries say, in USD per hour of work (unpaid time included)."""

    platform: str
    kind: str
    hourly_usd: float
    hours_per_week: float
    months: float


def observed_work(
    current: Sequence[Any],
    kinds: Mapping[str, str],
    fx_usd: float,
    today: dt.date,
    weeks_per_month: float,
) -> list[ObservedWork]:
    """The person's own hourly earnings per platform (earnings ÷ hours), in USD.

    ``kinds`` maps platform id -> kind (unknown ids count as open marketplaces); ``since`` missing
    counts as one month of history (the least informative).
    """
    out = []
    for w in current:
        hours = float(w.hours_per_week) * weeks_per_month
        hourly = float(w.earnings_per_month) * fx_usd / hours if hours > 0 else 0.0
        since = getattr(w, "since", None)
        months = max(1.0, (today - since).days / 30.4375) if since is not None else 1.0
        pid = str(w.platform).lower()
        out.append(
            ObservedWork(
                pid, kinds.get(pid, "open_marketplace"), hourly, float(w.hours_per_week), months
            )
        )
    return out


def blend_level(
    prior_usd: float, observed: Sequence[ObservedWork], prior_months: float
) -> tuple[float, str]:
    """The wage level after the person's own earnings: a log blend with weight m / (m + k).

    The hook the journal's Bayesian update replaces. With no observation the prior is returned.
    """
    obs = [o for o in observed if o.hourly_usd > 0]
    if not obs:
        return prior_usd, ""
    hours = sum(o.hours_per_week for o in obs)
    log_obs = sum(o.hours_per_week * math.log(o.hourly_usd) for o in obs) / hours
    months = max(o.months for o in obs)
    w = months / (months + prior_months)
    level = math.exp(w * log_obs + (1 - w) * math.log(prior_usd))
    note = (
        f"your own earnings ({math.exp(log_obs):.2f} USD/h over {months:.0f} month(s)) weigh "
        f"{w:.0%} against the model's {prior_usd:.2f} USD/h: level {level:.2f} USD/h "
        f"(current_work_prior_months = {prior_months:g})"
    )
    return level, note
