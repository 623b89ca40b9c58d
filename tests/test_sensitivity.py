"""One-at-a-time sensitivity over the registry ranges (decision/sensitivity.py), on a toy model."""

from __future__ import annotations

import numpy as np

from crossroads.decision.sensitivity import Outcome, one_at_a_time, plain_label, top
from crossroads.params import PARAMS, resolve_params


def _toy(params: object) -> Outcome:
    """Two options: microtasks (score rises with the microtask wage), a career (fixed)."""
    wage = float(params["mt_wage_median"])  # type: ignore[index]
    comp = float(params["remote_competition_factor"])  # type: ignore[index]
    return Outcome(
        scores=np.array([wage / 4.0, 0.6]), p_shortfall=np.array([0.5, 0.9 - 0.4 * comp])
    )


def test_ranked_by_what_changes_the_answer() -> None:
    params = resolve_params()
    base = _toy(params)
    fams = ["microtask", "career:43-4051.00"]
    rec = int(np.argmax(base.scores))
    assert rec == 1  # 1.77 / 4 < 0.6: the career is recommended
    sens = one_at_a_time(
        params,
        ["learning_cost_per_month", "remote_competition_factor", "mt_wage_median"],
        _toy,
        base,
        fams,
        {"microtask": "microtasks only"},
        rec,
    )
    assert [s.name for s in sens][0] == "mt_wage_median"  # the only one that changes the family
    first = sens[0]
    assert first.changes_family and first.family_high == "microtask" and first.family_low == fams[1]
    assert "the recommendation becomes microtasks only" in first.text
    second = sens[1]
    assert second.name == "remote_competition_factor" and not second.changes_family
    assert second.p_shortfall_low != second.p_shortfall_high
    last = sens[2]
    assert last.impact == (0, 0.0, 0.0) and "nothing changes" in last.text
    assert [s.name for s in top(sens)] == ["mt_wage_median", "remote_competition_factor"]


def test_every_registry_parameter_has_a_plain_label() -> None:
    for name, p in PARAMS.items():
        label = plain_label(p.doc, name)
        assert 3 <= len(label) <= 80, (name, label)
        assert label[0].isupper() or label[0].isdigit(), (name, label)
