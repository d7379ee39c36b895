"""Input checks shared by the public API.

Every public function runs its arguments through these helpers first, so that a mistake
is reported in the caller's terms (which argument, what was expected, what came) instead
of as a NumPy traceback from deep inside, or worse, as silent garbage such as a loss
of NaN.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "as_float_array",
    "as_generator",
    "check_choice",
    "check_positive_int",
    "check_positive_number",
    "check_same_length",
    "describe",
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
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got the string {value!r}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise TypeError(
            f"{name} must be a numeric array (all rows the same length), got {describe(value)}"
        ) from error
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


def check_positive_int(value: Any, name: str) -> int:
    """Return `value` as an int if it is a whole number greater than zero."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive whole number, got {describe(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive whole number, got {value}")
    return int(value)


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
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        if rng is not None and rng < 0:
            raise ValueError(f"{name} must be a non-negative seed, got {rng}")
        return np.random.default_rng(rng)
    raise TypeError(
        f"{name} must be an int seed, a numpy.random.Generator or None, got {describe(rng)}"
    )
