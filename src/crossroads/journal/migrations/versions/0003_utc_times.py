"""Session and timer times stored in UTC (they were naive local times).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Why: a naive local time means nothing once the person travels, the machine's zone changes or the
web app runs on a server elsewhere, and a clock started before a daylight-saving change measured
the wrong minutes. From this revision ``entry.started_at``, ``entry.ended_at`` and
``clock.started_at`` hold UTC (still naive columns: SQLite has no time zones); the application
attaches UTC on reading and shows local times. The conversion reads the stored values as local
times of the machine that runs the migration — the zone they were written in, for a journal used
on one machine — with each value's own daylight-saving offset. A journal copied from another
machine names the zone it was written in with ``CROSSROADS_LEGACY_TZ`` (an IANA name such as
``Asia/Manila``; checked before the migration runs, see ``crossroads.journal.db.legacy_zone``).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (("entry", "id", ("started_at", "ended_at")), ("clock", "person_id", ("started_at",)))


def _zone() -> dt.tzinfo | None:
    from crossroads.journal.db import legacy_zone

    return legacy_zone()  # None: the machine's own zone


def _local_to_utc(v: dt.datetime) -> dt.datetime:
    zone = _zone()
    aware = v.replace(tzinfo=zone) if zone is not None else v.astimezone()  # naive = local time
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def _utc_to_local(v: dt.datetime) -> dt.datetime:
    return v.replace(tzinfo=dt.UTC).astimezone(_zone()).replace(tzinfo=None)


def _convert(fn: object) -> None:
    conn = op.get_bind()
    for table, key, cols in _COLUMNS:
        t = sa.table(table, sa.column(key), *(sa.column(c, sa.DateTime()) for c in cols))
        rows = conn.execute(sa.select(t.c[key], *(t.c[c] for c in cols))).all()
        for row in rows:
            values = {c: fn(v) for c, v in zip(cols, row[1:], strict=True) if v is not None}  # type: ignore[operator]
            if values:
                conn.execute(sa.update(t).where(t.c[key] == row[0]).values(**values))


def upgrade() -> None:
    _convert(_local_to_utc)


def downgrade() -> None:
    _convert(_utc_to_local)
