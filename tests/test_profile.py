"""Profile model and loader: contract fields, every bad-input case reported at once, file formats."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossroads.catalog.skills import SKILLS
from crossroads.errors import InputError
from crossroads.profile import (
    AS_OF_MIN,
    CRITERIA,
    WORK_STYLES,
    WORK_VALUES,
    Profile,
    example_names,
    example_text,
    load_example,
    load_profile,
    profile_from_data,
)

DANA: dict[str, Any] = yaml.safe_load(example_text("dana"))


def dana(**changes: Any) -> dict[str, Any]:
    """Dana's data with dotted-path changes applied (value ``...`` deletes the key)."""
    data = copy.deepcopy(DANA)
    for path, value in changes.items():
        keys = path.split("__")
        node = data
        for k in keys[:-1]:
            node = node[k]
        if value is ...:
            del node[keys[-1]]
        else:
            node[keys[-1]] = value
    return data


def errors_of(data: Any) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        profile_from_data(data)
    return {e.field: e.reason for e in info.value.errors}


def test_dana_is_the_contract_example() -> None:
    p = profile_from_data(DANA)
    assert p.name == "Dana (example)"
    assert p.country == "US"
    assert p.money.savings == 2500 and p.money.monthly_expenses == 1900
    assert p.time.hours_per_week == 30 and p.time.horizon_months == 36
    assert p.skills == {
        "active_listening": 4,
        "speaking": 4,
        "writing": 3,
        "service_orientation": 4,
    }
    assert p.priorities.as_dict()["quick_payout"] == 5
    assert list(p.priorities.as_dict()) == list(CRITERIA)
    assert p.risk.max_shortfall_probability == pytest.approx(0.10)
    assert p.assumptions == {} and p.as_of is None


def test_defaults_for_optional_fields() -> None:
    p = profile_from_data(
        {
            "name": "A",
            "country": "us",
            "money": {"savings": 0, "monthly_expenses": 10},
            "time": {"hours_per_week": 5},
        }
    )
    assert p.country == "US" and p.currency == "USD"
    assert p.time.horizon_months == 36
    assert p.money.cash_floor == 0 and p.money.other_monthly_income == 0
    assert p.skills == {} and p.risk.max_shortfall_probability == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"money__savings": ...}, "money.savings", "required"),
        ({"name": ...}, "name", "required"),
        ({"time": ...}, "time", "required"),
        ({"money__savings": "lots"}, "money.savings", "must be a number"),
        ({"money__savings": "2500"}, "money.savings", "remove the quotes"),
        ({"money__monthly_expenses": True}, "money.monthly_expenses", "yes/no"),
        ({"money__savings": -100}, "money.savings", "cash_floor"),
        ({"money__monthly_expenses": -1}, "money.monthly_expenses", "at least 0"),
        ({"time__hours_per_week": 113}, "time.hours_per_week", "at most 112"),
        ({"time__hours_per_week": 0}, "time.hours_per_week", "more than 0"),
        ({"time__horizon_months": 0}, "time.horizon_months", "at least 1"),
        ({"time__horizon_months": 121}, "time.horizon_months", "at most 120"),
        ({"time__horizon_months": 12.5}, "time.horizon_months", "whole number"),
        ({"skills__speeking": 4}, "skills.speeking", "did you mean 'speaking'"),
        ({"skills__writing": 8}, "skills.writing", "at most 7"),
        ({"skills__writing": float("nan")}, "skills.writing", "finite"),
        ({"country": "XX"}, "country", "ISO 3166-1"),
        ({"country": "USA"}, "country", "'US'"),
        ({"country": False}, "country", '"NO"'),
        ({"currency": "DOLLARS"}, "currency", "ISO 4217"),
        ({"priorities__earnings": 6}, "priorities.earnings", "at most 5"),
        ({"priorities__earning": 3}, "priorities.earning", "did you mean 'earnings'"),
        ({"risk__max_shortfall_probability": 1.5}, "risk.max_shortfall_probability", "at most 1"),
        ({"money__cash_floor": 3000}, "money.cash_floor", "already be short"),
        ({"colour": "blue"}, "colour", "unknown field"),
        (
            {"work_styles": {"independance": 3}},
            "work_styles.independance",
            "did you mean 'independence'",
        ),
        ({"work_values": {"support": 9}}, "work_values.support", "at most 7"),
        ({"money": [1, 2]}, "money", "section"),
        ({"as_of": "yesterday"}, "as_of", "date"),
    ],
)
def test_each_bad_input_names_its_field(change: dict[str, Any], field: str, words: str) -> None:
    errs = errors_of(dana(**change))
    assert field in errs, errs
    assert words in errs[field]
    assert "pydantic" not in errs[field].lower() and "input should" not in errs[field].lower()


