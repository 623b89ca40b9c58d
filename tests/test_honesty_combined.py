"""The combined remedy of "Read this first": the savings that, together with the free change
(the fallback job full-time), bring the closest option within tolerance (issue 12)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from crossroads.decision.pipeline.honesty import _combined_savings


def _profile(savings: float) -> Any:
    class P(SimpleNamespace):
        def model_copy(self, update: dict[str, Any]) -> Any:
            return P(**{**self.__dict__, **update})

    class M(SimpleNamespace):
        def model_copy(self, update: dict[str, Any]) -> Any:
            return M(**{**self.__dict__, **update})

    return P(money=M(savings=savings))


def test_bisection_gives_savings_that_really_hold() -> None:
    calls: list[float] = []

    def resim(prof: Any, _opt: Any) -> tuple[float, float]:
        s = prof.money.savings
        calls.append(s)
        return max(0.0, 0.6 - s / 50_000.0), 0.0  # monotone: 25,000 more brings 0.6 to 0.1

    got = _combined_savings(resim, (_profile(0.0), "full-time"), None, 70_000.0, 0.10)
    assert got is not None
    extra, p = got
    assert 25_000 <= extra <= 25_000 + 70_000 / 2**5 + 100  # within one bisection step, rounded up
    assert p <= 0.10 and resim(_profile(extra), None)[0] <= 0.10
    assert len(calls) <= 1 + 5 + 1


def test_nothing_said_when_the_combination_saves_little_or_fails() -> None:
    def barely(prof: Any, _opt: Any) -> tuple[float, float]:
        return (0.05 if prof.money.savings >= 69_000 else 0.5), 0.0

    assert _combined_savings(barely, (_profile(0.0), "x"), None, 70_000.0, 0.10) is None

    def never(_prof: Any, _opt: Any) -> tuple[float, float]:
        return 0.9, 0.0

    assert _combined_savings(never, (_profile(0.0), "x"), None, 70_000.0, 0.10) is None
