"""The security layer: token, Host header, CSRF and headers (issue 15 §1, §4)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import BASE, TOKEN


@pytest.fixture()
def anon(web_app: Any) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(web_app, base_url=BASE)


def test_no_token_is_refused(anon: Any) -> None:
    r = anon.get("/")
    assert r.status_code == 401
    assert "token" in r.text
    r = anon.post("/api/advise", json={})
    assert r.status_code == 401
    assert r.json()["detail"][0]["field"] == "Authorization"


def test_wrong_token_is_refused(anon: Any) -> None:
    assert anon.get("/?token=nope").status_code == 401
    assert anon.get("/api/sources", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_token_in_url_sets_cookie_and_leaves_address_bar(anon: Any) -> None:
    r = anon.get(f"/help?token={TOKEN}&x=1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/help?x=1"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("samesite", "SameSite")
    assert anon.get("/help").status_code == 200


def test_bearer_token_for_scripts(anon: Any) -> None:
    r = anon.get("/api/sources", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    assert any(s["id"] for s in r.json())


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io", "localhost.evil"]
)
def test_foreign_host_header_is_rejected(client: Any, host: str) -> None:
    r = client.get("/", headers={"host": host})
    assert r.status_code == 400
    assert "DNS rebinding" in r.text
    r = client.get("/api/health", headers={"host": host})
    assert r.status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
def test_loopback_host_headers_accepted(client: Any, host: str) -> None:
    assert client.get("/help", headers={"host": host}).status_code == 200


def test_testserver_host_only_in_the_tests_factory(tmp_path: Any) -> None:
    """Production's app (as ``crossroads serve`` builds it) refuses Starlette's "testserver"."""
    from fastapi.testclient import TestClient

    from conftest import make_app
    from crossroads.web import WebConfig, create_app

    prod = create_app(WebConfig(data_dir=tmp_path / "prod", token=TOKEN))
    r = TestClient(prod).get("/api/health")  # Host: testserver
    assert r.status_code == 400 and "DNS rebinding" in r.text
    assert TestClient(prod, base_url=BASE).get("/api/health").status_code == 200
    tests_app = make_app(tmp_path / "tests")
    assert TestClient(tests_app).get("/api/health").status_code == 200


def test_form_post_without_csrf_is_refused(client: Any, person_with_profile: str) -> None:
    r = client.post("/people", data={"name": "Mallory"}, follow_redirects=False)
    assert r.status_code == 403
    assert r.json()["detail"][0]["field"] == "csrf_token"
    r = client.post(
        "/people", data={"name": "Mallory", "csrf_token": "0" * 64}, follow_redirects=False
    )
    assert r.status_code == 403
    r = client.post(f"/p/{person_with_profile}/whatif", data={"savings": "1"})
    assert r.status_code == 403


def test_api_with_cookie_needs_csrf_but_bearer_does_not(client: Any, csrf: str) -> None:
    body = {"profile": {"name": "x"}}
    assert client.post("/api/profile/validate", json=body).status_code == 403
    r = client.post("/api/profile/validate", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422
    r = client.post(
        "/api/profile/validate", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 422


@pytest.mark.parametrize("path", ["/", "/help", "/api/health", "/static/app.css", "/nope"])
def test_security_headers_everywhere(client: Any, path: str) -> None:
    h = client.get(path).headers
    csp = h["content-security-policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert h["x-content-type-options"] == "nosniff"
    assert h["x-frame-options"] == "DENY"
    assert h["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_scripts(client: Any, person_with_profile: str) -> None:
    import re

    from conftest import wait_advice

    pages = [
        client.get("/").text,
        client.get(f"/p/{person_with_profile}/start/skills").text,
        wait_advice(client, person_with_profile),
        client.get("/sources").text,
    ]
    for html in pages:
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, tag
        assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+=", html), "inline event handler"
        # Nothing loaded from elsewhere (citations may *mention* addresses as text).
        assert not re.search(r'(src|href|action|xlink:href)="(https?:)?//', html)


def test_someone_elses_job_is_404(client: Any, person_with_profile: str) -> None:
    r = client.get(f"/p/{person_with_profile}/jobs/{'0' * 32}")
    assert r.status_code == 404
    assert client.get("/p/doesnotexist/advice").status_code == 404
    assert client.get("/p/../../etc/advice").status_code == 404
