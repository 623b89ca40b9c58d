"""Random numbers of a run: drawn once per (path, month), shared by every option (CRN).

Why blocks: path ``p``'s numbers come from a generator seeded by ``(seed, p // BLOCK)`` (a
``SeedSequence`` spawn key), so a path's luck does not depend on how many paths a call asks for,
nor on how the engine chunks them: ``simulate(paths=1000)`` is a prefix of ``simulate(paths=2000)``.
A run draws whole blocks (a partial last block is drawn in full and cut), which is why the block is
small: 500 paths, the quick cohort run, costs 0.2 ms of draws instead of the 5–8 ms that a
10,000-path block cost every person; a 10,000-path run draws 20 blocks (≈ 5 ms more than one).
Every draw is a standard uniform or standard normal, so "randomness off" is simply each draw at
its median (0.5 or 0) — see :func:`central_draws`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BLOCK = 500  # paths per generator: a quick run is one block (see the module doc)

PER_PATH = (
    "u_onboard",
    "z_level",
    "z_learn",
    "u_frailty",
    "u_dropout",
    "u_hire0",
    "u_regime0",
    "u_regime_e0",
)
PER_MONTH = ("eps", "u_regime", "u_event")
PER_PATH_LATE = (
    "u_wage",
    "u_fallback",
)  # u_fallback: the fallback job's hire threshold  # drawn after the monthly arrays (kept last so earlier streams never shift)
# gated rating work (issue 11 §3): the application's outcome and the project on/off switches,
# drawn after everything else so that every earlier stream keeps its numbers
PER_PATH_RATING = ("u_rating",)
PER_MONTH_RATING = ("u_project",)
NORMAL = {"z_level", "z_learn", "eps"}
# ``u_regime_e0`` (the first threshold of the former hazard-threshold drought regime) is no longer
# used: the regime is a per-month switch on ``u_regime``. It is still drawn, so that every other
# stream keeps its numbers.
# Why so few monthly arrays: a month holds at most one career event per path (a hire needs a
# searching month, a job loss an employed one), so one uniform ``u_event`` gives the threshold of
# whatever comes next (the loss threshold after a hire, the hire threshold after a loss); the
# entrant wage percentile is drawn once per path since only the first hire draws a wage.


@dataclass
class Draws:
    """Per-path arrays have shape (P,); per-month arrays (M, P) so a month is a contiguous row."""

    u_onboard: np.ndarray
    z_level: np.ndarray
    z_learn: np.ndarray
    u_frailty: np.ndarray
    u_dropout: np.ndarray
    u_hire0: np.ndarray
    u_regime0: np.ndarray
    u_regime_e0: np.ndarray
    eps: np.ndarray
    u_regime: np.ndarray
    u_event: np.ndarray
    u_wage: np.ndarray
    u_fallback: np.ndarray
    u_rating: np.ndarray
    u_project: np.ndarray

    @property
    def paths(self) -> int:
        return int(self.z_level.shape[0])

    def take(self, start: int, stop: int) -> Draws:
        """The draws of paths [start, stop) (views)."""
        kw = {n: getattr(self, n)[start:stop] for n in PER_PATH + PER_PATH_LATE + PER_PATH_RATING}
        kw.update({n: getattr(self, n)[:, start:stop] for n in PER_MONTH + PER_MONTH_RATING})
        return Draws(**kw)


def _block(seed: int, index: int, size: int, months: int) -> dict[str, np.ndarray]:
    """Draws of block ``index``: always BLOCK paths from its own generator, cut to ``size``."""
    full = _full_block(seed, index, months)
    if size == BLOCK:
        return full
    return {n: (a[:size] if a.ndim == 1 else a[:, :size]) for n, a in full.items()}


def generator(seed: int, index: int) -> np.random.Generator:
    """The generator of block ``index`` (also used by the benchmark's RNG-only baseline)."""
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(index,)))


def draw_all(rng: np.random.Generator, size: int, months: int) -> dict[str, np.ndarray]:
    """Every random number of ``size`` paths, in the fixed order (float32 uniforms and normals)."""
    out: dict[str, np.ndarray] = {}
    for name in PER_PATH:
        out[name] = (
            rng.standard_normal(size, dtype=np.float32)
            if name in NORMAL
            else rng.random(size, dtype=np.float32)
        )
    for name in PER_MONTH:
        out[name] = (
            rng.standard_normal((months, size), dtype=np.float32)
            if name in NORMAL
            else rng.random((months, size), dtype=np.float32)
        )
    for name in PER_PATH_LATE + PER_PATH_RATING:
        out[name] = rng.random(size, dtype=np.float32)
    for name in PER_MONTH_RATING:
        out[name] = rng.random((months, size), dtype=np.float32)
    return out


def _full_block(seed: int, index: int, months: int) -> dict[str, np.ndarray]:
    return draw_all(generator(seed, index), BLOCK, months)


def make_draws(seed: int, paths: int, months: int) -> Draws:
    """All random numbers of a run, block by block (see module doc)."""
    blocks = [
        _block(seed, i, min(BLOCK, paths - i * BLOCK), months)
        for i in range((paths + BLOCK - 1) // BLOCK)
    ]
    if len(blocks) == 1:
        return Draws(**blocks[0])
    kw = {
        n: np.concatenate([b[n] for b in blocks])
        for n in PER_PATH + PER_PATH_LATE + PER_PATH_RATING
    }
    kw.update(
        {n: np.concatenate([b[n] for b in blocks], axis=1) for n in PER_MONTH + PER_MONTH_RATING}
    )
    return Draws(**kw)


def central_draws(paths: int, months: int) -> Draws:
    """Every draw at its median: uniforms 0.5, normals 0 (the deterministic projection)."""
    kw = {
        n: np.full(paths, 0.0 if n in NORMAL else 0.5, dtype=np.float32)
        for n in PER_PATH + PER_PATH_LATE + PER_PATH_RATING
    }
    kw.update(
        {
            n: np.full((months, paths), 0.0 if n in NORMAL else 0.5, dtype=np.float32)
            for n in PER_MONTH + PER_MONTH_RATING
        }
    )
    return Draws(**kw)
