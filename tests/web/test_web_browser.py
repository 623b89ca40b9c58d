"""The whole journey in Debian's Chromium, keyboard only, at 375 px and 1,280 px (issue 15 §5).

One live server (uvicorn on 127.0.0.1 in a thread); each page is checked at 375 px and\n1,280 px. The test records every request the page
makes and every console message: no request may leave the server's own address, and no console
error may appear. axe-core (vendored by axe-playwright-python) must find no serious or critical
violation on any page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import ADMIN_PASSWORD, TOKEN

pytestmark = pytest.mark.browser


class Watch:
    """Requests and console errors of one page."""

    def __init__(self, page: Any, base: str) -> None:
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.expect_422 = False  # set while a deliberately wrong answer is being submitted
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _console(self, m: Any) -> None:
        if m.type != "error":
            return
        if self.expect_422 and "status of 422" in m.text:
            return  # Chromium logs the 422 of the page that shows the inline error
        self.errors.append(m.text)

    def check(self) -> None:
        foreign = [u for u in self.requests if not u.startswith(self.base + "/")]
        assert not foreign, foreign
        assert not self.errors, self.errors


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[tuple[Any, Watch]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    watch = Watch(pg, live_server)
    try:
        yield pg, watch
    finally:
        ctx.close()


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus (keyboard only; fails if never reached)."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reachable with Tab")


def type_into(page: Any, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def no_horizontal_scroll(page: Any) -> None:
    over = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert over <= 0, f"page scrolls sideways by {over}px at {page.viewport_size['width']}px"


def serious_axe(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    res = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in res.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_journey_keyboard_only(page: tuple[Any, Watch], live_server: str) -> None:
    pg, watch = page
    pg.goto(f"{live_server}/?token={TOKEN}")
    assert "token" not in pg.url  # moved into the cookie
    checked: list[str] = []

    def check_page() -> None:
        """Every page at a phone's 375 px and a laptop's 1,280 px: no sideways scroll, axe clean."""
        for width in (375, 1280):
            pg.set_viewport_size({"width": width, "height": 900})
            no_horizontal_scroll(pg)
            bad = serious_axe(pg)
            assert not bad, (pg.url, width, bad)
        checked.append(pg.url)

    check_page()
    type_into(pg, "#name", "Rosa")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/start/about")
    check_page()
    type_into(pg, "#f-country", "PH")
    type_into(pg, "#f-currency", "PHP")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/start/money")
    # An inline error first: a word where a number belongs.
    type_into(pg, "#f-money-savings", "some")
    type_into(pg, "#f-money-monthly_expenses", "15000")
    watch.expect_422 = True
    pg.keyboard.press("Enter")
    pg.wait_for_selector("#f-money-savings-err")
    watch.expect_422 = False
    assert "not a number" in pg.inner_text("#f-money-savings-err")
    check_page()
    type_into(pg, "#f-money-savings", "30000")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/start/time")
    type_into(pg, "#f-time-hours_per_week", "25")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/start/priorities")
    type_into(pg, "#f-priorities-quick_payout", "5")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/start/skills")
    check_page()
    type_into(pg, "#f-skills-speaking", "5")
    type_into(pg, "#f-skills-active_listening", "5")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/advice")
    pg.wait_for_selector("#recommendation", timeout=120_000)
    pg.wait_for_selector("#whatif-result table")
    check_page()

    # A slider moves a figure: hours per week to the far right with the keyboard.
    before = pg.inner_text("#whatif-result")
    tab_to(pg, "#w-hours_per_week")
    pg.keyboard.press("End")
    pg.wait_for_function(
        "b => document.querySelector('#whatif-result').innerText !== b", arg=before
    )
    assert pg.inner_text("#o-hours_per_week") == "60"
    # Releasing runs the full advice under the new values.
    pg.wait_for_selector("#whatif-recommendation", timeout=120_000)

    tab_to(pg, "nav a[href$='/plan']")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/plan")
    assert pg.inner_text("#this-week").strip()
    check_page()

    # Log a work session in the journal; the stats show it.
    tab_to(pg, "nav a[href$='/journal']")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/journal")
    assert "No work session logged yet" in pg.inner_text("#work-summary")
    check_page()
    type_into(pg, "#j-platform", "Prolific")
    type_into(pg, "#j-paid_minutes", "45")
    type_into(pg, "#j-earnings", "6")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/journal?kind=work&msg=logged*")
    summary = pg.inner_text("#work-summary")
    assert "1 work session" in summary and "0.8 h" in summary, summary
    assert pg.inner_text("#effective-wage") == "8.00 PHP/h"
    check_page()
    tab_to(pg, "nav a[href$='/matches']")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/matches")
    check_page()
    tab_to(pg, "nav a[href='/sources']")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/sources")
    check_page()
    tab_to(pg, "nav a[href='/help']")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/help")
    check_page()
    assert len(checked) >= 10
    watch.check()


def test_counsellor_login_and_accounts_keyboard_only(browser: Any, live_multiuser: str) -> None:
    """Counsellor mode in the browser: log in, create an account, log out — keyboard only, axe
    clean and no sideways scroll at 375 and 1,280 px."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    watch = Watch(pg, live_multiuser)
    try:

        def check_page() -> None:
            for width in (375, 1280):
                pg.set_viewport_size({"width": width, "height": 900})
                no_horizontal_scroll(pg)
                bad = serious_axe(pg)
                assert not bad, (pg.url, width, bad)

        pg.goto(f"{live_multiuser}/")
        pg.wait_for_url("**/login?next=*")
        check_page()
        type_into(pg, "#username", "admin")
        type_into(pg, "#password", ADMIN_PASSWORD)
        pg.keyboard.press("Enter")
        pg.wait_for_selector("text=Signed in as")
        tab_to(pg, "nav a[href='/admin/accounts']")
        pg.keyboard.press("Enter")
        pg.wait_for_url("**/admin/accounts")
        check_page()
        type_into(pg, "#a-username", "dora")
        type_into(pg, "#a-password", "dora-password-1")
        pg.keyboard.press("Enter")
        pg.wait_for_url("**/admin/accounts?created=1")
        assert "dora" in pg.inner_text("#accounts")
        tab_to(pg, "form.account button")
        pg.keyboard.press("Enter")
        pg.wait_for_url("**/login")
        watch.check()
    finally:
        ctx.close()
