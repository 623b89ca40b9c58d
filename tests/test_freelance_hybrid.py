"""Freelance options in the hybrid grid (issue 9 item 7): microtasks while building a client base.

The grid adds ``hybrid:MT:H:freelance:CODE:keep`` for every target with a freelance market; the
ids parse back to the same option, existing ids keep their meaning, and the advice compares the
freelance hybrids as their own family beside the employee hybrids.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.decision.candidates import (
    Target,
    family_label,
    family_of,
    hybrid_grid,
    short_label,
)
from crossroads.decision.coherence import kind_of_family
from crossroads.freelance import has_market
from crossroads.options import Option, parse_option
from crossroads.profile import load_example

VA, TELE = "43-6014.00", "41-9041.00"  # has a freelance market / has none


def _t(code: str) -> Target:
    return Target(code, code, 0.5, None)


def test_grid_adds_freelance_mixes_only_for_careers_with_a_market() -> None:
    assert has_market(VA) and not has_market(TELE)
    grid = hybrid_grid(30.0, [_t(VA), _t(TELE)])
    free = [o for o in grid if o.freelance]
    assert free and {o.target for o in free} == {VA}
    # the employee mixes are those of the grid without freelancing, in the same order
    assert [o.id for o in grid if not o.freelance][:3] == [
        o.id for o in hybrid_grid(30.0, [_t(VA)]) if not o.freelance
    ][:3]
    for o in free:
        assert o.kind == "hybrid" and not o.stop_microtask_when_hired  # the keep rule only
        assert o.id == f"hybrid:{o.microtask_hours:g}:{o.learning_hours:g}:freelance:{VA}:keep"
        assert o.microtask_hours + o.learning_hours <= 30.0 + 1e-9
    assert len({o.id for o in grid}) == len(grid)


@settings(max_examples=40, deadline=None)
@given(hours=st.sampled_from([8.0, 12.0, 20.0, 30.0, 40.0]))
def test_every_grid_id_parses_back_to_the_same_option(hours: float) -> None:
    pr = load_example("career-changer")
    pr = pr.model_copy(update={"time": pr.time.model_copy(update={"hours_per_week": hours})})
    for o in hybrid_grid(hours, [_t(VA)]):
        back = parse_option(o.id, pr)
        assert (back.id, back.kind, back.freelance, back.microtask_hours, back.learning_hours,
                back.stop_microtask_when_hired, back.target) == (
            o.id, o.kind, o.freelance, o.microtask_hours, o.learning_hours,
            o.stop_microtask_when_hired, o.target)  # fmt: skip


def test_existing_ids_keep_their_meaning() -> None:
    pr = load_example("career-changer")
    emp = parse_option(f"hybrid:10:20:{VA}", pr)
    keep = parse_option(f"hybrid:10:20:{VA}:keep", pr)
    fl = parse_option(f"freelance:{VA}", pr)
    assert not emp.freelance and emp.stop_microtask_when_hired
    assert not keep.freelance and not keep.stop_microtask_when_hired
    assert fl.kind == "freelance" and fl.freelance
    assert family_of(emp) == family_of(keep) == f"hybrid:{VA}"
    assert family_of(fl) == f"freelance:{VA}"


def test_freelance_hybrid_is_its_own_family_of_the_hybrid_kind() -> None:
    o = Option.hybrid(10, 20, VA, True, "Secretaries", freelance=True)
    fam = family_of(o)
    assert fam == f"hybrid:freelance:{VA}" and kind_of_family(fam) == "hybrid"
    assert family_label(o, "Secretaries") == "a hybrid towards freelancing as Secretaries"
    assert short_label(o, "Secretaries") == "10 h MT + 20 h freelance → Secretaries"


@pytest.fixture(scope="module")
def advice() -> Any:
    from crossroads.decision.pipeline import advise

    return advise(load_example("career-changer"), paths=600, seed=0, tipping=False)


def test_advice_compares_employee_and_freelance_hybrids(advice: Any) -> None:
    fams = {f.family for f in advice.families}
    assert any(f.startswith("hybrid:freelance:") for f in fams), fams
    assert any(f.startswith("hybrid:") and ":freelance:" not in f for f in fams), fams
    ids = [o.id for o in advice.options]
    free_mix = [i for i in ids if i.startswith("hybrid:") and ":freelance:" in i]
    assert free_mix, ids
    for o in advice.options:
        if o.id in free_mix:
            assert o.family == f"hybrid:freelance:{o.target}"
            assert o.kind == "hybrid"
