"""The exercise grader: right answers pass, and each known slip gets its diagnosis.

The learners' code below is written the way a learner would write it (plain Python and
NumPy, from the formulas on the pages), independently of the package: the right answers
must pass on every input, and each wrong one must fail with the verdict that names its
slip, and nothing else: no diagnosis for a mistake the grader does not know, and none but
"did you forget the return?" for a function that returns nothing. The main article's own
functions and network (tests/article_code.py, as Victor Zhou writes them) must pass with
warnings turned into errors (pyproject's filterwarnings), so the grader must catch NumPy's
overflow warnings itself.
"""

from __future__ import annotations

import copy
import math
import time
import warnings

import article_code as zhou
import numpy as np
import pytest

from nnfromscratch.course.backprop import Parameters
from nnfromscratch.exercises import EXERCISES, WIDTH, check


def sig(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


# --- The course's learner code, as the plan (SPEC.md) writes it, chapter by chapter ------

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    def feedforward(self, x):
        return sigmoid(np.dot(self.weights, x) + self.bias)


class Network:
    def __init__(self, weights, bias):
        self.h1 = Neuron(weights, bias)
        self.h2 = Neuron(weights, bias)
        self.o1 = Neuron(weights, bias)

    def feedforward(self, x):
        h = np.array([self.h1.feedforward(x), self.h2.feedforward(x)])
        return self.o1.feedforward(h)


def mse_loss(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)


def deriv_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


class NeuralNetwork:
    """Chapter 5's network; `slip` makes one mistake in `train` (None: none)."""

    def __init__(self, rng, slip=None):
        w = rng.normal(size=9)
        self.w1, self.w2, self.w3, self.w4, self.w5, self.w6 = w[:6]
        self.b1, self.b2, self.b3 = w[6:]
        self.slip = slip

    def feedforward(self, x):
        h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)
        h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b2)
        return sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)

    def train(self, data, y_trues, learn_rate=0.1, epochs=1000):
        slip = self.slip
        if slip == "no rate":
            learn_rate = 1
        for epoch in range(epochs):
            for x, y_true in zip(data, y_trues, strict=True):
                sum_h1 = self.w1 * x[0] + self.w2 * x[1] + self.b1
                h1 = sigmoid(sum_h1)
                sum_h2 = self.w3 * x[0] + self.w4 * x[1] + self.b2
                h2 = sigmoid(sum_h2)
                sum_o1 = self.w5 * h1 + self.w6 * h2 + self.b3
                y_pred = sigmoid(sum_o1)
                if slip == "slope of outputs":
                    sum_h1, sum_h2, sum_o1 = h1, h2, y_pred
                d_L_d_ypred = -2 * (y_true - y_pred)
                if slip == "uphill":
                    d_L_d_ypred = -d_L_d_ypred
                d_o1 = d_L_d_ypred
                if slip != "no output slope":
                    d_o1 = d_o1 * deriv_sigmoid(sum_o1)
                d_h1 = d_o1 * (1 if slip == "no weight" else self.w5)
                d_h2 = d_o1 * (1 if slip == "no weight" else self.w6)
                if slip != "no hidden slope":
                    d_h1 = d_h1 * deriv_sigmoid(sum_h1)
                    d_h2 = d_h2 * deriv_sigmoid(sum_h2)
                if slip == "locals":
                    w1 = self.w1
                    w1 -= learn_rate * d_h1 * x[0]
                    continue
                self.w1 -= learn_rate * d_h1 * x[0]
                self.w2 -= learn_rate * d_h1 * x[1]
                self.b1 -= learn_rate * d_h1
                self.w3 -= learn_rate * d_h2 * x[0]
                self.w4 -= learn_rate * d_h2 * x[1]
                self.b2 -= learn_rate * d_h2
                self.w5 -= learn_rate * d_o1 * h1
                self.w6 -= learn_rate * d_o1 * h2
                self.b3 -= learn_rate * d_o1
            if epoch % 10 == 0:
                y_preds = np.array([self.feedforward(x) for x in data])
                loss = mse_loss(y_trues, y_preds)
                print(f"Epoch {epoch} loss: {loss:.3f}")


