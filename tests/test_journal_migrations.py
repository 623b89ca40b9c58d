"""Migrations: upgrade from the first schema with data in it, match the models, downgrade again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

import journal_db
from crossroads.journal import JournalStore, JournalStoreError
from crossroads.journal import db as dbm
from crossroads.journal.models import Base

db_url = journal_db.db_url  # the fixture: SQLite and PostgreSQL


def test_upgrade_from_first_schema_keeps_data_then_downgrade(db_url: str) -> None:
    engine = dbm.make_engine(db_url)
    dbm.upgrade(engine, "0001")
    assert dbm.current_revision(engine) == "0001"
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO person (id, owner, name, created_at) VALUES (1, '', 'me', '2026-11-01')"
            )
        )
        c.execute(
            text(
                "INSERT INTO entry (person_id, kind, date, natural_key, created_at, updated_at, platform, "
                "paid_minutes, earnings, currency, status) VALUES (1, 'work', '2026-11-02', 'k.0', "
                "'2026-11-02', '2026-11-02', 'Prolific', 60, 9.5, 'USD', 'approved')"
            )
        )
    assert "advice_run" not in inspect(engine).get_table_names()
    engine.dispose()

    j = JournalStore(db_url).journal()  # opening migrates to head
    assert dbm.current_revision(j.store.engine) == dbm.head_revision()
    [e] = j.entries()
    assert e["platform"] == "Prolific" and e["effective_hourly_wage"] == pytest.approx(9.5)

    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with j.store.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
    assert diff == []  # the migrations build exactly the models' schema

    dbm.downgrade(j.store.engine, "0001")
    assert "advice_run" not in inspect(j.store.engine).get_table_names()
    dbm.downgrade(j.store.engine, "base")
    left = set(inspect(j.store.engine).get_table_names()) - {"alembic_version"}
    assert left == set()
    j.store.close()


def test_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(JournalStoreError, match="not a crossroads journal"):
        JournalStore(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    st = JournalStore(tmp_path / "j.sqlite")
    with st.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    st.close()
    with pytest.raises(JournalStoreError, match="newer crossroads"):
        JournalStore(tmp_path / "j.sqlite")


def test_locked_database_gets_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    path = tmp_path / "j.sqlite"
    JournalStore(path).close()
    monkeypatch.setattr(dbm, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        st = JournalStore(path)
        with pytest.raises(JournalStoreError, match="locked"):
            st.journal().log_cash(balance=1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert JournalStore(path).journal().count() == 0
