"""Activation functions: the sigmoid and its derivative, in its two conventions.

A neuron's output is ``f(z)`` where ``z = w·x + b`` is the weighted *sum* and ``f`` is the
activation. The derivative ``f'`` is needed by backpropagation, and the two source articles
compute it from different things:

* from the **sum** ``z``: ``f'(z) = f(z) (1 - f(z))`` (the worked example of the main article);
* from the **output** ``a = f(z)``: ``f'(z) = a (1 - a)`` (the two-layer article, which
  stores outputs, not sums).

Both give the same number *when each gets what it expects*; feeding an output to the
first, or a sum to the second, silently gives a wrong gradient. The two functions here
carry the convention in their names, and the output form refuses values that cannot be
sigmoid outputs.

Scalars in give Python floats out; arrays in give arrays out.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array

__all__ = ["sigmoid", "sigmoid_derivative_from_output", "sigmoid_derivative_from_sum"]


@overload
def sigmoid(z: float) -> float: ...
@overload
def sigmoid(z: np.ndarray) -> np.ndarray: ...
def sigmoid(z: ArrayLike) -> float | np.ndarray:
    """The logistic sigmoid ``f(z) = 1 / (1 + e^(-z))``, squashing any number into (0, 1).

    Computed without overflow: for negative ``z`` the algebraically equal
    ``e^z / (1 + e^z)`` is used, so ``sigmoid(-1e4)`` is 0.0 with no warning.

    Parameters
    ----------
    z : float or array_like
        The weighted sum(s) ``w·x + b``.

    Returns
    -------
    float or numpy.ndarray
        ``f(z)``: a float for a scalar, an array of the same shape otherwise.

    Examples
    --------
    The neuron of the main article has weighted sum 7:

    >>> sigmoid(7)
    0.9990889488055994
    >>> f"{sigmoid(7):.3f}"
    '0.999'
    >>> f"{sigmoid(3):.4f}", f"{sigmoid(-3):.4f}"
    ('0.9526', '0.0474')
    >>> sigmoid(np.array([-1e4, 0.0, 1e4]))
    array([0. , 0.5, 1. ])
    """
    values = as_float_array(z, "z", allow_empty=True)
    # exp of a non-positive number never overflows; pick the form that only needs that.
    small = np.exp(-np.abs(values))
    result = np.where(values >= 0, 1 / (1 + small), small / (1 + small))
    return float(result) if result.ndim == 0 else result


@overload
def sigmoid_derivative_from_sum(z: float) -> float: ...
@overload
def sigmoid_derivative_from_sum(z: np.ndarray) -> np.ndarray: ...
def sigmoid_derivative_from_sum(z: ArrayLike) -> float | np.ndarray:
    """The slope of the sigmoid at the weighted sum ``z``: ``f'(z) = f(z) (1 - f(z))``.

    Use this when you kept the *sum* (the main article's ``sum_h1``, ``sum_o1``).

    Parameters
    ----------
    z : float or array_like
        The weighted sum(s) that went *into* the sigmoid.

    Returns
    -------
    float or numpy.ndarray
        ``f'(z)``, at most 0.25 (reached at ``z = 0``).

    Examples
    --------
    The slope at the output neuron of the worked example, ``f'(0.0948)``:

    >>> f"{sigmoid_derivative_from_sum(0.0948):.3f}"
    '0.249'
    >>> sigmoid_derivative_from_sum(0)
    0.25

    It agrees with the other convention when each gets what it expects:

    >>> z = 0.0948
    >>> sigmoid_derivative_from_sum(z) == sigmoid_derivative_from_output(sigmoid(z))
    True
    """
    activation = sigmoid(z)
    return activation * (1 - activation)


@overload
def sigmoid_derivative_from_output(a: float) -> float: ...
@overload
def sigmoid_derivative_from_output(a: np.ndarray) -> np.ndarray: ...
def sigmoid_derivative_from_output(a: ArrayLike) -> float | np.ndarray:
    """The slope of the sigmoid, given its *output* ``a = f(z)``: ``f'(z) = a (1 - a)``.

    Use this when you kept the neuron's output (the two-layer article's ``layer1`` and
    ``output``). Values outside [0, 1] cannot be sigmoid outputs, so they are refused:
    they almost always mean a weighted sum was passed by mistake.

    Parameters
    ----------
    a : float or array_like
        Sigmoid output(s), each in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        ``a (1 - a)``.

    Raises
    ------
    ValueError
        If any value lies outside [0, 1].

    Examples
    --------
    >>> f"{sigmoid_derivative_from_output(0.524):.6f}"
    '0.249424'
    >>> sigmoid_derivative_from_output(7.0)
    Traceback (most recent call last):
        ...
    ValueError: a must be sigmoid outputs in [0, 1], got 7.0; to differentiate at a weighted sum use sigmoid_derivative_from_sum
    """
    values = as_float_array(a, "a", allow_empty=True)
    if np.any((values < 0) | (values > 1)):
        bad = values[(values < 0) | (values > 1)].flat[0]
        raise ValueError(
            f"a must be sigmoid outputs in [0, 1], got {bad}; to differentiate at a "
            "weighted sum use sigmoid_derivative_from_sum"
        )
    result = values * (1 - values)
    return float(result) if result.ndim == 0 else result
