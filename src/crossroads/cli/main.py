"""Entry point of the ``crossroads`` console script.

Everything runs inside :mod:`crossroads.boundary`: any failure — bad input, a full disk, a
permission, Ctrl-C at any moment, even during start-up imports, or a bug — ends as one plain
``error: ...`` line and an exit code (2 input, 1 environment, 130 interrupted). ``--debug``
(anywhere before ``--``) or ``CROSSROADS_DEBUG=1`` adds the traceback.

This module imports nothing heavy at the top: the console script imports it before calling
:func:`main`, and a Ctrl-C during the imports of Typer, Rich or NumPy must also end cleanly.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import Any


def _interrupted_before_main(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C between this module's import and :func:`main`'s ``try``: exit 130, no traceback.

    A console script imports this module, then calls :func:`main`; a signal landing in between
    (before the ``try`` that turns KeyboardInterrupt into exit 130) would print Python's own
    traceback. :func:`main` puts the default handler back as its first step inside the ``try``.
    """
    os.write(2, b"error: interrupted\n")
    os._exit(130)


signal.signal(signal.SIGINT, _interrupted_before_main)

#: The command modules; each registers its commands on the shared Typer app when imported.
COMMAND_MODULES = (
    "advise_cmds",
    "catalog_cmds",
    "cohort_cmd",
    "journal_cmds",
    "profile_cmds",
    "report_cmds",
    "serve_cmd",
    "sim_cmds",
    "skills_cmds",
)


def main() -> None:
    """Console-script entry: run with ``sys.argv`` and exit with the code."""
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        code = run(sys.argv[1:])
    except KeyboardInterrupt:  # pressed while the boundary itself was being imported
        code = 130
    sys.exit(code)


def _split_debug(argv: list[str]) -> tuple[list[str], bool]:
    """Remove ``--debug`` (before a ``--`` separator) from ``argv``; say whether it was there."""
    if "--" in argv:
        i = argv.index("--")
        head, tail = argv[:i], argv[i:]
    else:
        head, tail = argv, []
    debug = "--debug" in head
    return [a for a in head if a != "--debug"] + tail, debug


def get_app() -> Any:
    """The Typer app with every command registered (imports the command modules)."""
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"crossroads.cli.{name}")
    from .app import app

    return app


def run(argv: list[str] | None = None) -> int:
    """Run the CLI on ``argv`` and return the exit code (tests call this in-process).

    Typer's standalone mode handles usage errors (exit 2) and ``--help``; every other exception
    is turned into a message and an exit code by :func:`crossroads.boundary.report`.
    """
    args, debug = _split_debug(list(sys.argv[1:] if argv is None else argv))
    from crossroads import boundary

    try:
        get_app()(args=args, prog_name="crossroads")
    except SystemExit as exc:
        code = exc.code
        result = code if isinstance(code, int) else (0 if code is None else 1)
        if result == boundary.EXIT_INTERRUPTED:
            boundary.report(KeyboardInterrupt(), debug=debug)
        return result
    except BaseException as exc:  # noqa: BLE001 - the boundary: no traceback reaches the user
        return boundary.report(exc, debug=debug)
    return 0


def __getattr__(name: str) -> Any:
    # ``from crossroads.cli.main import app`` keeps working without importing Typer eagerly.
    if name == "app":
        return get_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":  # pragma: no cover
    main()
