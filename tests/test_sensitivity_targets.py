"""The sensitivity re-chooses the career targets (issue 12 §5): a matching or entry-gate
parameter at an end of its range can change *which* careers are compared, and the advice says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossroads.decision.sensitivity import EndResult, Outcome, one_at_a_time
from crossroads.params import PARAMS, resolve_params

if TYPE_CHECKING:
    from crossroads.catalog import Catalog
    from crossroads.decision.advice import Advice
    from crossroads.decision.pipeline import Context
    from crossroads.profile import Profile

#: The parameters the choice of targets reads (matching.MATCH_PARAM_NAMES + the entry gate).
CHOICE_PARAMS = {
    "experience_gate_factor", "experience_reference_share", "learning_cost_per_month",
    "learning_floor_hours_per_job_zone", "learning_hours_per_level_point", "learning_min_hours",
    "learning_pace_hours_per_week", "match_gap_min_importance", "match_level_use_weight",
    "match_style_weight", "match_unknown_skill_level", "telework_min_share",
}  # fmt: skip


def _ctx(profile: Profile, targets: list[str] | None = None) -> Context:
    """The context after the options stage (no engine run)."""
    from crossroads.decision.pipeline import candidates, context

    ctx = context(profile, paths=200, seed=0)
    candidates(ctx, targets, 3)
    return ctx


@pytest.fixture(scope="module")
def career_changer() -> Advice:
    from crossroads.decision import advise
    from crossroads.profile import load_example

    return advise(load_example("career-changer"), paths=2000, seed=0)


def test_the_choice_reads_the_matching_and_gate_parameters(
    example_profile: Callable[[str], Profile],
) -> None:
    from crossroads.decision.pipeline.options_stage import choose_targets
    from crossroads.decision.sensitivity import ReadRecorder

    ctx = _ctx(example_profile("career-changer"))
    rec = ReadRecorder.of(ctx.params)
    again, _ = choose_targets(ctx, None, 3, rec)
    assert [t.code for t in again] == list(ctx.targets)  # the same choice as the options stage
    assert rec.read == CHOICE_PARAMS


def test_career_changer_rechoices_name_the_ends_that_change_the_targets(
    example_profile: Callable[[str], Profile],
) -> None:
    """Measured on the catalog: at level-use weight 1 Tutors enters, and raising the entry gate
    to 0.6 gates Customer Service Representatives out (Sales Representatives of Services first)."""
    from crossroads.decision.pipeline.sensitivity_targets import entering, rechoices

    ctx = _ctx(example_profile("career-changer"))
    assert list(ctx.targets) == ["43-4051.00", "43-6014.00", "41-9041.00"]
    ch = rechoices(ctx, frozenset())
    assert {n for n, _ in ch} <= CHOICE_PARAMS
    tutors = ch[("match_level_use_weight", 1.0)]
    assert [t.code for t in tutors.added] == ["25-3041.00"]
    assert entering(tutors)[0] is tutors.targets[0]  # the new best fit: no "replaces"
    gate = ch[("experience_gate_factor", 0.6)]
    assert "43-4051.00" in {t.code for t in gate.dropped}
    assert entering(gate) == (gate.targets[0], None) and gate.targets[0].code == "41-3091.00"
    # style weight 0 only reorders the same three targets: re-fitted, no target named
    same = ch[("match_style_weight", 0.0)]
    assert not same.added and not same.dropped and entering(same) == (None, None)
    assert same.targets[0].fit != ctx.targets[same.targets[0].code].fit
    # the default and an end that changes nothing are not listed
    assert all(end != float(ctx.params[n]) for n, end in ch)


def test_named_targets_are_not_rechosen(example_profile: Callable[[str], Profile]) -> None:
    from crossroads.decision.pipeline.sensitivity_targets import rechoices

    ctx = _ctx(example_profile("career-changer"), ["43-4051.00"])
    assert ctx.explicit_targets and rechoices(ctx, frozenset()) == {}


def test_advice_names_the_target_that_enters(career_changer: Advice) -> None:
    """career-changer: a target-changing end is among the assumptions that matter, its entry
    carries the new target's code and title and its sentence names them."""
    from crossroads.catalog import get_catalog

    base = {o.target for o in career_changer.options if o.target}
    moved = [s for s in career_changer.sensitivity if s.target_low or s.target_high]
    assert moved, [s.name for s in career_changer.sensitivity]
    for s in moved:
        assert s.name in CHOICE_PARAMS
        for code, title in (
            (s.target_low, s.target_low_title),
            (s.target_high, s.target_high_title),
        ):
            if code is None:
                assert title is None
                continue
            assert code not in base and get_catalog().occupation(code).code == code
            assert title and f"{title} ({code})" in s.text
    # measured: the entry gate at 0.6 leads to a hybrid towards Sales Representatives of Services
    assert any(s.changes_family and "recommended as a hybrid" in s.text for s in moved)


