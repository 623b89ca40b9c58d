"""The HTML pages: start (the questionnaire), advice with what-if, matches, plan, sources, help.

Each page is a thin view: data comes from :class:`~crossroads.web.engine.Engine` (the same calls
the CLI makes), long work from the bounded pool, and every text is escaped by Jinja2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from crossroads.errors import InputError

from . import forms
from .app import (
    ADVICE_CHARTS,
    advice_job,
    owner_of,
    person_or_404,
    render,
    run_in_pool,
    state_of,
    whatif_from_form,
)
from .engine import PoolFull
from .store import Person

if TYPE_CHECKING:
    from crossroads.profile import Profile

router = APIRouter(include_in_schema=False)
HELP_DIR = Path(__file__).parent / "help"


def _profile(person: Person) -> Any | None:
    if person.profile is None:
        return None
    from crossroads.profile import profile_from_data

    try:
        return profile_from_data(person.profile, "profile")
    except InputError:
        return None


def _need_profile(request: Request, person: Person) -> Any:
    prof = _profile(person)
    if prof is None:
        raise _Redirect(f"/p/{person.id}/start/about")
    return prof


class _Redirect(HTTPException):
    def __init__(self, url: str) -> None:
        super().__init__(status_code=303, headers={"Location": url})


# -- home ---------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    st = state_of(request)
    people = st.store.people(owner_of(request))
    return render(request, "home.html", people=people)


@router.post("/people")
async def new_person(request: Request) -> Response:
    st = state_of(request)
    form = await request.form()
    name = str(form.get("name") or "Me").strip()[:200] or "Me"
    person = st.store.create(owner_of(request), name)
    person.answers["name"] = name
    st.store.save(owner_of(request), person)
    return RedirectResponse(f"/p/{person.id}/start/about", status_code=303)


@router.post("/p/{pid}/delete")
async def delete_person(request: Request, pid: str) -> Response:
    person_or_404(request, pid)
    state_of(request).store.delete(owner_of(request), pid)
    return RedirectResponse("/", status_code=303)


# -- start: the questionnaire -------------------------------------------------------------


def _step_index(slug: str) -> int:
    for i, s in enumerate(forms.STEPS):
        if s.slug == slug:
            return i
    raise HTTPException(status_code=404, detail="not found")


def _step_page(
    request: Request,
    person: Person,
    i: int,
    errors: dict[str, str],
    status: int = 200,
    posted: dict[str, str] | None = None,
) -> Response:
    qs = forms.questions()
    steps = forms.steps_for(qs)
    step, step_qs = steps[i]
    values = {
        q.key: (posted or {}).get(q.key, forms.shown_value(q, person.answers)) for q in step_qs
    }
    return render(
        request,
        "start.html",
        status=status,
        person=person,
        step=step,
        index=i,
        steps=[s for s, _ in steps],
        questions=step_qs,
        values=values,
        errors=errors,
    )


@router.get("/p/{pid}/start", response_class=HTMLResponse)
async def start(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    return RedirectResponse(
        f"/p/{pid}/start/{forms.STEPS[min(person.step, len(forms.STEPS) - 1)].slug}",
        status_code=303,
    )


@router.get("/p/{pid}/start/{slug}", response_class=HTMLResponse)
async def start_step(request: Request, pid: str, slug: str) -> Response:
    person = person_or_404(request, pid)
    return _step_page(request, person, _step_index(slug), {})


@router.post("/p/{pid}/start/{slug}", response_class=HTMLResponse)
async def start_step_post(request: Request, pid: str, slug: str) -> Response:
    st = state_of(request)
    person = person_or_404(request, pid)
    i = _step_index(slug)
    form = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
    qs = forms.questions()
    step_qs = forms.steps_for(qs)[i][1]
    errors = forms.parse_step(step_qs, form, person.answers)
    if "name" in person.answers:
        person.name = str(person.answers["name"])
    autosave = form.get("autosave") == "1"
    if not errors and not autosave:
        person.step = max(person.step, i + 1)
    st.store.save(owner_of(request), person)
    if autosave:
        msg = "Saved." if not errors else f"Saved; {len(errors)} answer(s) still need a fix."
        return PlainTextResponse(msg)
    if errors:
        return _step_page(request, person, i, errors, status=422, posted=form)
    if form.get("back") == "1" and i > 0:
        return RedirectResponse(f"/p/{pid}/start/{forms.STEPS[i - 1].slug}", status_code=303)
    if i + 1 < len(forms.STEPS):
        return RedirectResponse(f"/p/{pid}/start/{forms.STEPS[i + 1].slug}", status_code=303)
    # The last step: assemble and validate the profile.
    try:
        profile = forms.finish(qs, person.answers)
    except InputError as exc:
        bad = {e.field: e.reason for e in exc.errors}
        first = next(
            (j for j, (_, sq) in enumerate(forms.steps_for(qs)) if any(q.key in bad for q in sq)), i
        )
        return _step_page(request, person, first, bad, status=422)
    data = profile.to_data()
    for keep in ("work_styles", "work_values", "assumptions", "as_of"):
        if person.profile and keep in person.profile and keep not in data:
            data[keep] = person.profile[keep]
    person.profile = data
    st.store.save(owner_of(request), person)
    return RedirectResponse(f"/p/{pid}/advice", status_code=303)


@router.get("/p/{pid}/profile.yaml")
async def export_profile(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    prof = _need_profile(request, person)
    return Response(
        prof.to_yaml(),
        media_type="application/x-yaml",
        headers={"Content-Disposition": 'attachment; filename="profile.yaml"'},
    )


@router.post("/p/{pid}/import", response_class=HTMLResponse)
async def import_profile(request: Request, pid: str) -> Response:
    st = state_of(request)
    person = person_or_404(request, pid)
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return render(
            request,
            "import_result.html",
            status=422,
            person=person,
            errors=[("file", "choose a profile file (YAML, TOML or JSON)")],
        )
    raw = await upload.read(1_000_001)
    name = Path(upload.filename or "profile.yaml").name
    if len(raw) > 1_000_000:
        return render(
            request,
            "import_result.html",
            status=422,
            person=person,
            errors=[("file", "is larger than 1 MB; a profile is a few kB")],
        )
    import tempfile

    from crossroads.profile import load_profile

    suffix = (
        Path(name).suffix.lower()
        if Path(name).suffix.lower() in (".yaml", ".yml", ".toml", ".json")
        else ".yaml"
    )
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"profile{suffix}"
        p.write_bytes(raw)
        try:
            prof = load_profile(p)
        except InputError as exc:
            return render(
                request,
                "import_result.html",
                status=422,
                person=person,
                errors=[(e.field, e.reason) for e in exc.errors],
            )
    person.profile = prof.to_data()
    person.answers = forms.flatten_profile(person.profile)
    person.name = prof.name
    person.step = len(forms.STEPS)
    st.store.save(owner_of(request), person)
    return RedirectResponse(f"/p/{pid}/advice", status_code=303)


# -- advice -------------------------------------------------------------------------------


@router.get("/p/{pid}/advice", response_class=HTMLResponse)
async def advice_page(request: Request, pid: str) -> Response:
    st = state_of(request)
    person = person_or_404(request, pid)
    prof = _need_profile(request, person)
    try:
        job = advice_job(request, person, prof)
    except PoolFull as exc:
        return render(request, "busy.html", status=503, person=person, message=str(exc))
    if job.state != "done":
        return render(
            request,
            "working.html",
            person=person,
            job=job,
            progress=job.progress_text(st.pool.ahead_of(job)),
        )
    adv, charts = job.result
    return render(
        request,
        "advice.html",
        person=person,
        advice=adv,
        charts=charts,
        profile=prof,
        sliders=_sliders(prof, adv),
    )


@router.get("/p/{pid}/jobs/{jid}", response_class=HTMLResponse)
async def job_status(request: Request, pid: str, jid: str) -> Response:
    st = state_of(request)
    person = person_or_404(request, pid)
    job = st.pool.get(owner_of(request), jid)
    if job is None:
        raise HTTPException(status_code=404, detail="not found")
    if job.state == "done" and job.label == "advice":
        return Response(status_code=200, headers={"HX-Redirect": f"/p/{person.id}/advice"})
    if job.state == "done" and job.label == f"journal-advice:{person.id}":
        return Response(
            status_code=200, headers={"HX-Redirect": f"/p/{person.id}/journal/advice/{job.id}"}
        )
    if job.state == "done" and job.label == "whatif-full":
        adv = job.result
        return render(request, "whatif_full.html", person=person, advice=adv)
    return render(
        request,
        "progress.html",
        person=person,
        job=job,
        progress=job.progress_text(st.pool.ahead_of(job)),
    )


def _sliders(prof: Profile, adv: Any) -> list[dict[str, Any]]:
    """The what-if sliders: ranges around the person's own figures."""
    m, t, r = prof.money, prof.time, prof.risk
    exp = float(m.monthly_expenses)
    sav = float(m.savings)
    return [
        {
            "name": "savings",
            "label": f"Savings ({prof.currency})",
            "value": sav,
            "min": 0,
            "max": max(sav * 3, sav + 6 * exp, 1000),
            "step": max(50, round(exp / 20, -1) or 50),
        },
        {
            "name": "monthly_expenses",
            "label": f"Essential expenses per month ({prof.currency})",
            "value": exp,
            "min": 0,
            "max": max(exp * 2, 500),
            "step": max(10, round(exp / 40, -1) or 10),
        },
        {
            "name": "hours_per_week",
            "label": "Hours per week",
            "value": float(t.hours_per_week),
            "min": 1,
            "max": min(112, max(60, float(t.hours_per_week) * 2)),
            "step": 1,
        },
        {
            "name": "max_shortfall_probability",
            "label": "Highest acceptable chance of running short (%)",
            "value": round(float(r.max_shortfall_probability) * 100),
            "min": 1,
            "max": 50,
            "step": 1,
        },
    ]