class TwoLayerNetwork:
    """Chapter 6's network, after the two-layer article; `slip` makes one mistake."""

    slip = None

    def __init__(self, x, y, rng):
        self.input = x
        self.y = y
        if self.slip == "weights2 first":
            self.weights2 = rng.random((4, 1))
            self.weights1 = rng.random((3, 4))
        else:
            self.weights1 = rng.random((3, 4))
            self.weights2 = rng.random((4, 1))

    def feedforward(self):
        self.layer1 = sigmoid(self.input @ self.weights1)
        self.output = sigmoid(self.layer1 @ self.weights2)

    def slope(self, a):
        if self.slip == "deriv_sigmoid":
            return deriv_sigmoid(a)
        return a * (1 - a)

    def backprop(self):
        error = 2 * (self.y - self.output)
        if self.slip == "mean":
            error = error / len(self.y)
        delta2 = error * self.slope(self.output)
        d_weights2 = self.layer1.T @ delta2
        delta1 = (delta2 @ self.weights2.T) * self.slope(self.layer1)
        d_weights1 = self.input.T @ delta1
        if self.slip == "uphill":
            self.weights1 -= d_weights1
            self.weights2 -= d_weights2
        else:
            self.weights1 += d_weights1
            self.weights2 += d_weights2


def two_layer_with(slip):
    return type("TwoLayerNetwork", (TwoLayerNetwork,), {"slip": slip})


def network(slip=None):
    return NeuralNetwork(np.random.default_rng(0), slip)


# --- The older exercises' right answers ---------------------------------------------------

def right_sigmoid_derivative(z):
    return sig(z) * (1 - sig(z))


def right_neuron_output(weights, bias, inputs):
    return sig(weights[0] * inputs[0] + weights[1] * inputs[1] + bias)


def right_network_output(params, x):
    h1 = sig(params.w1 * x[0] + params.w2 * x[1] + params.b1)
    h2 = sig(params.w3 * x[0] + params.w4 * x[1] + params.b2)
    return sig(params.w5 * h1 + params.w6 * h2 + params.b3)


def right_mse_loss(y_true, y_pred):
    return sum((t - p) ** 2 for t, p in zip(y_true, y_pred, strict=True)) / len(y_true)


def right_sum_of_squares_loss(y_true, y_pred):
    return sum((t - p) ** 2 for t, p in zip(y_true, y_pred, strict=True))


def right_d_L_d_ypred(y_true, y_pred):
    return -2 * (y_true - y_pred)


def nine(params, x, y_true, *, sign=1, output_slope=True, hidden_slope=True, weight=True,
         slope_of_sum=False):
    """The nine partial derivatives, by a learner; each keyword makes one mistake."""
    p = params
    x1, x2 = x
    s1 = p.w1 * x1 + p.w2 * x2 + p.b1
    s2 = p.w3 * x1 + p.w4 * x2 + p.b2
    h1, h2 = sig(s1), sig(s2)
    so = p.w5 * h1 + p.w6 * h2 + p.b3
    o = sig(so)

    def slope(s, a):
        return s * (1 - s) if slope_of_sum else a * (1 - a)

    dl = sign * -2 * (y_true - o)
    do = slope(so, o) if output_slope else 1
    dh1 = (p.w5 if weight else 1) * do
    dh2 = (p.w6 if weight else 1) * do
    k1 = slope(s1, h1) if hidden_slope else 1
    k2 = slope(s2, h2) if hidden_slope else 1
    return [dl * dh1 * k1 * x1, dl * dh1 * k1 * x2, dl * dh2 * k2 * x1, dl * dh2 * k2 * x2,
            dl * h1 * do, dl * h2 * do, dl * dh1 * k1, dl * dh2 * k2, dl * do]


def right_gradient(params, x, y_true):
    return nine(params, x, y_true)


def right_sgd_step(params, x, y_true, learning_rate):
    return [w - learning_rate * g for w, g in zip(params, nine(params, x, y_true), strict=True)]


def two_layer(w1, w2, x, y, *, sign=1, mean=False, slope_of_sum=False):
    s1 = x @ w1
    hidden = 1 / (1 + np.exp(-s1))
    s2 = hidden @ w2
    out = 1 / (1 + np.exp(-s2))
    d_out = sign * -2 * (y - out) * (s2 * (1 - s2) if slope_of_sum else out * (1 - out))
    if mean:
        d_out = d_out / len(x)
    d_hidden = d_out @ w2.T * (s1 * (1 - s1) if slope_of_sum else hidden * (1 - hidden))
    return x.T @ d_hidden, hidden.T @ d_out


def right_two_layer_gradients(weights1, weights2, x, y):
    return two_layer(weights1, weights2, x, y)


def right_tanh_derivative(z):
    return 1 - math.tanh(z) ** 2


def right_softmax(z):
    e = np.exp(np.asarray(z) - max(z))
    return e / e.sum()


def right_one_hot(labels, n_classes):
    rows = np.zeros((len(labels), n_classes))
    for row, label in enumerate(labels):
        rows[row, label] = 1
    return rows


def right_accuracy(true_labels, predicted_labels):
    return float(np.mean(np.array(true_labels) == np.array(predicted_labels)))


