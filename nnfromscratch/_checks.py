"""The generic checks and converters of arguments: arrays, numbers, seeds, choices.

Each takes the value and the argument's name as the caller spells it, and returns the
checked (converted) value or raises the error rule's exception. They are the rules the
public functions declare at their doors (`nnfromscratch._door.checked`), beside each
function; a rule that ties arguments together is a short check written beside it.

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
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "as_array",
    "as_float_array",
    "as_generator",
    "callable_or_none",
    "check_bool",
    "check_choice",
    "check_positive_int",
    "check_positive_number",
    "check_same_length",
    "check_size",
    "describe",
    "number",
    "number_or_array",
]


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
    check_size(array.size, name, f"shape {array.shape}")
    return array


MAX_ENTRIES = 2**27
"""The most numbers one array may hold (1 GiB of float64): larger is refused, not allocated."""


def check_size(count: int, name: str, what: str = "numbers") -> int:
    """Refuse `count` numbers above `MAX_ENTRIES` before anything that size is allocated."""
    if count > MAX_ENTRIES:
        raise ValueError(
            f"{name} must need at most {MAX_ENTRIES:,} numbers ({what}), got {count:,}"
        )
    return count


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
    if array.dtype == object:
        array = _python_numbers(array, name)
    kind = array.dtype.kind
    if kind == "b":
        raise TypeError(f"{name} must hold numbers, not booleans (got dtype bool)")
    if kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if dtype is not None and array.dtype != dtype:
        # A value beyond the target's range would become inf with a warning: say so instead.
        target = np.finfo(dtype)
        largest = max(abs(float(array.max())), abs(float(array.min()))) if array.size else 0.0
        if math.isfinite(largest) and largest > float(target.max):
            raise ValueError(
                f"{name} must be within {target.dtype}'s range (below {target.max:.3g} in "
                f"magnitude), got {largest:.3g}"
            )
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


def _python_numbers(array: np.ndarray, name: str) -> np.ndarray:
    """Python numbers NumPy keeps as objects (ints beyond int64, fractions) as floats."""
    items = list(array.flat)
    if not items or not all(isinstance(item, numbers.Real) and not isinstance(item, bool)
                            for item in items):
        return array  # refused as not real numbers
    try:
        return np.array([float(item) for item in items]).reshape(array.shape)
    except OverflowError:
        digits = max(len(str(abs(int(item)))) for item in items)
        raise ValueError(
            f"{name} must be within float64's range (below 1.8e+308 in magnitude), got a "
            f"number of {digits} digits"
        ) from None


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


def number(value: Any, name: str) -> float:
    """`value` as a Python float: a finite real number (a 0-d array too)."""
    if type(value) is float and math.isfinite(value):
        return value
    return float(as_float_array(value, name, ndim=0))


def number_or_array(value: Any, name: str) -> float | np.ndarray:
    """A finite number (becomes a float) or an array of finite real numbers (may be empty)."""
    if type(value) is float and math.isfinite(value):
        return value
    array = as_float_array(value, name, allow_empty=True)
    return float(array) if array.ndim == 0 else array


def callable_or_none(value: Any, name: str) -> Callable[..., Any] | None:
    """`value` if it is callable or None (a callback; what it calls is checked again)."""
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be callable or None, got {describe(value)}")
    return value
