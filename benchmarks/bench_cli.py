"""Cold start of the CLI (issue #8 §8): what a person waits for when typing a command in a shell.

* ``cli_help_cold_s`` — median wall time of ``crossroads --help`` in a fresh Python process
  (target ≤ 0.35 s): only Typer and Rich are imported, never NumPy, Pydantic or SciPy.
* ``cli_advise_cold_s`` — median wall time of ``crossroads advise PROFILE`` (the career-changer
  example, defaults: 10,000 paths) in a fresh process: imports, catalog load and the advice.
* ``cli_advise_warm_s`` — the same command run again in a process that has already run it once
  (imports done, catalog cached): the advice itself plus rendering.

``cli_help_cold_cpu_s`` / ``cli_advise_cold_cpu_s`` are the child processes' CPU time (user +
system) of the same runs, and ``load_average_1min`` the machine's load when they ended: read the wall
times against those.

Target: ``cli_advise_cold_s ≤ 2 × cli_advise_warm_s + 0.3 s`` — starting up costs at most about
one more advice (``cli_advise_cold_limit_s`` is that bound, ``cli_advise_cold_met`` 1 or 0). All
three are measured in the same run, cold and warm runs alternating, so the ratio survives a noisy
machine; ``cli_advise_warm_cpu_s`` is the warm runs' CPU time, to read beside the cold one's.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 3


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


CPU: dict[str, list[float]] = {}


def _fresh(args: list[str], env: dict[str, str]) -> float:
    """Wall time of one fresh ``crossroads ARGS`` process; its CPU time is kept in ``CPU``.

    CPU time (user + system of the child) is reported beside the wall time because on a shared,
    loaded machine the wall time mostly measures the queue for a core.
    """
    c, t = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "crossroads.cli.main", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wall = time.perf_counter() - t
    CPU.setdefault(args[0], []).append(_children_cpu() - c)
    return wall


def run() -> dict[str, float]:
    from crossroads.cli.main import run as cli_run
    from crossroads.profile import example_text

    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory() as tmp:
        prof = Path(tmp) / "me.yaml"
        prof.write_text(example_text("career-changer"), encoding="utf-8")
        _fresh(["--help"], env)  # warm the OS file cache, not the interpreter
        help_s = [_fresh(["--help"], env) for _ in range(RUNS)]

        def warm_run() -> tuple[float, float]:
            with contextlib.redirect_stdout(io.StringIO()):
                c, t = time.process_time(), time.perf_counter()
                cli_run(["advise", str(prof)])
                return time.perf_counter() - t, time.process_time() - c

        warm_run()  # the first in-process run is the warm-up
        # Cold and warm runs alternate, so that a burst of load on a shared machine falls on both
        # sides of the ratio rather than on all the cold runs (they used to run first, in a row).
        cold, warm, warm_cpu = [], [], []
        for _ in range(RUNS):
            cold.append(_fresh(["advise", str(prof)], env))
            wall, cpu = warm_run()
            warm.append(wall)
            warm_cpu.append(cpu)
    cold_s, warm_s = statistics.median(cold), statistics.median(warm)
    return {
        "cli_help_cold_s": round(statistics.median(help_s), 3),
        "cli_advise_cold_s": round(cold_s, 3),
        "cli_advise_warm_s": round(warm_s, 3),
        "cli_advise_cold_limit_s": round(2 * warm_s + 0.3, 3),
        "cli_advise_cold_met": float(cold_s <= 2 * warm_s + 0.3),
        "cli_help_cold_cpu_s": round(statistics.median(CPU["--help"][1:]), 3),
        "cli_advise_cold_cpu_s": round(statistics.median(CPU["advise"]), 3),
        "cli_advise_warm_cpu_s": round(statistics.median(warm_cpu), 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
