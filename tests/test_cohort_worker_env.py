"""LocalCluster workers start with a glibc trim threshold that does not double the CPU per person."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from crossroads.cohort import local_client
from crossroads.cohort.runner import WORKER_MALLOC_MMAP, WORKER_MALLOC_TRIM


def _trim() -> tuple[str | None, str | None]:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("MALLOC_MMAP_THRESHOLD_")


def _in_one_worker(fn: Callable[..., Any]) -> list[Any]:
    """``fn``'s answer in each worker of a fresh one-worker ``local_client``."""
    client = local_client(1)
    try:
        return list(client.run(fn).values())
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()


def test_local_workers_get_the_trim_threshold() -> None:
    got = _in_one_worker(_trim)
    assert got == [(str(WORKER_MALLOC_TRIM), str(WORKER_MALLOC_MMAP))]
    assert WORKER_MALLOC_TRIM > 65536  # Dask's default, which made workers page-fault per person
    # a trim threshold freezes glibc's mmap threshold at 128 KiB unless it is set too
    assert 128 * 1024 < WORKER_MALLOC_MMAP <= 32 * 1024 * 1024  # glibc's ceiling on 64-bit


def _profiling(dask_worker: object) -> tuple[bool, bool]:
    import dask

    callbacks = getattr(dask_worker, "periodic_callbacks", {})
    return bool(dask.config.get("distributed.worker.profile.enabled")), "profile" in callbacks


def test_local_workers_do_not_run_the_statistical_profiler() -> None:
    """No dashboard reads it, and sampling every 10 ms cost 3-4 ms of CPU per person."""
    assert _in_one_worker(_profiling) == [(False, False)]
