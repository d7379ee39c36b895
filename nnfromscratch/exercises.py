"""A grader for the chapters' exercises: your code against the course's own oracles.

``check("sigmoid", sigmoid)`` calls your ``sigmoid`` on a fixed set of inputs and compares
every answer with what the package computes for the same inputs. A right answer gets one
line. A wrong one gets the first input where it differs, the expected and the received
value and, when your answers match one of the known slips on every input, what the slip
is: a missing bias, a sum where a mean belongs, a factor ``(1 - s)`` forgotten, a gradient
with the wrong sign. A function that returns nothing is told so.

A diagnosis is never a guess from one number: each slip is the oracle computed with that
one mistake made, and it is named only when your code agrees with it on every input. An
answer that is wrong in a way no slip explains gets the numbers and no diagnosis.

Warnings your code gives on the way (NumPy's "overflow encountered in exp" when the
textbook sigmoid meets ``x = -1000``) do not fail it: the answer counts, and the warnings
are kept in the verdict's ``notes``. `EXERCISES` lists the exercises by name, and says for
each what `check` expects: a function, a class (``Neuron``), or a bound method
(``network.train``).

Examples
--------
>>> import numpy as np
>>> def sigmoid(x):
...     return 1 / (1 + np.exp(-x))
>>> check("sigmoid", sigmoid)
sigmoid: right on all 9 inputs.
>>> def deriv_sigmoid(x):
...     s = sigmoid(x)
...     s * (1 - s)
>>> check("deriv_sigmoid", deriv_sigmoid)
deriv_sigmoid: returned None at x=-6.
Did you forget the return?
>>> def mse_loss(y_true, y_pred):
...     return ((y_true - y_pred) ** 2).sum()
>>> check("mse_loss", mse_loss)
mse_loss: wrong at y_true=[1, 0, 0, 1], y_pred=[0, 0, 0, 0]:
expected 0.5, got 2.
Diagnosis: summed where it should be averaged: divide by the
number of samples.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import inspect
import io
import math
import numbers
import re
import textwrap
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._checks import check_positive_number
from .course.activations import sigmoid, sigmoid_derivative_from_sum, softmax, tanh
from .course.backprop import Parameters, backprop, forward
from .course.datasets import people, two_layer_data
from .course.losses import SumOfSquares, mse_loss, sum_of_squares_loss
from .course.network import NeuronNetwork
from .course.neuron import Neuron
from .course.training import train_sgd
from .course.two_layer import TwoLayerNetwork
from .general.metrics import accuracy, one_hot

__all__ = ["EXERCISES", "Exercise", "Mistake", "Verdict", "check", "sgd_step"]

# Two answers agree when they differ by no more than rounding: a learner's formula may
# associate the same operations differently from the package's.
RTOL, ATOL = 1e-9, 1e-12
# A verdict's lines fit a phone's screen.
WIDTH = 60


@dataclass(frozen=True)
class Mistake:
    """A known slip: the answer computed with that one mistake, and what to say about it.

    ``compute`` takes the same arguments as the exercise's oracle.
    """

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
        The package's answer, called with one case's arguments; unless `show` says
        otherwise, its parameter names are how a verdict names the inputs.
    cases : tuple of tuple
        The argument tuples, in the order they are tried.
    mistakes : tuple of Mistake
        The known slips.
    parts : tuple of str, optional
        For an answer made of separate values (nine partial derivatives, two gradient
        matrices): their names, so that a verdict can say which one differs. A ``{}`` in a
        name marks where an element's index goes (``"weights1{} after step 1"``).
    overflow : str, optional
        The diagnosis when the learner's code overflowed there (an OverflowError, or an
        overflow warning and an answer that is not finite).
    kind : {"function", "class", "method"}
        What `check` expects: a function, a class, or a bound method.
    run : callable, optional
        How the learner's code is run on one case: ``run(thing, *case)`` gives the answer.
        By default ``thing(*case)``.
    show : callable, optional
        How a case is written in a verdict: ``show(*case)``.
    unit : str
        What the right verdict counts: ``"inputs"`` in ``right on all 9 inputs``.
    count : int, optional
        The number in that verdict, when it is not the number of cases.
    returner : str
        What returned None, in a verdict: "" for the function itself, else the method.
    quiet : bool
        Swallow what the learner's code prints (a training loop prints a hundred lines).
    """

    name: str
    oracle: Callable[..., object]
    cases: tuple[tuple[object, ...], ...]
    mistakes: tuple[Mistake, ...] = ()
    parts: tuple[str, ...] | None = None
    overflow: str | None = None
    kind: str = "function"
    run: Callable[..., object] | None = None
    show: Callable[..., str] | None = None
    unit: str = "inputs"
    count: int | None = None
    returner: str = ""
    quiet: bool = False

    def argument_names(self) -> list[str]:
        """The oracle's parameter names: how a verdict names the inputs."""
        return list(inspect.signature(self.oracle).parameters)

    def describe(self, case: tuple[object, ...]) -> str:
        """One case as a verdict writes it, ``name=value, ...``."""
        if self.show is not None:
            return self.show(*case)
        names = self.argument_names()
        return ", ".join(f"{n}={_show(v)}" for n, v in zip(names, case, strict=True))


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
        When it passed, how many were right (the number in ``right on all N inputs``);
        otherwise, the position of the first wrong input.
    arguments : str
        The first input where the answer was wrong, as ``name=value, ...``.
    expected, received : str
        The right answer there and the answer received, as shown in the message.
    problem : str
        What went wrong, when it was not a wrong number (an error, a wrong shape).
    diagnosis : str
        The known slip that explains every wrong answer, if one does.
    part : str
        Which part of the answer differs (``w1``), for answers of several parts.
    notes : tuple of str
        Warnings the code gave, at which input. They do not change the verdict.
    unit : str
        What a right verdict counts (``inputs``).
    returned_none : str
        When the code returned None: what did (the function, ``feedforward``).

    Examples
    --------
    The textbook sigmoid overflows in ``np.exp`` at ``x = -1000`` and still gives the
    right answer, 0: it passes, and the warning is kept as a note.

    >>> verdict = check("sigmoid", lambda x: 1 / (1 + np.exp(-x)))
    >>> bool(verdict), verdict.inputs
    (True, 9)
    >>> verdict.notes
    ('at x=-1000: RuntimeWarning: overflow encountered in exp',)
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
    notes: tuple[str, ...] = ()
    unit: str = "inputs"
    returned_none: str = ""

    def __bool__(self) -> bool:
        return self.passed

    @property
    def message(self) -> str:
        """The verdict in words, in lines of at most about 60 characters."""
        if self.passed:
            return f"{self.exercise}: right on all {self.inputs} {self.unit}."
        if self.returned_none:
            who = "" if self.returned_none == "function" else f"{self.returned_none} "
            lines = _wrap(f"{self.exercise}: {who}returned None at {self.arguments}.")
            lines.append("Did you forget the return?")
            return "\n".join(lines)
        which = f" in {self.part}" if self.part else ""
        lines = _wrap(f"{self.exercise}: wrong at {self.arguments}{which}:")
        if self.problem:
            lines += _wrap(f"{self.problem}.")
        else:
            lines += _wrap(f"expected {self.expected}, got {self.received}.")
        if self.diagnosis:
            lines += _wrap(f"Diagnosis: {self.diagnosis}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message

    # The message is what a notebook or the interpreter shows for a verdict.
    __repr__ = __str__


def check(name: str, function: Callable[..., object]) -> Verdict:
    """Check your code against the course's answer for exercise `name`.

    Parameters
    ----------
    name : str
        One of `EXERCISES`.
    function : callable
        Your code: a function (``sigmoid``), a class (``Neuron``) or a bound method
        (``network.feedforward``), as the exercise says.

    Returns
    -------
    Verdict
        Shown as a message: right on every input, or the first wrong one with the
        expected and received values and, for a known slip, a diagnosis.

    Raises
    ------
    TypeError
        If `name` is not a string, or `function` is not what the exercise takes.
    ValueError
        If `name` is not an exercise.

    Examples
    --------
    >>> class Neuron:
    ...     def __init__(self, weights, bias):
    ...         self.weights = weights
    ...         self.bias = bias
    ...     def feedforward(self, x):
    ...         return np.dot(self.weights, x) + self.bias
    >>> check("Neuron", Neuron)
    Neuron: wrong at weights=[0, 1], bias=4, x=[2, 3]:
    expected 0.999089, got 7.
    Diagnosis: that is the sum w · x + b; the output is
    sigmoid(w · x + b).
    >>> check("Neuron", Neuron([0, 1], 4))
    Traceback (most recent call last):
        ...
    TypeError: function must be a class for 'Neuron' (the class itself, not Neuron(...)), got Neuron
    >>> check(123, Neuron)
    Traceback (most recent call last):
        ...
    TypeError: name must be a str (an exercise's name), got int
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str (an exercise's name), got {type(name).__name__}")
    if name not in EXERCISES:
        known = ", ".join(sorted(EXERCISES, key=str.lower))
        lower = {key.lower(): key for key in EXERCISES}
        close = difflib.get_close_matches(name.lower(), lower, n=1)
        hint = f". Did you mean {lower[close[0]]!r}?" if close else ""
        raise ValueError(f"name must be one of the exercises ({known}), got {name!r}{hint}")
    exercise = EXERCISES[name]
    _check_kind(exercise, function)
    notes: list[str] = []
    answers = []
    for tried, case in enumerate(exercise.cases, start=1):
        expected = _expected(exercise, tried - 1)
        shown_case = exercise.describe(case)
        received, error, caught = _call(exercise, function, case)
        notes += [f"at {shown_case}: {text}" for text in caught]
        overflowed = "OverflowError" in error or any("overflow" in t for t in caught)
        if error:
            diagnosis = exercise.overflow if "OverflowError" in error else ""
            diagnosis = diagnosis or _array_diagnosis(error, case)
            return Verdict(name, False, tried, shown_case, problem=error, diagnosis=diagnosis or "",
                           notes=tuple(notes))
        if received is None:
            return Verdict(name, False, tried, shown_case, notes=tuple(notes),
                           returned_none=exercise.returner or "function")
        answers.append(received)
        problem = _shape_problem(exercise, expected, received)
        difference = None if problem else _first_difference(exercise, expected, received)
        if not problem and difference is None:
            continue
        # Wrong here: the rest of the answers, then the slip that explains all of them.
        diagnosis = _diagnose(exercise, function, answers)
        if not diagnosis and overflowed and not _finite(received):
            diagnosis = exercise.overflow or ""
        if problem:
            return Verdict(name, False, tried, shown_case, problem=problem,
                           diagnosis=diagnosis, notes=tuple(notes))
        part, right, wrong = difference  # type: ignore[misc]
        shown_right, shown_wrong = _show_pair(right, wrong)
        return Verdict(name, False, tried, shown_case, shown_right, shown_wrong,
                       diagnosis=diagnosis, part=part, notes=tuple(notes))
    count = exercise.count if exercise.count is not None else len(exercise.cases)
    return Verdict(name, True, count, notes=tuple(notes), unit=exercise.unit)


_KINDS = {
    "class": (inspect.isclass, "a class for {name!r} (the class itself, not {name}(...))"),
    "method": (inspect.ismethod,
               "a bound method for {name!r}, such as network.{name} (of an object)"),
    "function": (callable, "a function"),
}


def _check_kind(exercise: Exercise, function: object) -> None:
    test, wanted = _KINDS[exercise.kind]
    if not test(function):
        raise TypeError(f"function must be {wanted.format(name=exercise.name)}, "
                        f"got {type(function).__name__}")


_EXPECTED: dict[tuple[str, int], object] = {}


def _expected(exercise: Exercise, index: int) -> object:
    """The oracle's answer for case `index`, computed once."""
    key = (exercise.name, index)
    if key not in _EXPECTED:
        _EXPECTED[key] = exercise.oracle(*copy.deepcopy(exercise.cases[index]))
    return _EXPECTED[key]


def _call(exercise: Exercise, function: Callable[..., object],
          case: tuple[object, ...]) -> tuple[object, str, list[str]]:
    """The learner's answer for one case, the error it raised ('' if none), its warnings."""
    arguments = copy.deepcopy(case)
    printed = (contextlib.redirect_stdout(io.StringIO()) if exercise.quiet
               else contextlib.nullcontext())
    with warnings.catch_warnings(record=True) as caught, printed:
        warnings.simplefilter("always")
        try:
            if exercise.run is None:
                answer = function(*arguments)
            else:
                answer = exercise.run(function, *arguments)
            error = ""
        except Exception as problem:  # the learner's code may raise anything; report it
            answer, error = None, f"raised {type(problem).__name__}: {problem}"
    texts = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    return answer, error, texts


def _finite(answer: object) -> bool:
    try:
        return all(bool(np.all(np.isfinite(part))) for part in _flat_parts(answer))
    except (TypeError, ValueError):
        return False


def _flat_parts(answer: object) -> list[np.ndarray]:
    if isinstance(answer, tuple | list) and any(
            isinstance(part, np.ndarray) and part.ndim > 0 for part in answer):
        return [np.asarray(part, dtype=float) for part in answer]
    return [np.asarray(answer, dtype=float)]


def _array_diagnosis(error: str, case: tuple[object, ...]) -> str:
    """Why a function of one number failed on an array input, when the error says so."""
    if not any(isinstance(v, np.ndarray) and v.size > 1 for v in case):
        return ""
    if "arrays can be converted to Python scalars" in error:
        return ("this input is a NumPy array, and math.exp (or float) takes one number; "
                "np.exp works on a whole array, element by element.")
    if "truth value of an array with more than one element is ambiguous" in error:
        return ("this input is a NumPy array, and an if on it has no single truth value; "
                "work element by element (np.exp, np.where).")
    return ""


def _parts(exercise: Exercise, answer: object) -> list[np.ndarray]:
    if exercise.parts is None:
        return [np.asarray(answer, dtype=float)]
    return [np.asarray(part, dtype=float) for part in answer]  # type: ignore[attr-defined]


def _shape_problem(exercise: Exercise, expected: object, received: object) -> str:
    """Why `received` cannot be compared with `expected` at all ('' when it can)."""
    count = len(exercise.parts) if exercise.parts else 1
    if isinstance(received, str | bytes):  # NumPy would read "0.5" as a number
        return f"expected numbers, got {_show(received)}"
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
            label = f"{_part_name(name, '')} of " if name else ""
            if right.shape == ():
                return f"expected {label}one number, got an array of shape {answer.shape}"
            return f"expected {label}shape {right.shape}, got shape {answer.shape}"
    return ""


def _part_name(template: str, index: str) -> str:
    return template.format(index) if "{}" in template else template + index


def _first_difference(
    exercise: Exercise, expected: object, received: object
) -> tuple[str, object, object] | None:
    """The first part (and element of a large array) where the answers differ."""
    names = exercise.parts or ("",)
    pairs = zip(_parts(exercise, expected), _parts(exercise, received), strict=True)
    for name, (right, answer) in zip(names, pairs, strict=True):
        close = np.isclose(answer, right, rtol=RTOL, atol=ATOL)
        if np.all(close):
            continue
        if right.size <= 4 and right.ndim <= 1:
            return _part_name(name, ""), right, answer
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        label = "[" + ", ".join(map(str, index)) + "]"
        return _part_name(name or "element", label), right[index], answer[index]
    return None


def _diagnose(exercise: Exercise, function: Callable[..., object],
              answers: list[object]) -> str:
    """The first known slip that the learner's code agrees with on every case."""
    if not exercise.mistakes:
        return ""
    for case in exercise.cases[len(answers):]:
        received, error, _ = _call(exercise, function, case)
        if error or received is None:
            return ""
        answers.append(received)
    for index, mistake in enumerate(exercise.mistakes):
        if all(_agrees(exercise, index, i, answer) for i, answer in enumerate(answers)):
            return mistake.diagnosis
    return ""


_SLIPS: dict[tuple[str, int, int], object] = {}


def _agrees(exercise: Exercise, mistake: int, case: int, answer: object) -> bool:
    """True when the answer equals the slip's answer for this case."""
    key = (exercise.name, mistake, case)
    if key not in _SLIPS:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            compute = exercise.mistakes[mistake].compute
            _SLIPS[key] = compute(*copy.deepcopy(exercise.cases[case]))
    try:
        wrong, got = _flat_parts(_SLIPS[key]), _flat_parts(answer)
    except (TypeError, ValueError):
        return False
    return len(wrong) == len(got) and all(
        a.shape == m.shape and np.allclose(a, m, rtol=RTOL, atol=ATOL, equal_nan=True)
        for a, m in zip(got, wrong, strict=True))


def _show(value: object, digits: int = 6) -> str:
    """A value as a verdict prints it: six significant digits, arrays as lists."""
    if isinstance(value, Parameters):
        return "Parameters(" + ", ".join(f"{n}={_show(v, digits)}"
                                         for n, v in value.as_dict().items()) + ")"
    if isinstance(value, bool | str | np.bool_) or value is None:
        return repr(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value) + 0.0:.{digits}g}"  # + 0.0: no "-0"
    if isinstance(value, np.ndarray):
        return _show(value.tolist(), digits) if value.dtype.kind in "biuf" else repr(value)
    if isinstance(value, list | tuple):
        inner = ", ".join(_show(v, digits) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)