# A right answer for every exercise; a callable giving the thing for the bound methods.
RIGHT = {
    "sigmoid": lambda: sigmoid,
    "Neuron": lambda: Neuron,
    "Network": lambda: Network,
    "mse_loss": lambda: mse_loss,
    "deriv_sigmoid": lambda: deriv_sigmoid,
    "feedforward": lambda: network().feedforward,
    "train": lambda: network().train,
    "TwoLayerNetwork": lambda: TwoLayerNetwork,
    "sigmoid_derivative": lambda: right_sigmoid_derivative,
    "neuron_output": lambda: right_neuron_output,
    "network_output": lambda: right_network_output,
    "sum_of_squares_loss": lambda: right_sum_of_squares_loss,
    "d_L_d_ypred": lambda: right_d_L_d_ypred,
    "gradient": lambda: right_gradient,
    "sgd_step": lambda: right_sgd_step,
    "two_layer_gradients": lambda: right_two_layer_gradients,
    "tanh_derivative": lambda: right_tanh_derivative,
    "softmax": lambda: right_softmax,
    "one_hot": lambda: right_one_hot,
    "accuracy": lambda: right_accuracy,
}

# The verdict each chapter shows (copied into /work/plan/GRADER.md for the chapters).
RIGHT_VERDICTS = {
    "sigmoid": "sigmoid: right on all 9 inputs.",
    "Neuron": "Neuron: right on all 5 inputs.",
    "Network": "Network: right on all 5 inputs.",
    "mse_loss": "mse_loss: right on all 4 inputs.",
    "deriv_sigmoid": "deriv_sigmoid: right on all 9 inputs.",
    "feedforward": "feedforward: right on all 12 inputs.",
    "train": "train: right on all 9 numbers after 1000 epochs.",
    "TwoLayerNetwork": "TwoLayerNetwork: right on all 3 runs.",
}


def test_every_exercise_has_a_right_answer_here():
    assert set(RIGHT) == set(EXERCISES)


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_a_right_answer_passes_in_one_line(name):
    verdict = check(name, RIGHT[name]())
    assert verdict.passed, verdict.message
    expected = RIGHT_VERDICTS.get(name, f"{name}: right on all {len(EXERCISES[name].cases)} inputs.")
    assert repr(verdict) == str(verdict) == verdict.message == expected


def test_the_course_sigmoid_gets_its_overflow_as_a_note_not_a_failure():
    # pyproject turns warnings into errors: none may leak out of check.
    verdict = check("sigmoid", sigmoid)
    assert verdict.passed
    assert verdict.notes == ("at x=-1000: RuntimeWarning: overflow encountered in exp",)
    assert "\n" not in verdict.message


# --- The main article's own code passes -----------------------------------------------------

@pytest.mark.parametrize("name", ["sigmoid", "deriv_sigmoid", "mse_loss", "Neuron"])
def test_the_articles_functions_pass(name):
    thing = {"sigmoid": zhou.sigmoid, "deriv_sigmoid": zhou.deriv_sigmoid,
             "mse_loss": zhou.mse_loss, "Neuron": zhou.Neuron}[name]
    verdict = check(name, thing)
    assert verdict.message == RIGHT_VERDICTS[name]


def test_the_articles_network_feedforward_and_train_pass(capsys):
    article_network = zhou.OurNeuralNetwork()
    before = dict(vars(article_network))
    assert check("feedforward", article_network.feedforward).message == RIGHT_VERDICTS["feedforward"]
    assert check("train", article_network.train).message == RIGHT_VERDICTS["train"]
    # It printed its hundred lines of loss into the grader, not onto the page; and the
    # grader trained a copy, not the learner's network.
    assert capsys.readouterr().out == ""
    assert vars(article_network) == before


def test_checking_train_is_quick():
    train = network().train
    start = time.perf_counter()
    assert check("train", train).passed
    assert time.perf_counter() - start < 1.0


# --- The known slips ---------------------------------------------------------------------------

def h(params, x, *, squash_hidden=True, squash_output=True, swap=False):
    p = params
    w2, w3 = (p.w3, p.w2) if swap else (p.w2, p.w3)
    s1, s2 = p.w1 * x[0] + w2 * x[1] + p.b1, w3 * x[0] + p.w4 * x[1] + p.b2
    h1, h2 = (sig(s1), sig(s2)) if squash_hidden else (s1, s2)
    so = p.w5 * h1 + p.w6 * h2 + p.b3
    return sig(so) if squash_output else so


def neuron_with(feedforward):
    """A Neuron class whose feedforward is `feedforward(weights, bias, x)`."""
    return type("Neuron", (Neuron,), {
        "feedforward": lambda self, x: feedforward(self.weights, self.bias, x)})


def network_with(feedforward):
    """A Network class whose feedforward is `feedforward(network, x)`."""
    return type("Network", (Network,), {"feedforward": feedforward})


