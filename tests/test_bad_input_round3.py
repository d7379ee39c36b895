"""Bad input, round three: arithmetic on settings, what a user's function returns, the state a
failed call leaves behind, files, huge sizes, and the argument an error names.

Every row names the call, the exception and a pattern its message must match: the argument
as the caller spells it, what was expected, what came (`tests/test_error_rule.py` holds each
row to the rule). Warnings are errors in this suite, so a row that answers with a
RuntimeWarning fails too. Below the table: what a failed call must leave unchanged.
"""

from __future__ import annotations

import io
import json
import zipfile
from fractions import Fraction

import numpy as np
import pytest

from nnfromscratch.course.activations import sigmoid
from nnfromscratch.course.backprop import Parameters, backprop, forward
from nnfromscratch.course.losses import mse_loss
from nnfromscratch.course.network import NeuronNetwork
from nnfromscratch.course.neuron import Neuron
from nnfromscratch.course.training import TrainingDivergedError, predict, train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork
from nnfromscratch.general.article_networks import (
    article_network,
    parameters_of,
    two_layer_network,
)
from nnfromscratch.general.fit import fit
from nnfromscratch.general.gradient_check import check_layer, check_network, numerical_gradient
from nnfromscratch.general.layers import Dense
from nnfromscratch.general.metrics import confusion_matrix, one_hot
from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.optimizers import SGD, Adam, Momentum, trajectory
from nnfromscratch.general.persistence import MAX_LAYERS, ModelFileError, load, save
from nnfromscratch.general.tuning import compare, validation_run

X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
Y = np.array([[1.0], [1.0], [0.0], [0.0]])
NAN_PARAMS = Parameters.constant(1, 0)._replace(w1=float("nan"))  # _replace skips the door
THETA = np.ones(2)
VIEW = np.broadcast_to(np.float64(1.0), (10**5, 10**5))  # 10^10 numbers that take 8 bytes


def net(**changes):
    network = MLP([2, 1], "sigmoid", "mse", rng=0)
    for (layer, row, column), value in changes.get("set", {}).items():
        network.parameters[layer][row, column] = value
    return network


def neuron_with_nan():
    neuron = Neuron([1.0, 1.0], 0)
    neuron.weights[0] = np.nan  # a public array, changed after the door
    return neuron


def network_with_nan():
    network = NeuronNetwork.all_same([0.0, 1.0], 0)
    network.h2.bias = float("inf")
    return network


def two_layer_with_nan():
    network = TwoLayerNetwork(np.ones((3, 4)), np.ones((4, 1)))
    network.weights2 = np.full((4, 1), np.nan)
    return network


def dense_with_nan():
    layer = Dense(np.ones((2, 2)))
    layer.weights[0, 0] = np.nan
    return layer


def sgd_with(**settings):
    optimizer = SGD(0.1)
    for name, value in settings.items():
        setattr(optimizer, name, value)
    return optimizer


def adam_with(**settings):
    optimizer = Adam()
    for name, value in settings.items():
        setattr(optimizer, name, value)
    return optimizer


def adam_steps(learning_rate, gradients):
    theta, optimizer = np.array([1.0]), Adam(learning_rate=learning_rate)
    for g in gradients:
        optimizer.step([theta], [np.array([g])])


