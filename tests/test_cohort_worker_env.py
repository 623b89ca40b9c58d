"""LocalCluster workers start with a glibc trim threshold that does not double the CPU per person."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any

from crossroads.cohort import local_client
from crossroads.cohort.runner import QUIET_CLUSTER, WORKER_MALLOC_MMAP, WORKER_MALLOC_TRIM


def _trim() -> tuple[str | None, str | None]:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("MALLOC_MMAP_THRESHOLD_")


@contextlib.contextmanager
def _one_worker() -> Iterator[Any]:
    """A fresh one-worker ``local_client``, closed with its cluster afterwards."""
    client = local_client(1)
    try:
        yield client
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()


def _in_one_worker(fn: Callable[..., Any]) -> list[Any]:
    """``fn``'s answer in each worker of a fresh one-worker ``local_client``."""
    with _one_worker() as client:
        return list(client.run(fn).values())


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


def _timers(dask_worker: Any) -> dict[str, float]:
    callbacks = dask_worker.periodic_callbacks
    return {k: float(callbacks[k].callback_time) for k in ("tick", "monitor", "memory_monitor")}


def test_local_cluster_timers_are_slowed_in_the_workers_and_in_the_client_process() -> None:
    """Every wake-up of a timer is CPU taken from a worker when the workers fill the cores."""
    import dask

    def ms(key: str) -> float:
        return 1000 * float(dask.utils.parse_timedelta(str(QUIET_CLUSTER[key])))

    expected = {
        "tick": ms("distributed.admin.tick.interval"),
        "monitor": ms("distributed.admin.system-monitor.interval"),
        "memory_monitor": ms("distributed.worker.memory.monitor-interval"),
    }
    assert expected == {"tick": 1000, "monitor": 5000, "memory_monitor": 1000}
    with _one_worker() as client:
        assert list(client.run(_timers).values()) == [expected]
        cluster: Any = client.cluster
        nannies = list(cluster.workers.values())
        assert [_timers(n) for n in nannies] == [expected]  # the nannies run in this process
        sched = cluster.scheduler.periodic_callbacks
        assert sched["tick"].callback_time == 1000 and sched["monitor"].callback_time == 5000
        # the memory safety net is still on: pause at 80 %, restart at 95 % of the limit
        fractions = client.run(
            lambda: (
                dask.config.get("distributed.worker.memory.pause"),
                dask.config.get("distributed.worker.memory.terminate"),
            )
        )
        assert list(fractions.values()) == [(0.8, 0.95)]
        assert nannies[0].memory_manager.memory_limit
