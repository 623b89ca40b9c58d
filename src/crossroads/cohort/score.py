"""Scoring people: one profile → one flat record; one partition of rows → records and rejects.

This is the code that runs inside a Dask worker. It never raises for a person: a row that cannot
be read is a reject (row, id, field, reason), and so is a person whose advice fails with an
exception — the rest of the partition goes on. The catalog is loaded once per worker process
(``get_catalog`` is cached), not once per person.
"""

from __future__ import annotations

import math
import os
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .columns import Person, Reject, row_to_person
from .seeds import person_seed

if TYPE_CHECKING:
    from crossroads.decision.advice import Advice, OptionAdvice
    from crossroads.profile import Profile
    from crossroads.run_config import RunConfig
    from crossroads.service import Case, Crossroads

#: Paths per person in quick mode unless ``--paths`` says otherwise (RunConfig caps quick runs at
#: 2,000). A cohort's cost is per-person engine work that grows with paths; 500 paths give a
#: standard error of at most 2.2 points on ``p_shortfall`` (reported per row, ``p_shortfall_se``)
#: and keep every untied full-mode family of the agreement sample (docs/cohort.md, "Quick and
#: full"); ``--paths 1000`` or more where a person's own figures matter.
QUICK_PATHS = 500
FULL_PATHS = 10_000
#: The output columns, in order (group columns follow). The names shared with
#: ``Case.summary_record()`` are that record's; the rest are the cohort's additions.
OUT_COLUMNS: tuple[str, ...] = (
    "row",
    "id",
    "recommendation",
    "recommendation_label",
    "kind",
    "family",
    "family_label",
    "target",
    "score",
    "p_first",
    "family_p_first",
    "p_shortfall",
    "p_shortfall_se",
    "net_income_p10",
    "net_income_p50",
    "net_income_p90",
    "months_to_first_income_p50",
    "months_to_cover_expenses_p50",
    "final_monthly_income_p50",
    "any_within_tolerance",
    "any_covers_expenses",
    "tolerance",
    "reasons",
    "top_criteria",
    "compared_with",
    "warnings",
    "n_warnings",
    "n_options",
    "country",
    "currency",
    "hours_per_week",
    "savings",
    "monthly_expenses",
    "method",
    "horizon_months",
    "seed",
    "paths",
    "quick",
    "crossroads_version",
)
REJECT_COLUMNS: tuple[str, ...] = ("row", "id", "field", "reason")
#: Separator of the short texts in the ``reasons`` and ``warnings`` cells (one cell each, so the
#: output stays one flat row per person in CSV as in Parquet).
TEXT_SEPARATOR = " | "
TOP_REASONS = 3


@dataclass(frozen=True)
class CohortRun:
    """The run options of a cohort: one global seed, paths, horizon, method, quick or full.

    Picklable and small, so it travels to every worker with each partition.
    """

    seed: int = 0
    paths: int | None = None
    horizon: int | None = None
    method: str = "weighted_sum"
    quick: bool = True
    id_column: str = "id"
    targets: tuple[str, ...] = ()

    def validate(self) -> None:
        """Raise :class:`InputError` naming ``paths``, ``seed``, ``horizon`` or ``method`` if out of range."""
        self.config(self.seed)

    def final_paths(self) -> int:
        """Paths per person: the run's choice, else 500 quick / 10,000 full."""
        if self.paths is not None:
            return int(self.paths)
        return QUICK_PATHS if self.quick else FULL_PATHS

    def config(self, seed: int) -> RunConfig:
        """The person's :class:`~crossroads.RunConfig`: these options with the person's own seed."""
        from crossroads.run_config import RunConfig

        return RunConfig(
            paths=self.final_paths(),
            seed=int(seed),
            horizon=self.horizon,
            method=self.method,
            quick=self.quick,
            targets=self.targets,
        )


@dataclass
class PartitionResult:
    """What a worker sends back for one partition: records, rejects and where it ran."""

    index: int
    records: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    pid: int = 0
    catalog_loads: int = 0


def _se(p: float, n: int) -> float:
    """Binomial standard error of a Monte Carlo probability over ``n`` paths."""
    return math.sqrt(max(p * (1.0 - p), 0.0) / n) if n > 0 else float("nan")


def _fmt_value(v: float | None, unit: str) -> str:
    from crossroads.decision.explain import fmt_pct

    if v is None:
        return "never"
    if unit == "probability" or unit.startswith("share"):
        return fmt_pct(v)
    text = f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2g}" if abs(v) < 1 else f"{v:.1f}"
    return f"{text} {unit}".strip()


def reasons(advice: Advice) -> list[tuple[str, str]]:
    """The top criteria that put the recommendation above the best option of *another* family.

    Short and structured — ``(criterion, "earnings: 48,052 USD vs 42,384 USD")`` — from the
    weighted-sum contributions in the advice (the same decomposition as the advice's own reasons),
    so a cohort table can count which criteria decide. Against another family because that is
    the choice being made (a neighbouring split of the same hybrid differs only by noise).
    """
    rec = next(o for o in advice.options if o.id == advice.recommendation)
    rival = rival_of(advice)
    if rival is None:
        return []
    diffs = []
    for key, cv in rec.criteria.items():
        other = rival.criteria.get(key)
        if other is None:
            continue
        d = float(cv.contribution) - float(other.contribution)
        if d > 1e-9:
            diffs.append((d, key, cv, other))
    diffs.sort(key=lambda t: -t[0])
    out: list[tuple[str, str]] = []
    for _, _key, cv, other in diffs:
        if len(out) >= TOP_REASONS:
            break
        if any(c == cv.criterion for c, _ in out):
            continue  # one line per criterion: its most decisive measure
        out.append(
            (
                cv.criterion,
                f"{cv.label}: {_fmt_value(cv.value, cv.unit)} vs {_fmt_value(other.value, other.unit)}",
            )
        )
    return out


