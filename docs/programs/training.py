import numpy as np

from nnfromscratch import check


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


people = np.array([
    [133, 65],  # Alice
    [160, 72],  # Bob
    [152, 70],  # Charlie
    [120, 60],  # Diana
])
data = people - np.array([135, 66])
y_trues = np.array([1, 0, 0, 1])


def mse_loss(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)


def deriv_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


class NeuralNetwork:
    def __init__(self, rng):
        w = rng.normal(size=9)
        self.w1, self.w2, self.w3 = w[0:3]
        self.w4, self.w5, self.w6 = w[3:6]
        self.b1, self.b2, self.b3 = w[6:9]

    def feedforward(self, x):
        x1, x2 = x
        h1 = sigmoid(self.w1 * x1 + self.w2 * x2 + self.b1)
        h2 = sigmoid(self.w3 * x1 + self.w4 * x2 + self.b2)
        o1 = sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)
        return o1

    def update(self, x, y_true, learn_rate):
        # Forward, keeping the sums
        x1, x2 = x
        sum_h1 = self.w1 * x1 + self.w2 * x2 + self.b1
        sum_h2 = self.w3 * x1 + self.w4 * x2 + self.b2
        h1 = sigmoid(sum_h1)
        h2 = sigmoid(sum_h2)
        sum_o1 = self.w5 * h1 + self.w6 * h2 + self.b3
        y_pred = sigmoid(sum_o1)

        # Backwards, one link per line
        d_L_d_ypred = -2 * (y_true - y_pred)
        d_L_d_sum_o1 = d_L_d_ypred * deriv_sigmoid(sum_o1)
        d_L_d_h1 = d_L_d_sum_o1 * self.w5
        d_L_d_h2 = d_L_d_sum_o1 * self.w6
        d_L_d_sum_h1 = d_L_d_h1 * deriv_sigmoid(sum_h1)
        d_L_d_sum_h2 = d_L_d_h2 * deriv_sigmoid(sum_h2)

        # Each weight and bias steps against its slope
        self.w1 -= learn_rate * d_L_d_sum_h1 * x1
        self.w2 -= learn_rate * d_L_d_sum_h1 * x2
        self.b1 -= learn_rate * d_L_d_sum_h1
        self.w3 -= learn_rate * d_L_d_sum_h2 * x1
        self.w4 -= learn_rate * d_L_d_sum_h2 * x2
        self.b2 -= learn_rate * d_L_d_sum_h2
        self.w5 -= learn_rate * d_L_d_sum_o1 * h1
        self.w6 -= learn_rate * d_L_d_sum_o1 * h2
        self.b3 -= learn_rate * d_L_d_sum_o1

    def train(self, data, y_trues, learn_rate=0.1,
              epochs=1000):
        for epoch in range(epochs):
            for x, y_true in zip(data, y_trues):
                self.update(x, y_true, learn_rate)
            if epoch % 10 == 0:
                preds = [self.feedforward(x) for x in data]
                loss = mse_loss(y_trues, preds)
                print(f"Epoch {epoch} loss: {loss:.3f}")


rng = np.random.default_rng(0)
network = NeuralNetwork(rng)

new_people = np.array([
    [128, 63],  # Emily
    [155, 68],  # Frank
])
new_data = new_people - np.array([135, 66])
