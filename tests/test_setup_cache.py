"""The per-person setup cache (screening, goal-seek and the final run share compiled career
groups) changes no number: results with the cache equal results without it, bit for bit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from crossroads.options import parse_option
from crossroads.simulation import simulate


def test_cached_groups_give_identical_results(example_profile: Callable[[str], Any]) -> None:
    pr = example_profile("career-changer")
    first = [parse_option(s, pr) for s in ("hybrid:10:20:43-4051.00", "career:43-4051.00")]
    second = [
        parse_option(s, pr)
        for s in ("career:43-4051.00", "hybrid:5:25:43-4051.00", "hybrid:10:20:43-4051.00")
    ]
    cache: dict[Any, Any] = {}
    simulate(pr, first, paths=300, seed=4, setup_cache=cache)
    assert cache["groups"], "the first call fills the cache"
    a = simulate(pr, second, paths=300, seed=4, setup_cache=cache)
    b = simulate(pr, second, paths=300, seed=4)
    assert [repr(g) for g in a.setup.groups] == [repr(g) for g in b.setup.groups]
    assert a.warnings == b.warnings
    for name in ("net_income", "hired_month", "shortfall_month"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_quick_advice_is_unchanged_by_the_cache(
    example_profile: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pipeline's own use: the same advice document when the engine never sees the cache."""
    import crossroads.simulation.engine as engine
    from crossroads.decision import advise

    pr = example_profile("dana")
    a = advise(pr, paths=400, seed=2, tipping=False, quick=True)
    real = engine.compile_setup  # type: ignore[attr-defined]
    seen: list[bool] = []

    def no_cache(*args: Any) -> Any:
        seen.append(len(args) > 5 and args[5] is not None)
        return real(*args[:5])

    monkeypatch.setattr(engine, "compile_setup", no_cache)
    b = advise(pr, paths=400, seed=2, tipping=False, quick=True)
    assert any(seen), "the pipeline passes its cache"
    da, db = a.model_dump(), b.model_dump()
    da.pop("generated_at", None), db.pop("generated_at", None)
    assert da == db


@pytest.mark.parametrize("name", ["career-changer", "dana", "cash-now"])
def test_person_terms_from_the_cache_equal_a_fresh_setup(
    example_profile: Callable[[str], Any], name: str, catalog: Any
) -> None:
    """Platforms, microtask and rating pay, exchange rate, cash rules and taxes are kept per
    person after the first call; a later call's setup equals one compiled without the cache,
    field by field (the country notes too, which each call extends with its own careers')."""
    import dataclasses

    from crossroads.params import params_for
    from crossroads.simulation.setup import compile_setup

    pr = example_profile(name)
    prm = params_for(pr)
    cache: dict[Any, Any] = {}
    compile_setup(pr, [parse_option("microtask", pr)], prm, catalog, None, cache)
    assert "person" in cache and "taxes" in cache
    opts = [
        parse_option(s, pr) for s in ("microtask", "career:43-4051.00", "hybrid:10:20:43-4051.00")
    ]
    a = compile_setup(pr, opts, prm, catalog, None, cache)
    b = compile_setup(pr, opts, prm, catalog, None)
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert np.array_equal(x, y), f.name
        elif f.name in ("groups", "cash", "tax", "platforms", "fb_wage", "params"):
            assert repr(x) == repr(y), f.name
        else:
            assert x == y, f.name
