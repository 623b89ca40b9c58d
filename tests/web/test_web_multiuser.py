"""Counsellor mode (``--multi-user``, issue 15 §4): accounts, sessions, rate limit, isolation.

Two counsellors on one server: everything of one — people, profiles, advice jobs, journal
entries, downloads — answers 404 to the other, exactly as an id that never existed; the admin
creates accounts and nobody else can. Passwords are stored as Argon2id hashes only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import BASE, csrf_of, make_app

ADMIN_PW = "admin-password-123"


@pytest.fixture(scope="module")
def mu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    from fastapi.testclient import TestClient

    tmp = tmp_path_factory.mktemp("multiuser")
    app = make_app(tmp, multi_user=True, admin_password=ADMIN_PW)
    with TestClient(app, base_url=BASE):
        yield app, tmp


def login(app: Any, username: str, password: str) -> tuple[Any, str]:
    """A client logged in through the form; returns it and its CSRF token."""
    from fastapi.testclient import TestClient

    c = TestClient(app, base_url=BASE)
    r = c.post(
        "/login",
        data={"username": username, "password": password, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    return c, csrf_of(c.get("/").text)


@pytest.fixture(scope="module")
def counsellors(mu: tuple[Any, Path]) -> dict[str, tuple[Any, str]]:
    app, _ = mu
    admin, csrf = login(app, "admin", ADMIN_PW)
    for name in ("ana", "ben"):
        r = admin.post(
            "/admin/accounts",
            data={"csrf_token": csrf, "username": name, "password": f"{name}-password-1"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    return {
        "admin": (admin, csrf),
        "ana": login(app, "ana", "ana-password-1"),
        "ben": login(app, "ben", "ben-password-1"),
    }


def test_pages_need_a_login(mu: tuple[Any, Path]) -> None:
    from fastapi.testclient import TestClient

    app, _ = mu
    c = TestClient(app, base_url=BASE)
    r = c.get("/p/x/advice", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    r = c.get("/api/people")
    assert r.status_code == 401 and r.json()["detail"][0]["field"] == "session"
    assert c.get("/login").status_code == 200
    assert c.get("/api/health").status_code == 200
    # the single-user token opens nothing in counsellor mode
    assert (
        c.get("/api/people", headers={"Authorization": "Bearer test-token-0123456789"}).status_code
        == 401
    )


def test_passwords_are_stored_as_argon2_hashes(mu: tuple[Any, Path], counsellors: Any) -> None:
    _, tmp = mu
    doc = json.loads((tmp / "accounts.json").read_text())
    assert (tmp / "accounts.json").stat().st_mode & 0o077 == 0
    hashes = [a["password_hash"] for a in doc["accounts"]]
    assert len(hashes) == 3 and all(h.startswith("$argon2id$") for h in hashes)
    assert "ana-password-1" not in json.dumps(doc)


def test_wrong_password_and_rate_limit(mu: tuple[Any, Path]) -> None:
    from fastapi.testclient import TestClient

    app, _ = mu
    app.state.web.accounts.create("carla", "carla-password-1")
    c = TestClient(app, base_url=BASE)
    for _ in range(5):
        r = c.post("/login", data={"username": "carla", "password": "guess-guess"})
        assert r.status_code == 401 and "wrong user name or password" in r.text
    r = c.post("/login", data={"username": "carla", "password": "carla-password-1"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0  # even the right one waits
    r = c.post("/login", data={"username": "nobody", "password": "guess-guess"})
    assert r.status_code == 429  # the same client address is limited too
    r = c.post("/api/login", json={"username": "carla", "password": "x"})
    assert r.status_code == 429 and r.json()["detail"][0]["field"] == "username"
    app.state.web.ratelimit._fails.clear()  # noqa: SLF001 - reset for the other tests


def test_cross_site_login_is_refused(mu: tuple[Any, Path]) -> None:
    from fastapi.testclient import TestClient

    app, _ = mu
    c = TestClient(app, base_url=BASE)
    r = c.post(
        "/login",
        data={"username": "admin", "password": ADMIN_PW},
        headers={"Origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    r = c.post(
        "/login",
        data={"username": "admin", "password": ADMIN_PW},
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    r = c.post(
        "/login",
        data={"username": "admin", "password": ADMIN_PW, "next": "//evil.example/x"},
        headers={"Origin": BASE},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"  # never off-site


def test_only_the_admin_creates_accounts(counsellors: dict[str, tuple[Any, str]]) -> None:
    ana, csrf = counsellors["ana"]
    assert ana.get("/admin/accounts").status_code == 404
    r = ana.post(
        "/admin/accounts", data={"csrf_token": csrf, "username": "eve", "password": "x" * 12}
    )
    assert r.status_code == 404
    assert ana.get("/api/accounts").status_code == 404
    admin, acsrf = counsellors["admin"]
    page = admin.get("/admin/accounts")
    assert page.status_code == 200 and "ana" in page.text and "Accounts" in page.text
    r = admin.post(
        "/admin/accounts", data={"csrf_token": acsrf, "username": "a", "password": "short"}
    )
    assert r.status_code == 422
    assert 'id="a-username-err"' in r.text and 'id="a-password-err"' in r.text
    r = admin.post(
        "/api/accounts",
        json={"username": "ana", "password": "another-password"},
        headers={"X-CSRF-Token": acsrf},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "username"
    names = [a["username"] for a in admin.get("/api/accounts").json()]
    assert "eve" not in names and {"admin", "ana", "ben"} <= set(names)


def test_api_login_gives_a_session_and_csrf(mu: tuple[Any, Path], counsellors: Any) -> None:
    from fastapi.testclient import TestClient

    app, _ = mu
    c = TestClient(app, base_url=BASE)
    r = c.post("/api/login", json={"username": "ben", "password": "nope-nope"})
    assert r.status_code == 401 and r.json()["detail"][0]["field"] == "password"
    r = c.post("/api/login", json={"username": "ben", "password": "ben-password-1"})
    assert r.status_code == 200 and r.json()["account"]["username"] == "ben"
    csrf = r.json()["csrf_token"]
    made = c.post("/api/people", json={"name": "Via API"}, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201
    assert c.post("/api/people", json={"name": "No CSRF"}).status_code == 403


def test_logout_ends_the_session(mu: tuple[Any, Path], counsellors: Any) -> None:
    app, _ = mu
    c, csrf = login(app, "ben", "ben-password-1")
    assert c.get("/").status_code == 200
    r = c.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert c.get("/", follow_redirects=False).status_code == 303  # back to the login page


def test_every_object_of_another_account_is_404(counsellors: dict[str, tuple[Any, str]]) -> None:
    """Ana's person, profile, advice job, journal entries and downloads: all 404 for Ben."""
    from crossroads.profile import example_text

    ana, acsrf = counsellors["ana"]
    ben, bcsrf = counsellors["ben"]
    r = ana.post(
        "/people", data={"name": "Ana's client", "csrf_token": acsrf}, follow_redirects=False
    )
    pid = r.headers["location"].split("/")[2]
    r = ana.post(
        f"/p/{pid}/import",
        data={"csrf_token": acsrf},
        files={"file": ("s.yaml", example_text("student").encode(), "application/x-yaml")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = ana.get(f"/p/{pid}/advice").text  # starts the advice job
    jobs = re.findall(rf"/p/{pid}/jobs/([0-9a-f]+)", page)
    entry = ana.post(
        f"/api/people/{pid}/journal/entries",
        json={
            "kind": "work",
            "fields": {"platform": "Prolific", "paid_minutes": 30, "earnings": 3},
        },
        headers={"X-CSRF-Token": acsrf},
    ).json()
    eid = entry["id"]
    assert ana.get(f"/api/people/{pid}/journal/entries/{eid}").status_code == 200

    gets = [
        f"/p/{pid}/start",
        f"/p/{pid}/start/about",
        f"/p/{pid}/advice",
        f"/p/{pid}/matches",
        f"/p/{pid}/plan",
        f"/p/{pid}/plan.ics",
        f"/p/{pid}/plan.md",
        f"/p/{pid}/report.html",
        f"/p/{pid}/profile.yaml",
        f"/p/{pid}/journal",
        f"/p/{pid}/journal.csv",
        f"/p/{pid}/journal.json",
        f"/p/{pid}/journal/entries/{eid}",
        f"/api/people/{pid}/journal/entries",
        f"/api/people/{pid}/journal/entries/{eid}",
        f"/api/people/{pid}/journal/stats",
        f"/api/people/{pid}/journal/history",
        f"/api/people/{pid}/journal/clock",
        *[f"/p/{pid}/jobs/{j}" for j in jobs],
    ]
    for url in gets:
        assert ben.get(url).status_code == 404, url
    posts = [
        f"/p/{pid}/start/about",
        f"/p/{pid}/delete",
        f"/p/{pid}/whatif",
        f"/p/{pid}/whatif/full",
        f"/p/{pid}/journal/log/work",
        f"/p/{pid}/journal/clock/start",
        f"/p/{pid}/journal/clock/stop",
        f"/p/{pid}/journal/entries/{eid}",
        f"/p/{pid}/journal/entries/{eid}/delete",
    ]
    for url in posts:
        assert ben.post(url, data={"csrf_token": bcsrf, "platform": "X"}).status_code == 404, url
    h = {"X-CSRF-Token": bcsrf}
    assert (
        ben.patch(
            f"/api/people/{pid}/journal/entries/{eid}", json={"fields": {}}, headers=h
        ).status_code
        == 404
    )
    assert ben.delete(f"/api/people/{pid}/journal/entries/{eid}", headers=h).status_code == 404
    assert (
        ben.post(
            f"/api/people/{pid}/journal/entries",
            json={"kind": "cash", "fields": {"balance": 1}},
            headers=h,
        ).status_code
        == 404
    )
    # Ben's own person with the same entry id in the path: still not Ana's entry
    mine = ben.post("/api/people", json={"name": "Ben's client"}, headers=h).json()["id"]
    assert ben.get(f"/api/people/{mine}/journal/entries/{eid}").status_code == 404
    assert pid not in ben.get("/").text and pid not in json.dumps(ben.get("/api/people").json())
    # and nothing of Ana's was changed or lost
    assert ana.get(f"/api/people/{pid}/journal/entries/{eid}").json() == entry
    assert ana.get(f"/p/{pid}/start/about").status_code == 200


@pytest.mark.parametrize("secure", [False, True])
def test_secure_cookies_option_marks_the_session_cookie(tmp_path: Path, secure: bool) -> None:
    """``serve --secure-cookies`` (behind a TLS proxy): the session cookie is sent over HTTPS only."""
    from fastapi.testclient import TestClient

    app = make_app(tmp_path, multi_user=True, admin_password=ADMIN_PW, secure_cookies=secure)
    with TestClient(app, base_url=BASE) as c:
        r = c.post(
            "/login",
            data={"username": "admin", "password": ADMIN_PW, "next": "/"},
            follow_redirects=False,
        )
    assert r.status_code == 303, r.text
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert ("; Secure" in cookie or "; secure" in cookie) is secure, cookie


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Any]:
    """A server of its own (these tests end sessions and delete accounts)."""
    from fastapi.testclient import TestClient

    app = make_app(tmp_path, multi_user=True, admin_password=ADMIN_PW)
    with TestClient(app, base_url=BASE):
        app.state.web.accounts.create("ben", "ben-password-1")
        yield app


def test_a_counsellor_changes_their_password_and_other_sessions_end(fresh: Any) -> None:
    here, csrf = login(fresh, "ben", "ben-password-1")
    elsewhere, _ = login(fresh, "ben", "ben-password-1")
    assert "/account/password" in here.get("/").text  # linked beside "Log out"
    form = {"csrf_token": csrf, "current_password": "not-it-at-all", "password": "b" * 12}
    r = here.post("/account/password", data=form)
    assert r.status_code == 422 and "current password: is not your password" in r.text
    r = here.post(
        "/account/password",
        data={"csrf_token": csrf, "current_password": "ben-password-1", "password": "short"},
    )
    assert r.status_code == 422 and "password: must be at least 10 characters" in r.text
    r = here.post(
        "/account/password",
        data={"csrf_token": csrf, "current_password": "ben-password-1", "password": "b" * 12},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert here.get("/api/people").status_code == 200  # this session stays
    assert elsewhere.get("/api/people").status_code == 401  # the other one ended
    assert fresh.state.web.accounts.verify("ben", "ben-password-1") is None
    assert fresh.state.web.accounts.verify("ben", "b" * 12) is not None
    # without the CSRF token nothing changes
    assert here.post("/account/password", data={"current_password": "b" * 12}).status_code == 403


def test_password_change_over_the_api_names_the_field(fresh: Any) -> None:
    c, csrf = login(fresh, "ben", "ben-password-1")
    h = {"X-CSRF-Token": csrf}
    r = c.post(
        "/api/account/password", json={"current_password": "x", "password": "c" * 12}, headers=h
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "current_password"
    r = c.post(
        "/api/account/password",
        json={"current_password": "ben-password-1", "password": "c" * 12},
        headers=h,
    )
    assert r.status_code == 200 and r.json() == {"changed": True}


def test_the_admin_resets_a_forgotten_password_and_deletes_an_account(fresh: Any) -> None:
    admin, acsrf = login(fresh, "admin", ADMIN_PW)
    ben, bcsrf = login(fresh, "ben", "ben-password-1")
    r = ben.post("/people", data={"csrf_token": bcsrf, "name": "Rosa"}, follow_redirects=False)
    assert r.status_code == 303
    ben_id = next(a.id for a in fresh.state.web.accounts.all() if a.username == "ben")
    fresh.state.web.engine.journal("rosa", ben_id).log_cash(balance=10, date="2026-11-20")
    # nobody but the admin may reset or delete: 404, as for an object that is not theirs
    assert (
        ben.post(f"/admin/accounts/{ben_id}/delete", data={"csrf_token": bcsrf}).status_code == 404
    )
    r = admin.post(
        f"/admin/accounts/{ben_id}/password",
        data={"csrf_token": acsrf, "password": "reset-password-9"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert ben.get("/api/people").status_code == 401  # logged out everywhere
    ben, bcsrf = login(fresh, "ben", "reset-password-9")
    # deleting needs the confirmation box; the admin's own account cannot be deleted
    r = admin.post(f"/admin/accounts/{ben_id}/delete", data={"csrf_token": acsrf})
    assert r.status_code == 422 and "tick the box" in r.text
    admin_id = next(a.id for a in fresh.state.web.accounts.all() if a.username == "admin")
    r = admin.delete(f"/api/accounts/{admin_id}", headers={"X-CSRF-Token": acsrf})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "account"
    r = admin.post(
        f"/admin/accounts/{ben_id}/delete",
        data={"csrf_token": acsrf, "confirm": "1"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert ben.get("/api/people").status_code == 401
    assert fresh.state.web.accounts.verify("ben", "reset-password-9") is None
    assert fresh.state.web.store.people(ben_id) == []
    assert fresh.state.web.engine.cr.store.persons(owner=ben_id) == []
    r = admin.delete(f"/api/accounts/{ben_id}", headers={"X-CSRF-Token": acsrf})
    assert r.status_code == 404  # gone