def feedforward_with(slip):
    """Chapter 5's feedforward (a bound method) with one slip."""
    class Slipped(NeuralNetwork):
        def feedforward(self, x):
            if slip == "none":
                return None
            x0, x1 = (x[1], x[0]) if slip == "inputs swapped" else (x[0], x[1])
            w2, w3 = (self.w3, self.w2) if slip == "w2 w3 swapped" else (self.w2, self.w3)
            s1 = self.w1 * x0 + w2 * x1 + self.b1
            s2 = w3 * x0 + self.w4 * x1 + self.b2
            h1, h2 = (s1, s2) if slip == "hidden sums" else (sigmoid(s1), sigmoid(s2))
            so = self.w5 * h1 + self.w6 * h2 + self.b3
            return so if slip == "output sum" else sigmoid(so)

    return Slipped(np.random.default_rng(0)).feedforward


WRONG = [
    # Chapter 1
    ("sigmoid", lambda x: 1 / (1 + np.exp(x)), "the curve mirrored"),
    # Mirrored too, but what goes wrong first is inf / inf at x = -1000:
    ("sigmoid", lambda x: np.exp(-x) / (1 + np.exp(-x)), "np.exp gives inf. Write 1 / (1 + np.exp(-x))"),
    ("sigmoid", lambda x: 1 / 1 + np.exp(-x), "that is the denominator 1 + e^(-x)"),
    ("sigmoid", lambda x: 1 + np.exp(-x), "that is the denominator 1 + e^(-x)"),
    ("sigmoid", lambda x: 1 / (1 - np.exp(-x)), "1 - e^(-x) where the formula has 1 + e^(-x)"),
    ("sigmoid", lambda x: 1 / (1 + math.exp(-x)), "math.exp (and **) raise OverflowError"),
    ("sigmoid", lambda x: 1 / (1 + math.e ** -x), "math.exp (and **) raise OverflowError"),
    ("sigmoid", sig, "an if on it has no single truth value"),
    ("sigmoid", lambda x: 1 / (1 + math.exp(-np.clip(x, -500, 500))),
     "math.exp (or float) takes one number"),
    ("Neuron", neuron_with(lambda w, b, x: sigmoid(np.dot(w, x))), "the bias is missing"),
    ("Neuron", neuron_with(lambda w, b, x: np.dot(w, x) + b), "that is the sum w · x + b"),
    ("Neuron", neuron_with(lambda w, b, x: sigmoid(np.dot(w, x)) + b), "added after the sigmoid"),
    ("Neuron", neuron_with(lambda w, b, x: sigmoid(w * x + b)), "w * x multiplies element by element"),
    # Chapter 2
    ("Network", network_with(lambda self, x: self.o1.feedforward(x)), "o1's inputs are h1 and h2"),
    ("Network", network_with(lambda self, x: self.h1.feedforward(x)), "o1's inputs are h1 and h2"),
    ("Network", network_with(lambda self, x: np.array([self.h1.feedforward(x), self.h2.feedforward(x)])),
     "that is [h1, h2]"),
    # Chapter 3
    ("mse_loss", lambda t, p: ((t - p) ** 2).sum(), "summed where it should be averaged"),
    ("mse_loss", lambda t, p: np.mean(np.abs(t - p)), "the errors are not squared"),
    ("mse_loss", lambda t, p: math.sqrt(np.mean((t - p) ** 2)), "the square root"),
    ("mse_loss", lambda t, p: np.mean(t - p) ** 2, "the mean error, squared"),
    # Chapter 4
    ("deriv_sigmoid", lambda x: x * (1 - x), "x * (1 - x) is the slope from an output"),
    ("deriv_sigmoid", sigmoid, "the factor (1 - s) is missing"),
    ("deriv_sigmoid", lambda x: sigmoid(x) * (sigmoid(x) - 1), "the wrong sign"),
    ("deriv_sigmoid", lambda x: sigmoid(x) * (1 - x), "(1 - x) where it wants (1 - s)"),
    # Chapter 5
    ("feedforward", feedforward_with("hidden sums"), "the hidden sums go to o1 without the sigmoid"),
    ("feedforward", feedforward_with("output sum"), "that is o1's sum"),
    ("feedforward", feedforward_with("w2 w3 swapped"), "w2 and w3 are swapped"),
    ("feedforward", feedforward_with("inputs swapped"), "x[0] and x[1] are swapped"),
    ("train", network("locals").train, "no weight changed"),
    ("train", network("uphill").train, "every step went uphill"),
    ("train", network("no rate").train, "the learning rate η = 0.1 is missing"),
    ("train", network("slope of outputs").train, "deriv_sigmoid got the neurons' outputs"),
    ("train", network("no output slope").train, "deriv_sigmoid(sum_o1) is missing"),
    ("train", network("no hidden slope").train, "deriv_sigmoid(sum_h1) and deriv_sigmoid(sum_h2)"),
    ("train", network("no weight").train, "the weight is missing"),
    # Chapter 6
    ("TwoLayerNetwork", two_layer_with("uphill"), "each step went uphill"),
    ("TwoLayerNetwork", two_layer_with("mean"), "averaged where it should be summed"),
    ("TwoLayerNetwork", two_layer_with("deriv_sigmoid"), "takes the sigmoid twice"),
    ("TwoLayerNetwork", two_layer_with("weights2 first"), "weights2 is drawn before weights1"),
    # The older exercises
    ("sigmoid_derivative", lambda z: z * (1 - z), "the output form a (1 - a) applied to the weighted sum z"),
    ("sigmoid_derivative", sig, "σ(z) without the factor (1 - σ(z))"),
    ("neuron_output", lambda w, b, x: sig(w[0] * x[0] + w[1] * x[1]), "the bias is missing"),
    ("neuron_output", lambda w, b, x: w[0] * x[0] + w[1] * x[1] + b, "that is the weighted sum z"),
    ("network_output", lambda p, x: h(p, x, squash_hidden=False), "without the sigmoid"),
    ("network_output", lambda p, x: h(p, x, squash_output=False), "the output neuron's sum"),
    ("network_output", lambda p, x: h(p, x, swap=True), "w2 and w3 are swapped"),
    ("sum_of_squares_loss", right_mse_loss, "averaged where it should be summed"),
    ("d_L_d_ypred", lambda t, p: 2 * (t - p), "the wrong sign"),
    ("d_L_d_ypred", lambda t, p: p - t, "the factor 2 from the square is missing"),
    ("gradient", lambda p, x, y: nine(p, x, y, sign=-1), "every partial derivative has the wrong sign"),
    ("gradient", lambda p, x, y: nine(p, x, y, output_slope=False), "f'(sum_o1) is missing"),
    ("gradient", lambda p, x, y: nine(p, x, y, hidden_slope=False), "f'(sum_h1) and f'(sum_h2) are missing"),
    ("gradient", lambda p, x, y: nine(p, x, y, weight=False), "the weight is missing"),
    ("gradient", lambda p, x, y: nine(p, x, y, slope_of_sum=True), "the output form a (1 - a) applied to the weighted sums"),
    ("sgd_step", lambda p, x, y, r: [w + r * g for w, g in zip(p, nine(p, x, y), strict=True)], "a step uphill"),
    ("sgd_step", lambda p, x, y, r: [w - g for w, g in zip(p, nine(p, x, y), strict=True)], "the learning rate η is missing"),
    ("sgd_step", lambda p, x, y, r: [-r * g for g in nine(p, x, y)], "that is the change"),
    ("two_layer_gradients", lambda w1, w2, x, y: two_layer(w1, w2, x, y, sign=-1), "the article's d_weights"),
    ("two_layer_gradients", lambda w1, w2, x, y: two_layer(w1, w2, x, y, mean=True), "averaged where it should be summed"),
    ("two_layer_gradients", lambda w1, w2, x, y: two_layer(w1, w2, x, y, slope_of_sum=True), "applied to the weighted sums"),
    ("tanh_derivative", lambda z: 1 - z**2, "the output form 1 - a² applied to the weighted sum z"),
    ("tanh_derivative", right_sigmoid_derivative, "the sigmoid's slope"),
    ("softmax", lambda z: np.exp(z) / np.exp(z).sum(), "e^1000 overflows"),
    ("softmax", lambda z: np.exp(np.asarray(z) - max(z)), "not divided by the sum"),
    ("one_hot", lambda labels, k: np.eye(k)[[(label + 1) % k for label in labels]], "off by one"),
    ("accuracy", lambda t, p: sum(a == b for a, b in zip(t, p, strict=True)), "the number of right answers"),
    ("accuracy", lambda t, p: 100 * right_accuracy(t, p), "a percentage"),
    ("accuracy", lambda t, p: 1 - right_accuracy(t, p), "the error rate"),
]


