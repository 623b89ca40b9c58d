"""Read a cohort, score it partition by partition (in-process or on Dask), write as it goes.

Why it is built this way:

* **Nothing lost**: every row number of the input ends in exactly one place, a record or one or
  more rejects. Cell problems, duplicate ids and exceptions while advising are rejects made
  inside the partition; a partition whose task fails as a whole (a worker that died twice) becomes
  rejects for each of its rows, so the run still finishes.
* **Reproducible**: partitions are cut by a fixed size (not by the number of workers) and
  written in input order whatever order they finish in; each person's seed depends only on the
  global seed and the id (:mod:`.seeds`). One worker or two give byte-identical files.
* **Flat memory**: only a bounded number of partitions are in flight; finished ones are written
  and dropped (an out-of-order partition waits in a buffer that is bounded by the in-flight count).
"""

from __future__ import annotations

import contextlib
import os
import resource
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crossroads.errors import FieldError, InputError

from .columns import Reject, group_columns
from .score import OUT_COLUMNS, CohortRun, PartitionResult, score_partition

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa
    from distributed import Client, Future

#: People per partition at most: small enough that a progress bar moves and a failed task costs
#: little, large enough that the per-task overhead of Dask (a few ms) stays negligible.
PARTITION_SIZE = 25
#: Small cohorts are cut into about this many partitions so that every worker gets work. Not
#: more: a Dask task costs a worker several ms of its own (one worker, 60 people: 41.5-43.5 ms
#: of CPU per person in 30 partitions of 2, 36.4-39.5 ms in 8 of 8; 2026-12-07).
MIN_PARTITIONS = 8
#: glibc's trim threshold for LocalCluster workers (bytes): see :func:`local_client`.
WORKER_MALLOC_TRIM = 64 * 1024 * 1024
#: glibc's mmap threshold for LocalCluster workers (32 MiB, glibc's own ceiling on 64-bit).
#: Setting any trim threshold switches off glibc's *dynamic* mmap threshold, which otherwise
#: rises to the size of the arrays a process frees; left at its 128 KiB start, every engine array
#: of a quick person (1,000 paths × 24+ months of float64, 0.2-0.4 MB) is an mmap and a munmap,
#: and its pages are faulted in afresh. See ``local_client``.
WORKER_MALLOC_MMAP = 32 * 1024 * 1024

#: Dask's background timers, slowed for a LocalCluster on the machine it scores on. The scheduler
#: and the nannies live in the client's process, and by default they wake every 20 ms (the
#: event-loop "tick"), every 100 ms per nanny and per worker (the memory monitor, a psutil read of
#: /proc) and every 500 ms (the system monitor, with disk counters, for a dashboard that is not
#: started). With two workers on two cores, every wake-up is taken from a worker: the client's
#: threads used 113-186 ms of CPU per 60-person run with the defaults, 50-75 ms with these
#: settings, and the two workers 2.67-2.98 s against 2.20-2.59 s (alternating, 2026-12-08). What
#: is kept: the memory monitor still pauses a worker at 80 % and restarts it at 95 % of its memory
#: limit, checked every second instead of ten times a second; an engine call's arrays are sized
#: to the machine (``crossroads.resources``), so memory does not jump by gigabytes within a
#: second.
QUIET_CLUSTER: dict[str, object] = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "1s",
}


