"""Literal copies of the source articles' code, the oracles the package is held against.

Used by tests/test_core.py (the package must give the same numbers, to 1e-12), by
benchmarks/articles.py (the package must be at least twice as fast on the same job) and by
tests/test_exercises.py (the grader must pass the main article's own functions and network).
Each is the article's algorithm written out as the article writes it, not the package's.
"""

# The articles' code is copied as written: its legacy global random draws, its zip without
# strict= and its %-formatting included.
# ruff: noqa: NPY002, B905, UP031

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


# --- The main article's (Victor Zhou's) code, as he writes it -----------------------------
# Used by tests/test_exercises.py: the grader must pass his functions and his network.
# The two-layer article defines the same sigmoid, as 1.0 / (1 + np.exp(-x)): the same
# function (1 and 1.0 divide alike), so one definition serves both.

def sigmoid(x):
    # Sigmoid activation function: f(x) = 1 / (1 + e^(-x))
    return 1 / (1 + np.exp(-x))


def deriv_sigmoid(x):
    # Derivative of sigmoid: f'(x) = f(x) * (1 - f(x))
    fx = sigmoid(x)
    return fx * (1 - fx)


def mse_loss(y_true, y_pred):
    # y_true and y_pred are numpy arrays of the same length.
    return ((y_true - y_pred) ** 2).mean()


class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    def feedforward(self, inputs):
        # Weight inputs, add bias, then use the activation function
        total = np.dot(self.weights, inputs) + self.bias
        return sigmoid(total)


class OurNeuralNetwork:
    """
    A neural network with:
      - 2 inputs
      - a hidden layer with 2 neurons (h1, h2)
      - an output layer with 1 neuron (o1)

    *** DISCLAIMER ***:
    The code below is intended to be simple and educational, NOT optimal.
    Real neural net code looks nothing like this. DO NOT use this code.
    Instead, read/run it to understand how this specific network works.
    """
    def __init__(self):
        # Weights
        self.w1 = np.random.normal()
        self.w2 = np.random.normal()
        self.w3 = np.random.normal()
        self.w4 = np.random.normal()
        self.w5 = np.random.normal()
        self.w6 = np.random.normal()

        # Biases
        self.b1 = np.random.normal()
        self.b2 = np.random.normal()
        self.b3 = np.random.normal()

    def feedforward(self, x):
        # x is a numpy array with 2 elements.
        h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)
        h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b2)
        o1 = sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)
        return o1

    def train(self, data, all_y_trues):
        '''
        - data is a (n x 2) numpy array, n = # of samples in the dataset.
        - all_y_trues is a numpy array with n elements.
          Elements in all_y_trues correspond to those in data.
        '''
        learn_rate = 0.1
        epochs = 1000 # number of times to loop through the entire dataset

        for epoch in range(epochs):
            for x, y_true in zip(data, all_y_trues):
                # --- Do a feedforward (we'll need these values later)
                sum_h1 = self.w1 * x[0] + self.w2 * x[1] + self.b1
                h1 = sigmoid(sum_h1)

                sum_h2 = self.w3 * x[0] + self.w4 * x[1] + self.b2
                h2 = sigmoid(sum_h2)

                sum_o1 = self.w5 * h1 + self.w6 * h2 + self.b3
                o1 = sigmoid(sum_o1)
                y_pred = o1

                # --- Calculate partial derivatives.
                # --- Naming: d_L_d_w1 represents "partial L / partial w1"
                d_L_d_ypred = -2 * (y_true - y_pred)

                # Neuron o1
                d_ypred_d_w5 = h1 * deriv_sigmoid(sum_o1)
                d_ypred_d_w6 = h2 * deriv_sigmoid(sum_o1)
                d_ypred_d_b3 = deriv_sigmoid(sum_o1)

                d_ypred_d_h1 = self.w5 * deriv_sigmoid(sum_o1)
                d_ypred_d_h2 = self.w6 * deriv_sigmoid(sum_o1)

                # Neuron h1
                d_h1_d_w1 = x[0] * deriv_sigmoid(sum_h1)
                d_h1_d_w2 = x[1] * deriv_sigmoid(sum_h1)
                d_h1_d_b1 = deriv_sigmoid(sum_h1)

                # Neuron h2
                d_h2_d_w3 = x[0] * deriv_sigmoid(sum_h2)
                d_h2_d_w4 = x[1] * deriv_sigmoid(sum_h2)
                d_h2_d_b2 = deriv_sigmoid(sum_h2)

                # --- Update weights and biases
                # Neuron h1
                self.w1 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1
                self.w2 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w2
                self.b1 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_b1

                # Neuron h2
                self.w3 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3
                self.w4 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w4
                self.b2 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_b2

                # Neuron o1
                self.w5 -= learn_rate * d_L_d_ypred * d_ypred_d_w5
                self.w6 -= learn_rate * d_L_d_ypred * d_ypred_d_w6
                self.b3 -= learn_rate * d_L_d_ypred * d_ypred_d_b3

            # --- Calculate total loss at the end of each epoch
            if epoch % 10 == 0:
                y_preds = np.apply_along_axis(self.feedforward, 1, data)
                loss = mse_loss(all_y_trues, y_preds)
                print("Epoch %d loss: %.3f" % (epoch, loss))


# --- The two-layer article's (James Loy's) code -----------------------------------------

def sigmoid_derivative(x):
    # The two-layer article's derivative (from the output), as written; its sigmoid is above.
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
