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

Beyond the articles, the general networks of `nnfromscratch.mlp` also use the hyperbolic
tangent, the rectified linear unit and the softmax, defined at the end of this module
together with the log-sum-exp that keeps the softmax finite.

Scalars in give Python floats out; arrays in give arrays out.
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array

__all__ = [
    "log_softmax",
    "logsumexp",
    "relu",
    "sigmoid",
    "sigmoid_derivative_from_output",
    "sigmoid_derivative_from_sum",
    "softmax",
    "tanh",
]


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
    # --8<-- [start:sigmoid]
    if type(z) is float and math.isfinite(z):
        # Plain Python floats (the hand-written networks) skip NumPy: same formula, faster.
        if z >= 0:
            return 1 / (1 + math.exp(-z))
        return math.exp(z) / (1 + math.exp(z))
    values = as_float_array(z, "z", allow_empty=True)
    # exp of a non-positive number never overflows; pick the form that only needs that.
    small = np.exp(-np.abs(values))
    result = np.where(values >= 0, 1 / (1 + small), small / (1 + small))
    return float(result) if result.ndim == 0 else result
    # --8<-- [end:sigmoid]


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
    ValueError: a must be sigmoid outputs in [0, 1], got 7.0; to differentiate at a weighted ...
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


@overload
def tanh(z: float) -> float: ...
@overload
def tanh(z: np.ndarray) -> np.ndarray: ...
def tanh(z: ArrayLike) -> float | np.ndarray:
    """The hyperbolic tangent ``tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z))``, into (-1, 1).

    It is a sigmoid stretched and shifted, ``tanh(z) = 2 σ(2z) - 1``, so it is centred on
    zero; its slope is ``1 - tanh(z)²``, at most 1 (four times the sigmoid's best).

    Parameters
    ----------
    z : float or array_like
        The weighted sum(s).

    Returns
    -------
    float or numpy.ndarray
        ``tanh(z)``: a float for a scalar, an array of the same shape otherwise.

    Examples
    --------
    >>> tanh(0)
    0.0
    >>> f"{tanh(1):.4f}", f"{2 * sigmoid(2) - 1:.4f}"
    ('0.7616', '0.7616')
    >>> tanh(np.array([-1e4, 1e4]))
    array([-1.,  1.])
    """
    values = as_float_array(z, "z", allow_empty=True)
    result = np.tanh(values)
    return float(result) if result.ndim == 0 else result


@overload
def relu(z: float) -> float: ...
@overload
def relu(z: np.ndarray) -> np.ndarray: ...
def relu(z: ArrayLike) -> float | np.ndarray:
    """The rectified linear unit ``relu(z) = max(0, z)``.

    Its slope is 1 for positive ``z`` and 0 for negative ``z`` (at exactly 0 we use 0, as
    most libraries do). It never saturates for positive sums, the usual explanation of why
    deep networks often train faster with it than with the sigmoid (Glorot, Bordes and
    Bengio, "Deep sparse rectifier neural networks", 2011). The course's comparison, with
    one hidden layer and each activation at its own tuned learning rate, finds no clear
    winner; it does not test depth.

    Parameters
    ----------
    z : float or array_like
        The weighted sum(s).

    Returns
    -------
    float or numpy.ndarray
        ``max(0, z)``.

    Examples
    --------
    >>> relu(-2.5), relu(3)
    (0.0, 3.0)
    >>> relu(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    values = as_float_array(z, "z", allow_empty=True)
    result = np.maximum(values, 0)
    return float(result) if result.ndim == 0 else result


def _at_least_1d(z: ArrayLike) -> np.ndarray:
    values = as_float_array(z, "z", allow_empty=True)
    if values.ndim == 0:
        raise ValueError(f"z must have at least 1 dimension (a score per class), got {z!r}")
    if values.size == 0:
        raise ValueError(f"z must not be empty, got shape {values.shape}")
    return values


def logsumexp(z: ArrayLike, axis: int = -1) -> float | np.ndarray:
    """``log Σ e^z`` along `axis`, computed without overflow.

    Written as ``m + log Σ e^(z - m)`` with ``m = max z``: every exponent is at most 0, so
    nothing overflows, and the largest term is exactly 1, so the log never sees 0.

    Parameters
    ----------
    z : array_like
        Scores (logits), at least one dimension.
    axis : int, default -1
        The axis to sum over.

    Returns
    -------
    float or numpy.ndarray
        A float for a 1-d `z`; otherwise an array with `axis` removed.

    Examples
    --------
    >>> f"{logsumexp([0.0, 0.0]):.6f}"  # log 2
    '0.693147'
    >>> logsumexp([1e4, 1e4])  # naive: log(inf + inf), with an overflow warning
    10000.69314718056
    """
    values = _at_least_1d(z)
    peak = values.max(axis=axis, keepdims=True)
    result = np.log(np.exp(values - peak).sum(axis=axis, keepdims=True)) + peak
    result = np.squeeze(result, axis=axis)
    return float(result) if result.ndim == 0 else result


def log_softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """``log softmax(z) = z - logsumexp(z)``: log-probabilities, finite even where they are tiny.

    Parameters
    ----------
    z : array_like
        Scores (logits), at least one dimension.
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    numpy.ndarray
        Same shape as `z`; each slice along `axis` exponentiates to probabilities summing to 1.

    Examples
    --------
    >>> log_softmax([0.0, 1e4])  # softmax would give exactly 0 for the first class
    array([-10000.,      0.])
    """
    values = _at_least_1d(z)
    peak = values.max(axis=axis, keepdims=True)
    shifted = values - peak
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """Turn scores into probabilities: ``softmax(z)_i = e^(z_i) / Σ_j e^(z_j)``.

    Subtracting the largest score first changes nothing mathematically (the factor
    ``e^(-max)`` cancels) but keeps every exponent at most 0, so no ``e^z`` overflows.

    Parameters
    ----------
    z : array_like
        Scores (logits), at least one dimension; for a batch, one row per sample.
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    numpy.ndarray
        Same shape as `z`, entries in [0, 1], summing to 1 along `axis`.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax([[-1e4, 0.0, 1e4]])
    array([[0., 0., 1.]])
    """
    values = _at_least_1d(z)
    exps = np.exp(values - values.max(axis=axis, keepdims=True))
    return exps / exps.sum(axis=axis, keepdims=True)
