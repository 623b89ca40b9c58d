"""The parameter registry: sources, ranges, override validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.errors import InputError
from crossroads.params import PARAMS, resolve_params, validate_overrides


def test_every_param_has_source_range_and_doc() -> None:
    for p in PARAMS.values():
        assert p.low <= p.default <= p.high, p.name
        assert p.source and p.doc and p.unit, p.name


def test_sources_cite_evidence_or_say_assumption() -> None:
    import csv
    from pathlib import Path

    ids = {
        r["id"]
        for r in csv.DictReader(
            (Path(__file__).parents[1] / "src/crossroads/data/evidence_parameters.csv").open()
        )
    }
    for p in PARAMS.values():
        if p.is_assumption or p.source.startswith(("O*NET", "BLS", "OEWS", "Federal Reserve")):
            continue
        head = p.source.split(";")[0].replace(" ", "")
        tokens = [t for t in head.replace("-", ",").split(",") if t]
        assert any(t in ids or t.rstrip("ab") in {i.rstrip("abc") for i in ids} for t in tokens), (
            p.name
        )


def test_resolve_defaults_and_override() -> None:
    p = resolve_params({"mt_wage_median": 2.5})
    assert p.mt_wage_median == 2.5 and p["fx_to_usd"] == 1.0
    assert p.overridden == {"mt_wage_median"}


def test_unknown_name_suggests() -> None:
    errs = validate_overrides({"mt_wage_medain": 2})
    assert errs[0].field == "assumptions.mt_wage_medain"
    assert "mt_wage_median" in errs[0].reason


def test_non_number_and_out_of_range_all_reported() -> None:
    errs = validate_overrides({"mt_wage_median": "lots", "completion_prob": 2.0, "fx_to_usd": 1.0})
    fields = sorted(e.field for e in errs)
    assert fields == ["assumptions.completion_prob", "assumptions.mt_wage_median"]
    with pytest.raises(InputError) as ei:
        resolve_params({"completion_prob": 2.0})
    assert ei.value.errors[0].field == "assumptions.completion_prob"


def test_matching_params_are_accepted() -> None:
    assert validate_overrides({"match_style_weight": 0.3}) == []


@given(st.sampled_from(sorted(PARAMS)), st.floats(0, 1))
def test_any_value_in_range_is_valid(name: str, t: float) -> None:
    p = PARAMS[name]
    v = p.low + t * (p.high - p.low)
    assert validate_overrides({name: v}) == []