@pytest.mark.parametrize(("name", "function", "diagnosis"), WRONG,
                         ids=[f"{n}-{d[:30]}" for n, _, d in WRONG])
def test_each_known_slip_gets_its_diagnosis(name, function, diagnosis):
    verdict = check(name, function)
    assert not verdict.passed
    assert diagnosis in verdict.diagnosis, verdict.message
    assert verdict.message.startswith(f"{name}: wrong at ")
    assert f"Diagnosis: {verdict.diagnosis[:20]}" in verdict.message


def test_every_known_slip_is_tested():
    named = {(name, m.diagnosis) for name, e in EXERCISES.items() for m in e.mistakes}
    named |= {(name, e.overflow) for name, e in EXERCISES.items() if e.overflow}
    found = {(name, d) for name, d in named
             if any(n == name and text in d for n, _, text in WRONG)}
    assert found == named


def flat(answer):
    if isinstance(answer, tuple | list) and any(isinstance(a, np.ndarray) and a.ndim for a in answer):
        return np.concatenate([np.ravel(part) for part in answer])
    return np.asarray(answer, dtype=float)


def test_every_slip_is_wrong_somewhere():
    # A slip that agreed with the oracle on every input could never be told apart from it.
    for name, exercise in EXERCISES.items():
        for mistake in exercise.mistakes:
            differs = False
            for case in exercise.cases:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    right = flat(exercise.oracle(*copy.deepcopy(case)))
                    wrong = flat(mistake.compute(*copy.deepcopy(case)))
                differs |= right.shape != wrong.shape or not np.allclose(right, wrong)
            assert differs, (name, mistake.diagnosis)


