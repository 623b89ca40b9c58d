"""advise(): golden values for the bundled examples, invariants, honesty, reproducibility."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossroads.decision import Advice, advise
from crossroads.decision.criteria import BENEFIT, MEASURE_KEYS, MEASURES
from crossroads.decision.engine import GROUPS_ORDER, measure_weights
from crossroads.decision.explain import fmt_pct
from crossroads.decision.mcda import normalise, rank, weighted_sum
from crossroads.errors import InputError

PATHS = 1000
CONTRACT_METRICS = {
    "net_income_p10",
    "net_income_p50",
    "net_income_p90",
    "p_shortfall",
    "months_to_first_income_p50",
    "months_to_cover_expenses_p50",
    "final_monthly_income_p50",
}

_cache: dict[tuple[str, int], Advice] = {}


def _advice(example_profile: Any, name: str, seed: int = 0) -> Advice:
    key = (name, seed)
    if key not in _cache:
        _cache[key] = advise(example_profile(name), paths=PATHS, seed=seed)
    return _cache[key]


def _family(o: Any) -> str:
    if o.kind == "microtask":
        return "microtask"
    if o.kind == "hybrid" and ":freelance:" in o.id:  # microtasks + freelancing (issue 9)
        return f"hybrid:freelance:{o.target}"
    return f"{o.kind}:{o.target}"


# Golden values (seed 0, 1,000 paths) with tolerances. Regenerated after (a) career targets come
# first from the curated soft-skill remote careers, (b) the student's other income covers her
# expenses, (c) the engine uses matching's fit formula and (d) drop-outs search with the fit they
# reached. The tolerances are about ±10 % around the values of seeds 0–4 (their spread is ≤ 3 %),
# so engine speed work passes and a change of the model or data fails and must be looked at.
#   family       — the recommended family (microtasks / career X / hybrid towards X); for cash-now the
#                  median ranking sits on the fence between microtasks and the Bookkeeping hybrid, so
#                  either family is accepted, but the SMAA family share must favour the hybrid.
#   top_family   — the family that ranks first most often in the acceptability analysis, and its share
#   p_shortfall, net_income_p50 — of the recommended option; mt_net_p50 — of microtasks only
GOLDEN: dict[str, dict[str, Any]] = {
    # mt_net_p50 moved up in issue 11: Prolific pays its realised 15 USD/h (E4f), no haircut, and
    # the open-marketplace level is in 2024 dollars (mt_wage_real_factor, CPI-U W3-W4)
    # issue 9: entry requirements gate 43-6011 (the typical entrant has related experience) and
    # 43-3031, so the career changer targets the entry rung 43-6014 at the DOL Level I wage, and
    # the student the secretaries' hybrid; cash-now's career families sit close together
    # issue 10 (the adapting model): every option falls back to "any available local job" when cash
    # runs low and income is after US tax, so microtasks only becomes "microtasks, then any job"
    # (career-changer's microtask net rises from ~10,000 to ~55,000) and ranks first most often for
    # career-changer (seed 0: 0.28, seed 1: the 43-6014 hybrid, 0.27) and cash-now (0.92-0.93)
    # issue 12 (the coherence rule): the recommended family is the one most often first in SMAA;
    # for career-changer microtasks and two hybrids share the first places (0.24-0.34 each), so
    # the advice names one of them and says that two families are tied
    # session 3 (kinds first): the hybrids together (~0.5) outweigh microtasks only (~0.3), so
    # career-changer gets the best-scoring hybrid; "microtasks only" is still the single most
    # acceptable family (top_family)
    # issue 9 (remote postings): 25.4 % of CSR ads offer remote work (N1a), so the CSR hire chance
    # is x1.59 and the hybrid towards CSR is now also the single most acceptable family (seed 0:
    # 0.47, seed 1: 0.52; microtasks only 0.20-0.22)
    "career-changer": {
        "family": {"career:43-6014.00", "hybrid:43-6014.00", "hybrid:43-4051.00", "microtask"},
        "top_family": ("hybrid:43-4051.00", 0.35, 0.65),
        "p_shortfall": (0.90, 1.0),
        "net_income_p50": (45_000, 62_000),
        "mt_net_p50": (48_000, 66_000),
        "within_tolerance": False,
        "covers": False,
    },
    "cash-now": {
        "family": {"microtask", "hybrid:41-9041.00"},
        "top_family": ("microtask", 0.80, 1.0),
        "p_shortfall": (0.95, 1.0),
        "net_income_p50": (5_400, 55_000),
        "mt_net_p50": (40_000, 55_000),
        "within_tolerance": False,
        "covers": True,
    },
    # issues 9 and 11 §3: the grid also holds "microtasks + freelancing as a secretary" (its own
    # family), and the student's microtask hours go to a rating application (open marketplaces
    # meanwhile); the employee hybrid towards 43-6014 stays the most acceptable family (seed 0:
    # 0.51, seed 1: 0.60) and earns more (net P50 ~6,400-6,700: rating pay for the accepted)
    # issue 12 (min_learning_hours): the 11.5 + 0.5 h splits are gone; the recommendation is
    # 10 h MT + 2 h towards 43-6014 (net P50 7,923 at seed 0, 7,533 at seed 1), the hybrids
    # (~0.70) still outweigh microtasks only (~0.30), but split over two targets, so the single
    # most acceptable family is microtasks only at seed 0 (0.30; 43-9061 hybrid 0.26, 43-6014
    # 0.23) and the 43-6014 hybrid at seed 1 (0.30; microtasks 0.29): any of the three
    "student": {
        "family": {"hybrid:43-6014.00", "hybrid:freelance:43-6014.00", "microtask"},
        "top_family": (
            {"hybrid:43-6014.00", "hybrid:43-9061.00", "microtask"},
            0.22,
            0.70,
        ),
        "p_shortfall": (0.0, 0.02),
        "net_income_p50": (3_200, 9_000),
        "mt_net_p50": (3_200, 4_300),
        "within_tolerance": True,
        "covers": True,
    },
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_examples(example_profile: Any, name: str) -> None:
    a = _advice(example_profile, name)
    g = GOLDEN[name]
    rec = a.option(a.recommendation)
    assert rec.rank == 1
    assert _family(rec) in g["family"], rec.id
    assert rec.family == _family(rec) == a.recommendation_family
    # never against the acceptability analysis: the most acceptable kind of path, or a tie said
    # plainly; within the kind the most acceptable family, or the close call said (decision.md §4a)
    assert a.kinds[0].kind == rec.kind or a.tie, (a.kinds[:2], rec.kind)
    same_kind = [f for f in a.families if f.kind == rec.kind]
    assert same_kind[0].family == rec.family or a.family_tie or a.tie, (same_kind[:2], rec.family)
    fam, lo, hi = g["top_family"]
    fams = {fam} if isinstance(fam, str) else fam
    assert a.families[0].family in fams and lo <= a.families[0].p_first <= hi, a.families[0]
    lo, hi = g["p_shortfall"]
    assert lo <= rec.metrics.p_shortfall <= hi
    lo, hi = g["net_income_p50"]
    assert lo <= rec.metrics.net_income_p50 <= hi
    lo, hi = g["mt_net_p50"]
    assert lo <= a.option("microtask").metrics.net_income_p50 <= hi
    assert a.honesty.any_within_tolerance is g["within_tolerance"]
    assert a.honesty.any_covers_expenses is g["covers"]
    if name == "student":  # the stipend covers her expenses: covered from month 1, never short
        assert all(o.metrics.months_to_cover_expenses_p50 == 1 for o in a.options)


def test_family_acceptability(example_profile: Any) -> None:
    """p_first per option is unchanged (sums to 1); each family's share is the sum over its options."""
    for name in sorted(GOLDEN):
        a = _advice(example_profile, name)
        assert abs(sum(o.p_first for o in a.options) - 1.0) < 1e-9
        assert abs(sum(f.p_first for f in a.families) - 1.0) < 1e-9
        assert [f.p_first for f in a.families] == sorted(
            (f.p_first for f in a.families), reverse=True
        )
        by_fam: dict[str, float] = {}
        for o in a.options:
            by_fam[_family(o)] = by_fam.get(_family(o), 0.0) + o.p_first
        for f in a.families:
            assert f.p_first == pytest.approx(by_fam[f.family], abs=1e-12)
            assert f.best_option == f.options[0]
            assert all(
                a.option(i).family == f.family and a.option(i).family_p_first == f.p_first
                for i in f.options
            )
            assert a.option(f.best_option).rank == min(a.option(i).rank for i in f.options)
        rec_fam = next(f for f in a.families if f.family == a.recommendation_family)
        line = next(x for x in a.explanation if x.startswith("Recommended:"))
        rec_kind = next(k for k in a.kinds if k.kind == a.recommendation_kind)
        assert f"in {fmt_pct(rec_fam.p_first)}" in line
        assert f"ranks first in {fmt_pct(rec_kind.p_first)}" in line
        assert abs(sum(k.p_first for k in a.kinds) - 1.0) < 1e-9
        robust = [w for w in a.warnings if w.startswith("The first place is not robust")]
        assert bool(robust) == (rec_kind.p_first < 0.5)
        if robust:
            assert fmt_pct(rec_kind.p_first) in robust[0]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_structure_of_the_advice(example_profile: Any, name: str) -> None:
    a = _advice(example_profile, name)
    assert [o.rank for o in a.options] == list(range(1, len(a.options) + 1))
    assert a.options[0].id == a.recommendation
    assert abs(sum(o.p_first for o in a.options) - 1.0) < 1e-9
    kinds = {o.kind for o in a.options}
    assert {"career", "hybrid"} <= kinds
    assert len({o.target for o in a.options if o.kind == "career"}) >= 3
    # issue 12: the grid keeps no split with under min_microtask_hours (2 h/week) of microtasks
    assert a.hybrid_search.mixes_screened >= 50
    assert all(o.microtask_hours >= 2.0 for o in a.options if o.kind == "hybrid")
    for o in a.options:
        assert set(o.metrics.model_dump()) >= CONTRACT_METRICS
        assert set(o.criteria) == set(MEASURE_KEYS)
        for c in o.criteria.values():
            assert c.unit and c.source
    assert abs(sum(c.weight for c in a.criteria) - 1.0) < 1e-9
    # issue 12: only tipping points that exist, each to another kind of path; else one line
    rec_family = a.option(a.recommendation).family
    for t in a.tipping_points:
        assert t.value is not None and t.new_recommendation is not None
        assert a.option(t.new_recommendation).family != rec_family
    assert a.tipping_points or a.tipping_summary.startswith("Nothing within plausible ranges")
    for o in a.options:  # Monte Carlo standard errors beside every figure (issue 12)
        assert set(o.standard_errors) == set(o.paired_se) == set(MEASURE_KEYS)
        assert all(v >= 0 for v in o.standard_errors.values())
    assert set(a.equivalence_band) == set(MEASURE_KEYS)
    assert a.failure is not None and a.failure.text
    assert a.explanation and a.data_as_of


