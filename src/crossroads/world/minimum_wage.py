"""Statutory minimum wages: the floor under an employee's hourly wage in the person's country.

Why: moving OEWS wages to another country by its average earnings (:mod:`crossroads.world.wages`)
keeps the US wage *structure*, so the bottom of the distribution can land below what an employer
may legally pay there — the UK all-occupations entry wage came out at 6.55 GBP/h against a National
Living Wage of 12.21 GBP/h (2025) and 12.71 GBP/h (2026). An employee's hourly wage (career jobs and
the fallback's "any local job") is therefore floored at the national minimum in force on the
profile's date.

Only *national* statutory floors are applied, each an evidence row (values are read from the
packaged evidence table by id, never typed here): the US federal rate (W13), the UK National
Living Wage for workers aged 21+ (W11a-b) and Germany's Mindestlohn (W12a-c). The Philippines'
and Kenya's minimum wages are set by region, occupation and town (W14, W15): they are catalogued
but no single national floor is applied, and India has no binding national minimum (state
schedules). Freelance rates are not floored (the self-employed are not covered). The floor applies
to the full hourly wage before hours are counted; the age-band rates below 21 are not modelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MinimumWage", "SCHEDULES", "UNAPPLIED", "employee_floor_usd", "minimum_wage"]

#: country -> evidence ids of its national hourly minimum, one per date it took effect.
SCHEDULES: dict[str, tuple[str, ...]] = {
    "US": ("W13",),
    "GB": ("W11a", "W11b"),
    "DE": ("W12a", "W12b", "W12c"),
}
#: Minimum wages catalogued but not applied as a national floor, and why (shown in the advice).
UNAPPLIED: dict[str, tuple[str, str]] = {
    "PH": ("W14", "set by each region's wage board (Metro Manila 695 PHP/day), no national floor"),
    "KE": ("W15", "set by occupation and town (Nairobi general labourer 16,113.75 KES/month)"),
    "IN": ("", "no binding national minimum wage (state schedules)"),
}


@dataclass(frozen=True)
class MinimumWage:
    """The national hourly minimum wage in force on a date (in the country's own currency)."""

    country: str
    currency: str
    hourly: float
    effective: dt.date
    evidence: str

    def describe(self) -> str:
        """One line for the advice: value, since when, source id."""
        return (
            f"statutory minimum wage {self.hourly:.2f} {self.currency}/h since "
            f"{self.effective.isoformat()} ({self.evidence}) floors employee wages"
        )


@lru_cache(maxsize=1)
def _rows() -> dict[str, tuple[float, str, dt.date]]:
    from crossroads.catalog import get_catalog

    ev = get_catalog().evidence
    out: dict[str, tuple[float, str, dt.date]] = {}
    for ids in SCHEDULES.values():
        for i in ids:
            row = ev[i]
            value = row.number
            assert value is not None, i
            out[i] = (value, row.unit.split("/")[0], dt.date.fromisoformat(row.year))
    return out


def minimum_wage(country: str, on: dt.date | None = None) -> MinimumWage | None:
    """The national minimum in force in ``country`` on ``on`` (default today), or None.

    None for a country without an applied national floor (see :data:`UNAPPLIED`) or a date before
    the earliest bundled rate.
    """
    ids = SCHEDULES.get(country.upper())
    if not ids:
        return None
    day = on or dt.date.today()
    rows = _rows()
    best: MinimumWage | None = None
    for i in ids:
        value, cur, since = rows[i]
        if since <= day and (best is None or since > best.effective):
            best = MinimumWage(country.upper(), cur, value, since, i)
    return best


def employee_floor_usd(profile: object, fx_usd: float) -> tuple[float, str]:
    """The floor of an employee's hourly wage in the engine's unit (USD), and the line saying so.

    The engine computes wages in USD and divides by the profile's rate (``fx_usd`` = USD per unit
    of the profile's currency). A minimum in the profile's own currency converts at that rate;
    one in another currency (a GBP minimum for a profile kept in EUR) at the bundled ECB rate, and
    is skipped (with the reason) when there is none. ``(0.0, "")`` without an applied floor.
    """
    country = str(getattr(profile, "country", "US")).upper()
    mw = minimum_wage(country, getattr(profile, "as_of", None))
    if mw is None:
        return 0.0, ""
    cur = str(getattr(profile, "currency", "USD"))
    if mw.currency == cur:
        usd = mw.hourly * fx_usd
    elif mw.currency == "USD":
        usd = mw.hourly
    else:
        from crossroads.world.currency import ecb_rate_to_usd

        rate = ecb_rate_to_usd(mw.currency)
        if rate is None:
            return (
                0.0,
                f"{mw.describe()} — not applied: no exchange rate from {mw.currency} to {cur}",
            )
        usd = mw.hourly * rate.usd_per_unit
    return usd, mw.describe()
