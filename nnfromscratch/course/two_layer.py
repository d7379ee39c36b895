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

import numpy as np
from numpy.typing import ArrayLike

from .. import _checks as check
from .._checks import checked
from .activations import sigmoid, sigmoid_derivative_from_output
from .losses import sum_of_squares_loss

__all__ = ["TwoLayerNetwork"]


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

    @checked(check.two_layer_weights)
    def __init__(self, weights1: ArrayLike, weights2: ArrayLike) -> None:
        self.weights1 = weights1
        self.weights2 = weights2
        # Kept by feedforward, for the gradients.
        self.hidden: np.ndarray | None = None
        self.output: np.ndarray | None = None

    @classmethod
    @checked(check.two_layer_shape)
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
    @checked(check.two_layer_inputs)
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
    @checked(check.two_layer_data)
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
    @checked(check.two_layer_data)
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
    @checked(check.two_layer_training)
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