def _show_pair(right: object, wrong: object) -> tuple[str, str]:
    """Expected and received, with as many digits as it takes to tell them apart."""
    for digits in (6, 9, 12, 17):
        shown = _show(right, digits), _show(wrong, digits)
        if shown[0] != shown[1]:
            break
    return shown


def _wrap(text: str) -> list[str]:
    """Lines of at most `WIDTH` characters, not breaking a short bracketed value."""
    kept, opened = list(text), []
    for i, char in enumerate(text):
        if char in "([":
            opened.append(i)
        elif char in ")]" and opened:
            start = opened.pop()
            if i - start < 40:
                kept[start:i] = ["\0" if c == " " else c for c in kept[start:i]]
    # Nor a formula: "1 / (1 + np.exp(-x))" stays on one line.
    joined = re.sub(r" ([-+*/]) (?=[\w(])", "\0\\1\0", "".join(kept))
    lines = textwrap.wrap(joined, WIDTH, break_long_words=False, break_on_hyphens=False)
    return [line.replace("\0", " ") for line in lines]


# --------------------------------------------------------------------------------------
# Running a learner's class or method on one case.
# --------------------------------------------------------------------------------------

def _run_neuron(cls: type, weights: np.ndarray, bias: float, x: np.ndarray) -> object:
    return cls(weights, bias).feedforward(x)