CASES = [
    # (id, call, exception, message pattern)
    # arithmetic on settings: each refused before it gives NaN or an infinity
    ("adam: epsilon the smallest double", lambda: Adam(epsilon=5e-324), ValueError, r"epsilon must be at least 1e-30 .*got 5e-324"),
    ("adam: epsilon vanishing in float32", lambda: Adam(epsilon=1e-50), ValueError, r"epsilon must be at least 1e-30 .*got 1e-50"),
    ("adam: learning rate 1e308, two steps", lambda: adam_steps(1e308, [1.0, 1.0]), ValueError, r"learning_rate × gradients\[0\] must keep parameters\[0\] finite in float64, got a step to -inf \(with learning_rate=1e\+308\)"),
    ("sgd: learning_rate set to NaN", lambda: sgd_with(learning_rate=float("nan")).step([np.ones(1)], [np.ones(1)]), ValueError, r"learning_rate must be a positive number, got nan"),
    ("sgd: learning_rate set to text", lambda: sgd_with(learning_rate="0.1").step([np.ones(1)], [np.ones(1)]), TypeError, r"learning_rate must be a positive number, got '0.1' \(str\)"),
    ("momentum: momentum set to 1", lambda: fit(net(), X, Y, optimizer=_momentum_one(), progress=False), ValueError, r"momentum must be in \[0, 1\), got 1.0"),
    ("adam: epsilon set to 0", lambda: adam_with(epsilon=0.0).step([np.ones(1)], [np.ones(1)]), ValueError, r"epsilon must be a positive number, got 0.0"),
    ("adam: beta2 set to 1", lambda: adam_with(beta2=1.0).step([np.ones(1)], [np.ones(1)]), ValueError, r"beta2 must be in \[0, 1\), got 1.0"),
    ("fit: optimizer object with a NaN rate", lambda: fit(net(), X, Y, optimizer=sgd_with(learning_rate=float("nan")), progress=False), ValueError, r"learning_rate must be a positive number, got nan"),
    ("step: the same array twice", lambda: SGD(0.1).step([THETA, THETA], [np.ones(2), np.ones(2)]), ValueError, r"parameters\[1\] must not share memory with parameters\[0\] \(a step would move the same numbers twice\), got arrays that overlap"),
    ("step: a view of another parameter", lambda: SGD(0.1).step([THETA, THETA[1:]], [np.ones(2), np.ones(1)]), ValueError, r"parameters\[1\] must not share memory with parameters\[0\]"),
    ("step: no parameters", lambda: SGD().step([], []), ValueError, r"parameters must hold at least one array, got an empty list"),
    ("numerical_gradient: epsilon the smallest double", lambda: numerical_gradient(lambda: 0.0, np.array([2.0]), 5e-324), ValueError, r"epsilon must be large enough to move every entry of array, got 4.94066e-324 \(too small beside 2\)"),
    ("numerical_gradient: a + epsilon overflows", lambda: numerical_gradient(lambda: 0.0, np.array([1.7e308]), 1e308), ValueError, r"epsilon must keep array \+ epsilon finite, got 1e\+308 beside entries up to 1.7e\+308"),
    ("check_network: epsilon 1e-300", lambda: check_network(net(), X, Y, epsilon=1e-300), ValueError, r"epsilon must be between 1e-10 and 0.01 for a float64 check, got 1e-300"),
    ("check_layer: epsilon 0.5", lambda: check_layer(Dense(np.ones((2, 2))), X, epsilon=0.5), ValueError, r"epsilon must be between 1e-10 and 0.01 for a float64 check, got 0.5"),
    ("fit: learning rate 1e308", lambda: fit(MLP([2, 3, 1], "identity", "mse", rng=0), X, Y * 1e3, learning_rate=1e308, progress=False), TrainingDivergedError, r"training diverged in epoch 1: the parameters stopped being finite after a step \(the last loss was [0-9.]+\)"),
    # what the user's loss() returns
    ("numerical_gradient: loss returns text", lambda: numerical_gradient(lambda: "x", np.array([1.0])), TypeError, r"loss\(\) must return a number, got 'x' \(str\)"),
    ("numerical_gradient: loss returns None", lambda: numerical_gradient(lambda: None, np.array([1.0])), TypeError, r"loss\(\) must return a number, got None \(NoneType\)"),
    ("numerical_gradient: loss returns an array", lambda: numerical_gradient(lambda: np.ones(2), np.array([1.0])), TypeError, r"loss\(\) must return a number, got an array of shape \(2,\)"),
    ("numerical_gradient: loss returns NaN", lambda: numerical_gradient(lambda: float("nan"), np.array([1.0])), ValueError, r"loss\(\) must return a finite number, got nan"),
    ("numerical_gradient: loss returns True", lambda: numerical_gradient(lambda: True, np.array([1.0])), TypeError, r"loss\(\) must return a number, got True \(bool\)"),
    ("numerical_gradient: loss returns complex", lambda: numerical_gradient(lambda: 1j, np.array([1.0])), TypeError, r"loss\(\) must return a number, got 1j \(complex\)"),
    # files
    ("save: a network holding inf", lambda: save(net(set={(0, 0, 0): np.inf}), "never-written.npz"), ValueError, r"weights of this network must be finite, got inf in weights\[0\]"),
    ("save: path a number", lambda: save(net(), 123), TypeError, r"path must be a str or a path, got 123 \(int\)"),
    ("save: path empty", lambda: save(net(), ""), ValueError, r"path must name a file, got ''"),
    ("save: path a folder", lambda: save(net(), "."), ValueError, r"path must name a file, got the folder \."),
    ("save: path in no folder", lambda: save(net(), "no-such-folder/net.npz"), ValueError, r"path must be in an existing folder, got no-such-folder/net.npz"),
    ("save: path with a NUL", lambda: save(net(), "net\x00.npz"), ValueError, r"path must not hold a NUL character"),
    ("save: path bytes", lambda: save(net(), b"net.npz"), TypeError, r"path must be a str or a path, got b'net.npz' \(bytes\)"),
    ("save: more layers than load reads", lambda: save(MLP([1] * (MAX_LAYERS + 2), "identity", rng=0), "never-written.npz"), ValueError, rf"network must have at most {MAX_LAYERS} layers to be saved, got {MAX_LAYERS + 1}"),
    ("save: not a network", lambda: save("net", "never-written.npz"), TypeError, r"network must be an MLP, got 'net' \(str\)"),
    ("load: path with a NUL", lambda: load("net\x00.npz"), ValueError, r"path must not hold a NUL character"),
    # huge sizes: refused before NumPy is asked for the memory
    ("one_hot: n_classes 2**40", lambda: one_hot([0, 1], n_classes=2**40), ValueError, r"n_classes must need at most 134,217,728 numbers \(2 one-hot rows of 1,099,511,627,776 classes\), got 2,199,023,255,552"),
    ("one_hot: a label 2**62", lambda: one_hot([0, 2**62]), ValueError, r"labels must need at most 134,217,728 numbers \(2 one-hot rows of 4,611,686,018,427,387,905 classes\)"),
    ("confusion_matrix: n_classes 10**6", lambda: confusion_matrix([0, 1], [1, 0], n_classes=10**6), ValueError, r"n_classes must need at most 134,217,728 numbers \(1,000,000 × 1,000,000 counts\), got 1,000,000,000,000"),
    ("confusion_matrix: a label 10**6", lambda: confusion_matrix([0, 10**6], [1, 0]), ValueError, r"labels must need at most 134,217,728 numbers"),
    ("mlp: a layer 2**40 wide", lambda: MLP([2, 2**40, 1]), ValueError, r"layer_sizes must need at most 134,217,728 numbers \(weights\), got 3,298,534,883,328"),
    ("mse_loss: two 10^5 x 10^5 views", lambda: mse_loss(VIEW, VIEW), ValueError, r"y_true must need at most 134,217,728 numbers \(shape \(100000, 100000\)\), got 10,000,000,000"),
    ("mlp predict: a 10^9 x 2 view", lambda: net().predict(np.broadcast_to(np.float64(1.0), (10**9, 2))), ValueError, r"x must need at most 134,217,728 numbers \(shape \(1000000000, 2\)\)"),
    ("two-layer: initialise 2**20 x 2**20", lambda: TwoLayerNetwork.initialise(n_inputs=2**20, n_hidden=2**20, rng=0), ValueError, r"n_inputs and n_hidden must need at most 134,217,728 numbers \(weights\), got 1,099,512,676,352"),
    ("trajectory: 10**9 steps of 1000 numbers", lambda: trajectory(SGD(0.1), lambda theta: 0 * theta, np.zeros(1000), steps=10**9), ValueError, r"steps must need at most 134,217,728 numbers \(1,000,000,001 points of 1000\)"),
    ("train_sgd: 10**12 epochs, a report each", lambda: train_sgd(Parameters.constant(1, 0), X, Y[:, 0], epochs=10**12, report_every=1), ValueError, r"epochs must need at most 134,217,728 numbers \(a report every 1\), got 1,000,000,000,001"),
    ("fit: 2**30 epochs", lambda: fit(net(), X, Y, epochs=2**30, progress=False), ValueError, r"epochs must be at most 134217728, got 1073741824"),
    ("two-layer: 2**30 iterations", lambda: TwoLayerNetwork.initialise(rng=0).train(X[:, [0, 1, 1]], Y, iterations=2**30), ValueError, r"iterations must be at most 134217728, got 1073741824"),
    ("sigmoid: a whole number of 401 digits", lambda: sigmoid(10**400), ValueError, r"z must be within float64's range \(below 1.8e\+308 in magnitude\), got a number of 401 digits"),
    # the argument the user got wrong is the one named
    ("train_sgd: NaN params", lambda: train_sgd(NAN_PARAMS, X, Y[:, 0]), ValueError, r"params must hold nine finite numbers, got w1 = nan"),
    ("forward: NaN params", lambda: forward(NAN_PARAMS, [1.0, 2.0]), ValueError, r"params must hold nine finite numbers, got w1 = nan"),
    ("backprop: NaN params", lambda: backprop(NAN_PARAMS, [1.0, 2.0], 1.0), ValueError, r"params must hold nine finite numbers, got w1 = nan"),
    ("predict (2-2-1): NaN params", lambda: predict(NAN_PARAMS, X), ValueError, r"params must hold nine finite numbers, got w1 = nan"),
    ("mlp predict: a network holding NaN", lambda: net(set={(0, 1, 0): np.nan}).predict(X), ValueError, r"weights of this network must be finite, got nan in weights\[0\]"),
    ("mlp loss: a network holding inf", lambda: net(set={(0, 0, 0): -np.inf}).loss(X, Y), ValueError, r"weights of this network must be finite, got -inf in weights\[0\]"),
    ("fit: a network holding NaN", lambda: fit(net(set={(0, 0, 0): np.nan}), X, Y, progress=False), ValueError, r"weights of this network must be finite, got nan in weights\[0\]"),
    ("neuron: a NaN weight set later", lambda: neuron_with_nan().feedforward([1.0, 2.0]), ValueError, r"weights and bias of this Neuron must be finite \(they were changed after the neuron was made\), got weights \[nan, 1.0\] and bias 0"),
    ("network: an infinite bias set later", lambda: network_with_nan().feedforward([1.0, 2.0]), ValueError, r"h2's weights and bias must be finite .*got weights \[0.0, 1.0\] and bias inf"),
    ("two-layer: NaN weights set later", lambda: two_layer_with_nan().feedforward([[0.0, 0.0, 1.0]]), ValueError, r"weights2 of this network must be finite numbers, got array"),
    ("neuron: bias set to text later", lambda: _neuron_bias_text().feedforward([1.0, 2.0]), TypeError, r"weights and bias of this Neuron must be numbers \(they were changed after the neuron was made\), got weights \[1.0, 2.0\] and bias 'x'"),
    ("mse_loss: float32 difference overflows float32", lambda: mse_loss(np.float32([3e38]), np.float32([-3e38])), ValueError, r"y_true and y_pred are too large in magnitude for mse_loss: it overflowed float32 \(largest number about 3.4e\+38\) on the way"),
    ("parameters: constant bias NaN", lambda: Parameters.constant(bias=float("nan")), ValueError, r"bias must be finite, got nan"),
    ("parameters: constant weight text", lambda: Parameters.constant(weight="1"), TypeError, r"weight must be numeric, got the string '1'"),
    ("article_network: NaN params", lambda: article_network(NAN_PARAMS), ValueError, r"params must hold nine finite numbers, got w1 = nan"),
    ("article_network: not Parameters", lambda: article_network([1] * 9), TypeError, r"params must be Parameters, got a list of length 9"),
    ("two_layer_network: weights2 of another shape", lambda: two_layer_network(np.ones((3, 4)), np.ones((3, 1))), ValueError, r"weights2 must have shape \(4, 1\) to follow weights1 of shape \(3, 4\), got \(3, 1\)"),
    ("check_network: a network holding NaN", lambda: check_network(net(set={(0, 0, 0): np.nan}), X, Y), ValueError, r"weights of this network must be finite, got nan in weights\[0\]"),
    ("check_layer: x = 1e308", lambda: check_layer(Dense(np.ones((2, 2)), np.zeros(2)), np.full((1, 2), 1e308)), ValueError, r"x must be small enough for epsilon=1e-06 to move it \(below 4.5e\+09\), got values up to 1e\+308"),
    ("check_layer: a layer holding NaN", lambda: check_layer(dense_with_nan(), X), ValueError, r"layer must hold finite weights"),
    ("parameters_of: None", lambda: parameters_of(None), TypeError, r"network must be an MLP, got None \(NoneType\)"),
    ("parameters_of: a 2-3-1 network", lambda: parameters_of(MLP([2, 3, 1], rng=0)), ValueError, r"network must be a 2-2-1 MLP with biases, got MLP"),
    ("compare: a rate as text", lambda: compare("relu", "adam", rates=[0.1, "x"]), TypeError, r"rates\[1\] must be a positive number, got 'x' \(str\)"),
    ("compare: a misspelt optimizer", lambda: compare("relu", "adma"), ValueError, r"unknown optimizer 'adma'.*Did you mean 'adam'\?"),
    ("compare: seeds a number", lambda: compare("relu", "adam", seeds=0), TypeError, r"seeds must be a non-empty list, got 0 \(int\)"),
    ("validation_run: a negative seed", lambda: validation_run("relu", "adam", 0.1, -1), ValueError, r"seed must be a whole-number seed >= 0, got -1"),
    ("validation_run: a misspelt activation", lambda: validation_run("rleu", "adam", 0.1, 0), ValueError, r"unknown activation 'rleu'.*Did you mean 'relu'\?"),
    # also
    ("mlp predict: float32 network, 1e300", lambda: MLP([2, 1], dtype="float32", rng=0).predict([[1e300, 0]]), ValueError, r"x must be within float32's range \(below 3.4e\+38 in magnitude\), got 1e\+300"),
    ("fit: float32 network, targets 1e39", lambda: fit(MLP([2, 1], "identity", dtype="float32", rng=0), X, Y * 1e39, progress=False), ValueError, r"y must be within float32's range \(below 3.4e\+38 in magnitude\), got 1e\+39"),
    ("dense: float32 bias 1e39 for float32 weights", lambda: Dense(np.ones((2, 1), dtype=np.float32), [1e39]), ValueError, r"bias must be within float32's range"),
]


