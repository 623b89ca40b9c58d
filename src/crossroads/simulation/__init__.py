"""Vectorised Monte Carlo engine: ``simulate() -> SimResult``, ``summarise()``, calibration.

See docs/methodology.md for the models and docs/architecture.md for the contract.
"""

from __future__ import annotations

from .engine import MONTHLY, SimResult, simulate
from .metrics import OptionMetrics, summarise

__all__ = ["MONTHLY", "OptionMetrics", "SimResult", "simulate", "summarise"]