def _clone_with(method: Any, params: Sequence[float]) -> Any:
    """`method` bound to a copy of its object, whose w1..b3 are set to `params`."""
    try:
        clone = copy.deepcopy(method.__self__)
    except Exception:  # an object that cannot be deep-copied (it holds a file, say)
        clone = copy.copy(method.__self__)
    for name, value in zip(Parameters.NAMES, params, strict=True):
        setattr(clone, name, float(value))
    return method.__func__.__get__(clone, type(clone))


def _run_feedforward(method: Any, params: Sequence[float], x: np.ndarray) -> object:
    return _clone_with(method, params)(x)


def _run_train(method: Any, params: Sequence[float], data: np.ndarray,
               y_trues: np.ndarray) -> list[float]:
    train = _clone_with(method, params)
    train(data, y_trues)
    return [getattr(train.__self__, name) for name in Parameters.NAMES]


def _snapshot(network: Any) -> list[np.ndarray]:
    return [np.array(network.weights1, dtype=float), np.array(network.weights2, dtype=float)]


def _run_two_layer(cls: type, x: np.ndarray, y: np.ndarray, seed: int,
                   steps: int) -> list[np.ndarray]:
    network = cls(x, y, np.random.default_rng(seed))
    weights = _snapshot(network)
    for _ in range(steps):
        network.feedforward()
        network.backprop()
        weights += _snapshot(network)
    return weights


