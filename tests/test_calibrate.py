"""Calibration: every target passes with the defaults; reference rows show gaps, never pass silently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crossroads.simulation.calibrate import all_ok, calibrate

if TYPE_CHECKING:
    from crossroads.catalog import Catalog


def test_targets_pass_and_references_have_no_verdict(catalog: Catalog) -> None:
    rows = calibrate(catalog)
    assert all_ok(rows)
    names = " ".join(r.name for r in rows)
    for needle in (
        "1.77" if False else "incl. unpaid",
        "$7.25",
        "OEWS",
        "unemployment duration",
        "completion",
    ):
        assert needle in names
    refs = [r for r in rows if r.kind == "reference"]
    assert refs and all(r.ok is None and r.tolerance is None for r in refs)
    assert {r.source for r in refs} >= {"B1, B2", "C7", "G5a"}


def test_a_bad_override_fails_a_target(catalog: Catalog) -> None:
    rows = calibrate(catalog, {"mt_wage_median": 3.0})
    assert not all_ok(rows)
    assert any(r.ok is False and r.source == "A6" for r in rows)
