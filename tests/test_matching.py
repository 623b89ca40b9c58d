"""Matching: the documented formula, its properties (hypothesis) and sanity cases on the real catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.catalog.skills import SKILLS, SOFT_SKILLS
from crossroads.errors import InputError
from crossroads.matching import (
    MATCH_PARAMS,
    default_levels,
    fit_components,
    gap_hours,
    match,
    match_occupation,
    resolve_match_params,
)
from crossroads.profile import profile_from_data

if TYPE_CHECKING:
    from crossroads.catalog import Catalog

BASE: dict[str, Any] = {
    "name": "test",
    "country": "US",
    "money": {"savings": 5000, "monthly_expenses": 1500},
    "time": {"hours_per_week": 30},
}


def person(skills: dict[str, float], **extra: Any) -> Any:
    return profile_from_data({**BASE, "skills": skills, **extra}, "test")


levels_st = st.lists(st.floats(0, 7, allow_nan=False), min_size=len(SKILLS), max_size=len(SKILLS))


# -- the formula ------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(levels=levels_st, skill=st.integers(0, len(SKILLS) - 1), bump=st.floats(0.01, 7))
def test_raising_a_skill_never_lowers_any_fit(
    catalog: Any, levels: list[float], skill: int, bump: float
) -> None:
    _codes, im, lv = catalog.skill_matrix()
    p = np.array(levels)
    cov0, str0 = fit_components(p, im, lv)
    p2 = p.copy()
    p2[skill] = min(7.0, p2[skill] + bump)
    cov1, str1 = fit_components(p2, im, lv)
    assert (cov1 >= cov0 - 1e-12).all()
    assert (str1 >= str0 - 1e-12).all()
    assert ((cov0 >= 0) & (cov0 <= 1 + 1e-12)).all() and ((str0 >= 0) & (str0 <= 1)).all()


@settings(max_examples=15, deadline=None)
@given(skill=st.sampled_from(SKILLS), low=st.floats(0, 3.5), high=st.floats(3.6, 7))
def test_raising_a_skill_through_match_never_lowers_fit(
    catalog: Any, skill: str, low: float, high: float
) -> None:
    base = {"speaking": 4.0, "writing": 3.0, "active_listening": 4.0}
    a = {
        m.code: m.fit
        for m in match(person({**base, skill: low}), catalog=catalog, include_all=True)
    }
    b = {
        m.code: m.fit
        for m in match(person({**base, skill: high}), catalog=catalog, include_all=True)
    }
    assert a.keys() == b.keys()
    # fit is rounded to 4 decimals in Match: allow that rounding only
    assert all(b[c] >= a[c] - 1e-4 for c in a)


def test_meeting_every_requirement_means_no_gaps_and_full_coverage(catalog: Any) -> None:
    everything = {s: 7.0 for s in SKILLS}
    ms = match(person(everything), catalog=catalog, include_all=True)
    assert ms
    assert all(m.gaps == [] and m.learning_hours_from_gaps == 0 for m in ms)
    assert all(m.fit_components["coverage"] == pytest.approx(1.0) for m in ms)


def test_meeting_exactly_one_occupations_levels_leaves_no_gaps(catalog: Any) -> None:
    codes, _im, lv = catalog.skill_matrix()
    i = codes.index("43-4051.00")
    exact = {s: float(lv[i, j]) for j, s in enumerate(SKILLS)}
    m = match_occupation(person(exact), "43-4051.00", catalog=catalog)
    assert m.gaps == []
    assert m.learning_hours_from_gaps == 0
    assert m.fit_components["coverage"] == pytest.approx(1.0)


def test_gap_hours_is_hours_per_point_times_important_shortfall() -> None:
    im = np.array([[4.0, 2.0, 3.0]])
    lv = np.array([[5.0, 6.0, 3.0]])
    p = np.array([3.0, 0.0, 1.0])
    # skill 1 is not important (IM 2 < 3): only 2 + 2 level points count
    assert gap_hours(p, im, lv, min_importance=3.0, hours_per_point=6.0)[0] == pytest.approx(24.0)


def test_fit_components_hand_computed() -> None:
    im = np.array([[5.0, 3.0]])  # weights 1.0, 0.5
    lv = np.array([[4.0, 2.0]])
    cov, strength = fit_components(np.array([2.0, 2.0]), im, lv)
    # met = 1*2 + .5*2 = 3; coverage = 3 / (1*4 + .5*2) = 3/5; level use = 3 / (7 * 1.5) = 2/7
    assert cov[0] == pytest.approx(0.6)
    assert strength[0] == pytest.approx(2 / 7)


# -- sanity cases on the real catalog ---------------------------------------------------------


def test_all_matches_teleworkable_unless_all(catalog: Any) -> None:
    p = person({"speaking": 5.0})
    ms = match(p, catalog=catalog)
    assert ms and all(m.teleworkable for m in ms)
    assert all(catalog.occupation(m.code).teleworkable >= 0.5 for m in ms)
    everyone = match(p, catalog=catalog, include_all=True)
    assert len(everyone) > len(ms)
    assert any(not m.teleworkable for m in everyone)


def test_strong_speaker_listener_with_service_orientation_finds_customer_service(
    catalog: Any,
) -> None:
    """Soft skills solid (4) everywhere, speaking / listening / service orientation strong (6)."""
    skills = {s: 4.0 for s in SOFT_SKILLS}
    skills.update(speaking=6.0, active_listening=6.0, service_orientation=6.0)
    ms = match(person(skills), catalog=catalog, max_job_zone=3)
    top10 = [m.code for m in ms[:10]]
    assert "43-4051.00" in top10, [m.title for m in ms[:10]]  # Customer Service Representatives
    assert "41-9041.00" in top10  # Telemarketers

    # customer-facing: the top 10 rate Service Orientation and Speaking as more important than the
    # average teleworkable occupation within the same filter does (O*NET IM, 1-5)
    def mean_im(codes: list[str], skill: str) -> float:
        return float(np.mean([catalog.occupation(c).skills_im[skill] for c in codes]))

    everyone = [m.code for m in ms]
    for skill in ("service_orientation", "speaking"):
        assert mean_im(top10, skill) > mean_im(everyone, skill)
    csr = next(m for m in ms if m.code == "43-4051.00")
    assert {d.skill for d in csr.fit_drivers["helps"]} & {
        "speaking",
        "active_listening",
        "service_orientation",
    }


def test_a_strong_writer_finds_writing_occupations(catalog: Any) -> None:
    skills = {s: 4.0 for s in SOFT_SKILLS}
    skills.update(writing=6.0, reading_comprehension=6.0)
    top = [m.code for m in match(person(skills), catalog=catalog, limit=5)]
    assert "27-3043.00" in top  # Writers and Authors


def test_someone_who_can_do_everything_is_steered_to_demanding_work(catalog: Any) -> None:
    ms = match(person({s: 7.0 for s in SKILLS}), catalog=catalog)
    zones = [m.job_zone for m in ms[:10] if m.job_zone]
    assert np.mean(zones) >= 4


def test_filters_and_limit(catalog: Any) -> None:
    p = person({"speaking": 5.0, "writing": 5.0})
    ms = match(p, catalog=catalog, max_job_zone=2, min_wage=20.0, limit=7)
    assert 0 < len(ms) <= 7
    for m in ms:
        assert m.job_zone is not None and m.job_zone <= 2
        assert m.wage_hourly is not None and m.wage_hourly["p50"] >= 20.0
    fits = [m.fit for m in ms]
    assert fits == sorted(fits, reverse=True)


def test_unknown_skills_are_assumed_and_flagged(catalog: Any) -> None:
    p = person({"speaking": 2.0})
    m = match_occupation(p, "15-1299.09", catalog=catalog)
    defaults = default_levels(catalog)
    unknown = [g for g in m.gaps if not g.known]
    assert unknown and set(m.unknown_skills) == {g.skill for g in unknown}
    for g in unknown:
        assert g.current == pytest.approx(round(float(defaults[SKILLS.index(g.skill)]), 2))
    assert next(g for g in m.gaps if g.skill == "speaking").known


def test_project_management_uses_certificate_evidence(catalog: Any) -> None:
    m = match_occupation(person({"speaking": 4.0}), "15-1299.09", catalog=catalog)
    ids = {c.id: c for c in m.credentials}
    assert ids["google_pm"].hours_low == 120 and ids["google_pm"].hours_high == 140
    assert (
        ids["capm"].cost_low == 225 and ids["capm"].cost_high == 300 and ids["capm"].hours_low == 23
    )
    assert m.learning_hours >= 140  # the certificate's hours are a floor
    assert m.learning_cost >= 300  # at least the CAPM exam fee


def test_match_carries_prospects_and_ladder(catalog: Any) -> None:
    m = match_occupation(person({"speaking": 4.0}), "43-4051.00", catalog=catalog)
    occ = catalog.occupation("43-4051.00")
    assert m.wage_hourly == occ.wage_hourly.as_dict()
    assert m.outlook["growth_pct_2024_34"] == occ.growth_pct_2024_34
    assert m.ai_exposure["eloundou_beta"] == occ.ai_eloundou_beta
    assert m.ladder and all(step.code != m.code for step in m.ladder)
    assert {step.code for step in m.ladder} <= {c for c, _ in catalog.related("43-4051.00")}


def test_more_hours_per_point_means_more_learning_hours(catalog: Any) -> None:
    p = person({"speaking": 2.0})
    lo = match_occupation(
        p, "13-1161.00", catalog=catalog, assumptions={"learning_hours_per_level_point": 3.0}
    )
    hi = match_occupation(
        p, "13-1161.00", catalog=catalog, assumptions={"learning_hours_per_level_point": 9.0}
    )
    assert hi.learning_hours_from_gaps == pytest.approx(3 * lo.learning_hours_from_gaps, rel=0.01)


def test_hours_per_point_default_within_certificate_calibration(catalog: Any) -> None:
    """The default lies between the two certificate anchors it is calibrated on (docs/matching.md)."""
    defaults = default_levels(catalog)
    codes, im, lv = catalog.skill_matrix()
    anchors = []
    for code, hours in (
        ("15-1299.09", catalog.evidence_value("F2b")),
        ("13-1161.00", catalog.evidence_value("F10b")),
    ):
        i = codes.index(code)
        points = gap_hours(defaults, im[i], lv[i], min_importance=3.0, hours_per_point=1.0)
        anchors.append(hours / float(points))
    p = MATCH_PARAMS["learning_hours_per_level_point"]
    assert min(anchors) * 0.8 <= p.default <= max(anchors) * 1.2
    assert p.low <= min(anchors) * 1.2 and p.high >= max(anchors) * 0.8


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_job_zone": 9}, "max_job_zone"),
        ({"min_wage": -1.0}, "min_wage"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_arguments_name_the_field(catalog: Any, kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as exc:
        match(person({}), catalog=catalog, **kwargs)
    assert [e.field for e in exc.value.errors] == [field]


def test_bad_assumption_names_the_field() -> None:
    with pytest.raises(InputError) as exc:
        resolve_match_params({"learning_hours_per_level_point": 99.0})
    assert exc.value.errors[0].field == "assumptions.learning_hours_per_level_point"


def test_unknown_or_unrated_code(catalog: Any) -> None:
    with pytest.raises(InputError) as exc:
        match_occupation(person({}), "99-9999.99", catalog=catalog)
    assert exc.value.errors[0].field == "code"
    # O*NET 29.0 has no skill ratings for 13-1082: since issue 9 a rated proxy stands in, said so
    m = match_occupation(person({}), "13-1082.00", catalog=catalog)
    assert m.code == "13-1082.00" and m.ratings_from == "15-1299.09"


def test_work_styles_enter_the_fit(catalog: Any) -> None:
    skills = {"speaking": 4.0, "writing": 4.0}
    plain = match_occupation(person(skills), "43-4051.00", catalog=catalog)
    styled = match_occupation(
        person(skills, work_styles={"cooperation": 5.0, "concern_for_others": 5.0}),
        "43-4051.00",
        catalog=catalog,
    )
    assert plain.fit_components["style"] is None
    assert styled.fit_components["style"] is not None and 0 <= styled.fit_components["style"] <= 1


def test_soft_skills_only_keeps_the_curated_careers(catalog: Catalog) -> None:
    from crossroads.matching import match
    from crossroads.profile import load_example

    curated = catalog.soft_skill_careers()
    ms = match(load_example("career-changer"), catalog=catalog, soft_skills_only=True)
    assert ms, "the curated list has rated, teleworkable occupations"
    assert all(m.code in curated and m.career_path == curated[m.code] for m in ms)
    assert "43-4051.00" in {m.code for m in ms}
    everything = match(load_example("career-changer"), catalog=catalog)
    assert len(everything) > len(ms)
    assert all((m.career_path is not None) == (m.code in curated) for m in everything)


def test_default_list_leaves_out_in_person_work(catalog: Any) -> None:
    """Dingel–Neiman let Painting Workers, Ushers, Models… through; nobody hires them remotely."""
    from crossroads.matching import onsite_by_nature
    from crossroads.profile import load_example

    p = load_example("cash-now")
    remote = match(p, catalog=catalog, limit=40)
    for m in remote:
        assert onsite_by_nature(m.code) is None, m.code
    codes = {m.code for m in remote}
    assert not codes & {"51-9123.00", "39-3031.00", "39-3011.00", "41-9012.00", "43-5021.00"}
    everything = {m.code for m in match(p, catalog=catalog, include_all=True, limit=400)}
    assert "51-9123.00" in everything  # --all still lists them
    assert onsite_by_nature("31-9094.00") is None  # medical transcription is desk work
    assert onsite_by_nature("39-3031.00") and onsite_by_nature("41-9012.00")


# -- the lazy ranking (advise reads only the first few) -----------------------------------------


def test_ranked_matches_builds_only_what_is_read(catalog: Any) -> None:
    from crossroads.matching import ranked_matches

    pr = person({"active_listening": 5, "writing": 4.5, "speaking": 4})
    eager = match(pr, catalog=catalog, soft_skills_only=True, max_job_zone=3, min_wage=0.0)
    lazy = ranked_matches(pr, catalog=catalog, soft_skills_only=True, max_job_zone=3, min_wage=0.0)
    assert len(lazy) == len(eager) >= 3
    assert lazy.codes == [m.code for m in eager]
    assert not lazy._built, "len and codes build nothing"
    assert lazy[1].model_dump() == eager[1].model_dump()
    assert set(lazy._built) == {1}
    assert lazy[-1].code == eager[-1].code
    assert [m.code for m in lazy[:2]] == lazy.codes[:2]
    assert [m.model_dump() for m in lazy] == [m.model_dump() for m in eager]
    with pytest.raises(IndexError):
        lazy[len(lazy)]


def test_ladder_keeps_the_best_six_in_order(catalog: Any) -> None:
    pr = person({"active_listening": 5, "writing": 4.5})
    m = match_occupation(pr, "43-4051.00", catalog=catalog)
    tiers = {"Primary-Short": 0, "Primary-Long": 1, "Supplemental": 2}
    keys = [(tiers.get(s.tier, 3), -(s.wage_p50 or 0.0), s.code) for s in m.ladder]
    assert 0 < len(m.ladder) <= 6 and keys == sorted(keys)
    every = []
    for code, tier in catalog.related("43-4051.00"):
        w = catalog.occupation(code).wage_hourly
        p50 = getattr(w, "p50", None) if w is not None else None
        every.append((tiers.get(str(tier), 3), -(p50 or 0.0), code))
    assert [s.code for s in m.ladder] == [k[2] for k in sorted(every)[:6]]


@pytest.mark.parametrize("code", ["43-9021.00", "43-4051.00", "13-1082.00"])
def test_occupation_fit_is_the_match_fit_without_the_match(catalog: Any, code: str) -> None:
    """The advice reads only the microtask proxy's fit: the same number, rated or proxied."""
    from crossroads.matching import occupation_fit

    pr = person({"active_listening": 5, "writing": 4.5, "mathematics": 2})
    tweak = {"match_level_use_weight": 0.3}
    for assumptions in (None, tweak):
        m = match_occupation(pr, code, catalog=catalog, assumptions=assumptions)
        assert occupation_fit(pr, code, catalog=catalog, assumptions=assumptions) == m.fit


