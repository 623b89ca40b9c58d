"""The journal store and the person-bound :class:`Journal` API every face uses.

Why this shape: the CLI, the web app (issue 15) and ``advise --journal`` all need the same
operations on one person's data, and the web app's multi-user mode needs each person to belong to
an account. :class:`JournalStore` owns the database (URL, engine, migrations, persons);
:class:`Journal` is bound to one person and returns plain JSON-ready dicts, so a face renders
them without knowing SQLAlchemy. Every write is one transaction: it is all stored or none of it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from crossroads.errors import InputError
from crossroads.journal import db as dbm
from crossroads.journal.fields import (
    EXPORT_FIELDS,
    content_hash,
    normalise,
    to_public,
)
from crossroads.journal.models import AdviceRun, Clock, Entry, Person, utcnow
from crossroads.journal.parse import local_naive

DEFAULT_PERSON = "me"
_NAME_MAX = 200


def _check_name(name: str, field: str = "person") -> str:
    text = str(name).strip()
    if not text:
        raise InputError.one(field, "must not be empty")
    if len(text) > _NAME_MAX or any(ord(c) < 32 or c == "\x7f" for c in text):
        raise InputError.one(field, f"must be at most {_NAME_MAX} printable characters")
    return text


class JournalStore:
    """One journal database: opened (and migrated to the shipped schema) on construction.

    ``db`` is a URL or a SQLite file path; ``None`` uses ``$CROSSROADS_DB`` or the platform's
    user data directory. Raises :class:`~crossroads.journal.db.JournalStoreError` for a damaged,
    foreign, locked or unreachable database (never modifying it).
    """

    def __init__(self, db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> None:
        self.url = dbm.resolve_url(db)
        self.where = dbm.describe(self.url)
        with dbm.translate_errors(self.url):
            self.engine = dbm.make_engine(self.url)
            if migrate:
                self._migrate()
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(crossroads_write=True), expire_on_commit=False
        )

    def _migrate(self) -> None:
        dbm.check_is_journal(self.engine, self.url)
        dbm.enable_wal(self.engine)
        current = dbm.current_revision(self.engine)
        if current == dbm.head_revision():
            return  # the common case, without taking the write lock
        if current in ("0001", "0002"):
            dbm.legacy_zone()  # a bad CROSSROADS_LEGACY_TZ is refused before 0003 converts times

        def refuse_newer(current: str | None) -> None:
            if current is not None and current not in _known_revisions():
                raise dbm.JournalStoreError(
                    f"the journal database {self.where} was written by a newer crossroads (schema "
                    f"{current}); upgrade crossroads to use it (it was left untouched)"
                )

        dbm.upgrade(self.engine, check=refuse_newer)  # locked; re-reads the revision under the lock

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> JournalStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (errors become JournalStoreError)."""
        with dbm.translate_errors(self.url), self._read() as s:
            yield s

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with dbm.translate_errors(self.url), self._write() as s, s.begin():
            yield s

    # ---------------------------------------------------------------- persons
    def persons(self, owner: str = "") -> list[dict[str, Any]]:
        """Every person of ``owner`` ('' = the local single user) with their entry counts."""
        with self.reading() as s:
            rows = s.execute(
                select(Person.id, Person.name, func.count(Entry.id))
                .outerjoin(Entry, Entry.person_id == Person.id)
                .where(Person.owner == owner)
                .group_by(Person.id, Person.name)
                .order_by(Person.name)
            ).all()
        return [{"id": i, "name": n, "entries": c} for i, n, c in rows]

    def journal(
        self, person: str | None = None, *, owner: str = "", create: bool = True
    ) -> Journal:
        """The journal of ``person`` (default: the one local person, "me"), created if new."""
        name = _check_name(person or DEFAULT_PERSON)
        try:
            return self._get_or_create(name, owner, create)
        except dbm.JournalStoreError:
            # another process created the same person between our read and our insert
            # (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises): the row exists now
            return self._get_or_create(name, owner, create)

    def _get_or_create(self, name: str, owner: str, create: bool) -> Journal:
        with self.writing() as s:
            p = s.scalar(select(Person).where(Person.owner == owner, Person.name == name))
            if p is None:
                if not create:
                    known = [r["name"] for r in self.persons(owner)]
                    raise InputError.one(
                        "person",
                        f"no journal for {name!r}"
                        + (f"; known: {', '.join(known)}" if known else ""),
                    )
                p = Person(owner=owner, name=name)
                s.add(p)
                s.flush()
            pid = p.id
        return Journal(self, pid, name, owner)

    def delete_person(self, person: str, *, owner: str = "") -> int:
        """Delete a person and everything logged for them; returns the number of entries removed."""
        name = _check_name(person)
        with self.writing() as s:
            p = s.scalar(select(Person).where(Person.owner == owner, Person.name == name))
            if p is None:
                raise InputError.one("person", f"no journal for {name!r}")
            n = s.scalar(select(func.count(Entry.id)).where(Entry.person_id == p.id)) or 0
            s.delete(p)
        return int(n)