def test_no_two_slips_of_an_exercise_give_the_same_answers():
    # Otherwise the first would be named for the second's mistake as well.
    for name, exercise in EXERCISES.items():
        answers = []
        for mistake in exercise.mistakes:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                answers.append([flat(mistake.compute(*copy.deepcopy(case))) for case in exercise.cases])
        for i, first in enumerate(answers):
            for second in answers[i + 1:]:
                same = all(a.shape == b.shape and np.allclose(a, b, equal_nan=True)
                           for a, b in zip(first, second, strict=True))
                assert not same, name


# --- No wrong diagnosis ------------------------------------------------------------------------

def no_return(*args):
    pass


def test_a_missing_return_is_called_that_and_nothing_else():
    # The course's sigmoid without its return: nothing about overflow (issue 23).
    def sigmoid_without_return(x):
        1 / (1 + np.exp(-x))

    verdict = check("sigmoid", sigmoid_without_return)
    assert verdict.message == "sigmoid: returned None at x=-1000.\nDid you forget the return?"
    assert verdict.diagnosis == ""
    assert "overflow" not in verdict.message.lower()


@pytest.mark.parametrize("name", ["sigmoid", "mse_loss", "deriv_sigmoid", "sigmoid_derivative",
                                  "gradient", "softmax", "accuracy"])
def test_every_function_that_returns_nothing_is_told_so(name):
    verdict = check(name, no_return)
    assert verdict.returned_none == "function" and verdict.diagnosis == ""
    assert verdict.message.endswith("Did you forget the return?")
    assert verdict.message.startswith(f"{name}: returned None at ")


def test_a_class_or_method_that_returns_nothing_is_told_which():
    assert check("Neuron", neuron_with(no_return)).message == (
        "Neuron: feedforward returned None at weights=[0, 1], bias=4,\n"
        "x=[2, 3].\nDid you forget the return?")
    assert check("Network", network_with(no_return)).message.replace("\n", " ").startswith(
        "Network: feedforward returned None at weights=[0, 1], bias=0, x=[2, 3].")
    verdict = check("feedforward", feedforward_with("none"))
    assert verdict.message == ("feedforward: returned None at x=[-2, -1],\n"
                               "w1..b3=[1, 1, 1, 1, 1, 1, 0, 0, 0].\n"
                               "Did you forget the return?")
    assert verdict.message.endswith("Did you forget the return?") and verdict.diagnosis == ""


def test_train_returns_nothing_and_that_is_fine():
    # The article's train returns None; what counts is the nine numbers it leaves.
    assert check("train", zhou.OurNeuralNetwork().train).passed


def scaled(function, factor=1.01):
    return lambda *args: factor * np.asarray(function(*args), dtype=float)


@pytest.mark.parametrize("name", ["sigmoid", "mse_loss", "deriv_sigmoid", "sigmoid_derivative",
                                  "neuron_output", "network_output", "d_L_d_ypred", "tanh_derivative",
                                  "softmax", "accuracy", "sum_of_squares_loss"])
def test_an_unknown_mistake_gets_the_numbers_and_no_diagnosis(name):
    verdict = check(name, scaled(RIGHT[name]()))
    assert not verdict.passed and verdict.diagnosis == ""
    assert "expected" in verdict.message and "Diagnosis" not in verdict.message


def test_an_unknown_mistake_in_a_class_or_method_gets_no_diagnosis():
    assert check("Neuron", neuron_with(lambda w, b, x: 0.5)).diagnosis == ""
    assert check("Network", network_with(lambda self, x: 0.5)).diagnosis == ""
    tilted = NeuralNetwork(np.random.default_rng(0))
    tilted.feedforward = lambda x: 0.5  # not a bound method: refused
    with pytest.raises(TypeError, match="function must be a bound method"):
        check("feedforward", tilted.feedforward)

    class Longer(NeuralNetwork):
        def train(self, data, y_trues):
            super().train(data, y_trues, epochs=1001)

    verdict = check("train", Longer(np.random.default_rng(0)).train)
    assert not verdict.passed and verdict.diagnosis == ""


