import numpy as np

from nnfromscratch.course.exercises import check


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    def feedforward(self, x):
        return sigmoid(np.dot(self.weights, x) + self.bias)
