"""Gradient checking: is backpropagation right? Compare it with finite differences.

Backpropagation is easy to get subtly wrong (a missing factor of 2, a transposed matrix,
a slope taken at the output instead of the sum) and a wrong gradient often still trains,
just badly. The check needs nothing but the loss itself: nudge one parameter ``θ`` by a
small ``ε`` each way and measure the slope,

    ∂L/∂θ ≈ (L(θ + ε) - L(θ - ε)) / (2ε)        (central difference, error ~ ε²)

then compare with backpropagation's value using the *relative error*

    ‖analytic - numerical‖ / (‖analytic‖ + ‖numerical‖)

which is of the order of 1e-10 to 1e-9 when backpropagation is right (in float64 with
``ε = 1e-6``; the rounding of the loss limits it) and much larger when it is wrong: a
gradient missing a factor of 2 gives 1/3, one of the wrong sign gives 1. Scaling the loss
does not change it, but a gradient near zero does: there the rounding of the loss is large
beside the gradient itself, and even a right gradient can give a large relative error
(``L = 1 + θ²`` at ``θ = 1e-9`` gives about 4e-04); compare such entries by their absolute
difference. One loss evaluation per nudge, two per parameter: fine for small networks,
which is all a check needs.

The checks always compute in float64 (on a copy, for a float32 network): in float32 the
rounding of the loss would swamp the differences.
"""

from __future__ import annotations

import copy
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._checks import as_float_array, as_generator, check_positive_number, describe
from .._door import checked
from .layers import Activation, Dense
from .mlp import MLP, an_mlp

__all__ = [
    "GradientCheck",
    "check_layer",
    "check_network",
    "numerical_gradient",
    "relative_error",
]


def relative_error(analytic: ArrayLike, numerical: ArrayLike) -> float:
    """``‖a - n‖ / (‖a‖ + ‖n‖)``, 0.0 when both are zero.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> relative_error([1.0], [-1.0])  # opposite signs: as wrong as can be
    1.0
    >>> f"{relative_error([1.0], [1.001]):.1e}"
    '5.0e-04'
    """
    a = as_float_array(analytic, "analytic", allow_empty=True, dtype=np.float64)
    n = as_float_array(numerical, "numerical", allow_empty=True, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(
            f"analytic and numerical must have the same shape, got {a.shape} and {n.shape}"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        scale = np.linalg.norm(a) + np.linalg.norm(n)
        if not np.isfinite(scale):  # entries near the largest double: divide them down first
            largest = max(float(np.abs(a).max()), float(np.abs(n).max()))
            a, n = a / largest, n / largest
            scale = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - n) / scale)


def numerical_gradient(
    loss: Callable[[], float], array: np.ndarray, epsilon: float = 1e-6
) -> np.ndarray:
    """The central-difference gradient of ``loss()`` with respect to every entry of `array`.

    `array` is nudged in place, one entry at a time, and restored exactly afterwards;
    ``loss`` must read it (a network's weight matrix, say).

    Parameters
    ----------
    loss : callable
        Computes the loss from the current contents of `array`.
    array : numpy.ndarray
        A float64 array that `loss` depends on.
    epsilon : float, default 1e-6
        The nudge ``ε``.

    Returns
    -------
    numpy.ndarray
        Same shape as `array`.

    Examples
    --------
    The slope of ``L = θ₁² + 3 θ₂`` at ``θ = (2, 5)`` is ``(4, 3)``:

    >>> theta = np.array([2.0, 5.0])
    >>> numerical_gradient(lambda: theta[0] ** 2 + 3 * theta[1], theta).round(6)
    array([4., 3.])
    """
    epsilon = check_positive_number(epsilon, "epsilon")
    if not callable(loss):
        raise TypeError(f"loss must be callable, got {describe(loss)}")
    if not isinstance(array, np.ndarray) or array.dtype.kind != "f" or array.dtype.itemsize != 8:
        raise TypeError(f"array must be a float64 numpy array, got {describe(array)}")
    if not array.flags.writeable:
        raise ValueError("array must be writeable (it is nudged in place), got a read-only array")
    if not np.all(np.isfinite(array)):
        raise ValueError("array must be finite, got NaN or infinity in it")
    with np.errstate(over="ignore"):
        moved = (array + epsilon, array - epsilon)
    for nudged, sign in zip(moved, "+-", strict=True):
        if not np.isfinite(nudged).all():
            raise ValueError(f"epsilon must keep array {sign} epsilon finite, got {epsilon:g} "
                             f"beside entries up to {float(np.abs(array).max()):g}")
    if np.any(moved[0] == moved[1]):
        raise ValueError(f"epsilon must be large enough to move every entry of array, got "
                         f"{epsilon:g} (too small beside {float(np.abs(array).max()):g})")
    gradient = np.zeros_like(array)
    if array.size == 0:
        return gradient
    flat, flat_gradient = array.reshape(-1), gradient.reshape(-1)
    if not np.shares_memory(flat, array):
        raise ValueError(
            f"array must be contiguous (it is nudged in place), got a strided view of shape "
            f"{array.shape}"
        )
    for index in range(flat.size):
        saved = flat[index]
        try:  # restored whatever happens, even an error in loss() or Ctrl-C
            flat[index] = saved + epsilon
            above = _loss_value(loss())
            flat[index] = saved - epsilon
            below = _loss_value(loss())
        finally:
            flat[index] = saved
        flat_gradient[index] = (above - below) / (2 * epsilon)
    return gradient