@router.post("/p/{pid}/whatif", response_class=HTMLResponse)
async def whatif(request: Request, pid: str) -> Response:
    st = state_of(request)
    person = person_or_404(request, pid)
    prof = _need_profile(request, person)
    form = await request.form()
    try:
        change = whatif_from_form(form)
        out = await run_in_pool(
            st.quick,
            owner_of(request),
            "whatif",
            lambda: st.engine.whatif(prof, st.config.run, change),
        )
    except InputError as exc:
        return render(
            request,
            "whatif.html",
            status=422,
            person=person,
            result=None,
            errors=[(e.field, e.reason) for e in exc.errors],
        )
    return render(request, "whatif.html", person=person, result=out, errors=[])


@router.post("/p/{pid}/whatif/full", response_class=HTMLResponse)
async def whatif_full(request: Request, pid: str) -> Response:
    st = state_of(request)
    person = person_or_404(request, pid)
    prof = _need_profile(request, person)
    form = await request.form()
    from .engine import apply_whatif

    try:
        changed = apply_whatif(prof, whatif_from_form(form))
        job = st.pool.submit(
            owner_of(request), "whatif-full", lambda: st.engine.advice(changed, st.config.run)
        )
    except InputError as exc:
        return render(
            request,
            "whatif.html",
            status=422,
            person=person,
            result=None,
            errors=[(e.field, e.reason) for e in exc.errors],
        )
    except PoolFull as exc:
        return render(request, "busy.html", status=503, person=person, message=str(exc))
    return render(
        request,
        "progress.html",
        person=person,
        job=job,
        progress=job.progress_text(st.pool.ahead_of(job)),
    )


