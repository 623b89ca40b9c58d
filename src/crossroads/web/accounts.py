"""Counsellor (multi-user) mode: accounts, sessions and the login rate limit.

Why these choices:

* **accounts** are kept in one JSON file in the data folder (``accounts.json``, mode 0600,
  written atomically), beside the people they own — the same "your data is a folder" stance as
  the rest of the web app; only Argon2id hashes are stored (argon2-cffi's ``PasswordHasher``,
  its default parameters, rehashed on login when they change);
* **sessions** live in the server's memory: a random id in an HttpOnly, SameSite=Strict cookie,
  idle timeout 12 h, removed on logout; a restart logs everyone out, which is the safe default;
* **rate limit**: at most 5 failed logins per user name and per client address in 5 minutes,
  then 429 with ``Retry-After`` — slow enough to stop guessing, and a wrong password never tells
  whether the user name exists (same message, same hashing work);
* **isolation** comes from the owner: each account's people, journals and jobs are stored and
  looked up under its id only, so another account's ids are 404 — the same answer as an id that
  never existed.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossroads.errors import InputError

__all__ = ["Account", "Accounts", "RateLimit", "Sessions"]

USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,40}$")
MIN_PASSWORD = 10
SESSION_IDLE_S = 12 * 3600


@dataclass
class Account:
    """One counsellor (or the admin, who also creates accounts)."""

    id: str
    username: str
    password_hash: str
    admin: bool = False
    created: float = field(default_factory=time.time)

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "username": self.username, "admin": self.admin}


class Accounts:
    """The accounts file: create, look up, check a password."""

    def __init__(self, path: Path) -> None:
        from argon2 import PasswordHasher

        self.path = Path(path)
        self._hasher = PasswordHasher()
        self._lock = threading.Lock()
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def _load(self) -> list[Account]:
        if not self.path.exists():
            return []
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return [Account(**a) for a in data.get("accounts", [])]

    def _save(self, accounts: list[Account]) -> None:
        from crossroads.safeio import atomic_write

        doc = {
            "format": "crossroads-accounts",
            "version": 1,
            "accounts": [a.__dict__ for a in accounts],
        }
        atomic_write(self.path, json.dumps(doc, indent=1), mode=0o600)

    def all(self) -> list[Account]:
        with self._lock:
            return self._load()

    def get(self, account_id: str) -> Account | None:
        return next((a for a in self.all() if a.id == account_id), None)

    def create(self, username: str, password: str, *, admin: bool = False) -> Account:
        """A new account; InputError naming ``username`` or ``password`` when not acceptable."""
        name = username.strip()
        errors = []
        if not USERNAME.match(name):
            errors.append(("username", "use 2–40 letters, digits, dots, dashes or underscores"))
        errors += [("password", r) for r in _password_problems(password)]
        if errors:
            from crossroads.errors import FieldError

            raise InputError([FieldError(f, r) for f, r in errors])
        with self._lock:
            accounts = self._load()
            if any(a.username.lower() == name.lower() for a in accounts):
                raise InputError.one("username", f"{name!r} is taken")
            acct = Account(
                id=secrets.token_urlsafe(9),
                username=name,
                password_hash=self._hasher.hash(password),
                admin=admin,
            )
            accounts.append(acct)
            self._save(accounts)
        return acct

    def verify(self, username: str, password: str) -> Account | None:
        """The account if the password is right; the same hashing work when the user is unknown."""
        from argon2.exceptions import InvalidHashError, VerificationError

        acct = next((a for a in self.all() if a.username.lower() == username.strip().lower()), None)
        try:
            self._hasher.verify(acct.password_hash if acct else self._dummy, password[:1000])
        except (VerificationError, InvalidHashError):
            return None
        if acct is None:
            return None
        if self._hasher.check_needs_rehash(acct.password_hash):
            with self._lock:
                accounts = self._load()
                for a in accounts:
                    if a.id == acct.id:
                        a.password_hash = self._hasher.hash(password)
                self._save(accounts)
        return acct

    def set_password(self, account_id: str, new: str, *, current: str | None = None) -> None:
        """Give an account a new password (InputError naming ``password`` when too weak).

        With ``current`` (a person changing their own password) the old one must be right, else
        InputError naming ``current_password``; without it (the admin resetting a forgotten
        password) no old password is asked.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        from crossroads.errors import FieldError

        problems = [FieldError("password", r) for r in _password_problems(new)]
        with self._lock:
            accounts = self._load()
            acct = next((a for a in accounts if a.id == account_id), None)
            if acct is None:
                raise InputError.one("account", "no such account")
            if current is not None:
                try:
                    self._hasher.verify(acct.password_hash, current[:1000])
                except (VerificationError, InvalidHashError):
                    problems.insert(0, FieldError("current_password", "is not your password"))
            if problems:
                raise InputError(problems)
            acct.password_hash = self._hasher.hash(new)
            self._save(accounts)

    def delete(self, account_id: str) -> Account:
        """Remove an account (InputError naming ``account`` for the last admin or an unknown id).

        The last admin cannot be removed: nobody could create accounts any more.
        """
        with self._lock:
            accounts = self._load()
            acct = next((a for a in accounts if a.id == account_id), None)
            if acct is None:
                raise InputError.one("account", "no such account")
            if acct.admin and sum(a.admin for a in accounts) == 1:
                raise InputError.one("account", "the last admin cannot be deleted")
            self._save([a for a in accounts if a.id != account_id])
        return acct


def _password_problems(password: str) -> list[str]:
    out = []
    if len(password) < MIN_PASSWORD:
        out.append(f"must be at least {MIN_PASSWORD} characters")
    if len(password) > 1000:
        out.append("must be at most 1,000 characters")
    return out


class Sessions:
    """Session id → account id, in memory, with an idle timeout."""

    def __init__(self, idle_s: float = SESSION_IDLE_S) -> None:
        self.idle_s = idle_s
        self._s: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def create(self, account_id: str) -> str:
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._s[sid] = (account_id, time.monotonic())
        return sid

    def account(self, sid: str | None) -> str | None:
        """The account of a live session (and its idle clock restarted), else None."""
        if not sid:
            return None
        now = time.monotonic()
        with self._lock:
            got = self._s.get(sid)
            if got is None:
                return None
            if now - got[1] > self.idle_s:
                del self._s[sid]
                return None
            self._s[sid] = (got[0], now)
            return got[0]

    def end(self, sid: str | None) -> None:
        with self._lock:
            self._s.pop(sid or "", None)

    def end_account(self, account_id: str, *, keep: str | None = None) -> int:
        """End every session of an account but ``keep`` (after a password change or a deletion:
        whoever knew the old password is logged out everywhere). Returns how many ended."""
        with self._lock:
            gone = [s for s, (a, _) in self._s.items() if a == account_id and s != keep]
            for s in gone:
                del self._s[s]
        return len(gone)


class RateLimit:
    """At most ``limit`` failures per key within ``window_s`` seconds."""

    def __init__(self, limit: int = 5, window_s: float = 300.0) -> None:
        self.limit = limit
        self.window_s = window_s
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait before another try (0 = allowed now)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for k in keys:
                q = self._fails.get(k)
                if not q:
                    continue
                while q and now - q[0] > self.window_s:
                    q.popleft()
                if len(q) >= self.limit:
                    wait = max(wait, self.window_s - (now - q[0]))
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._fails.setdefault(k, deque()).append(now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)
