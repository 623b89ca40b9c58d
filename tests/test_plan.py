"""The plan: hours add up, the cash band is the engine's, milestones and checkpoints, exports."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from crossroads.errors import InputError
from crossroads.plan import add_months, make_plan, month_end, month_start
from crossroads.profile import load_example, profile_from_data
from crossroads.simulation.metrics import summarise

PATHS = 300


@pytest.fixture(scope="module")
def advised_run() -> Any:
    from crossroads.decision import advise_with_run

    profile = load_example("career-changer").model_copy(update={"as_of": dt.date(2026, 1, 15)})
    return (profile, *advise_with_run(profile, paths=PATHS, seed=0))


@pytest.fixture(scope="module")
def advised(advised_run: Any) -> Any:
    return advised_run[:2]


@pytest.fixture(scope="module")
def plan(advised_run: Any) -> Any:
    profile, advice, run = advised_run
    return make_plan(profile, advice, run=run)


def test_plan_from_the_advice_document_alone_is_the_same(plan: Any, advised: Any) -> None:
    """Without the live run only the planned option is simulated again, with the advice's seed."""
    profile, advice = advised
    again = make_plan(profile, type(advice).model_validate_json(advice.model_dump_json()))
    assert again == plan


def test_default_is_the_recommended_option(plan: Any, advised: Any) -> None:
    assert plan.option_id == advised[1].recommendation
    assert plan.recommended


def test_months_add_up_to_the_persons_hours(plan: Any, advised: Any) -> None:
    hpw = advised[0].time.hours_per_week
    assert len(plan.months) == advised[0].time.horizon_months
    for m in plan.months:
        parts = m.microtask + m.learning + m.search + m.job + m.free
        assert parts == pytest.approx(hpw, abs=0.05)
        assert m.total == pytest.approx(hpw, abs=0.05)
        assert min(m.microtask, m.learning, m.search, m.job, m.free) >= 0


def test_cash_band_equals_the_engines(plan: Any, advised_run: Any) -> None:
    run = advised_run[2]
    bands = summarise(run.sim, run.index(plan.option_id)).cash_bands
    for q in ("p10", "p50", "p90"):
        assert plan.cash_band[q] == [float(row[q]) for row in bands]
        assert [getattr(m, f"cash_{q}") for m in plan.months] == plan.cash_band[q]


def test_milestones_and_checkpoints(plan: Any) -> None:
    kinds = {m.kind for m in plan.milestones}
    assert "covers_expenses" in kinds
    if plan.kind != "microtask":
        assert {"training_done", "hire"} <= kinds
        hire = next(m for m in plan.milestones if m.kind == "hire")
        if hire.month is not None:
            assert hire.month_low <= hire.month <= hire.month_high
            assert 0 < hire.probability <= 1
    if plan.kind != "career":
        assert "first_payout" in kinds
    assert plan.checkpoints
    for c in plan.checkpoints:
        assert 1 <= c.month <= plan.horizon_months
        assert c.date == month_end(plan.start, c.month)
        assert c.text


def test_skills_in_order_of_payoff(advised: Any) -> None:
    profile, advice = advised
    career = next(o for o in advice.options if o.kind != "microtask")
    p = make_plan(profile, advice, career.id)
    gains = [s.fit_gain for s in p.skills]
    assert gains == sorted(gains, reverse=True)
    assert [s.order for s in p.skills] == list(range(1, len(p.skills) + 1))


def test_option_not_in_the_advice_is_simulated(advised: Any) -> None:
    profile, advice = advised
    p = make_plan(profile, advice, "hybrid:10:20:43-4051.00", paths=PATHS)
    assert p.option_id == "hybrid:10:20:43-4051.00" and not p.recommended
    assert p.target == "43-4051.00"
    assert all(m.total == pytest.approx(30, abs=0.05) for m in p.months)


def test_ics_parses_and_has_the_milestones(plan: Any) -> None:
    cal = Calendar.from_ical(plan.to_ics())
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    summaries = {str(e.get("summary")) for e in events}
    dated = [m for m in plan.milestones if m.date is not None]
    assert dated
    for m in dated:
        assert m.label in summaries
        ev = next(e for e in events if str(e.get("summary")) == m.label)
        assert ev.decoded("dtstart") == m.date
    assert sum(1 for s in summaries if s.startswith("Checkpoint")) >= 1
    assert len({str(e.get("uid")) for e in events}) == len(events)