def test_other_parameters_have_no_target(career_changer: Advice) -> None:
    others = [s for s in career_changer.sensitivity if s.name not in CHOICE_PARAMS]
    assert others  # career-changer: the part-time penalty, the remote-posting elasticity
    for s in others:
        assert s.target_low is s.target_high is s.target_low_title is s.target_high_title is None


def test_json_carries_the_target_fields(career_changer: Advice) -> None:
    d = career_changer.model_dump(mode="json")
    for e in d["sensitivity"]:
        assert {"target_low", "target_high", "target_low_title", "target_high_title"} <= set(e)


def test_a_target_end_ranks_with_the_others_by_the_same_measure() -> None:
    """A toy model: a re-chosen target that changes the family outranks a shortfall move."""
    params = resolve_params()
    fams = ["microtask", "career:43-4051.00"]

    def run(p: Any) -> Outcome:
        comp = float(p["remote_competition_factor"])
        return Outcome(np.array([0.4, 0.6]), np.array([0.5, 0.9 - 0.4 * comp]))

    def hook(name: str, end: float) -> EndResult | None:
        if name != "match_style_weight":
            return None
        r = EndResult(
            "career:25-3041.00", "the career path to Tutors", 0.7, 0.1, "25-3041.00", "Tutors"
        )
        return r if end == PARAMS[name].high else None

    names = ["remote_competition_factor", "match_style_weight"]
    sens = one_at_a_time(params, names, run, run(params), fams, {}, 1, hook)
    first, second = sens
    assert first.name == "match_style_weight" and first.changes_family
    assert first.target_high == "25-3041.00" and first.target_low is None
    assert "at 0.5 the best career target becomes Tutors (25-3041.00)" in first.text
    assert "and the recommendation becomes the career path to Tutors" in first.text
    assert second.target_low is second.target_high is None


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(1, 6), min_size=16, max_size=16))
def test_entering_targets_are_valid_new_catalog_codes(
    example_profile: Callable[[str], Profile], catalog: Catalog, levels: list[int]
) -> None:
    """Property (no engine): for any skill levels, every target an end names is a catalog
    occupation with a wage and Job Zone ≤ 3 that is not among the base targets."""
    from crossroads.decision.pipeline.sensitivity_targets import entering, rechoices

    p = example_profile("career-changer")
    skills = dict(zip(sorted(p.skills), map(float, levels), strict=False))
    ctx = _ctx(p.model_copy(update={"skills": skills}))
    for (name, end), ch in rechoices(ctx, frozenset()).items():
        assert name in CHOICE_PARAMS and end in (PARAMS[name].low, PARAMS[name].high)
        t, _ = entering(ch)
        assert (t is None) == (not ch.added)
        if not ch.added and not ch.dropped:  # the same targets, re-fitted
            assert any(x.fit != ctx.targets[x.code].fit for x in ch.targets) or (
                ch.proxy_fit != ctx.proxy_fit
            )
        for new in ch.added:
            occ = catalog.occupation(new.code)
            assert new.code not in ctx.targets and occ.code == new.code
            assert occ.job_zone is not None and occ.job_zone <= 3 and occ.wage_hourly is not None


def test_quick_mode_does_not_rechoose(
    example_profile: Callable[[str], Profile], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cohorts and what-if sliders (quick: no tipping points) never pay for the re-choice."""
    import sys

    from crossroads.decision import advise

    stage = sys.modules["crossroads.decision.pipeline.sensitivity_stage"]

    def boom(*_: object) -> None:
        raise AssertionError("the target choice was re-run in quick mode")

    monkeypatch.setattr(stage, "rechoices", boom)
    a = advise(example_profile("career-changer"), paths=300, seed=0, tipping=False, quick=True)
    assert a.sensitivity == []


def test_values_read_as_a_person_reads_them() -> None:
    from crossroads.decision.sensitivity import _num

    assert _num(0.12987) == "0.13"
    assert _num(0.3) == "0.3"
    assert _num(2200.0) == "2,200"
    assert _num(7.0) == "7"
    assert "e+" not in _num(123456.0)
