"""The journal against the plan: earnings month by month, the plan followed, the report's charts.

Issue 14 §4: "a comparison of the real numbers with the plan's P10–P90 band month by month". Cash
check-ins were compared first; logged microtask earnings are compared here, for the months that
are over and have work logged, against the plan the person has actually been following (the
advice they were last given), and the report draws both in Chromium without overflowing a phone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from crossroads import Crossroads, RunConfig
from crossroads.journal import JournalStore
from crossroads.journal.advise import income_vs_plan, plan_followed
from crossroads.report.journal import JournalSection, journal_charts

SNAP_DIR = Path(__file__).resolve().parent / "snapshots" / "report"
START = dt.date(2026, 9, 1)  # the plan's month 1 starts here; months 1-2 are over by TODAY
TODAY = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def case() -> Any:
    from crossroads.profile import load_example

    profile = load_example("career-changer").model_copy(update={"as_of": START})
    return Crossroads().case(profile, RunConfig(paths=400, seed=2))


def _work(j: Any, day: str, earned: float, status: str = "approved") -> None:
    j.log_work(platform="Clickworker", paid_minutes=300, earnings=earned, date=day, status=status)


def test_complete_months_with_work_are_compared_and_nothing_else(case: Any, tmp_path: Path) -> None:
    j = JournalStore(tmp_path / "m.sqlite").journal()
    _work(j, "2026-09-03", 20.0)
    _work(j, "2026-09-20", 15.5, status="pending")  # earned, not yet paid: counts
    _work(j, "2026-09-21", 99.0, status="rejected")  # never paid: does not count
    _work(j, "2026-10-10", 2_000.0)  # far above what any simulated path earns in a month
    _work(j, "2026-11-10", 50.0)  # month 3, still running on TODAY: not compared
    rows = income_vs_plan(case, "microtask", j.rows(), START, "USD", today=TODAY)
    assert [r["month"] for r in rows] == [1, 2]
    assert rows[0]["earnings"] == pytest.approx(35.5)
    assert rows[1]["earnings"] == pytest.approx(2_000.0)
    for r in rows:
        assert r["p10"] <= r["p50"] <= r["p90"] and 0.0 <= r["percentile"] <= 1.0
    assert rows[1]["percentile"] > 0.9 and "best 10 %" in rows[1]["text"]
    # a month nobody logged is not read as a zero month
    assert income_vs_plan(case, "microtask", [], START, "USD", today=TODAY) == []


def test_an_option_without_microtasks_has_nothing_to_compare(case: Any, tmp_path: Path) -> None:
    career = next(o.id for o in case.advice().options if o.id.startswith("career:"))
    j = JournalStore(tmp_path / "c.sqlite").journal()
    _work(j, "2026-09-03", 20.0)
    assert income_vs_plan(case, career, j.rows(), START, "USD", today=TODAY) == []


def test_the_plan_followed_is_the_advice_last_given(case: Any, tmp_path: Path) -> None:
    advice = case.advice()
    j = JournalStore(tmp_path / "h.sqlite").journal()
    first, source = plan_followed(j, advice)
    assert first == advice.recommendation and "no earlier advice" in source
    other = next(o.id for o in advice.options if o.id != advice.recommendation)
    run_id = j.record_advice(
        seed=0, paths=400, entries_used=0, recommendation=other, inputs={}, results={}
    )
    followed, source = plan_followed(j, advice)
    assert followed == other and f"stored run {run_id}" in source
    j.record_advice(
        seed=0, paths=400, entries_used=0, recommendation="gone:option", inputs={}, results={}
    )
    assert plan_followed(j, advice)[0] == advice.recommendation  # no longer among the options


def _section() -> JournalSection:
    """A fixed section (not a simulation), so the chart snapshots test the charts alone."""
    return JournalSection(
        currency="PHP",
        weeks=[
            {"week": "2026-W45", "effective_hourly_wage": 61.5, "hours": 6.0},
            {"week": "2026-W46", "effective_hourly_wage": 74.25, "hours": 9.5},
        ],
        model_wage=70.0,
        cash=[
            {
                "date": "2026-11-20",
                "month": 3,
                "balance": 9_500.0,
                "p10": 8_000.0,
                "p50": 12_000.0,
                "p90": 15_500.0,
                "percentile": 0.18,
                "text": "within the plan's P10–P90 band (better than 18% of simulated paths)",
            }
        ],
        lines=("12 h of logged work",),
        earnings=[
            {
                "month": 1,
                "earnings": 1_250.0,
                "p10": 400.0,
                "p50": 1_100.0,
                "p90": 2_300.0,
                "percentile": 0.55,
                "text": "within the plan's P10–P90 band (better than 55% of simulated paths)",
            },
            {
                "month": 2,
                "earnings": 150.0,
                "p10": 600.0,
                "p50": 1_500.0,
                "p90": 2_900.0,
                "percentile": 0.03,
                "text": "you are in the worst 10 % of simulated paths for microtask earnings",
            },
        ],
    )


@pytest.mark.parametrize("chart_id", ["journal_wage", "journal_earnings", "journal_cash"])
def test_journal_chart_spec_snapshot(chart_id: str) -> None:
    charts = {c.id: c for c in journal_charts(_section())}
    spec = charts[chart_id].spec
    assert charts[chart_id].description  # every chart says its numbers in words
    path = SNAP_DIR / f"{chart_id}.json"
    got = json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("CROSSROADS_SNAPSHOT_UPDATE"):
        path.write_text(got, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing snapshot {path}; run with CROSSROADS_SNAPSHOT_UPDATE=1")
    assert got == path.read_text(encoding="utf-8"), f"{chart_id} changed; review and update"


def test_worst_month_is_named_in_the_earnings_description() -> None:
    charts = {c.id: c for c in journal_charts(_section())}
    desc = charts["journal_earnings"].description
    assert "150 PHP in month 2" in desc and "worst 10 %" in desc


@pytest.fixture(scope="module")
def journal_report(tmp_path_factory: pytest.TempPathFactory, case: Any) -> Path:
    tmp = tmp_path_factory.mktemp("jr")
    j = JournalStore(tmp / "r.sqlite").journal()
    for day, earned in (("2026-09-05", 30.0), ("2026-09-19", 12.0), ("2026-10-07", 44.0)):
        j.log_work(
            platform="Clickworker",
            paid_minutes=240,
            unpaid_searching_minutes=45,
            earnings=earned,
            date=day,
        )
    j.log_cash(balance=1_500, date="2026-10-01")
    out = tmp / "report.html"
    out.write_text(case.report_html(journal=j), encoding="utf-8")
    return out


def test_report_journal_section_lists_earnings_against_the_plan(journal_report: Path) -> None:
    html = journal_report.read_text(encoding="utf-8")
    for chart in ("journal_wage", "journal_earnings", "journal_cash"):
        assert f'id="chart-{chart}"' in html
    assert "microtask earnings 42 USD in month 1" in html


@pytest.mark.browser
@pytest.mark.parametrize("width", (375, 1280))
def test_journal_charts_draw_in_chromium_without_overflow(
    browser: Any, journal_report: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
    )
    try:
        page.goto(journal_report.resolve().as_uri())
        page.wait_for_selector("body[data-charts-done]", timeout=20_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
            "window.innerWidth"
        )
        for chart in ("journal_wage", "journal_earnings", "journal_cash"):
            sel = f"#chart-{chart}"
            assert page.eval_on_selector(sel, "e => e.dataset.rendered") == "1", chart
            box = page.eval_on_selector(
                f"{sel} svg",
                "s => [s.getBoundingClientRect().width, s.getBoundingClientRect().right]",
            )
            assert box[0] > 0 and box[1] <= width, (chart, box)
        assert "USD USD" not in page.inner_text("#journal")
    finally:
        context.close()
    assert not errors, errors