# --------------------------------------------------------------------------------------
# The oracles and the slips they are held against.
# --------------------------------------------------------------------------------------

def _neuron_output(weights: Sequence[float], bias: float, inputs: Sequence[float]) -> float:
    return Neuron(weights, bias).feedforward(inputs)


def _network_output(params: Parameters, x: Sequence[float]) -> float:
    return forward(params, x).o1


def _network_variant(params: Sequence[float], x: Sequence[float], *, squash_hidden: bool = True,
                     squash_output: bool = True, swap: bool = False,
                     swap_inputs: bool = False) -> float:
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = (float(v) for v in params)
    x1, x2 = (x[1], x[0]) if swap_inputs else (x[0], x[1])
    w2, w3 = (w3, w2) if swap else (w2, w3)
    h1, h2 = w1 * x1 + w2 * x2 + b1, w3 * x1 + w4 * x2 + b2
    if squash_hidden:
        h1, h2 = sigmoid(float(h1)), sigmoid(float(h2))
    o1 = w5 * h1 + w6 * h2 + b3
    return sigmoid(float(o1)) if squash_output else o1


def _d_L_d_ypred(y_true: float, y_pred: float) -> float:
    # ∂/∂y_pred of (y_true − y_pred)²: the package's sum-of-squares gradient, 2 (ŷ − y).
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


