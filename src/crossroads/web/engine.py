"""The web face's one door into the core, plus the what-if and the bounded work pool.

Why one module: the pages and the JSON API must show the same numbers as the CLI, so every call
into the core (advise, plan, match, report, sources) goes through :class:`Engine`. Everything goes
through the shared :class:`~crossroads.Crossroads` service (``cr.case(profile, run)``), so the JSON
of ``POST /api/advise`` is ``Case.advice_json()``, the document ``crossroads advise --json`` prints
(a test compares them).

Long work (a full advice takes about a second) never runs on the event loop: :class:`WorkPool`
runs it in a bounded thread pool, refuses new work with a clear message when the queue is full,
and reports each job's state so a page can show progress.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field

from crossroads.errors import FieldError, InputError

if TYPE_CHECKING:
    from crossroads.profile import Profile
    from crossroads.simulation.engine import SimResult

__all__ = ["Engine", "Job", "RunOptions", "WhatIf", "WorkPool", "clean_json"]


def _no_bool(v: Any) -> Any:
    """JSON ``true`` is not a number of paths (pydantic's lax mode would take it as 1)."""
    if isinstance(v, bool):
        raise ValueError("must be a number, not true/false")
    return v


Int = Annotated[int, BeforeValidator(_no_bool)]
Num = Annotated[float, BeforeValidator(_no_bool)]

MAX_WEB_PATHS = 20_000  # one request may not occupy a worker for more than a few seconds
QUICK_PATHS = 1_000  # the what-if's paths: ~25 ms per option on this machine


class RunOptions(BaseModel):
    """Run options of an advice, as the CLI's ``--paths --seed --horizon --method``."""

    paths: Int = Field(10_000, ge=100, le=MAX_WEB_PATHS, description="Monte Carlo paths")
    seed: Int = Field(0, ge=0, le=2**32 - 1, description="random seed; same seed, same advice")
    horizon: Int | None = Field(None, ge=1, le=120, description="months; default the profile's")
    method: Literal["weighted_sum", "topsis"] = "weighted_sum"
    targets: list[Annotated[str, Field(pattern=r"^\d\d-\d\d\d\d\.\d\d$")]] = Field(
        default_factory=list, max_length=5, description="O*NET-SOC codes to compare"
    )

    def key(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True)


class WhatIf(BaseModel):
    """What a slider changed; every field is optional (unset = as in the profile)."""

    savings: Num | None = Field(None, ge=0, le=1e9)
    monthly_expenses: Num | None = Field(None, ge=0, le=1e8)
    hours_per_week: Num | None = Field(None, gt=0, le=112)
    max_shortfall_probability: Num | None = Field(None, ge=0, le=1)
    assumption: str | None = Field(None, max_length=80, description="a parameter name")
    assumption_value: Num | None = None


def clean_json(obj: Any) -> Any:
    """NaN/inf as null, numpy scalars as numbers: the core's one JSON shaping (``jsonable``)."""
    from crossroads.jsonable import jsonable

    return jsonable(obj)


def profile_key(profile: Profile) -> str:
    """A stable digest of a profile's data (the advice cache key)."""
    text = json.dumps(profile.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class Engine:
    """The web face's handle on :class:`~crossroads.Crossroads`: one ``Case`` per (profile, run).

    A ``Case`` computes its advice, plans and report once; keeping the last few cases means the
    advice page, the plan page, the downloads and the what-if all reuse one simulation.
    """

    def __init__(self, db: str | None = None, cache_size: int = 32) -> None:
        from crossroads import Crossroads

        self.cr = Crossroads(db=db)
        self._cases: OrderedDict[str, Any] = OrderedDict()
        self._charts: dict[str, list[tuple[str, str, str]]] = {}
        self._lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._cache_size = cache_size
        self._draw_cache: OrderedDict[tuple[int, int, int], Any] = OrderedDict()

    @property
    def catalog(self) -> Any:
        return self.cr.catalog

    def journal(self, person: str, owner: str) -> Any:
        """``person``'s :class:`~crossroads.journal.Journal` under ``owner`` (created if new).

        The database is opened (and migrated) on first use, under a lock: two first requests
        at once must not both run the migrations.
        """
        with self._store_lock:
            store = self.cr.store
        return store.journal(person, owner=owner)

    # -- profiles and cases ---------------------------------------------------------------

    def profile(self, data: Any) -> Any:
        """A validated :class:`~crossroads.profile.Profile` from plain data (InputError if bad)."""
        if not isinstance(data, dict):
            raise InputError.one("profile", "must be an object with the profile's fields")
        return self.cr.profile(data)

    @staticmethod
    def run_config(run: RunOptions) -> Any:
        from crossroads import RunConfig

        return RunConfig(
            paths=run.paths,
            seed=run.seed,
            horizon=run.horizon,
            method=run.method,
            targets=tuple(run.targets),
        )

    def case(self, profile: Profile, run: RunOptions) -> Any:
        key = profile_key(profile) + run.key()
        with self._lock:
            if key in self._cases:
                self._cases.move_to_end(key)
                return self._cases[key]
        case = self.cr.case(profile, self.run_config(run))
        with self._lock:
            self._cases[key] = case
            while len(self._cases) > self._cache_size:
                old, _ = self._cases.popitem(last=False)
                self._charts.pop(old, None)
        return case

    # -- advice ---------------------------------------------------------------------------

    def advice(self, profile: Profile, run: RunOptions) -> Any:
        """The :class:`~crossroads.decision.Advice` (computed once per profile and options)."""
        return self.case(profile, run).advice()

    def advice_json(self, profile: Profile, run: RunOptions) -> dict[str, Any]:
        """The advice document: ``Case.advice_json()``, what ``crossroads advise --json`` prints."""
        doc: dict[str, Any] = self.case(profile, run).advice_json()
        return doc

    def advise_with_journal(
        self, profile: Profile, run: RunOptions, journal: Any
    ) -> dict[str, Any]:
        """``crossroads advise --journal``: the advice before and after the journal's update,
        what moved, stored in the journal's advice history (``{"advice", "journal"}``)."""
        from crossroads.journal.advise import advise_with_journal

        out: dict[str, Any] = advise_with_journal(self.cr, profile, self.run_config(run), journal)
        return out

    # -- plan, report, match, sources -----------------------------------------------------

    def plan(self, profile: Profile, run: RunOptions, option_id: str | None = None) -> Any:
        return self.case(profile, run).plan(option_id)

    def report_html(self, profile: Profile, run: RunOptions) -> str:
        html: str = self.case(profile, run).report_html()
        return html

    def charts_svg(
        self, profile: Profile, run: RunOptions, ids: tuple[str, ...]
    ) -> list[tuple[str, str, str]]:
        """(title, description, svg) of the report's charts ``ids``, rendered on the server.

        Why SVG from the server: no chart script in the page, so the CSP stays strict and the
        charts show with JavaScript off; each takes ~40 ms with vl-convert.
        """
        import vl_convert as vlc

        from crossroads.report import build_charts
        from crossroads.report.collect import collect

        key = profile_key(profile) + run.key() + ",".join(ids)
        if key in self._charts:
            return self._charts[key]
        case = self.case(profile, run)
        data = collect(profile, case.advice(), case.run, catalog=self.catalog, plan=case.plan())
        out = []
        for c in build_charts(data):
            if c.id in ids:
                svg = vlc.vegalite_to_svg(json.dumps(c.spec))
                # The page's figure carries the text description (role=img + aria-label); the
                # drawing itself is hidden from screen readers so it is not read twice.
                svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
                out.append((c.title, c.description, svg))
        self._charts[key] = out
        return out

    def match(
        self,
        profile: Profile,
        *,
        soft_skills: bool = False,
        include_all: bool = False,
        max_job_zone: int | None = None,
        min_wage: float | None = None,
        limit: int = 20,
    ) -> list[Any]:
        found: list[Any] = self.cr.match(
            profile,
            include_all=include_all,
            max_job_zone=max_job_zone,
            min_wage=min_wage,
            limit=limit,
            soft_skills_only=soft_skills,
        )
        return found

    def sources(self) -> list[Any]:
        return list(self.cr.sources())

    def calibration(self) -> list[Any]:
        return list(self.cr.calibrate())

    # -- what-if --------------------------------------------------------------------------

    def _draws(self, seed: int, paths: int, months: int) -> Any:
        """The draws of (seed, paths, months), kept: every slider move of a person uses the same.

        The engine's draws depend only on these three (common random numbers), and it only
        reads them, so a what-if reuses them instead of drawing again (a tenth of its time).
        """
        from crossroads.simulation.draws import make_draws

        key = (int(seed), int(paths), int(months))
        with self._lock:
            got = self._draw_cache.get(key)
            if got is not None:
                self._draw_cache.move_to_end(key)
                return got
        d = make_draws(*key)
        with self._lock:
            self._draw_cache[key] = d
            while len(self._draw_cache) > 4:
                self._draw_cache.popitem(last=False)
        return d

    def whatif(self, profile: Profile, run: RunOptions, change: WhatIf) -> dict[str, Any]:
        """A quick re-simulation of the options the advice compared, under ``change``.

        The full advice (new option set, SMAA, tipping points) takes about a second; while a
        slider moves, the top options of the current advice are simulated again on
        :data:`QUICK_PATHS` common-random-number paths with the changed profile (~25 ms each),
        so the figures answer "what would happen to these options". Releasing the slider runs
        the full advice (a pool job), which may pick different options.
        """
        from crossroads.options import parse_option
        from crossroads.simulation import simulate
        from crossroads.simulation.metrics import summarise

        base = self.advice(profile, run)
        changed = apply_whatif(profile, change)
        old_h = float(profile.time.hours_per_week)
        new_h = float(changed.time.hours_per_week)
        ids = [o.id for o in base.options[:3]]
        if not any(i == "microtask" for i in ids) and any(
            o.id == "microtask" for o in base.options
        ):
            ids.append("microtask")
        opts = [parse_option(_rescale(i, old_h, new_h), changed, self.catalog) for i in ids]
        paths = min(QUICK_PATHS, run.paths)
        months = int(run.horizon or changed.time.horizon_months)
        # no monthly arrays kept: the answer is per-path summaries (bands would cost a third)
        sim = simulate(
            changed,
            opts,
            paths=paths,
            seed=run.seed,
            horizon=run.horizon,
            catalog=self.catalog,
            keep=(),
            draws=self._draws(run.seed, paths, months),
        )
        tol = float(changed.risk.max_shortfall_probability)
        rows = []
        for k, (orig, opt) in enumerate(zip(ids, opts, strict=True)):
            m = summarise(sim, k)
            rows.append(
                {
                    "option_id": opt.id,
                    "was": orig,
                    "label": base.option(orig).short_label or base.option(orig).label,
                    "p_shortfall": m.p_shortfall,
                    "within_tolerance": m.p_shortfall <= tol,
                    "net_income_p10": m.net_income_p10,
                    "net_income_p50": m.net_income_p50,
                    "net_income_p90": m.net_income_p90,
                    "months_to_first_income_p50": m.months_to_first_income_p50,
                    "months_to_cover_expenses_p50": m.months_to_cover_expenses_p50,
                }
            )
        doc: dict[str, Any] = clean_json(
            {
                "paths": sim_paths(sim),
                "seed": run.seed,
                "tolerance": tol,
                "currency": changed.currency,
                "options": rows,
                "change": change.model_dump(exclude_none=True),
            }
        )
        return doc


def sim_paths(sim: SimResult) -> int:
    return int(getattr(sim, "paths", 0) or 0)


def _rescale(option_id: str, old_h: float, new_h: float) -> str:
    """A hybrid's hours scaled to a new weekly total (microtask/career use all hours anyway)."""
    if not option_id.startswith("hybrid:") or old_h <= 0 or abs(old_h - new_h) < 1e-9:
        return option_id
    parts = option_id.split(":")
    f = new_h / old_h
    mt = round(float(parts[1]) * f * 2) / 2
    le = max(0.0, min(round(float(parts[2]) * f * 2) / 2, new_h - mt))
    parts[1], parts[2] = f"{mt:g}", f"{le:g}"
    return ":".join(parts)


def apply_whatif(profile: Profile, change: WhatIf) -> Any:
    """The profile with the slider values put in (validated again, so limits still hold)."""
    from crossroads.profile import profile_from_data

    data = copy.deepcopy(profile.model_dump(mode="json", exclude_none=True))
    if change.savings is not None:
        data["money"]["savings"] = change.savings
    if change.monthly_expenses is not None:
        data["money"]["monthly_expenses"] = change.monthly_expenses
    if change.hours_per_week is not None:
        data["time"]["hours_per_week"] = change.hours_per_week
    if change.max_shortfall_probability is not None:
        data.setdefault("risk", {})["max_shortfall_probability"] = change.max_shortfall_probability
    if change.assumption:
        if change.assumption_value is None:
            raise InputError.one("assumption_value", "is needed with assumption")
        data.setdefault("assumptions", {})[change.assumption] = change.assumption_value
    if "cash_floor" in data["money"] and data["money"]["cash_floor"] > data["money"]["savings"]:
        data["money"]["cash_floor"] = data["money"]["savings"]
    return profile_from_data(data, source="what-if")


# ----------------------------------------------------------------------------------------
# The bounded work pool
# ----------------------------------------------------------------------------------------


@dataclass
class Job:
    """One piece of long work; ``state`` is queued → running → done | failed."""

    id: str
    owner: str
    label: str
    state: str = "queued"
    submitted: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    result: Any = None
    errors: list[FieldError] = field(default_factory=list)
    message: str = ""

    def progress_text(self, ahead: int) -> str:
        now = time.monotonic()
        if self.state == "queued":
            return f"Waiting for a free worker ({ahead} job(s) ahead)…"
        if self.state == "running":
            return f"Working: {now - (self.started or now):.1f} s so far (usually about 1–2 s)…"
        if self.state == "done":
            return f"Done in {(self.finished or now) - (self.started or now):.1f} s."
        return self.message or "Failed."


class PoolFull(Exception):
    """More work waiting than the pool accepts (the page says so and asks to retry)."""


class WorkPool:
    """A bounded thread pool: at most ``workers`` jobs run, at most ``queue`` wait."""

    def __init__(self, workers: int = 2, queue: int = 8, keep: int = 200) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crossroads-web")
        self._closed = False
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self.workers = workers
        self.queue = queue
        self.keep = keep

    def pending(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.state in ("queued", "running"))

    def submit(self, owner: str, label: str, fn: Callable[[], Any]) -> Job:
        with self._lock:
            waiting = sum(1 for j in self._jobs.values() if j.state in ("queued", "running"))
            if waiting >= self.workers + self.queue:
                raise PoolFull(f"{waiting} jobs are running or waiting; try again in a few seconds")
            job = Job(id=uuid.uuid4().hex, owner=owner, label=label)
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                old = next(iter(self._jobs))
                if self._jobs[old].state in ("queued", "running"):
                    break
                self._jobs.popitem(last=False)

        def run() -> None:
            job.started = time.monotonic()
            job.state = "running"
            try:
                job.result = fn()
                job.state = "done"
            except InputError as exc:
                job.errors = exc.errors
                job.message = exc.message()
                job.state = "failed"
            except Exception as exc:  # noqa: BLE001 — shown to the person, never a traceback
                job.message = f"The computation failed: {type(exc).__name__}: {exc}"
                job.state = "failed"
            finally:
                job.finished = time.monotonic()

        try:
            fut: Future[None] = self._pool.submit(run)
        except RuntimeError:  # shut down: the job never runs, so it must not count as waiting
            with self._lock:
                self._jobs.pop(job.id, None)
            raise PoolFull("the server is stopping; try again when it has restarted") from None
        del fut
        return job

    def get(self, owner: str, job_id: str) -> Job | None:
        """The job, or None when it does not exist *or belongs to someone else* (→ 404)."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def ahead_of(self, job: Job) -> int:
        with self._lock:
            return sum(
                1
                for j in self._jobs.values()
                if j.state == "queued" and j.submitted < job.submitted
            )

    def start(self) -> None:
        """(Re)start the threads after :meth:`shutdown`.

        Why: an app's lifespan can end and begin again in one process (each test client, each
        ASGI transport of schemathesis); the app must keep working, not refuse every job.
        """
        with self._lock:
            if self._closed:
                self._pool = ThreadPoolExecutor(
                    max_workers=self.workers, thread_name_prefix="crossroads-web"
                )
                self._closed = False

    def shutdown(self) -> None:
        """Stop the threads; jobs that never started are marked failed (not left "queued")."""
        with self._lock:
            self._closed = True
            self._pool.shutdown(wait=False, cancel_futures=True)
            for j in self._jobs.values():
                if j.state == "queued":
                    j.state = "failed"
                    j.message = "the server stopped before this job started"
