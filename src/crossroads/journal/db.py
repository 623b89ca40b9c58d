"""Where the journal lives and how it is opened: URL, engine, pragmas, migrations, errors.

Why these choices:

- The default database is one SQLite file in the platform's user data directory
  (:func:`platformdirs.user_data_dir`), so a person's journal survives reinstalling crossroads
  and is never inside a clone. ``--db URL`` or ``CROSSROADS_DB`` choose another one (a path or
  any SQLAlchemy URL, e.g. PostgreSQL for the web app's multi-user mode).
- SQLite runs in WAL mode (readers never block the writer, a crash never leaves a half-written
  page), ``synchronous=FULL`` (a commit that returned is on disk, which the SIGKILL test checks),
  a busy timeout (a second writer waits instead of failing) and foreign keys on.
- Write transactions start with ``BEGIN IMMEDIATE`` on SQLite: the write lock is taken before the
  first read, so two processes that read-then-write (an import checks keys first) queue behind the
  busy timeout instead of one failing with "database is locked" at its first write.
- The schema is created and upgraded only by the Alembic migrations shipped in this package
  (``migrations/``), run programmatically when a store is opened.
- A damaged, foreign or locked file gets a :class:`JournalStoreError` naming the file and what to
  do; it is never recreated, migrated or overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, SQLAlchemyError

from crossroads.errors import CrossroadsError, FieldError, InputError

ENV_VAR = "CROSSROADS_DB"
BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).with_name("migrations")


class JournalStoreError(CrossroadsError):
    """The journal database cannot be used (damaged, not a journal, locked, unreachable)."""


def default_path() -> Path:
    """The default journal file: ``<user data dir>/crossroads/journal.sqlite``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("crossroads", appauthor=False)) / "journal.sqlite"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """The database URL: ``db`` (a URL or a file path), else ``$CROSSROADS_DB``, else the default.

    A plain path becomes ``sqlite:///<absolute path>``; an unparsable URL is an
    :class:`InputError` on the field ``db``.
    """
    raw = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or ""
    if not raw:
        return f"sqlite:///{default_path()}"
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().resolve()}"
    try:
        make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise InputError.one("db", f"not a database URL or path ({exc})") from None
    return raw


def describe(url: str) -> str:
    """The URL as shown to the person: the file path for SQLite, the URL without password else."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    """An engine with the pragmas and transaction behaviour described in the module docstring."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    path = u.database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("crossroads_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    """True for the embedded SQLite backend."""
    return engine.dialect.name == "sqlite"


@contextlib.contextmanager
def translate_errors(url: str) -> Iterator[None]:
    """Turn driver errors into a :class:`JournalStoreError` that says what happened and what to do."""
    where = describe(url)
    try:
        yield
    except OperationalError as exc:
        text = str(exc.orig or exc).lower()
        if "locked" in text or "busy" in text:
            raise JournalStoreError(
                f"the journal database {where} is locked by another program (waited "
                f"{BUSY_TIMEOUT_MS / 1000:g} s); close the other program and try again"
            ) from None
        if "unable to open" in text:
            raise JournalStoreError(
                f"cannot open the journal database {where}: check that the folder exists and is "
                "writable, or choose another one with --db or CROSSROADS_DB"
            ) from None
        if "connection" in text or "could not" in text or "server" in text:
            raise JournalStoreError(
                f"cannot connect to the journal database {where}: {_first_line(exc)}"
            ) from None
        raise JournalStoreError(f"journal database {where}: {_first_line(exc)}") from None
    except DatabaseError as exc:
        text = str(exc.orig or exc).lower()
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            raise JournalStoreError(
                f"the journal database {where} is damaged or is not a crossroads journal; it was "
                "left untouched. Restore it from a backup or export, or choose another file with "
                "--db or CROSSROADS_DB"
            ) from None
        raise JournalStoreError(f"journal database {where}: {_first_line(exc)}") from None
    except SQLAlchemyError as exc:
        raise JournalStoreError(f"journal database {where}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return (str(orig) if orig is not None else str(exc)).strip().splitlines()[0]


def _alembic_config(engine: Engine, conn: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    """The newest revision shipped with this version of crossroads."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def check_is_journal(engine: Engine, url: str) -> None:
    """Refuse a database that holds other tables but no crossroads schema (never touch it)."""
    names = set(inspect(engine).get_table_names())
    if names and "alembic_version" not in names:
        raise JournalStoreError(
            f"{describe(url)} already holds other tables ({', '.join(sorted(names)[:5])}) and is not "
            "a crossroads journal; it was left untouched. Choose another file with --db"
        )


def enable_wal(engine: Engine) -> None:
    """Switch a (verified) SQLite journal to WAL mode; the mode is stored in the file itself.

    Not done on connect, so that a file which turns out not to be a journal is never modified.
    """
    if is_sqlite(engine):
        raw = engine.raw_connection()  # outside any transaction (the pragma refuses one)
        try:
            cur = raw.cursor()
            cur.execute("PRAGMA journal_mode = WAL")
            cur.close()
        finally:
            raw.close()


#: Key of the PostgreSQL advisory lock held while migrating (with the schema name hashed in, so
#: journals in different schemas of one server do not wait for each other).
MIGRATION_LOCK = "crossroads.journal.migrate"


LEGACY_TZ_ENV = "CROSSROADS_LEGACY_TZ"


def legacy_zone() -> dt.tzinfo | None:
    """The zone a pre-0003 journal's naive times were written in, from ``CROSSROADS_LEGACY_TZ``.

    Unset or empty: ``None`` (the machine's own zone, right for a journal used on one machine).
    An unknown name is refused before anything is converted: guessing a zone would shift every
    stored session by hours, silently.
    """
    name = os.environ.get(LEGACY_TZ_ENV, "").strip()
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            FieldError(
                LEGACY_TZ_ENV,
                f"{name!r} is not a known time zone (an IANA name such as Europe/Berlin or "
                "Asia/Manila); nothing was converted",
            )
        ) from None


def upgrade(
    engine: Engine, revision: str = "head", *, check: Callable[[str | None], None] | None = None
) -> None:
    """Run the shipped migrations up to ``revision`` (programmatic ``alembic upgrade``), serialised.

    Why a lock: two processes opening an empty database at once (the CLI and the web app, two
    cohort workers) both saw "no schema" and both ran the first migration; the second failed on
    ``CREATE TABLE`` or on alembic_version's key. Here the migration runs in one transaction that
    first takes a lock — PostgreSQL's transaction-scoped advisory lock, SQLite's ``BEGIN
    IMMEDIATE`` write lock — and then reads the revision again: the second process waits, finds the
    schema current and does nothing. ``check`` sees the revision read under the lock (it may raise
    to refuse, e.g. a newer schema).
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with engine.execution_options(crossroads_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "SELECT pg_advisory_xact_lock(hashtext(%(key)s || current_schema()))",
                {"key": MIGRATION_LOCK},
            )
        current = MigrationContext.configure(conn).get_current_revision()
        if check is not None:
            check(current)
        if revision == "head" and current == head_revision():
            return
        command.upgrade(_alembic_config(engine, conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Run the shipped migrations down to ``revision`` (``"base"`` drops every journal table)."""
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(_alembic_config(engine, conn), revision)
