"""The routes of counsellor mode: log in and out, and the admin's account list.

Only mounted with ``--multi-user``. The login form has no session yet, so it cannot carry a
session's CSRF token: a cross-site login post is refused by its ``Origin`` header instead (and the
SameSite=Strict cookie would not be sent back to another site anyway) and by ``Sec-Fetch-Site``. Every other form here is
CSRF-checked like the rest of the app. An account that is not the admin gets 404 for the admin
pages, as for any object that is not theirs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, StrictBool

from crossroads.errors import InputError

from .app import errors_json, not_found, render, state_of
from .security import SESSION_COOKIE, host_name

__all__ = ["admin", "public"]

public = APIRouter()  # no CSRF dependency: there is no session to bind a token to yet
admin = APIRouter()  # CSRF-checked (mounted with the app's csrf_check)


class LoginIn(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=1000)


class AccountIn(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=1000)
    admin: StrictBool = False


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _same_origin(request: Request) -> bool:
    """Whether a login post comes from this server's own page (or from a script).

    Browsers say where a request comes from in ``Sec-Fetch-Site``; with this app's
    ``Referrer-Policy: no-referrer`` Chromium sends ``Origin: null`` even for its own forms, so
    ``Origin`` decides only when ``Sec-Fetch-Site`` is absent. No header at all: not a browser.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    return host_name(urlsplit(origin).netloc) == host_name(request.headers.get("host", ""))


def _safe_next(target: str | None) -> str:
    """Only a path on this server (never ``//other.site`` or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _attempt(request: Request, username: str, password: str) -> tuple[Any, int]:
    """(account or None, seconds to wait when rate-limited)."""
    st = state_of(request)
    keys = (f"user:{username.strip().lower()}", f"addr:{_client(request)}")
    wait = st.ratelimit.retry_after(*keys)
    if wait:
        return None, wait
    acct = st.accounts.verify(username, password)
    if acct is None:
        st.ratelimit.failed(*keys)
        return None, 0
    st.ratelimit.clear(keys[0])
    return acct, 0


@public.get("/login", response_class=HTMLResponse, include_in_schema=False)
async def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None, username="")


@public.post("/login", response_class=HTMLResponse, include_in_schema=False)
async def login(request: Request) -> Response:
    if not _same_origin(request):
        raise HTTPException(status_code=403, detail="cross-site login refused")
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    username, password = form.get("username", ""), form.get("password", "")
    nxt = _safe_next(form.get("next"))
    acct, wait = _attempt(request, username, password)
    if acct is None:
        status = 429 if wait else 401
        msg = (
            f"too many failed logins; try again in {wait} seconds"
            if wait
            else "wrong user name or password"
        )
        resp = render(
            request, "login.html", status=status, next=nxt, error=msg, username=username[:100]
        )
        if wait:
            resp.headers["Retry-After"] = str(wait)
        return resp
    st = state_of(request)
    done = RedirectResponse(nxt, status_code=303)
    st.security.session_cookie(done, st.sessions.create(acct.id))
    return done


@public.post("/api/login", tags=["accounts"])
async def api_login(request: Request, body: LoginIn) -> Response:
    """Log in (counsellor mode): sets the session cookie; send the returned ``csrf_token`` as
    ``X-CSRF-Token`` with every POST, PATCH and DELETE."""
    if not _same_origin(request):
        raise HTTPException(status_code=403, detail="cross-site login refused")
    acct, wait = _attempt(request, body.username, body.password)
    if acct is None:
        if wait:
            return JSONResponse(
                status_code=429,
                headers={"Retry-After": str(wait)},
                content={
                    "detail": [
                        {
                            "loc": ["username"],
                            "field": "username",
                            "msg": f"too many failed logins; try again in {wait} seconds",
                        }
                    ]
                },
            )
        return errors_json_401()
    st = state_of(request)
    sid = st.sessions.create(acct.id)
    resp = JSONResponse({"account": acct.public(), "csrf_token": st.security.csrf_token(sid)})
    st.security.session_cookie(resp, sid)
    return resp


def errors_json_401() -> Response:
    return JSONResponse(
        status_code=401,
        content={
            "detail": [
                {"loc": ["password"], "field": "password", "msg": "wrong user name or password"}
            ]
        },
    )


@admin.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    st = state_of(request)
    st.sessions.end(request.cookies.get(SESSION_COOKIE))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


def _admin_or_404(request: Request) -> Any:
    acct = getattr(request.state, "account", None)
    if acct is None or not acct.admin:
        raise not_found("path")
    return acct


def _accounts_page(
    request: Request,
    errors: dict[str, str],
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The admin's account list and forms, with the errors of the last post by field."""
    accounts = state_of(request).accounts.all()
    return render(
        request,
        "accounts.html",
        status=status,
        accounts=accounts,
        errors=errors,
        posted=posted or {},
    )


@admin.get("/admin/accounts", response_class=HTMLResponse, include_in_schema=False)
async def accounts_page(request: Request) -> Response:
    _admin_or_404(request)
    return _accounts_page(request, {})


