"""crossroads: microtask gig work, a soft-skills remote career, or a hybrid — quantified.

The Python API is the product's core; the CLI, the web app, the journal and the cohort runner
are thin faces over one :class:`Crossroads` service object (``from crossroads import Crossroads,
RunConfig``). Public entry points are imported lazily so that ``import crossroads`` stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Crossroads": ("crossroads.service", "Crossroads"),
    "RunConfig": ("crossroads.run_config", "RunConfig"),
    "Case": ("crossroads.service", "Case"),
    "load_profile": ("crossroads.profile", "load_profile"),
    "Profile": ("crossroads.profile", "Profile"),
    "get_catalog": ("crossroads.catalog", "get_catalog"),
    "simulate": ("crossroads.simulation", "simulate"),
    "advise": ("crossroads.decision", "advise"),
    "match": ("crossroads.matching", "match"),
    "make_plan": ("crossroads.plan", "make_plan"),
    "write_report": ("crossroads.report", "write_report"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'crossroads' has no attribute {name!r}")