# -- matches, plan, report ----------------------------------------------------------------


@router.get("/p/{pid}/matches", response_class=HTMLResponse)
async def matches(
    request: Request, pid: str, remote: str = "1", soft: str = "", zone: str = "", wage: str = ""
) -> Response:
    st = state_of(request)
    person = person_or_404(request, pid)
    prof = _need_profile(request, person)
    errors: list[tuple[str, str]] = []
    max_zone = None
    min_wage = None
    if zone.strip():
        if zone.strip() in ("1", "2", "3", "4", "5"):
            max_zone = int(zone)
        else:
            errors.append(("zone", "choose a job zone from 1 to 5"))
    if wage.strip():
        try:
            min_wage = float(wage)
            if not 0 <= min_wage <= 1000:
                raise ValueError
        except ValueError:
            errors.append(("wage", "must be an hourly wage between 0 and 1,000 USD"))
            min_wage = None
    found = await run_in_pool(
        st.quick,
        owner_of(request),
        "match",
        lambda: st.engine.match(
            prof,
            soft_skills=soft == "1",
            include_all=remote != "1",
            max_job_zone=max_zone,
            min_wage=min_wage,
            limit=20,
        ),
    )
    return render(
        request,
        "matches.html",
        status=422 if errors else 200,
        person=person,
        matches=found,
        errors=errors,
        f={"remote": remote, "soft": soft, "zone": zone, "wage": wage},
    )


