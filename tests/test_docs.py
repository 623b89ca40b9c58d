"""Docs cannot drift from the product (after datasette's test_docs.py).

Every CLI command must be documented in the README, the README must open with the two commands
a new machine needs, and every command's ``--help`` must work.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import CliRunner

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_names() -> list[str]:
    from typer.main import get_command

    from crossroads.cli.main import app

    group = get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_readme_opens_with_make_run_and_make_test() -> None:
    head = "\n".join(README.splitlines()[:15])
    assert "make run" in head
    assert "make test" in head


@pytest.mark.parametrize("name", _command_names())
def test_every_command_is_documented_in_readme(name: str) -> None:
    assert re.search(rf"crossroads {re.escape(name)}\b", README), (
        f"`crossroads {name}` missing from README"
    )


@pytest.mark.parametrize("name", _command_names())
def test_every_command_has_help(name: str, cli: CliRunner) -> None:
    result = cli(name, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Usage" in result.stdout


def test_ci_script_calls_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_cli_reference_is_generated_from_the_app() -> None:
    """docs/cli.md is exactly what `python -m crossroads.cli.reference` prints (regenerate it)."""
    from crossroads.cli.reference import cli_markdown

    committed = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == cli_markdown(), (
        "docs/cli.md is stale: python -m crossroads.cli.reference > docs/cli.md"
    )


def test_methodology_parameter_table_is_the_registry() -> None:
    """docs/methodology.md §8 lists every registry parameter exactly as the registry has it."""
    from crossroads.params import markdown_table

    text = (Path(__file__).parents[1] / "docs" / "methodology.md").read_text(encoding="utf-8")
    sec = text[text.index("## 8. Parameters") : text.index("## 9.")]
    assert markdown_table() in sec, "regenerate: crossroads.params.markdown_table()"
