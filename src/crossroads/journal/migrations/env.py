"""Alembic environment of the journal: always run programmatically by crossroads.journal.db.

The caller passes an open connection in ``config.attributes["connection"]``; SQLite uses batch
mode so later ALTER-type migrations work there too.
"""

from __future__ import annotations

from alembic import context

from crossroads.journal.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