def test_all_errors_reported_at_once() -> None:
    bad = dana(
        country="ZZ",
        money__savings=-1,
        time__hours_per_week=200,
        time__horizon_months=0,
        skills__speeking=3,
        priorities__fit=9,
        risk__max_shortfall_probability="high",
    )
    errs = errors_of(bad)
    assert {
        "country",
        "money.savings",
        "time.hours_per_week",
        "time.horizon_months",
        "skills.speeking",
        "priorities.fit",
        "risk.max_shortfall_probability",
    } <= set(errs)


def test_errors_come_in_file_order() -> None:
    with pytest.raises(InputError) as info:
        profile_from_data(dana(risk__max_shortfall_probability=2, skills__x=1, country="ZZ"))
    fields = [e.field for e in info.value.errors]
    assert (
        fields.index("country")
        < fields.index("skills.x")
        < fields.index("risk.max_shortfall_probability")
    )


def test_not_a_mapping() -> None:
    assert "<profile>" in errors_of([1, 2, 3])


def test_negative_cash_floor_expresses_credit() -> None:
    p = profile_from_data(dana(money__savings=0, money__cash_floor=-1500))
    assert p.money.cash_floor == -1500


def test_assumptions_checked_against_params_registry() -> None:
    params = pytest.importorskip("crossroads.params")
    name = next(iter(params.PARAMS))
    ok = profile_from_data(dana(assumptions={name: params.PARAMS[name].default}))
    assert name in ok.assumptions
    errs = errors_of(dana(assumptions={"no_such_parameter_xyz": 1.0}))
    assert any(f.startswith("assumptions.") for f in errs)


def test_assumption_values_must_be_numbers() -> None:
    errs = errors_of(dana(assumptions={"anything": "x"}))
    assert any(f.startswith("assumptions") for f in errs)


# ---- files --------------------------------------------------------------------------------


