"""The ``Crossroads`` service object: the one surface the faces share.

The key property: a :class:`Case` computes each thing at most once, so
``advice(); plan(); report_html()`` runs the engine for the advice only (counted here).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import crossroads
from crossroads import Crossroads, RunConfig
from crossroads.errors import InputError

PATHS = 400


@pytest.fixture(scope="module")
def cr(catalog: Any) -> Crossroads:
    return Crossroads(catalog=catalog)


@pytest.fixture(scope="module")
def case(cr: Crossroads, example_profile: Any) -> Any:
    return cr.case(example_profile("career-changer"), RunConfig(paths=PATHS, seed=3))


def test_public_names_are_lazy_exports() -> None:
    assert crossroads.Crossroads is Crossroads
    assert crossroads.RunConfig is RunConfig
    assert "Crossroads" in crossroads.__all__ and "RunConfig" in crossroads.__all__


def test_case_runs_the_engine_for_the_advice_only(
    cr: Crossroads, example_profile: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crossroads.decision as decision
    import crossroads.simulation as simulation

    calls = {"simulate": 0, "advise": 0}
    real_sim, real_advise = simulation.simulate, decision.advise_with_run

    def counting_sim(*a: Any, **k: Any) -> Any:
        calls["simulate"] += 1
        return real_sim(*a, **k)

    def counting_advise(*a: Any, **k: Any) -> Any:
        calls["advise"] += 1
        return real_advise(*a, **k)

    monkeypatch.setattr(simulation, "simulate", counting_sim)
    monkeypatch.setattr(decision, "advise_with_run", counting_advise)
    case = cr.case(example_profile("career-changer"), RunConfig(paths=PATHS, seed=1))
    advice = case.advice()
    after_advice = dict(calls)
    assert after_advice["advise"] == 1 and after_advice["simulate"] >= 1
    plan = case.plan()
    html = case.report_html()
    assert calls == after_advice, "plan() and report_html() must not run the engine again"
    assert plan.option_id == advice.recommendation
    import html as h

    assert html.lstrip().lower().startswith("<!doctype html>")
    assert h.escape(advice.recommendation_label, quote=False) in html
    # asking again returns the very same objects
    assert (
        case.advice() is advice and case.plan() is plan and case.plan(advice.recommendation) is plan
    )
    assert case.report_html() is html
    assert calls == after_advice


def test_plan_of_another_option_simulates_only_that_option(
    case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crossroads.simulation as simulation

    case.advice()
    seen: list[int] = []
    real = simulation.simulate

    def counting(profile: Any, options: Any, **k: Any) -> Any:
        seen.append(len(options))
        return real(profile, options, **k)

    monkeypatch.setattr(simulation, "simulate", counting)
    plan = case.plan("microtask")  # simulated alone only if the advice did not already
    advised = {o.id for o in case.run.options}
    assert seen == ([] if "microtask" in advised else [1])
    assert plan.option_id == "microtask" and plan.seed == 3 and plan.paths == PATHS


def test_advice_json_is_the_document(case: Any) -> None:
    doc = case.advice_json()
    assert doc == json.loads(json.dumps(doc))  # plain JSON, nothing to convert
    assert doc["recommendation"] == case.advice().recommendation
    assert doc["paths"] == PATHS and doc["seed"] == 3


def test_run_is_the_simulation_behind_the_advice(case: Any) -> None:
    run = case.run
    ids = [o.id for o in run.options]
    assert set(ids) == {o.id for o in case.advice().options}
    assert run.sim.paths == PATHS
    assert ids[run.index(case.advice().recommendation)] == case.advice().recommendation
    with pytest.raises(InputError) as exc:
        run.index("career:nope")
    assert exc.value.errors[0].field == "option"


def test_summary_record_is_one_flat_row(case: Any) -> None:
    row = case.summary_record()
    assert row["recommendation"] == case.advice().recommendation
    assert all(not isinstance(v, (dict, list)) for v in row.values())
    assert 0.0 <= row["p_shortfall"] <= 1.0 and row["paths"] == PATHS


def test_simulate_uses_the_case_run_options(case: Any) -> None:
    s = case.simulate("microtask")
    doc = s.to_json()
    assert doc["seed"] == 3 and doc["paths"] == PATHS and doc["option"]["id"] == "microtask"
    assert doc["metrics"]["p_shortfall"] == pytest.approx(s.metrics.p_shortfall)


def test_profile_input_kinds(cr: Crossroads, example_path: Any, example_profile: Any) -> None:
    prof = example_profile("career-changer")
    assert cr.profile(prof) is prof
    assert cr.profile(example_path("career-changer")) == prof
    assert cr.profile(str(example_path("career-changer"))) == prof
    assert cr.profile(prof.to_data()) == prof


def test_catalog_questions(cr: Crossroads, example_profile: Any) -> None:
    occs = cr.occupations(remote=True, limit=5)
    assert len(occs) == 5 and all(o.is_teleworkable for o in occs)
    with pytest.raises(InputError) as exc:
        cr.occupations(limit=0)
    assert exc.value.errors[0].field == "limit"
    assert any(s.id for s in cr.sources())
    matches = cr.match(example_profile("career-changer"), limit=3)
    assert len(matches) == 3 and matches[0].fit >= matches[-1].fit


def test_catalog_is_loaded_lazily() -> None:
    cr = Crossroads()
    assert cr._catalog is None


def test_quick_caps_paths_and_skips_tipping(cr: Crossroads, example_profile: Any) -> None:
    run = RunConfig(paths=50_000, seed=2, quick=True)
    assert run.effective_paths == 2_000 and not run.tipping
    case = cr.case(example_profile("career-changer"), RunConfig(paths=PATHS, quick=True))
    assert case.advice().tipping_points == []


def test_quick_mode_does_not_resimulate_the_honesty_remedies(
    cr: Crossroads, example_profile: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quick mode skips the remedies' re-simulations (the closest option on all paths, several
    times) and says so in the warning; full mode measures them (the free changes first)."""
    import importlib

    ctx_mod = importlib.import_module("crossroads.decision.pipeline.context")
    from crossroads.decision.pipeline.honesty import QUICK_NOTE

    calls: list[int] = []
    real = ctx_mod.simulate_options

    def counting(ctx: Any, options: Any, **kw: Any) -> Any:
        calls.append(len(options))
        return real(ctx, options, **kw)

    monkeypatch.setattr(ctx_mod, "simulate_options", counting)
    prof = example_profile("career-changer")  # no option within its tolerance
    quick = cr.case(prof, RunConfig(paths=PATHS, seed=3, quick=True)).advice()
    assert not quick.honesty.any_within_tolerance
    assert calls == []  # the explanation stage ran no engine call of its own
    first = next(w for w in quick.warnings if w.startswith("No option keeps"))
    assert first.endswith(QUICK_NOTE) and "Free changes first" not in first
    full = cr.case(prof, RunConfig(paths=PATHS, seed=3)).advice()
    assert calls  # full mode re-simulates the closest option
    assert not any(QUICK_NOTE in w for w in full.warnings)


