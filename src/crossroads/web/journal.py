"""The journal in the web app: log forms, the clock, CSV import with a preview, stats, history.

Why a thin layer: the CLI (``crossroads log``, ``clock``, ``journal``) and this page call the same
person-bound :class:`~crossroads.journal.Journal` (through ``Crossroads(db=…).journal(…)``), so
the field names, the checks and the numbers cannot drift apart. Each web person gets one journal
person, owned by the account (``''`` for the local single user, as the CLI's), named after the
person the first time the journal is opened (``Person.journal``; ``crossroads journal --person
NAME`` reads the same entries). Database calls run in a worker thread, never on the event loop;
an import runs in the bounded pool.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, StrictBool, StrictFloat, StrictInt, StrictStr
from starlette.concurrency import run_in_threadpool

from crossroads.errors import FieldError, InputError

from .app import not_found, owner_of, person_or_404, render, run_in_pool, state_of
from .store import Person

__all__ = ["api", "chart_svg", "journal_of", "pages"]

T = TypeVar("T")
KIND_TITLES = {
    "work": "Work session",
    "learn": "Learning",
    "apply": "Job search",
    "cash": "Cash check-in",
}
#: The fields shown first in each log form; the kind's other fields are under "More details".
MAIN_FIELDS: dict[str, tuple[str, ...]] = {
    "work": ("platform", "task_type", "paid_minutes", "earnings", "status", "date"),
    "learn": ("hours", "skills", "course", "milestone", "cost", "date"),
    "apply": ("stage", "occupation", "employer", "channel", "date"),
    "cash": ("balance", "date"),
}
LABELS = {
    "date": "Date",
    "note": "Note",
    "platform": "Platform",
    "task_type": "Kind of task",
    "requester": "Requester or client",
    "started_at": "Started at",
    "ended_at": "Ended at",
    "paid_minutes": "Minutes of paid work",
    "unpaid_minutes": "Unpaid minutes in total",
    "earnings": "Earned",
    "bonus": "Bonus",
    "currency": "Currency",
    "status": "Payment status",
    "skills": "Skills",
    "course": "Course",
    "hours": "Hours of study",
    "cost": "Cost",
    "milestone": "Milestone",
    "occupation": "Occupation",
    "employer": "Employer",
    "channel": "Channel",
    "stage": "What happened",
    "balance": "Cash balance now",
}
MAX_UPLOAD = 5 * 1024 * 1024
_UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{16,40}$")


def label(name: str) -> str:
    """The form label of a journal field (unpaid categories spelled out)."""
    if name in LABELS:
        return LABELS[name]
    if name.startswith("unpaid_") and name.endswith("_minutes"):
        return "Unpaid minutes: " + name[7:-8].replace("_", " ")
    return name.replace("_", " ").capitalize()


def form_fields(kind: str) -> tuple[list[Any], list[Any]]:
    """(main, more) :class:`~crossroads.journal.fields.Field` rows of a kind's log form."""
    from crossroads.journal.fields import EXPORT_FIELDS, FIELDS

    main = [FIELDS[n] for n in MAIN_FIELDS[kind]]
    more = [FIELDS[n] for n in EXPORT_FIELDS[kind] if n not in MAIN_FIELDS[kind]]
    return main, more


# ----------------------------------------------------------------------------------------
# The person's journal
# ----------------------------------------------------------------------------------------


def journal_owner(request: Request) -> str:
    """The journal's owner: '' for the local single user (the CLI's), else the account id."""
    owner = owner_of(request)
    return "" if owner == "local" else owner


def journal_of(request: Request, person: Person) -> Any:
    """The :class:`~crossroads.journal.Journal` of ``person`` (created on first use).

    Runs database calls; call it from a worker thread (:func:`jcall`).
    """
    st = state_of(request)
    owner = owner_of(request)
    if not person.journal:
        taken = {p.journal for p in st.store.people(owner) if p.id != person.id}
        name = (person.name or "Me").strip() or "Me"
        person.journal = name if name not in taken else f"{name} ({person.id})"
        st.store.save(owner, person)
    j = st.engine.journal(person.journal, journal_owner(request))
    if person.profile is not None and j.profile != person.profile:
        j.set_profile(person.profile)  # the journal's currency is the profile's
    return j