def _train(params: Sequence[float], data: np.ndarray, y_trues: np.ndarray) -> list[float]:
    """The reference: `train_sgd` at learning rate 0.1 for 1000 epochs."""
    start = Parameters(*(float(v) for v in params))
    return list(train_sgd(start, data, y_trues, learning_rate=0.1, epochs=1000).params)


def _train_variant(params: Sequence[float], data: np.ndarray, y_trues: np.ndarray, *,
                   sign: float = 1.0, rate: float = 0.1, output_slope: bool = True,
                   hidden_slope: bool = True, output_weight: bool = True,
                   slope_of_output: bool = False, moves: bool = True) -> list[float]:
    """The nine numbers after a training run with one mistake (right ones by default)."""
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = (float(v) for v in params)
    if not moves:
        return [w1, w2, w3, w4, w5, w6, b1, b2, b3]
    def f(v: float) -> float:  # the sigmoid, without overflow (and without the door)
        return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))

    def slope(total: float, output: float) -> float:
        # f'(s) = f(s) (1 - f(s)); the slip takes f of the output again.
        a = f(output) if slope_of_output else output
        return a * (1 - a)

    for _ in range(1000):
        for (x1, x2), y_true in zip(data.tolist(), y_trues.tolist(), strict=True):
            s1 = w1 * x1 + w2 * x2 + b1
            s2 = w3 * x1 + w4 * x2 + b2
            h1, h2 = f(s1), f(s2)
            so = w5 * h1 + w6 * h2 + b3
            o1 = f(so)
            d_o1 = sign * -2 * (y_true - o1) * (slope(so, o1) if output_slope else 1.0)
            d_h1 = d_o1 * (w5 if output_weight else 1.0) * (slope(s1, h1) if hidden_slope else 1.0)
            d_h2 = d_o1 * (w6 if output_weight else 1.0) * (slope(s2, h2) if hidden_slope else 1.0)
            w1, w2, b1 = w1 - rate * d_h1 * x1, w2 - rate * d_h1 * x2, b1 - rate * d_h1
            w3, w4, b2 = w3 - rate * d_h2 * x1, w4 - rate * d_h2 * x2, b2 - rate * d_h2
            w5, w6, b3 = w5 - rate * d_o1 * h1, w6 - rate * d_o1 * h2, b3 - rate * d_o1
    return [w1, w2, w3, w4, w5, w6, b1, b2, b3]


def _two_layer_run(x: np.ndarray, y: np.ndarray, seed: int, steps: int) -> list[np.ndarray]:
    """The reference: `TwoLayerNetwork` drawn from `seed`, then `steps` steps of descent."""
    network = TwoLayerNetwork.initialise(n_inputs=x.shape[1], n_hidden=4,
                                         rng=np.random.default_rng(seed))
    weights = _snapshot(network)
    for _ in range(steps):
        d_weights1, d_weights2 = network.gradients(x, y)
        network.weights1 = network.weights1 - d_weights1
        network.weights2 = network.weights2 - d_weights2
        weights += _snapshot(network)
    return weights


