"""The report opens in headless Chromium with every outside request blocked, and every chart draws.

Chromium is Debian's package driven by Playwright (the ``browser`` fixture of conftest.py); no
``playwright install``. Outside requests are routed to abort *and recorded*, so the test fails if
the page even tries to fetch anything that is not ``file:`` or ``data:``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from crossroads.report import write_report_data
from crossroads.report.charts import build_charts
from crossroads.report.sample import sample_data

pytestmark = pytest.mark.browser


@dataclass
class Opened:
    page: Any
    blocked: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)


def open_offline(browser: Any, path: Path) -> Opened:
    """Open ``path`` with all non-file/data requests aborted and logged; wait for the charts."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    opened = Opened(page)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            opened.blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: opened.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: opened.console.append(("pageerror", str(e))))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-charts-done]", timeout=20_000)
    return opened


def check_rendered(opened: Opened, chart_ids: list[str]) -> None:
    """Every chart container holds an SVG with marks; nothing fetched; no console errors."""
    page = opened.page
    assert opened.blocked == [], f"outside requests attempted: {opened.blocked}"
    errors = [m for m in opened.console if m[0] in ("error", "pageerror")]
    assert errors == [], errors
    rendered = page.eval_on_selector_all(
        ".vis",
        "els => els.map(e => [e.dataset.chart, e.dataset.rendered || '', "
        "e.querySelectorAll('svg g.mark-group, svg path, svg rect, svg line, svg text').length])",
    )
    assert [r[0] for r in rendered] == chart_ids
    for chart_id, state, marks in rendered:
        assert state == "1", chart_id
        assert marks > 10, (chart_id, marks)
    for chart_id in chart_ids:
        label = page.get_attribute(f"#chart-{chart_id} svg", "aria-label")
        assert label and len(label) > 40, chart_id


def screenshot_variance(page: Any, tmp_path: Path) -> float:
    """Pixel variance of a screenshot of the first screen (0 = blank)."""
    shot = tmp_path / "shot.png"
    page.screenshot(path=str(shot), full_page=False)
    import vl_convert  # noqa: F401  (ensures the optional stack is there; PIL may not be)

    try:
        from PIL import Image

        img = Image.open(shot).convert("L")
        px = list(img.tobytes())
    except ImportError:  # decode via the browser itself: draw the PNG on a canvas
        px = page.evaluate(
            """async (b64) => { const img = new Image(); img.src = 'data:image/png;base64,' + b64;
            await img.decode(); const c = document.createElement('canvas'); c.width = img.width;
            c.height = img.height; const x = c.getContext('2d'); x.drawImage(img, 0, 0);
            const d = x.getImageData(0, 0, c.width, c.height).data; const out = [];
            for (let i = 0; i < d.length; i += 4 * 7) out.push((d[i] + d[i+1] + d[i+2]) / 3); return out; }""",
            __import__("base64").b64encode(shot.read_bytes()).decode(),
        )
    mean = sum(px) / len(px)
    return sum((p - mean) ** 2 for p in px) / len(px)


def test_sample_report_renders_offline(browser: Any, tmp_path: Path) -> None:
    out = write_report_data(sample_data(), tmp_path / "report.html")
    opened = open_offline(browser, out)
    try:
        check_rendered(opened, [c.id for c in build_charts(sample_data())])
        assert opened.page.inner_text("#recommendation").startswith("The recommendation")
        # the fan chart drew the cash floor rule and three panels
        floor_labels = opened.page.eval_on_selector_all(
            "#chart-cash_fan svg text",
            "els => els.filter(e => e.textContent === 'your cash floor').length",
        )
        assert floor_labels == 3
        assert screenshot_variance(opened.page, tmp_path) > 100.0
    finally:
        opened.page.context.close()


def test_real_report_renders_offline(browser: Any, tmp_path: Path) -> None:
    """The report of the bundled example profile (engine, advise, match and plan) renders offline."""
    from crossroads.profile import load_example
    from crossroads.report import write_report

    out = write_report(load_example("career-changer"), tmp_path / "report.html", paths=400, seed=1)
    opened = open_offline(browser, out)
    try:
        ids = opened.page.eval_on_selector_all(".vis", "els => els.map(e => e.dataset.chart)")
        assert {
            "cash_fan",
            "income_bands",
            "net_income",
            "shortfall",
            "criteria",
            "p_first",
            "plan",
        } <= set(ids)
        check_rendered(opened, ids)
        assert screenshot_variance(opened.page, tmp_path) > 100.0
    finally:
        opened.page.context.close()
