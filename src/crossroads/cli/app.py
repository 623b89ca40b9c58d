"""The Typer application object shared by every command module, plus small face helpers.

Command modules (``catalog_cmds``, ``sim_cmds``, ``advise_cmds``, ``skills_cmds``,
``report_cmds``) import :data:`app` and register their commands on it; ``main.py`` imports them
all. Errors are turned into messages and exit codes in :func:`crossroads.cli.main.main`, so a
command simply lets :class:`~crossroads.errors.InputError` propagate.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from crossroads.service import Crossroads

app = typer.Typer(
    name="crossroads",
    help="Choose how to earn a living remotely: microtasks, a soft-skills career, or a hybrid.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain Click help: Typer's Rich help imports rich.markdown and rich.traceback (~0.12 s of a
    # 0.3 s `--help`, issue 8 §8 asks ≤ 0.35 s); command output still uses Rich.
    rich_markup_mode=None,
)


@app.callback()
def _root(
    debug: bool = typer.Option(
        False, "--debug", help="Show the Python traceback of a failure (also CROSSROADS_DEBUG=1)."
    ),
) -> None:
    """Choose how to earn a living remotely: microtasks, a soft-skills career, or a hybrid.

    Start with `crossroads example > me.yaml`, edit it, then `crossroads advise me.yaml`.
    """
    # ``--debug`` is taken out of the arguments by crossroads.cli.main before Typer sees them
    # (so it works after a command name too); it is declared here only so --help lists it.


def _width(stream: Any) -> int | None:
    """Rich's own width on a terminal; 120 columns (or $COLUMNS) when piped or captured.

    Rich falls back to 80 columns without a terminal, which folds the ranked tables into many
    lines per row in `make run` logs and pipes.
    """
    import shutil

    try:
        if stream.isatty():
            return None
    except (AttributeError, ValueError):
        pass
    return max(100, shutil.get_terminal_size((120, 24)).columns)


console = Console(width=_width(sys.stdout))
err_console = Console(stderr=True, width=_width(sys.stderr))


def print_json(obj: Any) -> None:
    """Print one JSON document on stdout, shaped by the core (:func:`crossroads.jsonable.dumps`)."""
    from crossroads.jsonable import dumps

    sys.stdout.write(dumps(obj) + "\n")


_service: Crossroads | None = None


def service() -> Crossroads:
    """The one :class:`~crossroads.Crossroads` every command of this process talks to."""
    global _service
    if _service is None:
        from crossroads.service import Crossroads

        _service = Crossroads()
    return _service


@app.command("version")
def version_cmd() -> None:
    """Print the crossroads version."""
    from crossroads import __version__

    console.print(f"crossroads {__version__}")
