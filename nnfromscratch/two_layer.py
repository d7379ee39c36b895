"""The vectorised two-layer network of the second article: whole data set at once.

Instead of one neuron at a time, each layer is a matrix product followed by the sigmoid,
applied to every sample together::

    hidden = f(X · W1)          X: (n, 3), W1: (3, 4)  ->  hidden: (n, 4)
    y_hat  = f(hidden · W2)     W2: (4, 1)              ->  y_hat: (n, 1)

There are no biases (the data's third column, always 1, stands in for one). The loss is
the sum of squares ``Σ (y − y_hat)²``, and the chain rule in matrix form gives::

    delta2 = −2 (y − y_hat) ⊙ y_hat (1 − y_hat)           (n, 1)
    dW2    = hiddenᵀ · delta2                             (4, 1)
    dW1    = Xᵀ · ((delta2 · W2ᵀ) ⊙ hidden (1 − hidden))  (3, 4)

The slopes use the sigmoid's *output* form ``a (1 − a)``, because the layer outputs are
what is kept. The article adds ``2 (y − y_hat) …``, which is the *negative* gradient,
with ``+=``; that is gradient descent with learning rate 1, written the other way round.
`nnfromscratch.symbolic` proves the matrix formulas against SymPy's derivatives.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    as_float_array,
    as_generator,
    check_positive_int,
    check_positive_number,
    check_same_length,
)
from .activations import sigmoid, sigmoid_derivative_from_output
from .losses import sum_of_squares_loss

__all__ = ["TwoLayerNetwork"]


class TwoLayerNetwork:
    """A network with one hidden layer, no biases, sigmoid everywhere, trained on all rows at once.

    Parameters
    ----------
    weights1 : array_like
        Shape ``(n_inputs, n_hidden)``: input → hidden.
    weights2 : array_like
        Shape ``(n_hidden, 1)``: hidden → output.

    Examples
    --------
    >>> from nnfromscratch.datasets import two_layer_data
    >>> x, y = two_layer_data()
    >>> network = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=1)
    >>> losses = network.train(x, y, iterations=1500)
    >>> network.feedforward(x).ravel().round(2)
    array([0.01, 0.97, 0.97, 0.03])
    """

    def __init__(self, weights1: ArrayLike, weights2: ArrayLike) -> None:
        self.weights1 = as_float_array(weights1, "weights1", ndim=2).copy()
        self.weights2 = as_float_array(weights2, "weights2", ndim=2).copy()
        if self.weights2.shape != (self.weights1.shape[1], 1):
            raise ValueError(
                f"weights2 must have shape ({self.weights1.shape[1]}, 1) to follow weights1 of "
                f"shape {self.weights1.shape}, got {self.weights2.shape}"
            )
        self.hidden: np.ndarray | None = None

    @classmethod
    def initialise(
        cls, n_inputs: int = 3, n_hidden: int = 4, rng: np.random.Generator | int | None = None
    ) -> TwoLayerNetwork:
        """Draw weights uniformly from [0, 1) as the article's ``np.random.rand`` does, but seeded.

        ``weights1`` is drawn first, then ``weights2``.

        Examples
        --------
        >>> TwoLayerNetwork.initialise(rng=0).weights2.ravel().round(3)
        array([0.857, 0.034, 0.73 , 0.176])
        """
        n_inputs = check_positive_int(n_inputs, "n_inputs")
        n_hidden = check_positive_int(n_hidden, "n_hidden")
        generator = as_generator(rng)
        weights1 = generator.random((n_inputs, n_hidden))
        weights2 = generator.random((n_hidden, 1))
        return cls(weights1, weights2)

    def _inputs(self, x: ArrayLike) -> np.ndarray:
        return as_float_array(x, "x", ndim=2, shape=(None, self.weights1.shape[0]))

    def _data(self, x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        inputs = self._inputs(x)
        targets = as_float_array(y, "y", ndim=2, shape=(None, 1))
        check_same_length(inputs, "x", targets, "y")
        return inputs, targets

    def feedforward(self, x: ArrayLike) -> np.ndarray:
        """The outputs ``y_hat`` for every row of `x`; the hidden outputs are kept in ``.hidden``.

        Examples
        --------
        >>> network = TwoLayerNetwork(np.zeros((3, 4)), np.zeros((4, 1)))
        >>> network.feedforward([[0, 0, 1], [1, 1, 1]])
        array([[0.5],
               [0.5]])
        >>> network.hidden.shape
        (2, 4)
        """
        return self._feedforward(self._inputs(x))

    def _feedforward(self, inputs: np.ndarray) -> np.ndarray:
        # --8<-- [start:feedforward]
        self.hidden = sigmoid(inputs @ self.weights1)
        return sigmoid(self.hidden @ self.weights2)
        # --8<-- [end:feedforward]

    def loss(self, x: ArrayLike, y: ArrayLike) -> float:
        """The sum-of-squares loss ``Σ (y − y_hat)²`` over every row.

        Examples
        --------
        >>> network = TwoLayerNetwork(np.zeros((3, 4)), np.zeros((4, 1)))
        >>> network.loss([[0, 0, 1], [1, 1, 1]], [[0], [1]])
        0.5
        """
        return sum_of_squares_loss(y, self.feedforward(x))

    def gradients(self, x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """The gradients ``(∂L/∂W1, ∂L/∂W2)`` of the sum-of-squares loss, by the chain rule.

        These are the true gradients (they point uphill); the article's ``d_weights`` are
        their negatives.

        Examples
        --------
        >>> network = TwoLayerNetwork(np.zeros((3, 4)), np.zeros((4, 1)))
        >>> d_w1, d_w2 = network.gradients([[0, 0, 1]], [[1]])
        >>> d_w2.ravel()
        array([-0.125, -0.125, -0.125, -0.125])
        >>> d_w1.shape
        (3, 4)
        """
        _, d_weights1, d_weights2 = self._backprop(*self._data(x, y))
        return d_weights1, d_weights2

    def _backprop(
        self, inputs: np.ndarray, targets: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Feed checked data forward once; return ``y_hat`` and both gradients."""
        # --8<-- [start:gradients]
        y_hat = self._feedforward(inputs)
        hidden = self.hidden
        assert hidden is not None
        delta2 = -2 * (targets - y_hat) * sigmoid_derivative_from_output(y_hat)
        d_weights2 = hidden.T @ delta2
        delta1 = (delta2 @ self.weights2.T) * sigmoid_derivative_from_output(hidden)
        d_weights1 = inputs.T @ delta1
        return y_hat, d_weights1, d_weights2
        # --8<-- [end:gradients]

    def train(
        self, x: ArrayLike, y: ArrayLike, iterations: int = 1500, learning_rate: float = 1.0
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
        >>> from nnfromscratch.datasets import two_layer_data
        >>> network = TwoLayerNetwork.initialise(rng=1)
        >>> losses = network.train(*two_layer_data())
        >>> f"{losses[0]:.3f} -> {losses[-1]:.4f}"
        '1.328 -> 0.0026'
        """
        inputs, targets = self._data(x, y)
        iterations = check_positive_int(iterations, "iterations")
        eta = check_positive_number(learning_rate, "learning_rate")
        losses = []
        for _ in range(iterations):
            # One feedforward per iteration serves both the loss and the gradients.
            y_hat, d_weights1, d_weights2 = self._backprop(inputs, targets)
            losses.append(sum_of_squares_loss(targets, y_hat))
            self.weights1 -= eta * d_weights1
            self.weights2 -= eta * d_weights2
        return losses