@pytest.mark.parametrize("name", ["career-changer", "cash-now", "student", "dana"])
def test_no_hybrid_below_the_minimum_hours(example_profile: Any, name: str) -> None:
    """No option, mix or goal-seek split keeps a side below its registry minimum (issue 12).

    Under ``min_microtask_hours`` of microtasks a hybrid is the career option, under
    ``min_learning_hours`` of learning it is microtasks only (the student's former
    "11.5 h microtasks + 0.5 h learning"); in both cases offering it as a hybrid misleads.
    """
    from crossroads.params import resolve_params

    p = resolve_params()
    min_mt, min_learn = float(p["min_microtask_hours"]), float(p["min_learning_hours"])
    a = _advice(example_profile, name)
    splits = [(o.microtask_hours, o.learning_hours) for o in a.options]
    splits += [(m.microtask_hours, m.learning_hours) for m in a.hybrid_search.best_mixes]
    splits += [
        (m.microtask_hours, m.learning_hours)
        for m in a.hybrid_search.minimum_microtask
        if m.microtask_hours is not None and m.learning_hours is not None
    ]
    assert splits
    for mt, learn in splits:
        assert not 0 < mt < min_mt, (name, mt, learn)
        assert not 0 < learn < min_learn, (name, mt, learn)


def test_microtask_option_uses_only_open_platforms(example_profile: Any, catalog: Any) -> None:
    a = _advice(example_profile, "career-changer")
    assert catalog.open_platforms(
        "US", example_profile("career-changer").as_of
    )  # the US has open platforms today
    assert any(o.kind == "microtask" for o in a.options)
    assert all("mturk" not in o.id.lower() for o in a.options)


