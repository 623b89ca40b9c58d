"""The engine's faster kernels give the same bits as the plain computations they replace.

Why: issue 16 §5 made the per-element work cheaper (tabulated tax corners, a ramp by comparison
and scatter, one gather for every drift timing's hire months) on the promise that no number
changes. These tests hold each kernel to the straightforward NumPy it stands for, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.catalog import Catalog
from crossroads.money.tax import N_SE, N_WAGE, STEP, TaxSchedule, us_schedule
from crossroads.simulation.engine import _drift_month, _drift_months, _ramp

f32 = np.float32


def plain_tax(sched: TaxSchedule, wage: np.ndarray, se: np.ndarray) -> np.ndarray:
    """The four-corner float32 bilinear blend, written out corner by corner."""
    k = f32(12.0 * sched.fx / STEP)
    w = np.maximum(np.multiply(wage, k, dtype=f32), 0)
    s = np.maximum(np.multiply(se, k, dtype=f32), 0)
    iw = np.minimum(w.astype(np.intp), N_WAGE - 2)
    is_ = np.minimum(s.astype(np.intp), N_SE - 2)
    w = (w - iw).astype(f32)
    s = (s - is_).astype(f32)
    t = sched.table.astype(f32)
    t00, t01 = t[iw, is_], t[iw, is_ + 1]
    t10, t11 = t[iw + 1, is_], t[iw + 1, is_ + 1]
    lo = t00 + (t01 - t00) * s
    hi = t10 + (t11 - t10) * s
    out: np.ndarray = (lo + (hi - lo) * w) * f32(1.0 / (12.0 * sched.fx))
    return out


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return (
        a.shape == b.shape
        and a.dtype == b.dtype
        and bool((a.view(np.uint32) == b.view(np.uint32)).all())
    )


money = st.floats(-2_000, 60_000, width=32, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(money, money), min_size=1, max_size=40),
    st.sampled_from([None, "CA", "NY"]),
    st.sampled_from([1.0, 0.0123, 1.37]),
)
def test_tax_matches_the_plain_blend(
    pairs: list[tuple[float, float]], state: str | None, fx: float
) -> None:
    sched = us_schedule(state).with_fx(fx)
    wage = np.array([p[0] for p in pairs], f32)
    se = np.array([p[1] for p in pairs], f32)
    assert same_bits(sched.tax(wage, se), plain_tax(sched, wage, se))


@pytest.mark.parametrize("state", [None, "CA"])
def test_tax_with_a_part_left_out_is_the_tax_of_zero(state: str | None) -> None:
    """``None`` for the wage (no career) or self-employment part: the same bits as explicit zeros."""
    rng = np.random.default_rng(5)
    sched = us_schedule(state)
    x = (rng.standard_normal((7, 300)) * 4_000).astype(f32)
    x[:, :40] = 0
    x[0, :3] = -0.0
    z = np.zeros_like(x)
    assert same_bits(sched.tax(None, x), plain_tax(sched, z, x))
    assert same_bits(sched.tax(x, None), plain_tax(sched, x, z))
    with pytest.raises(ValueError, match="wage or the self-employment"):
        sched.tax(None, None)


def test_ramp_is_the_float64_clip() -> None:
    rng = np.random.default_rng(2)
    M = 36
    m_idx = np.arange(1, M + 1, dtype=np.float64)[:, None, None]
    edge = np.array([[0.0, -0.0, np.inf, 36.0, 35.5, 37.0, -0.3, 1e300, 2.0, 0.999]])
    for T in (rng.random((4, 200)) * 50, np.floor(rng.random((4, 200)) * 40), edge):
        plain = np.clip(m_idx - T[None], 0.0, 1.0).astype(f32)
        assert same_bits(_ramp(T, m_idx), plain)


def test_drift_months_match_each_timing_alone() -> None:
    """Hire months of several drift timings at once == :func:`_drift_month` timing by timing;
    timings 0 and 3 share a table (as the hybrid mixes of one target do), timing 1 has none."""
    rng = np.random.default_rng(4)
    M, n, T = 36, 50, 4
    tabs = [np.concatenate([[0.0], np.cumsum(rng.uniform(0.5, 1.5, M))]) for _ in range(2)]
    of = [0, -1, 1, 0]  # each timing's table (-1: no drift)
    width = M + 1
    ctab = np.stack(tabs)
    v = np.sort(rng.choice(T * n, 120, replace=False))
    v = v[[of[int(x) // n] >= 0 for x in v]]
    lab = np.array([of[int(x) // n] for x in v], np.int64)
    start = rng.integers(0, M, v.size)
    thr = rng.exponential(1.0, v.size).astype(f32)
    thr[:3] = np.inf
    rate = rng.uniform(0.0, 0.3, v.size).astype(f32)
    rate[3:6] = 0
    got = _drift_months(start, thr, rate, lab, ctab.reshape(-1), width, tabs, M)
    want = np.empty_like(got)
    for t in range(T):
        sel = (v // n) == t
        if of[t] >= 0 and sel.any():
            want[sel] = _drift_month(start[sel], thr[sel], rate[sel], tabs[of[t]], M)
    assert {0, 3} <= {int(x) // n for x in v}
    assert np.array_equal(got, want)


@pytest.mark.parametrize("paths", [150, 600])
def test_before_first_income_sums_masked_equal_the_month_loop(
    paths: int, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    """Quick runs sum the months before the first income in one masked pass, full runs loop over
    months: the same bits (careers that never earn, hybrids and microtasks, two path counts)."""
    import crossroads.decision.criteria as C
    from crossroads.options import parse_option
    from crossroads.profile import load_example
    from crossroads.simulation import simulate

    prof = load_example("career-changer")
    ids = ["microtask", "career:43-4051.00", "hybrid:10:20:43-4051.00", "freelance:43-6014.00"]
    opts = [parse_option(t, prof) for t in ids]
    attrs = [
        C.Attributes(20.0, 0.5, 3.0, 0.6, 0.4, 3.5, 4.0, 0.7, o.target is not None) for o in opts
    ]
    sim = simulate(prof, opts, paths=paths, seed=7, catalog=catalog)
    masked = C.path_measures(sim, attrs)
    monkeypatch.setattr(C, "BEFORE_MASKED_ELEMENTS", 0)
    looped = C.path_measures(sim, attrs)
    assert masked.tobytes() == looped.tobytes()
    assert (masked[..., 12] > 0).any()  # some hours before the first income were summed
