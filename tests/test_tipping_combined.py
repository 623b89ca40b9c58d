"""Combined remedies (issue 12): when no single lever changes the answer, two moved together.

None of the bundled examples needs them (each has a single-lever tipping point), so the single
search is made to find nothing: the combined search then runs on the real examples' finalists.
"""

from __future__ import annotations

import pytest

import crossroads.decision.pipeline as pipeline
from crossroads.decision.advice import Advice
from crossroads.profile import example_names, load_example


@pytest.mark.parametrize("name", example_names())
def test_combined_remedy_never_targets_the_recommendation(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nothing(tips: object, fin: object, label: str) -> tuple[list[object], str]:
        return [], f"Nothing within plausible ranges of savings changes the answer: {label}."

    monkeypatch.setattr(pipeline, "real_tips", nothing)
    a = pipeline.advise(load_example(name), paths=600, seed=1)
    rec = a.option(a.recommendation).family
    for c in a.tipping_combined:
        assert a.option(c.becomes).family != rec
        assert len(c.levers) == 2 and "savings" in c.levers
    if a.tipping_combined:  # the one line names the smallest joint move
        assert a.tipping_summary == a.tipping_combined[0].text
        assert a.tipping_summary.startswith("Together, savings of ")
    else:
        assert a.tipping_summary.startswith("Nothing within plausible ranges")
    assert Advice.model_validate_json(a.model_dump_json()) == a


@pytest.mark.parametrize("name", example_names())
def test_combined_only_when_no_single_lever_is_enough(name: str) -> None:
    a = pipeline.advise(load_example(name), paths=600, seed=1)
    if a.tipping_points:
        assert a.tipping_combined == [] and a.tipping_summary == ""
    for c in a.tipping_combined:
        assert a.option(c.becomes).family != a.option(a.recommendation).family
