"""The typed context the advise stages share, and the helpers every stage uses.

Why a context object: the stages (options → screening → goal-seek → finalists → ranking →
explanation → tipping points) used to be one 224-line function whose locals were the only
contract between its steps. Each stage now reads what it needs from :class:`Context` (fixed for
the whole advice) and the previous stages' typed results, and returns its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from crossroads.stats import median

from ..candidates import Target
from ..criteria import MEASURES, MICROTASK_INDEPENDENCE, Attributes
from ..engine import rank_scores

if TYPE_CHECKING:
    from crossroads.catalog import Catalog, Occupation
    from crossroads.options import Option
    from crossroads.params import Parameters
    from crossroads.profile import Profile
    from crossroads.simulation import SimResult
    from crossroads.simulation.draws import Draws

SCREEN_PATHS = 500
TIP_PATHS = 500
N_TARGETS = 3
GOAL_SEEK_STEPS = 5
#: Below this SMAA share of the recommended *kind* of path the advice warns that the first place is not robust.
ROBUST_FAMILY_P_FIRST = 0.5

#: Monthly arrays the ranking needs (the final run keeps them all, for plan and report).
RANK_KEEP = (
    "income",
    "microtask_income",
    "learning_cost",
    "hours_microtask",
    "hours_learning",
    "hours_search",
    "hours_job",
)


@dataclasses.dataclass
class Context:
    """What every stage of one advice shares: the person, the data, the run and the notes."""

    profile: Profile
    catalog: Catalog
    params: Parameters
    horizon: int
    seed: int
    paths: int
    screen_paths: int
    method: str
    as_of: dt.date
    targets: dict[str, Target] = dataclasses.field(default_factory=dict)
    proxy: Occupation | None = None
    proxy_fit: float = 0.5
    mt_ceiling: float = 0.0
    notes: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    draws: Draws | None = None
    #: False in quick mode (no tipping points): the honesty's combined remedy is skipped too
    full: bool = True
    #: quick mode (``RunConfig.quick``: what-if sliders, cohorts): the stages skip the work a
    #: cohort row does not show (docs/cohort.md, "What quick mode skips")
    quick: bool = False
    #: how many career targets the options stage chose, and whether the person named them
    #: (``--target``): the sensitivity re-chooses automatic targets only
    n_targets: int = N_TARGETS
    explicit_targets: bool = False
    #: the career groups the engine compiled for this person (``compile_setup``'s ``cache``):
    #: screening, goal-seek and the final run share them; only calls on the context's own
    #: profile and parameters read or fill it, so a what-if never sees another person's terms
    setup_cache: dict[Any, Any] = dataclasses.field(default_factory=dict)

    @property
    def hours(self) -> float:
        return float(self.profile.time.hours_per_week)

    @property
    def tolerance(self) -> float:
        return float(self.profile.risk.max_shortfall_probability)

    @property
    def currency(self) -> str:
        return self.profile.currency


def simulate_options(
    ctx: Context,
    options: list[Option],
    *,
    paths: int,
    keep: tuple[str, ...] | None = RANK_KEEP,
    profile: Profile | None = None,
    params: Parameters | None = None,
) -> SimResult:
    """One engine call for all ``options`` (common random numbers: the same draws for every option).

    Every call shares the context's draws (the engine's draws of a path depend only on the seed
    and the path), so screening, goal-seek, final run and tipping points all compare options on
    the same luck without drawing again.
    """
    from crossroads.simulation import simulate

    draws = ctx.draws
    if draws is not None and draws.paths != paths:
        draws = draws.take(0, paths)
    own = (profile is None or profile is ctx.profile) and (params is None or params is ctx.params)
    return simulate(
        profile if profile is not None else ctx.profile,
        options,
        paths=paths,
        seed=ctx.seed,
        horizon=ctx.horizon,
        params=params if params is not None else ctx.params,
        catalog=ctx.catalog,
        keep=keep,
        draws=draws,
        setup_cache=ctx.setup_cache if own else None,
    )


def _num(v: float | None, fallback: float, what: str, notes: list[str]) -> float:
    if v is None:
        notes.append(what)
        return fallback
    return float(v)


def attributes(ctx: Context, option: Option) -> Attributes:
    """The catalog attributes of ``option`` (missing values noted, with the fallback used)."""
    if option.kind == "local_job":  # the ranked baseline: any entry-level job
        from .baseline_stage import local_attributes

        return local_attributes(ctx)
    px = ctx.proxy
    mt_auto = _num(
        px.ai_eloundou_beta if px else None,
        0.5,
        "Eloundou β of the microtask proxy missing: 0.5 used",
        ctx.notes,
    )
    mt_al = _num(
        px.skills_im.get("active_learning") if px else None,
        3.0,
        "O*NET Active Learning of the microtask proxy missing: 3 used",
        ctx.notes,
    )
    if option.target is None:
        return Attributes(
            ctx.mt_ceiling, mt_auto, mt_al, ctx.proxy_fit, mt_auto, mt_al,
            MICROTASK_INDEPENDENCE, ctx.proxy_fit, False,
        )  # fmt: skip
    t = ctx.targets[option.target]
    occ = ctx.catalog.occupation(option.target)
    ceiling = occ.wage_hourly.p90 if occ.wage_hourly is not None else ctx.mt_ceiling
    auto = _num(
        occ.ai_eloundou_beta,
        mt_auto,
        f"{occ.title}: no Eloundou β in the catalog; the microtask proxy's value is used",
        ctx.notes,
    )
    al = _num(
        occ.skills_im.get("active_learning"),
        3.0,
        f"{occ.title}: no O*NET Active Learning rating; 3 used",
        ctx.notes,
    )
    ind = _num(
        (occ.work_values or {}).get("independence"),
        4.0,
        f"{occ.title}: no O*NET Independence work value; 4 (mid-scale) used",
        ctx.notes,
    )
    return Attributes(float(ceiling), mt_auto, mt_al, ctx.proxy_fit, auto, al, ind, t.fit, True)


def winner(
    matrix: NDArray[np.float64],
    weights: NDArray[np.float64],
    method: str,
    band: NDArray[np.float64] | None = None,
) -> int:
    """Index of the first-ranked row of ``matrix`` (scored with the equivalence ``band``)."""
    return int(np.argmax(rank_scores(matrix, weights, method, band)))


def display(matrix_row: NDArray[np.float64], months: int) -> list[float | None]:
    """A decision-matrix row as shown: "never within the horizon" measures become None."""
    out: list[float | None] = []
    for j, m in enumerate(MEASURES):
        v = float(matrix_row[j])
        out.append(None if (m.never and v > months) else v)
    return out


def median_months(a: NDArray[np.int16], months: int) -> list[float | None]:
    """Per row of ``a`` (options, paths): the median of 1-based months with -1 = never; None
    where the median path never gets there. One call for all rows (a row's median is the same
    order statistic whichever way it is taken)."""
    x = np.where(np.asarray(a) < 1, months + 1, np.asarray(a)).astype(np.float64)
    return [None if m > months else float(m) for m in median(x, 1)]
