"""``Crossroads``: the one object every face (CLI, web app, journal, cohort runner) talks to.

Why one object: before it, each CLI command built its own pipeline — ``plan`` and ``report``
quietly re-ran ``advise`` with only some of its arguments, and JSON was shaped in the CLI. A
:class:`Case` (one profile under one :class:`~crossroads.run_config.RunConfig`) computes each
thing at most once — the advice, the live run behind it, each plan, the report — so
``case.advice(); case.plan(); case.report_html()`` runs the engine for the advice only, and every
face shows the same numbers.

The core never imports a face; faces import this module (lazily, via ``crossroads.Crossroads``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crossroads.run_config import RunConfig

if TYPE_CHECKING:
    from distributed import Client

    from crossroads.catalog import Catalog, Occupation, Source
    from crossroads.cohort import CohortResult
    from crossroads.decision.advice import Advice, AdviceRun
    from crossroads.journal import Journal, JournalStore
    from crossroads.matching import Match
    from crossroads.options import Option
    from crossroads.params import Parameters
    from crossroads.plan import Plan
    from crossroads.profile import Profile
    from crossroads.simulation import OptionMetrics, SimResult
    from crossroads.simulation.calibrate import Target

__all__ = ["Case", "Crossroads", "RunConfig", "SimSummary"]


@dataclass(frozen=True)
class SimSummary:
    """One option simulated on its own: the engine's result, its summary and the assumptions used."""

    option: Option
    result: SimResult
    metrics: OptionMetrics
    assumptions: list[dict[str, Any]]
    currency: str
    run: RunConfig

    def to_json(self) -> dict[str, Any]:
        """The ``crossroads simulate --json`` document."""
        from crossroads.jsonable import jsonable_object

        o, res = self.option, self.result
        return jsonable_object(
            {
                "option": {
                    "id": o.id,
                    "kind": o.kind,
                    "label": o.label,
                    "microtask_hours": o.microtask_hours,
                    "learning_hours": o.learning_hours,
                    "target": o.target,
                    "stop_microtask_when_hired": o.stop_microtask_when_hired,
                },
                "seed": self.run.seed,
                "paths": self.run.effective_paths,
                "horizon_months": res.months,
                "currency": self.currency,
                "metrics": self.metrics.to_dict(),
                "platforms": {
                    "open": list(res.setup.platforms.open_ids),
                    "note": res.platform_note,
                },
                "warnings": list(res.warnings),
                "assumptions": self.assumptions,
            }
        )


