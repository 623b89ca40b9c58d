"""The report works on a phone and on a laptop, and its text reads as plain language.

Checked in Debian's Chromium at 375 px (a phone) and 1,280 px (a laptop): the page never scrolls
sideways (wide tables and the criteria heat map scroll inside their own frame), every chart draws,
and none of the formatting slips a trial user found survives ("USD USD", "never months", raw
BibTeX backslashes in source titles).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)


@pytest.fixture(scope="module")
def real_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from crossroads.profile import load_example
    from crossroads.report import write_report

    out = tmp_path_factory.mktemp("responsive") / "report.html"
    return Path(write_report(load_example("career-changer"), out, paths=400, seed=3))


def _open(browser: Any, path: Path, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
    )
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-charts-done]", timeout=20_000)
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_no_horizontal_scroll(browser: Any, real_report: Path, width: int) -> None:
    page = _open(browser, real_report, width)
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        inner_width = page.evaluate("window.innerWidth")
        assert scroll_width <= inner_width, (scroll_width, inner_width)
        states = page.eval_on_selector_all(".vis", "els => els.map(e => e.dataset.rendered || '')")
        assert states and all(s == "1" for s in states), states
        # Small multiples wrap to the room available: one panel per row on a phone.
        cols = page.evaluate(
            "() => { const s = [...document.querySelectorAll('#chart-cash_fan svg g.column_footer g.role-axis')]"
            ".map(g => Math.round(g.getBoundingClientRect().left)); return new Set(s).size; }"
        )
        assert (cols == 1) if width == 375 else (cols >= 2), cols
    finally:
        page.context.close()


def test_plain_text_formatting(browser: Any, real_report: Path) -> None:
    page = _open(browser, real_report, 1280)
    try:
        text = page.inner_text("body")
    finally:
        page.context.close()
    assert "USD USD" not in text
    assert "never months" not in text
    assert "month never" not in text
    assert "\\" not in text, re.findall(r".{30}\\.{30}", text)[:3]
    assert "£18" in text  # \pounds in sources.bib, converted to its character


def test_side_by_side_charts_compare_families() -> None:
    """The fan charts show the best option of each kind of path, not three splits of one option."""
    from types import SimpleNamespace

    from crossroads.report.collect import side_by_side_ids

    ranked = [
        SimpleNamespace(id="h1", family="hybrid:A"),
        SimpleNamespace(id="h2", family="hybrid:A"),
        SimpleNamespace(id="c", family="career:A"),
        SimpleNamespace(id="h3", family="hybrid:A"),
        SimpleNamespace(id="m", family="microtask"),
    ]
    assert side_by_side_ids(ranked) == {"h1", "c", "m"}
    assert side_by_side_ids(ranked[:2]) == {
        "h1",
        "h2",
    }  # fewer families than panels: next best fill in


def test_measure_cells_format_by_unit() -> None:
    from crossroads.report.html import Numbers

    docs = {"a": {"x": 1234.0, "n": None, "m": 9, "p": 0.25, "cv": 0.47, "s": 0.5}}
    num = Numbers(docs, "USD")

    def plain(markup: Any) -> str:
        return re.sub(r"<[^>]+>", "", str(markup))

    assert plain(num.measure("a", "x", "USD")) == "1,234 USD"
    assert plain(num.measure("a", "x", "USD/month")) == "1,234 USD/month"
    assert plain(num.measure("a", "n", "months")) == "never"
    assert plain(num.measure("a", "m", "months")) == "9 months"
    assert plain(num.measure("a", "p", "probability")) == "25.0%"
    assert plain(num.measure("a", "s", "share of months")) == "50.0% of months"
    assert (
        plain(num.measure("a", "cv", "coefficient of variation")) == "0.47 coefficient of variation"
    )
    assert plain(num.month_of("a", "n")) == "no month within the horizon"
    assert plain(num.month_of("a", "m")) == "month 9"
