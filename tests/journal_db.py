"""Journal test databases: every storage test runs on SQLite and on PostgreSQL.

``db_url`` is parametrised over both backends. The PostgreSQL one uses the server named by
``CROSSROADS_TEST_PG_URL`` (CI's ``.ci/run`` starts one); each test gets its own schema (via the
connection's ``search_path``), so parallel workers never see each other's tables. Without the
variable the PostgreSQL cases are skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

PG_ENV = "CROSSROADS_TEST_PG_URL"
PG_SKIP = f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://user:pw@127.0.0.1:5432/db)"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty journal database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'journal.sqlite'}"
        return
    yield from _pg_schema()


def _pg_schema() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    from sqlalchemy import create_engine

    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base)
    try:
        with admin.begin() as c:
            c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except Exception as exc:  # noqa: BLE001 - server down: say so, do not fail every test
        admin.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL at {PG_ENV} is not reachable: {exc}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