def partition_size_for(rows: int, cap: int = PARTITION_SIZE) -> int:
    """People per partition for a cohort of ``rows``: a function of the cohort only, never of the
    number of workers, so OUT is byte-identical whatever runs it."""
    return max(1, min(cap, -(-rows // MIN_PARTITIONS)))


Progress = Callable[[int, int], None]


@dataclass
class CohortStats:
    """What a run did: counts, the group columns it kept, and where the work ran."""

    rows: int = 0
    advised: int = 0
    rejected: int = 0
    reject_lines: int = 0
    partitions: int = 0
    groups: list[str] = field(default_factory=list)
    catalog_loads: dict[int, int] = field(default_factory=dict)  # worker pid -> catalog loads
    worker_peak_mb: dict[str, float] = field(default_factory=dict)
    workers: int = 0

    def summary(self) -> str:
        """The line the CLI prints: "9,988 advised, 12 rejected"."""
        return f"{self.advised:,} advised, {self.rejected:,} rejected"


@dataclass
class CohortResult:
    """``score_cohort``'s answer: one record per advised person, the rejects, and the stats."""

    results: pl.DataFrame
    rejects: pl.DataFrame
    stats: CohortStats


# ------------------------------------------------------------------------------------------------
# reading
# ------------------------------------------------------------------------------------------------


def read_table(path: str | Path) -> pl.DataFrame:
    """Read IN as a Polars frame: CSV with every column as text, or Parquet as typed.

    Raises :class:`InputError` (field ``IN``) when the file cannot be read at all — the only case
    in which a cohort run stops (exit 2) instead of rejecting rows.
    """
    import polars as pl

    p = Path(path)
    if not p.is_file():
        raise InputError.one("IN", f"no such file: {p}")
    suffix = p.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            return pl.read_parquet(p)
        if suffix in (".csv", ".txt", ".tsv"):
            return pl.read_csv(
                p,
                infer_schema=False,
                separator="\t" if suffix == ".tsv" else ",",
                truncate_ragged_lines=False,
                encoding="utf8",
            )
    except Exception as exc:  # noqa: BLE001 - any reader failure is "the file cannot be read"
        raise InputError.one(
            "IN", f"cannot read {p.name}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
        ) from None
    raise InputError.one("IN", f"must be a .csv or .parquet file, got {p.name!r}")


def as_frame(table: object) -> pl.DataFrame:
    """A Polars frame from a path, a Polars/pandas frame, a PyArrow table or a list of dicts."""
    import polars as pl

    if isinstance(table, (str, Path)):
        return read_table(table)
    if isinstance(table, pl.DataFrame):
        return table
    if isinstance(table, list):
        return pl.DataFrame(table, infer_schema_length=None) if table else pl.DataFrame()
    try:
        got = (
            pl.from_pandas(table)
            if type(table).__module__.startswith("pandas")
            else pl.from_arrow(table)
        )
    except Exception as exc:  # noqa: BLE001
        raise InputError.one(
            "table", f"cannot be read as a table: {type(exc).__name__}: {exc}"
        ) from None
    return got if isinstance(got, pl.DataFrame) else pl.DataFrame(got)


def _check_frame(df: pl.DataFrame, id_column: str) -> None:
    if df.width == 0 or df.height == 0:
        raise InputError.one("IN", "has no rows: one row per person is expected, with a header")
    if id_column not in df.columns:
        raise InputError.one(
            "IN",
            f"has no {id_column!r} column (columns: {', '.join(df.columns[:12])}); "
            "name the id column with --id-column",
        )


def _duplicates(df: pl.DataFrame, id_column: str) -> dict[int, int]:
    """Row number (1-based) of every repeated id → the row where the id first appears."""
    first: dict[str, int] = {}
    dup: dict[int, int] = {}
    for i, v in enumerate(df.get_column(id_column).to_list(), start=1):
        if v is None:
            continue
        key = str(v).strip()
        if not key:
            continue
        if key in first:
            dup[i] = first[key]
        else:
            first[key] = i
    return dup


# ------------------------------------------------------------------------------------------------
# scoring, in input order
# ------------------------------------------------------------------------------------------------


#: The tail of a cohort is cut finer: a partition holds at most 1/TAIL_DIVISOR of the rows still
#: to come, and no fewer than TAIL_MIN_ROWS, so the last tasks are short and the workers finish
#: close together. With equal slices a worker sat idle for the length of a whole partition while
#: the other finished the last one: two workers on 60 people were idle 5.0-11.9 % of the run
#: (median 9.1 %) with eight equal slices, 4.2-6.7 % (median 4.7 %) with these (task streams of
#: six alternating runs, 2026-12-08).
TAIL_DIVISOR = 6
TAIL_MIN_ROWS = 2


def partition_sizes(rows: int, size: int) -> list[int]:
    """The people in each partition, in order: at most ``size``, and shrinking over the tail.

    A function of the row count and the size alone, never of the workers, so OUT does not depend
    on who runs it. 60 rows at most 8 a partition: 8, 8, 8, 6, 5, 5, 4, 3, 3, 2, 2, 2, 2, 2.
    """
    size = max(1, size)
    out: list[int] = []
    left = rows
    while left > 0:
        n = min(left, size, max(TAIL_MIN_ROWS, -(-left // TAIL_DIVISOR)))
        out.append(n)
        left -= n
    return out


def _partitions(
    df: pl.DataFrame, size: int
) -> Iterator[tuple[int, list[tuple[int, dict[str, Any]]]]]:
    """(index, [(row number, cells)]) for the slices of :func:`partition_sizes`; dicts made only
    when a slice is submitted."""
    start = 0
    for k, n in enumerate(partition_sizes(df.height, size)):
        part = df.slice(start, n).to_dicts()
        yield k, [(start + j + 1, r) for j, r in enumerate(part)]
        start += n


def _failed(
    index: int, rows: Sequence[tuple[int, Mapping[str, Any]]], id_column: str, exc: BaseException
) -> PartitionResult:
    why = f"the worker scoring this row's partition failed: {type(exc).__name__}: {exc}"
    return PartitionResult(
        index=index, rejects=[Reject(r, str(c.get(id_column) or ""), "", why) for r, c in rows]
    )


def iter_scored(
    df: pl.DataFrame,
    run: CohortRun,
    client: Client | None = None,
    *,
    partition_size: int = PARTITION_SIZE,
    progress: Progress | None = None,
    stats: CohortStats | None = None,
) -> Iterator[PartitionResult]:
    """Score ``df`` and yield each partition's result **in input order**.

    With ``client=None`` partitions are scored here, one after another; with a
    ``dask.distributed.Client`` at most ``2 × workers + 2`` partitions are in flight, and one that
    finishes early waits (bounded) until the ones before it are yielded.
    """
    _check_frame(df, run.id_column)
    groups = group_columns(list(df.columns), run.id_column)
    dups = _duplicates(df, run.id_column)
    st = stats if stats is not None else CohortStats()
    st.rows, st.groups = df.height, groups
    total = df.height
    done = 0
    parts = _partitions(df, partition_size_for(df.height, partition_size))

    def account(res: PartitionResult, n_rows: int) -> PartitionResult:
        nonlocal done
        done += n_rows
        st.partitions += 1
        if res.pid:
            st.catalog_loads[res.pid] = max(st.catalog_loads.get(res.pid, 0), res.catalog_loads)
        if progress is not None:
            progress(done, total)
        return res

    if client is None:
        for k, rows in parts:
            sub = {r: dups[r] for r, _ in rows if r in dups}
            try:
                res = score_partition(k, rows, run, groups, sub)
            except Exception as exc:  # noqa: BLE001
                res = _failed(k, rows, run.id_column, exc)
            yield account(res, len(rows))
        return

    from dask.distributed import as_completed

    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    st.workers = n_workers
    limit = 2 * n_workers + 2
    pending: dict[Future[PartitionResult], tuple[int, list[tuple[int, dict[str, Any]]]]] = {}
    ready: dict[int, PartitionResult] = {}
    next_out = 0
    ac = as_completed()

    def submit_one() -> bool:
        try:
            k, rows = next(parts)
        except StopIteration:
            return False
        sub = {r: dups[r] for r, _ in rows if r in dups}
        fut = client.submit(
            score_partition,
            k,
            rows,
            run,
            groups,
            sub,
            pure=False,
            key=f"cohort-part-{k}-{os.getpid()}-{id(ac)}",
        )
        pending[fut] = (k, rows)
        ac.add(fut)
        return True

    for _ in range(limit):
        if not submit_one():
            break
    for fut in ac:
        k, rows = pending.pop(fut)
        try:
            res = fut.result()
        except Exception as exc:  # noqa: BLE001 - a failed task: its rows become rejects
            res = _failed(k, rows, run.id_column, exc)
        fut.release()
        ready[k] = account(res, len(rows))
        submit_one()
        while next_out in ready:
            yield ready.pop(next_out)
            next_out += 1
    while next_out in ready:
        yield ready.pop(next_out)
        next_out += 1


# ------------------------------------------------------------------------------------------------
# writing, partition by partition
# ------------------------------------------------------------------------------------------------

_TYPES = {
    "row": "int64",
    "seed": "int64",
    "paths": "int64",
    "horizon_months": "int64",
    "n_warnings": "int64",
    "n_options": "int64",
    "quick": "bool_",
    "any_within_tolerance": "bool_",
    "any_covers_expenses": "bool_",
    "score": "float64",
    "p_first": "float64",
    "family_p_first": "float64",
    "p_shortfall": "float64",
    "p_shortfall_se": "float64",
    "net_income_p10": "float64",
    "net_income_p50": "float64",
    "net_income_p90": "float64",
    "months_to_first_income_p50": "float64",
    "months_to_cover_expenses_p50": "float64",
    "final_monthly_income_p50": "float64",
    "tolerance": "float64",
    "hours_per_week": "float64",
    "savings": "float64",
    "monthly_expenses": "float64",
}


def out_schema(groups: list[str]) -> pa.Schema:
    """The Arrow schema of OUT: the documented columns, then the group columns as text."""
    import pyarrow as pa

    names = list(OUT_COLUMNS) + [g for g in groups if g not in OUT_COLUMNS]
    return pa.schema([(n, getattr(pa, _TYPES.get(n, "string"))()) for n in names])


def reject_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [("row", pa.int64()), ("id", pa.string()), ("field", pa.string()), ("reason", pa.string())]
    )


class TableWriter:
    """Appends Arrow batches to a Parquet or CSV file (by suffix) written to a temporary file first.

    The file appears under its name only when :meth:`close` succeeds (``os.replace``), so a run that
    is interrupted never leaves a half-written OUT that looks complete.
    """

    def __init__(self, path: str | Path, schema: pa.Schema) -> None:
        self.path = Path(path)
        self.schema = schema
        self.kind = "parquet" if self.path.suffix.lower() in (".parquet", ".pq") else "csv"
        if self.kind == "csv" and self.path.suffix.lower() not in (".csv", ".txt"):
            raise InputError.one("OUT", f"must end in .parquet or .csv, got {self.path.name!r}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent
        )
        os.close(fd)
        self.tmp = Path(tmp)
        self._writer: Any = None
        self._csv_header = True
        self.rows = 0

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        table = (
            pa.Table.from_pylist(rows, schema=self.schema) if rows else self.schema.empty_table()
        )
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            if self._writer is None:
                self._writer = pq.ParquetWriter(self.tmp, self.schema)
            if rows:
                self._writer.write_table(table)
        else:
            import pyarrow.csv as pacsv

            if not rows and not self._csv_header:
                return
            with open(self.tmp, "ab") as fh:
                pacsv.write_csv(table, fh, pacsv.WriteOptions(include_header=self._csv_header))
            self._csv_header = False
        self.rows += len(rows)

    def close(self) -> Path:
        if self._writer is None and self.kind == "parquet":
            self.write([])
        if self.kind == "csv" and self._csv_header:
            self.write([])
        if self._writer is not None:
            self._writer.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()
        self.tmp.unlink(missing_ok=True)


def _reject_dict(r: Reject) -> dict[str, Any]:
    return {"row": r.row, "id": r.id, "field": r.field, "reason": r.reason}


def default_rejects_path(out: str | Path) -> Path:
    """``people.parquet`` → ``people.rejects.csv`` (beside OUT)."""
    p = Path(out)
    return p.with_name(p.stem + ".rejects.csv")


def worker_peak_mb(client: Client) -> dict[str, float]:
    """Peak resident memory of each Dask worker process (MB), from ``getrusage``."""

    def peak() -> float:
        return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024.0

    got = client.run(peak)
    return {str(k): float(v) for k, v in got.items()}


def run_cohort(
    table: object,
    out: str | Path,
    run: CohortRun,
    *,
    rejects: str | Path | None = None,
    client: Client | None = None,
    partition_size: int = PARTITION_SIZE,
    progress: Progress | None = None,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> CohortStats:
    """Score every person of ``table`` and write OUT and the rejects file as partitions finish.

    ``on_partition`` sees each partition's result in order (the cohort report aggregates from it,
    so nothing has to be re-read or kept in memory).
    """
    df = as_frame(table)
    _check_frame(df, run.id_column)
    groups = group_columns(list(df.columns), run.id_column)
    stats = CohortStats()
    w_out = TableWriter(out, out_schema(groups))
    w_rej = TableWriter(rejects or default_rejects_path(out), reject_schema())
    rejected_rows: set[int] = set()
    try:
        for res in iter_scored(
            df, run, client, partition_size=partition_size, progress=progress, stats=stats
        ):
            w_out.write(res.records)
            w_rej.write([_reject_dict(r) for r in res.rejects])
            stats.advised += len(res.records)
            stats.reject_lines += len(res.rejects)
            rejected_rows.update(r.row for r in res.rejects)
            if on_partition is not None:
                on_partition(res)
    except BaseException:
        w_out.abort()
        w_rej.abort()
        raise
    w_out.close()
    w_rej.close()
    stats.rejected = len(rejected_rows)
    if client is not None:
        try:
            stats.worker_peak_mb = worker_peak_mb(client)
        except Exception:  # noqa: BLE001 - a statistic, not a result
            stats.worker_peak_mb = {}
    return stats


def score_cohort(
    table: object,
    run: CohortRun | None = None,
    client: Client | None = None,
    *,
    partition_size: int = PARTITION_SIZE,
) -> CohortResult:
    """Score a cohort in memory: Polars frames of results and rejects (the Python API).

    ``client`` is a ``dask.distributed.Client`` or None (score here, one partition after another).
    """
    import polars as pl

    run = run or CohortRun()
    df = as_frame(table)
    stats = CohortStats()
    records: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for res in iter_scored(df, run, client, partition_size=partition_size, stats=stats):
        records += res.records
        rejects += [_reject_dict(r) for r in res.rejects]
    stats.advised = len(records)
    stats.reject_lines = len(rejects)
    stats.rejected = len({r["row"] for r in rejects})
    import pyarrow as pa

    res_frame = pl.from_arrow(pa.Table.from_pylist(records, schema=out_schema(stats.groups)))
    rej_frame = pl.from_arrow(pa.Table.from_pylist(rejects, schema=reject_schema()))
    assert isinstance(res_frame, pl.DataFrame) and isinstance(rej_frame, pl.DataFrame)
    return CohortResult(res_frame, rej_frame, stats)


def local_client(workers: int) -> Client:
    """A ``LocalCluster`` of ``workers`` processes with one thread each, no dashboard."""
    if workers < 1:
        raise InputError([FieldError("workers", f"must be 1 or more, got {workers}")])
    import dask
    from dask.distributed import Client, LocalCluster

    # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc hand every
    # freed block above 64 KiB back to the OS at once: the engine's large per-person arrays are
    # then page-faulted in again for every person, and a worker spent 136-141 ms of CPU per quick
    # person against 67-69 ms in a plain process (2026-12-02; a plain process with 65536 set
    # spends 141 ms). 64 MiB still returns memory between partitions (flat over a cohort). Any
    # trim threshold also freezes glibc's mmap threshold at 128 KiB (mallopt(3)), so each array
    # of a person was still an mmap/munmap pair: 113.7 ms per person in a worker, 80 ms in a plain
    # process with the trim threshold alone. With the mmap threshold at 32 MiB as well: 75.6-77.5
    # ms in a worker, 65.8 in a plain process (65.6 with neither set). An existing cluster
    # (--scheduler) keeps its own settings.
    # Dask's statistical profiler walks the worker's stacks every 10 ms for a dashboard that is
    # not started here: with it stopped, one worker spent 40.4-42.9 ms of CPU per quick person
    # instead of 42.8-46.8 (the same worker, alternating, 2026-12-07).
    # QUIET_CLUSTER slows the background timers of the scheduler, nannies and workers; see there.
    with dask.config.set(
        {
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": WORKER_MALLOC_TRIM,
            "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": WORKER_MALLOC_MMAP,
            "distributed.worker.profile.enabled": False,
            **QUIET_CLUSTER,
        }
    ):
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    return Client(cluster)
