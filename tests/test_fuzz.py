"""Every public function, fed random arrays of random dtypes, shapes and values.

Hypothesis draws each argument from a wide space: NumPy arrays of booleans, integers of
several widths, float16/32/64 (NaN, infinities, subnormals and values near the largest
double included), complex numbers and text; NumPy and Python scalars; nested lists, raw
bytes, masked arrays and None. For each public function and each of its data arguments,
every call must either

* return a result whose numbers are all finite, of the documented shape, or
* raise the rule's error (`TypeError` or `ValueError`, see docs/errors.md) whose message
  names one of the function's arguments and says what came;

never a NumPy traceback from inside, an `OverflowError`, an `IndexError`, a warning (warnings
are errors in this suite) or an answer with NaN in it. The examples are derandomised
(tests/conftest.py): every run tries the same inputs.

`test_every_public_function_is_fuzzed` makes sure the table covers every public callable
of the package, each exemption with its reason.
"""

from __future__ import annotations

import inspect
import math
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnfromscratch.course import (
    activations,
    backprop,
    datasets,
    losses,
    network,
    neuron,
    training,
    two_layer,
)
from nnfromscratch.course.backprop import Parameters
from nnfromscratch.course.neuron import Neuron
from nnfromscratch.course.training import TrainingDivergedError
from nnfromscratch.course.two_layer import TwoLayerNetwork
from nnfromscratch.general import (
    article_networks,
    digits,
    fit,
    gradient_check,
    layers,
    metrics,
    mlp,
    optimizers,
    persistence,
)
from nnfromscratch.general.layers import Dense, Sigmoid
from nnfromscratch.general.mlp import MLP
from nnfromscratch.general.optimizers import SGD

# ----- the inputs ---------------------------------------------------------------------

DTYPES = [np.bool_, np.int8, np.int64, np.uint64, np.float16, np.float32, np.float64,
          np.complex128, np.dtype("U2")]
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
arrays = st.sampled_from(DTYPES).flatmap(lambda dtype: hnp.arrays(dtype, shapes))
# Mostly plain floats of plausible shapes, so that valid calls are tried too, not only refusals.
plain = hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=4),
                   elements=st.floats(-10, 10))
extreme = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=4),
                     elements=st.sampled_from([0.0, 1.0, -1.0, 1e308, -1e308, 5e-324, 1e154]))
numpy_scalars = st.sampled_from(DTYPES[:7]).flatmap(
    lambda dtype: hnp.from_dtype(np.dtype(dtype)).map(np.dtype(dtype).type))
python_scalars = st.one_of(st.floats(), st.integers(-(2**70), 2**70), st.booleans(), st.none(),
                           st.text(max_size=3))
others = st.one_of(
    arrays.map(lambda a: a.tolist()),
    st.binary(max_size=4).map(bytearray),
    plain.map(lambda a: np.ma.masked_array(a, mask=a > 5)),
)
values = st.one_of(plain, extreme, arrays, numpy_scalars, python_scalars, others)


def largest_whole_number(value):
    if isinstance(value, (bool, np.bool_)):
        return 0
    if isinstance(value, (int, np.integer)):
        return abs(int(value))
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return 0
    if array.dtype.kind in "iu" and array.size:
        return max(abs(int(item)) for item in array.flat)
    if array.dtype.kind == "f" and array.size:
        finite_part = array[np.isfinite(array)]
        return int(np.abs(finite_part).max()) if finite_part.size else 0
    return 0


# A width or a class count is also a size to allocate: a valid 10**12 asks for terabytes,
# which is the machine's limit, not a mistake to refuse. Those arguments get small numbers.
sizes = values.filter(lambda v: largest_whole_number(v) <= 64)
SIZED = {"TwoLayerNetwork.initialise", "MLP layer_sizes", "one_hot", "confusion_matrix",
         "fit epochs"}

# ----- what a result must be ------------------------------------------------------------


def finite(result):
    if result is None:
        return True
    if isinstance(result, (float, np.floating, int, np.integer)):
        return math.isfinite(result)
    if isinstance(result, np.ndarray):
        return result.dtype.kind in "iub" or bool(np.isfinite(result).all())
    if isinstance(result, (tuple, list)):
        return all(finite(item) for item in result)
    if isinstance(result, dict):
        return all(finite(item) for item in result.values())
    raise AssertionError(f"no rule for a result of type {type(result).__name__}")


def shape_of(value):
    return np.asarray(value.data if isinstance(value, np.ma.MaskedArray) else value).shape


def same_shape(result, v):
    return np.shape(result) == shape_of(v)


def a_float(result, v):
    return isinstance(result, float)


def has(shape):
    return lambda result, v: np.shape(result) == shape(shape_of(v))


