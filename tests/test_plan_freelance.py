"""A freelance target's plan speaks of a first contract, and no milestone contradicts its window."""

from __future__ import annotations

import datetime as dt
import re

from crossroads.plan import make_plan
from crossroads.profile import load_example

PATHS = 400


def test_freelance_plan_names_the_first_contract() -> None:
    pr = load_example("career-changer").model_copy(update={"as_of": dt.date(2026, 1, 15)})
    p = make_plan(pr, option_id="freelance:43-6014.00", paths=PATHS, with_advice=False)
    hire = next(m for m in p.milestones if m.kind == "hire")
    assert hire.label == "Expected first contract"
    assert "first contract won" in hire.detail.lower() and "hires" not in hire.detail
    text = p.to_markdown()
    # "month 25 (likely 7-22)" read as a contradiction: a median outside its window is explained
    for when in re.findall(r"month (\d+) \(likely (\d+)–(\d+)\)", text):
        m, lo, hi = map(int, when)
        assert lo <= m <= hi, when


def test_career_plan_keeps_the_hire_window() -> None:
    pr = load_example("career-changer").model_copy(update={"as_of": dt.date(2026, 1, 15)})
    p = make_plan(pr, option_id="career:43-4051.00", paths=PATHS, with_advice=False)
    assert any(m.kind == "hire" and m.label == "Expected hire window" for m in p.milestones)
