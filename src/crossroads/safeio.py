"""Writing files so that nothing is ever lost or half-written.

Every file crossroads writes goes through here. The rules (docs/cli.md, "Output files"):

* **Atomic**: the bytes go to a temporary file in the *same directory* (mode 0600, so a killed run
  never leaves the person's answers readable by others), are ``fsync``-ed, given the final mode and
  renamed over the target. A kill at any moment leaves either the old file or the complete new one.
* **Mode kept**: an existing file keeps its permission bits; a new one gets ``0666 & ~umask``, as
  any program's output would.
* **Checked before any work** (:func:`check_output`): an output that is a directory, the input
  profile itself, or in a directory that cannot be written is refused before minutes of simulation.
* **Overwrite convention**: crossroads replaces a file *it* wrote (one that mentions ``crossroads``
  in its first 64 KB: the report's title, the plan's iCalendar ``PRODID``, a profile) and a chart
  image in a ``--png``/``--svg`` directory; any other existing file is refused unless ``force``
  (``--force``) is given. The input profile is never overwritten by a report or a plan, even
  with ``force``.
* **All or nothing** (:func:`write_all`): a multi-file output (a report with ``--png``, a plan with
  ``--ics``) is written to temporary files first and renamed only when every one is complete; if a
  rename fails, those already renamed are rolled back to their previous content.
* **Not regular files**: ``-o /dev/stdout`` or a named pipe is written directly (nothing to rename);
  ``/dev/full`` then fails with "no space left" like a full disk.

Errors: a path the user can change is an :class:`~crossroads.errors.InputError` (exit 2); a
permission, a full disk or another refusal of the machine propagates as ``OSError`` / becomes an
:class:`OutputError`, which :mod:`crossroads.boundary` reports with exit 1.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crossroads.errors import CrossroadsError, FieldError, InputError

__all__ = [
    "Output",
    "OutputError",
    "atomic_write",
    "check_output",
    "write_all",
]

#: Marker that identifies a file crossroads wrote (looked for in the first :data:`SNIFF_BYTES`).
MARKER = b"crossroads"
SNIFF_BYTES = 64 * 1024
#: Suffix of temporary files; stale ones (older than :data:`STALE_SECONDS`) are removed.
TMP_SUFFIX = ".crossroads-tmp"
STALE_SECONDS = 600


class OutputError(CrossroadsError):
    """The machine refused an output (permission, read-only file system): exit 1."""

    exit_code = 1


@dataclass(frozen=True)
class Output:
    """One file to write: its path, its bytes, and the option that named it (for messages)."""

    path: Path
    data: bytes
    field: str = "output"
    #: True for files crossroads always owns by name (chart images in a --png directory).
    owned: bool = False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def _written_by_crossroads(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return MARKER in fh.read(SNIFF_BYTES)
    except OSError:
        return False


def _nearest_existing_dir(path: Path) -> Path:
    parent = path.parent if str(path.parent) else Path(".")
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return parent


def check_output(
    path: str | Path,
    *,
    field: str = "output",
    inputs: Iterable[str | Path] = (),
    force: bool = False,
    owned: bool = False,
) -> Path:
    """Refuse an output path that cannot or must not be written; return it as a Path.

    Call this *before* the work that produces the bytes, so a bad ``-o`` costs nothing.
    """
    p = Path(path)
    for src in inputs:
        if _same_file(p, Path(src)):
            raise InputError.one(
                field, f"{p} is the input profile; write the output to another file"
            )
    if p.is_dir():
        raise InputError.one(field, f"{p} is a directory; give a file name (e.g. {p / 'out'})")
    if p.exists() or p.is_symlink():
        target = Path(os.path.realpath(p))
        if target.exists() and not stat.S_ISREG(target.stat().st_mode):
            return p  # a device or pipe: written directly (see write_all)
        if not (force or owned or _written_by_crossroads(target)):
            raise InputError.one(
                field,
                f"{p} already exists and was not written by crossroads; use --force to replace "
                "it, or choose another file",
            )
        directory = target.parent
    else:
        directory = _nearest_existing_dir(p)
        if not directory.is_dir():
            raise InputError.one(field, f"{directory} is not a directory")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(f"{field}: cannot write in {directory}: permission denied")
    return p


def check_output_dir(path: str | Path, *, field: str) -> Path:
    """Refuse a ``--png``/``--svg`` directory that is a file or cannot be written."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError.one(field, f"{p} is a file, not a directory")
    base = p if p.exists() else _nearest_existing_dir(p)
    if not base.is_dir():
        raise InputError.one(field, f"{base} is not a directory")
    if not os.access(base, os.W_OK | os.X_OK):
        raise OutputError(f"{field}: cannot write in {base}: permission denied")
    return p


def _clean_stale(directory: Path, name: str) -> None:
    now = time.time()
    for old in directory.glob(f".{name}.*{TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()


def _stage(path: Path, data: bytes, mode: int | None = None) -> tuple[Path, Path]:
    """Write ``data`` to a private temporary file beside ``path``; return (temp, final target)."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    _clean_stale(directory, target.name)
    if mode is None:
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp), target


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _is_special(path: Path) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def write_all(
    outputs: Sequence[Output], *, inputs: Iterable[str | Path] = (), force: bool = False
) -> list[Path]:
    """Write every output or none: stage all, then rename all (rolling back on failure)."""
    inputs = list(inputs)
    for o in outputs:
        check_output(o.path, field=o.field, inputs=inputs, force=force, owned=o.owned)
    special = [o for o in outputs if _is_special(o.path)]
    regular = [o for o in outputs if not _is_special(o.path)]
    staged: list[tuple[Path, Path]] = []
    done: list[tuple[Path, Path | None]] = []  # (target, backup of its old content)
    try:
        for o in regular:
            staged.append(_stage(o.path, o.data))
        for tmp, target in staged:
            backup: Path | None = None
            if target.exists():
                backup = target.with_name(f".{target.name}.{os.getpid()}.bak{TMP_SUFFIX}")
                with contextlib.suppress(FileNotFoundError):
                    backup.unlink()
                os.link(target, backup)
            os.replace(tmp, target)
            done.append((target, backup))
        for o in special:  # last: nothing to roll back for a device or a pipe
            with open(o.path, "wb") as fh:
                fh.write(o.data)
                fh.flush()
    except BaseException:
        for target, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink()
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    for _target, backup in done:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()
    for directory in {t.parent for t, _ in done}:
        _fsync_dir(directory)
    return [o.path for o in outputs]


def atomic_write(
    path: str | Path, data: bytes | str, *, field: str = "output", mode: int | None = None
) -> Path:
    """Atomically replace one file the caller owns (a profile being updated, saved progress).

    No overwrite check: the caller decided (``assess`` writes the profile it was asked to update).
    ``mode`` forces the permission bits (0600 for files holding answers); by default an existing
    file keeps its own and a new one gets ``0666 & ~umask``.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    p = Path(path)
    if p.is_dir():
        raise InputError.one(field, f"{p} is a directory; give a file name")
    tmp, target = _stage(p, raw, mode)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)
    return p


def refuse_errno(exc: OSError, field: str) -> CrossroadsError:
    """An OSError from writing ``field`` as the error a face should show."""
    if exc.errno in (errno.EISDIR, errno.ENOTDIR):
        return InputError([FieldError(field, f"{exc.filename}: {exc.strerror}")])
    return OutputError(f"{field}: {exc.filename or ''}: {exc.strerror or exc}")