NET = MLP([2, 3, 1], ["tanh", "sigmoid"], "binary_cross_entropy", rng=0)
CLS = MLP([2, 3], "softmax", "categorical_cross_entropy", rng=0)
X2, Y1 = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0.0], [1.0]])
P = Parameters.constant(1, 0)
TWO = TwoLayerNetwork.initialise(rng=0)
FOLDER = Path(tempfile.mkdtemp())


def fresh_net():
    return MLP([2, 1], "sigmoid", "mse", rng=0)


def stepped(v):
    theta = np.zeros(shape_of(v)) if isinstance(v, np.ndarray) else np.zeros(2)
    SGD(0.1).step([theta], [v])
    return theta


# (id, call of the drawn value v, the arguments whose names the error may give,
#  what a result must satisfy beyond being finite)
FUZZED = [
    ("sigmoid", activations.sigmoid, {"z"}, same_shape),
    ("tanh", activations.tanh, {"z"}, same_shape),
    ("relu", activations.relu, {"z"}, same_shape),
    ("sigmoid_derivative_from_sum", activations.sigmoid_derivative_from_sum, {"z"}, same_shape),
    ("sigmoid_derivative_from_output", activations.sigmoid_derivative_from_output, {"a"}, same_shape),
    ("softmax", activations.softmax, {"z", "axis"}, same_shape),
    ("log_softmax", activations.log_softmax, {"z", "axis"}, same_shape),
    ("logsumexp", activations.logsumexp, {"z", "axis"}, has(lambda s: s[:-1])),
    ("mse_loss", lambda v: losses.mse_loss(v, v), {"y_true", "y_pred"}, a_float),
    ("sum_of_squares_loss", lambda v: losses.sum_of_squares_loss(np.zeros(shape_of(v)), v), {"y_true", "y_pred"}, a_float),
    ("binary_cross_entropy", lambda v: losses.binary_cross_entropy(v, v), {"y_true", "y_pred"}, a_float),
    ("binary_cross_entropy_from_logits", lambda v: losses.binary_cross_entropy_from_logits(np.zeros(shape_of(v)), v), {"y_true", "z"}, a_float),
    ("categorical_cross_entropy", lambda v: losses.categorical_cross_entropy(v, v), {"y_true", "y_pred"}, a_float),
    ("softmax_cross_entropy", lambda v: losses.softmax_cross_entropy(np.eye(3)[[0, 1]], v), {"y_true", "z"}, a_float),
    ("Neuron weights", lambda v: Neuron(v, 0).weights, {"weights"}, has(lambda s: s)),
    ("Neuron bias", lambda v: Neuron([0, 1], v).bias, {"bias"}, a_float),
    ("Neuron.feedforward", lambda v: Neuron([0, 1], 4).feedforward(v), {"inputs"}, a_float),
    ("Neuron.weighted_sum", lambda v: Neuron([2, 1], 4).weighted_sum(v), {"inputs"}, a_float),
    ("NeuronNetwork.all_same", lambda v: network.NeuronNetwork.all_same(v, 0).feedforward([1, 2]), {"weights", "h1"}, a_float),
    ("NeuronNetwork.feedforward", lambda v: network.NeuronNetwork.all_same([0, 1], 0).feedforward(v), {"inputs"}, a_float),
    ("NeuronNetwork.hidden_outputs", lambda v: network.NeuronNetwork.all_same([0, 1], 0).hidden_outputs(v), {"inputs"}, has(lambda s: (2,))),
    ("Parameters.from_array", lambda v: Parameters.from_array(v), {"values"}, has(lambda s: (9,))),
    ("Parameters.constant", lambda v: Parameters.constant(v, 0), {"weight", "w1"}, has(lambda s: (9,))),
    ("Parameters.random", lambda v: Parameters.random(rng=v), {"rng"}, has(lambda s: (9,))),
    ("forward", lambda v: backprop.forward(P, v), {"params", "x"}, has(lambda s: (6,))),
    ("backprop x", lambda v: backprop.backprop(P, v, 1), {"params", "x", "y_true"}, lambda r, v: True),
    ("backprop y_true", lambda v: backprop.backprop(P, [1, 2], v), {"params", "x", "y_true"}, lambda r, v: True),
    ("predict", lambda v: training.predict(P, v), {"params", "x"}, has(lambda s: s[:1])),
    ("train_sgd y", lambda v: training.train_sgd(P, [[1.0, 2.0]], v, epochs=2, report_every=1).params, {"x", "y"}, has(lambda s: (9,))),
    ("train_sgd learning_rate", lambda v: training.train_sgd(P, [[1.0, 2.0]], [1], learning_rate=v, epochs=2).params, {"learning_rate"}, has(lambda s: (9,))),
    ("shift", lambda v: datasets.shift(v, v), {"weight_lb", "height_in"}, lambda r, v: True),
    ("TwoLayerNetwork weights", lambda v: TwoLayerNetwork(v, np.ones((4, 1))).weights1, {"weights1", "weights2"}, has(lambda s: s)),
    ("TwoLayerNetwork.feedforward", lambda v: TWO.feedforward(v), {"x"}, has(lambda s: (s[0], 1))),
    ("TwoLayerNetwork.loss", lambda v: TWO.loss(v, np.ones((len(shape_of(v)) and shape_of(v)[0], 1))), {"x", "y"}, a_float),
    ("TwoLayerNetwork.gradients", lambda v: TWO.gradients(np.ones((2, 3)), v), {"x", "y"}, lambda r, v: True),
    ("TwoLayerNetwork.train", lambda v: TwoLayerNetwork.initialise(rng=0).train(np.ones((2, 3)), v, iterations=2), {"x", "y"}, lambda r, v: len(r) == 2),
    ("TwoLayerNetwork.initialise", lambda v: TwoLayerNetwork.initialise(n_hidden=v, rng=0).weights1, {"n_hidden"}, lambda r, v: True),
    ("MLP layer_sizes", lambda v: MLP(v, rng=0).n_parameters, {"layer_sizes"}, lambda r, v: True),
    ("MLP rng", lambda v: MLP([2, 1], rng=v).n_parameters, {"rng"}, lambda r, v: r == 3),
    ("MLP.from_weights", lambda v: MLP.from_weights([v]).layer_sizes, {"weights"}, lambda r, v: True),
    ("MLP.predict", lambda v: NET.predict(v), {"x"}, has(lambda s: (s[0], 1))),
    ("MLP.forward", lambda v: NET.forward(v).copy(), {"x"}, has(lambda s: (s[0], 1))),
    ("MLP.predict_classes", lambda v: CLS.predict_classes(v), {"x"}, has(lambda s: s[:1])),
    ("MLP.loss", lambda v: NET.loss(X2, v), {"x", "y"}, a_float),
    ("MLP.loss_and_gradients", lambda v: NET.loss_and_gradients(v, Y1), {"x", "y"}, lambda r, v: True),
    ("MLP.backward", lambda v: (NET.forward(X2), NET.backward(v))[1], {"y"}, lambda r, v: r is None),
    ("MLP.check_inputs", lambda v: NET.check_inputs(v), {"x"}, has(lambda s: s)),
    ("classes_of", lambda v: mlp.classes_of(CLS.check_targets(v, 2)), {"y"}, has(lambda s: s[:1])),
    ("fit y", lambda v: fit.fit(fresh_net(), X2, v, epochs=2, rng=0).loss, {"x", "y"}, lambda r, v: len(r) == 2),
    ("fit epochs", lambda v: fit.fit(fresh_net(), X2, Y1, epochs=v, rng=0).loss, {"epochs"}, lambda r, v: True),
    ("fit learning_rate", lambda v: fit.fit(fresh_net(), X2, Y1, epochs=2, learning_rate=v, rng=0).loss, {"learning_rate"}, lambda r, v: len(r) == 2),
    ("fit shuffle", lambda v: fit.fit(fresh_net(), X2, Y1, epochs=1, shuffle=v, rng=0).loss, {"shuffle"}, lambda r, v: len(r) == 1),
    ("Dense", lambda v: Dense(v).weights, {"weights", "bias"}, has(lambda s: s)),
    ("make_activation", lambda v: layers.make_activation(v), {"activation", "name"}, lambda r, v: True),
    ("SGD", lambda v: SGD(v).learning_rate, {"learning_rate"}, a_float),
    ("Momentum", lambda v: optimizers.Momentum(0.1, v).momentum, {"momentum"}, a_float),
    ("Adam", lambda v: optimizers.Adam(epsilon=v).epsilon, {"epsilon"}, a_float),
    ("Optimizer.step", stepped, {"parameters", "gradients"}, lambda r, v: True),
    ("make_optimizer", lambda v: optimizers.make_optimizer("sgd", learning_rate=v).learning_rate, {"learning_rate"}, a_float),
    ("trajectory", lambda v: optimizers.trajectory(SGD(0.25), lambda t: t / 2, v, 2), {"start", "gradient"}, has(lambda s: (3, *s))),
    ("one_hot", metrics.one_hot, {"labels", "n_classes"}, lambda r, v: r.shape[0] == shape_of(v)[0]),
    ("accuracy", lambda v: metrics.accuracy(v, v), {"true_labels", "predicted_labels"}, lambda r, v: r == 1.0),
    ("confusion_matrix", lambda v: metrics.confusion_matrix(v, v), {"true_labels", "predicted_labels", "labels", "n_classes"}, lambda r, v: r.ndim == 2),
    ("relative_error", lambda v: gradient_check.relative_error(v, v), {"analytic", "numerical"}, lambda r, v: r == 0.0),
    ("numerical_gradient", lambda v: gradient_check.numerical_gradient(lambda: 0.0, v), {"array", "loss"}, same_shape),
    ("check_network", lambda v: gradient_check.check_network(NET, v, Y1).relative_error, {"network", "x", "y"}, a_float),
    ("check_layer", lambda v: gradient_check.check_layer(Sigmoid(), v, rng=0).relative_error, {"layer", "x"}, a_float),
    ("save", lambda v: persistence.save(v, FOLDER / "m.npz"), {"network"}, lambda r, v: False),
    ("load", lambda v: persistence.load(v), {"path"}, lambda r, v: False),
    ("load_digits_data", lambda v: digits.load_digits_data(test_fraction=v).x_test, {"test_fraction", "validation_fraction"}, lambda r, v: r.shape[1] == 64),
    ("article_network", lambda v: article_networks.article_network(v), {"params"}, lambda r, v: False),
    ("parameters_of", lambda v: article_networks.parameters_of(v), {"network"}, lambda r, v: False),
    ("two_layer_network", lambda v: article_networks.two_layer_network(v, np.ones((4, 1))).layer_sizes, {"weights1", "weights2", "weights"}, lambda r, v: True),
]

