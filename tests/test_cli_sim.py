"""`crossroads simulate` / `crossroads calibrate` end to end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import CliRunner


def test_simulate_table(cli: CliRunner, example_path: Callable[..., Path]) -> None:
    r = cli(
        "simulate",
        example_path("career-changer"),
        "--option",
        "hybrid:10:20:43-4051.00",
        "--paths",
        "500",
        "--horizon",
        "12",
    )
    assert r.exit_code == 0, r.stderr
    assert "Probability of a shortfall" in r.stdout and "Time to first income" in r.stdout
    assert "Assumptions used" in r.stdout


def test_simulate_json(cli: CliRunner, example_path: Callable[..., Path]) -> None:
    r = cli(
        "simulate",
        example_path("student"),
        "--option",
        "microtask",
        "--paths",
        "300",
        "--seed",
        "4",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert {
        "option",
        "metrics",
        "assumptions",
        "seed",
        "paths",
        "horizon_months",
        "warnings",
    } <= set(doc)
    assert doc["seed"] == 4 and len(doc["metrics"]["income_bands"]) == doc["horizon_months"]
    again = cli(
        "simulate",
        example_path("student"),
        "--option",
        "microtask",
        "--paths",
        "300",
        "--seed",
        "4",
        "--json",
    )
    assert again.json() == doc


def test_bad_option_exit_2_names_option(cli: CliRunner, example_path: Callable[..., Path]) -> None:
    r = cli("simulate", example_path("student"), "--option", "career:nope")
    assert r.exit_code == 2 and "option" in r.stderr


def test_calibrate_json(cli: CliRunner) -> None:
    r = cli("calibrate", "--json")
    assert r.exit_code == 0, r.stderr
    rows = r.json()
    assert all({"name", "source", "published", "model", "tolerance", "ok"} <= set(x) for x in rows)
    assert any(x["ok"] is None for x in rows)
