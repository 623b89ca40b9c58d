"""What each kind of entry holds, how its fields are checked, and its public (contract) names.

One table of fields serves the Python API, the CLI options, the CSV import/export header and the
web forms, so the names cannot drift apart. Every problem in an entry is collected (not just the
first) as a :class:`~crossroads.errors.FieldError` naming the field, as everywhere in crossroads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from crossroads.errors import FieldError, InputError
from crossroads.journal.models import (
    APPLY_STAGES,
    KINDS,
    LEARN_MILESTONES,
    UNPAID_CATEGORIES,
    WORK_STATUSES,
)
from crossroads.journal.parse import (
    ParseError,
    local_naive,
    parse_currency,
    parse_date,
    parse_datetime,
    parse_number,
    parse_text,
)

MAX_SESSION_MINUTES = 7 * 24 * 60  # one entry covers at most a week (a weekly summary row)
MAX_MONEY = 1e9
UNPAID_FIELDS = tuple(f"unpaid_{c}_minutes" for c in UNPAID_CATEGORIES)


@dataclass(frozen=True)
class Field:
    """One user-facing field: its kinds, parser and help text."""

    name: str
    kinds: tuple[str, ...]
    kind_of_value: str  # text | number | minutes | money | date | datetime | choice | currency
    help: str
    choices: tuple[str, ...] = ()
    max_len: int = 200


def _f(name: str, kinds: str, value: str, help: str, **kw: Any) -> Field:
    return Field(name, tuple(kinds.split()), value, help, **kw)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        _f("date", "work learn apply cash", "date", "Day of the entry (default: today)."),
        _f("note", "work learn apply cash", "text", "Free text.", max_len=2000),
        _f("platform", "work", "text", "Platform, e.g. Prolific, Clickworker.", max_len=100),
        _f("task_type", "work", "text", "Kind of task, e.g. survey, transcription.", max_len=100),
        _f("requester", "work", "text", "Requester or client (optional)."),
        _f("started_at", "work", "datetime", "Start time (local), e.g. 2026-11-23 09:00."),
        _f("ended_at", "work", "datetime", "End time (local); with started_at gives the minutes."),
        _f("paid_minutes", "work", "minutes", "Minutes of paid work."),
        _f("unpaid_minutes", "work", "minutes", "Total unpaid minutes (all categories)."),
        *[
            _f(
                f"unpaid_{c}_minutes",
                "work",
                "minutes",
                f"Unpaid minutes: {c.replace('_', ' ')}.",
            )
            for c in UNPAID_CATEGORIES
        ],
        _f("earnings", "work", "money", "Money earned, in the platform's currency."),
        _f("bonus", "work", "money", "Bonus earned, in the platform's currency."),
        _f("currency", "work cash", "currency", "ISO 4217 code (default: the person's currency)."),
        _f("status", "work", "choice", "Payment status.", choices=WORK_STATUSES),
        _f("skills", "learn", "text", "Skill(s) studied, comma-separated.", max_len=500),
        _f("course", "learn", "text", "Course or material."),
        _f("hours", "learn", "number", "Hours of study."),
        _f("cost", "learn", "money", "Money spent (course, exam)."),
        _f("milestone", "learn", "choice", "Milestone reached.", choices=LEARN_MILESTONES),
        _f("occupation", "apply", "text", "Occupation applied for (title or O*NET-SOC code)."),
        _f("employer", "apply", "text", "Employer or client."),
        _f("channel", "apply", "text", "Where: job board, referral, marketplace…", max_len=100),
        _f("stage", "apply", "choice", "What happened.", choices=APPLY_STAGES),
        _f("balance", "cash", "signed_money", "Cash balance now (negative = debt)."),
    )
}

#: Columns of each kind in the export, in order (``id`` and ``key`` first).
EXPORT_FIELDS: dict[str, tuple[str, ...]] = {
    k: tuple(n for n, f in FIELDS.items() if k in f.kinds) for k in KINDS
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "work": ("platform", "earnings"),
    "learn": ("hours",),
    "apply": (),
    "cash": ("balance",),
}

DEFAULTS: dict[str, dict[str, object]] = {
    "work": {"status": "pending", "bonus": 0.0},
    "learn": {"cost": 0.0, "milestone": "progress"},
    "apply": {"stage": "application"},
    "cash": {},
}


def check_kind(kind: str) -> str:
    """The kind, or an InputError on ``kind`` listing the valid ones."""
    if kind not in KINDS:
        raise InputError.one("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    return kind


def _parse_one(f: Field, raw: object, dayfirst: bool | None) -> object:
    if f.kind_of_value == "text":
        return parse_text(raw, max_len=f.max_len) or None
    if f.kind_of_value == "number" or f.kind_of_value == "minutes":
        x = parse_number(raw)
        if f.kind_of_value == "minutes" and x > MAX_SESSION_MINUTES:
            raise ParseError(f"must be at most {MAX_SESSION_MINUTES} minutes (one week), got {x:g}")
        if f.name == "hours" and x > 168:
            raise ParseError(f"must be at most 168 hours (one week), got {x:g}")
        return x
    if f.kind_of_value in ("money", "signed_money"):
        x = parse_number(raw, allow_negative=f.kind_of_value == "signed_money")
        if abs(x) > MAX_MONEY:
            raise ParseError(f"must be at most {MAX_MONEY:g} in absolute value, got {x:g}")
        return x
    if f.kind_of_value == "date":
        return parse_date(raw, dayfirst=dayfirst)
    if f.kind_of_value == "datetime":
        return parse_datetime(raw)
    if f.kind_of_value == "currency":
        return parse_currency(raw)
    if f.kind_of_value == "choice":
        text = str(raw).strip().lower().replace(" ", "_").replace("-", "_")
        if text not in f.choices:
            raise ParseError(f"must be one of {', '.join(f.choices)}, got {str(raw)!r}")
        return text
    raise AssertionError(f.kind_of_value)  # pragma: no cover


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def normalise(
    kind: str,
    data: Mapping[str, object],
    *,
    today: dt.date,
    currency: str = "USD",
    partial: Mapping[str, object] | None = None,
    dayfirst: bool | None = None,
    prefix: str = "",
) -> dict[str, object]:
    """Check and convert one entry's fields into column values; all problems at once.

    ``partial`` is the stored entry when editing (only the given fields change, and the rules
    are checked on the result). Field names in errors carry ``prefix`` (the CLI uses none, the
    import uses the column name).
    """
    check_kind(kind)
    errors: list[FieldError] = []
    values: dict[str, object] = {}
    for name, raw in data.items():
        f = FIELDS.get(name)
        if f is None or kind not in f.kinds:
            allowed = ", ".join(EXPORT_FIELDS[kind])
            errors.append(
                FieldError(prefix + name, f"is not a field of a {kind} entry ({allowed})")
            )
            continue
        if _blank(raw):
            values[name] = None
            continue
        try:
            values[name] = _parse_one(f, raw, dayfirst)
        except ParseError as exc:
            errors.append(FieldError(prefix + name, str(exc)))
    bad = {e.field for e in errors}
    merged: dict[str, object] = {}
    if partial is None:
        merged.update(DEFAULTS[kind])
        merged["currency"] = currency if kind in ("work", "cash") else None
    else:
        merged.update(partial)
    merged.update({k: v for k, v in values.items() if partial is None or k in data})
    late: list[FieldError] = []
    _derive(kind, merged, values, late, today, partial is not None, prefix)
    errors += [e for e in late if e.field not in bad]
    if errors:
        raise InputError(errors)
    merged.pop("unpaid_minutes", None)
    return {k: v for k, v in merged.items() if k in FIELDS or k == "date"}


def _derive(
    kind: str,
    m: dict[str, object],
    given: Mapping[str, object],
    errors: list[FieldError],
    today: dt.date,
    editing: bool,
    prefix: str,
) -> None:
    """Cross-field rules: required fields, minutes from start/end, the unpaid total, the date."""
    for name in REQUIRED[kind]:
        if m.get(name) is None:
            errors.append(FieldError(prefix + name, f"is required for a {kind} entry"))
    if kind == "work":
        _derive_work(m, given, errors, editing, prefix)
    if kind == "learn" and m.get("skills"):
        skills = [s.strip() for s in str(m["skills"]).split(",") if s.strip()]
        m["skills"] = ", ".join(skills) or None
    if m.get("date") is None:
        started = m.get("started_at")
        m["date"] = local_naive(started).date() if isinstance(started, dt.datetime) else today
    d = m["date"]
    assert isinstance(d, dt.date)
    if d > today + dt.timedelta(days=1):
        errors.append(FieldError(prefix + "date", f"is in the future ({d.isoformat()})"))
    if d.year < 1990:
        errors.append(FieldError(prefix + "date", f"is before 1990 ({d.isoformat()})"))


def _derive_work(
    m: dict[str, object],
    given: Mapping[str, object],
    errors: list[FieldError],
    editing: bool,
    prefix: str,
) -> None:
    cats = [c for c in UNPAID_FIELDS if c != "unpaid_other_minutes"]
    total = given.get("unpaid_minutes")
    if isinstance(total, float):
        named = sum(_num(m.get(c)) for c in cats)
        if total + 1e-9 < named:
            errors.append(
                FieldError(
                    prefix + "unpaid_minutes",
                    f"is {total:g}, less than the sum of its categories ({named:g})",
                )
            )
        else:
            m["unpaid_other_minutes"] = round(total - named, 6) or None
    unpaid = sum(_num(m.get(c)) for c in UNPAID_FIELDS)
    start, end = m.get("started_at"), m.get("ended_at")
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        elapsed = (end - start).total_seconds() / 60.0
        if elapsed <= 0:
            errors.append(FieldError(prefix + "ended_at", "must be after started_at"))
        elif elapsed > MAX_SESSION_MINUTES:
            errors.append(FieldError(prefix + "ended_at", "is more than a week after started_at"))
        elif (
            m.get("paid_minutes") is None
            or ("started_at" in given or "ended_at" in given)
            and ("paid_minutes" not in given)
        ):
            paid = elapsed - unpaid
            if paid < 0:
                errors.append(
                    FieldError(
                        prefix + "unpaid_minutes",
                        f"{unpaid:g} unpaid minutes exceed the {elapsed:g} minutes between "
                        "started_at and ended_at",
                    )
                )
            else:
                m["paid_minutes"] = round(paid, 6)
        elif _num(m["paid_minutes"]) + unpaid > elapsed + 1.0:
            errors.append(
                FieldError(
                    prefix + "paid_minutes",
                    f"paid + unpaid minutes exceed the {elapsed:g} minutes between started_at "
                    "and ended_at",
                )
            )
    elif (start is None) != (end is None) and not editing:
        which = "ended_at" if end is None else "started_at"
        errors.append(FieldError(prefix + which, "is needed too (give both times, or minutes)"))
    paid = _num(m.get("paid_minutes"))
    if m.get("paid_minutes") is None:
        m["paid_minutes"] = 0.0
    if paid + unpaid <= 0 and not any(e.field.endswith(("_at", "minutes")) for e in errors):
        errors.append(
            FieldError(
                prefix + "paid_minutes",
                "a work session needs its time: paid_minutes and/or unpaid minutes, or "
                "started_at and ended_at",
            )
        )
    if paid + unpaid > MAX_SESSION_MINUTES:
        errors.append(FieldError(prefix + "paid_minutes", "paid + unpaid minutes exceed one week"))


def _num(v: object) -> float:
    """A stored numeric column (None = 0)."""
    return float(v) if isinstance(v, (int, float)) else 0.0


def content_hash(kind: str, values: Mapping[str, object]) -> str:
    """A stable hash of an entry's content (the natural key's stem for idempotent imports)."""
    canon = {"kind": kind}
    for name in EXPORT_FIELDS[kind]:
        v = values.get(name)
        if v is None or name == "note":
            continue
        canon[name] = _iso(v) if isinstance(v, (dt.date, dt.datetime)) else str(v)
    blob = json.dumps(canon, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:40]


def _iso(v: dt.date) -> str:
    """Dates as ISO; times as the local wall-clock time (stored UTC, shown local; the natural
    key keeps hashing the same local form, so files imported before the UTC change stay known)."""
    return local_naive(v).isoformat() if isinstance(v, dt.datetime) else v.isoformat()


def to_public(row: Mapping[str, object]) -> dict[str, object]:
    """An entry as the API and JSON show it: id, kind, key and its kind's fields, plus totals."""
    kind = str(row["kind"])
    out: dict[str, object] = {"id": row["id"], "kind": kind, "key": row["natural_key"]}
    for name in EXPORT_FIELDS[kind]:
        if name == "unpaid_minutes":
            continue
        v = row.get(name)
        out[name] = _iso(v) if isinstance(v, (dt.date, dt.datetime)) else v
    if kind == "work":
        unpaid = sum(_num(row.get(c)) for c in UNPAID_FIELDS)
        out["unpaid_minutes"] = unpaid
        total_h = (_num(row.get("paid_minutes")) + unpaid) / 60.0
        money = _money(row)
        out["effective_hourly_wage"] = round(money / total_h, 4) if total_h > 0 else None
    return out


def _money(row: Mapping[str, object]) -> float:
    """Money a work session brings: earnings + bonus, 0 when the work was rejected."""
    if row.get("status") == "rejected":
        return 0.0
    return _num(row.get("earnings")) + _num(row.get("bonus"))


Converter = Callable[[float, str], float | None]