# Public callables not fuzzed here, each with its reason.
EXEMPT = {
    "people": "takes no arguments", "people_table": "takes no arguments",
    "new_people": "takes no arguments", "two_layer_data": "takes no arguments",
    "train_digits": "trains for seconds per call; its settings are rows of test_edge_cases.py",
    "validation_run": "trains on the digits for seconds per call",
    "compare": "trains on the digits for minutes per call",
    "train_article_network": "trains for seconds per call; its arguments are train_sgd's",
    "worked_example_checks": "takes no arguments",
    "diverged": "words fit's TrainingDivergedError from values fit has already checked",
    "TrainingDivergedError": "an exception class", "ModelFileError": "an exception class",
}
# Classes fuzzed through their methods and constructors above, or holding only results.
FUZZED_THROUGH = {
    "Neuron", "NeuronNetwork", "Parameters", "TwoLayerNetwork", "MLP", "Dense", "SGD", "Momentum",
    "Adam", "Optimizer", "History", "TrainingResult", "Backprop", "ForwardPass", "DigitsData",
    "DigitsResult", "GradientCheck", "Activation", "Identity", "ReLU", "Sigmoid", "Softmax",
    "Tanh", "Loss", "MeanSquaredError", "SumOfSquares", "BinaryCrossEntropy",
    "CategoricalCrossEntropy", "Contender", "RoundingCheck",
}


