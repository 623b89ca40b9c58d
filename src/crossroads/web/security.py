"""Protection of the local server, as Jupyter protects its own.

What it defends against, and how:

* **another program or web page using the server**: every request needs the token — in the URL
  once (``?token=…``, then kept in an HttpOnly, SameSite=Strict cookie and removed from the
  address bar), or ``Authorization: Bearer …`` for scripts;
* **DNS rebinding** (a hostile page whose domain is re-pointed at 127.0.0.1): the ``Host``
  header must name this server (``127.0.0.1``, ``localhost``, ``[::1]`` or the ``--host`` given);
* **cross-site form posts**: every state-changing request carries a CSRF token (a form field
  or the ``X-CSRF-Token`` header htmx sends), an HMAC of the session under a key made at start;
  requests authenticated by a Bearer header carry no ambient credential and need none;
* **script injection and framing**: a Content-Security-Policy with scripts only from this
  server (no ``unsafe-inline``/``unsafe-eval``), ``frame-ancestors 'none'``, ``nosniff``,
  ``no-referrer``; every text is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

__all__ = ["CSP", "Security", "SecurityConfig"]

TOKEN_COOKIE = "crossroads_token"
SESSION_COOKIE = "crossroads_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC_PREFIXES = ("/static/", "/login", "/api/login", "/api/health", "/favicon.ico")


@dataclass
class SecurityConfig:
    token: str
    host: str = "127.0.0.1"
    port: int = 8000
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    extra_hosts: tuple[str, ...] = ()
    secure_cookies: bool = False

    def allowed_hosts(self) -> set[str]:
        # Only these names (and ``extra_hosts``, which only the tests' app factory sets, e.g. to
        # Starlette's "testserver") reach the app: a rebinding domain never does.
        hosts = {"127.0.0.1", "localhost", "[::1]", *self.extra_hosts}
        if self.host not in ("0.0.0.0", "::"):
            hosts.add(self.host if ":" not in self.host else f"[{self.host}]")
        return hosts


def host_name(header: str) -> str:
    """The host part of a Host header, without the port (``[::1]:8000`` → ``[::1]``)."""
    h = header.strip().lower()
    if h.startswith("["):
        return h.split("]", 1)[0] + "]"
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


class Security:
    """The token check, the host check, CSRF tokens and the security headers."""

    def __init__(
        self,
        config: SecurityConfig,
        multi_user: bool = False,
        sessions: Any = None,
        accounts: Any = None,
    ) -> None:
        self.config = config
        self.multi_user = multi_user
        self.sessions = sessions  # multi-user mode: accounts.Sessions
        self.accounts = accounts  # multi-user mode: accounts.Accounts
        self._hosts = config.allowed_hosts()

    # -- tokens -------------------------------------------------------------------------

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given), self.config.token)

    def csrf_token(self, session: str) -> str:
        return hmac.new(self.config.secret, b"csrf:" + session.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: str, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given), self.csrf_token(session))

    def bearer(self, request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return None

    # -- the middleware -----------------------------------------------------------------

    async def middleware(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        host = host_name(request.headers.get("host", ""))
        if host not in self._hosts:
            return self._headers(
                PlainTextResponse(
                    "Host header not allowed: this server answers only to the address it printed "
                    "at start (protection against DNS rebinding).",
                    status_code=400,
                )
            )
        path = request.url.path
        if self.multi_user and not path.startswith(PUBLIC_PREFIXES):
            sid = request.cookies.get(SESSION_COOKIE)
            owner = self.sessions.account(sid)
            account = self.accounts.get(owner) if owner else None
            if account is None:
                return self._login_required(request)
            request.state.owner = account.id
            request.state.account = account
            request.state.session = sid
        if not self.multi_user and not path.startswith(PUBLIC_PREFIXES):
            q = request.query_params.get("token")
            if q is not None and request.method in SAFE_METHODS:
                if not self.token_ok(q):
                    return self._denied(request, "the token in the address is wrong")
                # Keep the token in a cookie and take it out of the address bar and history.
                rest = [(k, v) for k, v in parse_qsl(request.url.query) if k != "token"]
                url = path + ("?" + urlencode(rest) if rest else "")
                resp = RedirectResponse(url, status_code=303)
                resp.set_cookie(
                    TOKEN_COOKIE,
                    self.config.token,
                    httponly=True,
                    samesite="strict",
                    secure=self.config.secure_cookies,
                    path="/",
                )
                return self._headers(resp)
            bearer = self.bearer(request)
            if bearer is not None:
                if not self.token_ok(bearer):
                    return self._denied(request, "the Bearer token is wrong")
                request.state.bearer = True
            elif not self.token_ok(request.cookies.get(TOKEN_COOKIE)):
                return self._denied(request, "no token")
        response = await call_next(request)
        return self._headers(response)

    def session_cookie(self, resp: Response, sid: str) -> None:
        """Set the login session cookie (HttpOnly, SameSite=Strict; Secure behind TLS)."""
        resp.set_cookie(
            SESSION_COOKIE,
            sid,
            httponly=True,
            samesite="strict",
            secure=self.config.secure_cookies,
            path="/",
        )

    def _login_required(self, request: Request) -> Response:
        if request.url.path.startswith("/api/"):
            resp: Response = JSONResponse(
                status_code=401,
                content={
                    "detail": [
                        {
                            "loc": ["cookie", SESSION_COOKIE],
                            "field": "session",
                            "msg": "log in first (POST /api/login with username and password)",
                        }
                    ]
                },
            )
        else:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            resp = RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
        return self._headers(resp)

    def _denied(self, request: Request, why: str) -> Response:
        if request.url.path.startswith("/api/"):
            resp: Response = JSONResponse(
                status_code=401,
                content={
                    "detail": [
                        {
                            "loc": ["header", "Authorization"],
                            "field": "Authorization",
                            "msg": f"{why}: send 'Authorization: Bearer <token>' (the token printed by crossroads serve)",
                        }
                    ]
                },
                headers={"WWW-Authenticate": "Bearer"},
            )
        else:
            resp = PlainTextResponse(
                "This crossroads server is private. Open the address that `crossroads serve` "
                "printed when it started (it ends with ?token=…).",
                status_code=401,
            )
        return self._headers(resp)

    @staticmethod
    def _headers(resp: Response) -> Response:
        h = resp.headers
        h["Content-Security-Policy"] = CSP
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "no-referrer"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Cross-Origin-Resource-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if "cache-control" not in h:
            h["Cache-Control"] = "no-store"
        return resp