def rival_of(advice: Advice) -> OptionAdvice | None:
    """The option the reasons compare with: the best option of another family (else the runner-up)."""
    opts = list(advice.options)
    rec = next(o for o in opts if o.id == advice.recommendation)
    return next(
        (o for o in opts if o.family != rec.family), next((o for o in opts if o.id != rec.id), None)
    )


_SERVICE: Crossroads | None = None


def service() -> Crossroads:
    """This process's :class:`~crossroads.Crossroads` (one per worker: the catalog loads once)."""
    global _SERVICE
    if _SERVICE is None:
        from crossroads.service import Crossroads

        _SERVICE = Crossroads()
    return _SERVICE


def advise_person(profile: Profile, seed: int, run: CohortRun) -> Case:
    """The person's :class:`~crossroads.service.Case` under the cohort's options and their seed.

    Exactly what ``Crossroads().case(profile, RunConfig(..., seed=seed))`` computes, so any row can
    be reproduced on its own (``crossroads advise --seed SEED --paths PATHS`` in full mode).
    """
    case = service().case(profile, run.config(seed))
    case.advice()
    return case


def summary_record(case: Case, run: CohortRun) -> dict[str, Any]:
    """One flat row for the person: ``Case.summary_record()`` plus the cohort's columns.

    Added here: the standard error of ``p_shortfall``, the family's plain label, the top reasons as
    short text (and which criteria they are), the warnings, quick or full, and the version.
    """
    from crossroads import __version__

    advice = case.advice()
    base = dict(case.summary_record())
    base.pop("profile_name", None)  # it is the id
    rec = next(o for o in advice.options if o.id == advice.recommendation)
    why = reasons(advice)
    rival = rival_of(advice)
    base.update(
        {
            "family_label": next(
                (f.label for f in advice.families if f.family == rec.family), rec.family
            ),
            "p_shortfall_se": _se(float(rec.metrics.p_shortfall), int(advice.paths)),
            "reasons": TEXT_SEPARATOR.join(t for _, t in why),
            "top_criteria": TEXT_SEPARATOR.join(c for c, _ in why),
            "compared_with": rival.id if rival is not None else None,
            "warnings": TEXT_SEPARATOR.join(advice.warnings),
            "quick": bool(run.quick),
            "crossroads_version": __version__,
        }
    )
    return base


def score_person(person: Person, run: CohortRun) -> dict[str, Any] | Reject:
    """The record of one valid person, or a reject naming the exception if the advice fails."""
    from crossroads.errors import InputError

    seed = person_seed(run.seed, person.id)
    try:
        case = advise_person(person.profile, seed, run)
        rec = summary_record(case, run)
    except InputError as exc:
        e = exc.errors[0] if exc.errors else None
        from .columns import column_of

        return Reject(
            person.row,
            person.id,
            column_of(e.field) if e else "",
            "; ".join(str(x) for x in exc.errors),
        )
    except Exception as exc:  # noqa: BLE001 - a person's failure must not end the cohort
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Reject(
            person.row,
            person.id,
            "",
            f"internal error while advising: {type(exc).__name__}: {exc} "
            f"(at {os.path.basename(where.filename)}:{where.lineno})",
        )
    # group columns first so the record's own (normalised) country wins over the raw cell
    return {**person.groups, "row": person.row, "id": person.id, **rec}


def score_partition(
    index: int,
    rows: Sequence[tuple[int, Mapping[str, Any]]],
    run: CohortRun,
    groups: list[str],
    duplicates: Mapping[int, int],
) -> PartitionResult:
    """Score the rows of one partition (``(row number, raw cells)`` pairs); never raises per row.

    ``duplicates`` maps the row number of a repeated id to the row where that id first appeared:
    those rows are rejected here (the first occurrence is scored), so the decision does not depend
    on which partition a duplicate falls in.
    """
    from crossroads.catalog import loader

    service()
    out = PartitionResult(index=index, pid=os.getpid())
    for row, raw in rows:
        try:
            if row in duplicates:
                pid = str(raw.get(run.id_column, "")).strip()
                out.rejects.append(
                    Reject(
                        row,
                        pid,
                        run.id_column,
                        f"duplicate id: {pid!r} first appears in row {duplicates[row]}",
                    )
                )
                continue
            got = row_to_person(row, raw, run.id_column, groups)
            if isinstance(got, list):
                out.rejects.extend(got)
                continue
            scored = score_person(got, run)
        except Exception as exc:  # noqa: BLE001 - belt and braces: the row is still accounted for
            scored = Reject(
                row,
                str(raw.get(run.id_column, "")),
                "",
                f"internal error: {type(exc).__name__}: {exc}",
            )
        if isinstance(scored, Reject):
            out.rejects.append(scored)
        else:
            out.records.append(scored)
    out.catalog_loads = loader._cached.cache_info().misses
    return out
