"""The bundled example cohort: 300 made-up people of a workforce programme, and 3 bad rows.

Generated once by ``scripts/make_cohort_example.py`` (deterministic) and shipped as
``crossroads/examples/cohort.csv``; ``crossroads example --cohort`` prints it.
"""

from __future__ import annotations

from importlib import resources


def example_cohort_text() -> str:
    """The CSV text of the example cohort."""
    return (resources.files("crossroads") / "examples" / "cohort.csv").read_text(encoding="utf-8")
