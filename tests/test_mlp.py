"""The general network and its training loop: the articles reproduced, and how fit behaves."""

from __future__ import annotations

import io
import sys
import tracemalloc

import numpy as np
import pytest

from nnfromscratch.course.backprop import Parameters, backprop
from nnfromscratch.course.datasets import people, two_layer_data
from nnfromscratch.course.training import TrainingDivergedError as ArticleDivergence
from nnfromscratch.course.training import predict, train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork
from nnfromscratch.general.article_networks import (
    article_network,
    parameters_of,
    train_article_network,
    two_layer_network,
)
from nnfromscratch.general.fit import History, TrainingDivergedError, fit
from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.optimizers import SGD

# ----- the articles' networks as special cases -------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_article_network_forward_and_gradients_match_the_hand_written_ones(seed):
    params = Parameters.random(rng=seed)
    network = article_network(params)
    x, y = people()
    np.testing.assert_allclose(network.predict(x)[:, 0], predict(params, x), rtol=0, atol=1e-15)
    for sample, label in zip(x, y, strict=True):
        _, grads = network.loss_and_gradients(sample[None, :], [[label]])
        hand = backprop(params, sample, label).gradient
        mapped = {
            "w1": grads["W1"][0, 0], "w2": grads["W1"][1, 0], "w3": grads["W1"][0, 1],
            "w4": grads["W1"][1, 1], "w5": grads["W2"][0, 0], "w6": grads["W2"][1, 0],
            "b1": grads["b1"][0], "b2": grads["b1"][1], "b3": grads["b2"][0],
        }
        for name, value in mapped.items():
            assert abs(value - getattr(hand, name)) < 1e-15, name


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_article_training_reproduced_by_fit_to_1e_12(seed):
    x, y = people()
    start = Parameters.random(rng=seed)
    by_hand = train_sgd(start, x, y, learning_rate=0.1, epochs=1000, report_every=10)
    network = article_network(start)
    losses = {}
    fit(network, x, y, epochs=1000, batch_size=1, shuffle=False, optimizer="sgd",
        learning_rate=0.1, progress=False,
        on_epoch=lambda epoch, net, history: losses.setdefault(epoch - 1, net.loss(x, y)))
    assert np.abs(parameters_of(network).as_array() - by_hand.params.as_array()).max() < 1e-12
    for epoch, loss in by_hand.history:
        assert abs(losses[epoch] - loss) < 1e-12
    assert parameters_of(train_article_network(start, x, y)) == parameters_of(network)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_two_layer_training_reproduced_by_fit_to_1e_12(seed):
    x, y = two_layer_data()
    hand = TwoLayerNetwork.initialise(rng=seed)
    general = two_layer_network(hand.weights1, hand.weights2)
    d_w1, d_w2 = hand.gradients(x, y)
    _, grads = general.loss_and_gradients(x, y)
    assert np.abs(grads["W1"] - d_w1).max() < 1e-14 and np.abs(grads["W2"] - d_w2).max() < 1e-14
    hand_losses = hand.train(x, y, iterations=1500, learning_rate=1.0)
    history = fit(general, x, y, epochs=1500, batch_size=4, shuffle=False, learning_rate=1.0)
    assert np.abs(np.array(history.loss) - hand_losses).max() < 1e-12
    assert np.abs(general.parameters[0] - hand.weights1).max() < 1e-12
    assert np.abs(general.parameters[1] - hand.weights2).max() < 1e-12
    np.testing.assert_allclose(general.predict(x), hand.feedforward(x), rtol=0, atol=1e-12)


# ----- the network ---------------------------------------------------------------------


def test_predict_returns_a_new_array_each_time():
    network = MLP([2, 3, 1], rng=0)
    first = network.predict([[1.0, 2.0]])
    kept = first.copy()
    network.predict([[-5.0, 7.0]])
    assert np.array_equal(first, kept)


def test_batches_of_any_size_give_the_same_predictions_as_one_at_a_time():
    network = MLP([5, 7, 3], ["relu", "softmax"], "categorical_cross_entropy", rng=0)
    x = np.random.default_rng(1).standard_normal((9, 5))
    together = network.predict(x)
    one_by_one = np.vstack([network.predict(row[None, :]) for row in x])
    np.testing.assert_allclose(together, one_by_one, rtol=1e-13, atol=1e-15)


