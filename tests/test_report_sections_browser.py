"""The report's issue-12 sections — the short answer, the next 4 weeks with the baseline, and the
assumptions that matter — read well on a phone (375 px) and a laptop (1,280 px) in Chromium.

`test_report_responsive.py` checks the whole page; here each new section is checked on its own:
it is present with the JSON's own text, nothing in it sticks out of the window, and none of the
formatting slips a trial user found ("USD USD", "never months", raw backslashes) is in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
SECTIONS = ("#short-answer", "#next-weeks")


@pytest.fixture(scope="module")
def report_and_advice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from crossroads import Crossroads, RunConfig
    from crossroads.profile import load_example

    case = Crossroads().case(load_example("career-changer"), RunConfig(paths=400, seed=3))
    out = tmp_path_factory.mktemp("sections") / "report.html"
    out.write_text(case.report_html(), encoding="utf-8")
    return out, json.loads(json.dumps(case.advice_json()))


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


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", WIDTHS)
def test_new_sections_fit_and_read_plainly(
    browser: Any, report_and_advice: tuple[Path, dict[str, Any]], width: int
) -> None:
    path, doc = report_and_advice
    page = _open(browser, path, width)
    try:
        inner = page.evaluate("window.innerWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= inner
        texts = {}
        for sel in SECTIONS:
            el = page.query_selector(sel)
            assert el is not None, sel
            box = page.evaluate(
                "s => { const e = document.querySelector(s); const r = e.getBoundingClientRect();"
                " return [r.left, r.right, e.scrollWidth, e.clientWidth]; }",
                sel,
            )
            left, right, scroll_w, client_w = box
            assert left >= 0 and right <= inner + 0.5, (sel, box, inner)
            assert scroll_w <= client_w, (sel, box)
            texts[sel] = _flat(el.inner_text())
    finally:
        page.context.close()
    sa = doc["short_answer"]
    assert _flat(sa["sentence"]) in texts["#short-answer"]
    weeks = texts["#next-weeks"]
    for line in sa["next_weeks"]:
        assert _flat(line) in weeks, line
    assert doc["baseline"] is not None and _flat(doc["baseline"]["text"]) in weeks
    assert doc["sensitivity"], "career-changer has assumptions that matter"
    assert _flat(doc["sensitivity"][0]["text"]) in weeks
    for text in texts.values():
        assert "USD USD" not in text and "never months" not in text
        assert "\\" not in text, re.findall(r".{20}\\.{20}", text)[:3]
        assert "± 0.0" not in text and ") (" not in text
