"""The questionnaire logic with injected input/output: validation, defaults, resume, atomic output."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossroads.assess import Questionnaire, atomic_write, build_questions, state_path
from crossroads.catalog.skills import SOFT_SKILLS
from crossroads.profile import CRITERIA, Profile, load_profile

ANCHORS_FILE = Path("/work/shared/data/occupations/onet_29_3/level_scale_anchors.txt")


def file_anchors() -> dict[str, dict[float, str]]:
    """O*NET LV anchors straight from the shared data (tests only: the product uses the catalog)."""
    from crossroads.catalog.skills import SKILL_BY_TITLE

    out: dict[str, dict[float, str]] = {}
    with ANCHORS_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            skill = SKILL_BY_TITLE.get(row["Element Name"])
            if skill and row["Scale ID"] == "LV":
                out.setdefault(skill.key, {})[float(row["Anchor Value"])] = row[
                    "Anchor Description"
                ]
    return out


class Script:
    """Feeds answers one by one and records everything shown; None = end of input."""

    def __init__(self, answers: Iterable[str]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.out: list[str] = []

    def ask(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else None

    def say(self, text: str) -> None:
        self.out.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.out)


def no_anchors(skill: str) -> Mapping[float, str]:
    return {}


FULL = (
    ["Kim", "gb", "gbp", "4000", "1800", "200", "-500", "300", "25", "24", "15%"]
    + ["5", "4", "3", "2", "1", "0", "5", "4", "3", "2", "1"]
    + [str(i % 8) for i in range(15)]
    + ["", ""]  # education, experience: skipped
    + ["n"]
)


def run(
    tmp_path: Path, answers: list[str], anchors: Any = no_anchors, **kw: Any
) -> tuple[bool, Script, Questionnaire]:
    s = Script(answers)
    q = Questionnaire(output=tmp_path / "me.yaml", ask=s.ask, say=s.say, anchors=anchors, **kw)
    return q.run(), s, q


def test_full_run_writes_a_valid_profile(tmp_path: Path) -> None:
    done, s, _ = run(tmp_path, FULL)
    assert done
    p = load_profile(tmp_path / "me.yaml")
    assert p.name == "Kim" and p.country == "GB" and p.currency == "GBP"
    assert p.money.savings == 4000 and p.money.cash_floor == -500
    assert p.time.horizon_months == 24
    assert p.risk.max_shortfall_probability == pytest.approx(0.15)
    assert p.priorities.as_dict() == dict(
        zip(CRITERIA, [5, 4, 3, 2, 1, 0, 5, 4, 3, 2, 1], strict=True)
    )
    assert p.skills == {k: i % 8 for i, k in enumerate(SOFT_SKILLS)}
    assert not state_path(tmp_path / "me.yaml").exists()
    assert len(s.prompts) == len(FULL)


def test_defaults_accepted_with_enter(tmp_path: Path) -> None:
    answers = ["", "", "", "1000", "900"] + [""] * 40
    done, _, _ = run(tmp_path, answers)
    assert done
    p = load_profile(tmp_path / "me.yaml")
    assert p.country == "US" and p.time.hours_per_week == 20 and p.time.horizon_months == 36
    assert p.skills == {}  # Enter on a skill = not rated


@pytest.mark.parametrize(
    ("position", "bad", "reason"),
    [
        (1, "Atlantis", "ISO 3166-1"),
        (3, "-10", "at least 0"),
        (3, "lots", "not a number"),
        (6, "99999", "above your savings"),
        (8, "113", "at most 112"),
        (9, "0", "between 1 and 120"),
        (9, "6.5", "whole number"),
        (10, "150", "percentage"),
        (11, "6", "at most 5"),
        (22, "8", "at most 7"),
        (39, "maybe", "y or n"),  # after the education and experience questions
    ],
)
def test_wrong_answers_are_reasked(tmp_path: Path, position: int, bad: str, reason: str) -> None:
    answers = FULL[:position] + [bad] + FULL[position:]
    done, s, _ = run(tmp_path, answers)
    assert done
    assert reason in s.text
    # the same question was asked twice in a row
    assert s.prompts[position] == s.prompts[position + 1]
    assert load_profile(tmp_path / "me.yaml").name == "Kim"


def test_required_answer_without_default(tmp_path: Path) -> None:
    answers = FULL[:3] + [""] + FULL[3:]
    done, s, _ = run(tmp_path, answers)
    assert done and "an answer is needed" in s.text


@pytest.mark.parametrize("stop", [None, "q"])
def test_interrupted_run_resumes(tmp_path: Path, stop: str | None) -> None:
    first = FULL[:14] + ([stop] if stop else [])
    done, s1, _ = run(tmp_path, first)
    assert not done
    state = state_path(tmp_path / "me.yaml")
    assert state.exists() and not (tmp_path / "me.yaml").exists()
    saved = json.loads(state.read_text())["answers"]
    assert saved["name"] == "Kim" and len(saved) == 14

    done, s2, _ = run(tmp_path, FULL[14:])
    assert done
    assert "Resuming: 14 answer(s)" in s2.text
    assert not state.exists()
    assert load_profile(tmp_path / "me.yaml") == _complete_profile(tmp_path / "ref")


def _complete_profile(where: Path) -> Profile:
    where.mkdir()
    done, _, _ = run(where, FULL)
    assert done
    return load_profile(where / "me.yaml")


def test_restart_discards_progress(tmp_path: Path) -> None:
    run(tmp_path, FULL[:5])
    done, s, _ = run(tmp_path, ["Lee"] + FULL[1:], restart=True)
    assert done and "Resuming" not in s.text
    assert load_profile(tmp_path / "me.yaml").name == "Lee"


def test_existing_profile_gives_the_defaults(
    tmp_path: Path, example_path: Callable[..., Path]
) -> None:
    out = tmp_path / "me.yaml"
    out.write_text(example_path("career-changer").read_text(), encoding="utf-8")
    before = load_profile(out)
    done, s, _ = run(tmp_path, [""] * 80)
    assert done
    after = load_profile(out)
    assert after.money == before.money and after.priorities == before.priorities
    assert after.work_styles == before.work_styles
    soft = {k: v for k, v in before.skills.items() if k in SOFT_SKILLS}
    assert {k: v for k, v in after.skills.items() if k in SOFT_SKILLS} == soft


def test_optional_work_styles_and_values(tmp_path: Path) -> None:
    answers = FULL[:-1] + ["y", "4", "", "5"] + [""] * 13 + ["6"] + [""] * 5
    done, s, _ = run(tmp_path, answers)
    assert done
    p = load_profile(tmp_path / "me.yaml")
    assert p.work_styles == {"achievement_effort": 4, "initiative": 5}
    assert p.work_values == {"achievement": 6}
    assert any(p.startswith("(") and "Independence:" in p for p in s.prompts)


def test_skill_questions_show_onet_anchors(tmp_path: Path) -> None:
    if not ANCHORS_FILE.exists():
        pytest.skip("shared O*NET data not available")
    anchors = file_anchors()
    done, s, _ = run(tmp_path, FULL, anchors=lambda k: anchors.get(k, {}))
    assert done
    assert "2 = Greet tourists and explain tourist attractions" in s.text
    assert "6 = Argue a legal case before the Supreme Court" in s.text


def test_catalog_anchors_equal_onet_file() -> None:
    """The product reads anchors through the catalog; they must be O*NET's own text."""
    if not ANCHORS_FILE.exists():
        pytest.skip("shared O*NET data not available")
    pytest.importorskip("crossroads.catalog.loader")
    from crossroads.assess import catalog_anchors

    expected = file_anchors()
    get = catalog_anchors()
    for skill in SOFT_SKILLS:
        assert dict(get(skill)) == expected[skill]