def _two_layer_run_variant(x: np.ndarray, y: np.ndarray, seed: int, steps: int, *,
                           sign: float = 1.0, scale: float = 1.0,
                           slope_of_output: bool = False,
                           weights2_first: bool = False) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    if weights2_first:
        weights2 = rng.random((4, 1))
        weights1 = rng.random((x.shape[1], 4))
    else:
        weights1 = rng.random((x.shape[1], 4))
        weights2 = rng.random((4, 1))
    snapshots = [weights1.copy(), weights2.copy()]

    def slope(a: np.ndarray) -> np.ndarray:
        a = sigmoid(a) if slope_of_output else a
        return a * (1 - a)

    for _ in range(steps):
        d_w1, d_w2 = _two_layer_variant(weights1, weights2, x, y, sign=sign, scale=scale,
                                        slope=slope)
        weights1, weights2 = weights1 - d_w1, weights2 - d_w2
        snapshots += [weights1.copy(), weights2.copy()]
    return snapshots


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


def _output_slope(a: np.ndarray) -> np.ndarray:
    return a * (1 - a)


def _two_layer_variant(weights1: np.ndarray, weights2: np.ndarray, x: np.ndarray, y: np.ndarray,
                       *, sign: float = 1.0, scale: float = 1.0, slope_of_sum: bool = False,
                       slope: Callable[[np.ndarray], np.ndarray] = _output_slope,
                       ) -> tuple[np.ndarray, np.ndarray]:
    sum1 = x @ weights1
    hidden = sigmoid(sum1)
    sum2 = hidden @ weights2
    y_hat = sigmoid(sum2)
    slope2 = sum2 * (1 - sum2) if slope_of_sum else slope(y_hat)
    slope1 = sum1 * (1 - sum1) if slope_of_sum else slope(hidden)
    delta2 = sign * scale * -2 * (y - y_hat) * slope2
    return x.T @ ((delta2 @ weights2.T) * slope1), hidden.T @ delta2


def _tanh_derivative(z: float) -> float:
    return 1 - tanh(z) ** 2


def _softmax(z: Sequence[float]) -> np.ndarray:
    return softmax(np.asarray(z, dtype=float))


def _show_nine(params: Sequence[float]) -> str:
    return "w1..b3=" + _show(list(params))


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
# Starting weights w1..b3 with few digits, so that a verdict can show them: the worked
# example's (all weights 1, biases 0), and two uneven ones (near the chapter's seed 0).
_STARTS = (
    (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0),
    (0.1, -0.1, 0.6, 0.1, -0.5, 0.4, 1.3, 0.9, -0.7),
    (-0.8, 0.5, 0.3, -1.2, 0.7, -0.4, 0.2, -0.6, 0.1),
)
_STEPS = 3  # steps of the two-layer network compared after its start

_WRONG_SIGN_GRADIENT = (
    "every partial derivative has the wrong sign: ∂L/∂y_pred of (y_true - y_pred)² is "
    "-2 (y_true - y_pred) (the inner derivative of y_true - y_pred is -1)"
)
_SIGMOID_OVERFLOW = (
    "e^1000 is too big for a float: math.exp (and **) raise OverflowError, np.exp gives "
    "inf. Write 1 / (1 + np.exp(-x)): 1 / (1 + inf) is 0, the right answer."
)

