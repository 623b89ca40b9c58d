"""The plan never contradicts itself (issue: "Training finished: month 1 … between months 1 and 1",
checkpoints that can never fire, switch targets given as raw ids)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crossroads.plan import _window


@pytest.fixture(scope="module")
def plans() -> list[Any]:
    from crossroads import Crossroads, RunConfig

    cr = Crossroads()
    out = []
    for name in ("career-changer", "cash-now", "dana", "student"):
        case = cr.case(
            cr.example(name) if hasattr(cr, "example") else _example(name),
            RunConfig(paths=600, seed=2),
        )
        out.append(case.plan())
    return out


def _example(name: str) -> Any:
    from crossroads.profile import load_example

    return load_example(name)


def test_windows_read_naturally() -> None:
    assert _window(1, 1) == "in month 1"
    assert _window(2, 5) == "between months 2 and 5"
    assert _window(None, None) == "not within the horizon"
    assert _window(None, 4) == "by month 4"
    assert _window(3, None).startswith("from month 3")


def test_no_self_contradicting_text(plans: list[Any]) -> None:
    for plan in plans:
        texts = [m.detail for m in plan.milestones] + [c.text for c in plan.checkpoints]
        for t in texts:
            assert not re.search(r"between months (\d+) and \1\b", t), t
            assert "between months never" not in t and "and never" not in t, t


def test_checkpoints_can_fire_and_name_options_plainly(plans: list[Any]) -> None:
    for plan in plans:
        for c in plan.checkpoints:
            if c.threshold is not None and c.measure == "microtask_hourly":
                assert c.threshold > 0, c.text
            # the option to switch to is named by its label, never by an option id
            assert not re.search(r"\b(hybrid|career|freelance):\S", c.text), c.text
            assert c.month <= plan.horizon_months
