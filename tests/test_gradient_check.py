"""Backpropagation of the general networks, held against two independent oracles.

1. Central differences (nnfromscratch.general.gradient_check) for every layer on its own and for
   every activation/loss combination a network accepts, with and without biases.
2. SymPy: the smallest networks written out as formulas and differentiated symbolically;
   and the local derivatives the layers use, proven as identities.

Plus: the checker itself must catch a wrong gradient (a check that cannot fail is no check),
and hypothesis draws random small networks.
"""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from nnfromscratch.general.gradient_check import (
    check_layer,
    check_network,
    numerical_gradient,
    relative_error,
)
from nnfromscratch.general.layers import ACTIVATIONS, Dense, Identity, ReLU, Sigmoid, Softmax, Tanh
from nnfromscratch.general.mlp import MLP

HIDDEN = sorted(ACTIVATIONS)  # every activation, also as a hidden layer
# Every (output activation, loss) pair a network accepts.
OUTPUTS = [(name, loss) for name in sorted(ACTIVATIONS) for loss in ("mse", "sum_of_squares")] + [
    ("sigmoid", "binary_cross_entropy"),
    ("softmax", "categorical_cross_entropy"),
]
TOLERANCE = 1e-6
# Far above central differences' rounding noise (~1e-10), far below any real mistake.
ABSOLUTE_NOISE = 1e-8


def case_seed(*case: object) -> int:
    """A seed from a test case's parameters, the same in every process and on every machine."""
    return zlib.crc32(repr(case).encode())


def targets_for(loss: str, n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    if loss == "categorical_cross_entropy":
        return np.eye(k)[rng.integers(0, k, n)]
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, (n, k)).astype(float)
    return rng.standard_normal((n, k))


def randomise_biases(network: MLP, rng: np.random.Generator) -> None:
    """Biases start at 0; after a dead ReLU that puts the next sum exactly on the ReLU's
    kink, where no derivative exists. Random biases make that (and bias bugs) visible."""
    for layer in network.dense_layers:
        if layer.bias is not None:
            layer.bias[:] = rng.standard_normal(layer.bias.shape)


# ----- 1. central differences ----------------------------------------------------------


@pytest.mark.parametrize("layer", [Sigmoid(), Tanh(), ReLU(), Identity(), Softmax()], ids=repr)
def test_every_activation_layer_backward_matches_central_differences(layer):
    x = np.random.default_rng(0).standard_normal((5, 4)) * 2
    check = check_layer(layer, x, rng=1)
    assert check.passed(TOLERANCE), str(check)


@pytest.mark.parametrize("bias", [True, False])
def test_dense_layer_backward_matches_central_differences(bias):
    rng = np.random.default_rng(0)
    layer = Dense(rng.standard_normal((4, 3)), rng.standard_normal(3) if bias else None)
    check = check_layer(layer, rng.standard_normal((6, 4)), rng=2)
    assert set(check.errors) == ({"input", "weights", "bias"} if bias else {"input", "weights"})
    assert check.passed(TOLERANCE), str(check)


@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no-bias"])
@pytest.mark.parametrize(("output", "loss"), OUTPUTS, ids=[f"{o}+{loss}" for o, loss in OUTPUTS])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_every_activation_and_loss_combination_backpropagates_correctly(hidden, output, loss, bias):
    # Two hidden layers, so every activation sits between two dense layers at least once.
    # The seed is a stable function of the case (never hash(): it is salted per process).
    rng = np.random.default_rng(case_seed(hidden, output, loss, bias))
    network = MLP([3, 4, 3, 2], [hidden, hidden, output], loss, bias=bias, rng=rng)
    randomise_biases(network, rng)
    x = rng.standard_normal((5, 3))
    check = check_network(network, x, targets_for(loss, 5, 2, rng))
    assert check.relative_error < TOLERANCE, str(check)
    # Also each array on its own. Central differences with epsilon = 1e-6 carry an absolute
    # error of about 1e-10 (rounding of an O(1) loss, divided by 2 epsilon), so an array
    # whose gradient is tiny (a nearly dead ReLU, a saturated sigmoid) has a large relative
    # error from noise alone; there the absolute difference is what can show a bug.
    for name, error in check.errors.items():
        difference = np.linalg.norm(check.analytic[name] - check.numerical[name])
        assert error < TOLERANCE or difference < ABSOLUTE_NOISE, (
            f"{name}: relative {error:.1e}, absolute {difference:.1e}\n{check}"
        )


def test_float32_networks_backpropagate_in_float32_close_to_float64():
    rng = np.random.default_rng(0)
    wide = MLP([6, 8, 3], ["relu", "softmax"], "categorical_cross_entropy", rng=0)
    narrow = wide.copy(dtype="float32")
    x, y = rng.standard_normal((10, 6)), np.eye(3)[rng.integers(0, 3, 10)]
    _, g64 = wide.loss_and_gradients(x, y)
    _, g32 = narrow.loss_and_gradients(x, y)
    for name in g64:
        assert g32[name].dtype == np.float32
        assert relative_error(g32[name], g64[name]) < 1e-5
    assert check_network(narrow, x, y).passed(TOLERANCE)  # run on a float64 copy


