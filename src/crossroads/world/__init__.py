"""Crossroads anywhere in the world: currencies, money formatting and country wage levels.

Why a package of its own: the rest of the product computes in US dollars and O*NET/OEWS terms;
this is the one place that knows how a country differs (its exchange rate, its locale, its wage
level), so the engine, the advice and the faces ask here instead of guessing.
"""

from crossroads.world.currency import FxRate, ecb_rate_to_usd, fx_for_profile, to_usd
from crossroads.world.fmt import locale_for, money, money_hourly

__all__ = [
    "FxRate",
    "ecb_rate_to_usd",
    "fx_for_profile",
    "locale_for",
    "money",
    "money_hourly",
    "to_usd",
]
