"""Engine benchmark: `run() -> dict` (collected by benchmarks/run.py).

Keys:
* ``option_10k_36m_s``: one option (a hybrid, so both models run), 10,000 paths x 36 months,
  median of repeats (target <= 0.05 s);
* ``sim_over_rng``: engine time / the time NumPy needs just to draw the same random numbers
  (``draws.make_draws``: the engine's own blocks, counts, dtypes and order), timed in
  alternation in the same run, median of the per-pair ratios (target <= 3);
* ``speedup_vs_loop``: per-path time of the plain Python loop implementation of the same model
  (``simulation.reference``, 200 paths) / per-path time of the engine (10,000 paths), timed in
  alternation, median of the per-pair ratios (target >= 100);
* ``options200_10k_36m_s``: 200 options (3 targets x 66 hybrid mixes + microtask + careers),
  10,000 paths, keep=() — the advise engineer's budget; ``options200_peak_mb`` its peak memory
  (traced NumPy allocations, the engine's reusable scratch workspace included: it is cleared first).
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from typing import Any


def _median_time(fn: Any, repeats: int) -> float:
    ts = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def _paired_ratio(slow: Any, fast: Any, pairs: int) -> tuple[float, float, float]:
    """Median over back-to-back (slow, fast) timings of slow/fast, plus the median times.

    Timing the two sides in alternation, and taking the median of the per-pair ratios, keeps
    a ratio honest on a shared machine: a burst of load hits both sides of a pair, instead of
    one side's median and not the other's.
    """
    ratios, ts, tf = [], [], []
    for _ in range(pairs):
        t = time.perf_counter()
        slow()
        a = time.perf_counter() - t
        t = time.perf_counter()
        fast()
        b = time.perf_counter() - t
        ratios.append(a / b)
        ts.append(a)
        tf.append(b)
    return statistics.median(ratios), statistics.median(ts), statistics.median(tf)


def run() -> dict[str, float]:
    from crossroads.catalog import get_catalog
    from crossroads.options import Option, parse_option
    from crossroads.params import params_for
    from crossroads.profile import load_example
    from crossroads.simulation import simulate
    from crossroads.simulation.draws import make_draws
    from crossroads.simulation.engine import clear_workspace
    from crossroads.simulation.reference import loop_simulate
    from crossroads.simulation.setup import compile_setup

    cat = get_catalog()
    pr = load_example("career-changer")
    P, M = 10_000, 36
    opt = parse_option("hybrid:10:20:43-4051.00", pr)
    simulate(pr, [opt], paths=P, seed=0, horizon=M, catalog=cat)  # warm up
    t_sim = _median_time(
        lambda: simulate(pr, [opt], paths=P, seed=0, horizon=M, catalog=cat, keep=()), 9
    )
    t_sim_keep = _median_time(
        lambda: simulate(pr, [opt], paths=P, seed=0, horizon=M, catalog=cat), 5
    )

    def draw_only() -> None:
        # exactly the engine's random numbers: the same blocks, generators, counts and order
        make_draws(0, P, M)

    def engine_only() -> None:
        simulate(pr, [opt], paths=P, seed=0, horizon=M, catalog=cat, keep=())

    sim_over_rng, _, t_rng = _paired_ratio(engine_only, draw_only, 15)

    # plain per-path loop of the same model, reduced size, timed in alternation with the engine
    n_loop = 200
    setup = compile_setup(pr, [opt], params_for(pr), cat, M)
    draws = make_draws(0, n_loop, M)
    ratio, t_loop, _ = _paired_ratio(lambda: loop_simulate(setup, draws), engine_only, 9)
    speedup = ratio * P / n_loop

    # 200 options: 3 targets x 66 hybrid mixes + microtask + 1 career
    targets = ["43-4051.00", "13-1082.00", "43-6014.00"]
    opts = [Option.microtask(30), Option.career(targets[0], 30)]
    mixes = [
        (mt, learn) for mt in range(0, 31, 3) for learn in range(3, 31, 3) if mt + learn <= 30
    ][:66]
    for code in targets:
        opts += [Option.hybrid(float(mt), float(learn), code) for mt, learn in mixes]
    opts = opts[:200]
    simulate(pr, opts, paths=P, seed=0, horizon=M, catalog=cat, keep=())
    t200 = _median_time(
        lambda: simulate(pr, opts, paths=P, seed=0, horizon=M, catalog=cat, keep=()), 3
    )
    clear_workspace()
    tracemalloc.start()
    simulate(pr, opts, paths=P, seed=0, horizon=M, catalog=cat, keep=())
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "option_10k_36m_s": round(t_sim, 4),
        "option_10k_36m_keep_all_s": round(t_sim_keep, 4),
        "rng_10k_36m_s": round(t_rng, 4),
        "sim_over_rng": round(sim_over_rng, 2),
        "loop_200_paths_s": round(t_loop, 4),
        "speedup_vs_loop": round(speedup, 1),
        "options200_10k_36m_s": round(t200, 3),
        "options200_n": float(len(opts)),
        "options200_peak_mb": round(peak, 1),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run()))
