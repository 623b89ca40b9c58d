"""``crossroads cohort`` and ``crossroads example --cohort`` end to end (no cluster needed)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from cohort_data import good_rows
from crossroads.cohort import CohortRun, score_cohort
from crossroads.cohort.columns import row_to_person


def test_example_cohort_is_a_few_hundred_varied_rows(cli: Callable[..., Any]) -> None:
    r = cli("example", "--cohort")
    assert r.exit_code == 0
    df = pl.read_csv(io.StringIO(r.stdout), infer_schema=False)
    assert 250 <= df.height <= 1000
    assert df["country"].n_unique() >= 4 and df["gender"].n_unique() >= 2
    assert df["hours_per_week"].n_unique() >= 5


def test_a_file_that_cannot_be_read_exits_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    r = cli("cohort", tmp_path / "missing.csv", "-o", tmp_path / "o.parquet")
    assert r.exit_code == 2 and "IN" in r.stderr
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x")
    assert cli("cohort", bad, "-o", tmp_path / "o.parquet").exit_code == 2
    noid = tmp_path / "noid.csv"
    noid.write_text("name,savings\nA,1\n")
    r = cli("cohort", noid, "-o", tmp_path / "o.parquet")
    assert r.exit_code == 2 and "--id-column" in r.stderr


def test_conflicting_or_bad_options_exit_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("id,country\nA,US\n")
    r = cli(
        "cohort",
        f,
        "-o",
        tmp_path / "o.parquet",
        "--workers",
        "2",
        "--scheduler",
        "tcp://127.0.0.1:1",
    )
    assert r.exit_code == 2 and "workers" in r.stderr
    assert cli("cohort", f, "-o", tmp_path / "o.json").exit_code == 2
    assert cli("cohort", f, "-o", tmp_path / "o.parquet", "--paths", "5").exit_code == 2


def test_one_row_equals_advise_on_that_person_with_the_same_seed(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    """Full mode: the row is exactly what ``crossroads advise --seed <row's seed>`` says."""
    fields, rows = good_rows(1, start=7)
    df = pl.DataFrame([rows[0]])
    res = score_cohort(df, CohortRun(seed=5, paths=300, quick=False)).results.row(0, named=True)
    person = row_to_person(1, rows[0], "id", [])
    assert not isinstance(person, list)
    prof = tmp_path / "me.yaml"
    prof.write_text(yaml.safe_dump(person.profile.to_data()), encoding="utf-8")
    r = cli("advise", prof, "--json", "--paths", "300", "--seed", str(res["seed"]))
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    rec = next(o for o in doc["options"] if o["id"] == doc["recommendation"])
    assert res["recommendation"] == doc["recommendation"]
    assert res["family"] == doc["recommendation_family"]
    assert res["score"] == rec["score"] and res["p_first"] == rec["p_first"]
    assert res["family_p_first"] == rec["family_p_first"]
    for k in ("p_shortfall", "net_income_p10", "net_income_p50", "net_income_p90"):
        assert res[k] == rec["metrics"][k], k
    assert res["months_to_first_income_p50"] == rec["metrics"]["months_to_first_income_p50"]
    assert res["months_to_cover_expenses_p50"] == rec["metrics"]["months_to_cover_expenses_p50"]
    assert res["warnings"].split(" | ")[0] == (doc["warnings"] or [""])[0]


def test_a_quick_row_equals_the_service_case_with_the_same_run_config() -> None:
    """Quick mode: the row is ``Crossroads().case(profile, RunConfig(quick=True, seed=...))``."""
    from crossroads import Crossroads, RunConfig

    _, rows = good_rows(1, start=9)
    res = score_cohort(pl.DataFrame([rows[0]]), CohortRun(seed=2, paths=200)).results.row(
        0, named=True
    )
    person = row_to_person(1, rows[0], "id", [])
    assert not isinstance(person, list)
    want = (
        Crossroads()
        .case(person.profile, RunConfig(paths=200, seed=res["seed"], quick=True))
        .summary_record()
    )
    for k, v in want.items():
        if k != "profile_name":
            assert res[k] == v, k


def test_a_quick_row_equals_advise_quick_on_that_person(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    """Quick mode from the shell: ``crossroads advise --quick --seed <row's seed>`` says the same."""
    _, rows = good_rows(1, start=11)
    res = score_cohort(pl.DataFrame([rows[0]]), CohortRun(seed=4, paths=200)).results.row(
        0, named=True
    )
    person = row_to_person(1, rows[0], "id", [])
    assert not isinstance(person, list)
    prof = tmp_path / "me.yaml"
    prof.write_text(yaml.safe_dump(person.profile.to_data()), encoding="utf-8")
    r = cli("advise", prof, "--json", "--quick", "--paths", "200", "--seed", str(res["seed"]))
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    rec = next(o for o in doc["options"] if o["id"] == doc["recommendation"])
    assert res["recommendation"] == doc["recommendation"]
    assert res["score"] == rec["score"] and res["p_first"] == rec["p_first"]
    assert res["p_shortfall"] == rec["metrics"]["p_shortfall"]
    assert res["net_income_p50"] == rec["metrics"]["net_income_p50"]
    assert doc["tipping_points"] == []  # quick mode skips them
    assert doc["paths"] == 200 and doc["seed"] == res["seed"]


def test_quick_is_a_shared_run_option(cli: Callable[..., Any]) -> None:
    for cmd in ("advise", "plan", "report", "simulate"):
        r = cli(cmd, "--help")
        assert r.exit_code == 0 and "--quick" in r.stdout, cmd
