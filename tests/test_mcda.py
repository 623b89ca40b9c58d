"""MCDA: weighted sum and TOPSIS equal pymcdm's on random matrices; weight monotonicity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from crossroads.decision.mcda import contributions, normalise, rank, score, topsis, weighted_sum
from crossroads.errors import InputError

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
pymcdm = pytest.importorskip("pymcdm")
from pymcdm.helpers import rankdata  # noqa: E402
from pymcdm.methods import TOPSIS, WSM  # noqa: E402
from pymcdm.normalizations import minmax_normalization  # noqa: E402


def _random_problem(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n, m = rng.integers(2, 12), rng.integers(2, 15)
    matrix = rng.normal(size=(n, m)) * rng.uniform(0.1, 1000, size=m) + rng.uniform(-50, 50, size=m)
    weights = rng.uniform(0.01, 1, size=m)
    weights /= weights.sum()
    types = rng.choice([-1, 1], size=m)
    return matrix, weights, types


@pytest.mark.parametrize("seed", range(40))
def test_weighted_sum_equals_pymcdm(seed: int) -> None:
    matrix, weights, types = _random_problem(seed)
    ours = weighted_sum(matrix, weights, types == 1)
    ref = WSM(normalization_function=minmax_normalization)(matrix, weights, types)
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(rank(ours), rankdata(ref, reverse=True).astype(int))


@pytest.mark.parametrize("seed", range(40))
def test_topsis_equals_pymcdm(seed: int) -> None:
    matrix, weights, types = _random_problem(seed)
    ours = topsis(matrix, weights, types == 1)
    ref = TOPSIS()(matrix, weights, types)
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(rank(ours), rankdata(ref, reverse=True).astype(int))


def test_constant_column_normalises_to_one_like_pymcdm() -> None:
    m = np.array([[1.0, 5.0], [1.0, 7.0], [1.0, 6.0]])
    r = normalise(m, np.array([True, False]))
    assert r[:, 0].tolist() == [1.0, 1.0, 1.0]
    assert r[:, 1].tolist() == [1.0, 0.0, 0.5]


def test_batched_scores_equal_one_by_one() -> None:
    rng = np.random.default_rng(3)
    mats = rng.normal(size=(7, 5, 4))
    w = rng.uniform(size=(7, 4))
    b = np.array([True, False, True, True])
    for method in ("weighted_sum", "topsis"):
        batch = score(mats, w, b, method)
        single = np.stack([score(mats[i], w[i], b, method) for i in range(7)])
        np.testing.assert_allclose(batch, single)


def test_contributions_sum_to_weighted_sum() -> None:
    matrix, weights, types = _random_problem(11)
    c = contributions(matrix, weights, types == 1)
    np.testing.assert_allclose(c.sum(axis=1), weighted_sum(matrix, weights, types == 1))


def test_unknown_method_names_the_field() -> None:
    with pytest.raises(InputError) as exc:
        score(np.ones((2, 2)), np.ones(2), np.array([True, True]), "electre")
    assert exc.value.errors[0].field == "method"


@settings(max_examples=60, deadline=None)
@given(
    matrix=arrays(np.float64, (5, 4), elements=st.floats(-1e3, 1e3, allow_nan=False)),
    weights=arrays(np.float64, 4, elements=st.floats(0.0, 5.0)),
    k=st.integers(0, 3),
    bump=st.floats(0.0, 10.0),
)
def test_raising_a_weight_never_lowers_the_rank_of_the_best_option_on_it(
    matrix: np.ndarray, weights: np.ndarray, k: int, bump: float
) -> None:
    benefit = np.array([True, False, True, False])
    r = normalise(matrix, benefit)
    best = int(np.argmax(r[:, k]))
    before = rank(weighted_sum(matrix, weights, benefit))[best]
    w2 = weights.copy()
    w2[k] += bump
    after = rank(weighted_sum(matrix, w2, benefit))[best]
    assert after <= before