def test_initial_weights_are_seeded_and_scaled_by_fan_in():
    a = MLP([400, 300, 10], ["relu", "softmax"], "categorical_cross_entropy", rng=3)
    b = MLP([400, 300, 10], ["relu", "softmax"], "categorical_cross_entropy", rng=3)
    assert all(np.array_equal(p, q) for p, q in zip(a.parameters, b.parameters, strict=True))
    assert np.std(a.parameters[0]) == pytest.approx(np.sqrt(2 / 400), rel=0.02)  # He, before ReLU
    assert np.std(a.parameters[2]) == pytest.approx(np.sqrt(1 / 300), rel=0.05)  # LeCun
    assert not np.any(a.parameters[1]) and not np.any(a.parameters[3])  # biases start at 0


def test_float32_networks_stay_float32_and_agree_with_float64():
    wide = MLP([6, 8, 3], ["tanh", "softmax"], "categorical_cross_entropy", rng=0)
    narrow = wide.copy(dtype="float32")
    x = np.random.default_rng(0).standard_normal((10, 6))
    assert narrow.predict(x).dtype == np.float32
    np.testing.assert_allclose(narrow.predict(x), wide.predict(x), rtol=1e-5, atol=1e-6)
    y = np.eye(3)[np.arange(10) % 3]
    fit(narrow, x, y, epochs=5, rng=0)
    assert all(p.dtype == np.float32 for p in narrow.parameters)


def test_extreme_inputs_give_finite_outputs_and_losses_without_warnings():
    # filterwarnings = error: any overflow warning would fail this test.
    x = np.array([[1e4, -1e4], [-1e4, 1e4]])
    for activations, loss, y in [
        (["sigmoid", "sigmoid"], "binary_cross_entropy", [[1.0], [0.0]]),
        (["tanh", "softmax"], "categorical_cross_entropy", [[1.0, 0.0], [0.0, 1.0]]),
        (["relu", "identity"], "mse", [[0.0], [0.0]]),
    ]:
        n_out = len(y[0])
        network = MLP([2, 3, n_out], activations, loss, rng=0)
        network.dense_layers[-1].weights *= 1e3  # push the output sums far past overflow
        assert np.all(np.isfinite(network.predict(x)))
        value, grads = network.loss_and_gradients(x, y)
        assert np.isfinite(value) and all(np.all(np.isfinite(g)) for g in grads.values())


# ----- fit -----------------------------------------------------------------------------


def blobs(n=60, seed=0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, n)
    x = rng.standard_normal((n, 2)) * 0.5 + np.array([[0, 0], [3, 0], [0, 3]])[labels]
    return x, np.eye(3)[labels], labels


def test_fit_with_the_same_seed_is_repeatable_and_another_seed_differs():
    x, y, _ = blobs()

    def run(seed):
        network = MLP([2, 5, 3], ["relu", "softmax"], "categorical_cross_entropy", rng=0)
        history = fit(network, x, y, epochs=5, batch_size=7, optimizer="momentum", rng=seed)
        return history.loss, network.parameters

    (loss_a, params_a), (loss_b, params_b), (loss_c, _) = run(1), run(1), run(2)
    assert loss_a == loss_b
    assert all(np.array_equal(p, q) for p, q in zip(params_a, params_b, strict=True))
    assert loss_a != loss_c


def test_fit_without_shuffle_visits_samples_in_order():
    x, y, _ = blobs(10)
    seen = []
    network = MLP([2, 3], "softmax", "categorical_cross_entropy", rng=0)
    original = network.loss
    network.loss = lambda xb, yb: (seen.append(xb.copy()), original(xb, yb))[1]
    fit(network, x, y, epochs=1, batch_size=4, shuffle=False)
    assert [len(b) for b in seen] == [4, 4, 2]  # the last batch is what is left
    np.testing.assert_array_equal(np.vstack(seen), x)


def test_fit_with_shuffle_visits_every_sample_once_per_epoch():
    x, y, _ = blobs(10)
    seen = []
    network = MLP([2, 3], "softmax", "categorical_cross_entropy", rng=0)
    original = network.loss
    network.loss = lambda xb, yb: (seen.append(xb.copy()), original(xb, yb))[1]
    fit(network, x, y, epochs=2, batch_size=3, rng=0)
    first, second = np.vstack(seen[:4]), np.vstack(seen[4:])
    for epoch in (first, second):
        assert sorted(map(tuple, epoch)) == sorted(map(tuple, x))
    assert not np.array_equal(first, x) and not np.array_equal(first, second)


