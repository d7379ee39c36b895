"""Bad input to the article networks' API: one row per mistake, each with the error it must give.

Every row names the call, the exception type and a pattern the message must match: the
argument's name, what was expected and what came. No row may end in a NumPy traceback
from deep inside or in a silent wrong answer.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnfromscratch.course.activations import sigmoid, sigmoid_derivative_from_output
from nnfromscratch.course.backprop import Parameters, backprop, forward
from nnfromscratch.course.datasets import people, shift
from nnfromscratch.course.losses import mse_loss, sum_of_squares_loss
from nnfromscratch.course.network import NeuronNetwork
from nnfromscratch.course.neuron import Neuron
from nnfromscratch.course.training import predict, train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork

X, Y = people()
P = Parameters.constant(1, 0)
NAN = float("nan")

CASES = [
    # (id, call, exception, message pattern)
    ("sigmoid: string", lambda: sigmoid("7"), TypeError, r"z must be numeric, got the string '7'"),
    ("sigmoid: NaN", lambda: sigmoid(NAN), ValueError, r"z must be finite, got nan"),
    ("sigmoid: inf in array", lambda: sigmoid([0, np.inf]), ValueError, r"z must be finite, got inf at index \(1,\)"),
    ("sigmoid: boolean", lambda: sigmoid(True), TypeError, r"z must hold numbers, not booleans"),
    ("sigmoid: objects", lambda: sigmoid([1, None]), TypeError, r"z must hold real numbers, got dtype object"),
    ("sigmoid: complex", lambda: sigmoid(1j), TypeError, r"z must hold real numbers, got dtype complex128"),
    ("sigmoid: ragged", lambda: sigmoid([[1, 2], [3]]), TypeError, r"z must be a numeric array \(all rows the same length\)"),
    ("derivative from output: a sum passed", lambda: sigmoid_derivative_from_output(3.0), ValueError, r"a must be sigmoid outputs in \[0, 1\], got 3.0"),
    ("mse: shapes differ", lambda: mse_loss([1, 0, 1], [1, 0]), ValueError, r"y_true and y_pred must have the same shape, got \(3,\) and \(2,\)"),
    ("mse: empty", lambda: mse_loss([], []), ValueError, r"y_true must not be empty, got shape \(0,\)"),
    ("mse: NaN prediction", lambda: mse_loss([1, 0], [NAN, 0]), ValueError, r"y_pred must be finite, got nan at index \(0,\)"),
    ("sum of squares: strings", lambda: sum_of_squares_loss(["a"], [1]), TypeError, r"y_true must hold real numbers, got dtype <U1"),
    ("neuron: weights 2-D", lambda: Neuron([[0, 1]], 4), ValueError, r"weights must have 1 dimension\(s\), got 2"),
    ("neuron: bias is a list", lambda: Neuron([0, 1], [4, 5]), ValueError, r"bias must have 0 dimension\(s\), got 1"),
    ("neuron: wrong input length", lambda: Neuron([0, 1], 4).feedforward([2, 3, 4]), ValueError, r"inputs must have shape \(2,\), got \(3,\)"),
    ("network: not a neuron", lambda: NeuronNetwork(Neuron([0, 1], 0), "h2", Neuron([0, 1], 0)), TypeError, r"h2 must be a Neuron, got 'h2' \(str\)"),
    ("network: 3-input neuron", lambda: NeuronNetwork.all_same([0, 1, 2], 0), ValueError, r"weights must have shape \(2,\), got \(3,\)"),
    ("parameters: NaN weight", lambda: Parameters(NAN, 0, 0, 0, 0, 0, 0, 0, 0), ValueError, r"w1 must be finite, got nan"),
    ("parameters: string bias", lambda: Parameters(0, 0, 0, 0, 0, 0, 0, 0, "b"), TypeError, r"b3 must be numeric, got the string 'b'"),
    ("parameters: eight numbers", lambda: Parameters.from_array(range(8)), ValueError, r"values must have shape \(9,\), got \(8,\)"),
    ("parameters: bad rng", lambda: Parameters.random(rng="seed"), TypeError, r"rng must be an int seed, a numpy.random.Generator or None"),
    ("parameters: negative seed", lambda: Parameters.random(rng=-1), ValueError, r"rng must be a non-negative seed, got -1"),
    ("forward: not Parameters", lambda: forward({"w1": 1}, [1, 2]), TypeError, r"params must be Parameters, got \{'w1': 1\} \(dict\)"),
    ("backprop: sample of 3", lambda: backprop(P, [1, 2, 3], 1), ValueError, r"x must have shape \(2,\), got \(3,\)"),
    ("backprop: label is a list", lambda: backprop(P, [1, 2], [1, 0]), ValueError, r"y_true must have 0 dimension\(s\), got 1"),
    ("predict: 1-D x", lambda: predict(P, [1, 2]), ValueError, r"x must have 2 dimension\(s\), got 1"),
    ("train: lengths differ", lambda: train_sgd(P, X, Y[:3]), ValueError, r"x and y must have the same number of samples, got 4 and 3"),
    ("train: x has 3 columns", lambda: train_sgd(P, np.ones((4, 3)), Y), ValueError, r"x must have shape \(any, 2\), got \(4, 3\)"),
    ("train: labels 2-D", lambda: train_sgd(P, X, Y[:, None]), ValueError, r"y must have 1 dimension\(s\), got 2"),
    ("train: empty data", lambda: train_sgd(P, np.empty((0, 2)), np.empty(0)), ValueError, r"x must not be empty, got shape \(0, 2\)"),
    ("train: NaN in data", lambda: train_sgd(P, [[NAN, 1]], [1]), ValueError, r"x must be finite, got nan at index \(0, 0\)"),
    ("train: zero learning rate", lambda: train_sgd(P, X, Y, learning_rate=0), ValueError, r"learning_rate must be a positive number, got 0"),
    ("train: negative learning rate", lambda: train_sgd(P, X, Y, learning_rate=-0.1), ValueError, r"learning_rate must be a positive number, got -0.1"),
    ("train: learning rate as text", lambda: train_sgd(P, X, Y, learning_rate="0.1"), TypeError, r"learning_rate must be a positive number, got '0.1' \(str\)"),
    ("train: zero epochs", lambda: train_sgd(P, X, Y, epochs=0), ValueError, r"epochs must be a positive whole number, got 0"),
    ("train: fractional epochs", lambda: train_sgd(P, X, Y, epochs=2.5), TypeError, r"epochs must be a positive whole number, got 2.5 \(float\)"),
    ("train: boolean epochs", lambda: train_sgd(P, X, Y, epochs=True), TypeError, r"epochs must be a positive whole number, got True \(bool\)"),
    ("train: report_every 0", lambda: train_sgd(P, X, Y, report_every=0), ValueError, r"report_every must be a positive whole number, got 0"),
    ("shift: shapes differ", lambda: shift([1, 2], [3]), ValueError, r"weight_lb and height_in must have the same shape"),
    ("two-layer: weights2 wrong shape", lambda: TwoLayerNetwork(np.ones((3, 4)), np.ones((3, 1))), ValueError, r"weights2 must have shape \(4, 1\) to follow weights1 of shape \(3, 4\), got \(3, 1\)"),
    ("two-layer: zero hidden units", lambda: TwoLayerNetwork.initialise(n_hidden=0), ValueError, r"n_hidden must be a positive whole number, got 0"),
    ("two-layer: x with 2 columns", lambda: TwoLayerNetwork.initialise(rng=0).feedforward(np.ones((4, 2))), ValueError, r"x must have shape \(any, 3\), got \(4, 2\)"),
    ("two-layer: y flat", lambda: TwoLayerNetwork.initialise(rng=0).gradients(np.ones((4, 3)), np.ones(4)), ValueError, r"y must have 2 dimension\(s\), got 1"),
    ("two-layer: rows differ", lambda: TwoLayerNetwork.initialise(rng=0).train(np.ones((4, 3)), np.ones((3, 1))), ValueError, r"x and y must have the same number of samples, got 4 and 3"),
    ("two-layer: zero iterations", lambda: TwoLayerNetwork.initialise(rng=0).train(np.ones((4, 3)), np.ones((4, 1)), iterations=0), ValueError, r"iterations must be a positive whole number, got 0"),
]


@pytest.mark.parametrize(("call", "error", "pattern"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_gets_a_clear_error(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
