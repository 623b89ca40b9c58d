"""``RunConfig``: the run options every face passes to the core, validated once.

Why one model: ``advise``, ``plan``, ``report`` and ``simulate`` used to check their own
``--paths`` / ``--seed`` / ``--horizon`` / ``--method`` in five places with five different
ranges and messages. Here each bad value gets exactly one message naming the field, raised as
:class:`~crossroads.errors.InputError` (the CLI exits 2, the web app answers 422).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from crossroads.errors import FieldError, InputError

#: The Monte Carlo paths a run may use (below 100 the percentiles shown are too noisy to read).
MIN_PATHS = 100
MAX_PATHS = 1_000_000
#: Longest horizon in months the engine projects.
MAX_HORIZON = 120
#: Ranking methods (``crossroads.decision.mcda.METHODS``; repeated so this module stays light).
METHODS = ("weighted_sum", "topsis")
#: ``quick=True`` caps the paths here and skips the tipping points (what-if sliders, cohorts).
QUICK_PATHS = 2_000
#: ``quick=True`` also screens the hybrid mixes on fewer paths (100: the screening only picks the
#: mixes sent to the final run, and its equivalence band widens with the noise), on a coarser grid of microtask
#: shares (5 levels instead of 10, the extremes kept because they border on the pure paths): most
#: of an advice's time is per-option engine work, not paths. On the example cohort the recommended
#: family matches the full run's for >= 90 % of people whose full-run families are not tied
#: (tests/test_cohort_quick.py; docs/cohort.md).
QUICK_SCREEN_PATHS = 100
QUICK_MIX_SHARES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)


def _whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class RunConfig(BaseModel):
    """How to run the advice: Monte Carlo size, seed, horizon, ranking method, career targets.

    ``horizon=None`` means the profile's own ``time.horizon_months``; ``targets=[]`` lets the
    advice choose the best-fitting careers. The same ``RunConfig`` and profile give the same
    numbers (common random numbers from ``seed``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    paths: int = 10_000
    seed: int = 0
    horizon: int | None = None
    method: str = "weighted_sum"
    targets: tuple[str, ...] = ()
    quick: bool = False
    #: rank the local entry-level job as the option ``local_job`` (False: the profile's
    #: ``baseline.rank`` decides; issue 12 §4)
    rank_baseline: bool = False

    def __init__(self, **data: Any) -> None:
        errors = _check(data)
        if errors:
            raise InputError(errors)
        try:
            super().__init__(**data)
        except ValidationError as exc:  # a type the checks above did not anticipate
            raise InputError(
                [
                    FieldError(".".join(str(p) for p in e["loc"]) or "run", e["msg"])
                    for e in exc.errors()
                ]
            ) from None

    @field_validator("targets", mode="before")
    @classmethod
    def _targets(cls, v: Any) -> Any:
        if v is None:
            return ()
        return tuple(str(t).strip() for t in v)

    @property
    def effective_paths(self) -> int:
        """The paths actually simulated (``quick`` caps them at :data:`QUICK_PATHS`)."""
        return min(self.paths, QUICK_PATHS) if self.quick else self.paths

    @property
    def screen_paths(self) -> int | None:
        """Paths of the hybrid screening (``None`` = the pipeline's default)."""
        return min(QUICK_SCREEN_PATHS, self.effective_paths) if self.quick else None

    @property
    def mix_shares(self) -> tuple[float, ...] | None:
        """Microtask shares of the hybrid grid (``None`` = the pipeline's full grid)."""
        return QUICK_MIX_SHARES if self.quick else None

    @property
    def tipping(self) -> bool:
        """Whether tipping points are searched (not in ``quick`` runs)."""
        return not self.quick

    def cli_args(self) -> list[str]:
        """The CLI options that reproduce this run (every option, defaults included)."""
        args = [f"--seed {self.seed}", f"--paths {self.paths}"]
        if self.horizon is not None:
            args.append(f"--horizon {self.horizon}")
        args.append(f"--method {self.method}")
        args += [f"--target {t}" for t in self.targets]
        if self.quick:
            args.append("--quick")
        if self.rank_baseline:
            args.append("--rank-baseline")
        return args


def _check(data: dict[str, Any]) -> list[FieldError]:
    """Every problem with the run options, one message per bad value."""
    errors: list[FieldError] = []
    unknown = sorted(set(data) - set(RunConfig.model_fields))
    for name in unknown:
        errors.append(
            FieldError(name, f"is not a run option; known: {', '.join(RunConfig.model_fields)}")
        )
    paths = data.get("paths", 10_000)
    if not _whole(paths) or not MIN_PATHS <= paths <= MAX_PATHS:
        errors.append(
            FieldError(
                "paths",
                f"must be a whole number between {MIN_PATHS} and {MAX_PATHS:,}, got {paths!r}",
            )
        )
    seed = data.get("seed", 0)
    if not _whole(seed) or seed < 0:
        errors.append(FieldError("seed", f"must be a whole number >= 0, got {seed!r}"))
    horizon = data.get("horizon")
    if horizon is not None and (not _whole(horizon) or not 1 <= horizon <= MAX_HORIZON):
        errors.append(FieldError("horizon", f"must be 1..{MAX_HORIZON} months, got {horizon!r}"))
    method = data.get("method", "weighted_sum")
    if method not in METHODS:
        errors.append(FieldError("method", f"must be one of {', '.join(METHODS)}, got {method!r}"))
    targets = data.get("targets") or ()
    if isinstance(targets, str) or not all(isinstance(t, str) and t.strip() for t in targets):
        errors.append(FieldError("targets", f"must be a list of O*NET-SOC codes, got {targets!r}"))
    for name in ("quick", "rank_baseline"):
        flag = data.get(name, False)
        if not isinstance(flag, bool):
            errors.append(FieldError(name, f"must be true or false, got {flag!r}"))
    return errors