def test_run_config_defaults_and_reproduce_line() -> None:
    run = RunConfig()
    assert (run.paths, run.seed, run.horizon, run.method, run.targets, run.quick) == (
        10_000,
        0,
        None,
        "weighted_sum",
        (),
        False,
    )
    r = RunConfig(paths=500, seed=4, horizon=12, method="topsis", targets=["13-1161.00"])
    assert r.cli_args() == [
        "--seed 4",
        "--paths 500",
        "--horizon 12",
        "--method topsis",
        "--target 13-1161.00",
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"paths": 99}, "paths"),
        ({"paths": 2_000_000}, "paths"),
        ({"paths": 1.5}, "paths"),
        ({"paths": True}, "paths"),
        ({"seed": -1}, "seed"),
        ({"horizon": 0}, "horizon"),
        ({"horizon": 121}, "horizon"),
        ({"method": "vote"}, "method"),
        ({"targets": "13-1161.00"}, "targets"),
        ({"quick": "yes"}, "quick"),
        ({"colour": 1}, "colour"),
    ],
)
def test_run_config_one_message_per_bad_value(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as exc:
        RunConfig(**kwargs)
    assert [e.field for e in exc.value.errors] == [field]


def test_run_config_reports_every_bad_value_at_once() -> None:
    with pytest.raises(InputError) as exc:
        RunConfig(paths=1, seed=-1, method="x")
    assert [e.field for e in exc.value.errors] == ["paths", "seed", "method"]
