"""The cohort on a real Dask LocalCluster (2 worker processes, as in CI) and through the CLI.

One worker, two workers and the in-process API give the same bytes; the catalog is loaded once
per worker; the report is one offline file with the group view.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cohort_data import make_cohort
from crossroads.cohort import CohortRun, local_client, run_cohort, score_cohort

ARGS = ("--paths", "100", "--seed", "11")


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask") / "people.csv"
    make_cohort(path, 30, duplicates=1, start=40)
    return path


@pytest.fixture(scope="module")
def two_workers(people: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("w2") / "out.parquet"
    client = local_client(2)
    try:
        stats = run_cohort(people, out, CohortRun(seed=11, paths=100), client=client)
    finally:
        cluster = client.cluster
        client.close()
        assert cluster is not None
        cluster.close()
    return out, stats


def test_two_workers_score_every_row_with_one_catalog_load_each(
    people: Path, two_workers: tuple[Path, Any]
) -> None:
    out, stats = two_workers
    n = pl.read_csv(people, infer_schema=False).height
    res = pl.read_parquet(out)
    rej = pl.read_csv(out.with_name("out.rejects.csv"))
    assert set(res["row"]) | set(rej["row"]) == set(range(1, n + 1))
    assert set(res["row"]).isdisjoint(set(rej["row"]))
    assert stats.workers == 2 and len(stats.catalog_loads) == 2
    assert all(v == 1 for v in stats.catalog_loads.values())
    assert len(stats.worker_peak_mb) == 2 and all(v > 0 for v in stats.worker_peak_mb.values())


def test_one_worker_two_workers_and_in_process_are_identical(
    people: Path, two_workers: tuple[Path, Any], cli: Callable[..., Any], tmp_path: Path
) -> None:
    out2, _ = two_workers
    out1 = tmp_path / "out.parquet"
    report = tmp_path / "cohort.html"
    r = cli("cohort", people, "-o", out1, "--workers", "1", "--report", report, *ARGS)
    assert r.exit_code == 0, r.stderr
    assert out1.read_bytes() == out2.read_bytes()
    assert (
        out1.with_name("out.rejects.csv").read_bytes()
        == out2.with_name("out.rejects.csv").read_bytes()
    )
    here = score_cohort(people, CohortRun(seed=11, paths=100)).results
    assert pl.read_parquet(out1).equals(here)
    m = re.search(r"([\d,]+) advised, ([\d,]+) rejected", r.stdout)
    assert m is not None and int(m.group(1).replace(",", "")) == here.height

    html = report.read_text(encoding="utf-8")
    assert "<script src" not in html and '<link rel="stylesheet"' not in html
    assert "vegaEmbed" in html and 'id="crossroads-specs"' in html
    assert 'id="group-gender"' in html and 'id="group-age_band"' in html
    assert "no difference is stated" in html  # groups under 20 people are shown, not compared
    assert "crossroads never reads gender" in html
    assert "SeedSequence([11, blake2b(id)])" in html
    assert f'<span id="n-advised">{here.height}</span>' in html