async def jcall(request: Request, person: Person, fn: Callable[[Any], T]) -> T:
    """Run ``fn(journal)`` in a worker thread (database I/O stays off the event loop)."""
    return await run_in_threadpool(lambda: fn(journal_of(request, person)))


async def own_entry(request: Request, person: Person, eid: int) -> dict[str, Any]:
    """The entry ``eid`` of this person's journal, or 404 (unknown, or someone else's)."""

    def get(j: Any) -> dict[str, Any] | None:
        try:
            return dict(j.get(eid))
        except InputError:
            return None

    entry = await jcall(request, person, get)
    if entry is None:
        raise not_found("eid")
    return entry


def _strings(form: Mapping[str, Any]) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _kind_or_404(kind: str) -> str:
    if kind not in KIND_TITLES:
        raise not_found("kind")
    return kind


def _shown(v: Any) -> str:
    """A stored value as a form shows it (what the person typed, not 45.0)."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}" if abs(v) < 1e15 else repr(v)
    return str(v)


# ----------------------------------------------------------------------------------------
# A small chart: the weekly hours and effective wage, drawn on the server as SVG
# ----------------------------------------------------------------------------------------


def chart_svg(weeks: list[Mapping[str, Any]], currency: str) -> str:
    """Bars of hours per week, labelled with the week's effective hourly wage.

    Why hand-drawn SVG: a dozen bars need no chart library, no script and no inline style, so
    the CSP stays strict; the page gives the same figures as a table beside it.
    """
    from markupsafe import escape

    rows = weeks[-12:]
    if not rows:
        return ""
    w, bar_h, gap, left = 560, 22, 8, 90
    height = len(rows) * (bar_h + gap) + gap
    top = max(float(r.get("hours") or 0.0) for r in rows) or 1.0
    parts = [
        f'<svg viewBox="0 0 {w} {height}" width="{w}" height="{height}" aria-hidden="true" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg" font-size="13" '
        'font-family="system-ui, sans-serif">'
    ]
    for i, r in enumerate(rows):
        y = gap + i * (bar_h + gap)
        hours = float(r.get("hours") or 0.0)
        length = (w - left - 170) * hours / top
        wage = r.get("effective_hourly_wage")
        text = f"{hours:.1f} h" + (f", {float(wage):.2f} {currency}/h" if wage is not None else "")
        parts.append(
            f'<text x="0" y="{y + 16}" fill="#1b1b1b">{escape(str(r.get("week", "")))}</text>'
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="#0b5cad"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + 16}" fill="#1b1b1b">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# ----------------------------------------------------------------------------------------
# Pages
# ----------------------------------------------------------------------------------------

pages = APIRouter(include_in_schema=False)


async def _journal_page(
    request: Request,
    person: Person,
    *,
    kind: str = "work",
    errors: dict[str, str] | None = None,
    posted: dict[str, str] | None = None,
    status: int = 200,
    message: str | None = None,
    clock_errors: dict[str, str] | None = None,
    import_errors: list[tuple[str, str]] | None = None,
) -> Response:
    from markupsafe import Markup

    def load(j: Any) -> dict[str, Any]:
        entries = j.entries()
        return {
            "stats": j.stats(),
            "clock": j.clock_status(),
            "entries": list(reversed(entries))[:50],
            "count": len(entries),
            "history": list(reversed(j.history()))[:20],
            "journal_name": j.person,
        }

    data = await jcall(request, person, load)
    stats = data["stats"]
    main, more = form_fields(kind)
    return render(
        request,
        "journal.html",
        status=status,
        person=person,
        kind=kind,
        kinds=KIND_TITLES,
        main_fields=main,
        more_fields=more,
        more_open=any(f.name in (errors or {}) for f in more),
        label=label,
        errors=errors or {},
        posted=posted or {},
        message=message,
        clock_errors=clock_errors or {},
        import_errors=import_errors or [],
        chart=Markup(chart_svg(stats.get("by_week") or [], stats.get("currency", ""))),
        **data,
    )


@pages.get("/p/{pid}/journal", response_class=HTMLResponse)
async def journal_page(request: Request, pid: str, kind: str = "work", msg: str = "") -> Response:
    person = person_or_404(request, pid)
    messages = {
        "logged": "Saved in your journal.",
        "edited": "The entry was changed.",
        "deleted": "The entry was deleted.",
        "started": "The clock is running. Stop it when you finish.",
        "stopped": "The session was logged.",
    }
    return await _journal_page(
        request, person, kind=kind if kind in KIND_TITLES else "work", message=messages.get(msg)
    )


@pages.post("/p/{pid}/journal/log/{kind}", response_class=HTMLResponse)
async def journal_log(request: Request, pid: str, kind: str) -> Response:
    person = person_or_404(request, pid)
    _kind_or_404(kind)
    form = _strings(await request.form())
    from crossroads.journal.fields import EXPORT_FIELDS

    fields = {k: v for k, v in form.items() if k in EXPORT_FIELDS[kind] and v.strip()}
    try:
        await jcall(request, person, lambda j: j.add(kind, fields))
    except InputError as exc:
        return await _journal_page(
            request,
            person,
            kind=kind,
            errors={e.field: e.reason for e in exc.errors},
            posted=form,
            status=422,
        )
    return RedirectResponse(f"/p/{pid}/journal?kind={kind}&msg=logged#journal-stats", 303)


@pages.post("/p/{pid}/journal/clock/start", response_class=HTMLResponse)
async def clock_start(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    form = _strings(await request.form())
    try:
        await jcall(
            request,
            person,
            lambda j: j.clock_start(
                form.get("platform", ""),
                task_type=form.get("task_type") or None,
                requester=form.get("requester") or None,
                ago_minutes=form.get("ago") or None,
            ),
        )
    except InputError as exc:
        return await _journal_page(
            request,
            person,
            clock_errors={e.field: e.reason for e in exc.errors},
            posted=form,
            status=422,
        )
    return RedirectResponse(f"/p/{pid}/journal?msg=started#clock", 303)


@pages.post("/p/{pid}/journal/clock/stop", response_class=HTMLResponse)
async def clock_stop(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    form = _strings(await request.form())
    try:
        await jcall(
            request,
            person,
            lambda j: j.clock_stop(
                earned=form.get("earnings") or 0,
                bonus=form.get("bonus") or None,
                unpaid_minutes=form.get("unpaid_minutes") or None,
                status=form.get("status") or None,
                note=form.get("note") or None,
            ),
        )
    except InputError as exc:
        return await _journal_page(
            request,
            person,
            clock_errors={e.field: e.reason for e in exc.errors},
            posted=form,
            status=422,
        )
    return RedirectResponse(f"/p/{pid}/journal?msg=stopped#journal-stats", 303)


def _edit_page(
    request: Request,
    person: Person,
    entry: Mapping[str, Any],
    errors: dict[str, str],
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    from crossroads.journal.fields import EXPORT_FIELDS, FIELDS

    kind = str(entry["kind"])
    names = [n for n in EXPORT_FIELDS[kind] if n != "unpaid_minutes"]
    values = {n: (posted or {}).get(n, _shown(entry.get(n))) for n in names}
    return render(
        request,
        "journal_edit.html",
        status=status,
        person=person,
        entry=entry,
        kind_title=KIND_TITLES[kind],
        fields=[FIELDS[n] for n in names],
        values=values,
        errors=errors,
        label=label,
    )


@pages.get("/p/{pid}/journal/entries/{eid}", response_class=HTMLResponse)
async def entry_page(request: Request, pid: str, eid: int) -> Response:
    person = person_or_404(request, pid)
    entry = await own_entry(request, person, eid)
    return _edit_page(request, person, entry, {})


@pages.post("/p/{pid}/journal/entries/{eid}", response_class=HTMLResponse)
async def entry_edit(request: Request, pid: str, eid: int) -> Response:
    person = person_or_404(request, pid)
    entry = await own_entry(request, person, eid)
    form = _strings(await request.form())
    # Only what the person changed is sent: the journal re-checks the rules on the result.
    changed = {
        k: v
        for k, v in form.items()
        if k in entry and k not in ("id", "kind", "key") and v.strip() != _shown(entry.get(k))
    }
    if not changed:
        return RedirectResponse(f"/p/{pid}/journal?msg=edited#entries", 303)
    try:
        await jcall(request, person, lambda j: j.edit(eid, **changed))
    except InputError as exc:
        return _edit_page(
            request, person, entry, {e.field: e.reason for e in exc.errors}, form, status=422
        )
    return RedirectResponse(f"/p/{pid}/journal?msg=edited#entries", 303)


@pages.post("/p/{pid}/journal/entries/{eid}/delete", response_class=HTMLResponse)
async def entry_delete(request: Request, pid: str, eid: int) -> Response:
    person = person_or_404(request, pid)
    await own_entry(request, person, eid)
    await jcall(request, person, lambda j: j.delete(eid))
    return RedirectResponse(f"/p/{pid}/journal?msg=deleted#entries", 303)


@pages.get("/p/{pid}/journal.csv")
async def journal_csv(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    text = await jcall(request, person, lambda j: str(j.export(format="csv")))
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="crossroads-journal.csv"'},
    )


@pages.get("/p/{pid}/journal.json")
async def journal_json(request: Request, pid: str) -> Response:
    person = person_or_404(request, pid)
    text = await jcall(request, person, lambda j: str(j.export(format="json")))
    return Response(
        text,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="crossroads-journal.json"'},
    )


# -- import: upload → preview (nothing stored) → confirm -----------------------------------


def _upload_dir(request: Request) -> Path:
    st = state_of(request)
    return Path(st.config.data_dir) / "uploads" / owner_of(request)


def _mapping(text: str) -> dict[str, str]:
    from crossroads.journal.io import parse_mapping

    return parse_mapping([ln.strip() for ln in text.splitlines() if ln.strip()])


def _import_options(form: Mapping[str, str]) -> tuple[str, dict[str, str], bool | None]:
    from crossroads.journal.fields import check_kind

    kind = check_kind(form.get("kind") or "work")
    mapping = _mapping(form.get("mapping", ""))
    order = form.get("dates", "")
    dayfirst = True if order == "dayfirst" else False if order == "monthfirst" else None
    return kind, mapping, dayfirst


@pages.post("/p/{pid}/journal/import", response_class=HTMLResponse)
async def import_preview(request: Request, pid: str) -> Response:
    """Read the uploaded CSV and show what would be stored and what would be rejected."""
    person = person_or_404(request, pid)
    form = await request.form()
    opts = _strings(form)
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return await _journal_page(
            request, person, import_errors=[("file", "choose a CSV file")], status=422
        )
    raw = await upload.read(MAX_UPLOAD + 1)
    if len(raw) > MAX_UPLOAD:
        return await _journal_page(
            request,
            person,
            import_errors=[("file", f"is larger than {MAX_UPLOAD // 2**20} MB")],
            status=422,
        )
    suffix = ".json" if (upload.filename or "").lower().endswith(".json") else ".csv"
    uid = secrets.token_urlsafe(18)
    path = _upload_dir(request) / f"{uid}{suffix}"
    from crossroads.safeio import atomic_write

    atomic_write(path, raw)
    try:
        kind, mapping, dayfirst = _import_options(opts)
        res = await _import(request, person, path, kind, mapping, dayfirst, dry_run=True)
    except InputError as exc:
        path.unlink(missing_ok=True)
        return await _journal_page(
            request, person, import_errors=[(e.field, e.reason) for e in exc.errors], status=422
        )
    return render(
        request,
        "journal_import.html",
        person=person,
        result=res,
        upload=path.name,
        opts=opts,
        filename=Path(upload.filename or "").name,
    )


async def _import(
    request: Request,
    person: Person,
    path: Path,
    kind: str,
    mapping: dict[str, str],
    dayfirst: bool | None,
    *,
    dry_run: bool,
) -> dict[str, Any]:
    st = state_of(request)

    def work() -> dict[str, Any]:
        j = journal_of(request, person)
        return dict(
            j.import_csv(path, mapping=mapping, kind=kind, dayfirst=dayfirst, dry_run=dry_run)
        )

    out: dict[str, Any] = await run_in_pool(st.pool, owner_of(request), "import", work)
    return out


@pages.post("/p/{pid}/journal/import/{upload}", response_class=HTMLResponse)
async def import_confirm(request: Request, pid: str, upload: str) -> Response:
    """Store the previewed file (rows already stored are skipped: their keys are known)."""
    person = person_or_404(request, pid)
    stem, _, suffix = upload.partition(".")
    if not _UPLOAD_ID.match(stem) or suffix not in ("csv", "json"):
        raise not_found("upload")
    path = _upload_dir(request) / upload
    if not path.exists():
        raise not_found("upload")
    opts = _strings(await request.form())
    try:
        kind, mapping, dayfirst = _import_options(opts)
        res = await _import(request, person, path, kind, mapping, dayfirst, dry_run=False)
    except InputError as exc:
        return await _journal_page(
            request, person, import_errors=[(e.field, e.reason) for e in exc.errors], status=422
        )
    path.unlink(missing_ok=True)
    return render(
        request,
        "journal_import.html",
        person=person,
        result=res,
        upload=None,
        opts=opts,
        filename=opts.get("filename", ""),
    )


# ----------------------------------------------------------------------------------------
# JSON API
# ----------------------------------------------------------------------------------------

api = APIRouter(prefix="/api", tags=["journal"])
Value = StrictStr | StrictInt | StrictFloat | None
Kind = Literal["work", "learn", "apply", "cash"]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or wrong token (send Authorization: Bearer <token>)"},
    403: {"description": "Missing CSRF token (browser sessions only)"},
    404: {"description": "No such person or entry (or not yours)"},
    422: {"description": "Bad input; each problem names its field"},
    503: {"description": "The work pool is full or the database is unavailable; retry later"},
}


class PersonOut(BaseModel):
    id: str
    name: str
    has_profile: bool


class PersonIn(BaseModel):
    name: str = Field("Me", min_length=1, max_length=200)
    profile: dict[str, Any] | None = Field(None, description="optional profile fields")


class EntryIn(BaseModel):
    kind: Kind
    fields: dict[str, Value] = Field(
        default_factory=dict, description="the entry's fields (docs/journal.md)"
    )


class EntryPatch(BaseModel):
    fields: dict[str, Value] = Field(description="the fields to change")


class ClockStartIn(BaseModel):
    platform: str = Field(max_length=100)
    task_type: str | None = Field(None, max_length=100)
    requester: str | None = Field(None, max_length=200)
    ago_minutes: StrictInt | StrictFloat | None = Field(
        None, description="the session began this many minutes ago (0–1,440)"
    )


class ClockStopIn(BaseModel):
    earnings: Value = 0
    bonus: Value = None
    unpaid_minutes: Value = None
    status: Literal["pending", "approved", "rejected"] | None = None
    note: str | None = Field(None, max_length=2000)


class ImportIn(BaseModel):
    csv: str = Field(max_length=MAX_UPLOAD, description="the CSV text (header row first)")
    kind: Kind = "work"
    mapping: dict[str, str] = Field(default_factory=dict, description="column → field")
    dayfirst: StrictBool | None = None
    dry_run: StrictBool = Field(False, description="only report what would be stored")


def _prefixed(exc: InputError, prefix: str) -> InputError:
    return InputError([FieldError(prefix + e.field, e.reason) for e in exc.errors])


@api.get("/people", response_model=list[PersonOut], responses=ERRORS)
async def api_people(request: Request) -> list[PersonOut]:
    """The people of this account (single-user mode: everyone on this computer)."""
    people = state_of(request).store.people(owner_of(request))
    return [PersonOut(id=p.id, name=p.name, has_profile=p.profile is not None) for p in people]


@api.post("/people", response_model=PersonOut, status_code=201, responses=ERRORS)
async def api_person_create(request: Request, body: PersonIn) -> PersonOut:
    """Create a person (optionally with a profile, validated first)."""
    st = state_of(request)
    data = None
    if body.profile is not None:
        try:
            data = st.engine.profile(body.profile).to_data()
        except InputError as exc:
            raise _prefixed(exc, "profile.") from None
    p = st.store.create(owner_of(request), body.name.strip() or "Me")
    p.answers["name"] = p.name
    if data is not None:
        from . import forms

        p.profile = data
        p.answers = forms.flatten_profile(data)
        p.step = len(forms.STEPS)
    st.store.save(owner_of(request), p)
    return PersonOut(id=p.id, name=p.name, has_profile=p.profile is not None)


@api.get("/people/{pid}/journal/entries", responses=ERRORS)
async def api_entries(
    request: Request,
    pid: str,
    kind: Kind | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Entries, oldest first (optionally one kind, from ``since`` to ``until``)."""
    person = person_or_404(request, pid)
    out: list[dict[str, Any]] = await jcall(
        request, person, lambda j: j.entries(kind=kind, since=since, until=until)
    )
    return out