def _loss_value(value: Any) -> float:
    """What ``loss()`` returned, as a finite float."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"loss() must return a number, got {describe(value)}")
    if not np.isfinite(value):
        raise ValueError(f"loss() must return a finite number, got {value}")
    return float(value)


def _check_epsilon(value: Any, name: str) -> float:
    """A nudge for a float64 check: smaller drowns in rounding, larger in curvature."""
    number = check_positive_number(value, name)
    if not 1e-10 <= number <= 1e-2:
        raise ValueError(f"{name} must be between 1e-10 and 0.01 for a float64 check, got "
                         f"{value}")
    return number


@dataclass(frozen=True)
class GradientCheck:
    """The result of a gradient check: both gradients, and how far apart they are.

    Attributes
    ----------
    analytic, numerical : dict of str to numpy.ndarray
        Backpropagation's and the central differences' gradient, by parameter name.
    errors : dict of str to float
        The relative error of each parameter array.
    relative_error : float
        The relative error of all parameters together (as one long vector).

    Examples
    --------
    >>> check = GradientCheck({"w": np.array([1.0])}, {"w": np.array([1.0])}, {"w": 0.0}, 0.0)
    >>> check.passed()
    True
    """

    analytic: dict[str, np.ndarray]
    numerical: dict[str, np.ndarray]
    errors: dict[str, float]
    relative_error: float

    def passed(self, tolerance: float = 1e-7) -> bool:
        """True when every array's relative error is below `tolerance`.

        Examples
        --------
        >>> GradientCheck({}, {}, {"W1": 1e-9, "b1": 3e-6}, 1e-6).passed(tolerance=1e-5)
        True
        """
        tolerance = check_positive_number(tolerance, "tolerance")
        return all(error < tolerance for error in self.errors.values())

    def __str__(self) -> str:
        lines = [f"{'parameter':<10} {'shape':<12} relative error"]
        for name, error in self.errors.items():
            shape = str(self.analytic[name].shape)
            lines.append(f"{name:<10} {shape:<12} {error:.1e}")
        lines.append(f"{'all':<10} {'':<12} {self.relative_error:.1e}")
        return "\n".join(lines)


def _result(analytic: dict[str, np.ndarray], numerical: dict[str, np.ndarray]) -> GradientCheck:
    errors = {name: relative_error(analytic[name], numerical[name]) for name in analytic}
    every = relative_error(
        np.concatenate([a.ravel() for a in analytic.values()]),
        np.concatenate([n.ravel() for n in numerical.values()]),
    )
    return GradientCheck(analytic, numerical, errors, every)


def _network_copy(network: Any, name: str) -> MLP:
    # The check nudges a float64 copy, never the network.
    return an_mlp(network, name).copy(dtype="float64")


def _data(network: MLP, x: Any, y: Any, **_: Any) -> dict[str, Any]:
    inputs = network.check_inputs(x)
    return {"x": inputs, "y": network.check_targets(y, len(inputs))}


@checked(_data, network=_network_copy, epsilon=_check_epsilon, overflow=("x", "y"))
def check_network(network: MLP, x: ArrayLike, y: ArrayLike, epsilon: float = 1e-6) -> GradientCheck:
    """Check a network's backpropagation against central differences of its loss.

    Parameters
    ----------
    network : MLP
        The network (left unchanged; the check runs on a float64 copy).
    x, y : array_like
        A few samples and their targets.
    epsilon : float, default 1e-6
        The nudge.

    Returns
    -------
    GradientCheck

    Examples
    --------
    >>> net = MLP([3, 4, 2], ["tanh", "softmax"], "categorical_cross_entropy", rng=0)
    >>> x = np.random.default_rng(1).standard_normal((5, 3))
    >>> y = np.eye(2)[[0, 1, 1, 0, 1]]
    >>> check = check_network(net, x, y)
    >>> check.passed()
    True
    >>> bool(check.relative_error < 1e-8)
    True

    Printing it gives one line per parameter array (the errors vary in their last digits
    from machine to machine, so only the layout is shown here):

    >>> print(check)
    parameter  shape        relative error
    W1         (3, 4)       ...e-1...
    b1         (4,)         ...
    W2         (4, 2)       ...
    b2         (2,)         ...
    all                     ...
    """
    twin, inputs, targets = network, x, y  # the door made a float64 copy
    twin.loss(inputs, targets)
    twin.backward(targets)
    analytic = {
        name: g.copy() for name, g in zip(twin.parameter_names, twin.gradients, strict=True)
    }

    def loss() -> float:
        return twin.loss(inputs, targets)

    numerical = {
        name: numerical_gradient(loss, parameter, epsilon)
        for name, parameter in zip(twin.parameter_names, twin.parameters, strict=True)
    }
    return _result(analytic, numerical)


def _layer(layer: Any, name: str) -> Dense | Activation:
    if not isinstance(layer, (Dense, Activation)):
        raise TypeError(f"{name} must be a Dense or Activation layer, got {describe(layer)}")
    if isinstance(layer, Dense):
        if layer.weights.dtype != np.float64:
            raise TypeError(
                f"{name} must be a float64 layer (float32 rounding swamps ε), got dtype "
                f"{layer.weights.dtype}"
            )
        for kind, values in (("weights", layer.weights), ("bias", layer.bias)):
            if values is not None and not np.isfinite(values).all():
                raise ValueError(f"{name} must hold finite {kind}, got {values!r}")
    # A private copy: it gets nudged, and its caches change; the caller's layer never does.
    return copy.deepcopy(layer)


@checked(layer=_layer, rng=as_generator, epsilon=_check_epsilon, overflow=("x",))
def check_layer(
    layer: Dense | Activation,
    x: ArrayLike,
    rng: np.random.Generator | int | None = None,
    epsilon: float = 1e-6,
) -> GradientCheck:
    """Check one layer's backward pass, on its own.

    A layer has no loss, so one is made up: ``L = Σ g ⊙ forward(x)`` with a random
    ``g``, whose gradient with respect to the output is exactly ``g``. Then ``backward(g)``
    must match the central differences of ``L`` with respect to the input (``'input'``) and,
    for a dense layer, the weights and bias (``'weights'``, ``'bias'``).

    Parameters
    ----------
    layer : Dense or Activation
        A float64 layer.
    x : array_like, shape (n_samples, n_inputs)
        The input to check at.
    rng : numpy.random.Generator or int or None
        Source of ``g``.
    epsilon : float, default 1e-6

    Returns
    -------
    GradientCheck

    Examples
    --------
    >>> from nnfromscratch.general.layers import Softmax
    >>> check_layer(Softmax(), np.random.default_rng(0).standard_normal((4, 3)), rng=0).passed()
    True
    """
    # A private copy: it gets nudged.
    inputs = as_float_array(x, "x", ndim=2, dtype=np.float64).copy()
    largest = float(np.abs(inputs).max()) if inputs.size else 0.0
    if epsilon <= largest * np.finfo(np.float64).eps:
        raise ValueError(f"x must be small enough for epsilon={epsilon:g} to move it (below "
                         f"{epsilon / np.finfo(np.float64).eps:.3g}), got values up to {largest:g}")
    if isinstance(layer, Dense) and inputs.shape[1] != layer.weights.shape[0]:
        raise ValueError(
            f"x must have {layer.weights.shape[0]} columns (one per input of layer), got shape "
            f"{inputs.shape}"
        )
    upstream = rng.standard_normal(np.shape(layer.forward(inputs)))

    def loss() -> float:
        return float(np.sum(upstream * layer.forward(inputs)))

    layer.forward(inputs)
    analytic = {"input": layer.backward(upstream).copy()}
    named: dict[str, np.ndarray] = {"input": inputs}
    if isinstance(layer, Dense):
        analytic["weights"] = layer.grad_weights.copy()
        named["weights"] = layer.weights
        if layer.bias is not None:
            assert layer.grad_bias is not None
            analytic["bias"] = layer.grad_bias.copy()
            named["bias"] = layer.bias
    numerical = {name: numerical_gradient(loss, array, epsilon) for name, array in named.items()}
    return _result(analytic, numerical)
