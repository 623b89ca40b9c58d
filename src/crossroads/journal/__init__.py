"""The journal: what really happens (work sessions, learning, job search, cash), stored locally.

``JournalStore(db)`` opens (and migrates) the database; ``store.journal(person)`` gives the
person-bound :class:`Journal` API used by the CLI, the web app and ``advise --journal``. See
docs/journal.md.
"""

from __future__ import annotations

from crossroads.journal.db import JournalStoreError, default_path, resolve_url
from crossroads.journal.store import DEFAULT_PERSON, Journal, JournalStore, open_journal

__all__ = [
    "DEFAULT_PERSON",
    "Journal",
    "JournalStore",
    "JournalStoreError",
    "default_path",
    "open_journal",
    "resolve_url",
]
