"""The exercise grader: right answers pass, and each known mistake gets its diagnosis.

The learners' functions below are written the way a learner would write them (plain Python
and NumPy, from the formulas on the pages), independently of the package: the right ones
must pass on every input, and each wrong one must fail with the verdict that names its
mistake.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnfromscratch.course.backprop import Parameters
from nnfromscratch.course.exercises import EXERCISES, check


def sig(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


# --- right answers ---------------------------------------------------------------------

def right_sigmoid(z):
    return sig(z)


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


RIGHT = {
    "sigmoid": right_sigmoid,
    "sigmoid_derivative": right_sigmoid_derivative,
    "neuron_output": right_neuron_output,
    "network_output": right_network_output,
    "mse_loss": right_mse_loss,
    "sum_of_squares_loss": right_sum_of_squares_loss,
    "d_L_d_ypred": right_d_L_d_ypred,
    "gradient": right_gradient,
    "sgd_step": right_sgd_step,
    "two_layer_gradients": right_two_layer_gradients,
    "tanh_derivative": right_tanh_derivative,
    "softmax": right_softmax,
    "one_hot": right_one_hot,
    "accuracy": right_accuracy,
}


def test_every_exercise_has_a_right_answer_here():
    assert set(RIGHT) == set(EXERCISES)


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_a_right_answer_passes(name):
    verdict = check(name, RIGHT[name])
    assert verdict.passed, verdict.message
    assert verdict.message == f"{name}: right on all {len(EXERCISES[name].cases)} inputs."


# --- the known mistakes ------------------------------------------------------------------

def h(params, x, *, squash_hidden=True, squash_output=True, swap=False):
    p = params
    w2, w3 = (p.w3, p.w2) if swap else (p.w2, p.w3)
    s1, s2 = p.w1 * x[0] + w2 * x[1] + p.b1, w3 * x[0] + p.w4 * x[1] + p.b2
    h1, h2 = (sig(s1), sig(s2)) if squash_hidden else (s1, s2)
    so = p.w5 * h1 + p.w6 * h2 + p.b3
    return sig(so) if squash_output else so


WRONG = [
    ("sigmoid", lambda z: 1 / (1 + math.exp(z)) if z <= 0 else math.exp(-z) / (1 + math.exp(-z)),
     "e^z where the formula has e^(-z)"),
    ("sigmoid", lambda z: 1 / (1 + math.exp(-z)), "e^(-z) overflows for large negative z"),
    ("sigmoid", lambda z: 1 / (1 + np.exp(-z)), "e^(-z) overflows for large negative z"),
    ("sigmoid_derivative", lambda z: z * (1 - z), "the output form a (1 - a) applied to the weighted sum z"),
    ("sigmoid_derivative", sig, "σ(z) without the factor (1 - σ(z))"),
    ("neuron_output", lambda w, b, x: sig(w[0] * x[0] + w[1] * x[1]), "the bias is missing"),
    ("neuron_output", lambda w, b, x: w[0] * x[0] + w[1] * x[1] + b, "that is the weighted sum z"),
    ("network_output", lambda p, x: h(p, x, squash_hidden=False), "without the sigmoid"),
    ("network_output", lambda p, x: h(p, x, squash_output=False), "the output neuron's sum"),
    ("network_output", lambda p, x: h(p, x, swap=True), "w2 and w3 are swapped"),
    ("mse_loss", right_sum_of_squares_loss, "summed where it should be averaged"),
    ("mse_loss", lambda t, p: sum(abs(a - b) for a, b in zip(t, p, strict=True)) / len(t),
     "the errors are not squared"),
    ("mse_loss", lambda t, p: math.sqrt(right_mse_loss(t, p)), "the square root"),
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


@pytest.mark.parametrize(("name", "function", "diagnosis"), WRONG, ids=[f"{n}-{d[:30]}" for n, _, d in WRONG])
def test_each_known_mistake_gets_its_diagnosis(name, function, diagnosis):
    verdict = check(name, function)
    assert not verdict.passed
    assert diagnosis in verdict.diagnosis, verdict.message
    assert verdict.message.startswith(f"{name}: wrong at ")


def test_every_known_mistake_is_tested():
    named = {(name, m.diagnosis) for name, e in EXERCISES.items() for m in e.mistakes}
    found = {(name, d) for name, d in named
             if any(n == name and text in d for n, _, text in WRONG)}
    assert found == named


def flat(answer):
    if isinstance(answer, tuple) and not isinstance(answer, Parameters):
        return np.concatenate([np.ravel(part) for part in answer])
    return np.asarray(answer, dtype=float)


def test_every_mistake_is_wrong_somewhere():
    # A trap that agreed with the oracle on every input could never be told apart from it.
    import warnings

    for name, exercise in EXERCISES.items():
        for mistake in exercise.mistakes:
            differs = False
            for case in exercise.cases:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    right = flat(exercise.oracle(*case))
                    wrong = flat(mistake.compute(*case))
                differs |= right.shape != wrong.shape or not np.allclose(right, wrong)
            assert differs, (name, mistake.diagnosis)


# --- the verdict's words -----------------------------------------------------------------

def test_the_verdict_names_the_first_differing_input_and_both_values():
    verdict = check("gradient", lambda p, x, y: nine(p, x, y, sign=-1))
    assert verdict.message.splitlines()[0] == (
        "gradient: wrong at params=Parameters(w1=1, w2=1, w3=1, w4=1, w5=1, w6=1, b1=0, b2=0, "
        "b3=0), x=[-2, -1], y_true=1 in w1: expected 0.0214695, got -0.0214695."
    )
    assert verdict.arguments.startswith("params=Parameters(w1=1,")
    assert (verdict.part, verdict.expected, verdict.received) == ("w1", "0.0214695", "-0.0214695")


def test_an_unknown_mistake_gets_the_values_but_no_diagnosis():
    verdict = check("sigmoid", lambda z: 0.5)
    assert verdict.message == "sigmoid: wrong at z=-1000: expected 0, got 0.5."
    assert verdict.diagnosis == ""


def test_a_mistake_in_only_some_inputs_is_not_diagnosed():
    # Right except for the bias at one input: no single known trap explains every answer.
    def partly(w, b, x):
        return right_neuron_output(w, 0.0 if b == 1.0 else b, x)

    verdict = check("neuron_output", partly)
    assert verdict.arguments == "weights=[0.5, -1], bias=1, inputs=[2, 3]"
    assert verdict.diagnosis == ""


def test_a_missing_return_an_error_and_a_wrong_shape_are_reported():
    def no_return(z):
        z * (1 - z)

    assert check("sigmoid_derivative", no_return).message == (
        "sigmoid_derivative: wrong at z=-6: the function returned None "
        "(is a return statement missing?)."
    )
    assert check("sigmoid", lambda z: 1 / (z + 1000)).message == (
        "sigmoid: wrong at z=-1000: raised ZeroDivisionError: float division by zero."
    )
    assert check("gradient", lambda p, x, y: [0.0] * 3).problem == (
        "expected 9 values (w1, w2, w3, w4, w5, w6, b1, b2, b3), got 3"
    )
    assert check("one_hot", lambda labels, k: np.eye(k)[labels][:, :-1]).message == (
        "one_hot: wrong at labels=[2, 0, 1], n_classes=3: expected shape (3, 3), got shape (3, 2)."
    )
    assert check("two_layer_gradients", lambda w1, w2, x, y: (w1, w2[:2])).problem == (
        "expected d_weights2 of shape (4, 1), got shape (2, 1)"
    )


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match=r"name must be one of the exercises \(accuracy, .*\), got 'sigmoidd'"):
        check("sigmoidd", right_sigmoid)
    with pytest.raises(TypeError, match="function must be a function, got float"):
        check("sigmoid", 0.5)


def test_the_learner_cannot_change_the_inputs_for_the_next_call():
    def mutating(y_true, y_pred):
        result = right_mse_loss(y_true, y_pred)
        y_true[0] = 99
        return result

    assert check("mse_loss", mutating).passed


def test_parameters_are_given_as_parameters():
    seen = []
    check("network_output", lambda p, x: seen.append(type(p)) or right_network_output(p, x))
    assert set(seen) == {Parameters}
