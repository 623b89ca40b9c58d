"""``docs/cli.md``: the command reference, generated from the Typer app itself.

Why generated: a hand-written reference drifts from the options the code accepts; this one is
rebuilt by ``python -m crossroads.cli.reference > docs/cli.md`` and a test fails when the
committed file differs from what the app declares.
"""

from __future__ import annotations

from typing import Any

import typer

# Typer 0.29 vendors Click (``typer._click``): the objects below are read by duck typing.
Param = Any
Command = Any


def _default(p: Param) -> str:
    if p.param_type_name == "option" and p.is_flag:
        return ""
    d = p.default
    if d is None or d == () or d == []:
        return ""
    return f"`{d}`"


def _names(p: Param) -> str:
    if p.param_type_name == "argument":
        return f"`{(p.metavar or p.name or '').upper()}`"
    opts = list(p.opts) + list(getattr(p, "secondary_opts", []))
    return ", ".join(f"`{o}`" for o in opts)


def _help(p: Param) -> str:
    text = getattr(p, "help", None) or ""
    return " ".join(text.split()).replace("|", "\\|")


def _command(name: str, cmd: Command, lines: list[str]) -> None:
    ctx = cmd.context_class(cmd, info_name=f"crossroads {name}")
    lines += [
        f"## `crossroads {name}`",
        "",
        f"    {cmd.get_usage(ctx).removeprefix('Usage: ')}",
        "",
    ]
    doc = (cmd.help or "").strip()
    if doc:
        lines += [doc, ""]
    params = [p for p in cmd.params if "--help" not in p.opts]
    if params:
        lines += ["| argument / option | what | default |", "|---|---|---|"]
        lines += [f"| {_names(p)} | {_help(p)} | {_default(p)} |" for p in params]
        lines.append("")


def cli_markdown(app: typer.Typer | None = None) -> str:
    """The Markdown reference of every ``crossroads`` command, in name order."""
    if app is None:
        from crossroads.cli.main import app as main_app

        app = main_app
    group: Any = typer.main.get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the CLI itself (`python -m crossroads.cli.reference > docs/cli.md`; a test",
        "fails when this file is stale). `crossroads COMMAND --help` prints the same text.",
        "",
        "`advise`, `plan`, `report` and `simulate` share the run options `--paths --seed --horizon",
        "--method --target`, validated once (docs/architecture.md); a bad value exits 2 naming it.",
        "",
    ]
    ctx = group.context_class(group, info_name="crossroads")
    for name in sorted(group.list_commands(ctx)):
        cmd = group.get_command(ctx, name)
        assert cmd is not None
        if hasattr(cmd, "list_commands"):
            sub = cmd.context_class(cmd, info_name=name)
            for s in sorted(cmd.list_commands(sub)):
                sc = cmd.get_command(sub, s)
                assert sc is not None
                _command(f"{name} {s}", sc, lines)
        else:
            _command(name, cmd, lines)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(cli_markdown())
