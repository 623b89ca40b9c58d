"""Cohort invariants, in-process: every row in OUT or in the rejects, never both, never neither."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohort_data import make_cohort
from crossroads.cohort import CohortRun, run_cohort, score_cohort
from crossroads.cohort import score as score_mod

RUN = CohortRun(seed=3, paths=100)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Any]:
    path = tmp_path_factory.mktemp("cohort") / "people.csv"
    expected = make_cohort(path, 40, duplicates=2)
    return path, expected, score_cohort(path, RUN)


def test_every_row_is_advised_or_rejected_never_both(
    generated: tuple[Path, dict[str, str], Any],
) -> None:
    path, _, res = generated
    n = pl.read_csv(path, infer_schema=False).height
    advised = set(res.results["row"].to_list())
    rejected = set(res.rejects["row"].to_list())
    assert advised.isdisjoint(rejected)
    assert advised | rejected == set(range(1, n + 1))
    assert res.stats.advised == len(advised) and res.stats.rejected == len(rejected)
    assert res.results["row"].to_list() == sorted(advised)  # input order


def test_each_bad_row_is_rejected_for_its_field(
    generated: tuple[Path, dict[str, str], Any],
) -> None:
    _, expected, res = generated
    rej = res.rejects
    for pid, fld in expected.items():
        mine = rej.filter(pl.col("id") == pid)
        assert mine.height >= 1, pid
        assert fld in mine["field"].to_list(), (pid, mine.to_dicts())
        assert all(r for r in mine["reason"].to_list())


def test_a_duplicate_id_is_rejected_and_its_first_row_advised(
    generated: tuple[Path, dict[str, str], Any],
) -> None:
    _, _, res = generated
    dup = res.rejects.filter(pl.col("reason").str.contains("duplicate id"))
    assert dup.height == 2
    for pid in dup["id"].to_list():
        assert res.results.filter(pl.col("id") == pid).height == 1


def test_results_carry_the_documented_columns(generated: tuple[Path, dict[str, str], Any]) -> None:
    _, _, res = generated
    df = res.results
    for col in score_mod.OUT_COLUMNS:
        assert col in df.columns
    assert {"gender", "age_band", "site", "country"} <= set(df.columns)
    assert df["p_shortfall"].is_between(0, 1).all() and (df["p_shortfall_se"] >= 0).all()
    assert (df["net_income_p10"] <= df["net_income_p50"]).all() and (
        df["net_income_p50"] <= df["net_income_p90"]
    ).all()
    assert set(df["kind"].to_list()) <= {"microtask", "career", "hybrid"}
    assert (df["paths"] == 100).all() and df["quick"].all()
    assert (df["family_p_first"] >= df["p_first"] - 1e-12).all()


def test_a_persons_result_does_not_depend_on_row_order(
    generated: tuple[Path, dict[str, str], Any], tmp_path: Path
) -> None:
    path, _, res = generated
    df = pl.read_csv(path, infer_schema=False)
    idx = list(range(df.height))
    random.Random(5).shuffle(idx)
    shuffled = (
        df[idx]
        .unique(subset=["id"], keep="first", maintain_order=True)
        .filter(pl.col("id").str.starts_with("P"))
        .head(12)
    )
    got = score_cohort(shuffled, RUN).results.drop("row").sort("id")
    want = res.results.filter(pl.col("id").is_in(shuffled["id"].to_list())).drop("row").sort("id")
    assert got.equals(want)


def test_an_exception_while_advising_is_a_reject_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    make_cohort(path, 4, duplicates=0)
    real = score_mod.advise_person

    def flaky(profile: Any, seed: int, run: CohortRun) -> Any:
        if profile.name == "P0002":
            raise ZeroDivisionError("simulated bug")
        return real(profile, seed, run)

    monkeypatch.setattr(score_mod, "advise_person", flaky)
    res = score_cohort(path, RUN)
    bug = res.rejects.filter(pl.col("id") == "P0002")
    assert bug.height == 1 and "ZeroDivisionError: simulated bug" in bug["reason"][0]
    assert res.results.filter(pl.col("id") == "P0002").height == 0
    assert res.results.height == 4 - 1


def test_outputs_are_written_as_csv_or_parquet_by_suffix(
    generated: tuple[Path, dict[str, str], Any], tmp_path: Path
) -> None:
    path, _, res = generated
    small = pl.read_csv(path, infer_schema=False).head(6)
    st = run_cohort(small, tmp_path / "o.csv", RUN)
    back = pl.read_csv(tmp_path / "o.csv")
    assert back.height == st.advised and (tmp_path / "o.rejects.csv").exists()
    st2 = run_cohort(small, tmp_path / "o.parquet", RUN, rejects=tmp_path / "r.csv")
    assert (
        pl.read_parquet(tmp_path / "o.parquet")
        .drop("row")
        .equals(res.results.filter(pl.col("id").is_in(small["id"].to_list())).drop("row"))
    )
    assert st2.advised == st.advised and not list(tmp_path.glob("*.part"))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2000), st.integers(1, 40))
def test_partitions_cover_every_row_once_and_shrink_over_the_tail(rows: int, cap: int) -> None:
    """Every row in exactly one slice, in order; slices at most the run's size, never growing,
    and the last ones small, so two workers finish close together (the cuts depend on the row
    count and the size only: OUT does not depend on the workers)."""
    from crossroads.cohort.runner import (
        TAIL_DIVISOR,
        TAIL_MIN_ROWS,
        _partitions,
        partition_size_for,
        partition_sizes,
    )

    size = partition_size_for(rows, cap)
    parts = list(_partitions(pl.DataFrame({"id": list(range(rows))}), size))
    assert [k for k, _ in parts] == list(range(len(parts)))
    assert [n for _, part in parts for n, _ in part] == list(range(1, rows + 1))
    sizes = [len(part) for _, part in parts]
    assert sizes == partition_sizes(rows, size)
    assert all(0 < s <= size for s in sizes)
    assert all(a >= b for a, b in zip(sizes, sizes[1:], strict=False))
    left = rows
    for s in sizes:  # never more than a sixth of what is left, unless that is under two rows
        assert s <= max(TAIL_MIN_ROWS, -(-left // TAIL_DIVISOR)) or s == left
        left -= s
    if rows >= TAIL_MIN_ROWS and size >= TAIL_MIN_ROWS:
        assert sizes[-1] <= TAIL_MIN_ROWS


def test_sixty_rows_are_cut_as_documented() -> None:
    from crossroads.cohort.runner import partition_size_for, partition_sizes

    assert partition_size_for(60) == 8
    assert partition_sizes(60, 8) == [8, 8, 8, 6, 5, 5, 4, 3, 3, 2, 2, 2, 2, 2]
    assert partition_sizes(1000, 25)[:34] == [25] * 34 and sum(partition_sizes(1000, 25)) == 1000