def _toml(data: dict[str, Any]) -> str:
    import tomlkit

    return tomlkit.dumps(data)


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".toml", ".json"])
def test_every_format_loads_the_same_profile(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"dana{suffix}"
    if suffix in (".yaml", ".yml"):
        path.write_text(example_text("dana"), encoding="utf-8")
    elif suffix == ".toml":
        path.write_text(_toml(DANA), encoding="utf-8")
    else:
        path.write_text(json.dumps(DANA), encoding="utf-8")
    assert load_profile(path) == profile_from_data(DANA)


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("bad.yaml", "name: [unclosed\ncountry: US\n", "line"),
        ("bad.json", '{"name": "x",\n "country": }', "line 2"),
        ("bad.toml", "name = \n", "TOML syntax error"),
        ("dup.yaml", "name: a\nname: b\n", "duplicate key"),
        ("empty.yaml", "", "empty"),
        ("p.txt", "name: x", "unsupported"),
    ],
)
def test_file_problems_are_input_errors(tmp_path: Path, name: str, text: str, words: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert info.value.errors[0].field == "<file>"
    assert words in info.value.errors[0].reason
    assert str(path) in info.value.message()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_profile(tmp_path / "nope.yaml")
    assert info.value.errors[0].field == "<file>" and "not found" in info.value.errors[0].reason


def test_field_errors_carry_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(dana(time__hours_per_week=500)), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert info.value.context == str(path)
    assert [e.field for e in info.value.errors] == ["time.hours_per_week"]


# ---- examples and round trips ---------------------------------------------------------------


def test_examples_exist_and_validate() -> None:
    names = example_names()
    assert {"cash-now", "career-changer", "student", "dana"} <= set(names)
    for n in names:
        p = load_example(n)
        assert isinstance(p, Profile)
        assert set(p.skills) <= set(SKILLS)


def test_examples_tell_their_story() -> None:
    cash, career, student = (load_example(n) for n in ("cash-now", "career-changer", "student"))
    # cash-now: less than one month of expenses saved; career-changer: several months of runway
    assert cash.money.savings < cash.money.monthly_expenses
    assert career.money.savings / career.money.monthly_expenses >= 3
    assert student.money.other_monthly_income > 0 and student.time.hours_per_week <= 15
    assert student.time.horizon_months == 24


def test_unknown_example_lists_the_names() -> None:
    with pytest.raises(InputError) as info:
        example_text("carrer-changer")
    assert "career-changer" in info.value.errors[0].reason


def test_to_yaml_round_trips_examples(tmp_path: Path) -> None:
    for n in example_names():
        p = load_example(n)
        path = tmp_path / f"{n}.yaml"
        path.write_text(p.to_yaml(), encoding="utf-8")
        assert load_profile(path) == p
        jpath = tmp_path / f"{n}.json"
        jpath.write_text(p.to_json(), encoding="utf-8")
        assert load_profile(jpath) == p


money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
level = st.floats(min_value=0, max_value=7, allow_nan=False)
importance = st.one_of(st.integers(0, 5), st.floats(0, 5, allow_nan=False))


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    savings = draw(money)
    return {
        "name": draw(
            st.text(
                st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]),
                min_size=1,
                max_size=30,
            ).filter(lambda s: s.strip() == s and s)
        ),
        "country": draw(st.sampled_from(["US", "gb", "IN", "de", "BR", "NO", "PH"])),
        "currency": draw(st.sampled_from(["USD", "eur", "INR", "GBP"])),
        "money": {
            "savings": savings,
            "monthly_expenses": draw(money),
            "other_monthly_income": draw(money),
            "cash_floor": draw(st.floats(min_value=-1e6, max_value=savings, allow_nan=False)),
            "learning_budget": draw(money),
        },
        "time": {
            "hours_per_week": draw(st.floats(min_value=0.5, max_value=112, allow_nan=False)),
            "horizon_months": draw(st.integers(1, 120)),
        },
        "skills": draw(st.dictionaries(st.sampled_from(SKILLS), level, max_size=8)),
        "priorities": draw(
            st.fixed_dictionaries({}, optional={c: importance for c in CRITERIA}).filter(
                lambda pr: len(pr) < len(CRITERIA) or any(v > 0 for v in pr.values())
            )  # all-zero priorities are refused on purpose (issue 13)
        ),
        "risk": {"max_shortfall_probability": draw(st.floats(0, 1, allow_nan=False))},
        "work_styles": draw(
            st.dictionaries(
                st.sampled_from(sorted(WORK_STYLES)), st.floats(1, 5, allow_nan=False), max_size=4
            )
        ),
        "work_values": draw(
            st.dictionaries(
                st.sampled_from(sorted(WORK_VALUES)), st.floats(1, 7, allow_nan=False), max_size=3
            )
        ),
        # as_of is bounded to the dates the packaged data describe (issue 13)
        "as_of": draw(st.one_of(st.none(), st.dates(AS_OF_MIN, date(2030, 12, 31)))),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_yaml_round_trip_is_exact(data: dict[str, Any]) -> None:
    p = profile_from_data(data)
    again = profile_from_data(yaml.safe_load(p.to_yaml()))
    assert again == p
    assert profile_from_data(json.loads(p.to_json())) == p


def test_yaml_field_errors_point_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: X\ncountry: ZZ\nmoney:\n  savings: -10\ntime:\n  hours_per_week: 200\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_profile(path)
    reasons = {e.field: e.reason for e in info.value.errors}
    assert reasons["country"].endswith("(line 2)")
    assert reasons["money.savings"].endswith("(line 4)")
    assert reasons["time.hours_per_week"].endswith("(line 6)")
    assert reasons["money.monthly_expenses"].endswith("(section at line 3)")


def test_empty_sections_are_empty_not_errors() -> None:
    """A YAML section whose entries are all commented out is null; that means "nothing given"."""
    p = profile_from_data(
        dana(skills=None, priorities=None, risk=None, work_styles=None, assumptions=None)
    )
    assert p.skills == {} and p.work_styles == {} and p.assumptions == {}
    assert p.priorities.as_dict()["earnings"] == 4
    assert p.risk.max_shortfall_probability == pytest.approx(0.10)
