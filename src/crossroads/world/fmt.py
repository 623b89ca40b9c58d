"""Locale-aware money formatting (Babel): the one helper the CLI, plan, report and JSON texts use.

Why one helper: "150000 INR" printed as ``1,50,000 INR`` in the advice, ``150,000 INR`` in the plan
and ``150000`` in the report would be three products. The locale is English for the person's
country when Babel knows it (``en_IN`` groups lakhs: 1,50,000; ``en_DE`` writes 1.234 €), else
plain English — the texts around the numbers are English.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberPattern, format_currency, parse_pattern

__all__ = ["locale_for", "money", "money_hourly", "number", "use_country"]

#: The country whose locale formats money when a caller does not pass one (set by the faces and
#: the service around one person's computation; a context variable, so web requests don't mix).
_COUNTRY: ContextVar[str | None] = ContextVar("crossroads_format_country", default=None)


@contextmanager
def use_country(country: str | None) -> Iterator[None]:
    """Format money for ``country`` inside the block (advice texts, plan, report of one person)."""
    token = _COUNTRY.set(country)
    try:
        yield
    finally:
        _COUNTRY.reset(token)


@lru_cache(maxsize=1)
def _currency_home() -> dict[str, str]:
    """Currency -> its one territory (INR -> IN, GBP -> GB, USD -> US); shared currencies (EUR) left out."""
    from babel.core import get_global

    homes: dict[str, list[str]] = {}
    for territory, entries in get_global("territory_currencies").items():
        current = [e for e in entries if e[2] is None and e[3]]  # tender today (no end date)
        if current:
            homes.setdefault(current[0][0], []).append(territory)
    # ISO 4217 codes start with the issuer's ISO 3166 code (INR -> IN, also tender in BT)
    out = {
        cur: (cur[:2] if cur[:2] in ts else ts[0])
        for cur, ts in homes.items()
        if cur[:2] in ts or len(ts) == 1
    }
    return out


def _country_for(country: str | None, currency: str) -> str | None:
    return country or _COUNTRY.get() or _currency_home().get(currency.upper())


@lru_cache(maxsize=256)
def locale_for(country: str | None) -> str:
    """The Babel locale used for ``country`` (ISO alpha-2): ``en_<CC>`` if Babel has it, else ``en``."""
    if country:
        code = f"en_{country.upper()}"
        try:
            Locale.parse(code)
            return code
        except (UnknownLocaleError, ValueError):
            pass
    return "en"


def money(
    amount: float | None, currency: str, country: str | None = None, *, cents: bool = False
) -> str:
    """``amount`` of ``currency`` formatted for the person's locale, whole units unless ``cents``.

    Uses the ISO code, not a symbol, so that "₹"/"$"/"kr" can never be misread across countries:
    ``money(150000, "INR", "IN")`` → ``"1,50,000 INR"``. None and NaN print as "n/a".
    """
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "n/a"
    loc = locale_for(_country_for(country, currency))
    value = float(amount) if cents else float(round(amount))
    body = _pattern(loc, 2 if cents else 0).apply(value, loc)
    return f"{body} {currency}"


@lru_cache(maxsize=256)
def _pattern(loc: str, digits: int) -> NumberPattern:
    """The locale's own grouping (lakhs for en_IN) with exactly ``digits`` decimals."""
    base = Locale.parse(loc).decimal_formats[None].pattern.split(";")[0].split(".")[0]
    return parse_pattern(base + ("." + "0" * digits if digits else ""))


def money_hourly(amount: float | None, currency: str, country: str | None = None) -> str:
    """An hourly rate with cents, e.g. ``"83.20 INR/h"``."""
    return "n/a" if amount is None else f"{money(amount, currency, country, cents=True)}/h"


def number(value: float, country: str | None = None, digits: int = 0) -> str:
    """A plain number in the person's locale (thousands separators), ``digits`` decimals."""
    loc = locale_for(country or _COUNTRY.get())
    result: str = _pattern(loc, digits).apply(float(value), loc)
    return result


def currency_symbol_text(amount: float, currency: str, country: str | None = None) -> str:
    """Babel's own currency format (symbol and placement of the locale), for display only."""
    return format_currency(amount, currency, locale=locale_for(country))