EXERCISES: dict[str, Exercise] = {
    exercise.name: exercise
    for exercise in (
        # Chapter 1: the learner's sigmoid and Neuron
        Exercise(
            "sigmoid",
            lambda x: sigmoid(np.asarray(x, dtype=float)),
            # The numbers a neuron's sum gives (Python and NumPy scalars, as the chapter's
            # code makes them), both extremes, and an array.
            ((-1000.0,), (-7.0,), (np.float64(-2.0),), (-0.5,), (0,), (np.int64(3),), (7.0,),
             (1000.0,), (np.array([-3.0, 0.0, 3.0]),)),
            (
                Mistake("that is sigmoid(-x) = 1 - sigmoid(x), the curve mirrored: "
                        "the sigmoid is 1 / (1 + np.exp(-x)).",
                        lambda x: sigmoid(-np.asarray(x, dtype=float))),
                Mistake("that is the denominator 1 + e^(-x); the sigmoid is 1 divided "
                        "by all of it, 1 / (1 + np.exp(-x)) (1 / 1 + ... divides by 1 only).",
                        lambda x: 1 + np.exp(-np.asarray(x, dtype=float))),
                Mistake("1 - e^(-x) where the formula has 1 + e^(-x).",
                        lambda x: 1 / (1 - np.exp(-np.asarray(x, dtype=float)))),
            ),
            overflow=_SIGMOID_OVERFLOW,
        ),
        Exercise(
            "Neuron",
            _neuron_output,
            tuple((np.array(w), b, np.array(x)) for w, b, x in (
                ([0, 1], 4, [2, 3]), ([0, 1], 0, [2, 3]), ([0.5, -1.0], 1.0, [2, 3]),
                ([-2.0, 0.3], -0.5, [1.0, -4.0]), ([1, 1], 0, [-2, -1]))),
            (
                Mistake("the bias is missing: the sum is w · x + b.",
                        lambda w, b, x: sigmoid(float(np.dot(w, x)))),
                Mistake("that is the sum w · x + b; the output is sigmoid(w · x + b).",
                        lambda w, b, x: float(np.dot(w, x) + b)),
                Mistake("the bias is added after the sigmoid; it belongs inside: "
                        "sigmoid(w · x + b).",
                        lambda w, b, x: sigmoid(float(np.dot(w, x))) + b),
                Mistake("w * x multiplies element by element and leaves two numbers; "
                        "np.dot(w, x) also adds them up.",
                        lambda w, b, x: sigmoid(np.asarray(w * x + b, dtype=float))),
            ),
            kind="class",
            run=_run_neuron,
            show=lambda w, b, x: f"weights={_show(w)}, bias={_show(b)}, x={_show(x)}",
            returner="feedforward",
        ),
        # Chapter 2: the learner's Network of three Neurons
        Exercise(
            "Network",
            lambda w, b, x: NeuronNetwork.all_same(w, b).feedforward(x),
            tuple((np.array(w), b, np.array(x)) for w, b, x in (
                ([0, 1], 0, [2, 3]), ([0, 1], 4, [2, 3]), ([0.5, -1.0], 1.0, [2, 3]),
                ([-2.0, 0.3], -0.5, [1.0, -4.0]), ([1, 1], 0, [-2, -1]))),
            (
                Mistake("that is what one neuron gives for x (h1, or o1 fed x): o1's "
                        "inputs are h1 and h2, o1.feedforward(np.array([h1, h2])).",
                        lambda w, b, x: Neuron(w, b).feedforward(x)),
                Mistake("that is [h1, h2], the hidden layer's outputs: feed them to o1 and "
                        "return what o1 gives.",
                        lambda w, b, x: NeuronNetwork.all_same(w, b).hidden_outputs(x)),
            ),
            kind="class",
            run=_run_neuron,
            show=lambda w, b, x: f"weights={_show(w)}, bias={_show(b)}, x={_show(x)}",
            returner="feedforward",
        ),
        # Chapter 3: the loss
        Exercise(
            "mse_loss",
            mse_loss,
            # NumPy arrays, as the chapter passes them (its labels are whole numbers).
            tuple((np.array(t), np.array(p)) for t, p in (
                ([1, 0, 0, 1], [0, 0, 0, 0]), ([1], [0.524]),
                ([1, 0, 0, 1], [0.9, 0.2, 0.1, 0.7]), ([0.0, 1.0, 1.0], [0.5, 0.5, 0.25]))),
            (
                Mistake("summed where it should be averaged: divide by the number of "
                        "samples.", sum_of_squares_loss),
                Mistake("the errors are not squared: the mean of |y_true - y_pred| is another "
                        "loss (the mean absolute error).",
                        lambda t, p: float(np.mean(np.abs(np.subtract(t, p))))),
                Mistake("the square root of the mean squared error (the RMSE); the loss is "
                        "the mean itself.", lambda t, p: float(np.sqrt(mse_loss(t, p)))),
                Mistake("the mean error, squared: square each error first, then take the "
                        "mean.", lambda t, p: float(np.mean(np.subtract(t, p)) ** 2)),
            ),
        ),
        # Chapter 4: the slope
        Exercise(
            "deriv_sigmoid",
            lambda x: sigmoid_derivative_from_sum(float(x)),
            tuple((x,) for x in (-6.0, -2.0, -0.5, 0.0, 0.3, 0.5, 0.9, 2.0, 6.0)),
            (
                Mistake("x * (1 - x) is the slope from an output; deriv_sigmoid gets the "
                        "sum x: s = sigmoid(x), then s * (1 - s).", lambda x: x * (1 - x)),
                Mistake("the factor (1 - s) is missing: that is sigmoid(x) itself; the "
                        "slope is s * (1 - s).", lambda x: sigmoid(x)),
                Mistake("the wrong sign: that is -s * (1 - s); the slope is s * (1 - s).",
                        lambda x: -sigmoid_derivative_from_sum(x)),
                Mistake("(1 - x) where it wants (1 - s): with s = sigmoid(x), the slope is "
                        "s * (1 - s).", lambda x: sigmoid(x) * (1 - x)),
            ),
        ),
        # Chapter 5: the network with nine numbers, its feedforward and its training
        Exercise(
            "feedforward",
            lambda params, x: forward(Parameters(*params), x).o1,
            tuple((p, np.array(x)) for p in _STARTS
                  for x in ([-2, -1], [25, 6], [17, 4], [-15, -6])),
            (
                Mistake("the hidden sums go to o1 without the sigmoid: o1's inputs are "
                        "h1 = sigmoid(sum_h1) and h2 = sigmoid(sum_h2).",
                        lambda p, x: _network_variant(p, x, squash_hidden=False)),
                Mistake("that is o1's sum; the prediction is sigmoid of it.",
                        lambda p, x: _network_variant(p, x, squash_output=False)),
                Mistake("w2 and w3 are swapped: h1 = sigmoid(w1 x[0] + w2 x[1] + b1) and "
                        "h2 = sigmoid(w3 x[0] + w4 x[1] + b2).",
                        lambda p, x: _network_variant(p, x, swap=True)),
                Mistake("x[0] and x[1] are swapped: w1 and w3 multiply x[0] (the weight), "
                        "w2 and w4 multiply x[1] (the height).",
                        lambda p, x: _network_variant(p, x, swap_inputs=True)),
            ),
            kind="method",
            run=_run_feedforward,
            show=lambda p, x: f"x={_show(x)}, {_show_nine(p)}",
        ),
        Exercise(
            "train",
            _train,
            ((_STARTS[1], *people()),),
            (
                Mistake("no weight changed: train must change the object's own numbers, "
                        "self.w1 -= ... and so on.",
                        lambda p, d, y: _train_variant(p, d, y, moves=False)),
                Mistake("every step went uphill: w -= η ∂L/∂w, with ∂L/∂y_pred = "
                        "-2 (y_true - y_pred).",
                        lambda p, d, y: _train_variant(p, d, y, sign=-1.0)),
                Mistake("the steps are 10 times too long: the learning rate η = 0.1 is "
                        "missing from the updates, w -= η ∂L/∂w.",
                        lambda p, d, y: _train_variant(p, d, y, rate=1.0)),
                Mistake("deriv_sigmoid got the neurons' outputs (h1, h2, o1); it wants "
                        "their sums (sum_h1, sum_h2, sum_o1).",
                        lambda p, d, y: _train_variant(p, d, y, slope_of_output=True)),
                Mistake("a missing factor: deriv_sigmoid(sum_o1) is missing from the "
                        "partial derivatives.",
                        lambda p, d, y: _train_variant(p, d, y, output_slope=False)),
                Mistake("a missing factor: deriv_sigmoid(sum_h1) and deriv_sigmoid(sum_h2) "
                        "are missing from the derivatives of w1 to w4, b1 and b2.",
                        lambda p, d, y: _train_variant(p, d, y, hidden_slope=False)),
                Mistake("a missing factor: d_ypred_d_h1 is w5 * deriv_sigmoid(sum_o1) (and "
                        "d_ypred_d_h2 is w6 * ...); the weight is missing.",
                        lambda p, d, y: _train_variant(p, d, y, output_weight=False)),
            ),
            parts=Parameters.NAMES,
            kind="method",
            run=_run_train,
            show=lambda p, d, y: f"the four people, from {_show_nine(p)}, after 1000 epochs",
            unit="numbers after 1000 epochs",
            count=len(Parameters.NAMES),
            quiet=True,
        ),
        # Chapter 6: the two-layer network, a class with feedforward() and backprop()
        Exercise(
            "TwoLayerNetwork",
            _two_layer_run,
            tuple((*two_layer_data(), seed, _STEPS) for seed in (0, 1, 2)),
            (
                Mistake("each step went uphill: the article's d_weights, 2 (y - output) ..., "
                        "are the negative gradient, and are added (+=).",
                        lambda x, y, s, n: _two_layer_run_variant(x, y, s, n, sign=-1.0)),
                Mistake("averaged where it should be summed: the loss is the sum of squares "
                        "over the rows, not their mean.",
                        lambda x, y, s, n: _two_layer_run_variant(x, y, s, n,
                                                                  scale=1 / len(x))),
                Mistake("the slope from a layer's output a is a * (1 - a); a sigmoid "
                        "derivative of the output (deriv_sigmoid(output)) takes the sigmoid "
                        "twice.",
                        lambda x, y, s, n: _two_layer_run_variant(x, y, s, n,
                                                                  slope_of_output=True)),
                Mistake("weights2 is drawn before weights1: draw weights1 = "
                        "rng.random((3, 4)) first.",
                        lambda x, y, s, n: _two_layer_run_variant(x, y, s, n,
                                                                  weights2_first=True)),
            ),
            parts=("weights1{} at the start", "weights2{} at the start",
                   *(f"weights{i}{{}} after step {step}" for step in range(1, _STEPS + 1)
                     for i in (1, 2))),
            kind="class",
            run=_run_two_layer,
            show=lambda x, y, s, n: (f"x={_show(x)}, y={_show(y)}, "
                                     f"rng=np.random.default_rng({s})"),
            unit="runs",
        ),
        # The grader's first exercises (still used by the pages beyond the course)
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
