import numpy as np

from nnfromscratch import check


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def deriv_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


x = np.array([[0, 0, 1],
              [0, 1, 1],
              [1, 0, 1],
              [1, 1, 1]])
y = np.array([[0], [1], [1], [0]])


class TwoLayerNetwork:
    def __init__(self, x, y, rng):
        self.input = x
        self.y = y
        self.weights1 = rng.random((3, 4))
        self.weights2 = rng.random((4, 1))

    def feedforward(self):
        self.sum1 = np.dot(self.input, self.weights1)
        self.layer1 = sigmoid(self.sum1)
        self.sum2 = np.dot(self.layer1, self.weights2)
        self.output = sigmoid(self.sum2)

    def backprop(self):
        d_L_d_output = -2 * (self.y - self.output)
        d_sum2 = d_L_d_output * deriv_sigmoid(self.sum2)
        d_weights2 = np.dot(self.layer1.T, d_sum2)
        d_layer1 = np.dot(d_sum2, self.weights2.T)
        d_sum1 = d_layer1 * deriv_sigmoid(self.sum1)
        d_weights1 = np.dot(self.input.T, d_sum1)
        self.weights1 -= d_weights1
        self.weights2 -= d_weights2


rng = np.random.default_rng(1)
network = TwoLayerNetwork(x, y, rng)
losses = []
for _ in range(1500):
    network.feedforward()
    error = y - network.output
    losses.append(np.sum(error ** 2))
    network.backprop()
