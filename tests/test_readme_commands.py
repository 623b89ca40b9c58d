"""Every command shown in README.md's code blocks runs (exit 0) against a temporary profile.

Why: a README command that does not work is the first thing a new user meets. Commands are taken
from fenced blocks (a leading ``$`` is dropped); synopsis lines (``[--option]``, ``PROFILE``) are
not commands. Each block runs in order, in its own temporary directory with its own journal
database and a ``me.yaml`` written first (the profile the README's first command writes), so a
block can be read and tried on its own. The commands run in-process through the CLI's own entry
(:func:`crossroads.cli.main.run`), one block per test so the suite's workers share them: fresh
processes would repeat the imports and the catalog load ~30 times for nothing the CLI tests do not
already cover (``make bench`` times the fresh-process start; the CLI end-to-end tests run it).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
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


def _commands(block: str) -> list[str]:
    out: list[str] = []
    for line in block.splitlines():
        s = line.strip().removeprefix("$ ")
        if not s.startswith("crossroads ") or "[" in s or "PROFILE" in s:
            continue
        out.append(re.sub(r"\s+#.*$", "", s))
    return out


def readme_blocks(text: str = README) -> list[list[str]]:
    """The ``crossroads ...`` command lines of each fenced code block that has any, in order."""
    blocks = [_commands(b) for b in re.findall(r"```[a-z]*\n(.*?)```", text, re.S)]
    return [b for b in blocks if b]


def readme_commands(text: str = README) -> list[str]:
    """Every README command line, in order, comments removed."""
    return [c for b in readme_blocks(text) for c in b]


def test_readme_shows_commands() -> None:
    cmds = readme_commands()
    assert any(c.startswith("crossroads advise") for c in cmds) and len(cmds) >= 10


#: The suite runs the README's commands as written but smaller where size is all that differs
#: (20,000 paths → 2,000; the cohort example cut to 40 people below): full-size runs are what the
#: engine, report and cohort tests and ``make bench`` measure; here the point is that each works.
_CHEAPER = {"20000": "2000"}


def _run_line(line: str) -> tuple[int, str]:
    """Run one README line in-process: ``crossroads ARGS [> FILE]``; (exit code, stderr tail)."""
    from crossroads.cli.main import run

    words = [_CHEAPER.get(w, w) for w in shlex.split(line)]
    target = None
    if ">" in words:
        i = words.index(">")
        words, target = words[:i], words[i + 1]
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO("y\n" * 4)  # a confirmation prompt, if any, is answered "yes"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(words[1:])
    finally:
        sys.stdin = old_stdin
    if target is not None:
        text = out.getvalue()
        if words[1:3] == ["example", "--cohort"]:  # the suite's CPU: 40 people, not 300
            text = "".join(text.splitlines(keepends=True)[:41])
        Path(target).write_text(text, encoding="utf-8")
    return code, err.getvalue().strip()[-400:]


def _params() -> list[object]:
    """One pytest param per block, named after its first command."""
    return [
        pytest.param(b, id=re.sub(r"\W+", "-", b[0].split(">")[0])[11:50]) for b in readme_blocks()
    ]


@pytest.mark.slow
@pytest.mark.parametrize("block", _params())
def test_every_readme_command_runs(
    block: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossroads.profile import example_text

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CROSSROADS_DB", str(tmp_path / "journal.db"))
    monkeypatch.setenv("COLUMNS", "120")
    (tmp_path / "sessions.csv").write_text(SESSIONS_CSV, encoding="utf-8")
    (tmp_path / "me.yaml").write_text(example_text("career-changer"), encoding="utf-8")
    failures = []
    for cmd in block:
        if cmd.startswith(INTERACTIVE):
            continue
        code, err = _run_line(cmd)
        if code != 0:
            failures.append(f"{cmd}\n  exit {code}: {err}")
    assert not failures, "README commands that fail:\n" + "\n".join(failures)


def test_readme_links_resolve() -> None:
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README):
        if re.match(r"[a-z]+://|mailto:", target):
            continue
        assert (ROOT / target).exists(), f"README links to {target}, which does not exist"
