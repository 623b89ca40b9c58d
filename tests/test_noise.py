"""The equivalence band: Monte Carlo noise earns no normalised credit (decision/noise.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from crossroads.decision.criteria import BENEFIT, MEASURE_KEYS, N_MEASURES
from crossroads.decision.mcda import normalise, score
from crossroads.decision.noise import MMD, equivalence_band, paired_se, snap, summary_se

COL = {k: j for j, k in enumerate(MEASURE_KEYS)}


def test_every_measure_has_a_documented_mmd() -> None:
    assert set(MMD) == set(MEASURE_KEYS)
    for key, m in MMD.items():
        default = m.absolute or m.relative
        assert m.low <= default <= m.high, key
        assert m.why, key


@given(arrays(np.float64, (4, 3), elements=st.floats(-1e6, 1e6)), arrays(np.bool_, (3,)))
def test_without_band_normalise_is_unchanged(m: np.ndarray, benefit: np.ndarray) -> None:
    assert np.array_equal(normalise(m, benefit), normalise(m, benefit, None))


@given(
    arrays(np.float64, (5, 3), elements=st.floats(-1e3, 1e3)),
    arrays(np.bool_, (3,)),
    st.floats(0, 50),
)
def test_snap_never_leaves_credit_inside_the_band(
    m: np.ndarray, benefit: np.ndarray, b: float
) -> None:
    band = np.full(3, b)
    r = normalise(m, benefit, band)
    assert np.all((r >= 0) & (r <= 1))
    for j in range(3):
        col = m[:, j]
        best = col.max() if benefit[j] else col.min()
        near = np.abs(col - best) <= b
        assert np.all(r[near, j] == 1.0)  # as good as the best within the noise
        if col.max() - col.min() <= b:
            assert np.all(r[:, j] == 1.0)  # the column cannot separate the options


def test_snap_keeps_the_order_of_what_it_does_not_merge() -> None:
    m = np.array([[0.0], [1.0], [5.0], [9.5], [10.0]])
    out = snap(m, np.array([True]), np.array([1.0]))
    assert out[:, 0].tolist() == [0.0, 0.0, 5.0, 10.0, 10.0]


def test_paired_se_uses_common_random_numbers() -> None:
    rng = np.random.default_rng(0)
    base = rng.normal(0, 100, size=(1, 2000, N_MEASURES))
    values = np.concatenate([base, base + 5.0, base + rng.normal(0, 1, size=base.shape)])
    se = paired_se(values, 0)
    assert np.all(se[0] == 0)
    assert np.allclose(se[1], 0, atol=1e-9)  # a constant shift on the same luck: no noise at all
    own = summary_se(values)
    assert np.all(se[2] < own[2] / 10)  # the paired difference is far less noisy than each option


def test_a_13_path_shortfall_gap_does_not_decide_against_eight_times_the_income() -> None:
    """Dana's case: 99.82 % vs 99.95 % shortfall (13 of 10,000 paths) against 65,060 vs 8,052 net."""
    rng = np.random.default_rng(1)
    n = 10_000
    values = np.zeros((2, n, N_MEASURES))
    values[0, :, COL["net_income"]] = 8_052 + rng.normal(0, 500, n)
    values[1, :, COL["net_income"]] = 65_060 + rng.normal(0, 20_000, n)
    short = rng.random(n)
    values[0, :, COL["p_shortfall"]] = short < 0.9982
    values[1, :, COL["p_shortfall"]] = short < 0.9995
    matrix = np.median(values, axis=1)
    matrix[:, COL["p_shortfall"]] = values[:, :, COL["p_shortfall"]].mean(1)
    weights = np.zeros(N_MEASURES)
    weights[COL["p_shortfall"]] = 0.6  # safety weighs more than earnings for this person
    weights[COL["net_income"]] = 0.4
    band = equivalence_band(values, matrix, reference=1)
    assert band[COL["p_shortfall"]] >= 0.02
    with_band = score(matrix, weights, BENEFIT, band=band)
    assert with_band[1] > with_band[0]
    # without the band the 0.13-point gap took the full safety weight: "microtasks only" won
    no_band = score(matrix, weights, BENEFIT)
    assert no_band[0] > no_band[1]


def test_minimum_meaningful_differences_are_registry_parameters() -> None:
    """Every measure's MMD is `mmd_<key>` in the registry, overridable and range-checked."""
    import pytest

    from crossroads.decision.criteria import MEASURES
    from crossroads.decision.noise import equivalence_band, mmd_arrays
    from crossroads.errors import InputError
    from crossroads.params import PARAMS, resolve_params

    for m in MEASURES:
        p = PARAMS[f"mmd_{m.key}"]
        assert p.low <= p.default <= p.high and p.source == "assumption"
    j = [m.key for m in MEASURES].index("p_shortfall")
    values = np.zeros((2, 50, len(MEASURES)))  # no noise: the band is the MMD alone
    matrix = np.ones((2, len(MEASURES)))
    default = equivalence_band(values, matrix, 0)
    assert default[j] == pytest.approx(PARAMS["mmd_p_shortfall"].default)
    wider = equivalence_band(values, matrix, 0, resolve_params({"mmd_p_shortfall": 0.05}))
    assert wider[j] == pytest.approx(0.05)
    assert np.allclose(np.delete(wider, j), np.delete(default, j))
    assert np.allclose(mmd_arrays(resolve_params(None))[0], mmd_arrays()[0])
    with pytest.raises(InputError, match="assumptions.mmd_p_shortfall"):
        resolve_params({"mmd_p_shortfall": 0.5})
