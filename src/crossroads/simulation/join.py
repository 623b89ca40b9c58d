"""Join two runs on the same draws into one :class:`SimResult`, options of the first run first.

Why: an option added to an advice after the fact (the ranked baseline, issue 12 §4) is simulated
in its own engine call on the same draws (common random numbers), so the arrays of the options
already simulated are the very same arrays, bit for bit; the stages after the final run then
read one result as if one call had produced it.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .engine import SimResult

#: The per-path fields of a SimResult, (options, paths) each.
PER_PATH = tuple(
    f.name
    for f in dataclasses.fields(SimResult)
    if f.name not in ("options", "paths", "months", "seed", "stochastic", "params", "setup")
    and not f.name.startswith("_")
)

#: The per-option arrays of a Setup, (options,) each.
_SETUP_ARRAYS = ("h_gen", "h_pro", "stop", "fb_hours", "fb_rate", "h_rat")


def join(a: SimResult, b: SimResult) -> SimResult:
    """``a``'s options then ``b``'s, on the same paths, months and seed (ValueError otherwise).

    Monthly arrays are kept where both runs kept them. The setup is ``a``'s with ``b``'s
    per-option terms and career groups appended (so indexing by option works as for one call).
    """
    if (a.paths, a.months, a.seed, a.stochastic) != (b.paths, b.months, b.seed, b.stochastic):
        raise ValueError("join: the runs must share paths, months, seed and draws")
    sa, sb = a.setup, b.setup
    arrays = {
        n: np.concatenate([getattr(sa, n), getattr(sb, n)])
        for n in _SETUP_ARRAYS
        if getattr(sa, n).size or getattr(sb, n).size
    }
    offset = np.where(sb.group_of >= 0, sb.group_of + len(sa.groups), -1)
    setup = dataclasses.replace(
        sa,
        options=sa.options + sb.options,
        group_of=np.concatenate([sa.group_of, offset]),
        groups=sa.groups + sb.groups,
        warnings=tuple(dict.fromkeys(sa.warnings + sb.warnings)),
        **arrays,  # type: ignore[arg-type]
    )
    per_path = {n: np.concatenate([getattr(a, n), getattr(b, n)]) for n in PER_PATH}
    monthly = {n: np.concatenate([a.monthly(n), b.monthly(n)]) for n in a.kept if n in set(b.kept)}
    return SimResult(
        options=a.options + b.options,
        paths=a.paths,
        months=a.months,
        seed=a.seed,
        stochastic=a.stochastic,
        params=a.params,
        setup=setup,
        _monthly=monthly,
        **per_path,
    )
