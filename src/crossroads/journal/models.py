"""The journal's tables (SQLAlchemy 2 declarative models).

Why one wide ``entry`` table rather than a table per kind: every entry shares the person, the
date, the note, the natural key that makes imports idempotent and the export/import format; a
kind only uses its own columns (the rest stay NULL). Stats read one table, the CSV round-trip
has one header, and a new kind is one migration adding columns.

Money is stored as floating point in the entry's own currency (the platform's for work, the
person's for cash): a personal journal's amounts are far inside float64's exact range, and
``repr(float)`` round-trips exactly through the CSV/JSON export.

Changing a column here needs a new Alembic revision in ``migrations/versions`` (the tests check
that the migrated schema equals these models).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Unpaid-time categories of a work session (contract: ``unpaid_<category>_minutes``).
#: ``other`` holds unpaid time given only as a total (``clock stop --unpaid-minutes``, a CSV
#: with only ``unpaid_minutes``).
UNPAID_CATEGORIES: tuple[str, ...] = (
    "searching",
    "qualification",
    "returned",
    "rejected",
    "waiting",
    "payment_admin",
    "other",
)

KINDS: tuple[str, ...] = ("work", "learn", "apply", "cash")
WORK_STATUSES: tuple[str, ...] = ("pending", "approved", "rejected")
LEARN_MILESTONES: tuple[str, ...] = ("started", "progress", "module_done", "certificate")
APPLY_STAGES: tuple[str, ...] = ("application", "interview", "offer", "hire", "rejection")


def utcnow() -> dt.datetime:
    """Aware UTC now (stored as naive UTC: SQLite has no time zones)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A point in time: stored as naive UTC (SQLite has no time zones), read back UTC-aware.

    Why: a naive *local* time means nothing once the person travels, the machine's zone changes
    or the web app runs elsewhere, and a timer running over a daylight-saving change measured the
    wrong minutes. A naive value a caller passes is read as the machine's local time (what people
    type); faces show local times (:func:`crossroads.journal.parse.local_naive`).
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of the journal schema."""


class Person(Base):
    """Whose journal it is. ``owner`` is the web app's account id ('' in single-user use)."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("owner", "name", name="uq_person_owner_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name: Mapped[str] = mapped_column(String(200))
    profile: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    entries: Mapped[list[Entry]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )


class Entry(Base):
    """One logged fact: a work session, a learning step, a job-search event or a cash check-in."""

    __tablename__ = "entry"
    __table_args__ = (
        UniqueConstraint("person_id", "natural_key", name="uq_entry_person_key"),
        Index("ix_entry_person_kind_date", "person_id", "kind", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    date: Mapped[dt.date] = mapped_column(Date)
    natural_key: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # work sessions
    platform: Mapped[str | None] = mapped_column(String(100), nullable=True)
    task_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    requester: Mapped[str | None] = mapped_column(String(200), nullable=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    paid_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    unpaid_searching_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    unpaid_qualification_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    unpaid_returned_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    unpaid_rejected_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    unpaid_waiting_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    unpaid_payment_admin_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    unpaid_other_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    earnings: Mapped[float | None] = mapped_column(Float, nullable=True)
    bonus: Mapped[float | None] = mapped_column(Float, nullable=True)
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    status: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # learning
    skills: Mapped[str | None] = mapped_column(String(500), nullable=True)
    course: Mapped[str | None] = mapped_column(String(200), nullable=True)
    hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    cost: Mapped[float | None] = mapped_column(Float, nullable=True)
    milestone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # job search
    occupation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    employer: Mapped[str | None] = mapped_column(String(200), nullable=True)
    channel: Mapped[str | None] = mapped_column(String(100), nullable=True)
    stage: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # money
    balance: Mapped[float | None] = mapped_column(Float, nullable=True)

    person: Mapped[Person] = relationship(back_populates="entries")


class Clock(Base):
    """A running work timer: one per person, in the database so it survives the shell closing."""

    __tablename__ = "clock"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    platform: Mapped[str] = mapped_column(String(100))
    task_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    requester: Mapped[str | None] = mapped_column(String(200), nullable=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AdviceRun(Base):
    """One ``advise --journal`` run: its inputs, seed and headline results (``journal history``)."""

    __tablename__ = "advice_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    seed: Mapped[int] = mapped_column(Integer)
    paths: Mapped[int] = mapped_column(Integer)
    entries_used: Mapped[int] = mapped_column(Integer)
    recommendation: Mapped[str] = mapped_column(String(200))
    inputs: Mapped[dict[str, object]] = mapped_column(JSON)
    results: Mapped[dict[str, object]] = mapped_column(JSON)