def test_honesty_comes_first(example_profile: Any) -> None:
    a = _advice(example_profile, "cash-now")
    if not a.honesty.any_within_tolerance:
        assert a.warnings[0].startswith("No option keeps the chance of running short")
        assert a.explanation[0] == a.warnings[0]
        assert a.honesty.closest_option in {o.id for o in a.options}
    p = example_profile("student")
    rich = p.model_copy(update={"money": p.money.model_copy(update={"monthly_expenses": 50_000.0})})
    b = advise(rich, paths=300, tipping=False)
    assert not b.honesty.any_covers_expenses
    assert any(
        w.startswith("No option's typical (median) path earns enough") for w in b.warnings[:2]
    )


def test_identical_seeds_identical_advice(example_profile: Any) -> None:
    p = example_profile("student")
    a = advise(p, paths=400, seed=7)
    b = advise(p, paths=400, seed=7)
    assert a.model_dump() == b.model_dump()


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(extra=st.floats(100.0, 20_000.0))
def test_more_savings_never_raise_any_shortfall_probability(
    example_profile: Any, extra: float
) -> None:
    """Exact with the fallback off; with it on a person with more savings falls back later, which on
    a few paths costs more (bounded in tests/test_money.py)."""
    from crossroads.profile import Fallback

    p = example_profile("career-changer").model_copy(update={"fallback": Fallback(rule="off")})
    richer = p.model_copy(
        update={"money": p.money.model_copy(update={"savings": p.money.savings + extra})}
    )
    a = advise(p, paths=300, tipping=False)
    b = advise(richer, paths=300, tipping=False)
    pa = {o.id: o.metrics.p_shortfall for o in a.options}
    common = [o for o in b.options if o.id in pa]
    assert common
    for o in common:
        assert o.metrics.p_shortfall <= pa[o.id] + 1e-12


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(criterion=st.sampled_from(GROUPS_ORDER), bump=st.floats(0.5, 5.0))
def test_raising_a_weight_never_lowers_the_best_option_on_it(
    example_profile: Any, criterion: str, bump: float
) -> None:
    a = _advice(example_profile, "career-changer")
    matrix = np.array(
        [
            [
                o.criteria[k].value if o.criteria[k].value is not None else a.horizon_months + 1
                for k in MEASURE_KEYS
            ]
            for o in a.options
        ],
        dtype=float,
    )
    pri = example_profile("career-changer").priorities.as_dict()
    cols = [j for j, m in enumerate(MEASURES) if m.criterion == criterion]
    best = int(np.argmax(normalise(matrix, BENEFIT)[:, cols].sum(axis=1)))
    before = rank(weighted_sum(matrix, measure_weights(pri), BENEFIT))[best]
    pri2 = dict(pri)
    pri2[criterion] += bump
    after = rank(weighted_sum(matrix, measure_weights(pri2), BENEFIT))[best]
    assert after <= before


