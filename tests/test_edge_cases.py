"""Bad input, round two: the inputs the first tables did not try, as an unfriendly user would.

Finite values so large that the computation overflows, NumPy's own scalar types, raw bytes
and masked arrays, options that used to be checked only once work had started, optimiser
steps on the wrong arrays, and arrays a constructor keeps. Every row names the call, the
exception and a pattern the message must match (the argument as spelled, what was
expected, what came). Warnings are errors in this suite (pyproject.toml), so no row may
pass by returning an answer with a RuntimeWarning either.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnfromscratch.course.activations import log_softmax, sigmoid, softmax
from nnfromscratch.course.backprop import Parameters, backprop, forward
from nnfromscratch.course.losses import mse_loss, softmax_cross_entropy
from nnfromscratch.course.network import NeuronNetwork
from nnfromscratch.course.neuron import Neuron
from nnfromscratch.course.training import predict, train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork
from nnfromscratch.general.digits import load_digits_data, train_digits
from nnfromscratch.general.fit import fit
from nnfromscratch.general.layers import Dense
from nnfromscratch.general.metrics import accuracy
from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.optimizers import SGD, Adam, Momentum, trajectory
from nnfromscratch.general.persistence import load

BIG = 1e308
P = Parameters.constant(1, 0)
NET = MLP([2, 1], "sigmoid", "mse", rng=0)
LINEAR = MLP.from_weights([[[1.0], [1.0]]], [[0.0]], "identity", "mse")
X, Y = np.zeros((4, 2)), np.zeros((4, 1))


def read_only(array):
    array.flags.writeable = False
    return array


CASES = [
    # (id, call, exception, message pattern)
    # finite but extreme: the computation overflows inside
    ("forward: sums overflow", lambda: forward(P, [BIG, BIG]), ValueError, r"params and x are too large in magnitude for forward: it overflowed float64 \(largest number about 1\.8e\+308\) on the way; got \|params\| up to 1, \|x\| up to 1e\+308; scale them down"),
    ("backprop: sums overflow", lambda: backprop(P, [BIG, BIG], 1), ValueError, r"params, x and y_true are too large in magnitude for backprop: it overflowed"),
    ("predict (2-2-1): sums cancel to NaN", lambda: predict(Parameters.constant(BIG, 0), [[BIG, -BIG]]), ValueError, r"params and x are too large in magnitude for predict: it overflowed"),
    ("neuron: weighted sum overflows", lambda: Neuron([1, 1], 0).weighted_sum([BIG, BIG]), ValueError, r"inputs is too large in magnitude for Neuron.weighted_sum: it overflowed"),
    ("mse: difference overflows", lambda: mse_loss([BIG], [-BIG]), ValueError, r"y_true and y_pred are too large in magnitude for mse_loss: it overflowed"),
    ("log_softmax: gap overflows", lambda: log_softmax([-BIG, BIG]), ValueError, r"z is too large in magnitude for log_softmax: it overflowed"),
    ("softmax ce: logits overflow", lambda: softmax_cross_entropy([[1, 0]], [[-BIG, BIG]]), ValueError, r"z is too large in magnitude for softmax_cross_entropy: it overflowed"),
    ("mlp predict: sums overflow", lambda: LINEAR.predict([[BIG, BIG]]), ValueError, r"x is too large in magnitude for MLP.predict: it overflowed"),
    ("mlp loss: square overflows", lambda: LINEAR.loss([[BIG, 0.0]], [[-BIG]]), ValueError, r"x and y are too large in magnitude for MLP.loss: it overflowed"),
    ("mlp gradients: overflow", lambda: LINEAR.loss_and_gradients([[BIG, BIG]], [[0.0]]), ValueError, r"x and y are too large in magnitude for MLP.loss_and_gradients: it overflowed"),
    # An overflow on the way is refused even where a sigmoid (or softmax's exp) would
    # squash it into a finite answer: what a BLAS kernel makes of an overflowing product
    # differs between processors (tests/test_blas_kernels.py reruns these rows).
    ("neuron: sum overflows, output would not", lambda: Neuron([1, 1], 0).feedforward([BIG, BIG]), ValueError, r"inputs is too large in magnitude for Neuron.feedforward: it overflowed"),
    ("network: hidden sums overflow", lambda: NeuronNetwork.all_same([1, 1], 0).feedforward([BIG, BIG]), ValueError, r"inputs is too large in magnitude for NeuronNetwork.feedforward: it overflowed"),
    ("softmax: scores a float range apart", lambda: softmax([-BIG, BIG]), ValueError, r"z is too large in magnitude for softmax: it overflowed"),
    ("mlp predict: sigmoid of cancelling sums", lambda: MLP.from_weights([np.full((3, 1), BIG)], [[0.0]], "sigmoid").predict([[BIG, -BIG, 0.0], [1.0, 2.0, 3.0]]), ValueError, r"x is too large in magnitude for MLP.predict: it overflowed"),
    ("two-layer: sums cancel (NaN, +inf or -inf by kernel)", lambda: TwoLayerNetwork(np.full((3, 1), BIG), np.ones((1, 1))).feedforward([[BIG, -BIG, 0.0]]), ValueError, r"x is too large in magnitude for TwoLayerNetwork.feedforward: it overflowed"),
    ("float: long double beyond float64", lambda: sigmoid(np.array([1e4000], dtype=np.longdouble)) if np.finfo(np.longdouble).max > 1e4000 else sigmoid(np.inf), ValueError, r"z must be finite, got inf"),
    ("softmax: axis out of range", lambda: softmax([1.0, 2.0], axis=1), ValueError, r"axis must be between -1 and 0 for z of shape \(2,\), got 1"),
    ("softmax: axis as text", lambda: softmax([1.0, 2.0], axis="0"), TypeError, r"axis must be a whole number, got '0' \(str\)"),
    # NumPy's types, raw bytes, masked values
    ("sigmoid: bytearray", lambda: sigmoid(bytearray(b"ab")), TypeError, r"z must be numbers, got raw bytes \(bytearray\)"),
    ("sigmoid: memoryview", lambda: sigmoid(memoryview(b"ab")), TypeError, r"z must be numbers, got raw bytes \(memoryview\)"),
    ("sigmoid: masked value", lambda: sigmoid(np.ma.masked_array([1.0, 2.0], mask=[False, True])), ValueError, r"z must have no masked \(missing\) values, got one at index \(1,\)"),
    ("mlp predict: masked value", lambda: NET.predict(np.ma.masked_array([[1.0, 2.0]], mask=[[True, False]])), ValueError, r"x must have no masked \(missing\) values, got one at index \(0, 0\)"),
    ("accuracy: ragged labels", lambda: accuracy([[0, 1], [0]], [0, 1]), TypeError, r"true_labels must be a numeric array \(all rows the same length\)"),
    ("accuracy: bytes as labels", lambda: accuracy(bytearray(b"\x00\x01"), [0, 1]), TypeError, r"true_labels must be numbers, got raw bytes"),
    ("parameters: legacy RandomState", lambda: Parameters.random(rng=np.random.RandomState(0)), TypeError, r"rng must be .* got a legacy numpy.random.RandomState"),
    ("fit: shuffle np.int64", lambda: fit(NET, X, Y, shuffle=np.int64(1)), TypeError, r"shuffle must be True or False, got np.int64\(1\)"),
    # options checked before any work
    ("fit: on_epoch not callable", lambda: fit(NET, X, Y, on_epoch=3), TypeError, r"on_epoch must be callable or None, got 3 \(int\)"),
    ("train_sgd: on_report not callable", lambda: train_sgd(P, X, Y[:, 0], on_report="print"), TypeError, r"on_report must be callable or None, got 'print' \(str\)"),
    ("fit: epochs 2**63", lambda: fit(NET, X, Y, epochs=2**63), ValueError, rf"epochs must be at most {2**27}, got {2**63}"),
    ("digits: empty test set", lambda: load_digits_data(test_fraction=1e-4), ValueError, r"test_fraction and validation_fraction must leave images in every part of the 1797, got 0.0001 and 0.2, which leave the test set empty"),
    ("digits: empty training set", lambda: load_digits_data(test_fraction=0.5, validation_fraction=0.9999), ValueError, r"got 0.5 and 0.9999, which leave the training set empty"),
    ("digits: empty validation set", lambda: load_digits_data(validation_fraction=1e-4), ValueError, r"validation_fraction must be 0 \(no validation set\) or keep at least one of the 1348 non-test images, got 0.0001"),
    ("train_digits: zero epochs", lambda: train_digits(epochs=0), ValueError, r"epochs must be a positive whole number, got 0"),
    ("train_digits: zero hidden", lambda: train_digits(hidden=0), ValueError, r"hidden must be a positive whole number, got 0"),
    ("train_digits: misspelt optimizer", lambda: train_digits(optimizer="adma"), ValueError, r"unknown optimizer 'adma'.*Did you mean 'adam'\?"),
    ("train_digits: misspelt activation", lambda: train_digits(activation="rleu"), ValueError, r"unknown activation 'rleu'.*Did you mean 'relu'\?"),
    ("load: path a number", lambda: load(3), TypeError, r"path must be a str or a path, got 3 \(int\)"),
    # optimiser steps
    ("step: parameters a list of lists", lambda: SGD(0.1).step([[1.0, 2.0]], [[1.0, 1.0]]), TypeError, r"parameters\[0\] must be a NumPy array \(a step changes it in place\), got a list of length 2"),
    ("step: parameters one array", lambda: SGD(0.1).step(np.ones(2), [np.ones(2)]), TypeError, r"parameters must be a list of arrays, got an array of shape \(2,\)"),
    ("step: integer parameters", lambda: Momentum(0.1).step([np.array([1, 2])], [np.ones(2)]), TypeError, r"parameters\[0\] must hold float32 or float64, got dtype int64"),
    ("step: read-only parameters", lambda: Adam().step([read_only(np.ones(2))], [np.ones(2)]), ValueError, r"parameters\[0\] must be writeable \(a step changes it in place\), got a read-only array"),
    ("step: NaN gradient", lambda: SGD(0.1).step([np.ones(2)], [np.array([np.nan, 1.0])]), ValueError, r"gradients\[0\] must be finite, got nan at index \(0,\)"),
    ("step: gradient of another shape", lambda: SGD(0.1).step([np.ones(2)], [np.ones(3)]), ValueError, r"gradients\[0\] must have shape \(2,\), got \(3,\)"),
    ("step: gradient as text", lambda: SGD(0.1).step([np.ones(2)], ["ab"]), TypeError, r"gradients\[0\] must be numeric, got the string 'ab'"),
    ("step: learning_rate × gradient overflows", lambda: SGD(1e10).step([np.ones(1)], [np.array([1e308])]), ValueError, r"learning_rate × gradients\[0\] must keep parameters\[0\] within float64's range \(below 1.8e\+308\), got a step of up to inf from values up to 1$"),
    ("step: momentum's step overflows", lambda: Momentum(1e300).step([np.ones(2)], [np.array([1e10, 1.0])]), ValueError, r"learning_rate × gradients\[0\] must keep parameters\[0\] within float64's range \(below 1.8e\+308\), got a step of up to inf from values up to 1$"),
    ("step: the parameters past the range", lambda: SGD(1.0).step([np.array([1.7e308])], [np.array([-1e308])]), ValueError, r"learning_rate × gradients\[0\] must keep parameters\[0\] within float64's range \(below 1.8e\+308\), got a step of up to 1e\+308 from values up to 1.7e\+308$"),
    ("step: infinite parameters", lambda: SGD(0.1).step([np.array([np.inf])], [np.ones(1)]), ValueError, r"parameters\[0\] must be finite, got inf at index \(0,\)"),
    ("step: Adam's square overflows", lambda: Adam().step([np.ones(1)], [np.array([1e200])]), ValueError, r"gradients\[0\] must be below 1.34e\+154 in magnitude for Adam \(its square must stay finite in float64\), got 1e\+200"),
    ("trajectory: gradient not callable", lambda: trajectory(SGD(0.1), [1.0], [1.0], 2), TypeError, r"gradient must be callable, got a list of length 1"),
    ("trajectory: gradient of another shape", lambda: trajectory(SGD(0.1), lambda theta: [1.0, 2.0], [1.0], 2), ValueError, r"gradient\(theta\) must have shape \(1,\), got \(2,\)"),
    ("trajectory: NaN gradient", lambda: trajectory(SGD(0.1), lambda theta: theta * np.nan, [1.0], 2), ValueError, r"gradient\(theta\) must be finite, got nan at index \(0,\)"),
]


@pytest.mark.parametrize(("call", "error", "pattern"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_an_edge_case_gets_a_clear_error(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_the_table_has_no_duplicate_rows():
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))


# ----- what is computed, not refused ----------------------------------------------------

ACCEPTED = [
    # (id, call, the result as printed): extreme inputs with a finite answer, NumPy scalars
    ("predict (2-2-1): sums overflow, outputs do not", lambda: predict(Parameters.constant(BIG, 0), [[BIG, BIG]]).tolist(), "[1.0]"),
    ("mlp predict: huge but cancelling", lambda: LINEAR.predict([[BIG, -BIG]]).tolist(), "[[0.0]]"),
    ("sigmoid: np.float32", lambda: f"{sigmoid(np.float32(0.5)):.4f}", "0.6225"),
    ("sigmoid: np.int8 minimum", lambda: f"{sigmoid(np.int8(-128)):.3g}", "2.57e-56"),
    ("fit: shuffle np.bool_", lambda: len(fit(MLP([2, 1], rng=0), X, Y, epochs=2, shuffle=np.bool_(False)).loss), "2"),
    ("fit: np.float32 learning rate", lambda: len(fit(MLP([2, 1], rng=0), X, Y, epochs=1, learning_rate=np.float32(0.25)).loss), "1"),
    ("fit: np.int64 epochs and batch", lambda: len(fit(MLP([2, 1], rng=0), X, Y, epochs=np.int64(3), batch_size=np.int64(2)).loss), "3"),
    ("fit: progress np.bool_", lambda: len(fit(MLP([2, 1], rng=0), X, Y, epochs=1, progress=np.bool_(False)).loss), "1"),
    ("mlp: bias np.bool_", lambda: MLP([2, 1], bias=np.bool_(False), rng=0).has_bias, "False"),
    ("mlp: widths np.int64", lambda: MLP([np.int64(2), np.int64(3), np.int64(1)], rng=0).layer_sizes, "[2, 3, 1]"),
    ("digits: np.float32 fraction", lambda: load_digits_data(test_fraction=np.float32(0.25)).x_test.shape, "(449, 64)"),
    ("sgd: np.float32 rate", lambda: SGD(np.float32(0.25)).learning_rate, "0.25"),
    ("sigmoid: masked, nothing masked", lambda: sigmoid(np.ma.masked_array([0.0], mask=[False])).tolist(), "[0.5]"),
    ("step: float64 gradient for float32", lambda: step_float32(), "[0.5 0.5]"),
]


def step_float32():
    theta = np.ones(2, dtype=np.float32)
    SGD(0.5).step([theta], [np.ones(2)])
    return f"{theta} {theta.dtype}".replace(" float32", "") if theta.dtype == np.float32 else "wrong dtype"


@pytest.mark.parametrize(("call", "printed"), [case[1:] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_an_edge_case_is_computed_finite(call, printed):
    assert str(call()) == printed


# ----- constructors copy what they keep ---------------------------------------------------


def test_a_neuron_does_not_change_when_the_callers_array_does():
    weights = np.array([0.0, 1.0])
    neuron = Neuron(weights, 4)
    weights[:] = 100.0
    assert neuron.weights.tolist() == [0.0, 1.0]
    assert f"{neuron.feedforward([2, 3]):.3f}" == "0.999"


def test_every_constructor_copies_the_arrays_it_keeps():
    w, b = np.ones((2, 1)), np.zeros(1)
    kept = [
        Dense(w, b).weights, Dense(w, b).bias,
        TwoLayerNetwork(np.ones((3, 1)), w[:1]).weights2,
        MLP.from_weights([w], [b], "identity").parameters[0],
        MLP.from_weights([w], [b], "identity").parameters[1],
        Neuron(b, 0).weights,
    ]
    for array in kept:
        assert not np.shares_memory(array, w) and not np.shares_memory(array, b)
