"""CSV import and CSV/JSON export of a journal.

Import reads the files people really have: a BOM, ``;`` or tab separators, Windows-1252 text,
extra columns, headers in any case, dates in several formats, decimal commas and currency signs
(:mod:`crossroads.journal.parse`). Each data row is either stored or written to the rejects file
with its line number, the field and the reason — never silently dropped. All stored rows go in
one transaction, so a failure halfway (disk full, a locked database, Ctrl-C) stores nothing.
Each row's natural key is the ``key`` column when the file has one (our own export), else the
hash of its content plus its occurrence number in the file: importing the same file twice
stores nothing twice, and two identical rows in one file stay two sessions.

Export writes one CSV header for every kind (``kind`` and ``key`` first, then every field), or a
JSON document; importing an export into an empty journal reproduces every entry exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from crossroads.errors import FieldError, InputError
from crossroads.journal.fields import EXPORT_FIELDS, FIELDS, check_kind, content_hash, normalise
from crossroads.journal.models import KINDS, Entry, utcnow
from crossroads.journal.parse import local_naive

if TYPE_CHECKING:
    from crossroads.journal.store import Journal

MAX_IMPORT_BYTES = 200 * 1024 * 1024
EXPORT_COLUMNS: tuple[str, ...] = ("kind", "key", *FIELDS)
_ALIASES = {
    "earned": "earnings",
    "amount": "earnings",
    "reward": "earnings",
    "day": "date",
    "task": "task_type",
    "type": "task_type",
    "minutes": "paid_minutes",
}


def _norm(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError.one("file", f"not found: {path}") from None
    except OSError as exc:
        raise InputError.one("file", f"cannot read {path}: {exc.strerror}") from None
    if path.is_dir():
        raise InputError.one("file", f"{path} is a directory")
    if size > MAX_IMPORT_BYTES:
        raise InputError.one("file", f"is larger than {MAX_IMPORT_BYTES // 2**20} MB")
    data = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _reader(text: str) -> Any:
    """A CSV reader whose separator is the one the header line uses most (",", ";", tab, "|").

    The header decides because it has no quoted free text; csv.Sniffer, which looks at the data
    rows too, is misled by notes full of commas and quotes.
    """
    first = text.split("\n", 1)[0]
    delim = max(",;\t|", key=first.count) if first else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delim)


def _columns(header: list[str], mapping: Mapping[str, str]) -> tuple[list[str | None], list[str]]:
    """Header cell -> field name (or None = ignored), and the ignored header cells."""
    maps = {_norm(k): v for k, v in mapping.items()}
    for col, target in maps.items():
        if target not in FIELDS and target not in ("kind", "key"):
            raise InputError.one(
                f"map.{col}", f"unknown field {target!r}; fields: {', '.join(FIELDS)}"
            )
    out: list[str | None] = []
    ignored = []
    for cell in header:
        n = _norm(cell)
        field: str | None = maps.get(n) or (
            n if n in FIELDS or n in ("kind", "key") else _ALIASES.get(n)
        )
        if field is None or field in out:
            ignored.append(cell)
            out.append(None)
        else:
            out.append(field)
    return out, ignored


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """``["Column Name=field", ...]`` -> mapping; InputError on ``map`` for a malformed pair."""
    out: dict[str, str] = {}
    for p in pairs:
        col, sep, field = p.partition("=")
        if not sep or not col.strip() or not field.strip():
            raise InputError.one("map", f"expected column=field, got {p!r}")
        out[col.strip()] = field.strip()
    return out


def import_csv(
    journal: Journal,
    path: Path,
    *,
    mapping: Mapping[str, str],
    kind: str,
    rejects: Path | None,
    dayfirst: bool | None,
    today: dt.date,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Import ``path`` into ``journal`` (see the module docstring); returns counts and rejects.

    With ``dry_run`` nothing is written (no entry, no rejects file): the counts say what an
    import would store, so a face can show a preview before the person confirms.
    """
    check_kind(kind)
    t0 = time.perf_counter()
    if path.suffix.lower() == ".json":
        rows, ignored = _json_rows(path)
    else:
        rows, ignored = _csv_rows(path, mapping)
    currency = journal.currency()
    good: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, rec in rows:
        row_kind = str(rec.pop("kind", None) or kind).strip().lower()
        key = rec.pop("key", None)
        try:
            check_kind(row_kind)
            fields = {k: v for k, v in rec.items() if k in EXPORT_FIELDS[row_kind]}
            values = normalise(row_kind, fields, today=today, currency=currency, dayfirst=dayfirst)
        except InputError as exc:
            for e in exc.errors:
                bad.append({"row": line, "field": e.field, "reason": e.reason, "data": rec})
            continue
        if not key:
            stem = content_hash(row_kind, values)
            n = seen.get(stem, 0)
            seen[stem] = n + 1
            key = f"{stem}.{n}"
        good.append({"kind": row_kind, "natural_key": str(key), **values})
    if dry_run:
        stored, duplicates = _count_new(journal, good)
    else:
        stored, duplicates = _store(journal, good)
    if rejects is not None and not dry_run:
        _write_rejects(rejects, bad)
    elapsed = time.perf_counter() - t0
    return {
        "file": str(path),
        "rows": len(rows),
        "stored": stored,
        "duplicates": duplicates,
        "rejected": len({b["row"] for b in bad}),
        "rejects": [{k: b[k] for k in ("row", "field", "reason")} for b in bad],
        "rejects_file": str(rejects) if rejects is not None and not dry_run else None,
        "dry_run": dry_run,
        "ignored_columns": ignored,
        "seconds": round(elapsed, 4),
        "rows_per_second": round(len(rows) / elapsed, 1) if elapsed > 0 else None,
    }