@api.post("/people/{pid}/journal/entries", status_code=201, responses=ERRORS)
async def api_entry_add(request: Request, pid: str, body: EntryIn) -> dict[str, Any]:
    """Log one entry; 422 names each bad field as ``fields.<name>``."""
    person = person_or_404(request, pid)
    try:
        out: dict[str, Any] = await jcall(request, person, lambda j: j.add(body.kind, body.fields))
    except InputError as exc:
        raise _prefixed(exc, "fields.") from None
    return out


@api.get("/people/{pid}/journal/entries/{eid}", responses=ERRORS)
async def api_entry(request: Request, pid: str, eid: int) -> dict[str, Any]:
    """One entry (404 if it is not this person's)."""
    return await own_entry(request, person_or_404(request, pid), eid)


@api.patch("/people/{pid}/journal/entries/{eid}", responses=ERRORS)
async def api_entry_edit(request: Request, pid: str, eid: int, body: EntryPatch) -> dict[str, Any]:
    """Change some fields (e.g. ``{"fields": {"status": "approved"}}``); rules re-checked."""
    person = person_or_404(request, pid)
    await own_entry(request, person, eid)
    try:
        out: dict[str, Any] = await jcall(request, person, lambda j: j.edit(eid, **body.fields))
    except InputError as exc:
        raise _prefixed(exc, "fields.") from None
    return out


