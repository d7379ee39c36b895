"""A grader for the chapters' exercises: your function against the course's own oracles.

``check("sigmoid_derivative", my_function)`` calls ``my_function`` on a fixed set of inputs
and compares every answer with what the package computes for the same inputs. The verdict
says where it first differs (the input, the expected and the received value) and, when the
wrong answers match one of the known traps on every input, what the mistake is: the
output-form slope ``a (1 - a)`` applied to a weighted sum, a gradient with the wrong sign, a
loss summed where it should be averaged (or the other way round), a missing chain factor.

A diagnosis is never a guess from one number: each trap is the oracle computed with that
one mistake made, and it is named only when your function agrees with it on every input
where the right answer differs. `EXERCISES` lists the exercises by name; each chapter's
"Exercises" section says which to try.

Examples
--------
>>> import math
>>> def my_sigmoid_derivative(z):
...     return z * (1 - z)
>>> check("sigmoid_derivative", my_sigmoid_derivative)
sigmoid_derivative: wrong at z=-6: expected 0.00246651, got -42.
Diagnosis: the output form a (1 - a) applied to the weighted sum z; use σ(z) (1 - σ(z)).
>>> def my_sigmoid_derivative(z):
...     s = 1 / (1 + math.exp(-z))
...     return s * (1 - s)
>>> check("sigmoid_derivative", my_sigmoid_derivative)
sigmoid_derivative: right on all 9 inputs.
"""

from __future__ import annotations

import copy
import inspect
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .._checks import check_positive_number
from ..general.metrics import accuracy, one_hot
from .activations import sigmoid, sigmoid_derivative_from_sum, softmax, tanh
from .backprop import Parameters, backprop, forward
from .losses import mse_loss, sum_of_squares_loss
from .two_layer import TwoLayerNetwork

__all__ = ["EXERCISES", "Exercise", "Mistake", "Verdict", "check", "sgd_step"]

# Two answers agree when they differ by no more than rounding: a learner's formula may
# associate the same operations differently from the package's.
RTOL, ATOL = 1e-9, 1e-12


@dataclass(frozen=True)
class Mistake:
    """A known trap: the answer computed with that one mistake, and what to say about it."""

    diagnosis: str
    compute: Callable[..., object]


@dataclass(frozen=True)
class Exercise:
    """One gradable exercise.

    Attributes
    ----------
    name : str
        What `check` is called with.
    oracle : callable
        The package's answer, called with the same arguments as the learner's function;
        its parameter names are the names the verdict uses for the inputs.
    cases : tuple of tuple
        The argument tuples the learner's function is called with, in order.
    mistakes : tuple of Mistake
        The known traps.
    parts : tuple of str, optional
        For an answer that is a sequence of separate values (nine partial derivatives, two
        gradient matrices): their names, so that a verdict can say which one differs.
    overflow : str, optional
        The diagnosis when the function overflows (an error, a warning, inf or NaN).
    """

    name: str
    oracle: Callable[..., object]
    cases: tuple[tuple[object, ...], ...]
    mistakes: tuple[Mistake, ...] = ()
    parts: tuple[str, ...] | None = None
    overflow: str | None = None

    def argument_names(self) -> list[str]:
        """The oracle's parameter names: how a verdict names the inputs."""
        return list(inspect.signature(self.oracle).parameters)


