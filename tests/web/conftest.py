"""Fixtures of the web tests: the app in-process, an authenticated client, a live server.

``web_app`` builds the app with a fixed token and a temporary data folder (quick runs: 2,000
paths, so one advice takes well under a second on a free core); ``client`` is an httpx client
through the ASGI app with the token cookie set; ``live_server`` runs uvicorn on 127.0.0.1 in a
thread for the browser tests.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TOKEN = "test-token-0123456789"
BASE = "http://127.0.0.1:8000"


def make_app(tmp: Path, **kw: Any) -> Any:
    """The tests' app factory: the only place that admits Starlette's "testserver" Host, and a
    journal database of its own in ``tmp`` (never the user's)."""
    from crossroads.web import WebConfig, create_app
    from crossroads.web.engine import RunOptions

    kw.setdefault("extra_hosts", ("testserver",))
    kw.setdefault("db", f"sqlite:///{tmp / 'journal.sqlite'}")
    return create_app(WebConfig(data_dir=tmp, token=TOKEN, run=RunOptions(paths=2000), **kw))


@pytest.fixture(scope="session")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_app(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def client(web_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(web_app, base_url=BASE) as c:
        c.cookies.set("crossroads_token", TOKEN)
        yield c


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert m, "page has no CSRF field"
    return m.group(1)


@pytest.fixture(scope="session")
def csrf(client: Any) -> str:
    return csrf_of(client.get("/").text)


def person_with_example(client: Any, csrf: str, name: str, example: str = "student") -> str:
    """A new person whose profile is a bundled example (imported as a file); returns its id."""
    from crossroads.profile import example_text

    r = client.post("/people", data={"name": name, "csrf_token": csrf}, follow_redirects=False)
    pid = str(r.headers["location"].split("/")[2])
    r = client.post(
        f"/p/{pid}/import",
        data={"csrf_token": csrf},
        files={"file": (f"{example}.yaml", example_text(example).encode(), "application/x-yaml")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return pid


@pytest.fixture(scope="session")
def person_with_profile(client: Any, csrf: str) -> str:
    """A person whose profile is the bundled example ``student`` (imported as a file)."""
    return person_with_example(client, csrf, "Student")


def wait_advice(client: Any, pid: str, timeout: float = 120) -> str:
    """Load the advice page, following the progress polling until the advice is there."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r = client.get(f"/p/{pid}/advice")
        assert r.status_code == 200, r.text
        if 'id="recommendation"' in r.text:
            return str(r.text)
        time.sleep(0.3)
    raise AssertionError("advice did not finish")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving a fresh app on 127.0.0.1:<free port> in a thread; yields the base URL."""
    yield from serve(make_app(tmp_path_factory.mktemp("live")))


ADMIN_PASSWORD = "admin-password-123"


@pytest.fixture(scope="session")
def live_multiuser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same, in counsellor mode (the first admin's password is ``ADMIN_PASSWORD``)."""
    app = make_app(
        tmp_path_factory.mktemp("live-mu"), multi_user=True, admin_password=ADMIN_PASSWORD
    )
    yield from serve(app)


def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1:<free port> in a thread; yield its base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    t = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    t.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        t.join(timeout=5)
