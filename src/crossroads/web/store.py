"""Where the web app keeps each person's questionnaire progress and profile.

Why plain JSON files: the person's data stays theirs, in a folder they can read, copy or delete
(fava's stance); each write is atomic (temporary file + ``os.replace``), so a crash leaves the old
file or the new one, never half. Every object belongs to an *owner* (``local`` in single-user
mode, an account id in multi-user mode) and is looked up only under its owner's folder, so one
account asking for another's id gets "not found" — the same answer as for an id that never
existed.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossroads.assess import atomic_write

__all__ = ["Person", "Store"]

_ID = re.compile(r"^[A-Za-z0-9_-]{6,40}$")


@dataclass
class Person:
    """One person being advised: a name, questionnaire answers so far, and the profile data."""

    id: str
    name: str
    answers: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] | None = None
    step: int = 0
    created: float = field(default_factory=time.time)
    #: The journal person's name (set when the journal is first opened; ``None`` before).
    journal: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "answers": self.answers,
            "profile": self.profile,
            "step": self.step,
            "created": self.created,
            "journal": self.journal,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Person:
        return cls(
            id=str(d["id"]),
            name=str(d.get("name", "")),
            answers=dict(d.get("answers") or {}),
            profile=d.get("profile"),
            step=int(d.get("step", 0)),
            created=float(d.get("created", 0.0)),
            journal=str(d["journal"]) if d.get("journal") else None,
        )


class Store:
    """People per owner under ``root/<owner>/<person id>.json``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()

    def _dir(self, owner: str) -> Path:
        if not _ID.match(owner) and owner != "local":
            raise ValueError("bad owner id")
        return self.root / owner

    def people(self, owner: str) -> list[Person]:
        d = self._dir(owner)
        if not d.exists():
            return []
        out = []
        for p in sorted(d.glob("*.json")):
            try:
                out.append(Person.from_json(json.loads(p.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError):
                continue
        return sorted(out, key=lambda x: x.created)

    def get(self, owner: str, person_id: str) -> Person | None:
        """The person, or None if the id is malformed, unknown, or another owner's."""
        if not _ID.match(person_id):
            return None
        p = self._dir(owner) / f"{person_id}.json"
        if not p.exists():
            return None
        return Person.from_json(json.loads(p.read_text(encoding="utf-8")))

    def create(self, owner: str, name: str = "Me") -> Person:
        person = Person(id=secrets.token_urlsafe(9), name=name[:200] or "Me")
        self.save(owner, person)
        return person

    def save(self, owner: str, person: Person) -> None:
        with self._lock:
            atomic_write(
                self._dir(owner) / f"{person.id}.json",
                json.dumps(person.to_json(), indent=1, ensure_ascii=False),
            )

    def delete(self, owner: str, person_id: str) -> bool:
        if not _ID.match(person_id):
            return False
        p = self._dir(owner) / f"{person_id}.json"
        if p.exists():
            p.unlink()
            return True
        return False