def test_the_checker_catches_a_wrong_gradient(monkeypatch):
    network = MLP([3, 4, 1], ["tanh", "sigmoid"], "mse", rng=0)
    x, y = np.random.default_rng(1).standard_normal((5, 3)), np.zeros((5, 1))
    assert check_network(network, x, y).passed(TOLERANCE)

    # A classic slip: the sigmoid's slope taken at the sum z instead of at the output a.
    def slope_at_the_sum(self, grad_output):
        z = self._input_sum
        return grad_output * z * (1 - z)

    original_forward = Sigmoid.forward

    def remember_sum(self, z):
        self._input_sum = z.copy()
        return original_forward(self, z)

    monkeypatch.setattr(Sigmoid, "forward", remember_sum)
    monkeypatch.setattr(Sigmoid, "backward", slope_at_the_sum)
    check = check_network(network, x, y)
    assert not check.passed(TOLERANCE)
    assert check.relative_error > 1e-2


def test_the_checker_catches_a_missing_factor_of_two(monkeypatch):
    network = MLP([2, 3, 1], ["relu", "identity"], "sum_of_squares", rng=0)
    x, y = np.random.default_rng(1).standard_normal((4, 2)), np.ones((4, 1))
    original = MLP.backward

    def halved(self, y):
        original(self, y)
        for g in self.gradients:
            g /= 2

    monkeypatch.setattr(MLP, "backward", halved)
    check = check_network(network, x, y)
    assert check.relative_error == pytest.approx(1 / 3, rel=1e-4)  # |g - g/2| / (g + g/2)


def test_numerical_gradient_restores_the_array_exactly():
    theta = np.array([0.1, 0.2, 0.3])
    before = theta.copy()
    numerical_gradient(lambda: float(np.sum(np.sin(theta))), theta)
    assert np.array_equal(theta, before)


def test_gradient_check_leaves_the_network_unchanged():
    network = MLP([2, 2, 1], "sigmoid", "mse", rng=0)
    before = [p.copy() for p in network.parameters]
    check_network(network, [[1.0, 2.0]], [[1.0]])
    assert all(np.array_equal(a, b) for a, b in zip(before, network.parameters, strict=True))


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    hidden=st.sampled_from(HIDDEN),
    head=st.sampled_from(OUTPUTS),
    bias=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_small_networks_match_finite_differences(sizes, hidden, head, bias, seed):
    output, loss = head
    if output == "softmax" or loss == "categorical_cross_entropy":
        sizes[-1] = max(sizes[-1], 2)
    rng = np.random.default_rng(seed)
    activations = [hidden] * (len(sizes) - 2) + [output]
    network = MLP(sizes, activations, loss, bias=bias, rng=rng)
    randomise_biases(network, rng)
    n = int(rng.integers(1, 5))
    check = check_network(network, rng.standard_normal((n, sizes[0])), targets_for(loss, n, sizes[-1], rng))
    scale = max(np.linalg.norm(g) for g in check.numerical.values())
    if scale > 1e-6:  # not a network whose every gradient vanished (all ReLUs dead, say)
        assert check.relative_error < 1e-5, str(check)


# ----- 2. SymPy -------------------------------------------------------------------------


def sym_sigmoid(z):
    return 1 / (1 + sp.exp(-z))


SYMBOLIC_ACTIVATIONS = {
    "sigmoid": lambda zs: [sym_sigmoid(z) for z in zs],
    "tanh": lambda zs: [sp.tanh(z) for z in zs],
    "relu": lambda zs: [sp.Max(0, z) for z in zs],
    "identity": lambda zs: list(zs),
    "softmax": lambda zs: [sp.exp(z) / sum(sp.exp(w) for w in zs) for z in zs],
}


def symbolic_loss(loss, outputs, sums, targets):
    n_entries = len(outputs)
    if loss == "mse":
        return sum((a - y) ** 2 for a, y in zip(outputs, targets, strict=True)) / n_entries
    if loss == "sum_of_squares":
        return sum((a - y) ** 2 for a, y in zip(outputs, targets, strict=True))
    if loss == "binary_cross_entropy":
        return -sum(y * sp.log(a) + (1 - y) * sp.log(1 - a) for a, y in zip(outputs, targets, strict=True)) / n_entries
    return -sum(y * sp.log(a) for a, y in zip(outputs, targets, strict=True))


# Each activation as the hidden layer once, and each output/loss pair once (central
# differences above already cover every product of the two).
SMALLEST = sorted(
    {(hidden, "identity", "mse") for hidden in HIDDEN} | {("tanh", output, loss) for output, loss in OUTPUTS}
)


