"""The error boundary (issue 13): plain messages, escaped user text, exit codes, --debug, Ctrl-C."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crossroads.boundary import classify, report, safe_text
from crossroads.errors import InputError

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture()
def profile(tmp_path: Path) -> Path:
    from crossroads.profile import example_text

    p = tmp_path / "me.yaml"
    p.write_text(example_text("career-changer"), encoding="utf-8")
    return p


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from crossroads.cli.main import run

    code = run(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (InputError.one("x", "bad"), 2),
        (OSError(errno.ENOSPC, "No space left on device", "out.html"), 1),
        (PermissionError(errno.EACCES, "Permission denied", "out.html"), 1),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "outdir"), 2),
        (FileNotFoundError(errno.ENOENT, "No such file", "x.yaml"), 2),
        (MemoryError(), 1),
        (RecursionError(), 2),
        (KeyboardInterrupt(), 130),
        (ValueError("a bug"), 1),
    ],
)
def test_every_failure_has_a_code_and_a_plain_message(exc: BaseException, code: int) -> None:
    failure = classify(exc)
    assert failure.code == code
    assert failure.message and "Traceback" not in failure.message


def test_http_status_for_the_web_face() -> None:
    assert classify(InputError.one("x", "bad")).http_status == 422
    assert classify(OSError(errno.ENOSPC, "full")).http_status == 503
    assert classify(ValueError("bug")).http_status == 500


def test_an_unexpected_error_says_it_is_a_bug_and_how_to_see_more() -> None:
    msg = classify(ZeroDivisionError("boom")).message
    assert "bug" in msg and "--debug" in msg and "ZeroDivisionError" in msg


def test_control_characters_are_escaped() -> None:
    assert safe_text("a\x1b[31mb\u202e\x07") == "a\\x1b[31mb\\u202e\\x07"
    assert safe_text("two\nlines\tok") == "two\nlines\tok"


def test_report_prints_plain_text_and_debug_adds_the_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    try:
        raise InputError.one("country", "'[us]' is not a code [bold]x[/]")
    except InputError as exc:
        out = io.StringIO()
        assert report(exc, out) == 2
        assert "'[us]' is not a code [bold]x[/]" in out.getvalue()
        assert "Traceback" not in out.getvalue()
        monkeypatch.setenv("CROSSROADS_DEBUG", "1")
        out = io.StringIO()
        report(exc, out)
        assert "Traceback" in out.getvalue()


def test_cli_markup_in_user_text_is_shown_literally(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(
        ["simulate", str(profile), "--option", "career:[/x]", "--paths", "200"], capsys
    )
    assert code == 2 and "[/x]" in out and "Traceback" not in out
    bad = profile.with_name("bad.yaml")
    bad.write_text(profile.read_text().replace("country: US", 'country: "[us]"'), encoding="utf-8")
    code, out = _run(["validate", str(bad)], capsys)
    assert code == 2 and "'[us]'" in out


def test_cli_debug_flag_anywhere(profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["simulate", str(profile), "--option", "nope", "--debug"], capsys)
    assert code == 2 and "Traceback" in out
    code, out = _run(["simulate", str(profile), "--option", "nope"], capsys)
    assert code == 2 and "Traceback" not in out


def test_cli_simulate_refuses_a_negative_seed(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(
        ["simulate", str(profile), "--option", "microtask", "--seed", "-1", "--paths", "200"],
        capsys,
    )
    assert code == 2 and "seed" in out and "Traceback" not in out


def test_cli_warns_for_a_target_that_is_not_teleworkable(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(
        ["advise", str(profile), "--paths", "200", "--target", "27-2011.00", "--json"], capsys
    )
    assert code == 0
    assert "not teleworkable" in out


@pytest.mark.parametrize("delay", [0.0, 0.15, 0.6])
def test_ctrl_c_at_start_up_is_exit_130_without_traceback(profile: Path, delay: float) -> None:
    """Ctrl-C while the CLI imports Typer, Rich, NumPy ... (inside main) or runs: 130, no traceback.

    The child says "ready" once the console script's own module is imported (what a console
    script does first); the interpreter's start-up before that is outside crossroads' reach.
    """
    code = "import crossroads.cli.main as m; print('ready', flush=True); m.main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "advise", str(profile)],
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert proc.returncode == 130, (proc.returncode, err)
