"""The JSON records of catalog rows (``sources --json``, ``occupations --json``, the web API).

Why in the core: every face must print the same document for the same row.
"""

from __future__ import annotations

from typing import Any

from .model import Occupation, Source


def source_record(s: Source) -> dict[str, Any]:
    """The JSON shape of one data source."""
    return {
        "id": s.id,
        "kind": s.kind,
        "title": s.title,
        "version": s.version,
        "licence": s.licence,
        "citation": s.citation,
        "as_of": s.as_of,
        "url": s.url,
    }


def occupation_record(o: Occupation) -> dict[str, Any]:
    """The JSON shape of one occupation (the `occupations --json` contract plus context).

    ``wage_hourly`` holds the OEWS May 2025 percentiles exactly as published (numbers), or null
    with the reason in ``missing.wage_hourly``.
    """
    return {
        "code": o.code,
        "title": o.title,
        "teleworkable": o.teleworkable,
        "teleworkable_source": o.teleworkable_source,
        "job_zone": o.job_zone,
        "wage_hourly": o.wage_hourly.as_dict() if o.wage_hourly else None,
        "wage_note": o.wage_note,
        "wage_annual_p50": o.wage_annual_p50,
        "employment": o.employment,
        "growth_pct_2024_34": o.growth_pct_2024_34,
        "openings_thousands": o.openings_thousands,
        "separations_rate_pct": o.separations_rate_pct,
        "ai_exposure": {
            "eloundou_human_beta": o.ai_eloundou_beta,
            "eloundou_gpt4_beta": o.ai_eloundou_dv_beta,
            "frey_osborne": o.ai_frey_osborne,
            "tomlinson": o.ai_tomlinson,
        },
        "has_skill_ratings": o.has_ratings,
        "missing": dict(o.missing),
    }