@pytest.mark.parametrize(("hidden", "output", "loss"), SMALLEST, ids=["-".join(c) for c in SMALLEST])
def test_smallest_networks_gradients_equal_sympy_derivatives(hidden, output, loss):
    """A 2-2-2 network on one sample, written out in SymPy and differentiated exactly."""
    sizes = [2, 2, 2]
    rng = np.random.default_rng(7)
    network = MLP(sizes, [hidden, output], loss, rng=rng)
    randomise_biases(network, rng)
    x = rng.standard_normal((1, 2))
    y = targets_for(loss, 1, 2, rng)
    value, grads = network.loss_and_gradients(x, y)

    symbols = {}
    for name, array in zip(network.parameter_names, network.parameters, strict=True):
        symbols[name] = sp.Matrix(*array.reshape(array.shape[0], -1).shape,
                                  lambda i, j, name=name: sp.Symbol(f"{name}_{i}{j}"))
    signal = [sp.Float(v, 30) for v in x[0]]
    sums = []
    for layer, name in enumerate([hidden, output], start=1):
        weights, bias = symbols[f"W{layer}"], symbols[f"b{layer}"]
        sums = [sum(signal[i] * weights[i, j] for i in range(len(signal))) + bias[j, 0]
                for j in range(weights.shape[1])]
        signal = SYMBOLIC_ACTIVATIONS[name](sums)
    expression = symbolic_loss(loss, signal, sums, [sp.Float(v, 30) for v in y[0]])

    values = {}
    for name, array in zip(network.parameter_names, network.parameters, strict=True):
        flat = array.reshape(array.shape[0], -1)
        for i, j in itertools.product(*map(range, flat.shape)):
            values[symbols[name][i, j]] = sp.Float(flat[i, j], 30)
    assert float(expression.evalf(30, subs=values)) == pytest.approx(value, rel=1e-12, abs=1e-14)
    for name in network.parameter_names:
        flat = grads[name].reshape(symbols[name].shape)
        for i, j in itertools.product(*map(range, flat.shape)):
            theta = symbols[name][i, j]
            # Fix every other parameter at its value first: the derivative along theta is
            # still exact, and the expression SymPy differentiates stays small.
            along_theta = expression.xreplace({s: v for s, v in values.items() if s != theta})
            exact = float(sp.diff(along_theta, theta).evalf(30, subs={theta: values[theta]}))
            assert flat[i, j] == pytest.approx(exact, rel=1e-10, abs=1e-13), (name, i, j)


def test_local_derivatives_used_by_the_layers_are_identities():
    z, y = sp.symbols("z y", real=True)
    a = sym_sigmoid(z)
    # Sigmoid and tanh slopes from their outputs, as Sigmoid/Tanh.backward use them.
    assert sp.simplify(sp.diff(a, z) - a * (1 - a)) == 0
    assert sp.simplify(sp.diff(sp.tanh(z), z) - (1 - sp.tanh(z) ** 2)) == 0
    # Binary cross-entropy of σ(z): its fused form, and its gradient σ(z) - y.
    bce = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
    fused_positive = z - z * y + sp.log(1 + sp.exp(-z))  # max(z, 0) = z for z > 0
    fused_negative = -z * y + sp.log(1 + sp.exp(z))  # max(z, 0) = 0, |z| = -z for z < 0
    assert sp.simplify(sp.expand_log(bce - fused_positive, force=True)) == 0
    assert sp.simplify(sp.expand_log(bce - fused_negative, force=True)) == 0
    assert sp.simplify(sp.diff(bce, z) - (a - y)) == 0


def test_softmax_cross_entropy_gradient_is_softmax_minus_target():
    z = sp.symbols("z0:3", real=True)
    y = sp.symbols("y0:3", real=True)
    total = sum(sp.exp(v) for v in z)
    softmax = [sp.exp(v) / total for v in z]
    loss = -sum(t * sp.log(s) for t, s in zip(y, softmax, strict=True))
    # With Σ y = 1 (one-hot rows or probabilities) ∂L/∂z_i = softmax_i - y_i.
    on_simplex = {y[2]: 1 - y[0] - y[1]}
    for i in range(3):
        difference = sp.diff(loss, z[i]) - (softmax[i] - y[i])
        assert sp.simplify(difference.subs(on_simplex)) == 0
    # and the fused loss logsumexp(z) - Σ y z is the same function
    fused = sp.log(total) - sum(t * v for t, v in zip(y, z, strict=True))
    assert sp.simplify(sp.expand_log(loss - fused, force=True).subs(on_simplex)) == 0
    # Softmax's Jacobian applied to g is a ⊙ (g - Σ g a), as Softmax.backward computes.
    g = sp.symbols("g0:3", real=True)
    for i in range(3):
        by_jacobian = sum(g[j] * sp.diff(softmax[j], z[i]) for j in range(3))
        by_layer = softmax[i] * (g[i] - sum(gj * aj for gj, aj in zip(g, softmax, strict=True)))
        assert sp.simplify(by_jacobian - by_layer) == 0
