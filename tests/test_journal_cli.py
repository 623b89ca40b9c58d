"""The journal's CLI end to end: log, clock, journal summary/list/edit/delete, on a temp database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def jcli(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Any]:
    """The CLI with CROSSROADS_DB pointing at a fresh file (never the user's own journal)."""
    monkeypatch.setenv("CROSSROADS_DB", str(tmp_path / "j.sqlite"))
    return cli


def test_log_work_then_summary_json(jcli: Callable[..., Any]) -> None:
    r = jcli(
        "log",
        "work",
        "--platform",
        "Prolific",
        "--task-type",
        "survey",
        "--minutes",
        "45",
        "--unpaid-searching",
        "15",
        "--earned",
        "$6.00",
        "--date",
        "2026-11-23",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    assert r.json()["effective_hourly_wage"] == pytest.approx(6.0)
    jcli(
        "log",
        "work",
        "-p",
        "Clickworker",
        "--start",
        "2026-11-24 10:00",
        "--end",
        "2026-11-24 11:00",
        "--unpaid-minutes",
        "30",
        "--earned",
        "1.50",
    )
    s = jcli("journal", "--json").json()
    assert s["effective_hourly_wage"] == pytest.approx(7.5 / 2)
    by = {g["platform"]: g for g in s["by_platform"]}
    assert by["Prolific"]["effective_hourly_wage"] == pytest.approx(6.0)
    assert by["Clickworker"]["effective_hourly_wage"] == pytest.approx(1.5)
    assert s["unpaid_share"] == pytest.approx(0.375)
    text = jcli("journal").stdout
    assert "Effective hourly wage" in text and "3.75" in text


def test_bad_input_exit_2_names_field(jcli: Callable[..., Any]) -> None:
    r = jcli("log", "work", "--platform", "P", "--earned", "lots", "--minutes", "10")
    assert r.exit_code == 2 and "earnings" in r.stderr and "Traceback" not in r.stderr
    r = jcli("journal", "list", "--kind", "gig")
    assert r.exit_code == 2 and "kind" in r.stderr


def test_list_edit_delete(jcli: Callable[..., Any]) -> None:
    jcli("log", "learn", "--hours", "2", "--skill", "writing", "--date", "2026-11-20")
    jcli(
        "log",
        "apply",
        "--occupation",
        "Customer Service",
        "--employer",
        "Acme",
        "--date",
        "2026-11-21",
    )
    jcli("log", "cash", "--balance", "1500", "--date", "2026-11-22")
    rows = jcli("journal", "list", "--json").json()
    assert [e["kind"] for e in rows] == ["learn", "apply", "cash"]
    assert [
        e["kind"] for e in jcli("journal", "list", "--since", "2026-11-21", "--json").json()
    ] == ["apply", "cash"]
    r = jcli("journal", "edit", str(rows[1]["id"]), "stage=interview", "--json")
    assert r.exit_code == 0 and r.json()["stage"] == "interview"
    r = jcli("journal", "delete", str(rows[0]["id"]), input="n\n")
    assert r.exit_code == 1 and len(jcli("journal", "list", "--json").json()) == 3
    r = jcli("journal", "delete", str(rows[0]["id"]), input="y\n")
    assert r.exit_code == 0 and len(jcli("journal", "list", "--json").json()) == 2


def test_clock_start_stop(jcli: Callable[..., Any]) -> None:
    assert jcli("clock", "start", "--platform", "Toloka").exit_code == 0
    st = jcli("clock", "status", "--json").json()
    assert st["platform"] == "Toloka"
    r = jcli("clock", "start", "--platform", "Toloka")
    assert r.exit_code == 2 and "clock" in r.stderr
    e = jcli("clock", "stop", "--earned", "0.40", "--json").json()
    assert e["platform"] == "Toloka" and e["earnings"] == 0.4 and e["paid_minutes"] >= 1
    assert jcli("clock", "status", "--json").json() is None


def test_person_option_separates_journals(jcli: Callable[..., Any]) -> None:
    jcli("log", "cash", "--balance", "10", "--person", "Ana")
    assert jcli("journal", "list", "--json").json() == []
    assert len(jcli("journal", "list", "--person", "Ana", "--json").json()) == 1
    r = jcli("journal", "export", "--person", "Nobody")
    assert r.exit_code == 2 and "person" in r.stderr


def test_db_option_and_corrupt_file(cli: Callable[..., Any], tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database, it is a shopping list\n" * 50)
    before = bad.read_bytes()
    r = cli("journal", "--db", str(bad))
    assert r.exit_code == 1 and "damaged" in r.stderr and "Traceback" not in r.stderr
    assert bad.read_bytes() == before  # never overwritten
    good = tmp_path / "other.sqlite"
    assert cli("log", "cash", "--balance", "5", "--db", str(good)).exit_code == 0
    assert len(cli("journal", "list", "--db", str(good), "--json").json()) == 1


def test_readme_journal_section_runs_top_to_bottom(
    jcli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's journal commands, in order, in-process (the full README test is opt-in)."""
    import re
    import shlex

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Your journal", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.S)
    assert block is not None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sessions.csv").write_text(
        "date,platform,minutes,Reward\n2026-11-20,Prolific,45,6.00\n", encoding="utf-8"
    )
    cmds = [
        re.sub(r"\s+#.*$", "", line.removeprefix("$ ").strip())
        for line in block.group(1).splitlines()
    ]
    assert len(cmds) >= 10
    for cmd in cmds:
        r = jcli(*shlex.split(cmd)[1:], input="y\n")
        assert r.exit_code == 0, f"{cmd}: {r.stderr}"
    work = jcli("journal", "list", "--kind", "work", "--json").json()
    clocked = next(e for e in work if e["platform"] == "Prolific" and e.get("started_at"))
    assert clocked["unpaid_minutes"] == 10 and clocked["paid_minutes"] == pytest.approx(30, abs=1)
    assert any(e["platform"] == "Clickworker" and e["status"] == "approved" for e in work)


def test_clock_start_ago_is_checked(jcli: Callable[..., Any]) -> None:
    r = jcli("clock", "start", "--platform", "Prolific", "--ago", "-5")
    assert r.exit_code == 2 and "ago" in r.stderr
    assert jcli("clock", "status", "--json").stdout.strip() == "null"
