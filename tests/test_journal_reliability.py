"""Reliability: SIGKILL in a burst of writes loses nothing acknowledged; two writers both succeed."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import journal_db
from crossroads.journal import JournalStore

db_url = journal_db.db_url  # the fixture: SQLite and PostgreSQL

SRC = str(Path(__file__).resolve().parents[1] / "src")

WRITER = """
import sys
from crossroads.journal import JournalStore
j = JournalStore(sys.argv[1]).journal(sys.argv[2])
for i in range(int(sys.argv[3])):
    j.log_cash(balance=i, note=f"w{i}")
    print(i, flush=True)  # acknowledged: the commit returned
"""


def _writer(url: str, person: str, n: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, person, str(n)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_burst_keeps_every_acknowledged_write(db_url: str) -> None:
    JournalStore(db_url).close()  # schema created before the burst
    p = _writer(db_url, "me", 100_000)
    acked: list[int] = []
    assert p.stdout is not None
    deadline = time.monotonic() + 60
    while len(acked) < 150 and time.monotonic() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        acked.append(int(line))
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    assert len(acked) >= 150, p.stderr.read() if p.stderr else ""
    st = JournalStore(db_url)
    if st.engine.dialect.name == "sqlite":
        with st.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    stored = {int(e["balance"]) for e in st.journal("me").entries(kind="cash")}  # type: ignore[call-overload]
    assert set(acked) <= stored  # every acknowledged write survived
    assert len(stored) - len(acked) <= 1  # at most the one in flight committed unacknowledged


def test_two_writers_at_once_both_succeed(db_url: str) -> None:
    JournalStore(db_url).close()
    n = 150
    procs = [_writer(db_url, "me", n), _writer(db_url, "me", n)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.split()[-1] == str(n - 1)
    j = JournalStore(db_url).journal()
    assert j.count() == 2 * n


OPENER = """
import sys, time
from crossroads.journal import JournalStore
start = float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))  # both processes open the empty database together
JournalStore(sys.argv[1]).journal("me").log_cash(balance=1)
print("ok", flush=True)
"""


def test_first_migration_by_two_processes_at_once(db_url: str) -> None:
    """An empty database opened by two processes at the same instant: one migrates, both work.

    Without the migration lock the second process ran the first migration again and failed on
    CREATE TABLE or on alembic_version's key; three empty databases make the overlap likely.
    """
    from crossroads.journal import db as dbm

    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with _empty_databases(db_url, 3) as urls:
        for url in urls:
            start = str(time.time() + 2.5)  # after both interpreters have imported crossroads
            procs = [
                subprocess.Popen(
                    [sys.executable, "-c", OPENER, url, start],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(2)
            ]
            for p in procs:
                out, err = p.communicate(timeout=120)
                assert p.returncode == 0 and out.strip() == "ok", err[-2000:]
            st = JournalStore(url)
            assert dbm.current_revision(st.engine) == dbm.head_revision()
            assert st.journal("me").count() == 2
            st.close()


@contextlib.contextmanager
def _empty_databases(url: str, n: int) -> Iterator[list[str]]:
    """``url`` and n − 1 more empty databases on its backend (files, or PostgreSQL schemas)."""
    if url.startswith("sqlite:///"):
        yield [url] + [url.replace(".sqlite", f"-{i}.sqlite") for i in range(1, n)]
        return
    from sqlalchemy import create_engine

    found = re.search(r"search_path%3D(\w+)", url)
    assert found is not None, url
    schema = found.group(1)
    names = [f"{schema}_{i}" for i in range(1, n)]
    admin = create_engine(url.split("?")[0])
    try:
        with admin.begin() as c:
            for name in names:
                c.exec_driver_sql(f"CREATE SCHEMA {name}")
        yield [url] + [url.replace(schema, name) for name in names]
    finally:
        with admin.begin() as c:
            for name in names:
                c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        admin.dispose()