def test_an_unknown_mistake_gets_the_values_but_no_diagnosis():
    verdict = check("sigmoid", lambda x: 0.5)
    assert verdict.message == "sigmoid: wrong at x=-1000:\nexpected 0, got 0.5."
    assert verdict.diagnosis == ""


def test_a_mistake_in_only_some_inputs_is_not_diagnosed():
    # Right except for the bias at one input: no single known slip explains every answer.
    def partly(w, b, x):
        return right_neuron_output(w, 0.0 if b == 1.0 else b, x)

    verdict = check("neuron_output", partly)
    assert verdict.arguments == "weights=[0.5, -1], bias=1, inputs=[2, 3]"
    assert verdict.diagnosis == ""


def test_an_overflow_is_named_only_when_it_made_the_answer_wrong():
    # np.exp(x) / (1 + np.exp(x)) overflows at x = 1000 (inf / inf is nan): the overflow
    # diagnosis. A wrong constant with no overflow gets none, and so does an error that is
    # not an overflow.
    verdict = check("sigmoid", lambda x: np.exp(x) / (1 + np.exp(x)))
    assert verdict.arguments == "x=1000" and "e^1000 is too big" in verdict.diagnosis
    assert check("sigmoid", lambda x: 1 / (x + 1000)).message == (
        "sigmoid: wrong at x=-1000:\nraised ZeroDivisionError: float division by zero.")


# --- The verdict's words -------------------------------------------------------------------

def test_the_verdict_names_the_first_differing_input_and_both_values():
    verdict = check("gradient", lambda p, x, y: nine(p, x, y, sign=-1))
    assert verdict.message.splitlines()[:4] == [
        "gradient: wrong at params=Parameters(w1=1, w2=1, w3=1, w4=1,",
        "w5=1, w6=1, b1=0, b2=0, b3=0), x=[-2, -1], y_true=1 in w1:",
        "expected 0.0214695, got -0.0214695.",
        "Diagnosis: every partial derivative has the wrong sign:",
    ]
    assert verdict.arguments.startswith("params=Parameters(w1=1,")
    assert (verdict.part, verdict.expected, verdict.received) == ("w1", "0.0214695", "-0.0214695")


def test_a_large_array_is_shown_by_its_first_differing_element():
    verdict = check("TwoLayerNetwork", two_layer_with("uphill"))
    assert verdict.part == "weights1[0, 0] after step 1"
    assert verdict.arguments.endswith("rng=np.random.default_rng(0)")


def test_values_that_agree_to_six_digits_are_shown_with_more():
    verdict = check("deriv_sigmoid", lambda x: deriv_sigmoid(x) * (1 + 1e-8))
    assert verdict.expected != verdict.received
    assert verdict.expected == "0.00246650929"


def test_every_verdict_fits_a_phone():
    # Lines of at most WIDTH (60) characters, but for one value too long to break.
    for name, function, _ in WRONG:
        for line in check(name, function).message.splitlines():
            assert len(line) <= WIDTH or " " not in line.strip(), (name, line)


def test_a_wrong_shape_and_an_error_are_reported():
    assert check("gradient", lambda p, x, y: [0.0] * 3).problem == (
        "expected 9 values (w1, w2, w3, w4, w5, w6, b1, b2, b3), got 3"
    )
    assert check("one_hot", lambda labels, k: np.eye(k)[labels][:, :-1]).message == (
        "one_hot: wrong at labels=[2, 0, 1], n_classes=3:\n"
        "expected shape (3, 3), got shape (3, 2)."
    )
    assert check("two_layer_gradients", lambda w1, w2, x, y: (w1, w2[:2])).problem == (
        "expected d_weights2 of shape (4, 1), got shape (2, 1)"
    )
    assert check("Neuron", neuron_with(lambda w, b, x: w * x)).problem == (
        "expected one number, got an array of shape (2,)")
    assert check("mse_loss", lambda t, p: "0.5").message == (
        "mse_loss: wrong at y_true=[1, 0, 0, 1], y_pred=[0, 0, 0, 0]:\n"
        "expected numbers, got '0.5'.")
    no_weights = type("TwoLayerNetwork", (), {"__init__": lambda self, x, y, rng: None})
    assert check("TwoLayerNetwork", no_weights).problem == (
        "raised AttributeError: 'TwoLayerNetwork' object has no attribute 'weights1'")


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match=r"name must be one of the exercises \(accuracy, .*\), got 'sigmoidd'"):
        check("sigmoidd", sigmoid)
    with pytest.raises(ValueError, match=r"got 'neuron'\. Did you mean 'Neuron'\?"):
        check("neuron", Neuron)
    with pytest.raises(ValueError, match=r"got 'qqq'$"):
        check("qqq", sigmoid)
    with pytest.raises(TypeError, match=r"name must be a str \(an exercise's name\), got int"):
        check(123, sigmoid)
    with pytest.raises(TypeError, match="function must be a function, got float"):
        check("sigmoid", 0.5)
    with pytest.raises(TypeError, match=r"function must be a class for 'Neuron' \(the class itself, not Neuron\(...\)\), got Neuron"):
        check("Neuron", Neuron(np.array([0, 1]), 4))
    with pytest.raises(TypeError, match=r"function must be a bound method for 'train', such as network\.train"):
        check("train", NeuralNetwork.train)
    with pytest.raises(TypeError, match="got NeuralNetwork"):
        check("feedforward", network())


