"""Random numbers of a run: drawn once per (path, month), shared by every option (CRN).

Why blocks: path ``p``'s numbers come from a generator seeded by ``(seed, p // BLOCK)`` (a
``SeedSequence`` spawn key), so a path's luck does not depend on how many paths a call asks for,
nor on how the engine chunks them: ``simulate(paths=1000)`` is a prefix of ``simulate(paths=2000)``.
Every draw is a standard uniform or standard normal, so "randomness off" is simply each draw at
its median (0.5 or 0) — see :func:`central_draws`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BLOCK = 10_000  # the default path count: one block, no concatenation

PER_PATH = ("u_onboard", "z_level", "z_learn", "u_frailty", "u_dropout", "u_hire0", "u_regime0", "u_regime_e0")
PER_MONTH = ("eps", "u_regime", "u_hire", "u_loss", "u_wage")
NORMAL = {"z_level", "z_learn", "eps"}


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
    u_hire: np.ndarray
    u_loss: np.ndarray
    u_wage: np.ndarray

    @property
    def paths(self) -> int:
        return int(self.z_level.shape[0])

    def take(self, start: int, stop: int) -> Draws:
        """The draws of paths [start, stop) (views)."""
        kw = {n: getattr(self, n)[start:stop] for n in PER_PATH}
        kw.update({n: getattr(self, n)[:, start:stop] for n in PER_MONTH})
        return Draws(**kw)


def _block(seed: int, index: int, size: int, months: int) -> dict[str, np.ndarray]:
    """Draws of block ``index``: always BLOCK paths from its own generator, cut to ``size``."""
    full = _full_block(seed, index, months)
    if size == BLOCK:
        return full
    return {n: (a[:size] if a.ndim == 1 else a[:, :size]) for n, a in full.items()}


def _full_block(seed: int, index: int, months: int) -> dict[str, np.ndarray]:
    size = BLOCK
    rng = np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(index,)))
    out: dict[str, np.ndarray] = {}
    for name in PER_PATH:
        out[name] = (rng.standard_normal(size, dtype=np.float32) if name in NORMAL
                     else rng.random(size, dtype=np.float32))
    for name in PER_MONTH:
        out[name] = (rng.standard_normal((months, size), dtype=np.float32) if name in NORMAL
                     else rng.random((months, size), dtype=np.float32))
    return out


def make_draws(seed: int, paths: int, months: int) -> Draws:
    """All random numbers of a run, block by block (see module doc)."""
    blocks = [_block(seed, i, min(BLOCK, paths - i * BLOCK), months) for i in range((paths + BLOCK - 1) // BLOCK)]
    if len(blocks) == 1:
        return Draws(**blocks[0])
    kw = {n: np.concatenate([b[n] for b in blocks]) for n in PER_PATH}
    kw.update({n: np.concatenate([b[n] for b in blocks], axis=1) for n in PER_MONTH})
    return Draws(**kw)


def central_draws(paths: int, months: int) -> Draws:
    """Every draw at its median: uniforms 0.5, normals 0 (the deterministic projection)."""
    kw = {n: np.full(paths, 0.0 if n in NORMAL else 0.5, dtype=np.float32) for n in PER_PATH}
    kw.update({n: np.full((months, paths), 0.0 if n in NORMAL else 0.5, dtype=np.float32) for n in PER_MONTH})
    return Draws(**kw)