def test_ranking_in_advice_equals_its_own_matrix(example_profile: Any) -> None:
    a = _advice(example_profile, "career-changer")
    matrix = np.array(
        [
            [
                o.criteria[k].value if o.criteria[k].value is not None else a.horizon_months + 1
                for k in MEASURE_KEYS
            ]
            for o in a.options
        ],
        dtype=float,
    )
    band = np.array([a.equivalence_band[k] for k in MEASURE_KEYS])
    s = weighted_sum(
        matrix,
        measure_weights(example_profile("career-changer").priorities.as_dict()),
        BENEFIT,
        band,
    )
    np.testing.assert_allclose(s, [o.score for o in a.options], atol=1e-9)


def test_savings_tipping_point_really_changes_the_winner(example_profile: Any) -> None:
    a = _advice(example_profile, "career-changer")
    for t in a.tipping_points:
        if t.value is not None:
            assert t.new_recommendation in {o.id for o in a.options}
            assert (
                _family(a.option(t.new_recommendation)) != _family(a.option(a.recommendation))
                or t.text
            )
            assert (t.value > t.current) == (t.direction == "increase")
        assert "none within a plausible range" not in t.text


def test_topsis_method(example_profile: Any) -> None:
    a = advise(example_profile("student"), paths=300, method="topsis", tipping=False)
    assert a.method == "topsis"
    assert all(0.0 <= o.score <= 1.0 for o in a.options)


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"paths": 5}, "paths"),
        ({"method": "electre"}, "method"),
        ({"horizon": 0}, "horizon"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_arguments_name_the_field(
    example_profile: Any, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError) as exc:
        advise(example_profile("student"), **kwargs)
    assert field in {e.field for e in exc.value.errors}
