"""Journal times: stored in UTC, shown in local time; a timer across a DST change counts right."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import journal_db
from crossroads.journal import JournalStore
from crossroads.journal import db as dbm

db_url = journal_db.db_url  # the fixture: SQLite and PostgreSQL


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set the process's local time zone (TZ + tzset); restored afterwards."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def _raw(store: JournalStore, sql: str) -> object:
    with store.engine.connect() as c:
        v = c.execute(text(sql)).scalar()
    return v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(str(v))


def test_session_times_are_stored_utc_and_shown_local(db_url: str, zone: object) -> None:
    zone("Asia/Kolkata")  # type: ignore[operator]  # UTC+05:30, no daylight saving
    st = JournalStore(db_url)
    j = st.journal()
    e = j.log_work(
        platform="Prolific", started_at="2026-11-23 09:00", ended_at="2026-11-23 10:00", earnings=6
    )
    assert e["started_at"] == "2026-11-23T09:00:00" and e["paid_minutes"] == 60
    assert _raw(st, "SELECT started_at FROM entry") == dt.datetime(2026, 11, 23, 3, 30)
    zone("Europe/Berlin")  # type: ignore[operator]  # the same instant, seen from another zone
    [again] = j.entries()
    assert again["started_at"] == "2026-11-23T04:30:00" and again["date"] == "2026-11-23"
    # an offset in the input is honoured; the entry's date is the local date
    late = j.log_work(
        platform="Prolific",
        started_at="2026-11-23T23:30:00Z",
        ended_at="2026-11-24T00:30:00Z",
        earnings=1,
    )
    assert late["started_at"] == "2026-11-24T00:30:00" and late["date"] == "2026-11-24"
    st.close()


def test_a_timer_over_the_autumn_clock_change_counts_real_minutes(
    tmp_path: Path, zone: object
) -> None:
    zone("Europe/Berlin")  # type: ignore[operator]  # 2026-10-25 03:00 CEST -> 02:00 CET
    j = JournalStore(tmp_path / "dst.sqlite").journal()
    j.clock_start("Toloka", now=dt.datetime(2026, 10, 25, 1, 30))
    e = j.clock_stop(earned="3", now=dt.datetime(2026, 10, 25, 3, 30))
    assert e["paid_minutes"] == 180  # 01:30 CEST to 03:30 CET is three hours, not two


def test_migration_0003_converts_local_times_to_utc_and_back(db_url: str, zone: object) -> None:
    zone("America/New_York")  # type: ignore[operator]  # UTC-05:00 in November
    _old_journal_with_one_session(db_url)
    st = JournalStore(db_url)  # opening migrates to head (0003 converts the stored local times)
    assert _raw(st, "SELECT started_at FROM entry") == dt.datetime(2026, 11, 2, 14, 0)
    [e] = st.journal().entries()
    assert e["started_at"] == "2026-11-02T09:00:00" and e["ended_at"] == "2026-11-02T10:00:00"
    dbm.downgrade(st.engine, "0002")
    assert _raw(st, "SELECT started_at FROM entry") == dt.datetime(2026, 11, 2, 9, 0)
    st.close()


def test_export_import_round_trip_keeps_the_instant(tmp_path: Path, zone: object) -> None:
    zone("Asia/Kolkata")  # type: ignore[operator]
    a = JournalStore(tmp_path / "a.sqlite").journal()
    a.log_work(
        platform="Prolific", started_at="2026-11-23 09:00", ended_at="2026-11-23 09:45", earnings=2
    )
    out = tmp_path / "j.csv"
    a.export(out)
    b = JournalStore(tmp_path / "b.sqlite").journal()
    b.import_csv(out)
    assert [e["started_at"] for e in b.entries()] == ["2026-11-23T09:00:00"]
    assert b.import_csv(out)["stored"] == 0  # the natural key is unchanged: nothing twice


def _old_journal_with_one_session(db_url: str) -> None:
    engine = dbm.make_engine(db_url)
    dbm.upgrade(engine, "0002")
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO person (id, owner, name, created_at) VALUES (1, '', 'me', '2026-11-01')"
            )
        )
        c.execute(
            text(
                "INSERT INTO entry (person_id, kind, date, natural_key, created_at, updated_at, platform, "
                "paid_minutes, earnings, currency, status, started_at, ended_at) VALUES (1, 'work', "
                "'2026-11-02', 'k.0', '2026-11-02', '2026-11-02', 'Prolific', 60, 9.5, 'USD', "
                "'approved', '2026-11-02 09:00:00', '2026-11-02 10:00:00')"
            )
        )
    engine.dispose()


def test_migration_0003_reads_old_times_in_the_zone_named_by_crossroads_legacy_tz(
    tmp_path: Path, zone: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal written in Manila, migrated on a machine in New York: the person names the zone."""
    zone("America/New_York")  # type: ignore[operator]
    url = f"sqlite:///{tmp_path / 'copied.sqlite'}"
    _old_journal_with_one_session(url)
    monkeypatch.setenv("CROSSROADS_LEGACY_TZ", "Asia/Manila")  # UTC+08:00
    st = JournalStore(url)
    assert _raw(st, "SELECT started_at FROM entry") == dt.datetime(2026, 11, 2, 1, 0)
    st.close()


def test_an_unknown_legacy_zone_is_refused_and_nothing_is_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossroads.errors import InputError

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _old_journal_with_one_session(url)
    monkeypatch.setenv("CROSSROADS_LEGACY_TZ", "Mars/Olympus_Mons")
    with pytest.raises(InputError) as err:
        JournalStore(url)
    assert err.value.errors[0].field == "CROSSROADS_LEGACY_TZ"
    monkeypatch.delenv("CROSSROADS_LEGACY_TZ")
    engine = dbm.make_engine(url)
    assert dbm.current_revision(engine) == "0002"  # left as it was
    engine.dispose()
