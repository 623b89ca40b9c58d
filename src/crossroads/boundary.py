"""The error boundary every face shares: any failure becomes a plain message and an exit code.

The core raises; it never prints or exits. A face (the CLI now, the web app and the cohort runner
next) wraps its work in :func:`classify` (or the :func:`guard` context manager) and shows the
resulting :class:`Failure`. Why one place: five hand-written ``except`` ladders drift apart, and the
one that forgets ``OSError`` or ``MemoryError`` is the one that shows a user a traceback.

The exit codes follow the issue's contract:

* **2 — input**: something the user can fix in what they typed or gave (a profile field, an option,
  an output path that is a directory or the profile itself, a file that is not there);
* **1 — environment**: the machine said no (a full disk, a permission, not enough memory), or an
  internal error (a bug: the message says so and asks for the ``--debug`` traceback);
* **130 — interrupted** (Ctrl-C), the shell convention 128 + SIGINT.

Messages carry user text, so :func:`safe_text` escapes control characters (a profile ``name`` with
terminal escape codes must not repaint the user's terminal) and faces print them *without* markup
interpretation (a country of ``"[us]"`` is shown as ``[us]``, not swallowed as a Rich tag).
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from crossroads.errors import CrossroadsError, InputError

__all__ = [
    "EXIT_ENVIRONMENT",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "Failure",
    "classify",
    "debug_enabled",
    "guard",
    "report",
    "safe_text",
]

EXIT_OK = 0
EXIT_ENVIRONMENT = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130

#: OS errors that are the user's to fix in what they asked for (a path), not the machine's state.
_INPUT_ERRNOS = {
    errno.ENOENT,
    errno.EISDIR,
    errno.ENOTDIR,
    errno.ENAMETOOLONG,
    errno.ELOOP,
    errno.EINVAL,
}

_ERRNO_WORDS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "no such file or directory",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "input/output error",
    errno.EMFILE: "too many open files",
}


@dataclass(frozen=True)
class Failure:
    """What a face shows for one failure: an exit code, a kind and a plain, escaped message."""

    code: int
    kind: str  # "input" | "environment" | "interrupted" | "internal"
    message: str

    @property
    def http_status(self) -> int:
        """The HTTP status a web face answers with: 422 input, 503 environment, 500 a bug."""
        return {"input": 422, "environment": 503, "interrupted": 503}.get(self.kind, 500)


def debug_enabled(flag: bool = False) -> bool:
    """True when a traceback was asked for (``--debug`` or ``CROSSROADS_DEBUG=1``)."""
    return flag or os.environ.get("CROSSROADS_DEBUG", "").strip().lower() in ("1", "true", "yes")


def safe_text(text: object) -> str:
    """``text`` with control and bidi-override characters shown as escapes (``\\x1b``, ``\\u202e``).

    Newlines and tabs are kept (messages are multi-line); everything else in Unicode categories
    Cc/Cf that a terminal would act on is made visible, so what the user sees is what the file says.
    """
    s = str(text)
    if s.isprintable():
        return s
    out: list[str] = []
    for ch in s:
        if ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _os_message(exc: OSError) -> str:
    words = _ERRNO_WORDS.get(exc.errno or -1) or (exc.strerror or type(exc).__name__).lower()
    target = exc.filename
    if target is not None and exc.filename2 is not None:
        return f"{target} -> {exc.filename2}: {words}"
    return f"{target}: {words}" if target is not None else words


def classify(exc: BaseException) -> Failure:
    """The :class:`Failure` a face shows for ``exc`` (never raises, never prints)."""
    if isinstance(exc, KeyboardInterrupt):
        return Failure(EXIT_INTERRUPTED, "interrupted", "interrupted")
    if isinstance(exc, InputError):
        return Failure(EXIT_INPUT, "input", safe_text(exc.message()))
    if isinstance(exc, CrossroadsError):
        code = getattr(exc, "exit_code", EXIT_ENVIRONMENT)
        kind = "input" if code == EXIT_INPUT else "environment"
        return Failure(code, kind, safe_text(str(exc)))
    if isinstance(exc, MemoryError):
        return Failure(
            EXIT_ENVIRONMENT,
            "environment",
            "not enough memory for this run; use fewer --paths or a shorter --horizon",
        )
    if isinstance(exc, RecursionError):
        return Failure(EXIT_INPUT, "input", "the input is nested too deeply to be a profile")
    if isinstance(exc, UnicodeError):
        return Failure(EXIT_INPUT, "input", safe_text(f"the text is not valid UTF-8 ({exc})"))
    if isinstance(exc, OSError):
        code = EXIT_INPUT if exc.errno in _INPUT_ERRNOS else EXIT_ENVIRONMENT
        kind = "input" if code == EXIT_INPUT else "environment"
        return Failure(code, kind, safe_text(_os_message(exc)))
    text = safe_text(f"{type(exc).__name__}: {exc}")
    return Failure(
        EXIT_ENVIRONMENT,
        "internal",
        f"internal error ({text}); this is a bug in crossroads — run again with --debug "
        "(or CROSSROADS_DEBUG=1) and report the traceback",
    )


def report(exc: BaseException, stream: TextIO | None = None, *, debug: bool = False) -> int:
    """Print ``exc`` as one plain ``error: ...`` message on ``stream`` and return its exit code.

    With ``debug`` (or ``CROSSROADS_DEBUG=1``) the traceback is printed first. The message is
    written as plain text, never through a markup renderer.
    """
    out = stream if stream is not None else sys.stderr
    failure = classify(exc)
    try:
        if debug_enabled(debug) and failure.kind != "interrupted":
            traceback.print_exception(exc, file=out)
        prefix = "" if failure.kind == "interrupted" else "error: "
        out.write(f"{prefix}{failure.message}\n")
        out.flush()
    except (OSError, ValueError):  # stderr closed or full: the exit code still tells
        pass
    return failure.code


@contextmanager
def guard(
    holder: list[int], *, debug: bool = False, stream: TextIO | None = None
) -> Iterator[None]:
    """Run a block; on any exception, report it and put the exit code in ``holder``.

    ``SystemExit`` passes through untouched (a face's own deliberate exit). Typical use::

        code: list[int] = []
        with guard(code):
            do_the_work()
        sys.exit(code[0] if code else 0)
    """
    try:
        yield
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the boundary: nothing may escape as a traceback
        holder.append(report(exc, stream, debug=debug))
