"""Layers: the building blocks of a general network, each with a forward and a backward pass.

A fully connected network is a chain of two kinds of layer:

* `Dense` — the weighted sums ``z = x W + b`` of a whole layer of neurons at once
  (one row of ``x`` per sample, one column of ``W`` per neuron);
* an activation — ``a = f(z)``, element by element (`Sigmoid`, `Tanh`, `ReLU`,
  `Identity`) or row by row (`Softmax`).

``forward(x)`` computes the layer's output and remembers what backpropagation will need.
``backward(grad_output)`` receives ``∂L/∂output`` (same shape as the output) and returns
``∂L/∂input`` by the chain rule; a `Dense` layer also fills ``grad_weights`` and
``grad_bias`` (``∂L/∂W`` and ``∂L/∂b``).

Speed. Training calls these methods for every mini-batch, with batches of the same shape
(1,020 times to train the digits network: 34 batches an epoch for 30 epochs), so each layer
writes into arrays it allocated once (its *workspace*) instead of creating new ones at
every step. The price: the array a method returns is overwritten by the next call
of the same method. Copy it (``layer.forward(x).copy()``) to keep it.
`nnfromscratch.general.mlp.MLP.predict` does that for you.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import as_float_array, check_choice
from .._door import checked

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Dense",
    "Identity",
    "ReLU",
    "Sigmoid",
    "Softmax",
    "Tanh",
    "make_activation",
]


# --8<-- [start:Workspace]
class _Workspace:
    """Arrays made once, then reused; a smaller batch uses the first rows."""

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def get(
        self, name: str, shape: tuple[int, ...], dtype: np.dtype
    ) -> np.ndarray:
        rows, rest = shape[0], shape[1:]
        array = self._arrays.get(name)
        too_small = array is None or array.shape[0] < rows
        if too_small or array.shape[1:] != rest or array.dtype != dtype:
            array = np.empty(shape, dtype=dtype)
            self._arrays[name] = array
        # The first rows of a C-ordered array are contiguous, so the view works
        # with out=.
        return array[:rows]
# --8<-- [end:Workspace]


def _dense(self: Any, weights: Any, bias: Any) -> dict[str, Any]:
    # Copies: a layer must not change when the caller later changes their arrays.
    checked_weights = as_float_array(weights, "weights", ndim=2).copy()
    if bias is not None:
        bias = as_float_array(
            bias, "bias", shape=(checked_weights.shape[1],), dtype=checked_weights.dtype
        ).copy()
    return {"weights": checked_weights, "bias": bias}


# --8<-- [start:Dense]
class Dense:
    """A layer of neurons that all see the same inputs: ``z = x W + b``.

    Parameters
    ----------
    weights : array_like, shape (n_inputs, n_outputs)
        ``W[i, j]`` is the weight from input ``i`` to neuron ``j``.
    bias : array_like of shape (n_outputs,), or None
        One bias per neuron; None for a layer without biases (like the two-layer
        article's).

    Attributes
    ----------
    weights, bias : numpy.ndarray
        The parameters (updated in place by the optimisers).
    grad_weights, grad_bias : numpy.ndarray
        ``∂L/∂W`` and ``∂L/∂b`` from the last `backward`.
    input, output : numpy.ndarray or None
        ``x`` and ``z`` of the last `forward` (kept for `backward` and the fused
        losses).

    Examples
    --------
    >>> layer = Dense([[1.0, 0.0], [0.0, 2.0]], bias=[0.5, -0.5])
    >>> layer.forward(np.array([[3.0, 4.0]]))
    array([[3.5, 7.5]])
    >>> layer.backward(np.array([[1.0, 1.0]]))  # ∂L/∂x for L = z1 + z2
    array([[1., 2.]])
    >>> layer.grad_weights, layer.grad_bias
    (array([[3., 3.],
           [4., 4.]]), array([1., 1.]))
    """

    @checked(_dense)
    def __init__(
        self, weights: np.ndarray, bias: np.ndarray | None = None
    ) -> None:
        self.weights = weights
        self.bias = bias
        self.grad_weights = np.zeros_like(self.weights)
        self.grad_bias = None if self.bias is None else np.zeros_like(self.bias)
        self.input: np.ndarray | None = None
        self.output: np.ndarray | None = None
        self._workspace = _Workspace()

    @property
    def parameters(self) -> list[np.ndarray]:
        """The arrays an optimiser changes: ``[W, b]``, or ``[W]`` unbiased."""
        if self.bias is None:
            return [self.weights]
        return [self.weights, self.bias]

    @property
    def gradients(self) -> list[np.ndarray]:
        """``∂L/∂W`` (and ``∂L/∂b``), in the order of `parameters`."""
        if self.grad_bias is None:
            return [self.grad_weights]
        return [self.grad_weights, self.grad_bias]

    def forward(self, x: np.ndarray) -> np.ndarray:
        """``z = x W + b`` for a batch ``x`` of shape (n_samples, n_inputs)."""
        self.input = x
        shape = (x.shape[0], self.weights.shape[1])
        z = self._workspace.get("z", shape, self.weights.dtype)
        np.matmul(x, self.weights, out=z)
        if self.bias is not None:
            z += self.bias
        self.output = z
        return z

    def backward(
        self, grad_output: np.ndarray, need_input_gradient: bool = True
    ) -> np.ndarray | None:
        """Fill ``∂L/∂W = xᵀ g``, ``∂L/∂b = Σ_rows g``; return ``∂L/∂x = g Wᵀ``.

        The first layer of a network passes ``need_input_gradient=False``:
        nobody needs the gradient with respect to the data, and skipping it
        saves a large matrix product.
        """
        if self.input is None:
            raise RuntimeError("Dense.backward called before forward")
        np.matmul(self.input.T, grad_output, out=self.grad_weights)
        if self.grad_bias is not None:
            np.sum(grad_output, axis=0, out=self.grad_bias)
        if not need_input_gradient:
            return None
        grad_input = self._workspace.get(
            "grad_input", self.input.shape, self.weights.dtype
        )
        np.matmul(grad_output, self.weights.T, out=grad_input)
        return grad_input
# --8<-- [end:Dense]


# --8<-- [start:Activation]
class Activation:
    """An activation: ``a = f(z)`` forward, ``∂L/∂z = ∂L/∂a · f'(z)`` back.

    Subclasses set `name` and write the two passes into the layer's workspace.

    Examples
    --------
    Every activation has the same two methods and no parameters:

    >>> [cls.name for cls in Activation.__subclasses__()]
    ['sigmoid', 'tanh', 'relu', 'identity', 'softmax']
    >>> Tanh().parameters
    []
    """

    name = "activation"

    def __init__(self) -> None:
        self.output: np.ndarray | None = None
        self._workspace = _Workspace()

    @property
    def parameters(self) -> list[np.ndarray]:
        """Activations have no parameters: an empty list."""
        return []

    @property
    def gradients(self) -> list[np.ndarray]:
        """No parameters, so no parameter gradients: an empty list."""
        return []

    def _buffer(self, name: str, like: np.ndarray) -> np.ndarray:
        return self._workspace.get(name, like.shape, like.dtype)

    def _saved_output(self) -> np.ndarray:
        if self.output is None:
            name = type(self).__name__
            raise RuntimeError(f"{name}.backward called before forward")
        return self.output

    def forward(self, z: np.ndarray) -> np.ndarray:
        """Return ``f(z)``."""
        raise NotImplementedError

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Return ``∂L/∂z`` given ``∂L/∂a``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
# --8<-- [end:Activation]


# --8<-- [start:Sigmoid]
class Sigmoid(Activation):
    """``a = 1 / (1 + e^(-z))``; backward multiplies by ``a (1 - a)``.

    Examples
    --------
    >>> layer = Sigmoid()
    >>> layer.forward(np.array([[0.0, -1e4]]))
    array([[0.5, 0. ]])
    >>> layer.backward(np.array([[1.0, 1.0]]))
    array([[0.25, 0.  ]])
    """

    name = "sigmoid"

    def forward(self, z: np.ndarray) -> np.ndarray:
        """Return ``σ(z)``."""
        a = self._buffer("a", z)
        # For z below about -709.8 (-88.7 in float32) e^(-z) overflows to inf
        # and 1/(1+inf) gives 0, where the true value is a subnormal number
        # (σ(-720) = 2.0e-313; in float32 σ(-95) = 5.5e-42) or rounds to 0:
        # an error below the smallest normal float, which we accept; only the
        # warning is unwanted.
        with np.errstate(over="ignore"):
            np.negative(z, out=a)
            np.exp(a, out=a)
        a += 1
        np.reciprocal(a, out=a)
        self.output = a
        return a

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Return ``grad_output · a (1 - a)``."""
        a = self._saved_output()
        grad = self._buffer("grad", a)
        np.subtract(1, a, out=grad)
        grad *= a
        grad *= grad_output
        return grad
# --8<-- [end:Sigmoid]


# --8<-- [start:Tanh]
class Tanh(Activation):
    """``a = tanh(z)``; backward multiplies by ``1 - a²``.

    Examples
    --------
    >>> layer = Tanh()
    >>> layer.forward(np.array([[0.0, 1e4]]))
    array([[0., 1.]])
    >>> layer.backward(np.array([[2.0, 2.0]]))
    array([[2., 0.]])
    """

    name = "tanh"

    def forward(self, z: np.ndarray) -> np.ndarray:
        """Return ``tanh(z)``."""
        a = self._buffer("a", z)
        np.tanh(z, out=a)
        self.output = a
        return a

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Return ``grad_output · (1 - a²)``."""
        a = self._saved_output()
        grad = self._buffer("grad", a)
        np.multiply(a, a, out=grad)
        np.subtract(1, grad, out=grad)
        grad *= grad_output
        return grad
# --8<-- [end:Tanh]


# --8<-- [start:ReLU]
class ReLU(Activation):
    """``a = max(0, z)``; backward lets the gradient through where ``z > 0``.

    Examples
    --------
    >>> layer = ReLU()
    >>> layer.forward(np.array([[-2.0, 0.0, 3.0]]))
    array([[0., 0., 3.]])
    >>> layer.backward(np.array([[5.0, 5.0, 5.0]]))
    array([[0., 0., 5.]])
    """

    name = "relu"

    def forward(self, z: np.ndarray) -> np.ndarray:
        """Return ``max(0, z)``."""
        a = self._buffer("a", z)
        np.maximum(z, 0, out=a)
        self.output = a
        return a

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Return ``grad_output`` where ``a > 0``, else 0."""
        a = self._saved_output()
        grad = self._buffer("grad", a)
        # a > 0 exactly where z > 0. Multiplying by a kept boolean mask
        # allocates nothing and, on a 32-by-128 batch, measured a few times
        # faster than masked assignment.
        passes = self._workspace.get("passes", a.shape, np.dtype(bool))
        np.greater(a, 0, out=passes)
        np.multiply(grad_output, passes, out=grad)
        return grad
# --8<-- [end:ReLU]


# --8<-- [start:Identity]
class Identity(Activation):
    """``a = z``: no activation (a linear output, e.g. for regression).

    Examples
    --------
    >>> layer = Identity()
    >>> layer.forward(np.array([[-2.0, 3.0]]))
    array([[-2.,  3.]])
    >>> layer.backward(np.array([[1.0, 1.0]]))
    array([[1., 1.]])
    """

    name = "identity"

    def forward(self, z: np.ndarray) -> np.ndarray:
        """Return `z` itself."""
        self.output = z
        return z

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Return `grad_output` itself."""
        return grad_output
# --8<-- [end:Identity]


# --8<-- [start:Softmax]
class Softmax(Activation):
    """Row-wise ``a_i = e^(z_i) / Σ_j e^(z_j)``: each row becomes probabilities.

    Unlike the others, each output depends on every input of its row, so
    backward is ``∂L/∂z = a ⊙ (g - Σ_j g_j a_j)`` (the Jacobian ``diag(a) - a
    aᵀ`` applied to ``g``). Paired with categorical cross-entropy the network
    skips this and uses the much simpler fused gradient ``a - y`` (see
    `nnfromscratch.general.mlp`).

    Examples
    --------
    >>> layer = Softmax()
    >>> layer.forward(np.array([[0.0, 0.0], [-1e4, 1e4]]))
    array([[0.5, 0.5],
           [0. , 1. ]])
    >>> layer.backward(np.array([[1.0, 0.0], [1.0, 0.0]]))
    array([[ 0.25, -0.25],
           [ 0.  ,  0.  ]])
    """

    name = "softmax"

    def forward(self, z: np.ndarray) -> np.ndarray:
        """The softmax of each row of `z` (stable: minus the row maximum).

        Keeps each row's maximum ``m`` (`peak`) and ``Σ_j e^(z_j - m)``
        (`total`): together they give ``log Σ_j e^(z_j) = m + log total``, which
        the fused cross-entropy needs.
        """
        a = self._buffer("a", z)
        self.peak = self._workspace.get("peak", (z.shape[0], 1), z.dtype)
        self.total = self._workspace.get("total", (z.shape[0], 1), z.dtype)
        np.max(z, axis=1, keepdims=True, out=self.peak)
        np.subtract(z, self.peak, out=a)
        np.exp(a, out=a)
        np.sum(a, axis=1, keepdims=True, out=self.total)
        a /= self.total
        self.output = a
        return a

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Return ``a ⊙ (g - Σ_j g_j a_j)`` row by row."""
        a = self._saved_output()
        grad = self._buffer("grad", a)
        row = self._workspace.get("row", (a.shape[0], 1), a.dtype)
        np.multiply(grad_output, a, out=grad)
        np.sum(grad, axis=1, keepdims=True, out=row)
        np.subtract(grad_output, row, out=grad)
        grad *= a
        return grad
# --8<-- [end:Softmax]


# --8<-- [start:ACTIVATIONS]
ACTIVATIONS: dict[str, type[Activation]] = {
    cls.name: cls for cls in (Sigmoid, Tanh, ReLU, Softmax, Identity)
}
"""Every activation by the name the network and saved files use."""
# --8<-- [end:ACTIVATIONS]


# --8<-- [start:make_activation]
@checked(name=lambda name, _: check_choice(name, "activation", ACTIVATIONS))
def make_activation(name: str) -> Activation:
    """Return a new activation layer given its name.

    Parameters
    ----------
    name : str
        One of ``'identity'``, ``'relu'``, ``'sigmoid'``, ``'softmax'``,
        ``'tanh'``.

    Returns
    -------
    Activation
        A fresh layer (each has its own workspace, so layers are never shared).

    Examples
    --------
    >>> make_activation("relu")
    ReLU()
    >>> make_activation("rleu")
    Traceback (most recent call last):
        ...
    ValueError: unknown activation 'rleu'; choose one of [...].
    Did you mean 'relu'?
    """
    return ACTIVATIONS[name]()
# --8<-- [end:make_activation]