@api.delete("/people/{pid}/journal/entries/{eid}", responses=ERRORS)
async def api_entry_delete(request: Request, pid: str, eid: int) -> dict[str, Any]:
    """Delete one entry; returns it as it was."""
    person = person_or_404(request, pid)
    await own_entry(request, person, eid)
    out: dict[str, Any] = await jcall(request, person, lambda j: j.delete(eid))
    return out


@api.get("/people/{pid}/journal/stats", responses=ERRORS)
async def api_stats(request: Request, pid: str) -> dict[str, Any]:
    """The summary ``crossroads journal --json`` prints (effective hourly wage and the rest)."""
    person = person_or_404(request, pid)
    out: dict[str, Any] = await jcall(request, person, lambda j: j.stats())
    return out


@api.get("/people/{pid}/journal/history", responses=ERRORS)
async def api_history(request: Request, pid: str) -> list[dict[str, Any]]:
    """Every stored ``advise --journal`` run, oldest first."""
    person = person_or_404(request, pid)
    out: list[dict[str, Any]] = await jcall(request, person, lambda j: j.history())
    return out


@api.get("/people/{pid}/journal/clock", responses=ERRORS)
async def api_clock(request: Request, pid: str) -> dict[str, Any]:
    """The running timer: ``{"running": false}`` or its platform, start and minutes so far."""
    person = person_or_404(request, pid)
    c = await jcall(request, person, lambda j: j.clock_status())
    return {"running": False} if c is None else {"running": True, **c}


