"""``crossroads serve``: the local web app (FastAPI + uvicorn), protected like Jupyter.

The first line printed is the address to open, with the token; ``--token`` or
``CROSSROADS_TOKEN`` fixes the token for scripts (the API also accepts it as
``Authorization: Bearer``). Answers are kept under ``--data-dir`` (default: the user data folder).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import typer

from crossroads.errors import InputError

from .app import app


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("crossroads", appauthor=False)) / "web"


@app.command("serve")
def serve_cmd(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on (keep 127.0.0.1 unless you know why)."
    ),
    port: int = typer.Option(8000, "--port", help="Port to listen on (0 = any free port)."),
    db: str | None = typer.Option(
        None,
        "--db",
        help="Database URL for the journal and accounts (e.g. sqlite:///crossroads.db).",
    ),
    multi_user: bool = typer.Option(
        False, "--multi-user", help="Counsellor mode: accounts, logins, per-account isolation."
    ),
    open_browser: bool = typer.Option(
        False, "--open", help="Open the address in the default browser."
    ),
    token: str | None = typer.Option(
        None, "--token", help="Fix the access token (default: $CROSSROADS_TOKEN or a random one)."
    ),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", help="Folder for saved answers (default: your user data folder)."
    ),
    secure_cookies: bool = typer.Option(
        False,
        "--secure-cookies",
        help="Mark the cookies Secure (sent over HTTPS only): use behind a TLS proxy.",
    ),
) -> None:
    """Serve the web app on this computer: questions, advice with what-if sliders, matches, plan."""
    import socket

    import uvicorn

    from crossroads.web import WebConfig, create_app

    if not 0 <= port <= 65535:
        raise InputError.one("port", f"must be between 0 and 65535 (got {port})")
    tok = token or os.environ.get("CROSSROADS_TOKEN") or secrets.token_urlsafe(24)
    if len(tok) < 8:
        raise InputError.one(
            "token", "must be at least 8 characters (it is the only key to the server)"
        )
    folder = data_dir or default_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Bind first, so the printed address has the real port even with --port 0.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise InputError.one("port", f"cannot listen on {host}:{port} ({exc.strerror})") from None
    # Listening before the address is printed: a browser or script that connects at once waits
    # in the backlog until the app is ready instead of being refused.
    sock.listen(128)
    real_port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else (f"[{host}]" if ":" in host else host)
    url = (
        f"http://{shown}:{real_port}/login"
        if multi_user
        else f"http://{shown}:{real_port}/?token={tok}"
    )
    cfg = WebConfig(
        data_dir=folder,
        token=tok,
        host=host,
        port=real_port,
        multi_user=multi_user,
        db=db,
        admin_password=os.environ.get("CROSSROADS_ADMIN_PASSWORD") or None,
        secure_cookies=secure_cookies,
    )
    web = create_app(cfg)
    print(url, flush=True)
    admin = web.state.web.initial_admin
    if admin is not None:
        print(
            f"counsellor mode: created the account {admin[0]!r} with the password {admin[1]} "
            "(shown only now; it creates the other accounts under Accounts)",
            file=sys.stderr,
            flush=True,
        )
    print(
        f"crossroads web app; answers are kept in {folder}. Press Ctrl-C to stop.",
        file=sys.stderr,
        flush=True,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: listening on {host}: other computers on the network can reach this server "
            "(they still need the token).",
            file=sys.stderr,
            flush=True,
        )
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.8, lambda: webbrowser.open(url)).start()
    config = uvicorn.Config(web, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
