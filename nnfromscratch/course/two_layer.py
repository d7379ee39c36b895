"""The vectorised two-layer network of the second article: whole data set at once.

Instead of one neuron at a time, each layer is a matrix product followed by the sigmoid,
applied to every sample together::

    hidden = f(X · W1)          X: (n, 3), W1: (3, 4)  ->  hidden: (n, 4)
    y_hat  = f(hidden · W2)     W2: (4, 1)              ->  y_hat: (n, 1)

There are no biases (the data's third column, always 1, stands in for the hidden
neurons' biases, through its row of ``W1``; the output neuron has none). The loss is
the sum of squares ``Σ (y − y_hat)²``, and the chain rule in matrix form gives::

    delta2 = −2 (y − y_hat) ⊙ y_hat (1 − y_hat)           (n, 1)
    dW2    = hiddenᵀ · delta2                             (4, 1)
    dW1    = Xᵀ · ((delta2 · W2ᵀ) ⊙ hidden (1 − hidden))  (3, 4)

The slopes use the sigmoid's *output* form ``a (1 − a)``, because the layer outputs are
what is kept. The article adds ``2 (y − y_hat) …``, which is the *negative* gradient,
with ``+=``; that is gradient descent with learning rate 1, written the other way round.
`nnfromscratch.proofs.symbolic` proves the matrix formulas against SymPy's derivatives.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._checks import (
    MAX_ENTRIES,
    as_float_array,
    as_generator,
    check_positive_int,
    check_positive_number,
    check_same_length,
    check_size,
)
from .._door import checked
from .activations import sigmoid, sigmoid_derivative_from_output
from .losses import sum_of_squares_loss

__all__ = ["TwoLayerNetwork"]


# The doors of the network's methods: shapes that follow the weights, finite weights.


def _weights(self: Any, weights1: Any, weights2: Any) -> dict[str, Any]:
    first = as_float_array(weights1, "weights1", ndim=2).copy()
    second = as_float_array(weights2, "weights2", ndim=2).copy()
    if second.shape != (first.shape[1], 1):
        raise ValueError(
            f"weights2 must have shape ({first.shape[1]}, 1) to follow weights1 of "
            f"shape {first.shape}, got {second.shape}"
        )
    return {"weights1": first, "weights2": second}


def _inputs(self: Any, x: Any) -> dict[str, Any]:
    # The weights are public attributes: refuse ones changed to something not finite.
    for name in ("weights1", "weights2"):
        weights = getattr(self, name)
        if not (isinstance(weights, np.ndarray) and np.isfinite(weights).all()):
            raise ValueError(f"{name} of this network must be finite numbers, got {weights!r}")
    return {"x": as_float_array(x, "x", ndim=2, shape=(None, self.weights1.shape[0]))}


def _shape(cls: Any, n_inputs: Any, n_hidden: Any, rng: Any) -> dict[str, Any]:
    n_inputs = check_positive_int(n_inputs, "n_inputs")
    n_hidden = check_positive_int(n_hidden, "n_hidden")
    check_size(n_inputs * n_hidden + n_hidden, "n_inputs and n_hidden", "weights")
    return {"n_inputs": n_inputs, "n_hidden": n_hidden, "rng": as_generator(rng)}


def _data(self: Any, x: Any, y: Any, **_: Any) -> dict[str, Any]:
    inputs = _inputs(self, x)["x"]
    targets = as_float_array(y, "y", ndim=2, shape=(None, 1))
    check_same_length(inputs, "x", targets, "y")
    return {"x": inputs, "y": targets}


def _iterations(value: Any, name: str) -> int:
    # A loss is kept per iteration: refused before the list outgrows the memory.
    return check_positive_int(value, name, at_most=MAX_ENTRIES)


def _undo_training(self: Any, **_: Any) -> Any:
    """What puts the caller's weights back, should training fail (or be interrupted)."""
    saved = self.weights1.copy(), self.weights2.copy()

    def undo() -> None:
        self.weights1[...], self.weights2[...] = saved

    return undo