class Crossroads:
    """The service: holds the catalog (loaded on first use) and makes :class:`Case` objects.

    ``Crossroads(catalog=...)`` injects a catalog (tests); by default the packaged one is loaded
    the first time something needs it, so constructing the object costs nothing.
    """

    def __init__(
        self, catalog: Catalog | None = None, db: str | os.PathLike[str] | None = None
    ) -> None:
        self._catalog = catalog
        self._db = db
        self._store: JournalStore | None = None

    @property
    def catalog(self) -> Catalog:
        """The packaged catalog (O*NET, OEWS, platforms, evidence), loaded once."""
        if self._catalog is None:
            from crossroads.catalog import get_catalog

            self._catalog = get_catalog()
        return self._catalog

    # -- the journal ------------------------------------------------------------------------

    @property
    def store(self) -> JournalStore:
        """The journal database (``db`` URL or path; default ``$CROSSROADS_DB`` or the user data
        dir), opened and migrated on first use."""
        if self._store is None:
            from crossroads.journal import JournalStore

            self._store = JournalStore(self._db)
        return self._store

    def journal(
        self, person: str | None = None, *, owner: str = "", create: bool = True
    ) -> Journal:
        """The person-bound :class:`~crossroads.journal.Journal` (default person: "me")."""
        return self.store.journal(person, owner=owner, create=create)

    # -- profiles and cases -----------------------------------------------------------------

    def profile(self, profile_or_path: Profile | str | Path | Mapping[str, Any]) -> Profile:
        """A validated :class:`~crossroads.profile.Profile` from a Profile, a file path or a mapping."""
        from crossroads.profile import Profile, load_profile, profile_from_data

        if isinstance(profile_or_path, Profile):
            return profile_or_path
        if isinstance(profile_or_path, (str, Path)):
            return load_profile(profile_or_path)
        return profile_from_data(dict(profile_or_path))

    def case(
        self,
        profile_or_path: Profile | str | Path | Mapping[str, Any],
        run: RunConfig | None = None,
        *,
        advice: Advice | None = None,
        params: Parameters | None = None,
    ) -> Case:
        """One person under one run configuration; everything it computes is cached on it.

        ``advice`` starts the case from an advice document made earlier (``plan --advice``,
        a stored journal entry): it is not computed again, its own paths, seed, horizon, method
        and targets become the run options, and only what a plan or report needs is simulated.

        ``params`` replaces the parameters the profile would resolve to (the journal's
        posteriors use it: a person's own level may lie outside the population ranges that the
        profile's ``assumptions:`` are checked against).
        """
        prof = self.profile(profile_or_path)
        if advice is None:
            from crossroads.world.wages import apply_target_wages

            run = run or RunConfig()
            # --target CODE=WAGE: the wage goes to the profile's targets (crossroads.world)
            prof, codes = apply_target_wages(prof, run.targets)
            if codes != run.targets:
                run = run.model_copy(update={"targets": codes})
            return Case(self, prof, run, params=params)
        from crossroads.decision.replay import check_belongs

        check_belongs(prof, advice)
        return Case(self, prof, run_of(advice, run), _advice=advice, params=params)

    # -- catalog-level questions ------------------------------------------------------------

    def match(
        self,
        profile_or_path: Profile | str | Path | Mapping[str, Any],
        *,
        include_all: bool = False,
        max_job_zone: int | None = None,
        min_wage: float | None = None,
        limit: int | None = None,
        soft_skills_only: bool = False,
    ) -> list[Match]:
        """Occupations ranked by fit for the person (``crossroads match``)."""
        from crossroads.matching import match

        return match(
            self.profile(profile_or_path),
            catalog=self.catalog,
            include_all=include_all,
            max_job_zone=max_job_zone,
            min_wage=min_wage,
            limit=limit,
            soft_skills_only=soft_skills_only,
        )

    def occupations(
        self, *, remote: bool = False, search: str | None = None, limit: int | None = None
    ) -> list[Occupation]:
        """O*NET occupations, optionally teleworkable only and/or matching a title search."""
        check_limit(limit)
        cat = self.catalog
        occs = (
            [cat.occupation(c) for c in cat.search(search)]
            if search is not None
            else cat.occupations()
        )
        if remote:
            occs = [o for o in occs if o.is_teleworkable]
        return occs if limit is None else occs[:limit]

    def sources(self) -> list[Source]:
        """Every data source with version, licence, citation and as-of date."""
        return list(self.catalog.sources)

    def score_cohort(
        self,
        table: object,
        run: RunConfig | None = None,
        client: Client | None = None,
        *,
        id_column: str = "id",
    ) -> CohortResult:
        """Advice for every person of ``table`` (a path, a Polars/pandas frame, an Arrow table, rows).

        Returns a :class:`crossroads.cohort.CohortResult` (``results`` and ``rejects`` as Polars
        frames). ``run`` defaults to ``RunConfig(quick=True, paths=1000)``; each person's seed is
        derived from ``run.seed`` and their id. ``client`` is a ``dask.distributed.Client`` (None:
        score in this process). See docs/cohort.md.
        """
        from crossroads.cohort import CohortRun, score_cohort

        r = run or RunConfig(quick=True, paths=1_000)
        cohort_run = CohortRun(
            seed=r.seed,
            paths=r.paths,
            horizon=r.horizon,
            method=r.method,
            quick=r.quick,
            id_column=id_column,
            targets=tuple(r.targets),
        )
        return score_cohort(table, cohort_run, client)

    def calibrate(self) -> list[Target]:
        """The calibration rows: published figure vs model (``crossroads calibrate``)."""
        from crossroads.simulation.calibrate import calibrate

        return calibrate(self.catalog)


def _in_locale(method: Any) -> Any:
    """Run a Case method with money formatted for the person's country (crossroads.world.fmt)."""
    import functools

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        from crossroads.world.fmt import use_country

        with use_country(getattr(self.profile, "country", None)):
            return method(self, *args, **kwargs)

    return wrapper


