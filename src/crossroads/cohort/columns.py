"""How one row of a cohort table becomes a :class:`~crossroads.profile.Profile` (or rejects).

A cohort file is flat (CSV or Parquet: one row per person), a profile is nested. The mapping is
fixed and documented in docs/cohort.md, so a programme can prepare its export once:

=========================  ==============================================
column                     profile field
=========================  ==============================================
``id`` (``--id-column``)   ``name`` (and the person's seed)
``country``, ``currency``  ``country``, ``currency``
``savings`` …              ``money.savings``, ``money.monthly_expenses``, ``money.other_monthly_income``,
                           ``money.cash_floor``, ``money.learning_budget``
``hours_per_week``         ``time.hours_per_week``; ``horizon_months`` → ``time.horizon_months``
``skill_<name>``           ``skills.<name>`` (O*NET 0–7)
``priority_<criterion>``   ``priorities.<criterion>`` (0–5)
``max_shortfall_probability``  ``risk.max_shortfall_probability``
``experience_<code>``      ``experience: [{occupation: <code>, years: value}]`` (when the profile has it)
``education``              ``education`` (when the profile has it)
``as_of``                  ``as_of`` (ISO date)
anything else              kept unchanged as a *group column* in OUT and the report
=========================  ==============================================

Why strings first: a CSV is read with every column as text, so one bad cell ("n/a" in savings)
rejects one person with a reason instead of failing the whole file's type inference. Parquet
values arrive typed and go through the same parser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crossroads.errors import FieldError, InputError

if TYPE_CHECKING:
    from crossroads.profile import Profile

#: Money columns (per month in the row's currency, savings = cash now).
MONEY_COLUMNS = (
    "savings",
    "monthly_expenses",
    "other_monthly_income",
    "cash_floor",
    "learning_budget",
)
TIME_COLUMNS = ("hours_per_week", "horizon_months")
PLAIN_COLUMNS = ("country", "currency", "education", "as_of")
RISK_COLUMNS = ("max_shortfall_probability",)
SKILL_PREFIX = "skill_"
PRIORITY_PREFIX = "priority_"
EXPERIENCE_PREFIX = "experience_"
#: Columns whose values must be numbers (horizon: whole months).
_INTEGER = {"horizon_months"}

#: Profile field path (as :class:`InputError` names it) → the cohort column it came from.
_SECTION_PREFIX = {"skills": SKILL_PREFIX, "priorities": PRIORITY_PREFIX}


@dataclass(frozen=True)
class Reject:
    """One problem with one input row: the rejects file has exactly these columns."""

    row: int
    id: str
    field: str
    reason: str


@dataclass
class Person:
    """A row that became a profile, with the row's group columns kept for the output."""

    row: int
    id: str
    profile: Profile
    groups: dict[str, str] = field(default_factory=dict)


def is_profile_column(name: str) -> bool:
    """True for a column the mapping reads into the profile (the rest are group columns)."""
    return (
        name in MONEY_COLUMNS
        or name in TIME_COLUMNS
        or name in PLAIN_COLUMNS
        or name in RISK_COLUMNS
        or name.startswith((SKILL_PREFIX, PRIORITY_PREFIX, EXPERIENCE_PREFIX))
    )


def group_columns(columns: list[str], id_column: str) -> list[str]:
    """The columns kept as they are (country is also a group: programmes compare by country)."""
    return [c for c in columns if c != id_column and (not is_profile_column(c) or c == "country")]


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip() == ""


def _number(column: str, v: Any, errors: list[FieldError]) -> float | int | None:
    """A finite number from a cell (text or typed); None and an error naming the column if not."""
    if isinstance(v, bool):
        errors.append(FieldError(column, f"must be a number, got {v!r}"))
        return None
    if isinstance(v, (int, float)):
        x = float(v)
    else:
        text = str(v).strip().replace(",", "") if isinstance(v, str) else str(v)
        try:
            x = float(text)
        except ValueError:
            shown = str(v) if len(str(v)) <= 40 else str(v)[:37] + "..."
            errors.append(FieldError(column, f"must be a number, got the text {shown!r}"))
            return None
    if not math.isfinite(x):
        errors.append(FieldError(column, f"must be a finite number, got {v!r}"))
        return None
    if column in _INTEGER:
        if not x.is_integer():
            errors.append(FieldError(column, f"must be a whole number of months, got {v!r}"))
            return None
        return int(x)
    return x


