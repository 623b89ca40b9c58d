"""The cohort report's group view states differences plainly, and only where the data allow."""

from __future__ import annotations

from crossroads.cohort import CohortRun
from crossroads.cohort.report import CohortAggregate, group_view, render_cohort_report
from crossroads.cohort.score import PartitionResult


def _agg(shares: dict[str, tuple[int, int]]) -> CohortAggregate:
    """An aggregate with, per gender, (people recommended a career, people recommended a hybrid)."""
    agg = CohortAggregate(CohortRun(seed=4), ["gender"])
    records = []
    for g, (career, hybrid) in shares.items():
        for k, n in (("career", career), ("hybrid", hybrid)):
            for _ in range(n):
                records.append(
                    {
                        "kind": k,
                        "family_label": f"a {k}",
                        "p_shortfall": 0.1 if k == "career" else 0.3,
                        "net_income_p50": 1000.0,
                        "currency": "USD",
                        "paths": 1000,
                        "gender": g,
                        "top_criteria": "earnings | fit",
                        "warnings": "No option keeps the chance of running short of cash within your tolerance of 10%. The closest is X.",
                    }
                )
    agg.add(PartitionResult(index=0, records=records))
    return agg


def test_a_clear_difference_is_called_larger_than_chance() -> None:
    gv = group_view(_agg({"woman": (40, 10), "man": (10, 40)}), "gender")
    assert gv is not None
    text = gv.sentences[0]
    assert "80%" in text and "20%" in text and "60 percentage points" in text
    assert "larger than chance alone would likely give" in text
    assert any("never reads gender" in s for s in gv.sentences)


def test_a_small_difference_is_called_within_chance() -> None:
    gv = group_view(_agg({"woman": (26, 24), "man": (24, 26)}), "gender")
    assert gv is not None
    assert "within what chance alone could give" in gv.sentences[0]
    assert "not evidence that the advice treats these groups differently" in gv.sentences[0]


def test_small_groups_are_not_compared() -> None:
    gv = group_view(_agg({"woman": (5, 5), "man": (4, 6)}), "gender")
    assert gv is not None and "no difference is stated" in gv.sentences[0]


def test_the_report_is_one_offline_file_with_the_reproduction_line() -> None:
    html = render_cohort_report(_agg({"woman": (40, 10), "man": (10, 40)}), source="people.csv")
    assert "<script src" not in html and "vegaEmbed" in html
    assert "crossroads cohort people.csv -o OUT --seed 4 --quick" in html
    assert "By gender:" in html and "earnings" in html
    assert "No option keeps the chance of running short of cash within your tolerance of N%" in html


def test_freelance_and_local_job_people_count_in_the_shares() -> None:
    from crossroads.cohort.report import KIND_LABEL, shown_kinds

    agg = _agg({"woman": (20, 10), "man": (10, 20)})
    base = shown_kinds(agg)
    assert base == ("microtask", "career", "hybrid")  # the stable layout when nobody else
    extra = [
        {"kind": k, "family_label": k, "p_shortfall": 0.2, "net_income_p50": 900.0,
         "currency": "USD", "paths": 1000, "gender": g, "top_criteria": "", "warnings": ""}
        for k in ("freelance", "local_job") for g in ("woman", "man") for _ in range(5)
    ]  # fmt: skip
    agg.add(PartitionResult(index=1, records=extra))
    assert shown_kinds(agg) == (*base, "freelance", "local_job")
    view = group_view(agg, "gender")
    assert view is not None
    for row in view.rows:  # every person of a group is in exactly one share
        assert abs(sum(row.shares.values()) - 1.0) < 1e-9
        assert row.shares["freelance"] > 0 and row.shares["local_job"] > 0
    html = render_cohort_report(agg, source="people.csv")
    assert KIND_LABEL["freelance"] in html and KIND_LABEL["local_job"] in html