def _csv_rows(
    path: Path, mapping: Mapping[str, str]
) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    text = _read_text(path)
    reader = _reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError.one("file", f"{path} is empty (no header row)") from None
    except csv.Error as exc:
        raise InputError.one("file", f"{path} is not readable CSV: {exc}") from None
    cols, ignored = _columns(header, mapping)
    if not any(cols):
        raise InputError.one(
            "file",
            f"no column of {path.name} is a journal field (header: {', '.join(header[:8])}); "
            "name them with --map column=field",
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        for i, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            rec = {f: c for f, c in zip(cols, cells, strict=False) if f is not None}
            rows.append((i, rec))
    except csv.Error as exc:
        raise InputError.one("file", f"line {reader.line_num}: {exc}") from None
    return rows, ignored


def _json_rows(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    try:
        doc = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError.one("file", f"{path} is not valid JSON: {exc}") from None
    items = doc.get("entries") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError.one(
            "file", 'a JSON import must be a list of entries or {"entries": [...]}'
        )
    rows = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append((i, {"kind": "?"}))
            continue
        rec = {k: v for k, v in item.items() if k in FIELDS or k in ("kind", "key")}
        if any(k.startswith("unpaid_") and k != "unpaid_minutes" for k in rec):
            rec.pop("unpaid_minutes", None)  # the categories are exact; the total is derived
        rows.append((i, rec))
    return rows, []


def _count_new(journal: Journal, good: list[dict[str, Any]]) -> tuple[int, int]:
    """What :func:`_store` would do, without writing: (would be stored, duplicates)."""
    with journal.store.reading() as s:
        existing = set(
            s.scalars(select(Entry.natural_key).where(Entry.person_id == journal.person_id))
        )
    new = 0
    for g in good:
        if g["natural_key"] not in existing:
            existing.add(g["natural_key"])
            new += 1
    return new, len(good) - new


def _store(journal: Journal, good: list[dict[str, Any]]) -> tuple[int, int]:
    """Insert the rows whose key is new, all in one transaction; returns (stored, duplicates)."""
    if not good:
        return 0, 0
    with journal.store.writing() as s:
        existing = set(
            s.scalars(select(Entry.natural_key).where(Entry.person_id == journal.person_id))
        )
        now = utcnow()
        new = []
        for g in good:
            if g["natural_key"] in existing:
                continue
            existing.add(g["natural_key"])
            new.append({**g, "person_id": journal.person_id, "created_at": now, "updated_at": now})
        cols = {c.key for c in Entry.__table__.columns}
        # one executemany per set of keys (rows of different kinds carry different columns)
        batches: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for r in new:
            row = {k: v for k, v in r.items() if k in cols}
            batches.setdefault(tuple(sorted(row)), []).append(row)
        for batch in batches.values():
            s.execute(insert(Entry), batch)
    return len(new), len(good) - len(new)


def _write_rejects(path: Path, bad: list[dict[str, Any]]) -> None:
    cols: list[str] = []
    for b in bad:
        for k in b["data"]:
            if k not in cols:
                cols.append(k)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["row", "field", "reason", *cols])
    for b in bad:
        w.writerow([b["row"], b["field"], b["reason"], *[_cell(b["data"].get(c)) for c in cols]])
    atomic_write(path, buf.getvalue())


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, dt.datetime):
        return local_naive(v).isoformat()  # stored UTC, written local (re-import reads local)
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def export(journal: Journal, path: Path | None, *, format: str = "csv") -> str:
    """Every entry of the journal as CSV or JSON (written atomically to ``path`` when given)."""
    if format not in ("csv", "json"):
        raise InputError.one("format", f"must be csv or json, got {format!r}")
    rows = journal.rows()
    if format == "json":
        from crossroads.journal.fields import to_public

        entries = []
        for r in rows:
            pub = to_public(r)
            pub.pop("id", None)
            pub.pop("effective_hourly_wage", None)
            entries.append(pub)
        text = (
            json.dumps(
                {
                    "format": "crossroads-journal",
                    "version": 1,
                    "person": journal.person,
                    "entries": entries,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    else:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(EXPORT_COLUMNS)
        for r in rows:
            kind = str(r["kind"])
            fields = EXPORT_FIELDS[kind]
            cells = []
            for c in EXPORT_COLUMNS:
                if c == "kind":
                    cells.append(kind)
                elif c == "key":
                    cells.append(str(r["natural_key"]))
                elif c == "unpaid_minutes":
                    cells.append("")
                elif c in fields:
                    cells.append(_cell(r.get(c)))
                else:
                    cells.append("")
            w.writerow(cells)
        text = buf.getvalue()
    if path is not None:
        _refuse_db(journal, path)
        atomic_write(path, text)
    return text


def _refuse_db(journal: Journal, path: Path) -> None:
    from sqlalchemy.engine import make_url

    u = make_url(journal.store.url)
    if u.get_backend_name() == "sqlite" and u.database:
        target = Path(u.database).resolve()
        if path.resolve() in (target, Path(str(target) + "-wal"), Path(str(target) + "-shm")):
            raise InputError.one("output", "is the journal database itself; choose another file")


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: never a half-written file, the old file's mode kept.

    :func:`crossroads.safeio.atomic_write` does it (0600 temporary file beside ``path``, fsync,
    rename); a permission or a full disk is reported against ``output``.
    """
    from crossroads.safeio import atomic_write as _write

    if path.is_dir():
        raise InputError.one("output", f"{path} is a directory")
    try:
        _write(path, text.encode("utf-8"))
    except OSError as exc:
        raise InputError.one("output", f"cannot write {path}: {exc.strerror}") from None


__all__ = [
    "EXPORT_COLUMNS",
    "FieldError",
    "KINDS",
    "atomic_write",
    "export",
    "import_csv",
    "parse_mapping",
]