async def _plan(request: Request, person: Person, prof: Profile) -> Any:
    st = state_of(request)
    return await run_in_pool(
        st.pool, owner_of(request), "plan", lambda: st.engine.plan(prof, st.config.run)
    )


@router.get("/p/{pid}/plan", response_class=HTMLResponse)
async def plan_page(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    prof = _need_profile(request, person)
    plan = await _plan(request, person, prof)
    return render(request, "plan.html", person=person, plan=plan)


@router.get("/p/{pid}/plan.ics")
async def plan_ics(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    plan = await _plan(request, person, _need_profile(request, person))
    return Response(
        plan.to_ics(),
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="crossroads-plan.ics"'},
    )


@router.get("/p/{pid}/plan.md")
async def plan_md(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    plan = await _plan(request, person, _need_profile(request, person))
    return Response(
        plan.to_markdown(),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="crossroads-plan.md"'},
    )


@router.get("/p/{pid}/report.html")
async def report(request: Request, pid: str) -> Response:
    st = state_of(request)
    person = person_or_404(request, pid)
    prof = _need_profile(request, person)
    html = await run_in_pool(
        st.pool, owner_of(request), "report", lambda: st.engine.report_html(prof, st.config.run)
    )
    # The report is a self-contained file with inline scripts: offered as a download, never
    # rendered inside this app's origin (its CSP would block it, and it must not share the origin).
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="crossroads-report.html"'},
    )


# -- sources, help ------------------------------------------------------------------------


@router.get("/sources", response_class=HTMLResponse)
async def sources(request: Request) -> Response:
    st = state_of(request)
    cal = await run_in_pool(st.quick, owner_of(request), "calibrate", st.engine.calibration)
    return render(request, "sources.html", sources=st.engine.sources(), calibration=cal)


def help_pages() -> list[tuple[str, str]]:
    out = []
    for p in sorted(HELP_DIR.glob("*.md")):
        first = p.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        out.append((p.stem, first))
    return out


@router.get("/help", response_class=HTMLResponse)
async def help_index(request: Request) -> Response:
    return render(request, "help_index.html", pages=help_pages())


@router.get("/help/{slug}", response_class=HTMLResponse)
async def help_page(request: Request, slug: str) -> Response:
    names = dict(help_pages())
    if slug not in names:
        raise HTTPException(status_code=404, detail="not found")
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    from markupsafe import Markup

    body = Markup(md.render((HELP_DIR / f"{slug}.md").read_text(encoding="utf-8")))
    return render(request, "help.html", title=names[slug], body=body, pages=help_pages())


# ADVICE_CHARTS is re-exported for the tests that check which charts the page shows.
__all__ = ["ADVICE_CHARTS", "router"]