def test_markdown_and_json_exports(plan: Any) -> None:
    md = plan.to_markdown()
    assert md.startswith("# Plan:")
    assert "## Milestones" in md and "## Checkpoints" in md
    assert md.count("\n| ") >= len(plan.months)
    doc = json.loads(json.dumps(plan.to_dict()))
    assert doc["option_id"] == plan.option_id
    assert len(doc["months"]) == len(plan.months)
    assert doc["start"] == "2026-01-15"


def test_bad_option_names_the_field(advised: Any) -> None:
    profile, advice = advised
    with pytest.raises(InputError) as exc:
        make_plan(profile, advice, "career:99-9999.99")
    assert any(e.field.startswith("option") or e.field == "code" for e in exc.value.errors)


@settings(max_examples=6, deadline=None)
@given(hours=st.sampled_from([8.0, 15.0, 30.0, 45.0]), mt_share=st.sampled_from([0.0, 0.3, 0.5]))
def test_hours_add_up_for_any_budget(hours: float, mt_share: float) -> None:
    profile = profile_from_data(
        {
            "name": "t",
            "country": "US",
            "money": {"savings": 4000, "monthly_expenses": 1200},
            "time": {"hours_per_week": hours, "horizon_months": 12},
            "skills": {"speaking": 4.0, "active_listening": 4.0},
        }
    )
    mt = round(hours * mt_share, 1)
    option = f"hybrid:{mt:g}:{hours - mt:g}:43-4051.00" if mt > 0 else "career:43-4051.00"
    p = make_plan(profile, option_id=option, paths=200, with_advice=False)
    for m in p.months:
        assert m.microtask + m.learning + m.search + m.job + m.free == pytest.approx(
            hours, abs=0.05
        )


@given(
    d=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), n=st.integers(0, 120)
)
def test_month_dates(d: dt.date, n: int) -> None:
    s = add_months(d, n)
    assert (s.year - d.year) * 12 + s.month - d.month == n
    assert s.day <= d.day
    assert month_end(d, n + 1) == month_start(d, n + 2) - dt.timedelta(days=1)


def _fallback_profile(rule: str) -> Any:
    p = load_example("dana").model_copy(update={"as_of": dt.date(2026, 1, 15)})
    return p.model_copy(update={"fallback": p.fallback.model_copy(update={"rule": rule})})


def test_fallback_job_replaces_the_microtasks_in_the_plan() -> None:
    """Once the median path's fallback job pays, the plan shows its hours, not microtasks (issue 10)."""
    profile = _fallback_profile("any_job")
    p = make_plan(profile, option_id="microtask", paths=PATHS, with_advice=False)
    fb = [m for m in p.months if m.phase == "fallback job"]
    assert fb, [m.phase for m in p.months]
    first = fb[0].month
    assert all(m.phase == "fallback job" for m in p.months if m.month >= first)
    for m in fb:
        assert m.microtask == 0 and m.job > 0
        assert m.microtask + m.learning + m.search + m.job + m.free == pytest.approx(
            profile.time.hours_per_week, abs=0.05
        )
    # before it pays, the option's own hours go on while the local job is looked for
    assert all("fallback" in m.phase for m in p.months if m.month < first) or first == 1
    milestone = next(x for x in p.milestones if x.kind == "fallback")
    assert milestone.month is not None and milestone.month <= first


def test_career_search_kept_during_the_fallback_job() -> None:
    profile = _fallback_profile("any_job")
    p = make_plan(profile, option_id="career:43-4051.00", paths=PATHS, with_advice=False)
    fb = [m for m in p.months if m.phase == "fallback job"]
    assert fb
    for m in fb:  # the engine keeps min(learning hours, search_hours_full) for the career
        assert 0 < m.learning + m.search <= 30 and m.job > 0 and m.microtask == 0


def test_fallback_off_shows_no_fallback_phase() -> None:
    p = make_plan(_fallback_profile("off"), option_id="microtask", paths=PATHS, with_advice=False)
    assert not [m for m in p.months if "fallback" in m.phase]
