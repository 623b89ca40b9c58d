"""The recommendation never contradicts the acceptability analysis (decision/coherence.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crossroads.decision.coherence import (
    kind_of_family,
    reconcile,
    share_diff_margin,
)


def test_agreeing_ranking_is_kept() -> None:
    r = reconcile([0.9, 0.5, 0.4], [0.8, 0.1, 0.1], ["hybrid:A", "career:A", "microtask"], 2000)
    assert (r.index, r.family, r.tied_with, r.overruled) == (0, "hybrid:A", None, None)


def test_a_family_first_in_most_samples_overrules_the_score() -> None:
    # the trial's case: recommended option first in 4 %, "microtasks only" first in 72 %
    r = reconcile(
        [0.70, 0.69, 0.60], [0.04, 0.72, 0.24], ["hybrid:A", "microtask", "career:A"], 2000
    )
    assert r.index == 1 and r.family == "microtask" and r.overruled == 0


def test_within_a_family_the_most_acceptable_split_wins() -> None:
    # cash-now: the recommended split first in 10 %, a sibling first in 78 %
    r = reconcile(
        [0.80, 0.79, 0.5], [0.10, 0.78, 0.12], ["hybrid:A", "hybrid:A", "microtask"], 2000
    )
    assert r.index == 1 and r.family == "hybrid:A"


def test_tied_families_are_stated() -> None:
    r = reconcile([0.8, 0.7], [0.51, 0.49], ["career:A", "microtask"], 2000)
    assert r.index == 0 and r.tied_with == "microtask"


@given(
    st.lists(
        st.tuples(
            st.floats(0, 1), st.floats(0, 1), st.sampled_from(["m", "c:A", "h:A", "c:B", "h:B"])
        ),
        min_size=1,
        max_size=8,
    )
)
def test_never_recommends_a_minority_against_a_clear_majority(
    rows: list[tuple[float, float, str]],
) -> None:
    """No other kind of path is first in clearly more samples than the recommended kind, and
    within that kind no other family is."""
    scores = [r[0] for r in rows]
    raw = [r[1] for r in rows]
    total = sum(raw) or 1.0
    p = [x / total for x in raw]
    fams = [r[2] for r in rows]
    res = reconcile(scores, p, fams, 2000)
    kind_p: dict[str, float] = {}
    fam_p: dict[str, float] = {}
    for f, x in zip(fams, p, strict=True):
        kind_p[kind_of_family(f)] = kind_p.get(kind_of_family(f), 0.0) + x
        fam_p[f] = fam_p.get(f, 0.0) + x
    kind = kind_of_family(fams[res.index])
    chosen = kind_p[kind]
    for k, x in kind_p.items():
        assert x - chosen < share_diff_margin(x, chosen, 2000) + 1e-12, (k, x, chosen)
    chosen_f = fam_p[fams[res.index]]
    for f, x in fam_p.items():
        if kind_of_family(f) == kind:
            assert x - chosen_f < share_diff_margin(x, chosen_f, 2000) + 1e-12, (f, x, chosen_f)
    assert fams[res.index] == res.family and res.kind == kind


def test_kinds_first_a_split_up_kind_is_not_punished() -> None:
    """career-changer (session 3): one microtask option first in 32 % beat the best hybrid
    (the top score) because hybrids' 49 % was split between two targets (24 % + 20 %, plus 5 %
    for a third). Kinds come first: hybrids win, and the best-scoring hybrid is kept."""
    scores = [0.556, 0.675, 0.656, 0.648, 0.646, 0.578]
    p = [0.32, 0.20, 0.09, 0.14, 0.10, 0.05]
    fams = ["microtask", "hybrid:CSR", "career:CSR", "hybrid:SEC", "hybrid:SEC", "hybrid:AD"]
    r = reconcile(scores, p, fams, 2000)
    assert r.kind == "hybrid" and r.index == 1 and r.overruled is None and r.tied_with is None
