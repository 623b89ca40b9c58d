"""The run options shared by ``advise``, ``plan``, ``report`` and ``simulate`` (``--rank-baseline`` too).

Why one definition: the four commands used to declare ``--paths`` / ``--seed`` with different
ranges (and some not at all). Here each option is declared once, without Typer-side ranges, so
every bad value is refused by :class:`~crossroads.run_config.RunConfig` with one message naming
the field (exit 2), the same message the Python API and the web app give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from crossroads.run_config import RunConfig

Paths = Annotated[
    int, typer.Option("--paths", help="Monte Carlo paths (100 to 1,000,000).", show_default=True)
]
Seed = Annotated[
    int, typer.Option("--seed", help="Random seed (>= 0); the same seed gives the same numbers.")
]
Horizon = Annotated[
    int | None,
    typer.Option(
        "--horizon", help="Months to project, 1-120 (default: the profile's horizon_months)."
    ),
]
Method = Annotated[str, typer.Option("--method", help="Ranking method: weighted_sum or topsis.")]
Target = Annotated[
    list[str] | None,
    typer.Option(
        "--target",
        help="Compare this career (O*NET-SOC code, repeatable) instead of the best fits; "
        "CODE=WAGE also gives your own hourly wage for it (in your currency).",
    ),
]

Quick = Annotated[
    bool,
    typer.Option(
        "--quick",
        help="Quick mode, as cohorts and what-if sliders use it: at most 2,000 paths, a coarser "
        "hybrid screening, no tipping points (reproduces a `crossroads cohort` row).",
    ),
]

RankBaseline = Annotated[
    bool,
    typer.Option(
        "--rank-baseline",
        help="Also rank 'a local entry-level job now' as the option local_job (as the profile's "
        "baseline: {rank: true} does); the other options' figures do not change.",
    ),
]


def run_config(
    paths: int,
    seed: int,
    horizon: int | None,
    method: str,
    target: list[str] | None,
    quick: bool = False,
    rank_baseline: bool = False,
) -> RunConfig:
    """The validated :class:`RunConfig` of the shared options (InputError naming each bad one)."""
    # Pydantic is imported when a command runs, not for --help.
    from crossroads.run_config import RunConfig

    return RunConfig(
        paths=paths, seed=seed, horizon=horizon, method=method, targets=target or [], quick=quick,
        rank_baseline=rank_baseline,
    )  # fmt: skip
