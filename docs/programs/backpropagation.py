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


def deriv_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


w1 = w2 = w3 = w4 = w5 = w6 = 1
b1 = b2 = b3 = 0
x1, x2 = data[0]  # Alice
y_true = y_trues[0]

sum_h1 = w1 * x1 + w2 * x2 + b1
sum_h2 = w3 * x1 + w4 * x2 + b2
h1 = sigmoid(sum_h1)
h2 = sigmoid(sum_h2)
sum_o1 = w5 * h1 + w6 * h2 + b3
y_pred = sigmoid(sum_o1)

d_L_d_ypred = -2 * (y_true - y_pred)
d_ypred_d_h1 = w5 * deriv_sigmoid(sum_o1)
d_h1_d_w1 = x1 * deriv_sigmoid(sum_h1)
d_L_d_w1 = (d_L_d_ypred * d_ypred_d_h1
            * d_h1_d_w1)