def test_the_learner_cannot_change_the_inputs_for_the_next_call():
    def mutating(y_true, y_pred):
        result = right_mse_loss(y_true, y_pred)
        y_true[0] = 99
        return result

    assert check("mse_loss", mutating).passed


def test_the_learners_network_is_not_changed():
    learner = network()
    before = dict(vars(learner))
    check("feedforward", learner.feedforward)
    check("train", learner.train)
    assert vars(learner).keys() == before.keys()
    assert all(vars(learner)[k] is before[k] for k in before)


def test_parameters_are_given_as_parameters():
    seen = []
    check("network_output", lambda p, x: seen.append(type(p)) or right_network_output(p, x))
    assert set(seen) == {Parameters}


# --- What the verdicts count, and what the oracles are ------------------------------------

def counting(thing, calls):
    """`thing` (a function or a class), recording each call."""
    if isinstance(thing, type):
        return type(thing.__name__, (thing,), {
            "__init__": lambda self, *a: calls.append(a) or thing.__init__(self, *a)})
    return lambda *a: calls.append(a) or thing(*a)


@pytest.mark.parametrize("name", ["sigmoid", "Neuron", "Network", "mse_loss", "deriv_sigmoid",
                                  "TwoLayerNetwork"])
def test_right_on_all_n_counts_the_calls(name):
    calls = []
    verdict = check(name, counting(RIGHT[name](), calls))
    assert verdict.passed and verdict.inputs == len(calls) == len(EXERCISES[name].cases)


def test_feedforward_and_train_count_what_they_say():
    calls = []

    class Counted(NeuralNetwork):
        def feedforward(self, x):
            calls.append(x)
            return super().feedforward(x)

    assert check("feedforward", Counted(np.random.default_rng(0)).feedforward).inputs == len(calls) == 12
    # train: one run, nine numbers compared.
    assert EXERCISES["train"].parts == Parameters.NAMES and len(EXERCISES["train"].cases) == 1


def test_the_first_inputs_are_the_chapters_worked_examples():
    def first(name):
        exercise = EXERCISES[name]
        return exercise.oracle(*exercise.cases[0])

    assert f"{first('Neuron'):.3f}" == "0.999"
    assert f"{first('Network'):.4f}" == "0.7216"
    assert f"{first('mse_loss'):.1f}" == "0.5"


def test_the_train_oracle_is_train_sgd_and_the_two_layer_oracle_is_the_packages_train():
    from nnfromscratch.course.datasets import people, two_layer_data
    from nnfromscratch.course.training import train_sgd
    from nnfromscratch.course.two_layer import TwoLayerNetwork as Reference

    exercise = EXERCISES["train"]
    start, x, y = exercise.cases[0]
    trained = train_sgd(Parameters(*start), *people(), learning_rate=0.1, epochs=1000).params
    assert np.array_equal(x, people()[0]) and np.array_equal(y, people()[1])
    assert exercise.oracle(*exercise.cases[0]) == list(trained)

    exercise = EXERCISES["TwoLayerNetwork"]
    for x, y, seed, steps in exercise.cases:
        reference = Reference.initialise(rng=np.random.default_rng(seed))
        reference.train(*two_layer_data(), iterations=steps)
        after = exercise.oracle(x, y, seed, steps)[-2:]
        assert np.allclose(after[0], reference.weights1, rtol=1e-12)
        assert np.allclose(after[1], reference.weights2, rtol=1e-12)


def test_only_trains_printing_is_swallowed(capsys):
    def chatty(x):
        print("sigmoid of", x)
        return sigmoid(x)

    assert check("sigmoid", chatty).passed
    assert capsys.readouterr().out.count("sigmoid of") == 9
