"""Literal copies of the source articles' code, the oracles the package is held against.

Used by tests/test_core.py (the package must give the same numbers, to 1e-12) and by
benchmarks/articles.py (the package must be at least twice as fast on the same job).
Each is the article's algorithm written out as the article writes it, not the package's.
"""

from __future__ import annotations

import math

import numpy as np


def article_training_loop(start, data, all_y_trues, learn_rate=0.1, epochs=1000):
    """The main article's training loop (its `OurNeuralNetwork.train`), literally, as a function.

    `start` is the nine starting numbers w1..w6, b1..b3 (the article draws them unseeded).
    Its `sigmoid` uses math.exp instead of np.exp (the same formula, on Python floats).
    """
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = [float(v) for v in start]

    def f(v):
        return 1 / (1 + math.exp(-v))

    def df(v):
        return f(v) * (1 - f(v))

    def feed(x):
        h1 = f(w1 * x[0] + w2 * x[1] + b1)
        h2 = f(w3 * x[0] + w4 * x[1] + b2)
        return f(w5 * h1 + w6 * h2 + b3)

    losses = []
    for epoch in range(epochs):
        for x, y_true in zip(data, all_y_trues, strict=True):
            s1 = w1 * x[0] + w2 * x[1] + b1
            h1 = f(s1)
            s2 = w3 * x[0] + w4 * x[1] + b2
            h2 = f(s2)
            so = w5 * h1 + w6 * h2 + b3
            y_pred = f(so)
            d_l = -2 * (y_true - y_pred)
            d_w5, d_w6, d_b3 = h1 * df(so), h2 * df(so), df(so)
            d_h1, d_h2 = w5 * df(so), w6 * df(so)
            d_w1, d_w2, d_b1 = x[0] * df(s1), x[1] * df(s1), df(s1)
            d_w3, d_w4, d_b2 = x[0] * df(s2), x[1] * df(s2), df(s2)
            w1 -= learn_rate * d_l * d_h1 * d_w1
            w2 -= learn_rate * d_l * d_h1 * d_w2
            b1 -= learn_rate * d_l * d_h1 * d_b1
            w3 -= learn_rate * d_l * d_h2 * d_w3
            w4 -= learn_rate * d_l * d_h2 * d_w4
            b2 -= learn_rate * d_l * d_h2 * d_b2
            w5 -= learn_rate * d_l * d_w5
            w6 -= learn_rate * d_l * d_w6
            b3 -= learn_rate * d_l * d_b3
        if epoch % 10 == 0:
            preds = [feed(x) for x in data]
            losses.append(sum((t - p) ** 2 for t, p in zip(all_y_trues, preds, strict=True)) / 4)
    return [w1, w2, w3, w4, w5, w6, b1, b2, b3], losses


def sigmoid(x):
    # The two-layer article's activation and its derivative (from the output), as written.
    return 1.0 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    return x * (1.0 - x)


class ArticleNeuralNetwork:
    """The two-layer article's `NeuralNetwork` class, literally, with given starting weights.

    The article draws them with np.random.rand, unseeded; here they are passed in.
    """

    def __init__(self, x, y, weights1, weights2):
        self.input = x
        self.weights1 = np.array(weights1, dtype=float)
        self.weights2 = np.array(weights2, dtype=float)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(np.dot(self.input, self.weights1))
        self.output = sigmoid(np.dot(self.layer1, self.weights2))

    def backprop(self):
        # application of the chain rule to find derivative of the loss function with
        # respect to weights2 and weights1 (the article's comment; it is the negative)
        d_weights2 = np.dot(self.layer1.T, (2 * (self.y - self.output) * sigmoid_derivative(self.output)))
        d_weights1 = np.dot(self.input.T, (np.dot(2 * (self.y - self.output) * sigmoid_derivative(self.output), self.weights2.T) * sigmoid_derivative(self.layer1)))
        self.weights1 += d_weights1
        self.weights2 += d_weights2
