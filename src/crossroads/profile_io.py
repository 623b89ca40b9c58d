"""Reading profile files safely: YAML, TOML and JSON that cannot eat the machine.

:mod:`crossroads.profile` defines *what* a profile is (the schema); this module only turns bytes
into plain data, and refuses, with a message naming the file, line or field, anything that would
otherwise cost unbounded time or memory or end in a traceback:

* **Size**: a profile file may be at most :data:`MAX_PROFILE_BYTES` (4 MiB; a real one is 1–3 KB).
* **Depth**: containers nest at most :data:`MAX_DEPTH` levels in every format (a profile needs 3).
  YAML is checked while its events stream in, JSON and TOML by catching the parser's own recursion
  limit and by an iterative check afterwards — never by a recursive walk of the user's tree.
* **Aliases** (YAML ``&a``/``*a``): counted *before* anything is expanded. A document may hold at
  most :data:`MAX_ALIASES` aliases and expand to at most :data:`MAX_VALUES` values; the
  "billion laughs" file is refused after reading a few hundred bytes of events.
* **YAML 1.2 numbers**: scalars are resolved with the YAML 1.2 core schema (``1:30:00`` is text,
  not 5,400; ``010`` is ten; only ``true``/``false`` are booleans, so ``country: NO`` is Norway;
  dates stay text and the schema parses them, so ``2026-02-30`` is reported against its field).
  Digit separators (``1_000``) are still accepted, as they were with YAML 1.1.
* **Merge keys** (``<<: *base``) are supported; explicit keys win over merged ones.
* **Numbers bounded at parse time**: an integer of more than :data:`MAX_INT_DIGITS` digits or a
  magnitude above :data:`MAX_MAGNITUDE` is refused against its field (``money.savings: ...``), before
  Python would spend quadratic time converting it or the engine would overflow.
* **BOM**: a UTF-8 byte-order mark is accepted in all three formats.

Everything is linear in the file size; see docs/profile.md ("Limits").
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crossroads.errors import FieldError, InputError

__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_MAGNITUDE",
    "MAX_PROFILE_BYTES",
    "MAX_VALUES",
    "Parsed",
    "parse_text",
    "read_profile_text",
    "screen_data",
]

#: Largest profile file read, in bytes (4 MiB; the bundled examples are about 2 KB).
MAX_PROFILE_BYTES = 4 * 1024 * 1024
#: Deepest nesting of mappings/lists accepted (a profile uses 3 levels).
MAX_DEPTH = 32
#: Most YAML aliases (``*name``) in one document.
MAX_ALIASES = 256
#: Most values (scalars and containers) a document may expand to, aliases included.
MAX_VALUES = 2_000_000
#: Longest integer accepted, in digits (1e12 has 13; Python refuses above 4,300 and is quadratic).
MAX_INT_DIGITS = 30
#: Largest magnitude of any number (a million million: far beyond any amount, hour or rate).
MAX_MAGNITUDE = 1e12

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json"}


@dataclass
class Parsed:
    """Plain data from a profile file, the problems found while reading it, and YAML line numbers."""

    data: Any
    errors: list[FieldError] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


class _Refused:
    """A value refused at parse time; :func:`screen_data` reports it against its field."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def format_of(path: str | Path) -> str:
    """``yaml``, ``toml`` or ``json`` from the file's suffix, or an InputError naming the file."""
    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise InputError.one(
            "<file>",
            f"unsupported file type {p.suffix or '(none)'!r}: use .yaml, .yml, .toml or .json",
            str(p),
        )
    return fmt


