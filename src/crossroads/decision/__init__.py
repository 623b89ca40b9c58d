"""Decision: the article's criteria measured, a transparent ranking, its robustness and reasons.

``advise(profile)`` is the entry point (the pipeline is in :mod:`crossroads.decision.pipeline`);
the result is an :class:`Advice` whose JSON form is the ``crossroads advise --json`` document
(schema in docs/decision.md).
"""

from __future__ import annotations

from .advice import SCHEMA_VERSION, Advice, AdviceRun
from .pipeline import advise, advise_with_run

__all__ = ["SCHEMA_VERSION", "Advice", "AdviceRun", "advise", "advise_with_run"]