@api.post("/people/{pid}/journal/clock/start", status_code=201, responses=ERRORS)
async def api_clock_start(request: Request, pid: str, body: ClockStartIn) -> dict[str, Any]:
    """Start the timer (kept in the database; 422 on ``clock`` if one is running)."""
    person = person_or_404(request, pid)
    c = await jcall(
        request,
        person,
        lambda j: j.clock_start(
            body.platform,
            task_type=body.task_type,
            requester=body.requester,
            ago_minutes=body.ago_minutes,
        ),
    )
    return {"running": True, **c}


@api.post("/people/{pid}/journal/clock/stop", status_code=201, responses=ERRORS)
async def api_clock_stop(request: Request, pid: str, body: ClockStopIn) -> dict[str, Any]:
    """Stop the timer and log the session; returns the logged entry."""
    person = person_or_404(request, pid)
    out: dict[str, Any] = await jcall(
        request,
        person,
        lambda j: j.clock_stop(
            earned=body.earnings if body.earnings is not None else 0,
            bonus=body.bonus,
            unpaid_minutes=body.unpaid_minutes,
            status=body.status,
            note=body.note,
        ),
    )
    return out


@api.post("/people/{pid}/journal/import", responses=ERRORS)
async def api_import(request: Request, pid: str, body: ImportIn) -> dict[str, Any]:
    """Import CSV text: every row stored or rejected (row, field, reason), one transaction."""
    person = person_or_404(request, pid)
    uid = secrets.token_urlsafe(18)
    path = _upload_dir(request) / f"{uid}.csv"
    from crossroads.safeio import atomic_write

    atomic_write(path, body.csv.encode("utf-8"))
    try:
        res = await _import(
            request, person, path, body.kind, body.mapping, body.dayfirst, dry_run=body.dry_run
        )
    finally:
        path.unlink(missing_ok=True)
    res.pop("file", None)  # the temporary file's name means nothing to the caller
    res.pop("rejects_file", None)
    return res


