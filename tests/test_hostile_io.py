"""Outputs that never lose a file (issue 13): atomic writes, refusals before work, I/O faults.

The fault tests use the real thing where the machine allows: ``/dev/full`` for ENOSPC, a 0555
directory for EACCES (skipped as root, where file modes do not apply, unless ``setpriv`` can drop
CAP_DAC_OVERRIDE), a directory as the output, and a SIGKILL in the middle of a write.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from crossroads.boundary import classify
from crossroads.errors import InputError
from crossroads.safeio import (
    TMP_SUFFIX,
    Output,
    OutputError,
    atomic_write,
    check_output,
    check_output_dir,
    write_all,
)

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _listing(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir())


def test_atomic_write_keeps_the_mode_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _listing(tmp_path) == ["me.yaml"]


def test_new_files_follow_the_umask_and_private_files_are_0600(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "a.txt", "x")
        atomic_write(tmp_path / "b.txt", "x", mode=0o600)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o600


def test_the_input_profile_is_never_an_output(tmp_path: Path) -> None:
    prof = tmp_path / "me.yaml"
    prof.write_text("name: x  # crossroads")
    for force in (False, True):
        with pytest.raises(InputError) as info:
            check_output(prof, inputs=[prof], force=force)
        assert "input profile" in info.value.errors[0].reason
    with pytest.raises(InputError):  # the same file by another name
        check_output(tmp_path / "." / "me.yaml", inputs=[prof])


def test_directory_as_output_and_file_as_image_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        check_output(tmp_path)
    assert "directory" in info.value.errors[0].reason
    f = tmp_path / "afile"
    f.write_text("x")
    with pytest.raises(InputError):
        check_output_dir(f, field="png")


def test_overwrite_convention(tmp_path: Path) -> None:
    mine = tmp_path / "report.html"
    mine.write_text("<title>crossroads report</title>")
    check_output(mine)  # crossroads wrote it: replaced without asking
    notes = tmp_path / "notes.html"
    notes.write_text("<p>my own notes</p>")
    with pytest.raises(InputError) as info:
        check_output(notes)
    assert "--force" in info.value.errors[0].reason
    check_output(notes, force=True)
    write_all([Output(notes, b"<p>crossroads</p>")], force=True)
    assert notes.read_bytes() == b"<p>crossroads</p>"


def test_dev_full_is_an_environment_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with pytest.raises(OSError) as info:
        write_all([Output(Path("/dev/full"), b"x" * 100_000)])
    failure = classify(info.value)
    assert failure.code == 1 and "no space" in failure.message


def _can_drop_dac() -> bool:
    return os.geteuid() != 0 or shutil.which("setpriv") is not None


@pytest.mark.skipif(not _can_drop_dac(), reason="root without setpriv ignores file modes")
def test_unwritable_directory_is_refused_before_work(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    code = textwrap.dedent(
        f"""
        import sys
        from crossroads.safeio import check_output
        from crossroads.boundary import report
        try:
            check_output({str(ro / "r.html")!r})
        except BaseException as exc:
            sys.exit(report(exc))
        """
    )
    prefix = (
        ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    )
    proc = subprocess.run(
        [*prefix, sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        timeout=60,
    )
    ro.chmod(0o755)
    assert proc.returncode == 1, proc.stderr
    assert "permission denied" in proc.stderr and "Traceback" not in proc.stderr


def test_multi_file_output_is_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "plan.md"
    old.write_text("old plan by crossroads")
    outs = [Output(old, b"new plan crossroads"), Output(tmp_path / "plan.ics", b"BEGIN:VCALENDAR")]
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second rename fails: the first must be rolled back
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_all(outs)
    monkeypatch.setattr(os, "replace", real_replace)
    assert old.read_text() == "old plan by crossroads"
    assert _listing(tmp_path) == ["plan.md"]  # no new file, no temporary file


def test_a_kill_during_the_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    old = "<title>crossroads</title>" + "x" * 1_000_000
    target.write_text(old)
    # A child writes 200 MB through safeio slowly enough to be killed in the middle.
    code = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        import crossroads.safeio as s
        real = os.fsync
        def slow(fd):
            print("writing", flush=True)
            import time; time.sleep(30)
            real(fd)
        os.fsync = slow
        s.write_all([s.Output(Path({str(target)!r}), b"y" * 50_000_000)])
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"  # the bytes are in the temp file now
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert target.read_text() == old
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(TMP_SUFFIX)]
    assert len(leftovers) == 1  # the killed run's temporary file ...
    assert stat.S_IMODE(leftovers[0].stat().st_mode) == 0o600  # ... readable by its owner only
    # ... and it is cleaned by a later write once stale.
    os.utime(leftovers[0], (time.time() - 3600, time.time() - 3600))
    write_all([Output(target, b"crossroads new")])
    assert _listing(tmp_path) == ["report.html"]


def test_output_error_is_exit_1_and_input_errors_exit_2() -> None:
    assert classify(OutputError("cannot write")).code == 1
    assert classify(InputError.one("output", "x")).code == 2


# --- the CLI end to end ---


@pytest.fixture()
def profile(tmp_path: Path) -> Path:
    from crossroads.profile import example_text

    p = tmp_path / "me.yaml"
    p.write_text(example_text("career-changer"), encoding="utf-8")
    return p


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from crossroads.cli.main import run

    code = run(args)
    return code, capsys.readouterr().err


def test_cli_refuses_the_profile_as_output_before_any_work(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = profile.read_text()
    t0 = time.perf_counter()
    for args in (
        ["report", str(profile), "-o", str(profile)],
        ["plan", str(profile), "-o", str(profile), "--format", "md"],
        ["plan", str(profile), "--ics", str(profile)],
    ):
        code, err = _run(args, capsys)
        assert code == 2 and "input profile" in err, err
    assert time.perf_counter() - t0 < 20  # refused before the simulation
    assert profile.read_text() == before


def test_cli_png_on_a_file_writes_nothing(
    profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "afile").write_text("x")
    code, err = _run(
        [
            "report",
            str(profile),
            "-o",
            str(tmp_path / "r.html"),
            "--png",
            str(tmp_path / "afile"),
            "--paths",
            "200",
        ],
        capsys,
    )
    assert code == 2 and "not a directory" in err
    assert not (tmp_path / "r.html").exists()


def test_cli_ics_beside_a_directory_output_leaves_nothing(
    profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "outdir").mkdir()
    code, err = _run(
        [
            "plan",
            str(profile),
            "--ics",
            str(tmp_path / "ok.ics"),
            "-o",
            str(tmp_path / "outdir"),
            "--paths",
            "200",
        ],
        capsys,
    )
    assert code == 2 and "directory" in err
    assert not (tmp_path / "ok.ics").exists()


def test_cli_plan_to_dev_full_is_exit_1(profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    code, err = _run(
        ["plan", str(profile), "-o", "/dev/full", "--format", "md", "--paths", "200"], capsys
    )
    assert code == 1 and "no space" in err and "Traceback" not in err


def test_assess_keeps_every_field_comment_and_mode(tmp_path: Path) -> None:
    from crossroads.assess import Questionnaire

    out = tmp_path / "me.yaml"
    out.write_text(
        "# my own notes\nname: Alex\ncountry: US\nmoney:\n  savings: 9000  # in the bank\n"
        "  monthly_expenses: 2200\ntime:\n  hours_per_week: 30\nskills:\n  programming: 5\n"
        "as_of: 2026-06-01\nassumptions:\n  mt_wage_median: 2\n",
        encoding="utf-8",
    )
    out.chmod(0o644)
    answers = iter([""] * 200)
    q = Questionnaire(output=out, ask=lambda _p: next(answers, None), say=lambda _t: None)
    assert q.run()
    text = out.read_text(encoding="utf-8")
    for kept in ("# my own notes", "# in the bank", "as_of", "mt_wage_median: 2", "programming: 5"):
        assert kept in text, kept
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_assess_writes_json_for_a_json_output(tmp_path: Path) -> None:
    from crossroads.assess import Questionnaire, state_path

    out = tmp_path / "new.json"
    answers = iter(["Alex", "US", "", "9000", "2200", *[""] * 200])
    q = Questionnaire(output=out, ask=lambda _p: next(answers, None), say=lambda _t: None)
    assert q.run()
    assert json.loads(out.read_text())["name"] == "Alex"
    assert not state_path(out).exists()


def test_assess_progress_file_is_private(tmp_path: Path) -> None:
    from crossroads.assess import Questionnaire, state_path

    out = tmp_path / "me.yaml"
    answers = iter(["Alex", None])
    q = Questionnaire(output=out, ask=lambda _p: next(answers, None), say=lambda _t: None)
    assert not q.run()
    assert stat.S_IMODE(state_path(out).stat().st_mode) == 0o600


def test_journal_export_is_atomic_and_keeps_the_mode(tmp_path: Path) -> None:
    from crossroads.service import Crossroads

    journal = Crossroads(db=tmp_path / "j.db").journal("me")
    out = tmp_path / "export.csv"
    out.write_text("old")
    out.chmod(0o644)
    journal.export(out)
    assert out.read_text() != "old"
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(TMP_SUFFIX)) == []
