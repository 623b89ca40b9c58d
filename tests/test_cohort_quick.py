"""Quick mode against full mode on a sample of the example cohort: the same family for >= 90 %
of the people whose full-mode families are not tied.

"Not tied" means full mode's SMAA share of the first family exceeds the second family's by more
than ``TIE_GAP``: below that the full run itself is a near coin-flip between two paths and
another seed would flip it as often. Full mode is ``RunConfig(quick=False)`` (10,000 paths, the
60-mix grid screened on 500 paths); quick mode is the cohort default.
"""

from __future__ import annotations

import polars as pl
import pytest

from cohort_data import good_rows
from crossroads.cohort import CohortRun, score_cohort

TIE_GAP = 0.2
N = 24


@pytest.mark.slow
# Was a strict xfail (13 of 16 untied people kept their family, 81 %); with issue 12's
# equivalence band and coherence rule quick and full mode settle the near-ties the same way.
def test_quick_mode_keeps_the_family_of_full_mode() -> None:
    from crossroads import Crossroads, RunConfig
    from crossroads.cohort.columns import row_to_person
    from crossroads.cohort.seeds import person_seed

    _, rows = good_rows(N, start=150)
    quick = score_cohort(pl.DataFrame(rows), CohortRun(seed=0)).results
    by_id = dict(zip(quick["id"].to_list(), quick["family"].to_list(), strict=True))
    cr = Crossroads()
    same = untied = 0
    for i, raw in enumerate(rows, start=1):
        person = row_to_person(i, raw, "id", [])
        assert not isinstance(person, list)
        seed = person_seed(0, person.id)
        full = cr.case(person.profile, RunConfig(paths=10_000, seed=seed)).advice()
        fams = full.families
        gap = fams[0].p_first - (fams[1].p_first if len(fams) > 1 else 0.0)
        if gap <= TIE_GAP:
            continue
        untied += 1
        same += by_id[person.id] == full.recommendation_family
    assert untied >= N // 2
    assert same >= 0.9 * untied, f"{same} of {untied} untied people keep their family"