# ----------------------------------------------------------------------------------------
# Advice that learns from the journal (``crossroads advise --journal`` in the web)
# ----------------------------------------------------------------------------------------


def _journal_advice_work(request: Request, person: Person) -> Callable[[], dict[str, Any]]:
    """The pool job: the person's profile, advised before and after their journal's update.

    Needs a saved profile (422 naming ``profile`` otherwise: the questions come first).
    """
    from crossroads.profile import profile_from_data

    if person.profile is None:
        raise InputError.one("profile", "answer the questions first (Start): there is no profile")
    profile = profile_from_data(person.profile, "profile")
    st = state_of(request)
    run = st.config.run
    return lambda: st.engine.advise_with_journal(profile, run, journal_of(request, person))


@pages.post("/p/{pid}/journal/advise", response_class=HTMLResponse)
async def journal_advise(request: Request, pid: str) -> Response:
    """Start the journal advice in the work pool and go to its page (which shows progress)."""
    from .engine import PoolFull

    st = state_of(request)
    person = person_or_404(request, pid)
    if person.profile is None:  # the questions come first
        return RedirectResponse(f"/p/{person.id}/start/about", status_code=303)
    work = _journal_advice_work(request, person)
    try:
        job = st.pool.submit(owner_of(request), f"journal-advice:{person.id}", work)
    except PoolFull as exc:
        return render(request, "busy.html", status=503, person=person, message=str(exc))
    return RedirectResponse(f"/p/{person.id}/journal/advice/{job.id}", status_code=303)


