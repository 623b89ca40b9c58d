"""Reading messy values: amounts and dates as people and spreadsheets write them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.journal.parse import ParseError, parse_date, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("3,10", 3.1),
        ("$1,234.50", 1234.5),
        ("1.234,50 €", 1234.5),
        ("1 234,50", 1234.5),
        ("12 USD", 12.0),
        ("(5.00)", None),
        ("1,234", 1234.0),
        ("1.234.567", 1234567.0),
        ("₹ 99", 99.0),
    ],
)
def test_amounts(text: str, value: float | None) -> None:
    if value is None:
        with pytest.raises(ParseError):
            parse_number(text)  # accounting negative refused where negatives are not allowed
        assert parse_number(text, allow_negative=True) == -5.0
    else:
        assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.2.3", "12..5", "nan", "inf", "--3"])
def test_bad_amounts(text: str) -> None:
    with pytest.raises(ParseError):
        parse_number(text)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_repr_round_trips(x: float) -> None:
    assert parse_number(repr(x)) == x  # what the export writes, the import reads back exactly


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-23", dt.date(2026, 11, 23)),
        ("2026/11/23", dt.date(2026, 11, 23)),
        ("23.11.2026", dt.date(2026, 11, 23)),
        ("23 Nov 2026", dt.date(2026, 11, 23)),
        ("Nov 23, 2026", dt.date(2026, 11, 23)),
        ("11/23/2026", dt.date(2026, 11, 23)),
        ("23/11/2026", dt.date(2026, 11, 23)),
        ("2026-11-23T10:00:00", dt.date(2026, 11, 23)),
    ],
)
def test_dates(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


def test_ambiguous_and_invalid_dates() -> None:
    with pytest.raises(ParseError, match="ambiguous"):
        parse_date("03/04/2026")
    assert parse_date("03/04/2026", dayfirst=True) == dt.date(2026, 4, 3)
    assert parse_date("03/04/2026", dayfirst=False) == dt.date(2026, 3, 4)
    for bad in ("2026-02-30", "31/31/2026", "yesterday"):
        with pytest.raises(ParseError):
            parse_date(bad)
