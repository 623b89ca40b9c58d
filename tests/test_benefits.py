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


@pytest.mark.parametrize("quick", [False, True])
def test_advice_flags_exactly_the_options_whose_run_crosses(
    example_profile: Callable[[str], Profile], quick: bool
) -> None:
    """Full mode checks every option; quick mode only the recommendation (the one the short text
    and the report quote: a cohort row shows none), the others are left unchecked (None)."""
    from crossroads import Crossroads, RunConfig

    prof = example_profile("dana")
    prof = prof.model_copy(
        update={"money": prof.money.model_copy(update={"tax": _tax(prof, "OH")})}
    )
    case = Crossroads().case(prof, RunConfig(paths=400, seed=3, quick=quick))
    adv = case.advice()
    assert "SNAP" in adv.money.benefits and "Medicaid" in adv.money.benefits
    run = case.run
    crossings = 0
    for o in adv.options:
        k = run.index(o.id)
        hit = bn.option_hits(run.sim, k, prof)
        assert hit is not None
        crossed = hit.p_paths > 0 or bool(hit.months_p50)
        crossings += crossed
        if quick and o.id != adv.recommendation:
            assert o.benefit_cliff is None, o.id
            continue
        assert (o.benefit_cliff is not None) == crossed, o.id
        if o.benefit_cliff is not None:
            assert o.benefit_cliff.p_paths == hit.p_paths
    assert crossings > 0  # the profile is one whose options do cross a cliff


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


def _hits_reference(w: np.ndarray, s: np.ndarray, u: np.ndarray, h: bn.Household, tax: object,
                    fx: float) -> bn.CliffHits:  # fmt: skip
    """The definition of :func:`bn.hits` on whole arrays (every cell's disposable income), which
    the function computes on the months past a limit only."""
    u = np.broadcast_to(np.asarray(u, np.float64), w.shape[-1:])
    e = w + s
    share = np.divide(w, e, out=np.zeros_like(e), where=e > 0)
    hit = np.zeros(e.shape, bool)
    progs: set[str] = set()
    lost: list[np.ndarray] = []
    d_now = bn.disposable(w, s, u, h, tax, fx)
    med_e = np.median(e, axis=0)
    med_share = float(w.sum() / e.sum()) if e.sum() > 0 else 0.0
    d_med = bn.disposable(med_e * med_share, med_e * (1 - med_share), u, h, tax, fx)
    med_hit = np.zeros(med_e.shape, bool)
    for uv in np.unique(u):
        cols = u == uv
        for c in bn.cliffs(h, float(uv) * fx):
            edge = (c.earnings - 1.0) / fx
            past = (e[:, cols] * fx > c.earnings) & (e[:, cols] > 0)
            ew = np.full_like(e[:, cols], edge)
            d_edge = bn.disposable(
                ew * share[:, cols], ew * (1 - share[:, cols]), u[cols], h, tax, fx
            )
            below = past & (d_now[:, cols] < d_edge)
            if below.any():
                progs.add(c.programme)
                hit[:, cols] |= below
                lost.append((d_edge - d_now[:, cols])[below])
            mw = np.full(int(cols.sum()), edge)
            dm_edge = bn.disposable(mw * med_share, mw * (1 - med_share), u[cols], h, tax, fx)
            mh = (med_e[cols] * fx > c.earnings) & (d_med[cols] < dm_edge)
            if mh.any():
                progs.add(c.programme)
                med_hit[cols] |= mh
    return bn.CliffHits(
        p_paths=float(hit.any(axis=1).mean()) if hit.size else 0.0,
        months_p50=tuple(int(i) + 1 for i in np.flatnonzero(med_hit)),
        programmes=tuple(p for p in bn.PROGRAMMES if p in progs),
        loss_p50=float(np.median(np.concatenate(lost))) if lost else 0.0,
    )


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    scale=st.floats(200, 4_000),
    other=st.sampled_from([0.0, 150.0, 700.0]),
    wage_share=st.sampled_from([0.0, 0.5, 1.0]),
    taxed=st.booleans(),
    fx=st.sampled_from([1.0, 0.8]),
)
def test_hits_equal_their_whole_array_definition(
    seed: int, scale: float, other: float, wage_share: float, taxed: bool, fx: float
) -> None:
    """Bit for bit: computing the disposable incomes only where earnings pass a limit (and
    returning early when none does) changes no figure of the hits."""
    from crossroads.money.tax import us_schedule

    rng = np.random.default_rng(seed)
    e = rng.gamma(2.0, scale / 2.0, size=(40, 12)) * (rng.uniform(size=(40, 12)) < 0.8)
    mix = rng.uniform(size=e.shape) < wage_share
    w, s = np.where(mix, e, 0.0), np.where(mix, 0.0, e)
    u = np.where(np.arange(12) < 6, other, 0.0)
    tax = us_schedule(None).with_fx(fx) if taxed else None
    h = _hh(state="OH", shelter=float(rng.uniform(0, 900)))
    assert bn.hits(w, s, u, h, tax, fx) == _hits_reference(w, s, u, h, tax, fx)
