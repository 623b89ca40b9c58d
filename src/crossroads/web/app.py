"""The app factory: ``create_app(WebConfig)`` → a FastAPI application over the core.

Like datasette's ``Datasette.app()``: the CLI (``crossroads serve``), the tests and the benchmark
all build the app the same way, in-process. Pages are Jinja2 templates with htmx (vendored);
the JSON API lives in :mod:`.api`; the security layer in :mod:`.security`.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from crossroads.errors import FieldError, InputError

from .engine import Engine, Job, PoolFull, RunOptions, WhatIf, WorkPool, profile_key
from .security import CSRF_FIELD, CSRF_HEADER, SAFE_METHODS, Security, SecurityConfig
from .store import Person, Store

if TYPE_CHECKING:
    from crossroads.profile import Profile

__all__ = ["WebConfig", "create_app"]

HERE = Path(__file__).parent
ADVICE_CHARTS = ("cash_fan", "income_bands", "criteria")


@dataclass
class WebConfig:
    """Everything ``crossroads serve`` decides; tests build one directly."""

    data_dir: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    host: str = "127.0.0.1"
    port: int = 8000
    multi_user: bool = False
    db: str | None = None
    workers: int = 2
    queue: int = 8
    run: RunOptions = field(default_factory=lambda: RunOptions.model_validate({}))
    #: Host names admitted besides 127.0.0.1, localhost, [::1] and ``host``. ``crossroads
    #: serve`` never sets it; the tests' app factory adds Starlette's "testserver".
    extra_hosts: tuple[str, ...] = ()
    #: Counsellor mode: the first admin's password when no account exists yet (``None``: a
    #: random one, shown once by ``crossroads serve``; ``$CROSSROADS_ADMIN_PASSWORD`` sets it).
    admin_password: str | None = None
    #: Cookies marked ``Secure`` (``crossroads serve --secure-cookies``): for a server behind a
    #: TLS proxy; off by default because the local server speaks plain HTTP on 127.0.0.1.
    secure_cookies: bool = False


class WebState:
    """What the routes share: config, security, the engine, the store and the pools."""

    def __init__(self, config: WebConfig) -> None:
        from .accounts import Accounts, RateLimit, Sessions

        self.config = config
        self.accounts = Accounts(Path(config.data_dir) / "accounts.json")
        self.sessions = Sessions()
        self.ratelimit = RateLimit()
        #: (username, password) of the admin created at this start, for serve to print once.
        self.initial_admin: tuple[str, str] | None = None
        self.security = Security(
            SecurityConfig(
                token=config.token,
                host=config.host,
                port=config.port,
                extra_hosts=tuple(config.extra_hosts),
                secure_cookies=config.secure_cookies,
            ),
            multi_user=config.multi_user,
            sessions=self.sessions,
            accounts=self.accounts,
        )
        self.engine = Engine(db=config.db)
        self.store = Store(Path(config.data_dir) / "people")
        self.pool = WorkPool(workers=config.workers, queue=config.queue)
        self.quick = WorkPool(workers=2, queue=32)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals["csrf_field"] = CSRF_FIELD
        self.templates.env.filters["money"] = _money
        self.templates.env.filters["pct"] = _pct
        self.templates.env.filters["months"] = _months


def _money(x: Any, cur: str = "") -> str:
    if x is None:
        return "—"
    return f"{float(x):,.0f}" + (f" {cur}" if cur else "")


def _pct(x: Any) -> str:
    if x is None:
        return "—"
    v = float(x) * 100
    return f"{v:.0f}%" if v >= 1 or v == 0 else f"{v:.1f}%"


def _months(x: Any) -> str:
    if x is None:
        return "not within the horizon"
    v = float(x)
    return f"month {v:.0f}"


# ----------------------------------------------------------------------------------------
# Request helpers shared by pages and API
# ----------------------------------------------------------------------------------------


def state_of(request: Request) -> WebState:
    st = request.app.state.web
    assert isinstance(st, WebState)
    return st


def owner_of(request: Request) -> str:
    """Whose objects this request may see ("local" in single-user mode)."""
    owner = getattr(request.state, "owner", None)
    return str(owner) if owner else "local"


def session_of(request: Request) -> str:
    return str(getattr(request.state, "session", None) or "local")


async def csrf_check(request: Request) -> None:
    """Refuse a state-changing request without the session's CSRF token (403).

    Requests authenticated with ``Authorization: Bearer`` are exempt: a browser never adds that
    header to a cross-site request by itself, so there is no ambient credential to abuse.
    """
    if request.method in SAFE_METHODS or getattr(request.state, "bearer", False):
        return
    st = state_of(request)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        v = form.get(CSRF_FIELD)
        given = v if isinstance(v, str) else None
    if not st.security.csrf_ok(session_of(request), given):
        raise HTTPException(
            status_code=403,
            detail=[
                {
                    "loc": ["header", "X-CSRF-Token"],
                    "field": CSRF_FIELD,
                    "msg": "missing or wrong CSRF token: reload the page and try again",
                }
            ],
        )


def not_found(field: str) -> HTTPException:
    """404 naming what was not found; the same for an unknown id and another account's."""
    return HTTPException(
        status_code=404,
        detail=[{"loc": ["path", field], "field": field, "msg": "not found"}],
    )


def person_or_404(request: Request, pid: str) -> Person:
    p = state_of(request).store.get(owner_of(request), pid)
    if p is None:
        raise not_found("pid")
    return p


def errors_json(errors: list[FieldError], status: int = 422) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        content={
            "detail": [
                {"loc": e.field.split("."), "field": e.field, "msg": e.reason} for e in errors
            ]
        },
    )


