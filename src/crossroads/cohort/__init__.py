"""Cohorts: advice for every person of a table, reproducible, on Dask when one machine is not enough.

``score_cohort(table, run, client=None)`` is the Python API (also ``Crossroads.score_cohort``);
``run_cohort`` writes OUT and the rejects file partition by partition; the CLI is
``crossroads cohort``. The column mapping is in :mod:`.columns` and docs/cohort.md.
"""

from __future__ import annotations

from .columns import Person, Reject
from .runner import CohortResult, CohortStats, local_client, read_table, run_cohort, score_cohort
from .score import OUT_COLUMNS, REJECT_COLUMNS, CohortRun
from .seeds import person_seed

__all__ = [
    "OUT_COLUMNS",
    "REJECT_COLUMNS",
    "CohortResult",
    "CohortRun",
    "CohortStats",
    "Person",
    "Reject",
    "local_client",
    "person_seed",
    "read_table",
    "run_cohort",
    "score_cohort",
]
