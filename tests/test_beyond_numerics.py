"""Numeric extremes of the general networks' functions, as properties checked by hypothesis.

Inputs range up to ±1e4 (far past where a naive e^z overflows: about 709 in float64, 88 in
float32), and probabilities include exactly 0 and 1. pytest turns every warning into an
error here, so "warning-free" is checked by simply running.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnfromscratch.course.activations import log_softmax, logsumexp, relu, sigmoid, softmax, tanh
from nnfromscratch.course.losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    categorical_cross_entropy,
    softmax_cross_entropy,
)
from nnfromscratch.general.layers import ReLU, Sigmoid, Softmax, Tanh
from nnfromscratch.general.mlp import MLP

BIG = 1e4
scores = st.floats(-BIG, BIG, allow_nan=False)
rows = hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=scores)
vectors = hnp.arrays(np.float64, st.integers(1, 20), elements=scores)
probabilities = st.floats(0.0, 1.0)
EXTREMES = np.array([-BIG, -1e3, -800.0, -100.0, -1.0, 0.0, 1.0, 100.0, 800.0, 1e3, BIG])


@given(rows)
def test_softmax_is_a_probability_distribution_for_any_scores(z):
    p = softmax(z)
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert np.all(p[np.arange(len(z)), np.argmax(z, axis=1)] >= 1 / z.shape[1] - 1e-12)


@given(rows, st.floats(-BIG, BIG))
def test_softmax_ignores_a_common_shift(z, shift):
    np.testing.assert_allclose(softmax(z + shift), softmax(z), rtol=1e-6, atol=1e-12)


@given(vectors)
def test_logsumexp_lies_between_the_max_and_the_max_plus_log_n(z):
    value = logsumexp(z)
    assert np.isfinite(value)
    assert z.max() <= value <= z.max() + np.log(z.size) + 1e-9 * max(1.0, abs(z.max()))


@given(rows)
def test_log_softmax_is_finite_non_positive_and_consistent_with_softmax(z):
    logs = log_softmax(z)
    assert np.all(np.isfinite(logs)) and np.all(logs <= 1e-12)
    np.testing.assert_allclose(np.exp(logs), softmax(z), rtol=1e-9, atol=1e-300)


@given(vectors)
def test_tanh_is_odd_and_bounded_and_relu_splits_x(z):
    t = tanh(z)
    assert np.all(np.abs(t) <= 1) and np.array_equal(tanh(-z), -t)
    assert np.all(relu(z) >= 0) and np.array_equal(relu(z) - relu(-z), z)


@given(vectors)
def test_the_sigmoid_symmetry_and_bounds_hold(z):
    s = sigmoid(z)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(sigmoid(-z), 1 - s, rtol=0, atol=1e-15)


@given(st.lists(st.sampled_from([0.0, 1.0]), min_size=1, max_size=8), st.data())
def test_binary_cross_entropy_is_finite_at_probabilities_0_and_1(targets, data):
    predictions = data.draw(st.lists(st.sampled_from([0.0, 1.0]) | probabilities, min_size=len(targets), max_size=len(targets)))
    value = binary_cross_entropy(targets, predictions)
    assert np.isfinite(value) and value >= 0


@given(hnp.arrays(np.float64, st.integers(1, 8), elements=scores), st.data())
def test_binary_cross_entropy_from_logits_is_exact_and_finite(z, data):
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    value = binary_cross_entropy_from_logits(y, z)
    assert np.isfinite(value) and value >= 0
    moderate = np.abs(z) < 30  # where σ(z) is not rounded to 0 or 1, both forms agree
    if moderate.all():
        assert abs(value - binary_cross_entropy(y, sigmoid(z))) <= 1e-9 * max(1.0, value)


@given(rows, st.data())
def test_softmax_cross_entropy_is_finite_and_matches_the_unfused_form(z, data):
    labels = data.draw(hnp.arrays(np.int64, len(z), elements=st.integers(0, z.shape[1] - 1)))
    y = np.eye(z.shape[1])[labels]
    value = softmax_cross_entropy(y, z)
    assert np.isfinite(value) and value >= 0
    if np.ptp(z, axis=1).max() < 30:
        assert abs(value - categorical_cross_entropy(y, softmax(z))) <= 1e-9 * max(1.0, value)


def test_categorical_cross_entropy_is_finite_at_probability_0():
    assert np.isfinite(categorical_cross_entropy([[1, 0]], [[0.0, 1.0]]))
    assert categorical_cross_entropy([[1, 0]], [[1.0, 0.0]]) < 1e-12


def test_activation_layers_are_finite_and_silent_at_the_extremes():
    z = np.vstack([EXTREMES, -EXTREMES])
    for dtype in (np.float64, np.float32):
        zz = z.astype(dtype)
        for layer in (Sigmoid(), Tanh(), ReLU(), Softmax()):
            out = layer.forward(zz)
            grad = layer.backward(np.ones_like(zz))
            assert out.dtype == dtype and np.all(np.isfinite(out)) and np.all(np.isfinite(grad))
        s = Sigmoid().forward(zz)
        assert np.all((s >= 0) & (s <= 1))
        np.testing.assert_allclose(Sigmoid().forward(-zz), 1 - s, atol=1e-7)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([("sigmoid", "binary_cross_entropy"), ("softmax", "categorical_cross_entropy"), ("tanh", "mse"), ("identity", "sum_of_squares")]),
       st.sampled_from(["float32", "float64"]), st.floats(-BIG, BIG), st.integers(0, 2**32 - 1))
def test_networks_give_finite_losses_and_gradients_for_huge_inputs(head, dtype, scale, seed):
    output, loss = head
    rng = np.random.default_rng(seed)
    network = MLP([3, 4, 2], ["sigmoid", output], loss, dtype=dtype, rng=rng)
    x = rng.standard_normal((5, 3)) * scale
    y = np.eye(2)[rng.integers(0, 2, 5)]
    value, grads = network.loss_and_gradients(x, y)
    assert np.isfinite(value) and all(np.all(np.isfinite(g)) for g in grads.values())
