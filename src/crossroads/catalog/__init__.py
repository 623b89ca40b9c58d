"""The catalog: what crossroads knows (occupations, platforms, evidence), with sources.

``get_catalog()`` loads the packaged tables in ``crossroads/data`` (built by
``scripts/build_catalog.py`` from ``../shared/data``) once per process. See docs/data.md.
"""

from __future__ import annotations

from .loader import Catalog, get_catalog
from .model import (
    OPEN_FOR_NEW_WORKERS,
    Evidence,
    Field,
    Occupation,
    Platform,
    Source,
    StatusChange,
    WagePercentiles,
)
from .skills import SKILL_INFO, SKILLS, SOFT_SKILLS

__all__ = [
    "OPEN_FOR_NEW_WORKERS",
    "SKILLS",
    "SKILL_INFO",
    "SOFT_SKILLS",
    "Catalog",
    "Evidence",
    "Field",
    "Occupation",
    "Platform",
    "Source",
    "StatusChange",
    "WagePercentiles",
    "get_catalog",
]
