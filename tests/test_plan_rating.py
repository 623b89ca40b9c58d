"""The plan says "apply for rating work" when the option's microtask hours include it (issue 11)."""

from __future__ import annotations

import datetime as dt

from crossroads.plan import make_plan
from crossroads.profile import CurrentWork, load_example

PATHS = 200


def _profile(current: bool = False) -> object:
    pr = load_example("cash-now").model_copy(update={"as_of": dt.date(2026, 1, 15)})
    if current:
        cw = CurrentWork(platform="ai_rating", hours_per_week=15, earnings_per_month=1000,
                         since=dt.date(2025, 1, 1))  # fmt: skip
        pr = pr.model_copy(update={"current_work": [cw]})
    return pr


def test_the_plan_says_apply_for_rating_work() -> None:
    p = make_plan(_profile(), option_id="microtask", paths=PATHS, with_advice=False)  # type: ignore[arg-type]
    step = next(m for m in p.milestones if m.kind == "apply_rating")
    assert step.month == 1 and step.date == dt.date(2026, 1, 15)
    assert "10 unpaid hours" in step.detail  # rating_exam_hours, the registry value
    assert "open task marketplaces (Clickworker)" in step.detail  # the display name, not the key
    assert "29-105 days" in step.detail  # 14-90 days' wait + half of the 30 days' payout cadence
    assert step.month_low is not None and step.month_high is not None
    assert step.month_low <= step.month_high


def test_no_application_for_someone_already_rating() -> None:
    p = make_plan(_profile(current=True), option_id="microtask", paths=PATHS, with_advice=False)  # type: ignore[arg-type]
    assert all(m.kind != "apply_rating" for m in p.milestones)


def test_warnings_name_platforms_by_their_display_names() -> None:
    from crossroads.decision import advise
    from crossroads.profile import load_example as load

    a = advise(load("career-changer"), paths=200, seed=0, tipping=False)
    unknown = [w for w in a.warnings if "eligibility unknown" in w]
    assert unknown, a.warnings
    assert "Clickworker" in unknown[0] and "clickworker" not in unknown[0]