def _neuron_bias_text():
    neuron = Neuron([1.0, 2.0], 0)
    neuron.bias = "x"
    return neuron


def _momentum_one():
    optimizer = Momentum(0.1)
    optimizer.momentum = 1.0
    return optimizer


@pytest.mark.parametrize(("call", "error", "pattern"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_round_three_gets_the_rules_error(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_the_table_has_no_duplicate_rows():
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))


# ----- computed right, not refused -----------------------------------------------------------

ACCEPTED = [
    ("numerical_gradient: big-endian float64", lambda: numerical_gradient(lambda: 0.0, np.array([1.0], dtype=">f8")).tolist(), "[0.0]"),
    ("step: big-endian float64 parameters", lambda: _big_endian_step(), "[0.9]"),
    ("mlp predict: big-endian inputs", lambda: net().predict(np.array([[0.0, 0.0]], dtype=">f8")).round(3).tolist(), "[[0.5]]"),
    ("numerical_gradient: loss returns a NumPy scalar", lambda: numerical_gradient(lambda: np.float32(1.5), np.array([1.0])).tolist(), "[0.0]"),
    ("numerical_gradient: loss returns a 0-d array", lambda: numerical_gradient(lambda: np.array(2.0), np.array([1.0])).tolist(), "[0.0]"),
    ("adam: epsilon 1e-30 on a zero gradient", lambda: _adam_zero_gradient(1e-30), "[1.0]"),
    ("all_same: three neurons, three arrays", lambda: _all_same_shares(), "False"),
    ("sigmoid: an int beyond int64", lambda: sigmoid(2**70), "1.0"),
    ("sigmoid: a Fraction", lambda: f"{sigmoid(Fraction(1, 3)):.4f}", "0.5826"),
    ("sigmoid: a list with an int beyond int64", lambda: sigmoid([0, 2**70]).tolist(), "[0.5, 1.0]"),
    ("neuron: weights set to a list of numbers", lambda: f"{_neuron_weights_list().feedforward([2, 3]):.3f}", "0.999"),
    ("compare: rates a list", lambda: compare("relu", "adam", rates=[0.003], seeds=[0], epochs=1).tuned_rate, "0.003"),
    ("one_hot: the largest allowed", lambda: one_hot([0], n_classes=2**27).shape, "(1, 134217728)"),
]


def _neuron_weights_list():
    neuron = Neuron([0.0, 0.0], 4)
    neuron.weights = [0, 1]
    return neuron


def _big_endian_step():
    theta = np.array([1.0], dtype=">f8")
    SGD(0.1).step([theta], [np.array([1.0])])
    return str(theta.tolist())


def _adam_zero_gradient(epsilon):
    theta = np.array([1.0], dtype=np.float32)
    Adam(epsilon=epsilon).step([theta], [np.zeros(1, dtype=np.float32)])
    return str(theta.tolist())


def _all_same_shares():
    weights = np.array([0.0, 1.0])
    network = NeuronNetwork.all_same(weights, 0)
    units = (network.h1, network.h2, network.o1)
    return str(any(np.shares_memory(a.weights, b.weights) for a in units for b in units if a is not b)
               or any(np.shares_memory(u.weights, weights) for u in units))


@pytest.mark.parametrize(("call", "printed"), [case[1:] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_round_three_computes_right(call, printed):
    assert str(call()) == printed


# ----- a failed call leaves nothing of the caller's changed -----------------------------------


class Interrupt(KeyboardInterrupt):
    pass


@pytest.mark.parametrize("failure", [KeyError("loss"), Interrupt()], ids=["an error", "Ctrl-C"])
def test_numerical_gradient_restores_the_array_whatever_stops_it(failure):
    theta = np.array([1.0, 2.0, 3.0])
    calls = []

    def loss():
        calls.append(theta.copy())
        if len(calls) == 4:  # the second entry, nudged up and then down
            raise failure
        return float(theta.sum())

    with pytest.raises(type(failure)):
        numerical_gradient(loss, theta)
    assert theta.tolist() == [1.0, 2.0, 3.0]
    assert calls[-1].tolist() != [1.0, 2.0, 3.0]  # it was nudged when it stopped


def test_check_layer_never_touches_the_callers_layer():
    layer = Dense(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5]))
    weights, bias = layer.weights.copy(), layer.bias.copy()
    assert check_layer(layer, X, rng=0).passed()
    assert np.array_equal(layer.weights, weights) and np.array_equal(layer.bias, bias)
    assert layer.input is None and layer.output is None  # its caches, too


def test_a_failed_fit_leaves_the_network_and_the_optimizer_as_they_were():
    network = MLP([2, 3, 1], "identity", "mse", rng=0)
    optimizer = Adam(learning_rate=0.1)
    fit(network, X, Y, epochs=2, optimizer=optimizer, progress=False)
    before = [p.copy() for p in network.parameters]
    state = (optimizer.t, [m.copy() for m in optimizer._state["m"]])

    def stop(epoch, *_):
        if epoch == 2:
            raise Interrupt

    with pytest.raises(Interrupt):
        fit(network, X, Y, epochs=5, optimizer=optimizer, progress=False, on_epoch=stop)
    assert all(np.array_equal(a, b) for a, b in zip(network.parameters, before, strict=True))
    assert optimizer.t == state[0]
    assert all(np.array_equal(a, b) for a, b in zip(optimizer._state["m"], state[1], strict=True))


def test_a_diverged_fit_leaves_the_network_as_it_was():
    network = MLP([2, 3, 1], "identity", "mse", rng=0)
    before = [p.copy() for p in network.parameters]
    with pytest.raises(TrainingDivergedError):
        fit(network, X, Y * 1e3, learning_rate=1e308, progress=False)
    assert all(np.array_equal(a, b) for a, b in zip(network.parameters, before, strict=True))
    assert network.predict(X).shape == (4, 1)  # still finite, still usable


def test_a_refused_step_leaves_the_parameters_and_the_state_as_they_were():
    theta, optimizer = np.array([1.0]), Adam(learning_rate=1e308)
    optimizer.step([theta], [np.array([1.0])])
    after_one = (theta.copy(), optimizer.t, optimizer._state["m"][0].copy())
    with pytest.raises(ValueError):
        optimizer.step([theta], [np.array([1.0])])
    assert theta.tolist() == after_one[0].tolist() and optimizer.t == after_one[1]
    assert optimizer._state["m"][0].tolist() == after_one[2].tolist()


def test_a_refused_save_leaves_the_file_that_was_there(tmp_path):
    path = tmp_path / "net.npz"
    good = net()
    save(good, path)
    with pytest.raises(ValueError):
        save(net(set={(0, 0, 0): np.nan}), path)
    again = load(path)
    assert all(np.array_equal(a, b) for a, b in zip(again.parameters, good.parameters, strict=True))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.npz"]  # no draft left behind


def test_save_writes_only_what_load_reads_back(tmp_path, monkeypatch):
    # Should a file that save writes ever be refused by load, save refuses it instead.
    from nnfromscratch.general import persistence

    monkeypatch.setattr(persistence, "MAX_ARCHITECTURE_CHARS", 10)
    with pytest.raises(ValueError, match=r"network must give a file that load accepts, got one it "
                                         r"refuses: 'architecture' .*"):
        save(net(), tmp_path / "net.npz")
    assert list(tmp_path.iterdir()) == []


def test_a_file_whose_loss_needs_another_output_names_the_file(tmp_path):
    path = tmp_path / "net.npz"
    save(MLP([2, 2], "sigmoid", "mse", rng=0), path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    text = json.loads(np.load(path)["architecture"].item())
    text["loss"] = "categorical_cross_entropy"
    buffer = io.BytesIO()
    np.save(buffer, np.array(json.dumps(text)), allow_pickle=False)
    members["architecture.npy"] = buffer.getvalue()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ModelFileError, match=rf"{path.name} is not a valid nnfromscratch model "
                                             r"file: its architecture makes no network: loss "
                                             r"'categorical_cross_entropy' needs a 'softmax'"):
        load(path)


def test_every_caller_of_validation_run_gets_their_own_history():
    first = validation_run("relu", "adam", 0.003, 0, epochs=1)
    first.loss.append(123.0)
    again = validation_run("relu", "adam", 0.003, 0, epochs=1)
    assert again.loss[-1] != 123.0 and len(again.loss) == 1


def test_a_failed_trajectory_leaves_the_optimizer_as_it_was():
    optimizer = Momentum(0.1)
    optimizer.step([np.zeros(1)], [np.ones(1)])
    before = (optimizer._shapes, optimizer._state["velocity"][0].copy())
    calls = []

    def gradient(theta):
        calls.append(1)
        return theta * np.nan if len(calls) == 3 else np.ones(1)

    with pytest.raises(ValueError, match=r"gradient\(theta\) must be finite"):
        trajectory(optimizer, gradient, [1.0], steps=5)
    assert optimizer._shapes == before[0]
    assert optimizer._state["velocity"][0].tolist() == before[1].tolist()


def test_a_failed_training_of_the_two_layer_network_leaves_its_weights():
    network = TwoLayerNetwork.initialise(rng=0)
    before = network.weights1.copy(), network.weights2.copy()
    kept = network.weights1
    losses = []

    x, y = X[:, [0, 1, 1]], Y
    original = TwoLayerNetwork.gradients.__wrapped__

    def gradients(self, x, y):
        losses.append(1)
        if len(losses) == 3:
            raise Interrupt
        return original(self, x, y)

    network.gradients = gradients.__get__(network)
    with pytest.raises(Interrupt):
        network.train(x, y, iterations=10)
    assert len(losses) == 3  # two steps were taken, then it stopped
    assert network.weights1 is kept
    assert np.array_equal(network.weights1, before[0])
    assert np.array_equal(network.weights2, before[1])


def test_a_refused_first_step_does_not_tie_the_optimizer_to_those_arrays():
    optimizer = Adam(learning_rate=1e308)  # its door bounds the gradient, not the step
    with pytest.raises(ValueError, match=r"must keep parameters\[0\] finite"):
        optimizer.step([np.array([-1.7e308])], [np.array([1.0])])
    assert optimizer._shapes is None and optimizer.t == 0
    theta = np.ones((2, 2))
    optimizer.learning_rate = 0.5
    optimizer.step([theta], [np.ones((2, 2))])  # other arrays: accepted
    assert theta.round(3).tolist() == [[0.5, 0.5], [0.5, 0.5]]
