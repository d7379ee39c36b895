"""Loss functions: how far the predictions are from the truth, as one number.

Training a network means making its loss small. The main article uses the *mean* squared
error; the two-layer article uses the *sum* of squares, which is the same thing times the
number of samples (so its gradients are that many times larger, too).
"""

from __future__ import annotations

from numpy.typing import ArrayLike

from ._checks import as_float_array

__all__ = ["mse_loss", "sum_of_squares_loss"]


def _pair(y_true: ArrayLike, y_pred: ArrayLike):
    truth = as_float_array(y_true, "y_true")
    prediction = as_float_array(y_pred, "y_pred")
    if truth.shape != prediction.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape, got {truth.shape} and {prediction.shape}"
        )
    return truth, prediction


def mse_loss(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error ``(1/n) Σ (y_true - y_pred)²``.

    Parameters
    ----------
    y_true : array_like
        The correct answers.
    y_pred : array_like
        The predictions, of the same shape.

    Returns
    -------
    float
        The average of the squared errors.

    Examples
    --------
    A network that always answers 0 (male) on the four people of the main article:

    >>> mse_loss([1, 0, 0, 1], [0, 0, 0, 0])
    0.5

    With only Alice, the loss is her squared error ``(1 - y_pred)²``:

    >>> f"{mse_loss([1], [0.524]):.6f}"
    '0.226576'
    """
    truth, prediction = _pair(y_true, y_pred)
    return float(((truth - prediction) ** 2).mean())


def sum_of_squares_loss(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Sum of squared errors ``Σ (y_true - y_pred)²``, the two-layer article's loss.

    Parameters
    ----------
    y_true : array_like
        The correct answers.
    y_pred : array_like
        The predictions, of the same shape.

    Returns
    -------
    float
        The total of the squared errors: ``n`` times `mse_loss`.

    Examples
    --------
    >>> sum_of_squares_loss([1, 0, 0, 1], [0, 0, 0, 0])
    2.0
    >>> sum_of_squares_loss([1, 0, 0, 1], [0, 0, 0, 0]) == 4 * mse_loss([1, 0, 0, 1], [0, 0, 0, 0])
    True
    """
    truth, prediction = _pair(y_true, y_pred)
    return float(((truth - prediction) ** 2).sum())