def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(dbm.MIGRATIONS))
    return {r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()}


def _row(e: Entry) -> dict[str, object]:
    return {c.key: getattr(e, c.key) for c in Entry.__table__.columns}


class Journal:
    """One person's journal. Every method returns JSON-ready dicts and raises InputError naming
    the field for bad input."""

    def __init__(self, store: JournalStore, person_id: int, name: str, owner: str) -> None:
        self.store = store
        self.person_id = person_id
        self.person = name
        self.owner = owner

    # ---------------------------------------------------------------- profile
    @property
    def profile(self) -> dict[str, object] | None:
        """The profile attached to this person (the data of a profile file), if any."""
        with self.store.reading() as s:
            p = s.get(Person, self.person_id)
            return None if p is None else p.profile

    def set_profile(self, data: Mapping[str, object] | None) -> None:
        """Attach a profile (validated by the caller, e.g. ``profile_from_data``) to the person."""
        with self.store.writing() as s:
            p = s.get(Person, self.person_id)
            assert p is not None
            p.profile = dict(data) if data is not None else None

    def currency(self) -> str:
        """The person's currency: the attached profile's, else USD."""
        prof = self.profile or {}
        cur = prof.get("currency") if isinstance(prof, dict) else None
        return str(cur).upper() if cur else "USD"

    # ---------------------------------------------------------------- logging
    def add(
        self, kind: str, fields: Mapping[str, object], *, today: dt.date | None = None
    ) -> dict[str, object]:
        """Log one entry of ``kind`` (work, learn, apply, cash); returns it as stored."""
        values = normalise(kind, fields, today=today or dt.date.today(), currency=self.currency())
        with self.store.writing() as s:
            e = self._insert(s, kind, values)
            return to_public(_row(e))

    def _insert(self, s: Session, kind: str, values: Mapping[str, object]) -> Entry:
        """Insert one logged entry with a new natural key ``<content hash>.<n>``.

        ``n`` counts the entries with the same content; when another process inserts the same
        content at the same moment (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises), the unique
        key is taken and the next ``n`` is tried inside a savepoint.
        """
        stem = content_hash(kind, values)
        n = int(
            s.scalar(
                select(func.count(Entry.id)).where(
                    Entry.person_id == self.person_id, Entry.natural_key.like(stem + "%")
                )
            )
            or 0
        )
        for _ in range(1000):
            try:
                with s.begin_nested():
                    e = Entry(
                        person_id=self.person_id, kind=kind, natural_key=f"{stem}.{n}", **values
                    )
                    s.add(e)
                    s.flush()
                return e
            except IntegrityError:
                n += 1
        raise dbm.JournalStoreError("could not find a free key for the entry")  # pragma: no cover

    def log_work(self, **fields: object) -> dict[str, object]:
        """Log a work session (platform, task_type, minutes or times, earnings, bonus, status…)."""
        return self.add("work", fields)

    def log_learning(self, **fields: object) -> dict[str, object]:
        """Log study (skills, course, hours, cost, milestone)."""
        return self.add("learn", fields)

    def log_application(self, **fields: object) -> dict[str, object]:
        """Log a job-search event (occupation, employer, channel, stage)."""
        return self.add("apply", fields)

    def log_cash(self, **fields: object) -> dict[str, object]:
        """Log a cash balance check-in (balance, currency)."""
        return self.add("cash", fields)

    # ---------------------------------------------------------------- reading
    def entries(
        self,
        kind: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, object]]:
        """Entries by date (then id), optionally of one kind and from ``since`` on."""
        from crossroads.journal.fields import check_kind
        from crossroads.journal.parse import ParseError, parse_date

        q = select(Entry).where(Entry.person_id == self.person_id)
        if kind is not None:
            q = q.where(Entry.kind == check_kind(kind))
        for name, bound in (("since", since), ("until", until)):
            if bound is None:
                continue
            try:
                d = parse_date(bound)
            except ParseError as exc:
                raise InputError.one(name, str(exc)) from None
            q = q.where(Entry.date >= d) if name == "since" else q.where(Entry.date <= d)
        q = q.order_by(Entry.date, Entry.id)
        if limit is not None:
            q = q.limit(limit)
        with self.store.reading() as s:
            return [to_public(_row(e)) for e in s.scalars(q)]

    def rows(self, kind: str | None = None) -> list[dict[str, object]]:
        """Raw stored rows (column values) for stats and export."""
        q = select(Entry).where(Entry.person_id == self.person_id)
        if kind is not None:
            q = q.where(Entry.kind == kind)
        with self.store.reading() as s:
            return [_row(e) for e in s.scalars(q.order_by(Entry.date, Entry.id))]

    def get(self, entry_id: int) -> dict[str, object]:
        """One entry; InputError on ``id`` if it is not this person's."""
        with self.store.reading() as s:
            return to_public(_row(self._own(s, entry_id)))

    def _own(self, s: Session, entry_id: int) -> Entry:
        e = s.get(Entry, int(entry_id))
        if e is None or e.person_id != self.person_id:
            raise InputError.one("id", f"no entry {entry_id} in {self.person!r}'s journal")
        return e

    def edit(self, entry_id: int, **fields: object) -> dict[str, object]:
        """Change some fields of an entry (e.g. ``status='approved'``); rules are re-checked."""
        if not fields:
            raise InputError.one("fields", "give at least one field to change")
        with self.store.writing() as s:
            e = self._own(s, entry_id)
            current = {
                k: v for k, v in _row(e).items() if k in EXPORT_FIELDS[e.kind] or k == "date"
            }
            values = normalise(e.kind, fields, today=dt.date.today(), partial=current)
            for k, v in values.items():
                setattr(e, k, v)
            e.updated_at = utcnow()
            s.flush()
            return to_public(_row(e))

    def delete(self, entry_id: int) -> dict[str, object]:
        """Delete one entry; returns it as it was."""
        with self.store.writing() as s:
            e = self._own(s, entry_id)
            out = to_public(_row(e))
            s.delete(e)
        return out

    def count(self) -> int:
        """Number of entries."""
        with self.store.reading() as s:
            return int(
                s.scalar(select(func.count(Entry.id)).where(Entry.person_id == self.person_id)) or 0
            )

    # ---------------------------------------------------------------- stats
    def stats(self, *, today: dt.date | None = None) -> dict[str, Any]:
        """The summary ``crossroads journal --json`` prints (see docs/journal.md)."""
        from crossroads.journal.stats import compute_stats

        return compute_stats(
            self.rows(),
            person=self.person,
            currency=self.currency(),
            today=today or dt.date.today(),
        )

    # ---------------------------------------------------------------- import / export
    def import_csv(
        self,
        source: str | os.PathLike[str],
        *,
        mapping: Mapping[str, str] | None = None,
        kind: str = "work",
        rejects: str | os.PathLike[str] | None = None,
        dayfirst: bool | None = None,
        today: dt.date | None = None,
        dry_run: bool = False,
    ) -> dict[str, Any]:
        """Import a CSV file: each row stored or rejected (row, field, reason); one transaction.

        ``dry_run=True`` stores nothing and reports what would be stored (the web's preview).
        """
        from crossroads.journal.io import import_csv

        return import_csv(
            self,
            Path(source),
            mapping=mapping or {},
            kind=kind,
            rejects=Path(rejects) if rejects else None,
            dayfirst=dayfirst,
            today=today or dt.date.today(),
            dry_run=dry_run,
        )

    def export(self, path: str | os.PathLike[str] | None = None, *, format: str = "csv") -> str:
        """Every entry as CSV (one header for all kinds) or JSON; written atomically to ``path``."""
        from crossroads.journal.io import export

        return export(self, Path(path) if path else None, format=format)

    # ---------------------------------------------------------------- clock
    def clock_status(self, *, now: dt.datetime | None = None) -> dict[str, object] | None:
        """The running timer (platform, started_at, minutes so far), or None."""
        with self.store.reading() as s:
            c = s.get(Clock, self.person_id)
            if c is None:
                return None
            return _clock_dict(c, _now(now))

    def clock_start(
        self,
        platform: str,
        *,
        task_type: str | None = None,
        requester: str | None = None,
        now: dt.datetime | None = None,
        ago_minutes: object = None,
    ) -> dict[str, object]:
        """Start the timer; stored in the database, so it survives the shell closing.

        ``ago_minutes``: the session began that many minutes before now (the timer was started
        late); 0–1,440, InputError naming ``ago`` otherwise.
        """
        ago = _ago_minutes(ago_minutes)
        vals = normalise(
            "work",
            {
                "platform": platform,
                "task_type": task_type,
                "requester": requester,
                "earnings": 0,
                "paid_minutes": 1,
            },
            today=dt.date.today(),
        )
        when = (_now(now) - dt.timedelta(minutes=ago)).replace(microsecond=0)
        with self.store.writing() as s:
            running = s.get(Clock, self.person_id)
            if running is not None:
                raise InputError.one(
                    "clock",
                    f"already running on {running.platform} since "
                    f"{local_naive(running.started_at):%Y-%m-%d %H:%M}; "
                    "stop it first (crossroads clock stop)",
                )
            c = Clock(
                person_id=self.person_id,
                platform=str(vals["platform"]),
                task_type=_opt_str(vals.get("task_type")),
                requester=_opt_str(vals.get("requester")),
                started_at=when,
            )
            s.add(c)
            s.flush()
            return _clock_dict(c, when)

    def clock_stop(
        self,
        *,
        earned: object = 0.0,
        bonus: object = None,
        unpaid_minutes: object = None,
        status: str | None = None,
        note: str | None = None,
        now: dt.datetime | None = None,
    ) -> dict[str, object]:
        """Stop the timer and log the session (elapsed time = paid + unpaid minutes)."""
        when = _now(now).replace(microsecond=0)
        with self.store.writing() as s:
            c = s.get(Clock, self.person_id)
            if c is None:
                raise InputError.one(
                    "clock", "no timer is running (crossroads clock start --platform P)"
                )
            fields: dict[str, object] = {
                "platform": c.platform,
                "task_type": c.task_type,
                "requester": c.requester,
                "started_at": c.started_at,
                "ended_at": max(when, c.started_at + dt.timedelta(minutes=1)),
                "earnings": earned,
                "bonus": bonus,
                "unpaid_minutes": unpaid_minutes,
                "status": status,
                "note": note,
            }
            fields = {k: v for k, v in fields.items() if v is not None}
            values = normalise("work", fields, today=dt.date.today(), currency=self.currency())
            e = self._insert(s, "work", values)
            s.delete(c)
            s.flush()
            return to_public(_row(e))

    # ---------------------------------------------------------------- advice history
    def record_advice(
        self,
        *,
        seed: int,
        paths: int,
        entries_used: int,
        recommendation: str,
        inputs: Mapping[str, object],
        results: Mapping[str, object],
    ) -> int:
        """Store one advice-with-journal run; returns its id."""
        with self.store.writing() as s:
            r = AdviceRun(
                person_id=self.person_id,
                seed=seed,
                paths=paths,
                entries_used=entries_used,
                recommendation=recommendation,
                inputs=dict(inputs),
                results=dict(results),
            )
            s.add(r)
            s.flush()
            return int(r.id)

    def history(self) -> list[dict[str, object]]:
        """Every stored advice run, oldest first."""
        with self.store.reading() as s:
            rows = s.scalars(
                select(AdviceRun)
                .where(AdviceRun.person_id == self.person_id)
                .order_by(AdviceRun.created_at, AdviceRun.id)
            ).all()
            return [
                {
                    "id": r.id,
                    "created_at": r.created_at.isoformat(timespec="seconds"),
                    "seed": r.seed,
                    "paths": r.paths,
                    "entries_used": r.entries_used,
                    "recommendation": r.recommendation,
                    "inputs": r.inputs,
                    "results": r.results,
                }
                for r in rows
            ]

    def clear(self) -> int:
        """Delete every entry of this person (tests and `journal delete --all`)."""
        with self.store.writing() as s:
            res = s.execute(delete(Entry).where(Entry.person_id == self.person_id))
            return int(getattr(res, "rowcount", 0) or 0)


