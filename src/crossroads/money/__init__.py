"""Money as people live it: the hard credit limit, debt interest, the fallback rule, time-limited
income and taxes (see docs/methodology.md, "Cash, credit and the fallback" and "Taxes").

Why a package of its own: the engine (vectorised), the per-path reference loop and the advice all
need the *same* reading of the profile's money section; compiling it once here into
:class:`~crossroads.money.rules.CashRules` is what keeps them in agreement.
"""

from __future__ import annotations

from .rules import ALL_OCCUPATIONS_WAGE, CashRules, FallbackRule, cash_rules

__all__ = ["ALL_OCCUPATIONS_WAGE", "CashRules", "FallbackRule", "cash_rules"]
