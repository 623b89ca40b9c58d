"""Every bundled example runs end to end through the CLI (mesa's test_examples idea).

`make run` relies on these commands; a small path count keeps the suite fast while still going
through the real catalog, engine, decision, plan and report code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from crossroads.profile import example_names

if TYPE_CHECKING:
    from conftest import CliRunner
    from crossroads.profile import Profile


@pytest.mark.parametrize("name", example_names())
def test_example_runs_end_to_end(
    name: str, cli: CliRunner, example_path: Callable[..., Path], tmp_path: Path
) -> None:
    path = example_path(name)
    assert cli("validate", path).exit_code == 0

    advice = cli("advise", path, "--json", "--paths", "300")
    assert advice.exit_code == 0, advice.stderr
    doc = advice.json()
    ids = [o["id"] for o in doc["options"]]
    assert doc["recommendation"] in ids
    assert sorted(o["rank"] for o in doc["options"]) == list(range(1, len(ids) + 1))

    plan = cli(
        "plan", path, "--format", "json", "--option", doc["recommendation"], "--paths", "300"
    )
    assert plan.exit_code == 0, plan.stderr
    months = plan.json()["months"]
    assert len(months) == doc["horizon_months"]


def test_make_run_example_writes_a_report(
    cli: CliRunner, example_path: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    res = cli("report", example_path("career-changer"), "-o", out, "--paths", "300")
    assert res.exit_code == 0, res.stderr
    assert str(out) in res.stdout
    html = out.read_text(encoding="utf-8")
    assert "<script src" not in html
    assert html.count("vega") > 10


def test_plan_default_option_is_advise_recommendation(
    example_profile: Callable[[str], Profile],
) -> None:
    from crossroads.decision import advise
    from crossroads.plan import make_plan

    profile = example_profile("dana")
    rec = advise(profile, paths=1000, seed=3).recommendation
    plan = make_plan(profile, paths=1000, seed=3)
    assert plan.to_dict()["option_id"] == rec
