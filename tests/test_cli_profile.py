"""End to end through the CLI: example, validate and assess (answers piped on stdin)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from crossroads.assess import state_path
from crossroads.catalog.skills import SOFT_SKILLS
from crossroads.profile import example_names, load_profile

if TYPE_CHECKING:
    from conftest import CliRunner

ANSWERS = (
    ["Kim", "gb", "gbp", "4000", "1800", "200", "-500", "300", "25", "24", "15%"]
    + ["5", "4", "3", "2", "1", "0", "5", "4", "3", "2", "1"]
    + ["4"] * len(SOFT_SKILLS)
    + ["", ""]  # education, experience: skipped
    + ["n"]
)


def lines(answers: list[str]) -> str:
    return "".join(a + "\n" for a in answers)


@pytest.mark.parametrize("name", ["cash-now", "career-changer", "student", "dana"])
def test_example_prints_a_loadable_profile(cli: CliRunner, tmp_path: Path, name: str) -> None:
    r = cli("example", name)
    assert r.exit_code == 0, r.stderr
    path = tmp_path / f"{name}.yaml"
    path.write_text(r.stdout, encoding="utf-8")
    p = load_profile(path)
    assert p.name and p.money.monthly_expenses > 0
    assert r.stdout.lstrip().startswith("#")  # commented like the YAML


def test_example_default_is_career_changer(cli: CliRunner) -> None:
    r = cli("example")
    assert r.exit_code == 0
    assert yaml.safe_load(r.stdout)["name"].startswith("Alex")


def test_example_list(cli: CliRunner) -> None:
    r = cli("example", "--list")
    assert r.exit_code == 0
    listed = [line.split()[0] for line in r.stdout.splitlines() if line.strip()]
    assert listed == example_names()
    assert "runway" in r.stdout and "(default)" in r.stdout


def test_unknown_example_exits_2_with_the_list(cli: CliRunner) -> None:
    r = cli("example", "nope")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "cash-now" in r.stderr and "student" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_validate_ok(cli: CliRunner, example_path: Callable[..., Path]) -> None:
    r = cli("validate", example_path("cash-now"))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("OK")
    assert "600" in r.stdout and "35 h/week" in r.stdout


def test_validate_json(cli: CliRunner, example_path: Callable[..., Path]) -> None:
    r = cli("validate", example_path("student"), "--json")
    assert r.exit_code == 0
    assert r.json()["time"]["hours_per_week"] == 12


def test_validate_bad_profile_lists_every_error(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: X\ncountry: ZZ\nmoney:\n  savings: -10\n  monthly_expenses: 100\n"
        "time:\n  hours_per_week: 200\n  horizon_months: 0\nskills:\n  speeking: 3\n",
        encoding="utf-8",
    )
    r = cli("validate", path)
    assert r.exit_code == 2
    err = " ".join(r.stderr.split())  # the console may wrap long lines
    for field in (
        "country",
        "money.savings",
        "time.hours_per_week",
        "time.horizon_months",
        "skills.speeking",
    ):
        assert f"{field}:" in err
    assert "5 problems found" in err
    assert "did you mean 'speaking'" in err and "cash_floor" in err
    assert "Traceback" not in err and "pydantic" not in err.lower()


@pytest.mark.parametrize("content", ["name: [oops\n", None])
def test_validate_unreadable_file_exits_2(
    cli: CliRunner, tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "p.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    r = cli("validate", path)
    assert r.exit_code == 2
    assert "<file>" in r.stderr and "Traceback" not in r.stderr


def test_assess_full_run_through_stdin(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "me.yaml"
    r = cli("assess", "-o", out, input=lines(ANSWERS))
    assert r.exit_code == 0, r.stdout + r.stderr
    p = load_profile(out)
    assert p.country == "GB" and p.money.cash_floor == -500
    assert p.skills == {s: 4 for s in SOFT_SKILLS}
    assert cli("validate", out).exit_code == 0
    assert not state_path(out).exists()


def test_assess_reasks_wrong_answers(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "me.yaml"
    answers = ANSWERS[:3] + ["-5", "many"] + ANSWERS[3:8] + ["500"] + ANSWERS[8:]
    r = cli("assess", "-o", out, input=lines(answers))
    assert r.exit_code == 0, r.stdout
    assert "at least 0" in r.stdout and "not a number" in r.stdout and "at most 112" in r.stdout
    assert load_profile(out).time.hours_per_week == 25


def test_assess_interrupted_then_resumed(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "me.yaml"
    r1 = cli("assess", "-o", out, input=lines(ANSWERS[:20]))
    assert r1.exit_code == 1
    assert "resume" in r1.stdout
    assert state_path(out).exists() and not out.exists()
    r2 = cli("assess", "-o", out, input=lines(ANSWERS[20:]))
    assert r2.exit_code == 0, r2.stdout
    assert "Resuming: 20 answer(s)" in r2.stdout
    p = load_profile(out)
    assert p.name == "Kim" and p.priorities.fit == 1
    assert not state_path(out).exists()


def test_assess_restart(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "me.yaml"
    cli("assess", "-o", out, input=lines(ANSWERS[:5]))
    r = cli("assess", "-o", out, "--restart", input=lines(["Lee"] + ANSWERS[1:]))
    assert r.exit_code == 0
    assert load_profile(out).name == "Lee"


def test_assess_shows_onet_anchors_from_the_catalog(cli: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("crossroads.catalog.loader")
    r = cli("assess", "-o", tmp_path / "me.yaml", input=lines(ANSWERS))
    assert r.exit_code == 0
    assert "Greet tourists and explain tourist attractions" in r.stdout
    assert "Argue a legal case before the Supreme Court" in r.stdout


def test_assess_refuses_to_overwrite_a_broken_profile(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "me.yaml"
    out.write_text("name: [broken\n", encoding="utf-8")
    r = cli("assess", "-o", out, input=lines(ANSWERS))
    assert r.exit_code == 2
    assert out.read_text(encoding="utf-8") == "name: [broken\n"


def test_validate_json_is_one_document(cli: CliRunner, example_path: Callable[..., Path]) -> None:
    r = cli("validate", example_path("dana"), "--json")
    doc = json.loads(r.stdout)
    assert doc["priorities"]["quick_payout"] == 5
