"""Loss functions: how far the predictions are from the truth, as one number.

Training a network means making its loss small. The main article uses the *mean* squared
error; the two-layer article uses the *sum* of squares, which is the same thing times the
number of samples (so its gradients are that many times larger, too).

For classification the general networks use cross-entropy instead: the *binary*
cross-entropy for yes/no answers given by a sigmoid, the *categorical* cross-entropy for
one-of-k answers given by a softmax. Each comes twice: from probabilities (clipped away from
exactly 0 and 1 so that the logarithm stays finite), and from the scores before the last
activation (*logits*), fused with the activation into one formula that is exact and never
overflows. Networks use the fused forms.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _checks as check
from ._checks import checked

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "categorical_cross_entropy",
    "mse_loss",
    "softmax_cross_entropy",
    "sum_of_squares_loss",
]


# --8<-- [start:mse_loss]
@checked(check.squared_error)
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
    return float(np.mean((y_true - y_pred) ** 2))
# --8<-- [end:mse_loss]


# --8<-- [start:sum_of_squares_loss]
@checked(check.squared_error)
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
    return float(np.sum((y_true - y_pred) ** 2))
# --8<-- [end:sum_of_squares_loss]


# --8<-- [start:_clipped]
def _clipped(probabilities: np.ndarray) -> np.ndarray:
    # log(0) is -inf; the smallest step away from 0 and 1 that the dtype can represent
    # keeps every term finite while changing no probability a network really produces.
    tiny = np.finfo(probabilities.dtype).eps
    return np.clip(probabilities, tiny, 1 - tiny)
# --8<-- [end:_clipped]


# --8<-- [start:binary_cross_entropy]
@checked(check.binary_probabilities)
def binary_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean binary cross-entropy ``-mean(y log p + (1 - y) log(1 - p))``.

    The loss of a yes/no prediction ``p`` (a probability, typically a sigmoid output) when
    the truth is ``y`` (0 or 1, or a probability). Confidently wrong answers cost a lot:
    ``-log p`` grows without bound as ``p → 0``. Predictions of exactly 0 or 1 are clipped
    to the nearest representable probabilities, so the loss stays finite.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1].
    y_pred : array_like
        Predicted probabilities in [0, 1], of the same shape.

    Returns
    -------
    float
        The mean over all entries.

    Examples
    --------
    >>> f"{binary_cross_entropy([1, 0], [0.9, 0.2]):.4f}"  # (-log 0.9 - log 0.8) / 2
    '0.1643'
    >>> f"{binary_cross_entropy([1], [0.0]):.2f}"  # -log(2.2e-16), not inf
    '36.04'
    """
    p = _clipped(y_pred)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log1p(-p)))
# --8<-- [end:binary_cross_entropy]


# --8<-- [start:binary_cross_entropy_from_logits]
@checked(check.binary_logits)
def binary_cross_entropy_from_logits(y_true: ArrayLike, z: ArrayLike) -> float:
    """Binary cross-entropy of ``p = σ(z)``, fused with the sigmoid: exact for any ``z``.

    Substituting ``p = σ(z)`` into the loss and simplifying gives, per entry,
    ``max(z, 0) - z y + log(1 + e^(-|z|))``: no exponent is positive and no logarithm sees
    0, so even ``z = ±1e4`` gives the exact answer.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1].
    z : array_like
        Logits (the sums fed to the sigmoid), of the same shape.

    Returns
    -------
    float
        The mean over all entries.

    Examples
    --------
    >>> z = [2.0, -1.5]
    >>> f"{binary_cross_entropy_from_logits([1, 0], z):.6f}"
    '0.164171'
    >>> from nnfromscratch.activations import sigmoid
    >>> f"{binary_cross_entropy([1, 0], sigmoid(np.array(z))):.6f}"
    '0.164171'
    >>> binary_cross_entropy_from_logits([1, 1], [1e4, -1e4])  # (0 + 1e4) / 2
    5000.0
    """
    return float(np.mean(np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))))
# --8<-- [end:binary_cross_entropy_from_logits]


# --8<-- [start:categorical_cross_entropy]
@checked(check.categorical_probabilities)
def categorical_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean categorical cross-entropy ``-mean over samples of Σ_classes y log p``.

    With one-hot targets this is the average of ``-log(probability given to the right
    class)``. Probabilities of exactly 0 are clipped, so the loss stays finite.

    Parameters
    ----------
    y_true : array_like, shape (n_samples, n_classes)
        One-hot targets (or class probabilities); each row sums to 1.
    y_pred : array_like, shape (n_samples, n_classes)
        Predicted probabilities, typically softmax outputs.

    Returns
    -------
    float
        The mean over the samples.

    Examples
    --------
    >>> f"{categorical_cross_entropy([[0, 1, 0]], [[0.2, 0.7, 0.1]]):.4f}"  # -log 0.7
    '0.3567'
    """
    return float(-np.mean(np.sum(y_true * np.log(_clipped(y_pred)), axis=-1)))
# --8<-- [end:categorical_cross_entropy]


# --8<-- [start:softmax_cross_entropy]
@checked(check.categorical_logits)
def softmax_cross_entropy(y_true: ArrayLike, z: ArrayLike) -> float:
    """Categorical cross-entropy of ``softmax(z)``, fused: ``mean(logsumexp(z) - Σ y z)``.

    Since ``log softmax(z)_i = z_i - logsumexp(z)`` and each row of ``y`` sums to 1, the
    loss needs no softmax and no logarithm of a probability at all, and the log-sum-exp
    is computed stably. Its gradient with respect to ``z`` is just ``softmax(z) - y``
    (divided by the number of samples), which is why networks pair the two.

    Parameters
    ----------
    y_true : array_like, shape (n_samples, n_classes)
        One-hot targets (or class probabilities); each row sums to 1.
    z : array_like, shape (n_samples, n_classes)
        Logits (the scores fed to the softmax).

    Returns
    -------
    float
        The mean over the samples.

    Examples
    --------
    >>> from nnfromscratch.activations import softmax
    >>> y, z = [[0, 1, 0]], [[1.0, 3.0, -2.0]]
    >>> f"{softmax_cross_entropy(y, z):.6f}", f"{categorical_cross_entropy(y, softmax(z)):.6f}"
    ('0.132845', '0.132845')
    >>> softmax_cross_entropy([[1, 0]], [[-1e4, 1e4]])  # the right class got e^(-2e4)
    20000.0
    """
    peak = z.max(axis=1, keepdims=True)
    log_normaliser = np.log(np.exp(z - peak).sum(axis=1)) + peak[:, 0]
    return float(np.mean(log_normaliser - np.sum(y_true * z, axis=1)))
# --8<-- [end:softmax_cross_entropy]