def names_an_argument(message, arguments):
    match = re.match(r"(?:unknown |each row of )?([A-Za-z_]\w*)", message)
    return match is not None and match.group(1) in arguments


@pytest.mark.parametrize(("name", "call", "arguments", "fits"), FUZZED, ids=[f[0] for f in FUZZED])
@settings(max_examples=12)
@given(data=st.data())
def test_a_call_returns_finite_results_or_raises_the_rules_error(name, call, arguments, fits, data):
    v = data.draw(sizes if name in SIZED else values, label="v")
    try:
        result = call(v)
    except (TypeError, ValueError) as error:
        if isinstance(error, persistence.ModelFileError):
            return  # names the file, not an argument
        message = str(error)
        assert names_an_argument(message, arguments), f"{type(error).__name__}: {message}"
        assert "got " in message or "choose one of" in message, message
        return
    except TrainingDivergedError:
        return  # training that stops being finite says so: the rule's companion
    except FileNotFoundError as error:
        assert name == "load" and str(error).startswith("no model file at "), str(error)
        return
    assert finite(result), f"not finite: {result!r}"
    assert fits(result, v), f"not of the documented shape: {result!r}"


def test_every_public_function_is_fuzzed():
    modules = [activations, article_networks, backprop, datasets, digits, fit, gradient_check,
               layers, losses, metrics, mlp, network, neuron, optimizers, persistence, training,
               two_layer]
    from nnfromscratch.general import tuning

    modules.append(tuning)
    fuzzed = {f[0].split()[0].split(".")[0] for f in FUZZED}
    missing = []
    for module in modules:
        for name in module.__all__:
            thing = getattr(module, name)
            if not callable(thing) or name in EXEMPT or name in FUZZED_THROUGH:
                continue
            if name not in fuzzed:
                missing.append(f"{module.__name__}.{name}")
    assert not missing, missing
    assert fuzzed - FUZZED_THROUGH <= {
        name for module in modules for name in module.__all__
    } | {"MLP", "Neuron", "NeuronNetwork", "Parameters", "TwoLayerNetwork", "Optimizer"}
    assert all(inspect.isclass(getattr(m, n)) for m in modules for n in m.__all__ if n in FUZZED_THROUGH)