def test_history_records_every_epoch_and_validation():
    x, y, labels = blobs()
    network = MLP([2, 8, 3], ["tanh", "softmax"], "categorical_cross_entropy", rng=0)
    calls = []
    history = fit(network, x[:40], y[:40], epochs=30, batch_size=8, optimizer="adam",
                  learning_rate=0.05, rng=0, validation_data=(x[40:], y[40:]),
                  on_epoch=lambda epoch, net, h: calls.append(epoch))
    assert isinstance(history, History)
    assert calls == list(range(1, 31))
    assert len(history.loss) == len(history.validation_loss) == len(history.validation_accuracy) == 30
    assert history.loss[-1] < history.loss[0] / 3
    assert history.validation_accuracy[-1] == np.mean(network.predict_classes(x[40:]) == labels[40:])
    assert history.validation_loss[-1] == pytest.approx(network.loss(x[40:], y[40:]), rel=1e-12)


def test_the_epoch_loss_of_a_full_batch_is_the_loss_before_the_step():
    x, y, _ = blobs(20)
    network = MLP([2, 3], "softmax", "categorical_cross_entropy", rng=0)
    before = network.loss(x, y)
    history = fit(network, x, y, epochs=1, batch_size=20, shuffle=False)
    assert history.loss == [pytest.approx(before, rel=1e-12)]


@pytest.mark.parametrize("rate", [10.0, 1e3])
def test_divergence_stops_with_a_clear_error(rate):
    x = np.random.default_rng(0).standard_normal((32, 3)) * 100
    y = x @ np.array([[1.0], [2.0], [3.0]])
    network = MLP([3, 8, 1], ["relu", "identity"], "mse", rng=0)
    with pytest.raises(TrainingDivergedError, match=r"training diverged in epoch \d+(, batch \d+)?: the loss became (nan|inf)") as caught:
        fit(network, x, y, epochs=200, batch_size=8, learning_rate=rate, rng=0)
    assert caught.value.epoch >= 1 and not np.isfinite(caught.value.loss)
    assert f"(it was {rate:g})" in str(caught.value)
    assert isinstance(caught.value, ArticleDivergence)  # one except catches both kinds


def test_fit_allocates_nothing_that_grows_with_the_number_of_steps():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((512, 32)).astype(np.float32)
    y = np.eye(4, dtype=np.float32)[rng.integers(0, 4, 512)]
    network = MLP([32, 64, 64, 4], ["relu", "relu", "softmax"], "categorical_cross_entropy", dtype="float32", rng=0)
    optimiser = SGD(0.01)
    fit(network, x, y, epochs=1, batch_size=32, optimizer=optimiser, rng=0)  # buffers made
    memory = []
    tracemalloc.start()
    try:
        fit(network, x, y, epochs=20, batch_size=32, optimizer=optimiser, rng=0,
            on_epoch=lambda *_: memory.append(tracemalloc.get_traced_memory()[0]))
    finally:
        tracemalloc.stop()
    # 16 steps per epoch, 320 in all; what stays allocated may not grow with them.
    growth = memory[-1] - memory[1]
    assert growth < 4096, f"{growth} bytes more after 18 more epochs"


def test_progress_bar_is_silent_unless_asked(capsys):
    x, y, _ = blobs(12)
    network = MLP([2, 3], "softmax", "categorical_cross_entropy", rng=0)
    fit(network, x, y, epochs=3)  # pytest captures stdout: not a terminal
    fit(network, x, y, epochs=3, progress=False)
    assert capsys.readouterr() == ("", "")
    fit(network, x, y, epochs=3, progress=True)
    assert "training" in capsys.readouterr().err


def test_progress_bar_appears_by_default_on_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out, err = Terminal(), Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    x, y, _ = blobs(12)
    fit(MLP([2, 3], "softmax", "categorical_cross_entropy", rng=0), x, y, epochs=2)
    assert "training" in err.getvalue() and "epoch" in err.getvalue()
