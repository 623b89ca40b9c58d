"""US benefit cliffs (issue 10 item 6): EITC, SNAP and Medicaid against the published tables, and
the advice warns only for the options whose earnings really pass a cliff."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.money import benefits as bn

if TYPE_CHECKING:
    from crossroads.profile import Profile

EVIDENCE = Path(__file__).parents[1] / "src/crossroads/data/evidence_parameters.csv"


def _evidence(eid: str) -> list[float]:
    with EVIDENCE.open(encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["id"] == eid)
    return [float(v) for v in row["value"].split(";")]


def _hh(size: int = 1, children: int = 0, joint: bool = False, state: str | None = "OH",
        shelter: float = 0.0, share: float = 0.0345) -> bn.Household:  # fmt: skip
    return bn.Household(size, children, joint, True, state, shelter, share)


def test_constants_are_the_evidence_rows() -> None:
    assert list(bn.EITC_MAX) == _evidence("M4")
    assert list(bn.EITC_END) == _evidence("M5")
    assert [100 * r for r in bn.EITC_PHASE_IN] == pytest.approx(_evidence("M6"))
    assert [100 * r for r in bn.EITC_PHASE_OUT] == pytest.approx(_evidence("M7"))
    assert list(bn.SNAP_MAX) == _evidence("M8")
    assert _evidence("M11") == [bn.SNAP_STD[0], bn.SNAP_SHELTER_CAP, bn.SNAP_MIN_BENEFIT]
    assert _evidence("M3") == [bn.FPL_FIRST]


@pytest.mark.parametrize("children", [0, 1, 2, 3])
def test_eitc_golden_2025(children: int) -> None:
    """Rev. Proc. 2024-40: maximum credit on the plateau, 0 at the published end, and the start
    of the phase-out (10,620 without children, 23,350 with; +7,110 for joint filers)."""
    h = _hh(size=1 + children, children=children)
    top, end = bn.EITC_MAX[children], bn.EITC_END[children]
    start = 10_620 if children == 0 else 23_350
    assert bn.eitc_annual(start - 100, start - 100, h) == pytest.approx(top)
    assert bn.eitc_annual(end, end, h) == pytest.approx(0.0, abs=1.0)
    assert float(bn.eitc_annual(start + 1_000, start + 1_000, h)) == pytest.approx(
        top - 1_000 * bn.EITC_PHASE_OUT[children], abs=1.0
    )
    joint = _hh(size=2 + children, children=children, joint=True)
    assert float(bn.eitc_annual(start + 7_110, start + 7_110, joint)) == pytest.approx(top, abs=1)
    assert bn.eitc_annual(bn.EITC_END_JOINT[children], bn.EITC_END_JOINT[children], joint) < 1.0


def test_snap_golden_fy2026() -> None:
    """FNS FY2026: the maximum allotment at no income; the limits of Tables 1-2 reproduced from
    the 2025 poverty guideline; the minimum benefit of a one-person household at its limit."""
    for size, top in enumerate(bn.SNAP_MAX, start=1):
        assert bn.snap_monthly(0.0, 0.0, _hh(size=size)) == pytest.approx(top)
    for size, (gross, net) in enumerate(
        zip(_evidence("M9"), _evidence("M10"), strict=True), start=1
    ):
        h = _hh(size=size)
        assert (h.snap_gross_limit, h.snap_net_limit) == (gross, net)
    one = _hh(shelter=600.0)
    assert bn.snap_monthly(1_696.0, 0.0, one) == pytest.approx(24.0)
    assert bn.snap_monthly(1_697.0, 0.0, one) == 0.0
    # 4 persons, 1,000 earned, no shelter costs: net = 0.8 x 1,000 - 223 = 577 -> 994 - 173.1
    assert bn.snap_monthly(1_000.0, 0.0, _hh(size=4)) == pytest.approx(994 - 0.3 * 577)


def test_medicaid_limits_by_state() -> None:
    assert _hh(state="OH").medicaid_limit == pytest.approx(1.38 * 15_650 / 12)
    assert _hh(state="TX").medicaid_limit is None
    assert _hh(state="WI").medicaid_limit == pytest.approx(15_650 / 12)
    assert _hh(state=None).medicaid_limit is None
    oh = _hh(state="OH")
    assert oh.medicaid_value == pytest.approx(0.0345 * 1.38 * 15_650 / 12)


def test_cliffs_of_a_single_person_in_ohio() -> None:
    cs = bn.cliffs(_hh(state="OH", shelter=600.0), 0.0)
    assert [c.programme for c in cs] == ["snap", "medicaid"]
    assert cs[0].earnings == pytest.approx(1_696.0, abs=0.01) and cs[0].loss == pytest.approx(24)
    assert cs[1].earnings == pytest.approx(1_799.75)


def _grid(levels: list[float], months: int = 6) -> tuple[np.ndarray, np.ndarray]:
    e = np.tile(np.asarray(levels, np.float64)[:, None], (1, months))
    return np.zeros_like(e), e  # all self-employment income


def test_hits_only_past_a_cliff() -> None:
    h = _hh(state="OH", shelter=600.0)
    u = np.zeros(6)
    w, s = _grid([500.0, 1_200.0, 1_650.0])  # all under every limit
    assert bn.hits(w, s, u, h, None, 1.0).p_paths == 0.0
    w, s = _grid([5_000.0, 9_000.0])  # far above: more earnings, more money
    assert bn.hits(w, s, u, h, None, 1.0).p_paths == 0.0
    w, s = _grid([1_700.0, 1_805.0, 1_000.0, 500.0])  # just past SNAP's, just past Medicaid's
    hit = bn.hits(w, s, u, h, None, 1.0)
    assert hit.p_paths == pytest.approx(0.5)
    assert hit.programmes == ("snap", "medicaid")
    assert bn.describe(bn.CliffHits(0.0, (), (), 0.0), "USD") == ""
    assert "Benefit cliff" in bn.describe(hit, "USD")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 4_000), min_size=2, max_size=6), st.floats(0, 900))
def test_a_hit_month_really_has_less_than_a_lower_income(levels: list[float], other: float) -> None:
    """Invariant: whenever a path is flagged, some lower earnings level gives more disposable
    income (the cliff is real); whenever it is not, no month sits just past a limit with less."""
    h = _hh(state="OH", shelter=500.0)
    u = np.full(4, other)
    w, s = _grid(levels, 4)
    hit = bn.hits(w, s, u, h, None, 1.0)
    flagged = 0
    for lv in levels:
        d = float(bn.disposable(np.zeros(1), np.array([lv]), np.array([other]), h, None, 1.0)[0])
        edges = [c.earnings - 1.0 for c in bn.cliffs(h, other) if c.earnings < lv]
        lower = [
            float(bn.disposable(np.zeros(1), np.array([x]), np.array([other]), h, None, 1.0)[0])
            for x in edges
        ]
        flagged += any(x > d for x in lower)
    assert hit.p_paths == pytest.approx(flagged / len(levels))


def test_with_the_tax_schedule_hits_are_found() -> None:
    from crossroads.money.tax import us_schedule

    tax = us_schedule(None)
    h = _hh(state="OH", shelter=600.0)
    w, s = _grid([1_805.0, 1_000.0])
    hit = bn.hits(w, s, np.zeros(6), h, tax, 1.0)
    assert hit.programmes == ("medicaid",) and hit.p_paths == 0.5
    assert hit.months_p50 == ()  # the median of 1,805 and 1,000 is under both limits
    assert hit.loss_p50 > 0 and math.isfinite(hit.loss_p50)


def test_advice_flags_exactly_the_options_whose_run_crosses(
    example_profile: Callable[[str], Profile],
) -> None:
    from crossroads import Crossroads, RunConfig

    prof = example_profile("dana")
    prof = prof.model_copy(
        update={"money": prof.money.model_copy(update={"tax": _tax(prof, "OH")})}
    )
    case = Crossroads().case(prof, RunConfig(paths=400, seed=3, quick=True))
    adv = case.advice()
    assert "SNAP" in adv.money.benefits and "Medicaid" in adv.money.benefits
    run = case.run
    for o in adv.options:
        k = run.index(o.id)
        hit = bn.option_hits(run.sim, k, prof)
        assert hit is not None
        crossed = hit.p_paths > 0 or bool(hit.months_p50)
        assert (o.benefit_cliff is not None) == crossed, o.id
        if o.benefit_cliff is not None:
            assert o.benefit_cliff.p_paths == hit.p_paths


def test_no_benefits_outside_the_us(example_profile: Callable[[str], Profile]) -> None:
    from crossroads import Crossroads, RunConfig

    prof = example_profile("dana").model_copy(update={"country": "GB", "currency": "GBP"})
    adv = Crossroads().case(prof, RunConfig(paths=200, seed=0, quick=True)).advice()
    assert adv.money.benefits == ""
    assert all(o.benefit_cliff is None for o in adv.options)


def _tax(prof: Profile, state: str):  # type: ignore[no-untyped-def]
    from crossroads.profile import Tax

    t = prof.money.tax or Tax()
    return t.model_copy(update={"state": state})
