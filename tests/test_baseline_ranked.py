"""The ranked baseline (issue 12 §4): "a local entry-level job now" as the option ``local_job``.

It is ranked only when the profile asks (``baseline: {rank: true}``) or ``--rank-baseline`` is
given; it is simulated in its own engine call on the same draws, so every other option's figures
are those of the advice without it.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from crossroads.decision import advise_with_run
from crossroads.errors import InputError
from crossroads.profile import Profile, example_text, load_example, profile_from_text
from crossroads.run_config import RunConfig

PATHS, SEED = 600, 3


def _profile(extra: str, name: str = "career-changer") -> Profile:
    return profile_from_text(example_text(name) + "\n" + extra, "yaml")


def _errors(extra: str) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        _profile(extra)
    return {e.field: e.reason for e in info.value.errors}


# -- the profile field -------------------------------------------------------------------------


def test_profile_field_defaults_to_not_ranked() -> None:
    p = load_example("career-changer")
    assert p.baseline.rank is False
    assert "baseline" not in p.to_data()  # the default is not written back


@pytest.mark.parametrize("text", ["true", "yes", "True"])
def test_profile_field_accepts_booleans(text: str) -> None:
    p = _profile(f"baseline:\n  rank: {text}\n")
    assert p.baseline.rank is True
    again = profile_from_text(p.to_yaml(), "yaml")  # round trip keeps it
    assert again.baseline.rank is True


def test_profile_field_empty_section_is_default() -> None:
    assert _profile("baseline:\n").baseline.rank is False


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ("baseline:\n  rank: maybe\n", "baseline.rank", "true or false"),
        ("baseline:\n  rank: 3\n", "baseline.rank", "true or false"),
        ("baseline:\n  rnk: true\n", "baseline.rnk", "did you mean 'rank'"),
        ("baseline: true\n", "baseline", "section"),
    ],
)
def test_profile_field_bad_values_name_the_field(extra: str, field: str, words: str) -> None:
    errs = _errors(extra)
    assert field in errs, errs
    assert words in errs[field]


def test_run_config_flag() -> None:
    assert "--rank-baseline" in RunConfig(rank_baseline=True).cli_args()
    assert "--rank-baseline" not in RunConfig().cli_args()
    with pytest.raises(InputError) as info:
        RunConfig(rank_baseline="yes")
    assert info.value.errors[0].field == "rank_baseline"


# -- the model ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pair() -> dict[str, Any]:
    """career-changer advised twice on the same seed: without and with the ranked baseline."""
    p = load_example("career-changer")
    off, run_off = advise_with_run(p, paths=PATHS, seed=SEED)
    on, run_on = advise_with_run(p, paths=PATHS, seed=SEED, rank_baseline=True)
    return {"off": off, "on": on, "run_off": run_off, "run_on": run_on, "profile": p}


def test_not_ranked_by_default(pair: dict[str, Any]) -> None:
    off = pair["off"]
    assert off.baseline is not None and off.baseline.ranked is False
    assert all(o.id != "local_job" for o in off.options)


def test_other_options_bit_identical(pair: dict[str, Any]) -> None:
    """Common random numbers in its own engine call: every other option's arrays and measures
    are exactly those of the advice without it (only scores and ranks may move)."""
    off, on = pair["off"], pair["on"]
    s_off, s_on = pair["run_off"].sim, pair["run_on"].sim
    ids_off = [o.id for o in off.options]
    assert sorted(ids_off + ["local_job"]) == sorted(o.id for o in on.options)
    for oid in ids_off:
        a, b = off.option(oid), on.option(oid)
        assert a.metrics == b.metrics, oid
        assert {k: c.value for k, c in a.criteria.items()} == {
            k: c.value for k, c in b.criteria.items()
        }, oid
        assert a.standard_errors == b.standard_errors, oid
        i, j = s_off.index(oid), s_on.index(oid)
        for name in ("net_income", "shortfall_month", "first_income_month", "hired_month"):
            assert np.array_equal(getattr(s_off, name)[i], getattr(s_on, name)[j]), (oid, name)
        for name in s_off.kept:
            assert np.array_equal(s_off.monthly(name)[i], s_on.monthly(name)[j]), (oid, name)


def test_ranked_option_is_a_full_option(pair: dict[str, Any]) -> None:
    on = pair["on"]
    assert on.baseline is not None and on.baseline.ranked is True
    lj = on.option("local_job")
    assert lj.kind == "local_job" and lj.family == "local_job"
    assert lj.label == "A local entry-level job now (30 h/week)"
    assert 1 <= lj.rank <= len(on.options)
    assert 0.0 <= lj.score <= 1.0 and 0.0 <= lj.p_first <= 1.0
    m = lj.metrics
    assert m.net_income_p10 <= m.net_income_p50 <= m.net_income_p90
    assert 0.0 <= m.p_shortfall <= 1.0
    assert lj.training_months_p50 is None and lj.hired_month_p50 is not None
    # its own family in the acceptability analysis (the coherence rule's levels)
    assert any(f.family == "local_job" for f in on.families)
    assert any(k.kind == "local_job" for k in on.kinds)
    assert sum(f.p_first for f in on.families) == pytest.approx(1.0)


def test_ranked_option_figures_are_the_baseline_job(pair: dict[str, Any]) -> None:
    """Once found, it pays about the entry wage for the person's hours; it is found at about
    the time the baseline line quotes (the engine adds searcher heterogeneity and whole months)."""
    from crossroads.params import WEEKS_PER_MONTH

    on, sim = pair["on"], pair["run_on"].sim
    base, lj = on.baseline, on.option("local_job")
    assert base is not None and base.hire_months_p50 is not None
    k = sim.index("local_job")
    job = sim.monthly("job_income")[k]  # (months, paths), US: before tax
    hours = sim.monthly("hours_job")[k]
    worked = hours > 0
    hourly = float(np.median(job[worked] / (hours[worked] * WEEKS_PER_MONTH)))
    assert 0.9 * base.hourly <= hourly <= 1.35 * base.hourly, (hourly, base.hourly)
    assert float(np.median(hours[worked])) == pytest.approx(base.hours_per_week)
    first = lj.metrics.months_to_first_income_p50
    assert first is not None
    assert abs(first - base.hire_months_p50) <= 3.0, (first, base.hire_months_p50)
    # no training and no study cost
    assert float(sim.monthly("hours_learning")[k].sum()) == 0.0
    assert float(sim.monthly("learning_cost")[k].sum()) == 0.0


def test_profile_field_ranks_it(pair: dict[str, Any]) -> None:
    p = _profile("baseline:\n  rank: true\n")
    adv, _ = advise_with_run(p, paths=PATHS, seed=SEED)
    assert adv.baseline is not None and adv.baseline.ranked
    assert adv.option("local_job").metrics == pair["on"].option("local_job").metrics
    off, _ = advise_with_run(p, paths=PATHS, seed=SEED, rank_baseline=False)  # the flag wins
    assert all(o.id != "local_job" for o in off.options)


# -- the faces ---------------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str]:
    from crossroads.cli.main import run

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run(list(args))
    return int(code or 0), out.getvalue()


@pytest.fixture(scope="module")
def cc_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bl") / "cc.yaml"
    path.write_text(example_text("career-changer"), encoding="utf-8")
    return path


def test_cli_flag_end_to_end_json(cc_file: Path) -> None:
    args = ("advise", str(cc_file), "--paths", str(PATHS), "--seed", str(SEED), "--json")
    code, text = _cli(*args, "--rank-baseline")
    assert code == 0
    doc = json.loads(text)
    assert doc["baseline"]["ranked"] is True
    lj = next(o for o in doc["options"] if o["id"] == "local_job")
    for key in ("rank", "score", "p_first", "kind", "family", "label", "metrics", "criteria"):
        assert key in lj
    for key in ("p_shortfall", "net_income_p10", "net_income_p50", "net_income_p90",
                "months_to_first_income_p50"):  # fmt: skip
        assert key in lj["metrics"]
    code, text = _cli(*args)
    assert code == 0
    plain = json.loads(text)
    assert plain["baseline"]["ranked"] is False
    assert all(o["id"] != "local_job" for o in plain["options"])


def test_cli_text_lists_it_when_ranked(cc_file: Path) -> None:
    code, text = _cli("advise", str(cc_file), "--paths", str(PATHS), "--seed", str(SEED),
                      "--rank-baseline")  # fmt: skip
    assert code == 0
    assert "Local entry-level job" in text  # among the ranked options of each kind


def test_plan_for_the_local_job(cc_file: Path) -> None:
    from crossroads.plan import make_plan

    p = load_example("career-changer")
    plan = make_plan(p, option_id="local_job", paths=PATHS, seed=SEED, with_advice=False)
    assert plan.kind == "local_job" and plan.option_id == "local_job"
    kinds = [m.kind for m in plan.milestones]
    assert "applications_start" in kinds and "hire" in kinds
    assert "training_done" not in kinds
    assert plan.months[0].phase == "applying for local jobs"
    assert all(m.learning == 0 for m in plan.months)
    hired = next(m for m in plan.milestones if m.kind == "hire")
    assert hired.month is not None
    assert any(m.phase == "local job" and m.job > 0 for m in plan.months)


def test_service_report_and_plan_show_it() -> None:
    """The run option reaches every face of a case: the report lists it with the options and
    the plan of the advised run has its own short plan."""
    from crossroads import Crossroads

    case = Crossroads().case(load_example("career-changer"),
                             RunConfig(paths=PATHS, seed=SEED, rank_baseline=True))  # fmt: skip
    assert any(o.id == "local_job" for o in case.advice().options)
    html = case.report_html()
    assert "A local entry-level job now (30 h/week)" in html
    assert "Local entry-level job" in html  # its chart label
    plan = case.plan("local_job")
    assert plan.kind == "local_job" and plan.option_label.startswith("A local entry-level job")


def test_recommended_local_job_gets_concrete_first_steps() -> None:
    from crossroads.decision.short_answer import next_weeks
    from crossroads.options import Option

    steps = next_weeks(Option.local_job(30, 40), [], None, None, "USD")
    assert any("local entry-level jobs" in s for s in steps)
    assert not any("microtasks" in s or "learning" in s for s in steps)


def _abroad(country: str, currency: str) -> Profile:
    import re

    text = re.sub(r"^country: US", f'country: "{country}"', example_text("career-changer"),
                  flags=re.M)  # fmt: skip
    text = re.sub(r"^currency: \w+", f"currency: {currency}", text, flags=re.M)
    return profile_from_text(text + "\nbaseline:\n  rank: true\n", "yaml")


def test_ranked_abroad_in_the_local_currency() -> None:
    adv, run = advise_with_run(_abroad("DE", "EUR"), paths=400, seed=1, tipping=False)
    assert adv.baseline is not None and adv.baseline.ranked and adv.baseline.currency == "EUR"
    lj = adv.option("local_job")
    assert lj.metrics.net_income_p50 > 0 and lj.metrics.months_to_first_income_p50 is not None


def test_unpriceable_country_is_not_ranked_and_says_why() -> None:
    adv, _ = advise_with_run(_abroad("KP", "USD"), paths=400, seed=1, tipping=False)
    assert adv.baseline is None
    assert all(o.id != "local_job" for o in adv.options)
    assert any("baseline.rank" in w for w in adv.warnings)


def test_join_refuses_runs_on_other_draws() -> None:
    from crossroads.options import Option
    from crossroads.simulation import simulate
    from crossroads.simulation.join import join

    p = load_example("student")
    a = simulate(p, Option.microtask(12), paths=200, seed=1, horizon=12)
    b = simulate(p, Option.local_job(12, 40), paths=200, seed=2, horizon=12)
    with pytest.raises(ValueError, match="must share"):
        join(a, b)
    c = join(a, simulate(p, Option.local_job(12, 40), paths=200, seed=1, horizon=12))
    assert [o.id for o in c.options] == ["microtask", "local_job"]
    assert np.array_equal(c.net_income[0], a.net_income[0])
    assert c.setup.group_of.tolist() == [-1, 0]


def test_replay_of_a_ranked_advice_is_exact() -> None:
    """A stored advice with ``local_job`` replays (one engine call for every option) to the very
    arrays of the advised run (its own call, joined): the engine's options are independent."""
    from crossroads.decision.replay import replay_run

    p = load_example("career-changer")
    adv, run = advise_with_run(p, paths=400, seed=4, rank_baseline=True, tipping=False)
    again = replay_run(p, adv)
    for o in adv.options:
        i, j = run.sim.index(o.id), again.sim.index(o.id)
        assert np.array_equal(run.sim.net_income[i], again.sim.net_income[j]), o.id
        assert np.array_equal(run.sim.monthly("income")[i], again.sim.monthly("income")[j]), o.id