def test_occupation_fit_refuses_what_match_occupation_refuses(catalog: Any) -> None:
    from crossroads.matching import occupation_fit

    pr = person({"writing": 4})
    with pytest.raises(InputError) as a:
        match_occupation(pr, "99-9999.99", catalog=catalog)
    with pytest.raises(InputError) as b:
        occupation_fit(pr, "99-9999.99", catalog=catalog)
    assert [e.field for e in a.value.errors] == [e.field for e in b.value.errors] == ["code"]


@pytest.mark.parametrize("name", ["career-changer", "dana", "student", "cash-now"])
@pytest.mark.parametrize("code", ["13-1082.00", "43-4051.00", "43-9021.00"])
def test_the_match_table_and_the_engine_give_one_fit(catalog: Any, name: str, code: str) -> None:
    """A proxied occupation (13-1082: no O*NET skill ratings) borrows its proxy's skills, not its
    work styles: the Match, ``occupation_fit`` and the engine's ``career_inputs`` agree."""
    from crossroads.matching import career_inputs, occupation_fit
    from crossroads.profile import load_example

    pr = load_example(name)
    m = match_occupation(pr, code, catalog=catalog)
    ci = career_inputs(pr, code, catalog=catalog)
    assert ci is not None
    assert m.fit == round(ci[0], 4) == occupation_fit(pr, code, catalog=catalog)
    assert m.learning_hours == round(ci[1], 1)


def test_cached_ladders_carry_each_persons_own_fits(catalog: Any) -> None:
    """The rungs are cached per catalog; each rung's fit is still the person's own."""
    import crossroads.matching as mm

    a = person({"active_listening": 6, "writing": 6, "speaking": 6})
    b = person({"active_listening": 1, "writing": 1, "mathematics": 6})
    mm._LADDER_CACHE.clear()
    fresh = [match_occupation(p, "43-4051.00", catalog=catalog).ladder for p in (a, b)]
    assert mm._LADDER_CACHE, "the first ladder filled the cache"
    cached = [match_occupation(p, "43-4051.00", catalog=catalog).ladder for p in (a, b)]
    assert [[s.model_dump() for s in lad] for lad in fresh] == [
        [s.model_dump() for s in lad] for lad in cached
    ]
    assert [s.code for s in cached[0]] == [s.code for s in cached[1]]
    assert [s.fit for s in cached[0]] != [s.fit for s in cached[1]]