@dataclass(frozen=True)
class Verdict:
    """What `check` found. ``bool(verdict)`` is True when every answer was right.

    Attributes
    ----------
    exercise : str
        The exercise's name.
    passed : bool
        Every answer right.
    inputs : int
        How many inputs were tried (all of them when it passed; up to the first wrong one
        otherwise).
    arguments : str
        The first input where the answer was wrong, as ``name=value, ...``.
    expected, received : str
        The right answer there and the answer received, as shown in the message.
    problem : str
        What went wrong, when it was not a wrong number (an error, a wrong shape, None).
    diagnosis : str
        The known mistake that explains every wrong answer, if one does.
    """

    exercise: str
    passed: bool
    inputs: int
    arguments: str = ""
    expected: str = ""
    received: str = ""
    problem: str = ""
    diagnosis: str = ""
    part: str = field(default="")

    def __bool__(self) -> bool:
        return self.passed

    @property
    def message(self) -> str:
        """The verdict in words: what a learner reads."""
        if self.passed:
            return f"{self.exercise}: right on all {self.inputs} inputs."
        where = f"{self.exercise}: wrong at {self.arguments}"
        if self.problem:
            lines = [f"{where}: {self.problem}."]
        else:
            which = f" in {self.part}" if self.part else ""
            lines = [f"{where}{which}: expected {self.expected}, got {self.received}."]
        if self.diagnosis:
            lines.append(f"Diagnosis: {self.diagnosis}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message

    # The message is what a notebook or the interpreter shows for a verdict.
    __repr__ = __str__


def check(name: str, function: Callable[..., object]) -> Verdict:
    """Check a learner's `function` against the course's answer for exercise `name`.

    Parameters
    ----------
    name : str
        One of `EXERCISES`.
    function : callable
        Your function, taking the arguments the exercise describes.

    Returns
    -------
    Verdict
        Shown as a message: right on every input, or the first wrong one with the
        expected and received values and, for a known trap, a diagnosis.

    Raises
    ------
    ValueError
        If `name` is not an exercise.
    TypeError
        If `function` cannot be called.

    Examples
    --------
    >>> check("mse_loss", lambda y_true, y_pred: sum((t - p) ** 2 for t, p in zip(y_true, y_pred)))
    mse_loss: wrong at y_true=[1, 0, 0, 1], y_pred=[0, 0, 0, 0]: expected 0.5, got 2.
    Diagnosis: summed where it should be averaged: divide by the number of samples.
    """
    if not isinstance(name, str) or name not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise ValueError(f"name must be one of the exercises ({known}), got {name!r}")
    if not callable(function):
        raise TypeError(f"function must be a function, got {type(function).__name__}")
    exercise = EXERCISES[name]
    names = exercise.argument_names()
    for tried, case in enumerate(exercise.cases, start=1):
        expected = exercise.oracle(*copy.deepcopy(case))
        shown_case = ", ".join(f"{n}={_show(v)}" for n, v in zip(names, case, strict=True))
        received, error = _call(function, case)
        problem = error or _shape_problem(exercise, expected, received)
        if problem:
            diagnosis = exercise.overflow if _overflowed(error, received) else ""
            return Verdict(name, False, tried, shown_case, problem=problem, diagnosis=diagnosis)
        part = _first_difference(exercise, expected, received)
        if part is None:
            continue
        name_of_part, right, wrong = part
        diagnosis = _diagnose(exercise, function)
        if not diagnosis and _overflowed("", received):
            diagnosis = exercise.overflow or ""
        return Verdict(
            name, False, tried, shown_case, _show(right), _show(wrong),
            diagnosis=diagnosis, part=name_of_part,
        )
    return Verdict(name, True, len(exercise.cases))


def _call(function: Callable[..., object], case: tuple[object, ...]) -> tuple[object, str]:
    """The function's answer for one input, or a description of the error it raised."""
    try:
        # A warning (NumPy's "overflow encountered in exp") is an answer gone wrong too.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return function(*copy.deepcopy(case)), ""
    except Exception as error:  # the learner's code may raise anything; report it
        return None, f"raised {type(error).__name__}: {error}"


def _overflowed(error: str, received: object) -> bool:
    if error:
        return any(kind in error for kind in ("OverflowError", "overflow", "RuntimeWarning"))
    try:
        values = np.asarray(received, dtype=float)
    except (TypeError, ValueError):
        return False
    return not np.all(np.isfinite(values))


def _parts(exercise: Exercise, answer: object) -> list[np.ndarray]:
    if exercise.parts is None:
        return [np.asarray(answer, dtype=float)]
    return [np.asarray(part, dtype=float) for part in answer]  # type: ignore[attr-defined]


def _shape_problem(exercise: Exercise, expected: object, received: object) -> str:
    """Why `received` cannot be compared with `expected` at all ('' when it can)."""
    if received is None:
        return "the function returned None (is a return statement missing?)"
    count = len(exercise.parts) if exercise.parts else 1
    if exercise.parts is not None:
        try:
            length = len(received)  # type: ignore[arg-type]
        except TypeError:
            return f"expected {count} values ({', '.join(exercise.parts)}), got {_show(received)}"
        if length != count:
            return f"expected {count} values ({', '.join(exercise.parts)}), got {length}"
    try:
        got = _parts(exercise, received)
    except (TypeError, ValueError):
        return f"expected numbers, got {_show(received)}"
    names = exercise.parts or ("",)
    for name, right, answer in zip(names, _parts(exercise, expected), got, strict=True):
        if right.shape != answer.shape:
            label = f"{name} of " if name else ""
            return f"expected {label}shape {right.shape}, got shape {answer.shape}"
    return ""


def _first_difference(
    exercise: Exercise, expected: object, received: object
) -> tuple[str, np.ndarray, np.ndarray] | None:
    names = exercise.parts or ("",)
    pairs = zip(_parts(exercise, expected), _parts(exercise, received), strict=True)
    for name, (right, answer) in zip(names, pairs, strict=True):
        if not np.allclose(answer, right, rtol=RTOL, atol=ATOL, equal_nan=False):
            return name, right, answer
    return None


def _diagnose(exercise: Exercise, function: Callable[..., object]) -> str:
    """The diagnosis of the first known mistake that `function` agrees with on every input."""
    answers = []
    for case in exercise.cases:
        received, error = _call(function, case)
        if error or _shape_problem(exercise, exercise.oracle(*copy.deepcopy(case)), received):
            return ""
        answers.append(_parts(exercise, received))
    for mistake in exercise.mistakes:
        if all(_agrees(exercise, mistake, case, answer)
               for case, answer in zip(exercise.cases, answers, strict=True)):
            return mistake.diagnosis
    return ""


def _agrees(exercise: Exercise, mistake: Mistake, case: tuple[object, ...],
            answer: list[np.ndarray]) -> bool:
    """True when the answer equals the mistake's answer for this input."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wrong = _parts(exercise, mistake.compute(*copy.deepcopy(case)))
    return all(a.shape == m.shape and np.allclose(a, m, rtol=RTOL, atol=ATOL)
               for a, m in zip(answer, wrong, strict=True))


def _show(value: object) -> str:
    """A value as the verdict prints it: six significant digits, arrays as lists."""
    if isinstance(value, Parameters):
        return "Parameters(" + ", ".join(f"{n}={v:.6g}" for n, v in value.as_dict().items()) + ")"
    if isinstance(value, bool | str) or value is None:
        return repr(value)
    if isinstance(value, int | float | np.floating | np.integer):
        return f"{float(value):.6g}" if isinstance(value, float | np.floating) else str(value)
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _show(value.item())
        return np.array2string(value, precision=6, separator=", ", max_line_width=10**6)
    if isinstance(value, list | tuple):
        inner = ", ".join(_show(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)


# --------------------------------------------------------------------------------------
# The exercises: the package's answer, the inputs, and the traps, chapter by chapter.
# --------------------------------------------------------------------------------------

def _neuron_output(weights: Sequence[float], bias: float, inputs: Sequence[float]) -> float:
    from .neuron import Neuron

    return Neuron(weights, bias).feedforward(inputs)


def _network_output(params: Parameters, x: Sequence[float]) -> float:
    return forward(params, x).o1


def _network_variant(params: Parameters, x: Sequence[float], *, squash_hidden: bool = True,
                     squash_output: bool = True, swap: bool = False) -> float:
    p = params
    x1, x2 = x
    w2, w3 = (p.w3, p.w2) if swap else (p.w2, p.w3)
    h1, h2 = p.w1 * x1 + w2 * x2 + p.b1, w3 * x1 + p.w4 * x2 + p.b2
    if squash_hidden:
        h1, h2 = sigmoid(h1), sigmoid(h2)
    o1 = p.w5 * h1 + p.w6 * h2 + p.b3
    return sigmoid(o1) if squash_output else o1


def _d_L_d_ypred(y_true: float, y_pred: float) -> float:
    # ∂/∂y_pred of (y_true − y_pred)²: the package's sum-of-squares gradient, 2 (ŷ − y).
    from .losses import SumOfSquares

    return float(SumOfSquares().gradient(np.array(y_pred), np.array(y_true)))


def _gradient(params: Parameters, x: Sequence[float], y_true: float) -> Parameters:
    return backprop(params, x, y_true).gradient


def _gradient_variant(params: Parameters, x: Sequence[float], y_true: float, *,
                      sign: float = 1.0, output_slope: bool = True, hidden_slope: bool = True,
                      output_weight: bool = True, slope_of_sum: bool = False) -> list[float]:
    """The nine partial derivatives computed with one mistake (the right ones by default)."""
    p, fp = params, forward(params, x)
    x1, x2 = x

    def slope(total: float, output: float) -> float:
        return total * (1 - total) if slope_of_sum else output * (1 - output)

    d_ypred = sign * -2 * (y_true - fp.o1)
    d_sum_o1 = d_ypred * (slope(fp.sum_o1, fp.o1) if output_slope else 1.0)
    slope_h1 = slope(fp.sum_h1, fp.h1) if hidden_slope else 1.0
    slope_h2 = slope(fp.sum_h2, fp.h2) if hidden_slope else 1.0
    factor_h1 = (p.w5 if output_weight else 1.0) * slope_h1
    factor_h2 = (p.w6 if output_weight else 1.0) * slope_h2
    d_h1, d_h2 = d_sum_o1 * factor_h1, d_sum_o1 * factor_h2
    return [d_h1 * x1, d_h1 * x2, d_h2 * x1, d_h2 * x2, d_sum_o1 * fp.h1, d_sum_o1 * fp.h2,
            d_h1, d_h2, d_sum_o1]


def sgd_step(params: Parameters, x: Sequence[float], y_true: float,
             learning_rate: float) -> Parameters:
    """One step of gradient descent on one sample: ``w ← w − η ∂L/∂w`` for all nine.

    The step the chapter-5 exercise asks for, and the step the training widget takes;
    `backprop` gives the partial derivatives.

    Examples
    --------
    >>> from nnfromscratch.course.backprop import Parameters
    >>> step = sgd_step(Parameters.constant(1, 0), [-2, -1], 1, learning_rate=0.1)
    >>> f"{step.w1:.7f}", f"{step.b3:.7f}"
    ('0.9978530', '0.0237618')
    >>> sgd_step(Parameters.constant(1, 0), [-2, -1], 1, learning_rate="0.1")
    Traceback (most recent call last):
        ...
    TypeError: learning_rate must be a positive number, got '0.1' (str)
    """
    # params, x and y_true are checked at backprop's door.
    learning_rate = check_positive_number(learning_rate, "learning_rate")
    gradient = backprop(params, x, y_true).gradient
    return Parameters.from_array(params.as_array() - learning_rate * gradient.as_array())


def _two_layer_gradients(weights1: np.ndarray, weights2: np.ndarray, x: np.ndarray,
                         y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return TwoLayerNetwork(weights1, weights2).gradients(x, y)


def _two_layer_variant(weights1: np.ndarray, weights2: np.ndarray, x: np.ndarray, y: np.ndarray,
                       *, sign: float = 1.0, scale: float = 1.0,
                       slope_of_sum: bool = False) -> tuple[np.ndarray, np.ndarray]:
    sum1 = x @ weights1
    hidden = sigmoid(sum1)
    sum2 = hidden @ weights2
    y_hat = sigmoid(sum2)
    slope2 = sum2 * (1 - sum2) if slope_of_sum else y_hat * (1 - y_hat)
    slope1 = sum1 * (1 - sum1) if slope_of_sum else hidden * (1 - hidden)
    delta2 = sign * scale * -2 * (y - y_hat) * slope2
    return x.T @ ((delta2 @ weights2.T) * slope1), hidden.T @ delta2


def _tanh_derivative(z: float) -> float:
    return 1 - tanh(z) ** 2


def _softmax(z: Sequence[float]) -> np.ndarray:
    return softmax(np.asarray(z, dtype=float))


_SEEDED = [Parameters.random(rng=seed) for seed in range(3)]
_PEOPLE = [([-2.0, -1.0], 1.0), ([25.0, 6.0], 0.0), ([17.0, 4.0], 0.0), ([-15.0, -6.0], 1.0)]
_NINE_CASES = (
    (Parameters.constant(1.0, 0.0), [-2.0, -1.0], 1.0),  # the worked example
    *((p, x, y) for p in _SEEDED for x, y in _PEOPLE),
)
_TWO_LAYER_CASES = tuple(
    (*(lambda n: (n.weights1, n.weights2))(TwoLayerNetwork.initialise(rng=seed)),
     np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)[rows],
     np.array([[0], [1], [1], [0]], dtype=float)[rows])
    for seed, rows in ((0, slice(None)), (1, slice(None)), (2, slice(0, 1)), (3, slice(1, 3)))
)

_WRONG_SIGN_GRADIENT = (
    "every partial derivative has the wrong sign: ∂L/∂y_pred of (y_true - y_pred)² is "
    "-2 (y_true - y_pred) (the inner derivative of y_true - y_pred is -1)"
)

EXERCISES: dict[str, Exercise] = {
    exercise.name: exercise
    for exercise in (
        # Chapter 1
        Exercise(
            "sigmoid",
            lambda z: sigmoid(float(z)),
            tuple((z,) for z in (-1000.0, -7.0, -2.0, -0.5, 0.0, 0.5, 3.0, 7.0, 1000.0)),
            (Mistake("e^z where the formula has e^(-z): that is σ(-z) = 1 - σ(z), the curve "
                     "mirrored.", lambda z: sigmoid(-z)),),
            overflow="e^(-z) overflows for large negative z (e^1000 is too big for a float): "
                     "for z < 0 compute the same number as e^z / (1 + e^z).",
        ),
        Exercise(
            "sigmoid_derivative",
            lambda z: sigmoid_derivative_from_sum(float(z)),
            tuple((z,) for z in (-6.0, -2.0, -0.5, 0.0, 0.3, 0.5, 0.9, 2.0, 6.0)),
            (
                Mistake("the output form a (1 - a) applied to the weighted sum z; use "
                        "σ(z) (1 - σ(z)).", lambda z: z * (1 - z)),
                Mistake("σ(z) without the factor (1 - σ(z)): that is the output, not the slope.",
                        lambda z: sigmoid(z)),
            ),
        ),
        Exercise(
            "neuron_output",
            _neuron_output,
            (([0.0, 1.0], 4.0, [2.0, 3.0]), ([0.0, 1.0], 0.0, [2.0, 3.0]),
             ([0.5, -1.0], 1.0, [2.0, 3.0]), ([-2.0, 0.3], -0.5, [1.0, -4.0]),
             ([1.0, 1.0], 0.0, [-2.0, -1.0])),
            (
                Mistake("the bias is missing: the sum is w · x + b.",
                        lambda w, b, x: sigmoid(float(np.dot(w, x)))),
                Mistake("that is the weighted sum z = w · x + b; the output is f(z), the "
                        "sigmoid of it.", lambda w, b, x: float(np.dot(w, x) + b)),
            ),
        ),
        # Chapter 2
        Exercise(
            "network_output",
            _network_output,
            tuple((p, x) for p in (Parameters.constant(1.0, 0.0), *_SEEDED) for x, _ in _PEOPLE),
            (
                Mistake("the hidden neurons' sums go to o1 without the sigmoid: o1's inputs "
                        "are h1 = f(sum_h1) and h2 = f(sum_h2).",
                        lambda p, x: _network_variant(p, x, squash_hidden=False)),
                Mistake("that is the output neuron's sum; the prediction is f of it.",
                        lambda p, x: _network_variant(p, x, squash_output=False)),
                Mistake("w2 and w3 are swapped: h1 = f(w1 x1 + w2 x2 + b1) and "
                        "h2 = f(w3 x1 + w4 x2 + b2).",
                        lambda p, x: _network_variant(p, x, swap=True)),
            ),
        ),
        # Chapter 3
        Exercise(
            "mse_loss",
            mse_loss,
            (([1, 0, 0, 1], [0, 0, 0, 0]), ([1], [0.524]), ([1, 0, 0, 1], [0.9, 0.2, 0.1, 0.7]),
             ([0, 1, 1], [0.5, 0.5, 0.25])),
            (
                Mistake("summed where it should be averaged: divide by the number of samples.",
                        sum_of_squares_loss),
                Mistake("the errors are not squared: the mean of |y_true - y_pred| is another "
                        "loss (the mean absolute error).",
                        lambda t, p: float(np.mean(np.abs(np.subtract(t, p))))),
                Mistake("the square root of the mean squared error (the RMSE); the loss is "
                        "the mean itself.", lambda t, p: float(np.sqrt(mse_loss(t, p)))),
            ),
        ),
        Exercise(
            "sum_of_squares_loss",
            sum_of_squares_loss,
            (([1, 0, 0, 1], [0, 0, 0, 0]), ([1, 0, 0, 1], [0.9, 0.2, 0.1, 0.7]),
             ([0, 1, 1], [0.5, 0.5, 0.25])),
            (
                Mistake("averaged where it should be summed: this loss is the total, n times "
                        "the mean.", mse_loss),
            ),
        ),
        # Chapter 4
        Exercise(
            "d_L_d_ypred",
            _d_L_d_ypred,
            ((1.0, 0.524), (1.0, 0.9), (0.0, 0.3), (0.0, 0.95), (1.0, 0.1)),
            (
                Mistake("the wrong sign: the inner derivative of (y_true - y_pred) with respect "
                        "to y_pred is -1, so ∂L/∂y_pred = -2 (y_true - y_pred).",
                        lambda t, p: 2 * (t - p)),
                Mistake("the factor 2 from the square is missing: ∂/∂u of u² is 2u.",
                        lambda t, p: -(t - p)),
            ),
        ),
        Exercise(
            "gradient",
            _gradient,
            _NINE_CASES,
            (
                Mistake(_WRONG_SIGN_GRADIENT, lambda p, x, y: _gradient_variant(p, x, y, sign=-1)),
                Mistake("a missing chain factor: the output neuron's slope f'(sum_o1) is "
                        "missing from every product.",
                        lambda p, x, y: _gradient_variant(p, x, y, output_slope=False)),
                Mistake("a missing chain factor: the hidden neurons' slopes f'(sum_h1) and "
                        "f'(sum_h2) are missing from the derivatives of w1 to w4, b1 and b2.",
                        lambda p, x, y: _gradient_variant(p, x, y, hidden_slope=False)),
                Mistake("a missing chain factor: ∂y_pred/∂h1 is w5 f'(sum_o1) (and ∂y_pred/∂h2 "
                        "is w6 f'(sum_o1)); the weight is missing.",
                        lambda p, x, y: _gradient_variant(p, x, y, output_weight=False)),
                Mistake("the output form a (1 - a) applied to the weighted sums: the slopes "
                        "want each neuron's output, f'(s) = f(s) (1 - f(s)).",
                        lambda p, x, y: _gradient_variant(p, x, y, slope_of_sum=True)),
            ),
            parts=Parameters.NAMES,
        ),
        # Chapter 5
        Exercise(
            "sgd_step",
            sgd_step,
            tuple((p, x, y, rate) for (p, x, y), rate in zip(
                _NINE_CASES, (0.1, 0.1, 0.5, 0.1, 1.0, 0.1, 0.1, 0.05, 0.1, 0.1, 0.2, 0.1, 0.1),
                strict=True)),
            (
                Mistake("a step uphill: w ← w - η ∂L/∂w subtracts the gradient.",
                        lambda p, x, y, r: p.as_array() + r * _gradient(p, x, y).as_array()),
                Mistake("the learning rate η is missing: w ← w - η ∂L/∂w.",
                        lambda p, x, y, r: p.as_array() - _gradient(p, x, y).as_array()),
                Mistake("that is the change -η ∂L/∂w; the step returns the new weights, "
                        "w - η ∂L/∂w.",
                        lambda p, x, y, r: -r * _gradient(p, x, y).as_array()),
            ),
            parts=Parameters.NAMES,
        ),
        # Chapter 6
        Exercise(
            "two_layer_gradients",
            _two_layer_gradients,
            _TWO_LAYER_CASES,
            (
                Mistake("the wrong sign: these are the article's d_weights, the negative "
                        "gradient (it adds them); ∂L/∂y_hat is -2 (y - y_hat).",
                        lambda w1, w2, x, y: _two_layer_variant(w1, w2, x, y, sign=-1)),
                Mistake("averaged where it should be summed: the loss is the sum of squares "
                        "over the rows, not their mean.",
                        lambda w1, w2, x, y: _two_layer_variant(w1, w2, x, y, scale=1 / len(x))),
                Mistake("the output form a (1 - a) applied to the weighted sums x · W1 and "
                        "hidden · W2: apply it to the layers' outputs.",
                        lambda w1, w2, x, y: _two_layer_variant(w1, w2, x, y, slope_of_sum=True)),
            ),
            parts=("d_weights1", "d_weights2"),
        ),
        # Beyond: activations, cross-entropy and optimisers
        Exercise(
            "tanh_derivative",
            _tanh_derivative,
            tuple((z,) for z in (-3.0, -1.0, -0.5, 0.2, 0.5, 0.9, 2.0)),
            (
                Mistake("the output form 1 - a² applied to the weighted sum z; it wants the "
                        "output a = tanh(z).", lambda z: 1 - z**2),
                Mistake("the sigmoid's slope σ(z) (1 - σ(z)); tanh's is 1 - tanh(z)².",
                        sigmoid_derivative_from_sum),
            ),
        ),
        Exercise(
            "softmax",
            _softmax,
            (([1.0, 2.0, 3.0],), ([0.0, 0.0],), ([-1.0, 0.5, 2.0, 0.0],), ([1000.0, 1001.0],),
             ([-1000.0, 0.0, 1000.0],)),
            (
                Mistake("not divided by the sum: the exponentials must add up to 1.",
                        lambda z: np.exp(np.subtract(z, np.max(z)))),
            ),
            overflow="e^1000 overflows: subtract the largest score from every score first; "
                     "the factor e^(-max) cancels, so the answer is the same.",
        ),
        # Beyond: reading handwritten digits
        Exercise(
            "one_hot",
            one_hot,
            (([2, 0, 1], 3), ([0, 0], 2), ([3, 1, 4, 1, 5], 10), ([9], 10)),
            (
                Mistake("off by one: label k goes in column k, counting from 0.",
                        lambda labels, k: np.eye(k)[[(label + 1) % k for label in labels]]),
            ),
        ),
        Exercise(
            "accuracy",
            accuracy,
            (([0, 1, 2, 2], [0, 1, 1, 2]), ([3, 3, 3], [3, 3, 3]), ([1, 0], [0, 1]),
             ([5, 6, 7, 8, 9], [5, 6, 0, 8, 0])),
            (
                Mistake("the number of right answers; the accuracy is that number divided by "
                        "the number of samples.",
                        lambda t, p: float(np.sum(np.equal(t, p)))),
                Mistake("a percentage; the accuracy here is a fraction between 0 and 1.",
                        lambda t, p: 100 * accuracy(t, p)),
                Mistake("the fraction of wrong answers (the error rate), not of right ones.",
                        lambda t, p: 1 - accuracy(t, p)),
            ),
        ),
    )
}