# --8<-- [start:setup]
class TwoLayerNetwork:
    """One hidden layer, no biases, sigmoid everywhere, all rows at once.

    Parameters
    ----------
    weights1 : array_like
        Shape ``(n_inputs, n_hidden)``: input → hidden.
    weights2 : array_like
        Shape ``(n_hidden, 1)``: hidden → output.

    Examples
    --------
    >>> from nnfromscratch.course.datasets import two_layer_data
    >>> x, y = two_layer_data()
    >>> network = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=1)
    >>> losses = network.train(x, y, iterations=1500)
    >>> network.feedforward(x).ravel().round(2)
    array([0.01, 0.97, 0.97, 0.03])
    """

    @checked(_weights)
    def __init__(self, weights1: ArrayLike, weights2: ArrayLike) -> None:
        self.weights1 = weights1
        self.weights2 = weights2
        # Kept by feedforward, for the gradients.
        self.hidden: np.ndarray | None = None
        self.output: np.ndarray | None = None

    @classmethod
    @checked(_shape)
    def initialise(
        cls,
        n_inputs: int = 3,
        n_hidden: int = 4,
        rng: np.random.Generator | int | None = None,
    ) -> TwoLayerNetwork:
        """Weights uniform in [0, 1), like ``np.random.rand``, but seeded.

        ``weights1`` is drawn first, then ``weights2``.

        Examples
        --------
        >>> TwoLayerNetwork.initialise(rng=0).weights2.ravel().round(3)
        array([0.857, 0.034, 0.73 , 0.176])
        """
        weights1 = rng.random((n_inputs, n_hidden))
        weights2 = rng.random((n_hidden, 1))
        return cls(weights1, weights2)
    # --8<-- [end:setup]

    # --8<-- [start:feedforward]
    @checked(_inputs, overflow=("x",), locks=("self",))
    def feedforward(self, x: ArrayLike) -> np.ndarray:
        """The outputs ``y_hat`` of each row of `x`; hidden ones in ``.hidden``.

        Examples
        --------
        >>> network = TwoLayerNetwork(np.zeros((3, 4)), np.zeros((4, 1)))
        >>> network.feedforward([[0, 0, 1], [1, 1, 1]])
        array([[0.5],
               [0.5]])
        >>> network.hidden.shape
        (2, 4)
        """
        self.hidden = sigmoid(x @ self.weights1)
        self.output = sigmoid(self.hidden @ self.weights2)
        return self.output
    # --8<-- [end:feedforward]

    # --8<-- [start:loss]
    @checked(_data, overflow=("x", "y"), locks=("self",))
    def loss(self, x: ArrayLike, y: ArrayLike) -> float:
        """The sum-of-squares loss ``Σ (y − y_hat)²`` over every row.

        Examples
        --------
        >>> network = TwoLayerNetwork(np.zeros((3, 4)), np.zeros((4, 1)))
        >>> network.loss([[0, 0, 1], [1, 1, 1]], [[0], [1]])
        0.5
        """
        return sum_of_squares_loss(y, self.feedforward(x))
    # --8<-- [end:loss]

    # --8<-- [start:gradients]
    @checked(_data, overflow=("x", "y"), locks=("self",))
    def gradients(
        self, x: ArrayLike, y: ArrayLike
    ) -> tuple[np.ndarray, np.ndarray]:
        """The gradients ``(∂L/∂W1, ∂L/∂W2)`` of the sum-of-squares loss.

        These are the true gradients (they point uphill); the article's
        ``d_weights`` are their negatives. The outputs of this feedforward stay in
        ``.hidden`` and ``.output``.

        Examples
        --------
        >>> network = TwoLayerNetwork(np.zeros((3, 4)), np.zeros((4, 1)))
        >>> d_w1, d_w2 = network.gradients([[0, 0, 1]], [[1]])
        >>> d_w2.ravel()
        array([-0.125, -0.125, -0.125, -0.125])
        >>> d_w1.shape
        (3, 4)
        """
        y_hat = self.feedforward(x)
        delta2 = -2 * (y - y_hat) * sigmoid_derivative_from_output(y_hat)
        d_weights2 = self.hidden.T @ delta2
        slope1 = sigmoid_derivative_from_output(self.hidden)
        delta1 = (delta2 @ self.weights2.T) * slope1
        d_weights1 = x.T @ delta1
        return d_weights1, d_weights2
    # --8<-- [end:gradients]

    # --8<-- [start:train]
    @checked(_data, undo=_undo_training, locks=("self",), iterations=_iterations,
             learning_rate=check_positive_number)
    def train(
        self,
        x: ArrayLike,
        y: ArrayLike,
        iterations: int = 1500,
        learning_rate: float = 1.0,
    ) -> list[float]:
        """Full-batch gradient descent: each iteration uses every row once.

        With ``learning_rate=1`` this is exactly the article's update
        ``W += d_weights``.

        Parameters
        ----------
        x : array_like
            Shape ``(n, n_inputs)``.
        y : array_like
            Shape ``(n, 1)``.
        iterations : int
            Number of updates; the article uses 1500.
        learning_rate : float
            Step size; the article's code amounts to 1.

        Returns
        -------
        list of float
            The loss before each update.

        Examples
        --------
        >>> from nnfromscratch.course.datasets import two_layer_data
        >>> network = TwoLayerNetwork.initialise(rng=1)
        >>> losses = network.train(*two_layer_data())
        >>> f"{losses[0]:.3f} -> {losses[-1]:.4f}"
        '1.328 -> 0.0026'
        """
        losses = []
        for _ in range(iterations):
            d_weights1, d_weights2 = self.gradients(x, y)
            # The gradients' own feedforward left its outputs behind: the loss needs
            # no other.
            losses.append(sum_of_squares_loss(y, self.output))
            self.weights1 -= learning_rate * d_weights1
            self.weights2 -= learning_rate * d_weights2
        return losses
    # --8<-- [end:train]
