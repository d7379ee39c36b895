"""Bad input to the general networks' API: one row per mistake, each with the error it must give.

Covers the activations and losses added for the general networks, the layers, MLP, fit, the
optimisers, the metrics, gradient checking, the digits loader and persistence. Every row
names the call, the exception type and a pattern the message must match (the argument, what
was expected, what came); unknown names must suggest the closest known one.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnfromscratch.course.activations import log_softmax, logsumexp, relu, softmax, tanh
from nnfromscratch.course.losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    categorical_cross_entropy,
    softmax_cross_entropy,
)
from nnfromscratch.general.digits import load_digits_data, train_digits
from nnfromscratch.general.fit import fit
from nnfromscratch.general.gradient_check import (
    check_layer,
    check_network,
    numerical_gradient,
    relative_error,
)
from nnfromscratch.general.layers import Dense, Sigmoid, make_activation
from nnfromscratch.general.metrics import accuracy, confusion_matrix, one_hot
from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.optimizers import SGD, Adam, Momentum, make_optimizer
from nnfromscratch.general.persistence import load, save

NAN, INF = float("nan"), float("inf")
NET = MLP([2, 3, 1], ["relu", "sigmoid"], "binary_cross_entropy", rng=0)
CLS = MLP([2, 3, 3], ["relu", "softmax"], "categorical_cross_entropy", rng=0)
X = np.ones((4, 2))
Y = np.array([[0.0], [1.0], [1.0], [0.0]])
Y3 = np.eye(3)[[0, 1, 2, 0]]

CASES = [
    # (id, call, exception, message pattern)
    # activations
    ("tanh: string", lambda: tanh("1"), TypeError, r"z must be numeric, got the string '1'"),
    ("relu: NaN", lambda: relu([0.0, NAN]), ValueError, r"z must be finite, got nan at index \(1,\)"),
    ("relu: booleans", lambda: relu([True, False]), TypeError, r"z must hold numbers, not booleans"),
    ("softmax: scalar", lambda: softmax(3.0), ValueError, r"z must have at least 1 dimension \(a score per class\), got 3.0"),
    ("logsumexp: empty", lambda: logsumexp(np.empty((2, 0))), ValueError, r"z must not be empty, got shape \(2, 0\)"),
    ("softmax: inf", lambda: softmax([1.0, INF]), ValueError, r"z must be finite, got inf"),
    ("softmax: empty", lambda: softmax([]), ValueError, r"z must not be empty"),
    ("logsumexp: objects", lambda: logsumexp([1, None]), TypeError, r"z must hold real numbers, got dtype object"),
    ("log_softmax: complex", lambda: log_softmax([1j, 2]), TypeError, r"z must hold real numbers, got dtype complex128"),
    # losses
    ("bce: shapes differ", lambda: binary_cross_entropy([1, 0], [0.5]), ValueError, r"y_true and y_pred must have the same shape, got \(2,\) and \(1,\)"),
    ("bce: probability above 1", lambda: binary_cross_entropy([1], [1.5]), ValueError, r"y_pred must hold probabilities in \[0, 1\]; for raw scores use binary_cross_entropy_from_logits"),
    ("bce: target 2", lambda: binary_cross_entropy([2], [0.5]), ValueError, r"y_true must hold probabilities in \[0, 1\], got 2.0"),
    ("bce logits: NaN", lambda: binary_cross_entropy_from_logits([1], [NAN]), ValueError, r"z must be finite, got nan"),
    ("cce: row not summing to 1", lambda: categorical_cross_entropy([[1, 1]], [[0.5, 0.5]]), ValueError, r"each row of y_true must sum to 1 .*got a row summing to 2.0"),
    ("cce: negative probability", lambda: categorical_cross_entropy([[1, 0]], [[-0.1, 1.1]]), ValueError, r"y_pred must hold probabilities in \[0, 1\]; for raw scores use softmax_cross_entropy"),
    ("softmax ce: 1-d", lambda: softmax_cross_entropy([1, 0], [2.0, 1.0]), ValueError, r"y_true must have shape \(n_samples, n_classes\), got \(2,\)"),
    ("softmax ce: strings", lambda: softmax_cross_entropy([["a"]], [[1.0]]), TypeError, r"y_true must hold real numbers, got dtype <U1"),
    # layers
    ("dense: 1-d weights", lambda: Dense([1.0, 2.0]), ValueError, r"weights must have 2 dimension\(s\), got 1"),
    ("dense: bias of wrong length", lambda: Dense(np.ones((2, 3)), np.ones(2)), ValueError, r"bias must have shape \(3,\), got \(2,\)"),
    ("dense: NaN weight", lambda: Dense([[NAN]]), ValueError, r"weights must be finite, got nan at index \(0, 0\)"),
    ("activation: misspelt", lambda: make_activation("sigmod"), ValueError, r"unknown activation 'sigmod'; choose one of \['identity', 'relu', 'sigmoid', 'softmax', 'tanh'\]. Did you mean 'sigmoid'\?"),
    ("activation: capitalised", lambda: make_activation("ReLU"), ValueError, r"unknown activation 'ReLU'.*Did you mean 'relu'\?"),
    ("activation: not a string", lambda: make_activation(None), TypeError, r"activation must be one of \[.*\], got None"),
    ("activation: backward first", lambda: Sigmoid().backward(np.ones((1, 1))), RuntimeError, r"Sigmoid.backward called before forward"),
    # MLP
    ("mlp: one width", lambda: MLP([3]), ValueError, r"layer_sizes needs at least the input and output widths, got \[3\]"),
    ("mlp: zero width", lambda: MLP([3, 0, 1]), ValueError, r"layer_sizes\[1\] must be a positive whole number, got 0"),
    ("mlp: negative width", lambda: MLP([3, -4, 1]), ValueError, r"layer_sizes\[1\] must be a positive whole number, got -4"),
    ("mlp: fractional width", lambda: MLP([3, 2.5, 1]), TypeError, r"layer_sizes\[1\] must be a positive whole number, got 2.5 \(float\)"),
    ("mlp: boolean width", lambda: MLP([3, True, 1]), TypeError, r"layer_sizes\[1\] must be a positive whole number, got True \(bool\)"),
    ("mlp: sizes as a string", lambda: MLP("3,4,1"), TypeError, r"layer_sizes must be a list of widths, got '3,4,1' \(str\)"),
    ("mlp: too few activations", lambda: MLP([3, 4, 1], ["relu"]), ValueError, r"activations must name one activation per layer \(2\), got 1"),
    ("mlp: activations as a number", lambda: MLP([3, 4, 1], 3), TypeError, r"activations must be a name or a list of names, got 3 \(int\)"),
    ("mlp: misspelt activation", lambda: MLP([3, 4, 1], ["tahn", "sigmoid"]), ValueError, r"unknown activation 'tahn'.*Did you mean 'tanh'\?"),
    ("mlp: misspelt loss", lambda: MLP([3, 1], "sigmoid", "mes"), ValueError, r"unknown loss 'mes'; choose one of \[.*\]. Did you mean 'mse'\?"),
    ("mlp: cross-entropy without softmax", lambda: MLP([3, 2], "sigmoid", "categorical_cross_entropy"), ValueError, r"loss 'categorical_cross_entropy' needs a 'softmax' output layer, got 'sigmoid'"),
    ("mlp: binary ce on relu", lambda: MLP([3, 1], "relu", "binary_cross_entropy"), ValueError, r"loss 'binary_cross_entropy' needs a 'sigmoid' output layer, got 'relu'"),
    ("mlp: float16", lambda: MLP([3, 1], dtype="float16"), ValueError, r"unknown dtype 'float16'; choose one of \['float32', 'float64'\]"),
    ("mlp: misspelt dtype", lambda: MLP([3, 1], dtype="flaot32"), ValueError, r"unknown dtype 'flaot32'; choose one of \['float32', 'float64'\]. Did you mean 'float32'\?"),
    ("mlp: dtype not a dtype", lambda: MLP([3, 1], dtype=3.5), TypeError, r"dtype must be one of \['float32', 'float64'\], got 3.5 \(float\)"),
    ("mlp: bias as 1", lambda: MLP([3, 1], bias=1), TypeError, r"bias must be True or False, got 1 \(int\)"),
    ("mlp: rng as text", lambda: MLP([3, 1], rng="seed"), TypeError, r"rng must be an int seed, a numpy.random.Generator or None"),
    ("mlp: negative seed", lambda: MLP([3, 1], rng=-3), ValueError, r"rng must be a non-negative seed, got -3"),
    ("from_weights: layers do not chain", lambda: MLP.from_weights([np.ones((2, 3)), np.ones((4, 1))]), ValueError, r"weights\[1\] must have 3 rows \(the width of layer 1\), got shape \(4, 1\)"),
    ("from_weights: one array, not a list", lambda: MLP.from_weights(np.ones((2, 3))), TypeError, r"weights must be a non-empty list of 2-d arrays"),
    ("from_weights: biases count", lambda: MLP.from_weights([np.ones((2, 3))], [np.ones(3), np.ones(1)]), ValueError, r"biases must be None or one array per weight matrix \(1\)"),
    ("predict: 1-d input", lambda: NET.predict([1.0, 2.0]), ValueError, r"x must have 2 dimension\(s\), got 1"),
    ("predict: wrong width", lambda: NET.predict(np.ones((4, 3))), ValueError, r"x must have 2 columns \(one per input\), got shape \(4, 3\)"),
    ("predict: NaN", lambda: NET.predict([[NAN, 1.0]]), ValueError, r"x must be finite, got nan at index \(0, 0\)"),
    ("predict: inf", lambda: NET.predict([[INF, 1.0]]), ValueError, r"x must be finite, got inf"),
    ("predict: strings", lambda: NET.predict([["a", "b"]]), TypeError, r"x must hold real numbers, got dtype <U1"),
    ("predict: empty", lambda: NET.predict(np.empty((0, 2))), ValueError, r"x must not be empty, got shape \(0, 2\)"),
    ("loss: targets of wrong shape", lambda: CLS.loss(X, np.ones((4, 2))), ValueError, r"y must have shape \(4, 3\) \(one row per sample, one column per output\), got \(4, 2\)"),
    ("loss: labels instead of one-hot", lambda: CLS.loss(X, [0, 1, 2, 0]), ValueError, r"y must have shape \(4, 3\)"),
    ("loss: rows not one-hot", lambda: CLS.loss(X, np.ones((4, 3)) / 2), ValueError, r"each row of y must sum to 1 \(one-hot labels; see nnfromscratch.general.metrics.one_hot\), got a row summing to 1.5"),
    ("loss: binary target 2", lambda: NET.loss(X, Y * 2), ValueError, r"y must hold probabilities in \[0, 1\] for binary_cross_entropy"),
    # fit
    ("fit: not a network", lambda: fit("net", X, Y), TypeError, r"network must be an MLP, got 'net' \(str\)"),
    ("fit: sample counts differ", lambda: fit(NET, X, Y[:3]), ValueError, r"y must have shape \(4, 1\)"),
    ("fit: NaN target", lambda: fit(NET, X, [[NAN]] * 4), ValueError, r"y must be finite, got nan"),
    ("fit: zero epochs", lambda: fit(NET, X, Y, epochs=0), ValueError, r"epochs must be a positive whole number, got 0"),
    ("fit: epochs as float", lambda: fit(NET, X, Y, epochs=1.5), TypeError, r"epochs must be a positive whole number, got 1.5 \(float\)"),
    ("fit: zero batch size", lambda: fit(NET, X, Y, batch_size=0), ValueError, r"batch_size must be a positive whole number, got 0"),
    ("fit: negative batch size", lambda: fit(NET, X, Y, batch_size=-32), ValueError, r"batch_size must be a positive whole number, got -32"),
    ("fit: boolean batch size", lambda: fit(NET, X, Y, batch_size=True), TypeError, r"batch_size must be a positive whole number, got True \(bool\)"),
    ("fit: zero learning rate", lambda: fit(NET, X, Y, learning_rate=0), ValueError, r"learning_rate must be a positive number, got 0"),
    ("fit: negative learning rate", lambda: fit(NET, X, Y, learning_rate=-0.1), ValueError, r"learning_rate must be a positive number, got -0.1"),
    ("fit: NaN learning rate", lambda: fit(NET, X, Y, learning_rate=NAN), ValueError, r"learning_rate must be a positive number, got nan"),
    ("fit: learning rate as text", lambda: fit(NET, X, Y, learning_rate="0.1"), TypeError, r"learning_rate must be a positive number, got '0.1' \(str\)"),
    ("fit: misspelt optimizer", lambda: fit(NET, X, Y, optimizer="adma"), ValueError, r"unknown optimizer 'adma'; choose one of \['adam', 'momentum', 'sgd'\]. Did you mean 'adam'\?"),
    ("fit: optimizer object and rate", lambda: fit(NET, X, Y, optimizer=SGD(0.1), learning_rate=0.1), TypeError, r"learning_rate is set on the optimizer object"),
    ("fit: shuffle as text", lambda: fit(NET, X, Y, shuffle="yes"), TypeError, r"shuffle must be True or False, got 'yes' \(str\)"),
    ("fit: progress as text", lambda: fit(NET, X, Y, progress="auto"), TypeError, r"progress must be True, False or None, got 'auto' \(str\)"),
    ("fit: validation not a pair", lambda: fit(NET, X, Y, validation_data=X), TypeError, r"validation_data must be a pair \(x_val, y_val\)"),
    ("fit: validation of wrong width", lambda: fit(NET, X, Y, validation_data=(np.ones((2, 5)), Y[:2])), ValueError, r"validation_data\[0\] must have 2 columns"),
    ("fit: rng as float", lambda: fit(NET, X, Y, rng=1.5), TypeError, r"rng must be an int seed, a numpy.random.Generator or None, got 1.5 \(float\)"),
    # optimisers
    ("sgd: zero rate", lambda: SGD(0), ValueError, r"learning_rate must be a positive number, got 0"),
    ("momentum: 1", lambda: Momentum(0.1, momentum=1.0), ValueError, r"momentum must be in \[0, 1\), got 1.0"),
    ("momentum: text", lambda: Momentum(0.1, momentum="0.9"), TypeError, r"momentum must be a number in \[0, 1\), got '0.9' \(str\)"),
    ("adam: negative beta1", lambda: Adam(beta1=-0.1), ValueError, r"beta1 must be in \[0, 1\), got -0.1"),
    ("adam: beta2 as bool", lambda: Adam(beta2=True), TypeError, r"beta2 must be a number in \[0, 1\), got True \(bool\)"),
    ("adam: zero epsilon", lambda: Adam(epsilon=0), ValueError, r"epsilon must be a positive number, got 0"),
    ("optimizer: unknown name", lambda: make_optimizer("rmsprop"), ValueError, r"unknown optimizer 'rmsprop'; choose one of \['adam', 'momentum', 'sgd'\]"),
    ("optimizer: unknown setting", lambda: make_optimizer("sgd", momentum=0.9), TypeError, r"settings of 'sgd' must be among \['learning_rate'\], got 'momentum'"),
    # metrics
    ("one_hot: floats", lambda: one_hot([0.0, 1.0]), TypeError, r"labels must be whole-number class labels, got an array of shape \(2,\) and dtype float64"),
    ("one_hot: negative label", lambda: one_hot([-1, 2]), ValueError, r"labels must be labels 0, 1, 2, ..., got -1"),
    ("one_hot: label too large", lambda: one_hot([5], n_classes=3), ValueError, r"labels must be below n_classes=3, got 5"),
    ("one_hot: 2-d labels", lambda: one_hot([[0, 1]]), ValueError, r"labels must have 1 dimension, got shape \(1, 2\)"),
    ("one_hot: booleans", lambda: one_hot([True, False]), TypeError, r"labels must be whole-number class labels"),
    ("accuracy: lengths differ", lambda: accuracy([0, 1], [0]), ValueError, r"true_labels and predicted_labels must have the same number of samples, got 2 and 1"),
    ("accuracy: empty", lambda: accuracy([], []), ValueError, r"true_labels must not be empty"),
    ("confusion: n_classes 0", lambda: confusion_matrix([0], [0], n_classes=0), ValueError, r"n_classes must be a positive whole number, got 0"),
    ("confusion: label too large", lambda: confusion_matrix([0, 4], [0, 1], n_classes=3), ValueError, r"labels must be below n_classes=3, got 4"),
    # gradient checking
    ("relative error: shapes", lambda: relative_error([1, 2], [1]), ValueError, r"analytic and numerical must have the same shape, got \(2,\) and \(1,\)"),
    ("numerical gradient: float32", lambda: numerical_gradient(lambda: 0.0, np.ones(2, np.float32)), TypeError, r"array must be a float64 numpy array, got an array of shape \(2,\) and dtype float32"),
    ("numerical gradient: epsilon 0", lambda: numerical_gradient(lambda: 0.0, np.ones(2), epsilon=0), ValueError, r"epsilon must be a positive number, got 0"),
    ("check_network: not a network", lambda: check_network(None, X, Y), TypeError, r"network must be an MLP, got None"),
    ("check_layer: not a layer", lambda: check_layer("dense", X), TypeError, r"layer must be a Dense or Activation layer, got 'dense' \(str\)"),
    ("check_layer: NaN input", lambda: check_layer(Sigmoid(), [[NAN]]), ValueError, r"x must be finite, got nan at index \(0, 0\)"),
    # data
    ("digits: test fraction 1", lambda: load_digits_data(test_fraction=1.0), ValueError, r"test_fraction must be strictly between 0 and 1, got 1.0"),
    ("digits: test fraction text", lambda: load_digits_data(test_fraction="0.2"), TypeError, r"test_fraction must be a number, got '0.2' \(str\)"),
    ("digits: validation fraction 1", lambda: load_digits_data(validation_fraction=1), ValueError, r"validation_fraction must be at least 0 and less than 1, got 1"),
    ("digits: validation fraction text", lambda: load_digits_data(validation_fraction="0.2"), TypeError, r"validation_fraction must be a number, got '0.2' \(str\)"),
    ("train_digits: seed as text", lambda: train_digits(rng="0"), TypeError, r"rng must be a whole-number seed >= 0, got '0' \(str\)"),
    ("train_digits: negative seed", lambda: train_digits(rng=-1), ValueError, r"rng must be a whole-number seed >= 0, got -1"),
    # persistence
    ("save: not a network", lambda: save([np.ones(2)], "unused.npz"), TypeError, r"network must be an MLP, got a list of length 1"),
    ("load: no such file", lambda: load("/nonexistent/model.npz"), FileNotFoundError, r"no model file at /nonexistent/model.npz"),
]


@pytest.mark.parametrize(("call", "error", "pattern"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_gets_a_clear_error(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_the_table_has_no_duplicate_rows():
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))
