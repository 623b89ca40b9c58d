"""Reading an advice document back (``plan --advice A.json``, a stored advice).

Why a module of its own: a document written by an older or newer crossroads, or any other JSON
file, must be refused with a message naming ``advice`` and the reason — not a Pydantic traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

from crossroads.errors import FieldError, InputError

from .advice import SCHEMA_VERSION, Advice


def parse_advice(text: str, source: str = "advice") -> Advice:
    """The :class:`Advice` in ``text`` (JSON), checked against this version's schema."""
    from pydantic import ValidationError

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.one(
            "advice", f"{source} is not JSON: {exc.msg} (line {exc.lineno})"
        ) from None
    if not isinstance(data, dict):
        raise InputError.one("advice", f"{source} is not an `advise --json` document")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise InputError.one(
            "advice.schema_version",
            f"{source} has schema version {version!r}; this crossroads reads {SCHEMA_VERSION}",
        )
    try:
        return Advice.model_validate(data)
    except ValidationError as exc:
        errors = [
            FieldError("advice." + ".".join(str(p) for p in e["loc"]), e["msg"])
            for e in exc.errors()[:10]
        ]
        raise InputError(errors, context=f"{source} is not a valid advice document") from None


def read_advice(path: str | Path) -> Advice:
    """The advice document in the file ``path``."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError.one("advice", f"cannot read {p}: {exc.strerror or exc}") from None
    return parse_advice(text, str(p))
