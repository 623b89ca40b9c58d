"""``crossroads cohort IN -o OUT``: advice for every person of a table, on a Dask cluster.

A thin face over :mod:`crossroads.cohort`: parse the options, read IN (exit 2 if it cannot be
read — before any worker starts), start a ``LocalCluster`` (``--workers``) or connect to
``--scheduler``, draw a Rich progress bar from the finished partitions, print the summary.
Rows that cannot be advised are rejects, never a failed run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .app import app, console, err_console

if TYPE_CHECKING:
    from crossroads.cohort.score import CohortRun


@app.command("cohort")
def cohort_cmd(
    table: Annotated[
        Path,
        typer.Argument(
            metavar="IN", help="People, one row each: .csv or .parquet (columns: docs/cohort.md)."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Results, one row per advised person: .parquet or .csv."),
    ],
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write the cohort report (one offline HTML file)."),
    ] = None,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            help="Rejected rows (row, id, field, reason); default OUT's name + .rejects.csv.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Local Dask worker processes (one thread each; default: the number of cores).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Use an existing Dask cluster: tcp://HOST:PORT (instead of --workers).",
        ),
    ] = None,
    paths: Annotated[
        int | None,
        typer.Option(
            "--paths", help="Monte Carlo paths per person (default 500 quick, 10,000 full)."
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option("--seed", help="Global seed; each person's seed comes from it and their id."),
    ] = 0,
    horizon: Annotated[
        int | None,
        typer.Option("--horizon", help="Months to project (default: each row's horizon_months)."),
    ] = None,
    method: Annotated[
        str, typer.Option("--method", help="Ranking method: weighted_sum (default) or topsis.")
    ] = "weighted_sum",
    quick: Annotated[
        bool,
        typer.Option(
            "--quick/--full",
            help="Quick: fewer paths and screening (default); full: what `advise` does.",
        ),
    ] = True,
    id_column: Annotated[
        str, typer.Option("--id-column", help="The column holding each person's id.")
    ] = "id",
    partition_size: Annotated[
        int,
        typer.Option("--partition-size", help="People per Dask task (does not change any result)."),
    ] = 25,
) -> None:
    """Advise every person of a cohort table; write the results, the rejects and a report."""
    from crossroads.cohort import CohortRun, read_table
    from crossroads.errors import FieldError, InputError

    errors: list[FieldError] = []
    if workers is not None and scheduler is not None:
        errors.append(FieldError("workers", "give either --workers or --scheduler, not both"))
    if workers is not None and workers < 1:
        errors.append(FieldError("workers", f"must be 1 or more, got {workers}"))
    if scheduler is not None and not scheduler.startswith(
        ("tcp://", "tls://", "inproc://", "ws://", "wss://")
    ):
        errors.append(
            FieldError("scheduler", f"must be an address like tcp://HOST:8786, got {scheduler!r}")
        )
    if partition_size < 1:
        errors.append(FieldError("partition_size", f"must be 1 or more, got {partition_size}"))
    if out.suffix.lower() not in (".parquet", ".pq", ".csv"):
        errors.append(FieldError("out", f"must end in .parquet or .csv, got {out.name!r}"))
    if errors:
        raise InputError(errors)
    run = CohortRun(
        seed=seed, paths=paths, horizon=horizon, method=method, quick=quick, id_column=id_column
    )
    run.validate()
    df = read_table(table)
    client, owned = _client(workers, scheduler)
    try:
        agg = None
        if report is not None:
            from crossroads.cohort.columns import group_columns
            from crossroads.cohort.report import CohortAggregate

            agg = CohortAggregate(run, group_columns(list(df.columns), id_column))
        stats = _run(df, out, run, rejects, client, partition_size, agg)
    finally:
        if owned:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
        else:
            client.close()
    rej_path = rejects or _default_rejects(out)
    console.print(f"{stats.summary()} — results: {out}, rejects: {rej_path}", highlight=False)
    if stats.groups:
        console.print(f"group columns kept: {', '.join(stats.groups)}", highlight=False)
    if report is not None and agg is not None:
        from crossroads.cohort.report import write_cohort_report

        write_cohort_report(agg, report, stats=stats, source=table.name)
        console.print(f"cohort report: {report}", highlight=False)


def _default_rejects(out: Path) -> Path:
    from crossroads.cohort.runner import default_rejects_path

    return default_rejects_path(out)


def _client(workers: int | None, scheduler: str | None) -> tuple[Any, bool]:
    """A Dask client: a fresh LocalCluster (owned, closed afterwards) or the given scheduler's."""
    from crossroads.cohort import local_client

    if scheduler is not None:
        from dask.distributed import Client

        from crossroads.errors import InputError

        try:
            return Client(scheduler, timeout="10s"), False
        except OSError as exc:
            raise InputError.one("scheduler", f"cannot connect to {scheduler}: {exc}") from None
    return local_client(workers or (os.cpu_count() or 1)), True


def _run(
    df: Any,
    out: Path,
    run: CohortRun,
    rejects: Path | None,
    client: Any,
    partition_size: int,
    agg: Any,
) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from crossroads.cohort import run_cohort

    with Progress(
        TextColumn("advising"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    ) as bar:
        task = bar.add_task("cohort", total=df.height)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run_cohort(
            df,
            out,
            run,
            rejects=rejects,
            client=client,
            partition_size=partition_size,
            progress=progress,
            on_partition=agg.add if agg is not None else None,
        )
