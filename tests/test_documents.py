"""Documents and runs survive JSON, pickle and deepcopy (what Dask and a journal need)."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import numpy as np
import pytest

from crossroads import Crossroads, RunConfig
from crossroads.decision import SCHEMA_VERSION, Advice


@pytest.fixture(scope="module")
def case(catalog: Any, example_profile: Any) -> Any:
    c = Crossroads(catalog=catalog).case(
        example_profile("career-changer"), RunConfig(paths=300, seed=5)
    )
    c.advice()
    return c


def test_advice_json_round_trips(case: Any) -> None:
    a = case.advice()
    assert a.schema_version == SCHEMA_VERSION
    assert Advice.model_validate_json(a.model_dump_json()) == a
    assert Advice.model_validate(case.advice_json()) == a


@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_documents_and_runs_copy(case: Any, how: str) -> None:
    def dup(x: Any) -> Any:
        return pickle.loads(pickle.dumps(x)) if how == "pickle" else copy.deepcopy(x)

    from crossroads.params import resolve_params

    params = resolve_params({"mt_unlock_hours": 300.0})
    p2 = dup(params)
    assert p2.as_dict() == params.as_dict() and p2.overridden == {"mt_unlock_hours"}
    assert p2.mt_unlock_hours == 300.0
    assert dup(case.profile) == case.profile
    assert dup(case.config) == case.config
    assert dup(case.advice()) == case.advice()
    run = dup(case.run)
    assert [o.id for o in run.options] == [o.id for o in case.run.options]
    assert np.array_equal(run.sim.cash, case.run.sim.cash)
    assert run.sim.params.as_dict() == case.run.sim.params.as_dict()
    assert dup(case.plan()) == case.plan()


def test_replayed_run_is_bit_identical(case: Any, catalog: Any) -> None:
    from crossroads.decision.replay import replay_run

    again = replay_run(case.profile, case.advice(), catalog=catalog)
    for name in ("cash", "income", "net_income", "hired_month"):
        for o in case.run.options:
            assert np.array_equal(
                getattr(again.sim, name)[again.index(o.id)],
                getattr(case.run.sim, name)[case.run.index(o.id)],
            )


def test_case_from_a_stored_advice_uses_its_run_options(case: Any, catalog: Any) -> None:
    cr = Crossroads(catalog=catalog)
    doc = Advice.model_validate_json(case.advice().model_dump_json())
    stored = cr.case(case.profile, advice=doc)
    assert (stored.config.paths, stored.config.seed) == (300, 5)
    assert stored.plan() == case.plan()
