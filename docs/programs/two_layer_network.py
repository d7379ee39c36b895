"""The two-layer article's network, complete: three inputs, four hidden units,
one output.

Needs only NumPy (https://numpy.org): save this file and run ``python
two_layer_network.py``. It is the course's chapter 6 in one file; the package
nnfromscratch computes the same numbers (its tests check this one against it).
No biases: the third input, always 1, plays that part. Every sample at once, as
matrix products:

    hidden = f(X W1)            (4 x 3)(3 x 4) -> 4 x 4      f is the sigmoid
    y_hat  = f(hidden W2)       (4 x 4)(4 x 1) -> 4 x 1
    L      = sum of (y - y_hat)^2
"""

import numpy as np


def sigmoid(z):
    """The sigmoid of every entry of an array; e^(...) never overflows."""
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, small) / (1 + small)


class TwoLayerNetwork:
    """Weights only: W1 (inputs x hidden) and W2 (hidden x 1)."""

    def __init__(self, n_inputs, n_hidden, rng):
        self.weights1 = rng.random((n_inputs, n_hidden))
        self.weights2 = rng.random((n_hidden, 1))

    def feedforward(self, x):
        """The outputs for each row of x; hidden ones stay for the gradients."""
        self.hidden = sigmoid(x @ self.weights1)
        self.output = sigmoid(self.hidden @ self.weights2)
        return self.output

    def train(self, x, y, iterations=1500, learning_rate=1.0):
        """Full-batch gradient descent; returns the loss before each update."""
        losses = []
        for _ in range(iterations):
            y_hat = self.feedforward(x)
            losses.append(float(np.sum((y - y_hat) ** 2)))
            # The chain rule in matrix form; a sigmoid's slope is a (1 - a) at
            # its output a.
            delta2 = -2 * (y - y_hat) * y_hat * (1 - y_hat)
            d_weights2 = self.hidden.T @ delta2
            slope1 = self.hidden * (1 - self.hidden)
            delta1 = (delta2 @ self.weights2.T) * slope1
            d_weights1 = x.T @ delta1
            self.weights1 -= learning_rate * d_weights1
            self.weights2 -= learning_rate * d_weights2
        return losses


# Three bits in; the target is the exclusive or of the first two.
x = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)

if __name__ == "__main__":
    rng = np.random.default_rng(1)
    network = TwoLayerNetwork(n_inputs=3, n_hidden=4, rng=rng)
    losses = network.train(x, y)
    for iteration in range(0, 1500, 100):
        print(f"Iteration {iteration} loss: {losses[iteration]:.4f}")
    print("Predictions:", network.feedforward(x).ravel().round(3))
