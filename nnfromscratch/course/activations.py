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

Beyond the articles, the general networks of `nnfromscratch.general.mlp` also use the hyperbolic
tangent, the rectified linear unit and the softmax, defined at the end of this module
together with the log-sum-exp that keeps the softmax finite.

Scalars in give Python floats out; arrays in give arrays out. A single number is computed
with `math`, because NumPy's overhead per call is larger than the arithmetic itself.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from .._checks import as_float_array, describe, number_or_array
from .._door import checked

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


# --8<-- [start:sigmoid]
@checked(z=number_or_array)
def sigmoid(z: float | np.ndarray) -> float | np.ndarray:
    """The logistic sigmoid ``f(z) = 1 / (1 + e^(-z))``, squashing into (0, 1).

    Exactly, every value is strictly between 0 and 1; in float64 the result
    rounds to exactly 1.0 from ``z`` about 36.74 up, and to 0.0 below about
    -745.13. Computed without overflow: for negative ``z`` the algebraically
    equal ``e^z / (1 + e^z)`` is used, so ``sigmoid(-1e4)`` is 0.0 with no
    warning.

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
    if isinstance(z, float):
        if z >= 0:
            return 1 / (1 + math.exp(-z))
        return math.exp(z) / (1 + math.exp(z))
    # exp of a number <= 0 never overflows; each form below needs only that.
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, small) / (1 + small)
# --8<-- [end:sigmoid]


# --8<-- [start:sigmoid_derivative_from_sum]
@checked(z=number_or_array)
def sigmoid_derivative_from_sum(z: float | np.ndarray) -> float | np.ndarray:
    """The sigmoid's slope at the weighted sum ``z``: ``f(z) (1 - f(z))``.

    Use this when you kept the *sum* (the main article's ``sum_h1``,
    ``sum_o1``).

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
    >>> from_output = sigmoid_derivative_from_output(sigmoid(z))
    >>> sigmoid_derivative_from_sum(z) == from_output
    True
    """
    activation = sigmoid(z)
    return activation * (1 - activation)
# --8<-- [end:sigmoid_derivative_from_sum]


def _sigmoid_outputs(a: Any, name: str) -> float | np.ndarray:
    """Values a sigmoid can give, in [0, 1]."""
    values = as_float_array(a, name, allow_empty=True)
    if np.any((values < 0) | (values > 1)):
        bad = values[(values < 0) | (values > 1)].flat[0]
        raise ValueError(
            f"{name} must be sigmoid outputs in [0, 1], got {bad}; to differentiate at a "
            "weighted sum use sigmoid_derivative_from_sum"
        )
    return float(values) if values.ndim == 0 else values


# --8<-- [start:sigmoid_derivative_from_output]
@checked(a=_sigmoid_outputs)
def sigmoid_derivative_from_output(a: float | np.ndarray) -> float | np.ndarray:
    """The sigmoid's slope from its *output* ``a = f(z)``: ``a (1 - a)``.

    Use this when you kept the neuron's output (the two-layer article's
    ``layer1`` and ``output``). Values outside [0, 1] cannot be sigmoid outputs,
    so they are refused: they almost always mean a weighted sum was passed by
    mistake.

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
    ValueError: a must be sigmoid outputs in [0, 1], got 7.0; ...
    """
    return a * (1 - a)
# --8<-- [end:sigmoid_derivative_from_output]


# --8<-- [start:tanh]
@checked(z=number_or_array)
def tanh(z: float | np.ndarray) -> float | np.ndarray:
    """The hyperbolic tangent ``(e^z - e^(-z)) / (e^z + e^(-z))``, into (-1, 1).

    It is a sigmoid stretched and shifted, ``tanh(z) = 2 σ(2z) - 1``, so it is
    centred on zero; its slope is ``1 - tanh(z)²``, at most 1 (four times the
    sigmoid's best).

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
    return math.tanh(z) if isinstance(z, float) else np.tanh(z)
# --8<-- [end:tanh]


# --8<-- [start:relu]
@checked(z=number_or_array)
def relu(z: float | np.ndarray) -> float | np.ndarray:
    """The rectified linear unit ``relu(z) = max(0, z)``.

    Its slope is 1 for positive ``z`` and 0 for negative ``z`` (at exactly 0 we
    use 0, as most libraries do). It never saturates for positive sums, the
    usual explanation of why deep networks often train faster with it than with
    the sigmoid (Glorot, Bordes and Bengio, "Deep sparse rectifier neural
    networks", 2011). The course's comparison, with one hidden layer and each
    activation at its own tuned learning rate, finds no clear winner; it does
    not test depth.

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
    return max(z, 0.0) if isinstance(z, float) else np.maximum(z, 0)
# --8<-- [end:relu]


def _scores(z: Any, axis: Any) -> dict[str, Any]:
    """Scores with at least one dimension (one per class), not empty; `axis` one of them."""
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


# --8<-- [start:softmax]
@checked(_scores, overflow=("z",))
def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Turn scores into probabilities: ``softmax(z)_i = e^(z_i) / Σ_j e^(z_j)``.

    Subtracting the largest score first changes nothing mathematically (the
    factor ``e^(-max)`` cancels) but keeps every exponent at most 0, so no
    ``e^z`` overflows.

    Parameters
    ----------
    z : array_like
        Scores (logits), at least one dimension; for a batch, one row per
        sample.
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
    exps = np.exp(z - z.max(axis=axis, keepdims=True))
    return exps / exps.sum(axis=axis, keepdims=True)
# --8<-- [end:softmax]


# --8<-- [start:logsumexp]
@checked(_scores, overflow=("z",))
def logsumexp(z: np.ndarray, axis: int = -1) -> float | np.ndarray:
    """``log Σ e^z`` along `axis`, computed without overflow.

    Written as ``m + log Σ e^(z - m)`` with ``m = max z``: every exponent is at
    most 0, so nothing overflows, and the largest term is exactly 1, so the log
    never sees 0.

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
    peak = z.max(axis=axis, keepdims=True)
    total = np.exp(z - peak).sum(axis=axis, keepdims=True)
    result = np.squeeze(np.log(total) + peak, axis)
    return float(result) if result.ndim == 0 else result
# --8<-- [end:logsumexp]


# --8<-- [start:log_softmax]
@checked(_scores, overflow=("z",))
def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """``log softmax(z) = z - logsumexp(z)``: log-probabilities, finite if tiny.

    Parameters
    ----------
    z : array_like
        Scores (logits), at least one dimension.
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    numpy.ndarray
        Same shape as `z`; each slice along `axis` exponentiates to
        probabilities summing to 1.

    Examples
    --------
    >>> log_softmax([0.0, 1e4])  # softmax gives exactly 0 to the first class
    array([-10000.,      0.])
    """
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
# --8<-- [end:log_softmax]