def test_help_answer_repeats_the_anchors(tmp_path: Path) -> None:
    answers = FULL[:22] + ["?"] + FULL[22:]
    done, s, _ = run(tmp_path, answers, anchors=lambda k: {2.0: "two", 4.0: "four"})
    assert done
    assert s.text.count("4 = four") >= len(SOFT_SKILLS) + 1


def test_questions_cover_the_issue() -> None:
    keys = [q.key for q in build_questions(no_anchors)]
    assert {f"skills.{s}" for s in SOFT_SKILLS} <= set(keys)
    assert {f"priorities.{c}" for c in CRITERIA} <= set(keys)
    assert {"money.savings", "money.monthly_expenses", "time.hours_per_week"} <= set(keys)
    assert len(keys) == len(set(keys))


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("old")
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


def test_corrupt_state_is_an_input_error(tmp_path: Path) -> None:
    from crossroads.errors import InputError

    state_path(tmp_path / "me.yaml").write_text("{not json")
    with pytest.raises(InputError) as info:
        run(tmp_path, FULL)
    assert "--restart" in info.value.errors[0].reason


junk = st.one_of(
    st.sampled_from(
        ["", "?", "skip", "y", "n", "-1", "0", "3", "7", "8", "1e9", "nan", "US", "5%"]
    ),
    st.text(max_size=8).filter(
        lambda t: "\n" not in t and t.strip().lower() not in {"q", "quit", "exit"}
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(junk, max_size=90))
def test_any_answers_never_crash_and_output_is_valid(
    tmp_path_factory: pytest.TempPathFactory, answers: list[str]
) -> None:
    """Whatever is typed, the questionnaire re-asks or stops; it never writes an invalid profile."""
    where = tmp_path_factory.mktemp("junk")
    done, _, _ = run(where, answers)
    out = where / "me.yaml"
    if done:
        assert load_profile(out).time.hours_per_week > 0
    else:
        assert not out.exists()
        json.loads(state_path(out).read_text())  # the saved progress is readable
