"""The per-occupation remote posting share (issue 9 item 4): how often the work is offered remotely.

Dingel–Neiman says whether work *can* be done from home; the hire hazard now also carries how
often the occupation's job ads *offer* remote work (cited per occupation, N1a-N1h, else a named
group assumption with a range that the sensitivity analysis moves).
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.options import parse_option
from crossroads.params import PARAMS, resolve_params
from crossroads.profile import load_example
from crossroads.remote_postings import CITED, GROUPS, OTHER, posting_share, remote_posting_factor
from crossroads.simulation.setup import compile_setup

CSR, SEC, TELE = "43-4051.00", "43-6014.00", "41-9041.00"


def test_cited_shares_equal_the_evidence_rows(catalog: Any) -> None:
    for share, eid in CITED.values():
        row = catalog.evidence[eid]
        assert float(row.value) == share and row.source_key == "chmura2022", eid


def test_group_parameters_are_registry_assumptions_with_ranges() -> None:
    for name in {*GROUPS.values(), OTHER, "remote_posting_share_all", "remote_posting_elasticity"}:
        p = PARAMS[name]
        assert p.low < p.high and p.is_assumption, name


def test_defaults() -> None:
    p = resolve_params({})
    f, note = remote_posting_factor(CSR, p)
    assert f == pytest.approx(math.sqrt(25.4 / 10.0)) and "N1a" in note
    assert remote_posting_factor(SEC, p)[0] == 1.0  # uncited office: the neutral default
    assert posting_share(SEC, p) == (10.0, "remote_posting_share_office")
    assert posting_share(TELE, p) == (14.3, "remote_posting_share_sales")
    assert posting_share("27-3043.00", p)[1] == OTHER


@settings(max_examples=50, deadline=None)
@given(
    eta=st.floats(0.0, 1.0),
    share=st.floats(5.0, 25.4),
    ref=st.floats(8.8, 17.8),
)
def test_factor_is_the_clipped_power_and_monotone(eta: float, share: float, ref: float) -> None:
    p = resolve_params(
        {"remote_posting_elasticity": eta, "remote_posting_share_office": share,
         "remote_posting_share_all": ref}
    )  # fmt: skip
    f = remote_posting_factor(SEC, p)[0]
    assert 0.25**eta - 1e-12 <= f <= 4.0**eta + 1e-12
    assert f == pytest.approx(min(4.0, max(0.25, share / ref)) ** eta)
    more = resolve_params(
        {"remote_posting_elasticity": eta, "remote_posting_share_office": min(25.4, share + 1),
         "remote_posting_share_all": ref}
    )  # fmt: skip
    assert remote_posting_factor(SEC, more)[0] >= f - 1e-12


def _rate(pr: Any, oid: str, catalog: Any, **over: float) -> float:
    p = resolve_params(over)
    s = compile_setup(pr, [parse_option(oid, pr, catalog)], p, catalog, None)
    return float(s.groups[0].hire_rate_month)


def test_the_hire_hazard_carries_the_factor_for_employees_only(catalog: Any) -> None:
    pr = load_example("career-changer")
    base = _rate(pr, f"career:{SEC}", catalog)
    up = _rate(pr, f"career:{SEC}", catalog, remote_posting_share_office=20.0)
    assert up == pytest.approx(base * math.sqrt(2.0), rel=1e-9)
    off = _rate(pr, f"career:{CSR}", catalog, remote_posting_elasticity=0.0)
    on = _rate(pr, f"career:{CSR}", catalog)
    assert on == pytest.approx(off * math.sqrt(2.54), rel=1e-9)
    # a freelance marketplace is remote by construction: no posting factor
    fl = _rate(pr, f"freelance:{CSR}", catalog)
    assert fl == _rate(pr, f"freelance:{CSR}", catalog, remote_posting_elasticity=0.0)


def test_the_run_reads_the_targets_group_only(catalog: Any) -> None:
    """The sensitivity moves what the run reads (ReadRecorder): the target's group parameter."""
    from crossroads.decision.sensitivity import ReadRecorder

    pr = load_example("career-changer")
    rec = ReadRecorder.of(resolve_params({}))
    compile_setup(pr, [parse_option(f"career:{SEC}", pr, catalog)], rec, catalog, None)
    assert {"remote_posting_share_office", "remote_posting_share_all",
            "remote_posting_elasticity"} <= set(rec.read)  # fmt: skip
    assert "remote_posting_share_sales" not in rec.read
