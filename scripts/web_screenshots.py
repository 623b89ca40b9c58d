"""Screenshots of the web app's pages with Debian's Chromium (for docs/ and for a look by eye).

Usage: python scripts/web_screenshots.py OUT_DIR [--width 1280]
Starts the app on 127.0.0.1 (a free port, a temporary data folder), imports the bundled example
``career-changer`` and saves home, start, advice, plan and matches as PNG files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--example", default="career-changer")
    args = ap.parse_args()
    import uvicorn
    from playwright.sync_api import sync_playwright

    from crossroads.profile import example_text
    from crossroads.web import WebConfig, create_app

    token = "screenshot-token-123"
    app = create_app(WebConfig(data_dir=Path(tempfile.mkdtemp()), token=token))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    args.out.mkdir(parents=True, exist_ok=True)
    exe = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        pg = b.new_page(viewport={"width": args.width, "height": 900})
        pg.set_default_timeout(180_000)
        pg.goto(f"{base}/?token={token}")
        pg.screenshot(path=str(args.out / f"home-{args.width}.png"), full_page=True)
        pg.fill("#name", "Sam")
        pg.click("button.primary")
        pg.wait_for_url("**/start/about")
        pid = pg.url.split("/")[4]
        pg.goto(f"{base}/p/{pid}/start/skills")
        pg.screenshot(path=str(args.out / f"start-{args.width}.png"), full_page=True)
        path = Path(tempfile.mkdtemp()) / "me.yaml"
        path.write_text(example_text(args.example), encoding="utf-8")
        pg.click("details.card > summary")
        pg.set_input_files("#file", str(path))
        pg.click("form[action$='/import'] button")
        pg.wait_for_selector("#recommendation")
        pg.wait_for_selector("#whatif-result table")
        pg.screenshot(path=str(args.out / f"advice-{args.width}.png"), full_page=False)
        pg.screenshot(path=str(args.out / f"advice-full-{args.width}.png"), full_page=True)
        for name in ("plan", "matches"):
            pg.goto(f"{base}/p/{pid}/{name}")
            pg.screenshot(path=str(args.out / f"{name}-{args.width}.png"), full_page=True)
        b.close()
    server.should_exit = True
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
