"""The JSON API under ``/api`` (OpenAPI at ``/api/openapi.json``, docs at ``/api/docs``).

``POST /api/advise`` returns exactly the document ``crossroads advise --json`` prints for the
same profile and run options. Every 4xx names the field: ``{"detail": [{"loc": [...], "field":
"money.savings", "msg": "..."}]}``. Work runs in the bounded pool (503 with ``Retry-After``
when it is full), never on the event loop.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, StrictBool

from .app import owner_of, run_in_pool, state_of
from .engine import Int, Num, RunOptions, WhatIf

router = APIRouter(prefix="/api", tags=["api"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or wrong token (send Authorization: Bearer <token>)"},
    403: {"description": "Missing CSRF token (browser sessions only)"},
    422: {"description": "Bad input; each problem names its field"},
    503: {"description": "The work pool is full; retry after the Retry-After seconds"},
}

PROFILE_DOC = "The profile's fields, as in a profile file (see docs/profile.md)"


class ProfileBody(BaseModel):
    profile: dict[str, Any] = Field(description=PROFILE_DOC)


class AdviseBody(BaseModel):
    profile: dict[str, Any] = Field(description=PROFILE_DOC)
    run: RunOptions = Field(default_factory=lambda: RunOptions.model_validate({}))


class WhatIfBody(BaseModel):
    profile: dict[str, Any] = Field(description=PROFILE_DOC)
    run: RunOptions = Field(default_factory=lambda: RunOptions.model_validate({}))
    change: WhatIf = Field(default_factory=lambda: WhatIf.model_validate({}))


class MatchBody(BaseModel):
    profile: dict[str, Any] = Field(description=PROFILE_DOC)
    remote_only: StrictBool = True
    soft_skills: StrictBool = False
    max_job_zone: Int | None = Field(None, ge=1, le=5)
    min_wage: Num | None = Field(None, ge=0, le=1000)
    limit: Int = Field(20, ge=1, le=100)


class PlanBody(BaseModel):
    profile: dict[str, Any] = Field(description=PROFILE_DOC)
    run: RunOptions = Field(default_factory=lambda: RunOptions.model_validate({}))
    option_id: str | None = Field(None, max_length=120)
    format: Literal["json", "md"] = "json"


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    jobs_pending: int


class Validated(BaseModel):
    ok: bool
    profile: dict[str, Any]


@router.get("/health", response_model=Health)
async def health(request: Request) -> Health:
    """Liveness (no token needed): the version and how many jobs are waiting or running."""
    from crossroads import __version__

    return Health(status="ok", version=__version__, jobs_pending=state_of(request).pool.pending())


@router.post("/profile/validate", response_model=Validated, responses=ERRORS)
async def validate_profile(request: Request, body: ProfileBody) -> Validated:
    """Check a profile: every problem at once (422), or the normalised profile."""
    prof = state_of(request).engine.profile(body.profile)
    return Validated(ok=True, profile=prof.to_data())


@router.post("/advise", responses=ERRORS)
async def advise(request: Request, body: AdviseBody) -> dict[str, Any]:
    """The advice document: the same JSON as ``crossroads advise --json`` (docs/decision.md)."""
    st = state_of(request)
    prof = st.engine.profile(body.profile)
    out: dict[str, Any] = await run_in_pool(
        st.pool, owner_of(request), "advise", lambda: st.engine.advice_json(prof, body.run)
    )
    return out


@router.post("/whatif", responses=ERRORS)
async def whatif(request: Request, body: WhatIfBody) -> dict[str, Any]:
    """A quick re-simulation of the advice's top options with ``change`` applied (~50 ms)."""
    st = state_of(request)
    prof = st.engine.profile(body.profile)
    out: dict[str, Any] = await run_in_pool(
        st.quick, owner_of(request), "whatif", lambda: st.engine.whatif(prof, body.run, body.change)
    )
    return out


@router.post("/match", responses=ERRORS)
async def match(request: Request, body: MatchBody) -> list[dict[str, Any]]:
    """Occupations ranked by fit, with gaps, learning hours, wages and the ladder."""
    st = state_of(request)
    prof = st.engine.profile(body.profile)
    found = await run_in_pool(
        st.quick,
        owner_of(request),
        "match",
        lambda: st.engine.match(
            prof,
            soft_skills=body.soft_skills,
            include_all=not body.remote_only,
            max_job_zone=body.max_job_zone,
            min_wage=body.min_wage,
            limit=body.limit,
        ),
    )
    from .engine import clean_json

    out: list[dict[str, Any]] = clean_json([m.to_dict() for m in found])
    return out


@router.post("/plan", responses=ERRORS)
async def plan(request: Request, body: PlanBody) -> Any:
    """The month-by-month plan of the recommended option (or ``option_id``)."""
    st = state_of(request)
    prof = st.engine.profile(body.profile)
    p = await run_in_pool(
        st.pool, owner_of(request), "plan", lambda: st.engine.plan(prof, body.run, body.option_id)
    )
    from .engine import clean_json

    if body.format == "md":
        return {"markdown": p.to_markdown()}
    return clean_json(p.to_dict())


@router.get("/sources", responses=ERRORS)
async def sources(request: Request) -> list[dict[str, Any]]:
    """Every data source with version, licence, citation and as-of date."""
    return [
        {
            "id": s.id,
            "kind": s.kind,
            "title": s.title,
            "version": s.version,
            "licence": s.licence,
            "citation": s.citation,
            "as_of": s.as_of,
            "url": s.url,
        }
        for s in state_of(request).engine.sources()
    ]
