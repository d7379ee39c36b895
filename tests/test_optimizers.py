"""The optimisers against textbook one-line implementations, and on problems with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from nnfromscratch.general.fit import fit
from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.optimizers import SGD, Adam, Momentum, make_optimizer


def reference_run(name, settings, gradients_of, start, steps):
    """The update rules written plainly, allocation and all, as in the papers."""
    theta = [p.copy() for p in start]
    velocity = [np.zeros_like(p) for p in theta]
    m = [np.zeros_like(p) for p in theta]
    v = [np.zeros_like(p) for p in theta]
    for t in range(1, steps + 1):
        grads = gradients_of(theta)
        for i, g in enumerate(grads):
            if name == "sgd":
                theta[i] = theta[i] - settings["learning_rate"] * g
            elif name == "momentum":
                velocity[i] = settings["momentum"] * velocity[i] - settings["learning_rate"] * g
                theta[i] = theta[i] + velocity[i]
            else:
                b1, b2, eps = 0.9, 0.999, 1e-8
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * g * g
                m_hat, v_hat = m[i] / (1 - b1**t), v[i] / (1 - b2**t)
                theta[i] = theta[i] - settings["learning_rate"] * m_hat / (np.sqrt(v_hat) + eps)
    return theta


def bowl_gradients(theta):
    """Gradients of an ill-conditioned bowl L = Σ c_i θ_i², plus a bias term."""
    scales = [np.array([[1.0, 10.0], [0.1, 3.0]]), np.array([5.0])]
    return [2 * c * p + 0.3 for c, p in zip(scales, theta, strict=True)]


@pytest.mark.parametrize(
    ("name", "settings"),
    [
        ("sgd", {"learning_rate": 0.01}),
        ("momentum", {"learning_rate": 0.01, "momentum": 0.9}),
        ("adam", {"learning_rate": 0.05}),
    ],
)
def test_optimisers_follow_their_textbook_rules(name, settings):
    start = [np.array([[1.0, -2.0], [3.0, 0.5]]), np.array([-1.0])]
    expected = reference_run(name, settings, bowl_gradients, start, steps=200)
    theta = [p.copy() for p in start]
    optimiser = make_optimizer(name, **settings)
    for _ in range(200):
        optimiser.step(theta, bowl_gradients(theta))
    for got, want in zip(theta, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("optimiser", [SGD(0.05), Momentum(0.02, 0.9), Adam(0.1)], ids=repr)
def test_optimisers_reach_the_bottom_of_a_bowl(optimiser):
    theta = [np.array([3.0, -4.0])]
    for _ in range(500):
        optimiser.step(theta, [2 * theta[0]])  # L = |θ|², minimum at 0
    assert np.abs(theta[0]).max() < 1e-3


def test_adam_moves_every_parameter_at_a_similar_pace():
    theta = [np.zeros(2)]
    Adam(learning_rate=0.01).step(theta, [np.array([1e6, 1e-3])])
    np.testing.assert_allclose(theta[0], [-0.01, -0.01], rtol=1e-3)


def test_optimisers_update_in_place_and_keep_dtype():
    for optimiser in (SGD(0.1), Momentum(0.1), Adam(0.1)):
        theta = np.ones(3, dtype=np.float32)
        same = theta
        optimiser.step([theta], [np.ones(3, dtype=np.float32)])
        assert theta is same and theta.dtype == np.float32 and np.all(theta < 1)


def test_an_optimiser_refuses_a_different_set_of_parameters():
    optimiser = SGD(0.1)
    optimiser.step([np.zeros(2)], [np.zeros(2)])
    with pytest.raises(ValueError, match="parameters must be the ones this optimiser stepped before"):
        optimiser.step([np.zeros(3)], [np.zeros(3)])


def test_gradients_must_match_their_parameters():
    with pytest.raises(ValueError, match=r"gradients\[0\] must have shape \(2,\), got \(3,\)"):
        SGD(0.1).step([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(ValueError, match="parameters and gradients must pair up, got 1 and 2"):
        SGD(0.1).step([np.zeros(2)], [np.zeros(2), np.zeros(2)])


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_every_optimiser_trains_a_network(name):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)  # XOR of the signs: needs the hidden layer
    network = MLP([2, 8, 1], ["tanh", "sigmoid"], "binary_cross_entropy", rng=0)
    rate = {"sgd": 0.5, "momentum": 0.1, "adam": 0.03}[name]
    history = fit(network, x, y, epochs=150, batch_size=16, optimizer=name, learning_rate=rate, rng=0)
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert np.mean(network.predict_classes(x) == y[:, 0]) > 0.9