@admin.post("/admin/accounts", response_class=HTMLResponse, include_in_schema=False)
async def accounts_create(request: Request) -> Response:
    _admin_or_404(request)
    st = state_of(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        st.accounts.create(
            form.get("username", ""), form.get("password", ""), admin=form.get("admin") == "1"
        )
    except InputError as exc:
        errors = {e.field: e.reason for e in exc.errors}
        return _accounts_page(request, errors, {"username": form.get("username", "")[:100]}, 422)
    return RedirectResponse("/admin/accounts?created=1", status_code=303)


@admin.get("/api/accounts", tags=["accounts"])
async def api_accounts(request: Request) -> list[dict[str, Any]]:
    """Every account (admin only; 404 for anyone else)."""
    _admin_or_404(request)
    return [a.public() for a in state_of(request).accounts.all()]


@admin.post("/api/accounts", status_code=201, tags=["accounts"])
async def api_account_create(request: Request, body: AccountIn) -> Any:
    """Create an account (admin only); 422 names ``username`` or ``password``."""
    _admin_or_404(request)
    try:
        acct = state_of(request).accounts.create(body.username, body.password, admin=body.admin)
    except InputError as exc:
        return errors_json(exc.errors)
    return acct.public()


# ------------------------------------------------------------------ passwords and deletion
class PasswordIn(BaseModel):
    current_password: str = Field(max_length=1000)
    password: str = Field(max_length=1000)


class ResetIn(BaseModel):
    password: str = Field(max_length=1000)


def _me(request: Request) -> Any:
    acct = getattr(request.state, "account", None)
    if acct is None:
        raise not_found("path")
    return acct


def _change_own(request: Request, current: str, new: str) -> None:
    """Change the signed-in account's password; other sessions of it end (rate-limited like a
    login: a stolen session must not become a way to guess the password)."""
    st = state_of(request)
    acct = _me(request)
    keys = (f"user:{acct.username.lower()}", f"addr:{_client(request)}")
    wait = st.ratelimit.retry_after(*keys)
    if wait:
        raise InputError.one("current_password", f"too many wrong passwords; try again in {wait} s")
    try:
        st.accounts.set_password(acct.id, new, current=current)
    except InputError as exc:
        if any(e.field == "current_password" for e in exc.errors):
            st.ratelimit.failed(*keys)
        raise
    st.sessions.end_account(acct.id, keep=request.cookies.get(SESSION_COOKIE))


def _remove_account(request: Request, account_id: str) -> None:
    """Delete an account with everything it owns: saved people, journals, sessions."""
    st = state_of(request)
    if account_id == _admin_or_404(request).id:
        raise InputError.one("account", "you cannot delete the account you are signed in with")
    if st.accounts.get(account_id) is None:
        raise not_found("account")
    st.accounts.delete(account_id)
    st.sessions.end_account(account_id)
    for person in st.store.people(account_id):
        st.store.delete(account_id, person.id)
    journals = st.engine.cr.store
    for person in journals.persons(owner=account_id):
        journals.delete_person(str(person["name"]), owner=account_id)


@admin.get("/account/password", response_class=HTMLResponse, include_in_schema=False)
async def password_page(request: Request, changed: int = 0) -> Response:
    _me(request)
    return render(request, "account_password.html", errors={}, changed=bool(changed))


@admin.post("/account/password", response_class=HTMLResponse, include_in_schema=False)
async def password_change(request: Request) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        _change_own(request, form.get("current_password", ""), form.get("password", ""))
    except InputError as exc:
        errors = {e.field: e.reason for e in exc.errors}
        return render(request, "account_password.html", status=422, errors=errors, changed=False)
    return RedirectResponse("/account/password?changed=1", status_code=303)


@admin.post("/api/account/password", tags=["accounts"])
async def api_password_change(request: Request, body: PasswordIn) -> Any:
    """Change your own password (counsellor mode): 422 names ``current_password`` or
    ``password``; your other sessions end."""
    try:
        _change_own(request, body.current_password, body.password)
    except InputError as exc:
        return errors_json(exc.errors)
    return {"changed": True}


@admin.post("/admin/accounts/{account_id}/password", include_in_schema=False)
async def accounts_reset(request: Request, account_id: str) -> Response:
    _admin_or_404(request)
    st = state_of(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    if st.accounts.get(account_id) is None:
        raise not_found("account")
    try:
        st.accounts.set_password(account_id, form.get("password", ""))
    except InputError as exc:
        return _accounts_page(
            request, {f"{e.field}-{account_id}": e.reason for e in exc.errors}, status=422
        )
    st.sessions.end_account(account_id)
    return RedirectResponse("/admin/accounts?reset=1", status_code=303)


@admin.post("/admin/accounts/{account_id}/delete", include_in_schema=False)
async def accounts_delete(request: Request, account_id: str) -> Response:
    _admin_or_404(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        if form.get("confirm") != "1":
            raise InputError.one("confirm", "tick the box to confirm the deletion")
        _remove_account(request, account_id)
    except InputError as exc:
        return _accounts_page(request, {e.field: e.reason for e in exc.errors}, status=422)
    return RedirectResponse("/admin/accounts?deleted=1", status_code=303)


@admin.post("/api/accounts/{account_id}/password", tags=["accounts"])
async def api_account_reset(request: Request, account_id: str, body: ResetIn) -> Any:
    """Set a new password for an account that forgot theirs (admin only; 404 for anyone else);
    the account's sessions end."""
    _admin_or_404(request)
    st = state_of(request)
    if st.accounts.get(account_id) is None:
        raise not_found("account")
    try:
        st.accounts.set_password(account_id, body.password)
    except InputError as exc:
        return errors_json(exc.errors)
    st.sessions.end_account(account_id)
    return {"reset": True}


@admin.delete("/api/accounts/{account_id}", tags=["accounts"])
async def api_account_delete(request: Request, account_id: str) -> Any:
    """Delete an account with its people and journals (admin only; 404 for anyone else; 422
    naming ``account`` for your own account or the last admin)."""
    try:
        _remove_account(request, account_id)
    except InputError as exc:
        return errors_json(exc.errors)
    return {"deleted": account_id}
