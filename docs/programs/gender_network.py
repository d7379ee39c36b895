"""The main article's network, complete: a 2-2-1 network tells gender from
weight and height.

Needs only NumPy (https://numpy.org): save this file and run ``python
gender_network.py``. It is the course's chapters 1 to 5 in one file, written for
reading top to bottom; the package nnfromscratch computes the same numbers (its
tests check this one against it).

    h1 = f(w1 x1 + w2 x2 + b1)        f is the sigmoid, f(s) = 1 / (1 + e^(-s))
    h2 = f(w3 x1 + w4 x2 + b2)
    o1 = f(w5 h1 + w6 h2 + b3)        the prediction, y_pred
"""

import math

import numpy as np


def sigmoid(s):
    """The sigmoid of one number, written so that e^(...) never overflows."""
    if s >= 0:
        return 1 / (1 + math.exp(-s))
    return math.exp(s) / (1 + math.exp(s))


def mse_loss(y_true, y_pred):
    """The mean squared error of lists of labels and predictions."""
    pairs = zip(y_true, y_pred, strict=True)
    return sum((t - p) ** 2 for t, p in pairs) / len(y_true)


class Network:
    """Two inputs, a hidden layer of two neurons (h1, h2), one output (o1)."""

    def __init__(self, rng):
        # Nine numbers to learn, drawn from the standard normal distribution.
        (self.w1, self.w2, self.w3, self.w4, self.w5, self.w6,
         self.b1, self.b2, self.b3) = rng.standard_normal(9).tolist()

    def feedforward(self, x1, x2):
        """The prediction for one person."""
        h1 = sigmoid(self.w1 * x1 + self.w2 * x2 + self.b1)
        h2 = sigmoid(self.w3 * x1 + self.w4 * x2 + self.b2)
        return sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)

    def train(self, data, labels, learning_rate=0.1, epochs=1000):
        """Stochastic gradient descent: one person at a time, in order."""
        for epoch in range(epochs):
            for (x1, x2), y_true in zip(data, labels, strict=True):
                # Forward, keeping each neuron's output.
                h1 = sigmoid(self.w1 * x1 + self.w2 * x2 + self.b1)
                h2 = sigmoid(self.w3 * x1 + self.w4 * x2 + self.b2)
                y_pred = sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)
                # The chain rule: dL/d(sum into each neuron); a sigmoid's slope
                # is f (1 - f).
                d_L_d_ypred = -2 * (y_true - y_pred)
                d_sum_o1 = d_L_d_ypred * y_pred * (1 - y_pred)
                d_sum_h1 = d_sum_o1 * self.w5 * h1 * (1 - h1)
                d_sum_h2 = d_sum_o1 * self.w6 * h2 * (1 - h2)
                # Every weight and bias takes a small step downhill: w <- w -
                # eta dL/dw.
                self.w1 -= learning_rate * d_sum_h1 * x1
                self.w2 -= learning_rate * d_sum_h1 * x2
                self.b1 -= learning_rate * d_sum_h1
                self.w3 -= learning_rate * d_sum_h2 * x1
                self.w4 -= learning_rate * d_sum_h2 * x2
                self.b2 -= learning_rate * d_sum_h2
                self.w5 -= learning_rate * d_sum_o1 * h1
                self.w6 -= learning_rate * d_sum_o1 * h2
                self.b3 -= learning_rate * d_sum_o1
            if epoch % 10 == 0:
                predictions = [self.feedforward(x1, x2) for x1, x2 in data]
                loss = mse_loss(labels, predictions)
                print(f"Epoch {epoch} loss: {loss:.3f}")


# Alice, Bob, Charlie and Diana: weight - 135 lb, height - 66 in; 1 for female,
# 0 for male.
data = [[-2.0, -1.0], [25.0, 6.0], [17.0, 4.0], [-15.0, -6.0]]
labels = [1.0, 0.0, 0.0, 1.0]

if __name__ == "__main__":
    # A seed: the same run every time.
    network = Network(np.random.default_rng(0))
    network.train(data, labels)
    print(f"Emily: {network.feedforward(-7, -3):.3f}")  # 128 lb, 63 in
    print(f"Frank: {network.feedforward(20, 2):.3f}")  # 155 lb, 68 in
