"""Resources bounded up front: a Monte Carlo run is refused before it allocates what it cannot get.

Why: ``advise --paths 1000000`` (within the documented range) needs about 18 GB; without a check
NumPy dies half-way with an ``ArrayMemoryError`` after minutes of work. The engine calls
:func:`check_run_memory` before it allocates anything, so every face (CLI, web, cohorts) gets the
same refusal: an :class:`~crossroads.errors.InputError` on ``paths`` that names ``--paths`` and the
largest value that fits.

The estimate comes from the engine's arrays (:mod:`crossroads.simulation.engine`):

* monthly arrays, shape (options, months, paths): 10 float32 (with the cash ledger's balance) and
  1 bool = 41 bytes per cell, plus the ledger's gross-income scratch and the tax schedule's
  temporaries on a block;
* the draws, shape (months, paths): 4 float32 arrays = 16 bytes per path-month (twice that while
  the per-block draws are concatenated);
* per-path summaries, shape (options, paths): 47 bytes per cell (issue 10 added the fallback
  month, limit month, depth, months below, interest, tax and gross income);
* percentile summaries sort copies of the monthly arrays.

Measured with ``tracemalloc`` (2026-12-01, NumPy 2.4): the peak of ``advise`` (9 options, 36
months) is 57.8 bytes per path-month-option and of ``simulate`` (1 option) 51.5 bytes. The
estimate uses :data:`BYTES_PER_CELL` = 60 per path-month-option plus :data:`BYTES_PER_PATH_MONTH`
= 32 for the draws, which bounds both (a test keeps it honest against the real peak). With the
cash ledger and taxes (issue 10) the ``simulate`` test's peak rose to about 71 bytes per
path-month-option: :data:`BYTES_PER_CELL` is now 84.

The memory available is the least of ``MemAvailable`` (``/proc/meminfo``), the cgroup limit
(``memory.max`` − ``memory.current``) and the address-space limit (``RLIMIT_AS``), times
:data:`HEADROOM`; ``CROSSROADS_MEMORY_MB`` overrides it (containers, tests).
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

from crossroads.errors import FieldError, InputError

__all__ = [
    "BYTES_PER_CELL",
    "BYTES_PER_PATH_MONTH",
    "HEADROOM",
    "available_memory",
    "check_run_memory",
    "estimate_run_bytes",
    "largest_paths",
]

#: Peak bytes per path × month × option of a run, arrays and summaries together (see above).
BYTES_PER_CELL = 84
#: Bytes per path × month independent of the options (the random draws, during concatenation).
BYTES_PER_PATH_MONTH = 32
#: Bytes per path × option of the per-path summaries (47) rounded up.
BYTES_PER_PATH_OPTION = 64
#: Fixed overhead of a run (catalog, interpreter, workspace), bytes.
BASE_BYTES = 300 * 2**20
#: Share of the available memory a run may plan to use (the rest: other programs, fragmentation).
HEADROOM = 0.8


def estimate_run_bytes(paths: int, months: int, options: int) -> int:
    """Peak bytes of simulating ``options`` options over ``months`` months on ``paths`` paths."""
    per_path = months * (options * BYTES_PER_CELL + BYTES_PER_PATH_MONTH)
    per_path += options * BYTES_PER_PATH_OPTION
    return BASE_BYTES + paths * per_path


def _read_int(path: str) -> int | None:
    try:
        text = Path(path).read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_room() -> int | None:
    limit = _read_int("/sys/fs/cgroup/memory.max")  # "max" (no limit) reads as None
    used = _read_int("/sys/fs/cgroup/memory.current")
    if limit is None:
        return None
    return max(0, limit - (used or 0))


def _address_space_room() -> int | None:
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    size = None
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                size = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return max(0, soft - (size or 0))


def available_memory() -> int | None:
    """Bytes a run may plan to use now, or ``None`` when nothing can be measured."""
    override = os.environ.get("CROSSROADS_MEMORY_MB", "").strip()
    if override:
        try:
            return int(float(override) * 2**20)
        except ValueError:
            pass
    now = time.monotonic()
    if _MEASURED and now - _MEASURED[0][0] < MEASURE_TTL_S:
        return _MEASURED[0][1]
    rooms = [
        r for r in (_meminfo_available(), _cgroup_room(), _address_space_room()) if r is not None
    ]
    room = int(min(rooms) * HEADROOM) if rooms else None
    _MEASURED[:] = [(now, room)]
    return room


#: How long a measurement of the memory available stands (seconds). Why: every engine call
#: checks its run, a cohort person makes three or four, and each measurement reads three files
#: (/proc/meminfo, the cgroup's limit and usage: ~0.5 ms of a 35 ms person); what other programs
#: use does not move much within a second, and the check is a plan, with headroom, not a guarantee.
MEASURE_TTL_S = 1.0
_MEASURED: list[tuple[float, int | None]] = []  # (monotonic time, bytes or None), the last


def largest_paths(budget: int, months: int, options: int) -> int:
    """The most paths (rounded down to 2 significant figures) whose run fits in ``budget`` bytes."""
    per_path = estimate_run_bytes(1, months, options) - BASE_BYTES
    n = max(0, (budget - BASE_BYTES) // max(per_path, 1))
    if n >= 100:
        scale = 10 ** (len(str(n)) - 2)
        n = n // scale * scale
    return int(n)


def check_run_memory(
    paths: int, months: int, options: int, *, field: str = "paths", available: int | None = None
) -> None:
    """Refuse (InputError on ``field``) a run that would not fit in the memory available."""
    budget = available_memory() if available is None else available
    if budget is None:
        return
    need = estimate_run_bytes(paths, months, options)
    if need <= budget:
        return
    fits = largest_paths(budget, months, options)
    advice = (
        f"use --paths {fits:,} or fewer (or a shorter --horizon)"
        if fits >= 100
        else "free some memory or use a shorter --horizon"
    )
    raise InputError(
        FieldError(
            field,
            f"--paths {paths:,} × {months} months × {options} option{'s' if options != 1 else ''} "
            f"needs about {need / 2**30:.1f} GB of memory, but about {budget / 2**30:.1f} GB is "
            f"available: {advice}",
        )
    )
