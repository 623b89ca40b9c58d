"""The journal store and its person-bound API, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import journal_db
from crossroads.errors import InputError
from crossroads.journal import JournalStore
from crossroads.journal.db import resolve_url

db_url = journal_db.db_url  # the fixture: SQLite and PostgreSQL


def _store(url: str) -> JournalStore:
    return JournalStore(url)


def test_log_each_kind_and_read_back(db_url: str) -> None:
    st = _store(db_url)
    j = st.journal()
    w = j.log_work(
        platform="Prolific",
        task_type="survey",
        paid_minutes=45,
        unpaid_searching_minutes=10,
        unpaid_qualification_minutes=5,
        earnings="$7.50",
        date="2026-11-23",
    )
    assert w["unpaid_minutes"] == 15.0 and w["paid_minutes"] == 45.0
    assert w["effective_hourly_wage"] == pytest.approx(7.5)
    assert w["status"] == "pending" and w["currency"] == "USD"
    j.log_learning(
        skills="speaking, writing",
        hours=2.5,
        course="Google PM",
        cost=49,
        milestone="started",
        date="2026-11-24",
    )
    j.log_application(
        occupation="43-4051.00", employer="Acme", channel="referral", date="2026-11-25"
    )
    j.log_cash(balance=-40.5, date="2026-11-26")
    kinds = [e["kind"] for e in j.entries()]
    assert kinds == ["work", "learn", "apply", "cash"]
    assert [e["kind"] for e in j.entries(kind="learn")] == ["learn"]
    assert [e["date"] for e in j.entries(since="2026-11-25")] == ["2026-11-25", "2026-11-26"]
    assert j.entries(kind="cash")[0]["balance"] == -40.5


def test_start_end_gives_paid_minutes(db_url: str) -> None:
    j = _store(db_url).journal()
    e = j.log_work(
        platform="Clickworker",
        started_at="2026-11-23 09:00",
        ended_at="2026-11-23 10:30",
        unpaid_minutes=20,
        earnings="3,10",
    )
    assert e["paid_minutes"] == 70.0 and e["unpaid_other_minutes"] == 20.0
    assert e["date"] == "2026-11-23" and e["earnings"] == 3.1


def test_validation_names_every_field(db_url: str) -> None:
    j = _store(db_url).journal()
    with pytest.raises(InputError) as ei:
        j.log_work(platform="P", earnings="abc", paid_minutes=-1, status="paid", date="2099-01-01")
    fields = {e.field for e in ei.value.errors}
    assert {"earnings", "paid_minutes", "status", "date"} <= fields
    with pytest.raises(InputError) as ei:
        j.log_work(earnings=1, paid_minutes=10)
    assert [e.field for e in ei.value.errors] == ["platform"]
    with pytest.raises(InputError) as ei:
        j.log_work(platform="P", earnings=1)
    assert "needs its time" in ei.value.errors[0].reason
    with pytest.raises(InputError) as ei:
        j.log_work(platform="P", earnings=1, unpaid_minutes=5, unpaid_searching_minutes=10)
    assert ei.value.errors[0].field == "unpaid_minutes"
    with pytest.raises(InputError) as ei:
        j.log_work(
            platform="P", earnings=1, started_at="2026-11-23 10:00", ended_at="2026-11-23 09:00"
        )
    assert ei.value.errors[0].field == "ended_at"
    with pytest.raises(InputError) as ei:
        j.log_cash(balance="lots")
    assert ei.value.errors[0].field == "balance"
    with pytest.raises(InputError) as ei:
        j.add("work", {"colour": "red", "platform": "P", "earnings": 1, "paid_minutes": 1})
    assert ei.value.errors[0].field == "colour"
    assert j.count() == 0  # nothing half-stored


def test_edit_and_delete(db_url: str) -> None:
    j = _store(db_url).journal()
    e = j.log_work(platform="Appen", paid_minutes=60, earnings=5, date="2026-11-20")
    eid = e["id"]
    assert isinstance(eid, int)
    e2 = j.edit(eid, status="approved", bonus="0.50")
    assert e2["status"] == "approved" and e2["bonus"] == 0.5 and e2["key"] == e["key"]
    assert e2["effective_hourly_wage"] == pytest.approx(5.5)
    with pytest.raises(InputError) as ei:
        j.edit(eid, status="lost")
    assert ei.value.errors[0].field == "status"
    assert j.get(eid)["status"] == "approved"
    gone = j.delete(eid)
    assert gone["id"] == e["id"] and j.count() == 0
    with pytest.raises(InputError) as ei:
        j.get(eid)
    assert ei.value.errors[0].field == "id"


def test_persons_are_isolated(db_url: str) -> None:
    st = _store(db_url)
    me, ana = st.journal(), st.journal("Ana")
    other_owner = st.journal("Ana", owner="counsellor-7")
    e = me.log_work(platform="P", paid_minutes=10, earnings=1)
    eid = e["id"]
    assert isinstance(eid, int)
    ana.log_cash(balance=10)
    assert ana.count() == 1 and me.count() == 1 and other_owner.count() == 0
    with pytest.raises(InputError):
        ana.get(eid)  # another person's entry is not found
    with pytest.raises(InputError):
        ana.delete(eid)
    assert {p["name"] for p in st.persons()} == {"me", "Ana"}
    assert [p["name"] for p in st.persons("counsellor-7")] == ["Ana"]
    with pytest.raises(InputError) as ei:
        st.journal("Nobody", create=False)
    assert ei.value.errors[0].field == "person"
    me.set_profile({"name": "me", "currency": "EUR"})
    assert me.currency() == "EUR"
    assert st.delete_person("Ana") == 1


def test_clock_survives_reopening(db_url: str) -> None:
    t0 = dt.datetime(2026, 11, 23, 9, 0)
    JournalStore(db_url).journal().clock_start("Toloka", task_type="labelling", now=t0)
    j = JournalStore(db_url).journal()  # a new process / shell
    status = j.clock_status(now=t0 + dt.timedelta(minutes=30))
    assert status is not None and status["minutes"] == 30.0
    with pytest.raises(InputError) as ei:
        j.clock_start("Other", now=t0)
    assert ei.value.errors[0].field == "clock"
    e = j.clock_stop(earned="1.20", unpaid_minutes=10, now=t0 + dt.timedelta(minutes=40))
    assert (
        e["paid_minutes"] == 30.0 and e["unpaid_minutes"] == 10.0 and e["task_type"] == "labelling"
    )
    assert j.clock_status() is None
    with pytest.raises(InputError):
        j.clock_stop()


def test_advice_history_roundtrip(db_url: str) -> None:
    j = _store(db_url).journal()
    rid = j.record_advice(
        seed=0,
        paths=500,
        entries_used=3,
        recommendation="microtask",
        inputs={"a": 1},
        results={"p_shortfall": 0.5},
    )
    h = j.history()
    assert [r["id"] for r in h] == [rid] and h[0]["results"] == {"p_shortfall": 0.5}


def test_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CROSSROADS_DB", raising=False)
    assert resolve_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("CROSSROADS_DB", str(tmp_path / "env.db"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("CROSSROADS_DB")
    assert resolve_url().endswith("journal.sqlite")
    with pytest.raises(InputError) as ei:
        resolve_url("nope://::")
    assert ei.value.errors[0].field == "db"


def test_sqlite_pragmas(tmp_path: Path) -> None:
    st = JournalStore(tmp_path / "p.sqlite")
    with st.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        timeout = c.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert timeout is not None and timeout >= 1000


def test_service_object_gives_the_journal(tmp_path: Path) -> None:
    from crossroads import Crossroads

    cr = Crossroads(db=tmp_path / "svc.sqlite")
    j = cr.journal()
    j.log_cash(balance=12)
    assert cr.journal().count() == 1 and cr.journal("Ana").count() == 0
    assert cr.store.persons()[0]["name"] in ("Ana", "me")
