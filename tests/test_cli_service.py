"""The CLI as a thin client of ``Crossroads``: shared run options, one validation, ``--advice``."""

from __future__ import annotations

import json
from typing import Any

import pytest

RUN = ("--paths", "300", "--seed", "2")


@pytest.mark.parametrize("command", ["advise", "plan", "report", "simulate"])
@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--seed", "-1", "seed"),
        ("--paths", "5", "paths"),
        ("--horizon", "0", "horizon"),
        ("--method", "vote", "method"),
    ],
)
def test_every_run_option_is_refused_the_same_way(
    cli: Any, example_path: Any, tmp_path: Any, command: str, option: str, value: str, field: str
) -> None:
    extra = {"simulate": ["--option", "microtask"], "report": ["-o", str(tmp_path / "r.html")]}
    r = cli(command, example_path("student"), *extra.get(command, []), option, value)
    assert r.exit_code == 2, r.stderr
    assert f"{field}: must" in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.count(f"{field}:") == 1  # one message per bad value


def test_plan_from_a_saved_advice_is_the_same_plan(
    cli: Any, example_path: Any, tmp_path: Any
) -> None:
    prof = example_path("career-changer")
    advice = cli("advise", prof, "--json", *RUN)
    assert advice.exit_code == 0, advice.stderr
    saved = tmp_path / "advice.json"
    saved.write_text(advice.stdout, encoding="utf-8")
    direct = cli("plan", prof, "--json", *RUN)
    again = cli("plan", prof, "--json", "--advice", saved)
    assert direct.exit_code == 0 and again.exit_code == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(direct.stdout)


def test_plan_refuses_an_advice_of_someone_else(cli: Any, example_path: Any, tmp_path: Any) -> None:
    advice = cli("advise", example_path("student"), "--json", *RUN)
    saved = tmp_path / "advice.json"
    saved.write_text(advice.stdout, encoding="utf-8")
    r = cli("plan", example_path("career-changer"), "--advice", saved)
    assert r.exit_code == 2 and "advice: was made for" in r.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    r = cli("plan", example_path("career-changer"), "--advice", broken)
    assert r.exit_code == 2 and "advice:" in r.stderr and "not JSON" in r.stderr
    doc: dict[str, Any] = json.loads(advice.stdout)
    doc["schema_version"] = 99
    broken.write_text(json.dumps(doc), encoding="utf-8")
    r = cli("plan", example_path("student"), "--advice", broken)
    assert r.exit_code == 2 and "advice.schema_version" in r.stderr


def test_advise_json_is_the_service_document(cli: Any, example_path: Any) -> None:
    from crossroads import Crossroads, RunConfig

    r = cli("advise", example_path("student"), "--json", *RUN)
    doc = Crossroads().case(example_path("student"), RunConfig(paths=300, seed=2)).advice_json()
    assert json.loads(r.stdout) == doc
    assert doc["schema_version"] == 1


def test_report_reproduce_line_names_every_run_option(
    cli: Any, example_path: Any, tmp_path: Any
) -> None:
    out = tmp_path / "r.html"
    r = cli(
        "report", example_path("student"), "-o", out, *RUN, "--horizon", "12", "--method", "topsis"
    )
    assert r.exit_code == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "crossroads report PROFILE --seed 2 --paths 300 --horizon 12 --method topsis" in text
