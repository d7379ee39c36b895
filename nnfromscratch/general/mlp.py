"""A general fully connected network (multi-layer perceptron): any depth, any widths.

The articles' networks have fixed shapes: 2-2-1, and 3-4-1 without biases. `MLP` keeps
their ideas and drops the fixed shape. ``MLP([784, 256, 10], ["relu", "softmax"],
"categorical_cross_entropy")`` is a chain of `nnfromscratch.general.layers` objects:

    x → Dense(784→256) → ReLU → Dense(256→10) → Softmax → ŷ

Going forward, each layer turns its input into its output. Going backward, the loss gives
``∂L/∂ŷ`` and each layer, last to first, turns the gradient of its output into the gradient
of its input and of its own weights: backpropagation, exactly as worked by hand in the main
article, one layer at a time instead of one weight at a time.

Losses. ``'mse'`` (mean over every output of every sample) and ``'sum_of_squares'`` work
with any output activation. The cross-entropies need the activation they are made for —
``'binary_cross_entropy'`` a sigmoid output, ``'categorical_cross_entropy'`` a softmax
output — and are *fused* with it: the loss is computed from the last layer's sums ``z``
(see `nnfromscratch.course.losses.softmax_cross_entropy`), which stays accurate where the
probabilities round to 0 or 1, and the gradient ``∂L/∂z`` is simply ``(ŷ - y)`` divided by the
number of samples (for the binary cross-entropy, by the number of entries).

Precision. Every array of a network has one dtype, float64 (the default, for checking
against the articles) or float32 (half the memory; faster where large matrix products
dominate, while a network as small as the digits one runs at about the same speed in
both, its time going to the many small steps rather than to the arithmetic).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from .._checks import (
    as_float_array,
    as_generator,
    check_bool,
    check_choice,
    check_positive_int,
    check_size,
    describe,
)
from .._door import checked
from ..course.losses import LOSSES, Loss
from .layers import ACTIVATIONS, Activation, Dense, make_activation

__all__ = ["DTYPES", "LOSSES", "MLP", "classes_of"]

DTYPES = ("float32", "float64")
"""The precisions a network can compute in."""


def _dtype_name(dtype: DTypeLike) -> str:
    try:
        name = np.dtype(dtype).name
    except TypeError as error:
        if isinstance(dtype, str):
            check_choice(dtype, "dtype", DTYPES)  # a misspelt name: suggest the closest
        raise TypeError(f"dtype must be one of {list(DTYPES)}, got {describe(dtype)}") from error
    return check_choice(name, "dtype", DTYPES)


def _activation_names(activations: str | Sequence[str], n_layers: int) -> list[str]:
    if isinstance(activations, str):
        names = [activations] * n_layers
    elif isinstance(activations, Sequence):
        names = list(activations)
        if len(names) != n_layers:
            raise ValueError(
                f"activations must name one activation per layer ({n_layers}), got {len(names)}"
            )
    else:
        raise TypeError(
            f"activations must be a name or a list of names, got {describe(activations)}"
        )
    return [check_choice(name, "activation", ACTIVATIONS) for name in names]


def _check_loss(loss: str, output_activation: str) -> Loss:
    # A cross-entropy is fused with the activation it is made for, and makes no sense without it.
    loss_function = LOSSES[check_choice(loss, "loss", LOSSES)]()
    needed = loss_function.output
    if needed is not None and output_activation != needed:
        raise ValueError(
            f"loss {loss!r} needs a {needed!r} output layer, got {output_activation!r}; use "
            f"activations=[..., {needed!r}] or a squared-error loss"
        )
    return loss_function


# The doors of the network's passes: inputs and targets that fit this network, whose own
# numbers must still be finite (they are public arrays, and training can be stopped midway).


def still_finite(network: MLP) -> None:
    """Refuse a network whose weights or biases hold a NaN or an infinity."""
    for index, layer in enumerate(network.dense_layers):
        for kind, values in (("weights", layer.weights), ("biases", layer.bias)):
            if values is not None and not np.isfinite(values).all():
                raise ValueError(
                    f"{kind} of this network must be finite, got "
                    f"{values[~np.isfinite(values)].flat[0]} in {kind}[{index}]"
                )


def an_mlp(network: Any, name: str) -> MLP:
    """`network` if it is an `MLP` whose numbers are all finite."""
    if not isinstance(network, MLP):
        raise TypeError(f"{name} must be an MLP, got {describe(network)}")
    still_finite(network)
    return network


def _inputs(self: MLP, x: Any) -> dict[str, Any]:
    still_finite(self)
    return {"x": self.check_inputs(x)}


def _data(self: MLP, x: Any, y: Any) -> dict[str, Any]:
    still_finite(self)
    inputs = self.check_inputs(x)
    return {"x": inputs, "y": self.check_targets(y, len(inputs))}


def _targets_of_last_forward(self: MLP, y: Any) -> dict[str, Any]:
    last_input = self.dense_layers[0].input
    if last_input is None:
        raise RuntimeError("MLP.backward called before forward (or loss)")
    return {"y": self.check_targets(y, len(last_input))}


def classes_of(outputs: np.ndarray) -> np.ndarray:
    """The class each row of outputs (or one-hot targets) stands for.

    The largest of several outputs; for a single output, 1 if it is at least 0.5, else 0.

    Examples
    --------
    >>> classes_of(np.array([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]]))
    array([1, 0])
    >>> classes_of(np.array([[0.3], [0.5]]))
    array([0, 1])
    """
    if outputs.shape[1] == 1:
        return (outputs[:, 0] >= 0.5).astype(np.int64)
    return np.argmax(outputs, axis=1)


class MLP:
    """A fully connected network: dense layers, each followed by an activation.

    Parameters
    ----------
    layer_sizes : sequence of int
        The widths, inputs first: ``[2, 2, 1]`` is the main article's network.
    activations : str or sequence of str, default 'sigmoid'
        One name per dense layer (``len(layer_sizes) - 1`` of them), or one name for all:
        ``'sigmoid'``, ``'tanh'``, ``'relu'``, ``'softmax'`` or ``'identity'``.
    loss : str, default 'mse'
        ``'mse'``, ``'sum_of_squares'``, ``'binary_cross_entropy'`` (needs a sigmoid output)
        or ``'categorical_cross_entropy'`` (needs a softmax output).
    bias : bool, default True
        Whether the dense layers have biases.
    dtype : {'float64', 'float32'}, default 'float64'
        The precision of every parameter and computation.
    rng : numpy.random.Generator or int or None
        Source (or seed) of the random initial weights: normal with variance
        ``2 / n_inputs`` before a ReLU (He initialisation) and ``1 / n_inputs`` otherwise
        (LeCun). For inputs of unit variance the first layer's sums then have variance
        about 1 (about 2 before a ReLU). Later layers depend on the activation: with ReLU
        the sums stay near variance 2 layer after layer; after a sigmoid, whose outputs
        have mean ½ and variance about 0.04, they drop to about 0.25 and stay there; after
        tanh they keep shrinking (about 1.00, 0.40, 0.24, 0.17 over four layers 500 wide).
        Biases start at 0.

    Attributes
    ----------
    layers : list
        The `Dense` and `Activation` layers, in order.
    dense_layers : list of Dense
        Just the dense layers.

    Examples
    --------
    >>> net = MLP([2, 2, 1], "sigmoid", "mse", rng=0)
    >>> net
    MLP([2, 2, 1], activations=['sigmoid', 'sigmoid'], loss='mse', bias=True, dtype='float64')
    >>> net.parameter_names
    ['W1', 'b1', 'W2', 'b2']
    >>> net.predict([[-2, -1]]).shape
    (1, 1)

    A classifier, and the clear error for a mistyped name:

    >>> MLP([64, 32, 10], ["relu", "softmax"], "categorical_cross_entropy", rng=0).n_parameters
    2410
    >>> MLP([2, 1], "sigmoid", "binary_crossentropy")
    Traceback (most recent call last):
        ...
    ValueError: unknown loss 'binary_crossentropy'; ... Did you mean 'binary_cross_entropy'?
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activations: str | Sequence[str] = "sigmoid",
        loss: str = "mse",
        *,
        bias: bool = True,
        dtype: DTypeLike = "float64",
        rng: np.random.Generator | int | None = None,
    ) -> None:
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Sequence):
            raise TypeError(f"layer_sizes must be a list of widths, got {describe(layer_sizes)}")
        if len(layer_sizes) < 2:
            raise ValueError(
                f"layer_sizes needs at least the input and output widths, got {list(layer_sizes)}"
            )
        sizes = [check_positive_int(n, f"layer_sizes[{i}]") for i, n in enumerate(layer_sizes)]
        check_size(sum(a * b for a, b in pairwise(sizes)), "layer_sizes", "weights")
        names = _activation_names(activations, len(sizes) - 1)
        bias = check_bool(bias, "bias")
        generator = as_generator(rng)
        dtype_name = _dtype_name(dtype)
        weights, biases = [], []
        for n_in, n_out, name in zip(sizes[:-1], sizes[1:], names, strict=True):
            gain = 2.0 if name == "relu" else 1.0
            w = generator.standard_normal((n_in, n_out)) * math.sqrt(gain / n_in)
            weights.append(w.astype(dtype_name))
            biases.append(np.zeros(n_out, dtype=dtype_name) if bias else None)
        self._assemble(weights, biases, names, loss)

    @classmethod
    def from_weights(
        cls,
        weights: Sequence[ArrayLike],
        biases: Sequence[ArrayLike] | None = None,
        activations: str | Sequence[str] = "sigmoid",
        loss: str = "mse",
        *,
        dtype: DTypeLike | None = None,
    ) -> MLP:
        """Build a network from given weights instead of random ones.

        Parameters
        ----------
        weights : sequence of array_like
            ``W1, W2, ...``; ``W_k`` has shape (inputs of layer k, neurons of layer k).
        biases : sequence of array_like, optional
            ``b1, b2, ...`` (shape (neurons of layer k,)); None for a network without biases.
        activations, loss
            As for `MLP`.
        dtype : {'float64', 'float32'}, optional
            By default that of the first weight array (float64 for lists of numbers).

        Returns
        -------
        MLP
            A network holding copies of the given arrays.

        Examples
        --------
        >>> net = MLP.from_weights([[[1.0], [1.0]]], [[0.0]], "identity", "mse")
        >>> net.predict([[2.0, 3.0]])
        array([[5.]])
        """
        if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence) or not weights:
            raise TypeError(
                f"weights must be a non-empty list of 2-d arrays, got {describe(weights)}"
            )
        arrays = [as_float_array(w, f"weights[{i}]", ndim=2) for i, w in enumerate(weights)]
        dtype_name = _dtype_name(arrays[0].dtype if dtype is None else dtype)
        arrays = [w.astype(dtype_name) for w in arrays]
        for i in range(1, len(arrays)):
            if arrays[i].shape[0] != arrays[i - 1].shape[1]:
                raise ValueError(
                    f"weights[{i}] must have {arrays[i - 1].shape[1]} rows (the width of layer "
                    f"{i}), got shape {arrays[i].shape}"
                )
        if biases is None:
            bias_arrays: list[np.ndarray | None] = [None] * len(arrays)
        else:
            if not isinstance(biases, Sequence) or len(biases) != len(arrays):
                raise ValueError(
                    f"biases must be None or one array per weight matrix ({len(arrays)}), "
                    f"got {describe(biases)}"
                )
            bias_arrays = [
                as_float_array(b, f"biases[{i}]", shape=(w.shape[1],), dtype=dtype_name)
                for i, (w, b) in enumerate(zip(arrays, biases, strict=True))
            ]
        names = _activation_names(activations, len(arrays))
        network = cls.__new__(cls)
        network._assemble(arrays, bias_arrays, names, loss)
        return network

    def _assemble(
        self,
        weights: list[np.ndarray],
        biases: list[np.ndarray | None],
        activation_names: list[str],
        loss: str,
    ) -> None:
        self.loss_function = _check_loss(loss, activation_names[-1])
        self.loss_name = self.loss_function.name
        self.activation_names = activation_names
        self.dense_layers = [Dense(w, b) for w, b in zip(weights, biases, strict=True)]
        self.activation_layers: list[Activation] = [make_activation(n) for n in activation_names]
        self.layers: list[Dense | Activation] = [
            layer
            for pair in zip(self.dense_layers, self.activation_layers, strict=True)
            for layer in pair
        ]
        self.dtype = self.dense_layers[0].weights.dtype

    # ----- description ---------------------------------------------------------------

    @property
    def layer_sizes(self) -> list[int]:
        """The widths, inputs first."""
        return [self.dense_layers[0].weights.shape[0]] + [
            d.weights.shape[1] for d in self.dense_layers
        ]

    @property
    def has_bias(self) -> bool:
        """Whether the dense layers have biases."""
        return self.dense_layers[0].bias is not None

    @property
    def architecture(self) -> dict[str, Any]:
        """Everything but the numbers: enough to rebuild the network (saved as JSON)."""
        return {
            "layer_sizes": self.layer_sizes,
            "activations": list(self.activation_names),
            "loss": self.loss_name,
            "bias": self.has_bias,
            "dtype": self.dtype.name,
        }

    @property
    def parameters(self) -> list[np.ndarray]:
        """Every parameter array, in the order of `parameter_names` (the live arrays)."""
        return [p for layer in self.dense_layers for p in layer.parameters]

    @property
    def gradients(self) -> list[np.ndarray]:
        """The gradients from the last backward pass, in the order of `parameters`."""
        return [g for layer in self.dense_layers for g in layer.gradients]

    @property
    def parameter_names(self) -> list[str]:
        """``W1, b1, W2, b2, ...``: layer numbers start at 1, as in the equations."""
        names = []
        for k, layer in enumerate(self.dense_layers, start=1):
            names.append(f"W{k}")
            if layer.bias is not None:
                names.append(f"b{k}")
        return names

    @property
    def n_parameters(self) -> int:
        """How many numbers training adjusts."""
        return sum(p.size for p in self.parameters)

    def __repr__(self) -> str:
        return (
            f"MLP({self.layer_sizes}, activations={self.activation_names}, "
            f"loss={self.loss_name!r}, bias={self.has_bias}, dtype={self.dtype.name!r})"
        )

    def copy(self, dtype: DTypeLike | None = None) -> MLP:
        """An independent copy, optionally in another precision.

        Examples
        --------
        >>> net = MLP([2, 1], rng=0)
        >>> net.copy(dtype="float32").dtype
        dtype('float32')
        """
        return MLP.from_weights(
            [d.weights for d in self.dense_layers],
            [d.bias for d in self.dense_layers] if self.has_bias else None,
            self.activation_names,
            self.loss_name,
            dtype=self.dtype if dtype is None else dtype,
        )

    # ----- checking user input -----------------------------------------------------

    def check_inputs(self, x: ArrayLike, name: str = "x") -> np.ndarray:
        """Return `x` as an array of shape (n_samples, n_inputs) in the network's dtype.

        Examples
        --------
        >>> MLP([3, 1], rng=0).check_inputs([[1, 2, 3]])
        array([[1., 2., 3.]])
        >>> MLP([3, 1], rng=0).check_inputs([[1, 2]])
        Traceback (most recent call last):
            ...
        ValueError: x must have 3 columns (one per input), got shape (1, 2)
        """
        array = as_float_array(x, name, ndim=2, dtype=self.dtype)
        if array.shape[1] != self.layer_sizes[0]:
            raise ValueError(
                f"{name} must have {self.layer_sizes[0]} columns (one per input), "
                f"got shape {array.shape}"
            )
        return array

    def check_targets(self, y: ArrayLike, n_samples: int, name: str = "y") -> np.ndarray:
        """Return `y` as an array of shape (n_samples, n_outputs), checked against the loss.

        A 1-d `y` is accepted for a network with one output.

        Examples
        --------
        >>> MLP([3, 1], rng=0).check_targets([1, 0], n_samples=2)
        array([[1.],
               [0.]])
        """
        array = as_float_array(y, name, ndim=(1, 2), dtype=self.dtype)
        n_outputs = self.layer_sizes[-1]
        if array.ndim == 1 and n_outputs == 1:
            array = array.reshape(-1, 1)
        if array.shape != (n_samples, n_outputs):
            raise ValueError(
                f"{name} must have shape ({n_samples}, {n_outputs}) (one row per sample, one "
                f"column per output), got {array.shape}"
            )
        if self.loss_function.output is not None and np.any((array < 0) | (array > 1)):
            bad = array[(array < 0) | (array > 1)].flat[0]
            raise ValueError(
                f"{name} must hold probabilities in [0, 1] for {self.loss_name}, got {bad}"
            )
        if self.loss_name == "categorical_cross_entropy":
            sums = array.sum(axis=1)
            if not np.allclose(sums, 1, atol=1e-5):
                raise ValueError(
                    f"each row of {name} must sum to 1 (one-hot labels; see "
                    f"nnfromscratch.general.metrics.one_hot), got a row summing to "
                    f"{sums[~np.isclose(sums, 1, atol=1e-5)][0]}"
                )
        return array

    # ----- the passes: forward, loss, backward ---------------------------------------

    # --8<-- [start:forward]
    @checked(_inputs, overflow=("x",), locks=("self",))
    def forward(self, x: ArrayLike) -> np.ndarray:
        """The outputs ``ŷ`` for a batch `x`; layers keep what `backward` needs.

        The array returned is the last layer's working array: the next `forward`
        overwrites it (`predict` returns a copy).

        Examples
        --------
        >>> net = MLP.from_weights([[[1.0], [1.0]]], [[0.0]], "identity", "mse")
        >>> net.forward([[2.0, 3.0]])
        array([[5.]])
        """
        for layer in self.layers:
            x = layer.forward(x)
        return x
    # --8<-- [end:forward]

    # --8<-- [start:loss]
    @checked(_data, overflow=("x", "y"), locks=("self",))
    def loss(self, x: ArrayLike, y: ArrayLike) -> float:
        """The loss for `x` and `y`; keeps the forward pass for `backward`.

        Examples
        --------
        >>> net = MLP.from_weights([[[0.0], [0.0]]], [[0.0]], "sigmoid", "mse")
        >>> net.loss([[1.0, 2.0], [3.0, 4.0]], [1.0, 0.0])  # ŷ = 0.5 for both
        0.25
        """
        y_hat = self.forward(x)
        return self.loss_function.value(y_hat, self.dense_layers[-1].output, y)
    # --8<-- [end:loss]

    # --8<-- [start:backward]
    @checked(_targets_of_last_forward, locks=("self",))
    def backward(self, y: ArrayLike) -> None:
        """Fill every layer's gradients for the last forward pass and targets `y`.

        The loss gives ``∂L/∂ŷ`` (or, fused with the output activation, ``∂L/∂z``);
        each layer, last to first, turns the gradient of its output into that of its
        input.

        Examples
        --------
        >>> net = MLP.from_weights([[[0.0], [0.0]]], [[0.0]], "sigmoid", "mse")
        >>> _ = net.forward([[1.0, 2.0]])
        >>> net.backward([[1.0]])
        >>> net.dense_layers[0].grad_bias
        array([-0.25])
        """
        grad = self.loss_function.gradient(self.activation_layers[-1].output, y)
        # Not fused: back through the last activation.
        if self.loss_function.output is None:
            grad = self.activation_layers[-1].backward(grad)
        for index in range(len(self.dense_layers) - 1, -1, -1):
            # The first layer's input is the data: nobody needs its gradient.
            layer = self.dense_layers[index]
            grad = layer.backward(grad, need_input_gradient=index > 0)
            if index > 0:
                grad = self.activation_layers[index - 1].backward(grad)
    # --8<-- [end:backward]

    # ----- public use ------------------------------------------------------------------

    @checked(_inputs, overflow=("x",), locks=("self",))
    def predict(self, x: ArrayLike) -> np.ndarray:
        """The network's outputs ``ŷ`` for inputs `x` (one row per sample).

        Parameters
        ----------
        x : array_like, shape (n_samples, n_inputs)

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_outputs)
            A new array (safe to keep).

        Notes
        -----
        The layers keep working arrays sized for the largest batch they have seen, so
        predicting on a very large `x` at once keeps that much memory; pass it in slices
        if that matters.

        Examples
        --------
        >>> net = MLP.from_weights([[[1.0], [-1.0]]], [[0.0]], "sigmoid")
        >>> net.predict([[3.0, 3.0], [1e4, 0.0]])
        array([[0.5],
               [1. ]])
        """
        return self.forward(x).copy()

    def predict_classes(self, x: ArrayLike) -> np.ndarray:
        """The predicted class of each sample: the largest output, or ŷ ≥ 0.5 for one output.

        Examples
        --------
        >>> net = MLP.from_weights([np.eye(3)], None, "softmax", "categorical_cross_entropy")
        >>> net.predict_classes([[0.1, 2.0, 0.3], [5.0, 0.0, 0.0]])
        array([1, 0])
        """
        return classes_of(self.predict(x))

    @checked(_data, overflow=("x", "y"), locks=("self",))
    def loss_and_gradients(self, x: ArrayLike, y: ArrayLike) -> tuple[float, dict[str, np.ndarray]]:
        """The loss and its gradient with respect to every parameter, by backpropagation.

        Returns
        -------
        loss : float
        gradients : dict of str to numpy.ndarray
            ``{'W1': ∂L/∂W1, 'b1': ∂L/∂b1, ...}`` (copies, safe to keep).

        Examples
        --------
        One sigmoid neuron with zero weights: ``ŷ = 0.5`` and, for the MSE of one sample with
        target 1, ``∂L/∂b = 2 (ŷ - y) σ'(0) = 2 · (-0.5) · 0.25``:

        >>> net = MLP.from_weights([[[0.0], [0.0]]], [[0.0]], "sigmoid", "mse")
        >>> loss, grads = net.loss_and_gradients([[1.0, 2.0]], [1.0])
        >>> loss, grads["b1"]
        (0.25, array([-0.25]))
        >>> grads["W1"]
        array([[-0.25],
               [-0.5 ]])
        """
        value = self.loss(x, y)
        self.backward(y)
        return value, {
            name: g.copy() for name, g in zip(self.parameter_names, self.gradients, strict=True)
        }
