"""Runs that cannot fit in memory are refused up front, naming --paths and what fits (issue 13)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from crossroads.errors import InputError
from crossroads.options import Option
from crossroads.profile import load_example
from crossroads.resources import (
    BASE_BYTES,
    check_run_memory,
    estimate_run_bytes,
    largest_paths,
)
from crossroads.simulation import simulate, summarise


def test_refusal_names_paths_and_the_largest_value_that_fits() -> None:
    budget = 4 * 2**30
    with pytest.raises(InputError) as info:
        check_run_memory(1_000_000, 36, 9, available=budget)
    (err,) = info.value.errors
    assert err.field == "paths" and "--paths 1,000,000" in err.reason
    fits = largest_paths(budget, 36, 9)
    assert f"--paths {fits:,} or fewer" in err.reason
    check_run_memory(fits, 36, 9, available=budget)  # the value offered does fit
    with pytest.raises(InputError):
        check_run_memory(fits * 2, 36, 9, available=budget)


def test_small_runs_pass_and_nothing_fits_in_nothing() -> None:
    check_run_memory(10_000, 36, 12, available=2 * 2**30)
    with pytest.raises(InputError) as info:
        check_run_memory(10_000, 36, 12, available=BASE_BYTES // 2)
    assert "free some memory" in info.value.errors[0].reason


def test_estimate_bounds_the_real_peak() -> None:
    """The named constants must stay above what the engine really allocates (tracemalloc)."""
    prof = load_example("career-changer")
    options = [Option.microtask(20.0), Option.career("43-4051.00", 20.0, "Customer Service")]
    simulate(prof, options, paths=500, seed=0)  # warm caches (catalog, workspace)
    paths = 20_000
    tracemalloc.start()
    res = simulate(prof, options, paths=paths, seed=0)
    for i in range(len(options)):
        summarise(res, i)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak <= estimate_run_bytes(paths, res.months, len(options)) - BASE_BYTES, peak


def test_the_engine_refuses_before_allocating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSROADS_MEMORY_MB", "400")
    prof = load_example("career-changer")
    with pytest.raises(InputError) as info:
        simulate(prof, [Option.microtask(20.0)], paths=1_000_000, seed=0)
    assert info.value.errors[0].field == "paths"


def test_cli_exit_2_with_the_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from crossroads.cli.main import run
    from crossroads.profile import example_text

    p = tmp_path / "me.yaml"
    p.write_text(example_text("career-changer"), encoding="utf-8")
    monkeypatch.setenv("CROSSROADS_MEMORY_MB", "600")
    code = run(["advise", str(p), "--paths", "1000000"])
    err = capsys.readouterr().err
    assert code == 2 and "--paths" in err and "or fewer" in err
    assert "Traceback" not in err


def test_a_measurement_stands_for_a_second_and_the_override_always_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Engine calls re-read /proc at most once a second; CROSSROADS_MEMORY_MB is read every time."""
    import time

    import crossroads.resources as res

    reads: list[int] = []

    def fake() -> int:
        reads.append(1)
        return 8 * 2**30

    clock = [100.0]
    monkeypatch.delenv("CROSSROADS_MEMORY_MB", raising=False)
    monkeypatch.setattr(res, "_meminfo_available", fake)
    monkeypatch.setattr(res, "_cgroup_room", lambda: None)
    monkeypatch.setattr(res, "_address_space_room", lambda: None)
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(res, "_MEASURED", [])
    first = res.available_memory()
    assert first == int(8 * 2**30 * res.HEADROOM)
    clock[0] += 0.5
    assert res.available_memory() == first and len(reads) == 1
    clock[0] += res.MEASURE_TTL_S
    assert res.available_memory() == first and len(reads) == 2
    monkeypatch.setenv("CROSSROADS_MEMORY_MB", "400")
    assert res.available_memory() == 400 * 2**20
