"""``crossroads serve``: the first line is the URL with the token; the server answers on it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx


def test_serve_prints_url_first_and_serves(tmp_path: Path) -> None:
    env = {**os.environ, "CROSSROADS_TOKEN": "serve-test-token-42"}
    src = Path(__file__).parents[2] / "src"
    env["PYTHONPATH"] = f"{src}{os.pathsep}{env.get('PYTHONPATH', '')}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crossroads.cli.main",
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first.startswith("http://127.0.0.1:") and first.endswith(
            "/?token=serve-test-token-42"
        ), first
        base = first.split("/?")[0]
        # The socket listens before the URL is printed, so the first request waits, not fails.
        r = httpx.get(base + "/api/health", timeout=180)
        assert r.status_code == 200 and r.json()["status"] == "ok"
        r = httpx.get(
            base + "/help", headers={"Authorization": "Bearer serve-test-token-42"}, timeout=180
        )
        assert r.status_code == 200
        assert httpx.get(base + "/", timeout=180).status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_bad_options(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("serve", "--port", "70000")
    assert r.exit_code == 2 and "port" in r.stderr
    r = cli("serve", "--token", "short")
    assert r.exit_code == 2 and "token" in r.stderr


def test_serve_multi_user_prints_login_url_and_the_first_admin(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CROSSROADS_ADMIN_PASSWORD"}
    src = Path(__file__).parents[2] / "src"
    env["PYTHONPATH"] = f"{src}{os.pathsep}{env.get('PYTHONPATH', '')}"
    cmd = [sys.executable, "-m", "crossroads.cli.main", "serve", "--multi-user", "--port", "0"]
    proc = subprocess.Popen(
        [*cmd, "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline().strip()
        assert first.startswith("http://127.0.0.1:") and first.endswith("/login"), first
        said = proc.stderr.readline()
        m = re.search(r"account 'admin' with the password (\S+)", said)
        assert m, said
        base = first.rsplit("/", 1)[0]
        with httpx.Client(base_url=base, timeout=180) as c:
            assert c.get("/api/people").status_code == 401
            r = c.post("/api/login", json={"username": "admin", "password": m.group(1)})
            assert r.status_code == 200 and r.json()["account"]["admin"] is True
            assert c.get("/api/people").json() == []
    finally:
        proc.terminate()
        proc.wait(timeout=10)
