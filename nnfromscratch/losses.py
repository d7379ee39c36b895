"""Loss functions: how far the predictions are from the truth, as one number.

Training a network means making its loss small. The main article uses the *mean* squared
error; the two-layer article uses the *sum* of squares, which is the same thing times the
number of samples (so its gradients are that many times larger, too).

For classification the general networks use cross-entropy instead: the *binary*
cross-entropy for yes/no answers given by a sigmoid, the *categorical* cross-entropy for
one-of-k answers given by a softmax. Each comes twice: from probabilities (clipped away from
exactly 0 and 1 so that the logarithm stays finite), and from the scores before the last
activation (*logits*), fused with the activation into one formula that needs no clipping,
stays accurate where the probabilities round to 0 or 1, and never overflows. Networks use
the fused forms.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "categorical_cross_entropy",
    "mse_loss",
    "softmax_cross_entropy",
    "sum_of_squares_loss",
]


def _pair(y_true: ArrayLike, y_pred: ArrayLike, pred_name: str = "y_pred"):
    truth = as_float_array(y_true, "y_true")
    prediction = as_float_array(y_pred, pred_name)
    if truth.shape != prediction.shape:
        raise ValueError(
            f"y_true and {pred_name} must have the same shape, got {truth.shape} and "
            f"{prediction.shape}"
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
    # --8<-- [start:mse]
    truth, prediction = _pair(y_true, y_pred)
    return float(((truth - prediction) ** 2).mean())
    # --8<-- [end:mse]


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


def _clipped(probabilities: np.ndarray) -> np.ndarray:
    # log(0) is -inf. Keeping every probability at least machine epsilon away from 0 and 1
    # (2.2e-16 in float64) keeps every term finite; it changes only probabilities that
    # close to 0 or 1, which a sigmoid gives for sums beyond about ±36 (networks use the
    # fused losses from the sums instead, which need no clipping).
    tiny = np.finfo(probabilities.dtype).eps
    return np.clip(probabilities, tiny, 1 - tiny)


def binary_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean binary cross-entropy ``-mean(y log p + (1 - y) log(1 - p))``.

    The loss of a yes/no prediction ``p`` (a probability, typically a sigmoid output) when
    the truth is ``y`` (0 or 1, or a probability). Confidently wrong answers cost a lot:
    ``-log p`` grows without bound as ``p → 0``. Predictions closer to 0 or 1 than machine
    epsilon (about 2.2e-16 in float64) are clipped to that distance, so the loss stays
    finite.

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
    truth, prediction = _pair(y_true, y_pred)
    _targets_in_unit_interval(truth)
    if np.any((prediction < 0) | (prediction > 1)):
        raise ValueError(
            "y_pred must hold probabilities in [0, 1]; for raw scores use "
            "binary_cross_entropy_from_logits"
        )
    p = _clipped(prediction)
    return float(-(truth * np.log(p) + (1 - truth) * np.log1p(-p)).mean())


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
    truth, logits = _pair(y_true, z, "z")
    _targets_in_unit_interval(truth)
    per_entry = np.maximum(logits, 0) - logits * truth + np.log1p(np.exp(-np.abs(logits)))
    return float(per_entry.mean())


def categorical_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean categorical cross-entropy ``-mean over samples of Σ_classes y log p``.

    With one-hot targets this is the average of ``-log(probability given to the right
    class)``. Probabilities smaller than machine epsilon (about 2.2e-16 in float64), such as
    an exact 0, are clipped up to it, so the loss stays finite.

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
    truth, prediction = _pair(y_true, y_pred)
    _probability_rows(truth)
    if np.any((prediction < 0) | (prediction > 1)):
        raise ValueError(
            "y_pred must hold probabilities in [0, 1]; for raw scores use softmax_cross_entropy"
        )
    return float(-(truth * np.log(_clipped(prediction))).sum(axis=-1).mean())


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
    truth, logits = _pair(y_true, z, "z")
    if truth.ndim != 2:
        raise ValueError(f"y_true must have shape (n_samples, n_classes), got {truth.shape}")
    _probability_rows(truth)
    peak = logits.max(axis=1, keepdims=True)
    log_normaliser = np.log(np.exp(logits - peak).sum(axis=1)) + peak[:, 0]
    return float((log_normaliser - (truth * logits).sum(axis=1)).mean())
