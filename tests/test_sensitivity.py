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


def test_read_recorder_records_what_a_run_reads_and_keeps_values() -> None:
    """Only parameters a run reads are moved (an unread one cannot change the run)."""
    from crossroads.decision.sensitivity import ReadRecorder
    from crossroads.params import resolve_params

    base = resolve_params(None)
    rec = ReadRecorder.of(base)
    assert rec["mt_wage_median"] == base["mt_wage_median"]
    _ = rec.remote_competition_factor
    assert "fallback_hire_factor" in rec
    derived = rec.replace(debt_apr=0.1)
    assert derived["ue_exit_share"] == base["ue_exit_share"] and derived["debt_apr"] == 0.1
    assert rec.read == {
        "mt_wage_median", "remote_competition_factor", "fallback_hire_factor", "ue_exit_share",
        "debt_apr",
    }  # fmt: skip
    assert rec.overridden == base.overridden


def test_sensitivity_moves_only_parameters_the_engine_reads(example_profile: object) -> None:
    """career-changer is a US profile without `money.tax`: its taxes come from tenforty, so the
    flat `income_tax_rate` is never read and is not reported as an assumption that matters
    (before, moving it switched the tax model and read as 'at 0 the shortfall risk is 97 %')."""
    from crossroads.decision import advise

    a = advise(example_profile("career-changer"), paths=1000, seed=0)  # type: ignore[operator]
    assert all(s.name != "income_tax_rate" for s in a.sensitivity)


def test_shortened_labels_never_end_on_a_dangling_word() -> None:
    from crossroads.decision.sensitivity import _DANGLING

    for name, p in PARAMS.items():
        label = plain_label(p.doc, name)
        assert len(label) <= 61, (name, label)
        last = label.rstrip("…").split()[-1].lower()
        assert last not in _DANGLING, (name, label)
    doc = "Hire chance of 'any available local job' relative to the CPS baseline search (x)."
    assert plain_label(doc, "x") == "Hire chance of 'any available local job'…"
    doc = "Hourly wage penalty of a part-time job, applied in full below the full-time ramp and so on."
    assert plain_label(doc, "x") == "Hourly wage penalty of a part-time job"
