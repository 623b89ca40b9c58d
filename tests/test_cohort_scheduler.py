"""``crossroads cohort --scheduler tcp://…`` against a separately started Dask cluster.

The scheduler and its worker are their own processes (``dask scheduler`` / ``dask worker``, as
on a real cluster), not a LocalCluster inside the test: the run must reach them only through the
address, ship the partitions and the run options to a process that imported nothing of the test,
and write the same bytes as the in-process API.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cohort_data import make_cohort
from crossroads.cohort import CohortRun, score_cohort

DASK = Path(sys.executable).with_name("dask")


def _wait_for(path: Path, seconds: float) -> dict[str, Any]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists():
            try:
                return json.loads(path.read_text())  # type: ignore[no-any-return]
            except json.JSONDecodeError:
                pass  # written but not complete yet
        time.sleep(0.2)
    raise AssertionError(f"no scheduler file after {seconds} s")


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a scheduler with one worker process (one thread), both started here."""
    if not DASK.exists():
        pytest.skip(f"the dask command is not installed next to {sys.executable}")
    d = tmp_path_factory.mktemp("sched")
    sfile = d / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    common = ["--no-dashboard"]
    procs = [
        subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--scheduler-file", str(sfile), *common],
            env=env, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    ]  # fmt: skip
    try:
        address = _wait_for(sfile, 60)["address"]
        procs.append(
            subprocess.Popen(
                [str(DASK), "worker", "--scheduler-file", str(sfile), "--nworkers", "1",
                 "--nthreads", "1", "--host", "127.0.0.1", *common],
                env=env, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        from dask.distributed import Client

        with Client(address, timeout="30s") as c:
            c.wait_for_workers(1, timeout=60)
        yield str(address)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_separately_started_scheduler_gives_the_in_process_result(
    scheduler: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    people = tmp_path / "people.csv"
    make_cohort(people, 3, duplicates=1, start=60)
    out = tmp_path / "out.parquet"
    r = cli("cohort", people, "-o", out, "--scheduler", scheduler, "--paths", "100", "--seed", "3")
    assert r.exit_code == 0, r.stderr
    here = score_cohort(people, CohortRun(seed=3, paths=100))
    assert pl.read_parquet(out).equals(here.results)
    rej = pl.read_csv(out.with_name("out.rejects.csv"))
    assert rej.height == here.rejects.height and rej.height > 0
    assert f"{here.results.height} advised" in r.stdout


def test_an_unreachable_scheduler_exits_2_naming_it(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    people = tmp_path / "people.csv"
    people.write_text("id,country\nA,US\n")
    r = cli("cohort", people, "-o", tmp_path / "o.parquet", "--scheduler", "tcp://127.0.0.1:9")
    assert r.exit_code == 2 and "scheduler" in r.stderr