def _text(v: Any) -> str:
    return v.strip() if isinstance(v, str) else str(v)


def column_of(field_path: str) -> str:
    """The cohort column a profile error is about (``money.savings`` → ``savings``)."""
    head, _, rest = field_path.partition(".")
    if head in ("money", "time", "risk") and rest:
        return rest.split(".")[0]
    if head in _SECTION_PREFIX and rest:
        return _SECTION_PREFIX[head] + rest.split(".")[0]
    if head == "experience":
        return "experience"
    if head == "name":
        return "id"
    return field_path


def row_to_data(
    raw: Mapping[str, Any], id_value: str, profile_fields: set[str]
) -> tuple[dict[str, Any], list[FieldError]]:
    """The nested profile data of one row, and the cell problems found before validation.

    Blank cells are left out, so the profile's own defaults (and its "field required" errors for
    savings, expenses and hours) apply exactly as for a YAML profile.
    """
    errors: list[FieldError] = []
    data: dict[str, Any] = {"name": id_value}
    money: dict[str, Any] = {}
    time: dict[str, Any] = {}
    skills: dict[str, Any] = {}
    priorities: dict[str, Any] = {}
    risk: dict[str, Any] = {}
    experience: list[dict[str, Any]] = []
    for col, v in raw.items():
        if _blank(v):
            continue
        if col in MONEY_COLUMNS or col in TIME_COLUMNS or col in RISK_COLUMNS:
            x = _number(col, v, errors)
            if x is not None:
                (money if col in MONEY_COLUMNS else time if col in TIME_COLUMNS else risk)[col] = x
        elif col.startswith(SKILL_PREFIX):
            x = _number(col, v, errors)
            if x is not None:
                skills[col[len(SKILL_PREFIX) :]] = x
        elif col.startswith(PRIORITY_PREFIX):
            x = _number(col, v, errors)
            if x is not None:
                priorities[col[len(PRIORITY_PREFIX) :]] = x
        elif col.startswith(EXPERIENCE_PREFIX):
            x = _number(col, v, errors)
            if x is None:
                continue
            if "experience" not in profile_fields:
                errors.append(
                    FieldError(
                        col, "this version of crossroads has no experience field in the profile"
                    )
                )
            elif x > 0:
                experience.append({"occupation": col[len(EXPERIENCE_PREFIX) :], "years": x})
        elif col in ("country", "currency", "as_of"):
            data[col] = _text(v)
        elif col == "education":
            if "education" not in profile_fields:
                errors.append(
                    FieldError(
                        col, "this version of crossroads has no education field in the profile"
                    )
                )
            else:
                data[col] = _text(v)
    data["money"] = money
    data["time"] = time
    if skills:
        data["skills"] = skills
    if priorities:
        data["priorities"] = priorities
    if risk:
        data["risk"] = risk
    if experience:
        data["experience"] = experience
    return data, errors


def row_to_person(
    row: int, raw: Mapping[str, Any], id_column: str, groups: list[str]
) -> Person | list[Reject]:
    """Validate one row: a :class:`Person`, or one :class:`Reject` per problem (all at once)."""
    from crossroads.profile import Profile, profile_from_data

    id_raw = raw.get(id_column)
    pid = "" if _blank(id_raw) else _text(id_raw)
    if not pid:
        return [Reject(row, "", id_column, "is empty: every person needs an id")]
    data, errors = row_to_data(raw, pid, set(Profile.model_fields))
    profile = None
    try:
        profile = profile_from_data(data, source=f"row {row}")
    except InputError as exc:
        # A cell that could not be read is left out of the data, so the profile would add "required
        # field is missing" for it: one reason per column is enough.
        bad_cells = {e.field for e in errors}
        errors.extend(e for e in exc.errors if column_of(e.field) not in bad_cells)
    if errors or profile is None:
        seen: set[tuple[str, str]] = set()
        out: list[Reject] = []
        for e in errors:
            key = (column_of(e.field), e.reason)
            if key not in seen:
                seen.add(key)
                out.append(Reject(row, pid, key[0], key[1]))
        return out
    kept = {g: "" if _blank(raw.get(g)) else _text(raw.get(g)) for g in groups}
    return Person(row, pid, profile, kept)
