"""Every command shown in README.md's code blocks runs (exit 0) against a temporary profile.

Why: a README command that does not work is the first thing a new user meets. Commands are taken
from fenced blocks (a leading ``$`` is dropped); synopsis lines (``[--option]``) are not commands.
Each runs in a fresh process, in order, in one temporary directory with its own journal database,
so ``me.yaml`` is the profile the README's first command writes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: Commands that need a person at the keyboard (the questionnaire reads answers from a terminal).
INTERACTIVE = ("crossroads assess",)
#: A file the README's import example reads (a platform export with a column to --map).
SESSIONS_CSV = (
    "date,platform,minutes,Reward\n2026-11-20,Prolific,45,6.00\n2026-11-21,Prolific,30,3.50\n"
)


def readme_commands(text: str = README) -> list[str]:
    """The ``crossroads ...`` command lines of the fenced code blocks, in order, comments removed."""
    out: list[str] = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        for line in block.splitlines():
            s = line.strip().removeprefix("$ ")
            if not s.startswith("crossroads ") or "[" in s or "PROFILE" in s:
                continue
            out.append(re.sub(r"\s+#.*$", "", s))
    return out


def test_readme_shows_commands() -> None:
    cmds = readme_commands()
    assert any(c.startswith("crossroads advise") for c in cmds) and len(cmds) >= 10


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("CROSSROADS_README_COMMANDS"),
    reason="~30 fresh processes (minutes on a loaded 2-core box): set CROSSROADS_README_COMMANDS=1",
)
def test_every_readme_command_runs(tmp_path: Path) -> None:
    (tmp_path / "sessions.csv").write_text(SESSIONS_CSV, encoding="utf-8")
    env = dict(os.environ, CROSSROADS_DB=str(tmp_path / "journal.db"), COLUMNS="120")
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    shim = f'crossroads() {{ "{sys.executable}" -m crossroads.cli.main "$@"; }}'
    failures = []
    for cmd in readme_commands():
        if cmd.startswith(INTERACTIVE):
            continue
        r = subprocess.run(["bash", "-c", f"{shim}\n{cmd}"], cwd=tmp_path, env=env, input="y\n",
                           capture_output=True, text=True, timeout=300)  # fmt: skip
        if r.returncode != 0:
            failures.append(f"{cmd}\n  exit {r.returncode}: {r.stderr.strip()[-400:]}")
    assert not failures, "README commands that fail:\n" + "\n".join(failures)


def test_readme_links_resolve() -> None:
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README):
        if re.match(r"[a-z]+://|mailto:", target):
            continue
        assert (ROOT / target).exists(), f"README links to {target}, which does not exist"
