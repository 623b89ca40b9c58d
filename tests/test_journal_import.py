"""CSV import of messy files, rejects, one transaction, idempotency; export round-trip."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import journal_db
from crossroads.errors import InputError
from crossroads.journal import JournalStore

if TYPE_CHECKING:
    from conftest import CliRunner

db_url = journal_db.db_url  # the fixture: SQLite and PostgreSQL

MESSY = (
    "\ufeffDate;Site;Task Type;Paid Minutes;Unpaid Searching Minutes;Reward;Currency;Status;Colour\n"
    "23.11.2026;Prolific;survey;45;15;$6,00;USD;approved;red\n"
    "2026-11-24;Clickworker;tagging;50;10;1,80 €;EUR;pending;blue\n"
    "Nov 25, 2026;Toloka;labelling;30;;0.90;USD;;green\n"
    "2026-11-26;Toloka;labelling;30;;0.90;USD;;green\n"
    "2026-11-26;Toloka;labelling;30;;0.90;USD;;green\n"
    "2026-13-40;Appen;rating;60;0;5;USD;approved;x\n"
    "2026-11-27;Appen;rating;-5;0;lots;USD;paid;x\n"
)


def test_messy_csv_rejects_and_idempotent(db_url: str, tmp_path: Path) -> None:
    src = tmp_path / "sessions.csv"
    src.write_text(MESSY, encoding="utf-8")
    rej = tmp_path / "rejects.csv"
    j = JournalStore(db_url).journal()
    res = j.import_csv(src, mapping={"Site": "platform", "Reward": "earnings"}, rejects=rej)
    assert res["rows"] == 7 and res["stored"] == 5 and res["rejected"] == 2
    assert res["ignored_columns"] == ["Colour"]
    by_row = {(r["row"], r["field"]) for r in res["rejects"]}
    assert (7, "date") in by_row
    assert {(8, "paid_minutes"), (8, "earnings"), (8, "status")} <= by_row
    text = rej.read_text(encoding="utf-8")
    assert text.startswith("row,field,reason") and "\n8,earnings," in text
    rows = j.entries(kind="work")
    assert [r["date"] for r in rows][:2] == ["2026-11-23", "2026-11-24"]
    assert (
        rows[0]["earnings"] == 6.0 and rows[1]["earnings"] == 1.8 and rows[1]["currency"] == "EUR"
    )
    assert (
        sum(1 for r in rows if r["date"] == "2026-11-26") == 2
    )  # identical rows stay two sessions
    again = j.import_csv(src, mapping={"Site": "platform", "Reward": "earnings"})
    assert again["stored"] == 0 and again["duplicates"] == 5
    assert j.count() == 5


def test_export_import_round_trip_exact(db_url: str, tmp_path: Path) -> None:
    st = JournalStore(db_url)
    a = st.journal("A")
    a.log_work(
        platform="Prolific",
        task_type="survey",
        paid_minutes=45.5,
        unpaid_searching_minutes=1e-05,
        earnings=6.1,
        bonus=0.3,
        status="approved",
        date="2026-11-23",
        note='quote " and, comma',
    )
    a.log_work(
        platform="Toloka",
        started_at="2026-11-24 09:00",
        ended_at="2026-11-24 09:40",
        unpaid_minutes=10,
        earnings=0.7,
    )
    a.log_learning(
        skills="writing, speaking",
        hours=1.25,
        cost=49,
        milestone="certificate",
        course="Google PM",
        date="2026-11-25",
    )
    a.log_application(
        occupation="43-4051.00", employer="Ünïcode GmbH", stage="offer", date="2026-11-26"
    )
    a.log_cash(balance=-12.34, date="2026-11-27")
    for fmt in ("csv", "json"):
        out = tmp_path / f"a.{fmt}"
        text = a.export(out, format=fmt)
        b = st.journal(f"B-{fmt}")
        res = b.import_csv(out)
        assert res["stored"] == 5 and res["rejected"] == 0, res["rejects"]

        def strip(rows: list[dict[str, object]]) -> list[dict[str, object]]:
            return [{k: v for k, v in r.items() if k != "id"} for r in rows]

        assert strip(b.entries()) == strip(a.entries())
        assert b.export(format=fmt).replace(f"B-{fmt}", "A") == text


def test_import_is_one_transaction(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossroads.journal import io as jio

    src = tmp_path / "s.csv"
    src.write_text(
        "date,platform,paid_minutes,earnings,kind\n"
        "2026-11-23,P,10,1,work\n2026-11-23,,,,cash\n2026-11-24,P,20,2,work\n",
        encoding="utf-8",
    )
    j = JournalStore(db_url).journal()
    real_insert = jio.insert  # type: ignore[attr-defined]  # the module's SQLAlchemy import, patched
    calls = {"n": 0}

    def failing_insert(table: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_insert(table)  # type: ignore[arg-type]

    src.write_text(
        "kind,date,platform,paid_minutes,earnings,balance\n"
        "work,2026-11-23,P,10,1,\ncash,2026-11-23,,,,5\nwork,2026-11-24,P,20,2,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(jio, "insert", failing_insert)
    with pytest.raises(OSError):
        j.import_csv(src)
    assert j.count() == 0  # the first batch was rolled back with the rest
    monkeypatch.setattr(jio, "insert", real_insert)
    assert j.import_csv(src)["stored"] == 3


def test_import_file_problems(tmp_path: Path) -> None:
    j = JournalStore(tmp_path / "j.sqlite").journal()
    with pytest.raises(InputError) as ei:
        j.import_csv(tmp_path / "missing.csv")
    assert ei.value.errors[0].field == "file"
    (tmp_path / "e.csv").write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        j.import_csv(tmp_path / "e.csv")
    (tmp_path / "x.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as ei:
        j.import_csv(tmp_path / "x.csv")
    assert "--map" in ei.value.errors[0].reason
    with pytest.raises(InputError) as ei:
        j.import_csv(tmp_path / "x.csv", mapping={"foo": "wage"})
    assert ei.value.errors[0].field == "map.foo"
    (tmp_path / "d.csv").write_text(
        "date,platform,paid_minutes,earnings\n03/04/2026,P,1,1\n", encoding="utf-8"
    )
    res = j.import_csv(tmp_path / "d.csv")
    assert res["rejected"] == 1 and "ambiguous" in res["rejects"][0]["reason"]
    assert j.import_csv(tmp_path / "d.csv", dayfirst=True)["stored"] == 1
    assert j.entries()[0]["date"] == "2026-04-03"


def test_cli_import_export(cli: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    src = tmp_path / "s.csv"
    src.write_text(MESSY, encoding="utf-8")
    r = cli(
        "journal",
        "import",
        str(src),
        "--map",
        "Site=platform",
        "--map",
        "Reward=earnings",
        "--rejects",
        str(tmp_path / "rej.csv"),
        "--db",
        db,
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    assert r.json()["stored"] == 5 and (tmp_path / "rej.csv").exists()
    r = cli("journal", "import", str(src), "--map", "bad", "--db", db)
    assert r.exit_code == 2 and "map" in r.stderr
    out = tmp_path / "e.csv"
    assert cli("journal", "export", "-o", str(out), "--db", db).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("kind,key,date")
    r = cli("journal", "export", "-o", str(tmp_path / "c.sqlite"), "--db", db)
    assert r.exit_code == 2 and "output" in r.stderr


def test_dry_run_stores_nothing_and_counts_what_would_be(db_url: str, tmp_path: Path) -> None:
    """The web's import preview: the same counts and rejects as the import, nothing written."""
    src = tmp_path / "sessions.csv"
    src.write_text(MESSY, encoding="utf-8")
    rej = tmp_path / "rejects.csv"
    j = JournalStore(db_url).journal()
    mapping = {"Site": "platform", "Reward": "earnings"}
    preview = j.import_csv(src, mapping=mapping, rejects=rej, dry_run=True)
    assert preview["dry_run"] is True and preview["rejects_file"] is None
    assert (preview["rows"], preview["stored"], preview["rejected"]) == (7, 5, 2)
    assert j.count() == 0 and not rej.exists()
    real = j.import_csv(src, mapping=mapping)
    assert real["stored"] == 5 and real["rejects"] == preview["rejects"]
    again = j.import_csv(src, mapping=mapping, dry_run=True)
    assert again["stored"] == 0 and again["duplicates"] == 5 and j.count() == 5