@dataclass
class Case:
    """One profile under one :class:`RunConfig`. Each result is computed at most once.

    ``advice()`` is the document; ``run`` the live simulation behind it; ``plan()``,
    ``report_html()`` and ``summary_record()`` reuse both instead of advising again.
    """

    service: Crossroads
    profile: Profile
    config: RunConfig
    _advice: Advice | None = field(default=None, repr=False)
    _run: AdviceRun | None = field(default=None, repr=False)
    _plans: dict[str | None, Plan] = field(default_factory=dict, repr=False)
    _report: str | None = field(default=None, repr=False)
    params: Parameters | None = (
        None  # e.g. the journal's posteriors (crossroads.journal.recalibrate)
    )

    # -- the advice -------------------------------------------------------------------------

    @_in_locale
    def advice(self) -> Advice:
        """The advice document (options ranked, reasons, tipping points), computed once."""
        if self._advice is None:
            from crossroads.decision import advise_with_run

            c = self.config
            adv, run = advise_with_run(
                self.profile,
                paths=c.effective_paths,
                seed=c.seed,
                horizon=c.horizon,
                method=c.method,
                targets=list(c.targets) or None,
                catalog=self.service.catalog,
                tipping=c.tipping,
                params=self.params,
                mix_shares=c.mix_shares,
                quick=c.quick,
                rank_baseline=True if c.rank_baseline else None,
                **({} if c.screen_paths is None else {"screen_paths": c.screen_paths}),
            )
            self._run = run
            self._advice = adv
        return self._advice

    def advice_json(self) -> dict[str, Any]:
        """THE advice JSON document: ``advise --json`` and ``POST /api/advise`` return exactly this."""
        from crossroads.jsonable import jsonable_object

        doc: dict[str, Any] = jsonable_object(self.advice().model_dump(mode="json"))
        return doc

    @property
    def run(self) -> AdviceRun:
        """The live simulation behind :meth:`advice` (computed with it; replayed from the seed
        when the case started from a stored advice document)."""
        advice = self.advice()
        if self._run is None:
            from crossroads.decision.replay import replay_run

            self._run = replay_run(self.profile, advice, catalog=self.service.catalog)
        return self._run

    # -- what is built on it ----------------------------------------------------------------

    @_in_locale
    def plan(self, option_id: str | None = None) -> Plan:
        """The month-by-month plan of ``option_id`` (default: the recommendation), made once.

        An option the advice did not simulate is simulated on its own with the same run options.
        """
        key = None if option_id in (None, "") else option_id
        if key is not None and key == self.advice().recommendation:
            key = None
        if key not in self._plans:
            from crossroads.plan import make_plan

            c = self.config
            self._plans[key] = make_plan(
                self.profile,
                self.advice(),
                key,
                paths=c.effective_paths,
                seed=c.seed,
                horizon=c.horizon,
                catalog=self.service.catalog,
                run=self._run,  # None for a stored advice: only the planned option is simulated
            )
        return self._plans[key]

    def _report_data(self, journal: Any = None) -> Any:
        import dataclasses

        from crossroads.report.collect import collect

        data = collect(
            self.profile, self.advice(), self.run, catalog=self.service.catalog, plan=self.plan()
        )
        if journal is not None:
            from crossroads.report.journal import journal_section

            data = dataclasses.replace(data, journal=journal_section(self, journal))
        return data

    @_in_locale
    def report_html(self, *, journal: Any = None) -> str:
        """The self-contained offline HTML report (advice, charts, plan), rendered once.

        ``journal`` (a :class:`crossroads.journal.Journal`) adds the section comparing what was
        logged with the plan; that report is not cached (the journal changes).
        """
        from crossroads.report import build_charts, render_html

        if journal is not None:
            data = self._report_data(journal)
            return render_html(data, build_charts(data))
        if self._report is None:
            data = self._report_data()
            self._report = render_html(data, build_charts(data))
        return self._report

    @_in_locale
    def write_report(
        self,
        out_path: str | Path,
        *,
        png_dir: str | Path | None = None,
        svg_dir: str | Path | None = None,
        force: bool = False,
        inputs: Sequence[str | Path] = (),
        journal: Any = None,
    ) -> Path:
        """Write the HTML report to ``out_path`` (and every chart as PNG/SVG when asked).

        ``journal`` adds the journal section (see :meth:`report_html`).

        All files are written atomically and together (:func:`crossroads.safeio.write_all`): the
        report and its images all appear, or none does. ``inputs`` (the profile file) are never
        overwritten; another existing file not written by crossroads needs ``force``.
        """
        from crossroads.report import build_charts, chart_files, render_html
        from crossroads.safeio import Output, check_output, check_output_dir, write_all

        check_output(out_path, field="output", inputs=inputs, force=force)
        for d, name in ((png_dir, "png"), (svg_dir, "svg")):
            if d is not None:
                check_output_dir(d, field=name)
        data = self._report_data(journal)
        charts = build_charts(data)
        if journal is not None:
            html = render_html(data, charts)
        else:
            html = self._report if self._report is not None else render_html(data, charts)
            self._report = html
        out = Path(out_path)
        files = [Output(out, html.encode("utf-8"), "output")]
        for d, ext in ((png_dir, "png"), (svg_dir, "svg")):
            if d is not None:
                files += [
                    Output(path, blob, ext, owned=True)
                    for path, blob in chart_files(charts, Path(d), ext)
                ]
        write_all(files, inputs=inputs, force=force)
        return out

    def simulate(self, option: str | Option) -> SimSummary:
        """Project one option on its own (``crossroads simulate``), with this case's run options."""
        from crossroads.options import Option, parse_option
        from crossroads.params import assumptions_table
        from crossroads.simulation import simulate, summarise

        opt = (
            option
            if isinstance(option, Option)
            else parse_option(option, self.profile, self.service.catalog)
        )
        c = self.config
        res = simulate(
            self.profile,
            [opt],
            paths=c.effective_paths,
            seed=c.seed,
            horizon=c.horizon,
            catalog=self.service.catalog,
        )
        return SimSummary(
            opt, res, summarise(res, 0), assumptions_table(res.params), self.profile.currency, c
        )

    def summary_record(self) -> dict[str, Any]:
        """One flat row of the advice (for cohorts): who, what is recommended, and how sure."""
        from crossroads.jsonable import jsonable_object

        a = self.advice()
        rec = a.option(a.recommendation)
        m = rec.metrics
        p = self.profile
        return jsonable_object(
            {
                "profile_name": p.name,
                "country": p.country,
                "currency": p.currency,
                "hours_per_week": float(p.time.hours_per_week),
                "savings": float(p.money.savings),
                "monthly_expenses": float(p.money.monthly_expenses),
                "recommendation": rec.id,
                "recommendation_label": rec.label,
                "kind": rec.kind,
                "family": rec.family,
                "target": rec.target,
                "score": rec.score,
                "p_first": rec.p_first,
                "family_p_first": rec.family_p_first,
                "net_income_p10": m.net_income_p10,
                "net_income_p50": m.net_income_p50,
                "net_income_p90": m.net_income_p90,
                "p_shortfall": m.p_shortfall,
                "months_to_first_income_p50": m.months_to_first_income_p50,
                "months_to_cover_expenses_p50": m.months_to_cover_expenses_p50,
                "final_monthly_income_p50": m.final_monthly_income_p50,
                "tolerance": a.tolerance,
                "any_within_tolerance": a.honesty.any_within_tolerance,
                "any_covers_expenses": a.honesty.any_covers_expenses,
                "n_options": len(a.options),
                "n_warnings": len(a.warnings),
                "method": a.method,
                "paths": a.paths,
                "seed": a.seed,
                "horizon_months": a.horizon_months,
            }
        )


def run_of(advice: Advice, asked: RunConfig | None = None) -> RunConfig:
    """The run options an advice document was made with (``quick`` kept from ``asked``)."""
    return RunConfig(
        paths=advice.paths,
        seed=advice.seed,
        horizon=advice.horizon_months,
        method=advice.method,
        targets=list(advice.targets),
        quick=bool(asked.quick) if asked is not None else False,
        rank_baseline=bool(advice.baseline is not None and advice.baseline.ranked),
    )


def check_limit(limit: int | None) -> None:
    """InputError naming ``limit`` unless it is None or at least 1 (occupations, match)."""
    from crossroads.errors import InputError

    if limit is not None and limit < 1:
        raise InputError.one("limit", f"must be at least 1, got {limit}")