async def run_in_pool(pool: WorkPool, owner: str, label: str, fn: Any) -> Any:
    """Run ``fn`` in the bounded pool and await it without blocking the event loop."""
    job = pool.submit(owner, label, fn)
    while job.state in ("queued", "running"):
        await asyncio.sleep(0.005)
    if job.state == "failed":
        if job.errors:
            raise InputError(job.errors)
        raise RuntimeError(job.message)
    return job.result


# ----------------------------------------------------------------------------------------
# The factory
# ----------------------------------------------------------------------------------------


def create_app(config: WebConfig) -> FastAPI:
    """Build the web app over the core; nothing global, so tests may build several."""
    st = WebState(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        st.pool.start()
        st.quick.start()
        yield
        st.pool.shutdown()
        st.quick.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="crossroads",
        version=_version(),
        description="Local web app and JSON API of crossroads: advice, what-if, matches, plan.",
        responses={400: {"description": "Malformed request body"}},
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.web = st
    app.middleware("http")(st.security.middleware)
    if config.multi_user and not st.accounts.all():
        password = config.admin_password or secrets.token_urlsafe(12)
        st.accounts.create("admin", password, admin=True)
        if config.admin_password is None:
            st.initial_admin = ("admin", password)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError) -> Response:
        return errors_json(exc.errors)

    @app.exception_handler(PoolFull)
    async def _pool_full(request: Request, exc: PoolFull) -> Response:
        return JSONResponse(
            status_code=503,
            headers={"Retry-After": "2"},
            content={"detail": [{"loc": ["server"], "field": "server", "msg": str(exc)}]},
        )

    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """Every 4xx names what is wrong, even Starlette's own (unknown route, wrong method)."""
        if exc.status_code < 400 or isinstance(exc.detail, list):
            return await http_exception_handler(request, exc)
        what = {404: "path", 405: "method"}.get(exc.status_code, "request")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        return JSONResponse(
            status_code=exc.status_code,
            headers=headers,
            content={"detail": [{"loc": [what], "field": what, "msg": str(exc.detail)}]},
        )

    from crossroads.journal import JournalStoreError

    @app.exception_handler(JournalStoreError)
    async def _store_error(request: Request, exc: JournalStoreError) -> Response:
        return JSONResponse(
            status_code=503,
            headers={"Retry-After": "5"},
            content={"detail": [{"loc": ["db"], "field": "db", "msg": str(exc)}]},
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        detail = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("body",)]
            detail.append(
                {"loc": loc, "field": ".".join(loc) or "body", "msg": str(e.get("msg", "invalid"))}
            )
        return JSONResponse(status_code=422, content={"detail": detail})

    from .api import router as api_router
    from .journal import api as journal_api
    from .journal import pages as journal_pages
    from .pages import router as pages_router

    for router in (api_router, journal_api, pages_router, journal_pages):
        app.include_router(router, dependencies=[Depends(csrf_check)])
    if config.multi_user:
        from .login import admin as admin_router
        from .login import public as login_router

        app.include_router(login_router)
        app.include_router(admin_router, dependencies=[Depends(csrf_check)])

    @app.get("/favicon.ico", include_in_schema=False)
    async def _favicon() -> Response:
        return Response(status_code=204)

    return app


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def _version() -> str:
    from crossroads import __version__

    return __version__


# ----------------------------------------------------------------------------------------
# Shared page helpers (used by pages.py)
# ----------------------------------------------------------------------------------------


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    st = state_of(request)
    ctx.setdefault("person", None)
    ctx["request"] = request
    ctx["csrf"] = st.security.csrf_token(session_of(request))
    ctx["multi_user"] = st.config.multi_user
    ctx["account"] = getattr(request.state, "account", None)
    resp = st.templates.TemplateResponse(request, name, ctx, status_code=status)
    assert isinstance(resp, HTMLResponse)
    return resp


def advice_job(request: Request, person: Person, profile: Profile) -> Job:
    """Start (or reuse) the job computing the advice and its charts for ``profile``."""
    st = state_of(request)
    run = st.config.run
    jobs: dict[str, str] = request.app.state.__dict__.setdefault("advice_jobs", {})
    key = f"{owner_of(request)}/{person.id}/{profile_key(profile)}"
    existing = jobs.get(key)
    if existing:
        job = st.pool.get(owner_of(request), existing)
        if job is not None and job.state != "failed":
            return job

    def work() -> Any:
        adv = st.engine.advice(profile, run)
        charts = st.engine.charts_svg(profile, run, ADVICE_CHARTS)
        return adv, [(t, d, Markup(s)) for t, d, s in charts]

    job = st.pool.submit(owner_of(request), "advice", work)
    jobs[key] = job.id
    return job


def whatif_from_form(form: Any) -> WhatIf:
    def num(name: str) -> float | None:
        v = form.get(name)
        if v is None or str(v).strip() == "":
            return None
        try:
            return float(str(v))
        except ValueError:
            raise InputError.one(name, f"{v!r} is not a number") from None

    tol = num("max_shortfall_probability")
    try:
        return WhatIf(
            savings=num("savings"),
            monthly_expenses=num("monthly_expenses"),
            hours_per_week=num("hours_per_week"),
            max_shortfall_probability=None if tol is None else tol / 100,
            assumption=(str(form.get("assumption")) or None) if form.get("assumption") else None,
            assumption_value=num("assumption_value"),
        )
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            raise InputError(
                [FieldError(".".join(str(x) for x in e["loc"]), e["msg"]) for e in exc.errors()]
            ) from None
        raise
