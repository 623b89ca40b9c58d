"""The cohort's column mapping, cell parsing and seeds — fast, no advice computed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crossroads.cohort.columns import Person, column_of, group_columns, row_to_person
from crossroads.cohort.seeds import person_seed

GOOD = {
    "id": "A1",
    "country": "US",
    "savings": "2500",
    "monthly_expenses": "1900",
    "hours_per_week": "30",
    "skill_speaking": "4",
    "priority_earnings": "5",
    "gender": "woman",
}


def test_a_good_row_becomes_the_profile_it_describes() -> None:
    got = row_to_person(1, GOOD, "id", ["gender"])
    assert isinstance(got, Person)
    p = got.profile
    assert p.name == "A1" and p.country == "US"
    assert p.money.savings == 2500 and p.money.monthly_expenses == 1900
    assert p.time.hours_per_week == 30 and p.skills == {"speaking": 4.0}
    assert p.priorities.earnings == 5
    assert got.groups == {"gender": "woman"}


def test_blank_cells_take_the_profile_defaults() -> None:
    got = row_to_person(1, dict(GOOD, other_monthly_income="", horizon_months=""), "id", [])
    assert isinstance(got, Person)
    assert got.profile.money.other_monthly_income == 0 and got.profile.time.horizon_months == 36


def test_every_problem_of_a_row_is_a_reject_naming_the_column() -> None:
    row = dict(GOOD, savings="-5", hours_per_week="lots", skill_juggling="3", country="XX")
    got = row_to_person(7, row, "id", [])
    assert isinstance(got, list)
    fields = {r.field for r in got}
    assert fields == {"savings", "hours_per_week", "skill_juggling", "country"}
    assert all(r.row == 7 and r.id == "A1" for r in got)
    by = {r.field: r.reason for r in got}
    assert "twenty" not in by["hours_per_week"] and "'lots'" in by["hours_per_week"]
    assert "required" not in by["hours_per_week"]  # one reason per column, not a second "missing"


def test_a_missing_required_value_is_named() -> None:
    got = row_to_person(3, dict(GOOD, monthly_expenses=""), "id", [])
    assert isinstance(got, list) and [r.field for r in got] == ["monthly_expenses"]


def test_a_row_without_id_is_rejected_on_the_id_column() -> None:
    got = row_to_person(2, dict(GOOD, id="  "), "id", [])
    assert isinstance(got, list) and got[0].field == "id"


def test_typed_parquet_values_go_through_the_same_parser() -> None:
    got = row_to_person(
        1, dict(GOOD, savings=2500.0, hours_per_week=30, horizon_months=24.0), "id", []
    )
    assert isinstance(got, Person) and got.profile.time.horizon_months == 24


def test_group_columns_are_the_unmapped_ones_and_country() -> None:
    cols = ["id", "country", "savings", "skill_speaking", "gender", "age_band"]
    assert group_columns(cols, "id") == ["country", "gender", "age_band"]


def test_field_paths_map_back_to_columns() -> None:
    assert column_of("money.savings") == "savings"
    assert column_of("skills.juggling") == "skill_juggling"
    assert column_of("priorities.fit") == "priority_fit"
    assert column_of("time.hours_per_week") == "hours_per_week"
    assert column_of("country") == "country"


@given(st.integers(0, 2**31), st.text(min_size=1, max_size=30))
def test_a_persons_seed_depends_only_on_the_global_seed_and_id(seed: int, pid: str) -> None:
    s = person_seed(seed, pid)
    assert s == person_seed(seed, pid)
    assert 0 <= s < 2**32


def test_seeds_differ_between_people_and_between_global_seeds() -> None:
    seeds = {person_seed(0, f"P{i}") for i in range(1000)}
    assert len(seeds) == 1000
    assert person_seed(0, "P1") != person_seed(1, "P1")
