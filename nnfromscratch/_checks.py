"""Checks at the door: every public call's arguments are checked once, here.

A mistake is reported in the caller's terms (which argument, what was expected, what came)
instead of as a NumPy traceback from deep inside, or worse, as silent garbage such as a loss
of NaN. The course's code stays plain: a public function is written as the maths, and
decorated with ``@checked(check.NAME)``, where ``check.NAME`` (a function below) checks and
converts that function's arguments before its body runs.

Once inside, the package's own code is not checked again: a public function called by
another one (the training loop calling `backprop`, say) receives arguments that were checked
at the door, so the decorator lets the call straight through. That is what keeps the checks
out of the loops. Which calls are "inside" is decided per thread and per context
(`contextvars`), and only for a chain of the package's own code: a call made by the user's
code (a callback such as ``on_report``, a subclass's ``_update``, a ``loss`` function) is
checked like any other, at any depth.

The error rule
--------------
Every public function reports a mistake in its arguments in one of two ways:

* `TypeError` when the argument is of the wrong *kind*: text, booleans, objects or complex
  numbers where real numbers were expected, a float where a whole number was, something
  that is not a network, an optimiser or a callable where one was needed;
* `ValueError` when the kind is right but the *value* is not: the wrong shape or number of
  dimensions, an empty array, NaN or infinity, masked (missing) values, a number out of
  its range, an unknown name, a data split that leaves a part empty, numbers so large in
  magnitude that the computation overflows on the way, a model file that is not intact
  (`nnfromscratch.general.persistence.ModelFileError` is a `ValueError`).

NumPy's own scalar types count as the Python types they stand for (``np.bool_`` as a
bool, ``np.float32`` as a number, ``np.int64`` as a whole number).

The message names the argument as the caller spelled it (``x``, ``layer_sizes[1]``,
``validation_data[0]``, ``parameters[0]``), says what was expected, and what came
(``got ...``), or, for an unknown name, which names there are and the closest one.

Beyond the arguments, a few errors are about the call: `FileNotFoundError` when a model
file does not exist, `RuntimeError` when a method is called out of order (``backward``
before ``forward``), and `nnfromscratch.course.training.TrainingDivergedError` when training
itself stops being finite. `tests/test_error_rule.py` holds every row of the bad-input
tables to this rule.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import math
import numbers
import sys
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

import numpy as np

__all__ = [
    "as_array",
    "as_float_array",
    "as_generator",
    "check_bool",
    "check_choice",
    "check_positive_int",
    "check_positive_number",
    "check_same_length",
    "checked",
    "describe",
    "finite_result",
    "outside",
    "public_calls_inside",
]


F = TypeVar("F", bound=Callable[..., Any])


# The frame of the checked public call this context is inside, if any. A context variable:
# each thread (and each asyncio task) has its own, so overlapping calls never mix.
_inside: ContextVar[Any] = ContextVar("nnfromscratch_inside", default=None)
_PACKAGE = __name__.rpartition(".")[0] + "."


def _from_inside(caller: Any, top: Any) -> bool:
    """True if every frame from `caller` up to `top` (a checked call's) is the package's own.

    A frame of the user's code on the way (a callback, a subclass's method, a ``loss``
    function) means the arguments may not be the checked ones: the call is checked.
    """
    while caller is not top:
        if caller is None or not caller.f_globals.get("__name__", "").startswith(_PACKAGE):
            return False
        caller = caller.f_back
    return True


def checked(check: Callable[..., dict[str, Any] | None]) -> Callable[[F], F]:
    """Decorate a public function: ``check(**arguments)`` runs first, once, at the door.

    `check` receives every argument by name (defaults filled in), raises on bad input and
    returns the converted values (a dict of the arguments it changed). Calls made from
    inside an already checked call skip the check: their arguments come from checked ones.
    """

    def decorate(plain: F) -> F:
        return functools.wraps(plain)(_door(plain, check))  # type: ignore[return-value]

    return decorate


def _enter(plain: Callable[..., Any], check: Callable[..., Any], arguments: dict[str, Any]) -> Any:
    """Check the arguments of an outermost public call, then run it with checks off inside."""
    arguments.update(check(**arguments) or {})
    watched: _FiniteResult | None = getattr(check, "finite_result", None)
    # A door made of public calls leaves their own doors open: each checks (and converts)
    # its arguments as a call from the user would.
    opened = None if getattr(check, "public_calls_inside", False) else sys._getframe()
    token = _inside.set(opened)
    try:
        if watched is None:
            return plain(**arguments)
        if watched.numpy:
            # Any overflow on the way is refused, even one a sigmoid would squash to 1:
            # what a BLAS kernel makes of an overflowing matrix product (NaN, +inf or -inf)
            # differs between processors, so the answer would depend on the machine.
            # NumPy calls back only when an operation overflows: free otherwise.
            overflowed: list[str] = []
            with np.errstate(over="call", invalid="call", divide="ignore", under="ignore",
                             call=lambda kind, flag: overflowed.append(kind)):
                result = plain(**arguments)
            if overflowed:
                raise watched.error(plain, arguments)
        else:
            result = plain(**arguments)
    finally:
        _inside.reset(token)
    if not _all_finite(result):
        raise watched.error(plain, arguments)
    return result


class _FiniteResult:
    """What `finite_result` attaches to a door: whose arguments to blame for an overflow."""

    def __init__(self, names: tuple[str, ...], numpy: bool) -> None:
        self.names, self.numpy = names, numpy

    def error(self, plain: Callable[..., Any], arguments: dict[str, Any]) -> ValueError:
        sizes = ", ".join(f"|{name}| up to {_largest(arguments[name])}" for name in self.names)
        *first, last = self.names
        blamed = f"{', '.join(first)} and {last}" if first else last
        verb, them = ("is", "it") if len(self.names) == 1 else ("are", "them")
        return ValueError(
            f"{blamed} {verb} too large in magnitude for {plain.__qualname__}: it overflowed "
            f"float64 (largest number about 1.8e+308) on the way; got {sizes}; "
            f"scale {them} down"
        )


def finite_result(*names: str, numpy: bool = True) -> Callable[[F], F]:
    """Mark a door whose function must not overflow, blaming `names` if it does.

    Finite inputs can still overflow inside (``1e308 + 1e308``). With `numpy`, the body runs
    with NumPy's floating-point errors caught instead of warned about, and any overflow or
    NaN on the way refuses the call with a `ValueError` naming the arguments, even one that
    a later step squashes into a finite number: what a BLAS kernel makes of an overflowing
    matrix product differs between processors. Pure-Python bodies (``numpy=False``) add in
    a fixed order, so there the result itself is judged: it must be finite.
    """

    def mark(check: F) -> F:
        check.finite_result = _FiniteResult(names, numpy)  # type: ignore[attr-defined]
        return check

    return mark


def public_calls_inside(check: F) -> F:
    """Mark a door whose body is a few public calls, each checked at its own door.

    `nnfromscratch.general.digits.train_digits` loads the images, builds a network and
    fits it; those calls check and convert their own arguments (a seed into a Generator,
    an optimiser's name into an optimiser), once each, as they would for the user. Its
    check only refuses what they would find late (a bad setting after the images are
    loaded), so the body stays the lesson. Their own loops still skip the checks.
    """
    check.public_calls_inside = True  # type: ignore[attr-defined]
    return check


def _all_finite(result: Any) -> bool:
    if isinstance(result, (float, np.floating)):
        return math.isfinite(result)
    if isinstance(result, np.ndarray):
        return result.dtype.kind not in "fc" or bool(np.isfinite(result).all())
    if isinstance(result, (tuple, list)):
        return all(_all_finite(item) for item in result)
    if isinstance(result, dict):
        return all(_all_finite(item) for item in result.values())
    return True


def _largest(value: Any) -> str:
    try:
        with np.errstate(all="ignore"):
            return f"{float(np.max(np.abs(np.asarray(value, dtype=np.float64)))):.3g}"
    except (TypeError, ValueError):
        return "not a number"


def _door(plain: Callable[..., Any], check: Callable[..., Any]) -> Callable[..., Any]:
    # The door has exactly the parameters of `plain` (not *args, **kwargs): a call from
    # inside, which only passes through, then costs little more than a call of `plain`.
    parameters = list(inspect.signature(plain).parameters.values())
    written, passed, named, defaults = [], [], [], {}
    for parameter in parameters:
        if parameter.kind not in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            raise TypeError(f"checked cannot wrap {plain.__qualname__}: *args or **kwargs")
        if parameter.kind is parameter.KEYWORD_ONLY and "*" not in written:
            written.append("*")
        text = parameter.name
        if parameter.default is not parameter.empty:
            defaults[f"_default_{parameter.name}"] = parameter.default
            text += f"=_default_{parameter.name}"
        written.append(text)
        keyword = parameter.kind is parameter.KEYWORD_ONLY
        passed.append(f"{parameter.name}={parameter.name}" if keyword else parameter.name)
        named.append(f"{parameter.name}={parameter.name}")
    # From inside a checked call the door only passes through, unless the body is made
    # of public calls (`public_calls_inside`): those need their own checks at any depth.
    shortcut = "" if getattr(check, "public_calls_inside", False) else (
        f"        top = inside()\n"
        f"        if top is not None and from_inside(frame(1), top):\n"
        f"            return plain({', '.join(passed)})\n"
    )
    source = (
        f"def factory(plain, check, inside, frame, from_inside, enter, "
        f"{', '.join(['_', *defaults])}):\n"
        f"    def door({', '.join(written)}):\n"
        f"{shortcut}"
        f"        return enter(plain, check, dict({', '.join(named)}))\n"
        f"    return door\n"
    )
    namespace: dict[str, Any] = {}
    exec(source, globals(), namespace)  # generated from a signature, never from input
    return namespace["factory"](
        plain, check, _inside.get, sys._getframe, _from_inside, _enter, None, **defaults
    )


def outside(callback: Callable[..., Any] | None, name: str) -> Callable[..., Any] | None:
    """`callback` if it is callable or None; public calls made from it are checked again.

    Nothing needs wrapping: the callback's frame is the user's, so the doors it calls
    check their arguments (see `_from_inside`).
    """
    if callback is not None and not callable(callback):
        raise TypeError(f"{name} must be callable or None, got {describe(callback)}")
    return callback


def describe(value: Any) -> str:
    """Say briefly what `value` is, for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def _shape_text(shape: Sequence[int | None]) -> str:
    parts = ["any" if size is None else str(size) for size in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def as_array(value: Any, name: str) -> np.ndarray:
    """`value` as a NumPy array, refusing what NumPy would misread.

    Text, raw bytes, ragged lists and masked (missing) values are refused; checks of the
    dtype, shape and values are the caller's.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got the string {value!r}")
    if isinstance(value, (bytearray, memoryview)):
        # NumPy would read the raw bytes as numbers 0..255: never what was meant.
        raise TypeError(f"{name} must be numbers, got raw bytes ({type(value).__name__})")
    if isinstance(value, np.ma.MaskedArray):
        masked = np.ma.getmaskarray(value)
        if masked.any():
            where = tuple(int(i) for i in np.argwhere(masked)[0])
            raise ValueError(
                f"{name} must have no masked (missing) values, got one at index {where}; "
                "fill them (.filled(value)) or drop them first"
            )
        value = value.data  # nothing masked: the data are the values
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise TypeError(
            f"{name} must be a numeric array (all rows the same length), got {describe(value)}"
        ) from error
    return array


def as_float_array(
    value: Any,
    name: str,
    *,
    ndim: int | Iterable[int] | None = None,
    shape: Sequence[int | None] | None = None,
    allow_empty: bool = False,
    dtype: Any = None,
) -> np.ndarray:
    """Convert `value` to a finite floating-point array, or raise a clear error.

    Booleans, strings, objects and complex numbers are refused with a `TypeError`;
    a wrong number of dimensions, a wrong shape, an empty array or a NaN/inf is refused
    with a `ValueError`. Each message names the argument. Float32 input stays float32
    (the general networks train in either precision); anything else becomes float64,
    unless `dtype` asks for a particular one.
    """
    array = as_array(value, name)
    kind = array.dtype.kind
    if kind == "b":
        raise TypeError(f"{name} must hold numbers, not booleans (got dtype bool)")
    if kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if dtype is not None:
        array = array.astype(dtype, copy=False)
    elif array.dtype != np.float32:
        array = array.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(str(n) for n in allowed)
            raise ValueError(
                f"{name} must have {wanted} dimension(s), got {array.ndim} (shape {array.shape})"
            )
    if shape is not None:
        fits = array.ndim == len(shape) and all(
            want is None or want == got for want, got in zip(shape, array.shape, strict=True)
        )
        if not fits:
            raise ValueError(f"{name} must have shape {_shape_text(shape)}, got {array.shape}")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        bad = np.argwhere(~np.isfinite(array))[0]
        where = tuple(int(i) for i in bad)
        found = array[where] if where else array.item()
        raise ValueError(
            f"{name} must be finite, got {found} at index {where if where else '()'}"
        )
    return array


def check_positive_number(value: Any, name: str) -> float:
    """Return `value` as a float if it is a finite number greater than zero."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {describe(value)}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number, got {value}")
    return number


def check_positive_int(value: Any, name: str, at_most: int | None = None) -> int:
    """Return `value` as an int if it is a whole number greater than zero (and <= `at_most`)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive whole number, got {describe(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive whole number, got {value}")
    if at_most is not None and value > at_most:
        raise ValueError(f"{name} must be at most {at_most}, got {value}")
    return int(value)


def check_bool(value: Any, name: str, *, none: bool = False) -> bool | None:
    """Return `value` as a bool if it is True or False (NumPy's ``np.bool_`` too), or None."""
    if none and value is None:
        return None
    if not isinstance(value, (bool, np.bool_)):
        allowed = "True, False or None" if none else "True or False"
        raise TypeError(f"{name} must be {allowed}, got {describe(value)}")
    return bool(value)


def check_same_length(
    first: np.ndarray, first_name: str, second: np.ndarray, second_name: str
) -> None:
    """Raise if two arrays do not describe the same number of samples."""
    if len(first) != len(second):
        raise ValueError(
            f"{first_name} and {second_name} must have the same number of samples, "
            f"got {len(first)} and {len(second)}"
        )


def check_choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """Return `value` if it is one of `choices`; otherwise suggest the closest one."""
    options = sorted(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {options}, got {describe(value)}")
    if value not in options:
        close = difflib.get_close_matches(value.lower(), options, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown {name} {value!r}; choose one of {options}.{hint}")
    return value


def as_generator(rng: Any, name: str = "rng") -> np.random.Generator:
    """Turn a seed (int), a `numpy.random.Generator` or None into a Generator.

    The library never touches NumPy's global random state: every random draw goes
    through a Generator the caller can seed, so the same seed gives the same numbers.
    None gives a fresh, unpredictable Generator.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, np.random.RandomState):
        raise TypeError(
            f"{name} must be an int seed, a numpy.random.Generator or None, got a legacy "
            "numpy.random.RandomState; use numpy.random.default_rng(seed)"
        )
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        if rng is not None and rng < 0:
            raise ValueError(f"{name} must be a non-negative seed, got {rng}")
        return np.random.default_rng(rng)
    raise TypeError(
        f"{name} must be an int seed, a numpy.random.Generator or None, got {describe(rng)}"
    )


# ----- the doors of the course's functions: each checks one public call's arguments -----
# Each takes the call's arguments by name and returns the converted ones. The course's
# scalar code receives Python floats (lists of floats for data): NumPy's per-call overhead
# would dominate arithmetic on single numbers.


def _float_or_array(array: np.ndarray) -> float | np.ndarray:
    return float(array) if array.ndim == 0 else array


def real_numbers(z: Any, **_: Any) -> dict[str, Any]:
    """`z`: a number (becomes a float) or an array of real numbers."""
    if type(z) is float and math.isfinite(z):
        return {}
    return {"z": _float_or_array(as_float_array(z, "z", allow_empty=True))}


def sigmoid_outputs(a: Any) -> dict[str, Any]:
    """`a`: values a sigmoid can give, in [0, 1]."""
    values = as_float_array(a, "a", allow_empty=True)
    if np.any((values < 0) | (values > 1)):
        bad = values[(values < 0) | (values > 1)].flat[0]
        raise ValueError(
            f"a must be sigmoid outputs in [0, 1], got {bad}; to differentiate at a "
            "weighted sum use sigmoid_derivative_from_sum"
        )
    return {"a": _float_or_array(values)}


@finite_result("z")
def scores(z: Any, axis: Any = -1) -> dict[str, Any]:
    """`z`: scores with at least one dimension (one per class), not empty; `axis` one of them."""
    values = as_float_array(z, "z", allow_empty=True)
    if values.ndim == 0:
        raise ValueError(f"z must have at least 1 dimension (a score per class), got {z!r}")
    if values.size == 0:
        raise ValueError(f"z must not be empty, got shape {values.shape}")
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be a whole number, got {describe(axis)}")
    if not -values.ndim <= axis < values.ndim:
        raise ValueError(
            f"axis must be between {-values.ndim} and {values.ndim - 1} for z of shape "
            f"{values.shape}, got {axis}"
        )
    return {"z": values, "axis": int(axis)}


def neuron(self: Any, weights: Any, bias: Any) -> dict[str, Any]:
    return {
        # A copy: a neuron must not change when the caller later changes their array.
        "weights": as_float_array(weights, "weights", ndim=1).copy(),
        "bias": float(as_float_array(bias, "bias", ndim=0)),
    }


@finite_result("inputs")
def neuron_inputs(self: Any, inputs: Any) -> dict[str, Any]:
    return {"inputs": as_float_array(inputs, "inputs", shape=self.weights.shape)}


def neuron_network(self: Any, h1: Any, h2: Any, o1: Any) -> None:
    from .course.neuron import Neuron

    for name, unit in (("h1", h1), ("h2", h2), ("o1", o1)):
        if not isinstance(unit, Neuron):
            raise TypeError(f"{name} must be a Neuron, got {type(unit).__name__}")
        if unit.weights.shape != (2,):
            raise ValueError(
                f"{name} must have 2 weights in a 2-2-1 network, got {unit.weights.shape[0]}"
            )


def neuron_network_all_same(cls: Any, weights: Any, bias: Any) -> dict[str, Any]:
    from .course.neuron import Neuron

    unit = Neuron(weights, bias)
    neuron_network(None, unit, unit, unit)
    return {"weights": unit.weights, "bias": unit.bias}


@finite_result("inputs")
def network_inputs(self: Any, inputs: Any) -> dict[str, Any]:
    return {"inputs": as_float_array(inputs, "inputs", shape=(2,))}


def _pair(y_true: Any, y_pred: Any, pred_name: str) -> tuple[np.ndarray, np.ndarray]:
    truth = as_float_array(y_true, "y_true")
    prediction = as_float_array(y_pred, pred_name)
    if truth.shape != prediction.shape:
        raise ValueError(
            f"y_true and {pred_name} must have the same shape, got {truth.shape} and "
            f"{prediction.shape}"
        )
    return truth, prediction


def _targets_in_unit_interval(truth: np.ndarray) -> None:
    if np.any((truth < 0) | (truth > 1)):
        bad = truth[(truth < 0) | (truth > 1)].flat[0]
        raise ValueError(f"y_true must hold probabilities in [0, 1], got {bad}")


def _probability_rows(truth: np.ndarray) -> None:
    _targets_in_unit_interval(truth)
    sums = truth.sum(axis=-1)
    if not np.allclose(sums, 1.0, atol=1e-6):
        bad = sums[~np.isclose(sums, 1.0, atol=1e-6)].flat[0]
        raise ValueError(
            f"each row of y_true must sum to 1 (one-hot labels or class probabilities), "
            f"got a row summing to {bad}"
        )


def _probabilities(prediction: np.ndarray, fused: str) -> None:
    if np.any((prediction < 0) | (prediction > 1)):
        bad = prediction[(prediction < 0) | (prediction > 1)].flat[0]
        raise ValueError(
            f"y_pred must hold probabilities in [0, 1]; for raw scores use {fused} (got {bad})"
        )


@finite_result("y_true", "y_pred")
def squared_error(y_true: Any, y_pred: Any) -> dict[str, Any]:
    truth, prediction = _pair(y_true, y_pred, "y_pred")
    return {"y_true": truth, "y_pred": prediction}


def binary_probabilities(y_true: Any, y_pred: Any) -> dict[str, Any]:
    truth, prediction = _pair(y_true, y_pred, "y_pred")
    _targets_in_unit_interval(truth)
    _probabilities(prediction, "binary_cross_entropy_from_logits")
    return {"y_true": truth, "y_pred": prediction}


@finite_result("z")
def binary_logits(y_true: Any, z: Any) -> dict[str, Any]:
    truth, logits = _pair(y_true, z, "z")
    _targets_in_unit_interval(truth)
    return {"y_true": truth, "z": logits}


def categorical_probabilities(y_true: Any, y_pred: Any) -> dict[str, Any]:
    truth, prediction = _pair(y_true, y_pred, "y_pred")
    _probability_rows(truth)
    _probabilities(prediction, "softmax_cross_entropy")
    return {"y_true": truth, "y_pred": prediction}


@finite_result("z")
def categorical_logits(y_true: Any, z: Any) -> dict[str, Any]:
    truth, logits = _pair(y_true, z, "z")
    if truth.ndim != 2:
        raise ValueError(f"y_true must have shape (n_samples, n_classes), got {truth.shape}")
    _probability_rows(truth)
    return {"y_true": truth, "z": logits}


def parameters(cls: Any, **values: Any) -> dict[str, float]:
    """The nine numbers of the 2-2-1 network, each a finite real number."""
    checked_values = {}
    for name, value in values.items():
        if type(value) is not float or not math.isfinite(value):
            value = float(as_float_array(value, name, ndim=0))
        checked_values[name] = value
    return checked_values


def parameters_constant(cls: Any, weight: Any, bias: Any) -> dict[str, float]:
    cls(*([weight] * 6 + [bias] * 3))  # the constructor's own door names the bad number
    return {"weight": float(weight), "bias": float(bias)}


def parameters_from_array(cls: Any, values: Any) -> dict[str, Any]:
    return {"values": as_float_array(values, "values", shape=(len(cls.NAMES),)).tolist()}


def random_source(rng: Any, **_: Any) -> dict[str, Any]:
    return {"rng": as_generator(rng)}


def _params(params: Any) -> None:
    from .course.backprop import Parameters

    if not isinstance(params, Parameters):
        raise TypeError(f"params must be Parameters, got {type(params).__name__}")


@finite_result("params", "x", numpy=False)
def forward(params: Any, x: Any) -> dict[str, Any]:
    _params(params)
    return {"x": as_float_array(x, "x", shape=(2,)).tolist()}


@finite_result("params", "x", "y_true", numpy=False)
def backprop(params: Any, x: Any, y_true: Any) -> dict[str, Any]:
    _params(params)
    return {
        "x": as_float_array(x, "x", shape=(2,)).tolist(),
        "y_true": float(as_float_array(y_true, "y_true", ndim=0)),
    }


@finite_result("params", "x")
def predict(params: Any, x: Any) -> dict[str, Any]:
    _params(params)
    return {"x": as_float_array(x, "x", ndim=2, shape=(None, 2)).tolist()}


def train_sgd(
    params: Any,
    x: Any,
    y: Any,
    learning_rate: Any,
    epochs: Any,
    report_every: Any,
    on_report: Any,
) -> dict[str, Any]:
    _params(params)
    inputs = as_float_array(x, "x", ndim=2, shape=(None, 2))
    labels = as_float_array(y, "y", ndim=1)
    check_same_length(inputs, "x", labels, "y")
    return {
        "x": inputs.tolist(),
        "y": labels.tolist(),
        "learning_rate": check_positive_number(learning_rate, "learning_rate"),
        "epochs": check_positive_int(epochs, "epochs"),
        "report_every": check_positive_int(report_every, "report_every"),
        "on_report": outside(on_report, "on_report"),
    }


def two_layer_weights(self: Any, weights1: Any, weights2: Any) -> dict[str, Any]:
    first = as_float_array(weights1, "weights1", ndim=2).copy()
    second = as_float_array(weights2, "weights2", ndim=2).copy()
    if second.shape != (first.shape[1], 1):
        raise ValueError(
            f"weights2 must have shape ({first.shape[1]}, 1) to follow weights1 of "
            f"shape {first.shape}, got {second.shape}"
        )
    return {"weights1": first, "weights2": second}


def two_layer_shape(cls: Any, n_inputs: Any, n_hidden: Any, rng: Any) -> dict[str, Any]:
    return {
        "n_inputs": check_positive_int(n_inputs, "n_inputs"),
        "n_hidden": check_positive_int(n_hidden, "n_hidden"),
        "rng": as_generator(rng),
    }


@finite_result("x")
def two_layer_inputs(self: Any, x: Any) -> dict[str, Any]:
    return {"x": as_float_array(x, "x", ndim=2, shape=(None, self.weights1.shape[0]))}


def two_layer_data(self: Any, x: Any, y: Any, **settings: Any) -> dict[str, Any]:
    inputs = two_layer_inputs(self, x)["x"]
    targets = as_float_array(y, "y", ndim=2, shape=(None, 1))
    check_same_length(inputs, "x", targets, "y")
    checked_settings = {}
    if "iterations" in settings:
        checked_settings["iterations"] = check_positive_int(settings["iterations"], "iterations")
    if "learning_rate" in settings:
        checked_settings["learning_rate"] = check_positive_number(
            settings["learning_rate"], "learning_rate"
        )
    return {"x": inputs, "y": targets, **checked_settings}


# The loss and gradients of finite data must be finite; training's own divergence is its own.
two_layer_training = two_layer_data
two_layer_data = finite_result("x", "y")(
    lambda self, x, y, **settings: two_layer_training(self, x, y, **settings)
)


# ----- the doors of the general network -----


@finite_result("x")
def mlp_inputs(self: Any, x: Any) -> dict[str, Any]:
    return {"x": self.check_inputs(x)}


@finite_result("x", "y")
def mlp_data(self: Any, x: Any, y: Any) -> dict[str, Any]:
    inputs = self.check_inputs(x)
    return {"x": inputs, "y": self.check_targets(y, len(inputs))}


def mlp_targets_of_last_forward(self: Any, y: Any) -> dict[str, Any]:
    last_input = self.dense_layers[0].input
    if last_input is None:
        raise RuntimeError("MLP.backward called before forward (or loss)")
    return {"y": self.check_targets(y, len(last_input))}


def _show_progress(progress: bool | None) -> bool:
    if check_bool(progress, "progress", none=True) is None:
        # A bar is for a person watching a terminal; in logs, pipes and CI it is noise.
        return sys.stdout.isatty() and sys.stderr.isatty()
    return bool(progress)


def _make_optimizer(optimizer: Any, learning_rate: float | None) -> Any:
    from .general.optimizers import Optimizer, make_optimizer

    if isinstance(optimizer, Optimizer):
        if learning_rate is not None:
            raise TypeError(
                "learning_rate is set on the optimizer object; pass it there, not to fit() "
                f"(got learning_rate={learning_rate!r} and optimizer={optimizer!r})"
            )
        return optimizer
    settings = {} if learning_rate is None else {"learning_rate": learning_rate}
    return make_optimizer(optimizer, **settings)



def fit(
    network: Any,
    x: Any,
    y: Any,
    epochs: Any,
    batch_size: Any,
    optimizer: Any,
    learning_rate: Any,
    shuffle: Any,
    rng: Any,
    validation_data: Any,
    progress: Any,
    on_epoch: Any,
) -> dict[str, Any]:
    from .general.mlp import MLP

    if not isinstance(network, MLP):
        raise TypeError(f"network must be an MLP, got {describe(network)}")
    inputs = network.check_inputs(x)
    targets = network.check_targets(y, len(inputs))
    check_same_length(inputs, "x", targets, "y")
    # The progress bar counts epochs in a C ssize_t; no run gets anywhere near that.
    epochs = check_positive_int(epochs, "epochs", at_most=sys.maxsize - 1)
    batch_size = check_positive_int(batch_size, "batch_size")
    shuffle = check_bool(shuffle, "shuffle")
    chosen = _make_optimizer(optimizer, learning_rate)
    validation = None
    if validation_data is not None:
        if not isinstance(validation_data, tuple) or len(validation_data) != 2:
            raise TypeError(
                f"validation_data must be a pair (x_val, y_val), got {describe(validation_data)}"
            )
        x_val = network.check_inputs(validation_data[0], "validation_data[0]")
        y_val = network.check_targets(validation_data[1], len(x_val), "validation_data[1]")
        validation = (x_val, y_val)
    return {
        "x": inputs,
        "y": targets,
        "epochs": epochs,
        "batch_size": batch_size,
        "shuffle": shuffle,
        "optimizer": chosen,
        "validation_data": validation,
        "rng": as_generator(rng),
        "progress": _show_progress(progress),
        "on_epoch": outside(on_epoch, "on_epoch"),
    }


def check_network(network: Any, x: Any, y: Any, epsilon: Any) -> dict[str, Any]:
    from .general.mlp import MLP

    if not isinstance(network, MLP):
        raise TypeError(f"network must be an MLP, got {describe(network)}")
    copy = network.copy(dtype="float64")  # the check nudges a float64 copy, never the network
    inputs = copy.check_inputs(x)
    return {
        "network": copy,
        "x": inputs,
        "y": copy.check_targets(y, len(inputs)),
        "epsilon": check_positive_number(epsilon, "epsilon"),
    }


def dense(self: Any, weights: Any, bias: Any) -> dict[str, Any]:
    checked_weights = as_float_array(weights, "weights", ndim=2).copy()
    if bias is not None:
        bias = as_float_array(
            bias, "bias", shape=(checked_weights.shape[1],), dtype=checked_weights.dtype
        ).copy()
    return {"weights": checked_weights, "bias": bias}


def activation_name(name: Any) -> None:
    from .general.layers import ACTIVATIONS

    check_choice(name, "activation", ACTIVATIONS)


@public_calls_inside
def digits_settings(
    hidden: Any,
    activation: Any,
    optimizer: Any,
    learning_rate: Any,
    epochs: Any,
    batch_size: Any,
    rng: Any,
    dtype: Any,
) -> None:
    """`train_digits`' settings, checked before the images are loaded or training starts."""
    from .general.mlp import MLP

    # One seed drives three things (weights, split, shuffle), so it must be a plain number.
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(f"rng must be a whole-number seed >= 0, got {describe(rng)}")
    if rng < 0:
        raise ValueError(f"rng must be a whole-number seed >= 0, got {rng}")
    check_positive_int(hidden, "hidden")
    MLP([1, 1, 10], [activation, "softmax"], "categorical_cross_entropy", dtype=dtype)
    _make_optimizer(optimizer, learning_rate)
    check_positive_int(epochs, "epochs", at_most=sys.maxsize - 1)
    check_positive_int(batch_size, "batch_size")


def optimizer_step(self: Any, parameters: Any, gradients: Any) -> dict[str, Any]:
    """Float arrays that can be changed in place, and finite gradients of their shapes."""
    for name, value in (("parameters", parameters), ("gradients", gradients)):
        if isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Sequence):
            raise TypeError(f"{name} must be a list of arrays, got {describe(value)}")
    if len(parameters) != len(gradients):
        raise ValueError(
            f"parameters and gradients must pair up, got {len(parameters)} and {len(gradients)}"
        )
    for index, theta in enumerate(parameters):
        name = f"parameters[{index}]"
        if not isinstance(theta, np.ndarray):
            raise TypeError(
                f"{name} must be a NumPy array (a step changes it in place), got {describe(theta)}"
            )
        if theta.dtype not in (np.float32, np.float64):
            raise TypeError(f"{name} must hold float32 or float64, got dtype {theta.dtype}")
        if not theta.flags.writeable:
            raise ValueError(f"{name} must be writeable (a step changes it in place), got a "
                             "read-only array")
    shapes = [(p.shape, p.dtype) for p in parameters]
    if self._shapes is not None and shapes != self._shapes:
        raise ValueError(
            "parameters must be the ones this optimiser stepped before; create a new optimiser "
            "for each network"
        )
    checked_gradients = [
        as_float_array(g, f"gradients[{index}]", shape=theta.shape, allow_empty=True,
                       dtype=theta.dtype)
        for index, (theta, g) in enumerate(zip(parameters, gradients, strict=True))
    ]
    for index, theta in enumerate(parameters):
        as_float_array(theta, f"parameters[{index}]", allow_empty=True, dtype=theta.dtype)
    if hasattr(self, "beta2"):  # Adam squares the gradient: the square must stay finite
        for index, g in enumerate(checked_gradients):
            limit = math.sqrt(np.finfo(g.dtype).max)
            if g.size and float(np.abs(g).max()) >= limit:
                raise ValueError(
                    f"gradients[{index}] must be below {limit:.3g} in magnitude for Adam (its "
                    f"square must stay finite in {g.dtype}), got {float(np.abs(g).max()):.3g}"
                )
    else:  # SGD and Momentum: the step, η g (minus μ v), must land within the float range
        velocities = self._state.get("velocity")
        for index, (theta, g) in enumerate(zip(parameters, checked_gradients, strict=True)):
            if not g.size:
                continue
            step = self.learning_rate * float(np.abs(g).max())  # a Python float: inf, no error
            if velocities is not None:
                step += self.momentum * float(np.abs(velocities[index]).max())
            largest = float(np.abs(theta).max())
            if step + largest >= np.finfo(theta.dtype).max:
                raise ValueError(
                    f"learning_rate × gradients[{index}] must keep parameters[{index}] within "
                    f"{theta.dtype}'s range (below {np.finfo(theta.dtype).max:.3g}), got a step "
                    f"of up to {step:.3g} from values up to {largest:.3g}"
                )
    if self._shapes is None:
        self._shapes = shapes
    return {"parameters": list(parameters), "gradients": checked_gradients}
