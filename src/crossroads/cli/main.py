"""Entry point of the ``crossroads`` console script.

Imports every command module (each registers its commands on the shared Typer app) and turns
the core's errors into clear messages and exit codes: 2 for bad input (every field problem is
listed), 1 for other known failures. Users never see a traceback.
"""

from __future__ import annotations

import sys

from crossroads.errors import CrossroadsError, InputError

from . import advise_cmds as _advise_cmds  # noqa: F401,E402

# Command modules register themselves on `app` when imported.
from . import catalog_cmds as _catalog_cmds  # noqa: F401,E402
from . import journal_cmds as _journal_cmds  # noqa: F401,E402
from . import profile_cmds as _profile_cmds  # noqa: F401,E402
from . import report_cmds as _report_cmds  # noqa: F401,E402
from . import serve_cmd as _serve_cmd  # noqa: F401,E402
from . import sim_cmds as _sim_cmds  # noqa: F401,E402
from . import skills_cmds as _skills_cmds  # noqa: F401,E402
from .app import app, err_console


def main() -> None:
    """Console-script entry: run with ``sys.argv`` and exit with the code."""
    sys.exit(run(sys.argv[1:]))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI on ``argv`` and return the exit code (tests call this in-process).

    Typer's standalone mode handles usage errors (exit 2) and ``--help``; the core's own errors
    propagate out of it and are reported here without a traceback.
    """
    try:
        app(args=argv, prog_name="crossroads")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except InputError as exc:
        err_console.print(f"[bold red]error[/]: {exc.message()}", highlight=False)
        return 2
    except CrossroadsError as exc:
        err_console.print(f"[bold red]error[/]: {exc}", highlight=False)
        return 1
    except FileNotFoundError as exc:
        err_console.print(f"[bold red]error[/]: file not found: {exc.filename or exc}", highlight=False)
        return 2
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    return 0




if __name__ == "__main__":  # pragma: no cover
    main()