@pages.get("/p/{pid}/journal/advice/{jid}", response_class=HTMLResponse)
async def journal_advice_page(request: Request, pid: str, jid: str) -> Response:
    """The journal advice: how the answer moved and why, or the progress while it runs."""
    st = state_of(request)
    person = person_or_404(request, pid)
    job = st.pool.get(owner_of(request), jid)
    if job is None or job.label != f"journal-advice:{person.id}":  # not this person's
        raise not_found("jid")
    if job.state != "done":
        progress = job.progress_text(st.pool.ahead_of(job))
        return render(request, "working.html", person=person, job=job, progress=progress)
    out = job.result
    return render(
        request, "journal_advice.html", person=person, doc=out["advice"], j=out["journal"]
    )


@api.post("/people/{pid}/journal/advise", responses=ERRORS)
async def api_journal_advise(request: Request, pid: str) -> dict[str, Any]:
    """The advice with the journal's posteriors: the document ``crossroads advise --journal
    --json`` prints (the advice, with ``journal``: posteriors, what moved, the comparisons with
    the plan, the stored history id). 422 names ``profile`` when the person has none yet."""
    st = state_of(request)
    person = person_or_404(request, pid)
    work = _journal_advice_work(request, person)
    out = await run_in_pool(st.pool, owner_of(request), f"journal-advice:{person.id}", work)
    return {**out["advice"], "journal": out["journal"]}