def read_profile_text(path: str | Path) -> str:
    """The UTF-8 text of a profile file (BOM removed), refusing files over the size limit."""
    p = Path(path)
    source = str(p)
    try:
        with open(p, "rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_size > MAX_PROFILE_BYTES:
                raise _too_big(st.st_size, source)
            raw = fh.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError.one("<file>", "file not found", source) from None
    except IsADirectoryError:
        raise InputError.one("<file>", "is a directory, not a profile file", source) from None
    except OSError as exc:
        raise InputError.one("<file>", f"cannot be read: {exc.strerror or exc}", source) from None
    if len(raw) > MAX_PROFILE_BYTES:  # a pipe or a file that grew while we read it
        raise _too_big(len(raw), source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.one(
            "<file>", f"not UTF-8 text (byte {exc.start}: {exc.reason})", source
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _too_big(size: int, source: str) -> InputError:
    return InputError.one(
        "<file>",
        f"is {size / 2**20:.1f} MB; a profile may be at most {MAX_PROFILE_BYTES // 2**20} MB "
        "(a real one is a few KB)",
        source,
    )


def parse_text(text: str, fmt: str) -> Parsed:
    """Parse ``text`` as ``fmt`` (yaml/toml/json) into plain data, bounded in depth and size.

    Raises :class:`InputError` (field ``<file>``) for a syntax error or a structure beyond the
    limits; values refused individually (too many digits, too large) are left out of ``data`` and
    listed in ``errors`` against their field.
    """
    if len(text) > MAX_PROFILE_BYTES:
        raise InputError.one("<file>", f"is longer than {MAX_PROFILE_BYTES // 2**20} MB")
    if text.startswith("\ufeff"):
        text = text[1:]
    if fmt == "yaml":
        data, lines = _parse_yaml(text)
    elif fmt == "json":
        data, lines = _parse_json(text), {}
    elif fmt == "toml":
        data, lines = _parse_toml(text), {}
    else:  # pragma: no cover - format_of guards this
        raise ValueError(fmt)
    clean, errors = screen_data(data)
    return Parsed(clean, errors, lines)


# --------------------------------------------------------------------------------------------
# Screening plain data (any source: a file, a web form, a cohort row)
# --------------------------------------------------------------------------------------------


def screen_data(data: Any) -> tuple[Any, list[FieldError]]:
    """A copy of ``data`` without refused values, and one FieldError per refused value.

    Refused: values marked at parse time, integers longer than :data:`MAX_INT_DIGITS`, numbers
    larger than :data:`MAX_MAGNITUDE` in magnitude, and containers nested deeper than
    :data:`MAX_DEPTH`. Used for files and for data built by other faces, so that a web form cannot
    pass a 5,000-digit number either. Recursion is bounded by the depth limit.
    """
    errors: list[FieldError] = []

    def walk(value: Any, path: str, depth: int) -> tuple[bool, Any]:
        if isinstance(value, _Refused):
            errors.append(FieldError(path or "<profile>", value.reason))
            return False, None
        if isinstance(value, bool) or value is None or isinstance(value, str):
            return True, value
        if isinstance(value, int):
            reason = _int_problem(value)
            if reason:
                errors.append(FieldError(path or "<profile>", reason))
                return False, None
            return True, value
        if isinstance(value, float):
            if math.isfinite(value) and abs(value) > MAX_MAGNITUDE:
                errors.append(FieldError(path or "<profile>", _magnitude_reason(value)))
                return False, None
            return True, value
        if isinstance(value, (Mapping, list, tuple)):
            if depth >= MAX_DEPTH:
                errors.append(FieldError(path or "<profile>", _depth_reason()))
                return False, None
            if isinstance(value, Mapping):
                out: dict[Any, Any] = {}
                for k, v in value.items():
                    keep, v2 = walk(v, f"{path}.{k}" if path else str(k), depth + 1)
                    if keep:
                        out[k] = v2
                return True, out
            items: list[Any] = []
            for i, v in enumerate(value):
                keep, v2 = walk(v, f"{path}[{i}]", depth + 1)
                if keep:
                    items.append(v2)
            return True, items
        return True, value

    _, clean = walk(data, "", 0)
    return clean, errors


def _int_problem(value: int) -> str | None:
    if value.bit_length() > 100:  # cheap pre-check: > ~30 digits
        return _digits_reason(None)
    if abs(value) > MAX_MAGNITUDE:
        return _magnitude_reason(float(value))
    return None


def _digits_reason(digits: int | None) -> str:
    n = f"{digits:,} digits" if digits is not None else f"more than {MAX_INT_DIGITS} digits"
    return f"is a number with {n}: far beyond any real amount (at most {MAX_MAGNITUDE:.0e})"


def _magnitude_reason(value: float) -> str:
    return f"is {value:.3g}: far beyond any real amount (at most {MAX_MAGNITUDE:.0e} in size)"


def _depth_reason() -> str:
    return f"is nested more than {MAX_DEPTH} levels deep (a profile needs 3)"


# --------------------------------------------------------------------------------------------
# JSON and TOML
# --------------------------------------------------------------------------------------------


def _json_int(text: str) -> Any:
    digits = len(text.lstrip("-"))
    return _Refused(_digits_reason(digits)) if digits > MAX_INT_DIGITS else int(text)


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text, parse_int=_json_int, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise InputError.one(
            "<file>", f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise InputError.one("<file>", f"JSON {_depth_reason()}") from None


def _json_constant(name: str) -> Any:
    # NaN / Infinity are not JSON; the schema refuses non-finite numbers with a field message.
    return float(name.replace("Infinity", "inf"))


_LONG_DIGITS = re.compile(r"[0-9_]{" + str(MAX_INT_DIGITS + 1) + ",}")


def _parse_toml(text: str) -> Any:
    # tomllib converts integers with int(), which refuses more than 4,300 digits (ValueError) and
    # is quadratic below that: find over-long digit runs first and name their line.
    long = _LONG_DIGITS.search(text)
    if long is not None:
        line = text.count("\n", 0, long.start()) + 1
        raise InputError.one(
            "<file>", f"line {line}: {_digits_reason(len(long.group().replace('_', '')))}"
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.one("<file>", f"TOML syntax error: {exc}") from None
    except RecursionError:
        raise InputError.one("<file>", f"TOML {_depth_reason()}") from None
    except ValueError as exc:  # e.g. a number tomllib cannot convert
        raise InputError.one("<file>", f"TOML value error: {exc}") from None


# --------------------------------------------------------------------------------------------
# YAML: built straight from the parser's events, iteratively
# --------------------------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:merge",
    "!",
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9][0-9_]*")
_INT8 = re.compile(r"0o[0-7_]+")
_INT16 = re.compile(r"0x[0-9a-fA-F_]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9][0-9_]*|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")

try:  # libyaml's C parser streams events about 8x faster than the pure-Python one
    _EventLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _EventLoader = yaml.SafeLoader


def _resolve_plain(value: str) -> Any:
    """A plain (unquoted) YAML scalar under the YAML 1.2 core schema (plus ``_`` in numbers)."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT10.fullmatch(value) and not value.endswith("_"):
        return _to_int(value.replace("_", ""), 10)
    if _INT8.fullmatch(value):
        return _to_int(value[2:].replace("_", ""), 8)
    if _INT16.fullmatch(value):
        return _to_int(value[2:].replace("_", ""), 16)
    if _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
        digits = value.replace("_", "")
        if len(digits) > 400:
            return _Refused(_digits_reason(len(digits)))
        return float(digits)
    if _INF.fullmatch(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.fullmatch(value):
        return float("nan")
    return value


def _to_int(digits: str, base: int) -> Any:
    if len(digits.lstrip("+-")) > MAX_INT_DIGITS:
        return _Refused(_digits_reason(len(digits.lstrip("+-"))))
    return int(digits, base)


def _tagged(value: str, tag: str, line: int) -> Any:
    if tag in (_STR, "!"):
        return value
    resolved = _resolve_plain(value)
    want = tag.rsplit(":", 1)[-1]
    ok = {
        "int": isinstance(resolved, int) and not isinstance(resolved, bool),
        "float": isinstance(resolved, (int, float)) and not isinstance(resolved, bool),
        "bool": isinstance(resolved, bool),
        "null": resolved is None,
    }.get(want, False)
    if isinstance(resolved, _Refused):
        return resolved
    if not ok:
        raise _yaml_error(line, f"{value!r} is not a valid !!{want}")
    return float(resolved) if want == "float" else resolved


def _yaml_error(line: int, what: str) -> InputError:
    return InputError.one("<file>", f"YAML error at line {line}: {what}")


class _Frame:
    """One open mapping or list while the events stream in."""

    __slots__ = ("anchor", "container", "key", "key_line", "keys", "merges", "path", "size")

    def __init__(self, container: Any, anchor: str | None, path: str) -> None:
        self.container = container
        self.anchor = anchor
        self.path = path
        self.size = 1
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.keys: dict[Any, int] = {}
        self.merges: list[Any] = []


_NO_KEY = object()
_MERGE = object()


def _events(text: str) -> Iterator[Any]:
    try:
        yield from yaml.parse(text, Loader=_EventLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        detail = f"{problem} ({context})" if context else problem
        raise InputError.one("<file>", f"YAML syntax error at {where}{detail}") from None


def _parse_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """Build plain data from YAML events with an explicit stack (no recursion, no expansion).

    Aliases share the anchored object (nothing is copied), and their expanded size is added up
    as they appear, so a document that would expand past :data:`MAX_VALUES` is refused at once.
    Returns the data and the 1-based line of every key path (for error messages).
    """
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    lines: dict[str, int] = {}
    total = 0
    aliases = 0
    documents = 0
    root: Any = None

    def add(value: Any, size: int, line: int, is_scalar_key_ok: bool) -> None:
        nonlocal root, total
        total += size
        if total > MAX_VALUES:
            raise _yaml_error(
                line,
                f"the document expands to more than {MAX_VALUES:,} values (through aliases "
                "&name / *name); a profile has a few hundred",
            )
        if not stack:
            root = value
            return
        top = stack[-1]
        top.size += size
        if isinstance(top.container, list):
            top.container.append(value)
            return
        if top.key is _NO_KEY:
            if not is_scalar_key_ok or not _hashable_key(value):
                raise _yaml_error(
                    line, "a key must be plain text or a number, not a list or mapping"
                )
            if value is _MERGE:
                top.key = _MERGE
                return
            if value in top.keys:
                raise _yaml_error(
                    line, f"duplicate key {value!r} (first on line {top.keys[value]})"
                )
            top.keys[value] = line
            top.key, top.key_line = value, line
            path = f"{top.path}.{value}" if top.path else str(value)
            lines.setdefault(path, line)
            return
        if top.key is _MERGE:
            top.merges.append((value, line))
        else:
            top.container[top.key] = value
        top.key = _NO_KEY

    def child_path() -> str:
        if not stack:
            return ""
        top = stack[-1]
        if isinstance(top.container, dict) and top.key is not _NO_KEY and top.key is not _MERGE:
            return f"{top.path}.{top.key}" if top.path else str(top.key)
        return top.path + "[]" if isinstance(top.container, list) else top.path

    for ev in _events(text):
        line = ev.start_mark.line + 1 if ev.start_mark is not None else 0
        if isinstance(ev, yaml.ScalarEvent):
            if ev.tag is not None and ev.tag not in _KNOWN_TAGS:
                raise _yaml_error(line, f"the tag {ev.tag} is not allowed in a profile")
            key_position = (
                bool(stack) and isinstance(stack[-1].container, dict) and stack[-1].key is _NO_KEY
            )
            value: Any
            if ev.tag == "tag:yaml.org,2002:merge" or (
                key_position and not ev.style and ev.tag is None and ev.value == "<<"
            ):
                value = _MERGE
            elif ev.tag is not None:
                value = _tagged(ev.value, ev.tag, line)
            elif not ev.style:  # plain: None from the Python parser, '' from libyaml
                value = _resolve_plain(ev.value)
            else:
                value = ev.value
            if ev.anchor is not None:
                anchors[ev.anchor] = (value, 1)
            add(value, 1, line, True)
        elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if ev.tag is not None and ev.tag not in _KNOWN_TAGS:
                raise _yaml_error(line, f"the tag {ev.tag} is not allowed in a profile")
            if stack and isinstance(stack[-1].container, dict) and stack[-1].key is _NO_KEY:
                raise _yaml_error(
                    line, "a key must be plain text or a number, not a list or mapping"
                )
            if len(stack) >= MAX_DEPTH:
                raise _yaml_error(line, f"the document {_depth_reason()}")
            container: Any = {} if isinstance(ev, yaml.MappingStartEvent) else []
            stack.append(_Frame(container, ev.anchor, child_path()))
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            if frame.merges:
                frame.container = _merged(frame, line)
            if frame.anchor is not None:
                anchors[frame.anchor] = (frame.container, frame.size)
            add(frame.container, 0, line, False)
            if stack:
                stack[-1].size += frame.size
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _yaml_error(
                    line, f"more than {MAX_ALIASES} aliases (*name); a profile needs none or a few"
                )
            if ev.anchor not in anchors:
                raise _yaml_error(line, f"unknown alias *{ev.anchor}")
            value, size = anchors[ev.anchor]
            add(value, size, line, not isinstance(value, (dict, list)))
        elif isinstance(ev, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _yaml_error(line, "more than one document (---); a profile is one document")
    return root, lines


def _hashable_key(value: Any) -> bool:
    return value is _MERGE or value is None or isinstance(value, (str, int, float, bool))


def _merged(frame: _Frame, line: int) -> dict[Any, Any]:
    """The mapping with its ``<<`` merges applied: explicit keys first in priority, then merges."""
    out: dict[Any, Any] = {}
    sources: list[Any] = []
    for value, at in frame.merges:
        if isinstance(value, dict):
            sources.append(value)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            sources.extend(value)
        else:
            raise _yaml_error(at, "a merge key (<<) needs a mapping or a list of mappings")
    for src in sources:  # earlier sources win over later ones, as in YAML 1.1's merge spec
        for k, v in src.items():
            out.setdefault(k, v)
    for k, v in frame.container.items():
        out[k] = v
    return out