def _opt_str(v: object) -> str | None:
    return None if v is None else str(v)


def _now(now: dt.datetime | None) -> dt.datetime:
    """UTC-aware now (a naive ``now`` a caller passes is read as local time)."""
    return dt.datetime.now(dt.UTC) if now is None else now.astimezone(dt.UTC)


def _ago_minutes(value: object) -> float:
    """``clock start --ago``: minutes (0 to a day) the session began before the timer started."""
    if value is None:
        return 0.0
    try:
        ago = float(str(value).strip())
    except ValueError:
        raise InputError.one("ago", f"must be a number of minutes, got {value!r}") from None
    if not 0 <= ago <= 24 * 60:
        raise InputError.one("ago", f"must be between 0 and 1440 minutes (a day), got {ago:g}")
    return ago


def _clock_dict(c: Clock, now: dt.datetime) -> dict[str, object]:
    return {
        "platform": c.platform,
        "task_type": c.task_type,
        "requester": c.requester,
        "started_at": local_naive(c.started_at).isoformat(timespec="seconds"),  # shown local
        "minutes": round(max(0.0, (now - _now(c.started_at)).total_seconds() / 60.0), 1),
    }


def open_journal(
    db: str | os.PathLike[str] | None = None, person: str | None = None, *, owner: str = ""
) -> Journal:
    """Shortcut: open the store at ``db`` and return ``person``'s journal."""
    return JournalStore(db).journal(person, owner=owner)


__all__ = ["DEFAULT_PERSON", "Journal", "JournalStore", "open_journal"]
