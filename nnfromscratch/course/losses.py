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

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._checks import as_float_array
from .._door import checked

__all__ = [
    "LOSSES",
    "BinaryCrossEntropy",
    "CategoricalCrossEntropy",
    "Loss",
    "MeanSquaredError",
    "SumOfSquares",
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "categorical_cross_entropy",
    "mse_loss",
    "softmax_cross_entropy",
    "sum_of_squares_loss",
]


# The doors of the loss functions: a pair of the same shape, targets in range.


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


def _squared_error(y_true: Any, y_pred: Any) -> dict[str, Any]:
    truth, prediction = _pair(y_true, y_pred, "y_pred")
    return {"y_true": truth, "y_pred": prediction}


def _binary_probabilities(y_true: Any, y_pred: Any) -> dict[str, Any]:
    truth, prediction = _pair(y_true, y_pred, "y_pred")
    _targets_in_unit_interval(truth)
    _probabilities(prediction, "binary_cross_entropy_from_logits")
    return {"y_true": truth, "y_pred": prediction}


def _binary_logits(y_true: Any, z: Any) -> dict[str, Any]:
    truth, logits = _pair(y_true, z, "z")
    _targets_in_unit_interval(truth)
    return {"y_true": truth, "z": logits}


def _categorical_probabilities(y_true: Any, y_pred: Any) -> dict[str, Any]:
    truth, prediction = _pair(y_true, y_pred, "y_pred")
    _probability_rows(truth)
    _probabilities(prediction, "softmax_cross_entropy")
    return {"y_true": truth, "y_pred": prediction}


def _categorical_logits(y_true: Any, z: Any) -> dict[str, Any]:
    truth, logits = _pair(y_true, z, "z")
    if truth.ndim != 2:
        raise ValueError(f"y_true must have shape (n_samples, n_classes), got {truth.shape}")
    _probability_rows(truth)
    return {"y_true": truth, "z": logits}


# --8<-- [start:mse_loss]
@checked(_squared_error, overflow=("y_true", "y_pred"))
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
    A network that always answers 0 (male) on the four people of the main
    article:

    >>> mse_loss([1, 0, 0, 1], [0, 0, 0, 0])
    0.5

    With only Alice, the loss is her squared error ``(1 - y_pred)²``:

    >>> f"{mse_loss([1], [0.524]):.6f}"
    '0.226576'
    """
    return float(np.mean((y_true - y_pred) ** 2))
# --8<-- [end:mse_loss]


# --8<-- [start:sum_of_squares_loss]
@checked(_squared_error, overflow=("y_true", "y_pred"))
def sum_of_squares_loss(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Sum of squared errors ``Σ (y_true - y_pred)²`` (the two-layer article's).

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
    >>> y_true, y_pred = [1, 0, 0, 1], [0, 0, 0, 0]
    >>> sum_of_squares_loss(y_true, y_pred) == 4 * mse_loss(y_true, y_pred)
    True
    """
    return float(((y_true - y_pred) ** 2).sum())
# --8<-- [end:sum_of_squares_loss]


# --8<-- [start:clipped]
def _clipped(probabilities: np.ndarray) -> np.ndarray:
    # log(0) is -inf. Keeping every probability at least machine epsilon away
    # from 0 and 1 (2.2e-16 in float64) keeps every term finite; it changes only
    # probabilities that close to 0 or 1, which a sigmoid gives for sums beyond
    # about ±36 (networks use the fused losses from the sums instead, which need
    # no clipping).
    tiny = np.finfo(probabilities.dtype).eps
    return np.clip(probabilities, tiny, 1 - tiny)
# --8<-- [end:clipped]


# --8<-- [start:binary_cross_entropy]
@checked(_binary_probabilities)
def binary_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean binary cross-entropy ``-mean(y log p + (1 - y) log(1 - p))``.

    The loss of a yes/no prediction ``p`` (a probability, typically a sigmoid
    output) when the truth is ``y`` (0 or 1, or a probability). Confidently
    wrong answers cost a lot: ``-log p`` grows without bound as ``p → 0``.
    Predictions closer to 0 or 1 than machine epsilon (about 2.2e-16 in float64)
    are clipped to that distance, so the loss stays finite.

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
    >>> # (-log 0.9 - log 0.8) / 2
    >>> f"{binary_cross_entropy([1, 0], [0.9, 0.2]):.4f}"
    '0.1643'
    >>> f"{binary_cross_entropy([1], [0.0]):.2f}"  # -log(2.2e-16), not inf
    '36.04'
    """
    p = _clipped(y_pred)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log1p(-p)))
# --8<-- [end:binary_cross_entropy]


# --8<-- [start:binary_cross_entropy_from_logits]
@checked(_binary_logits, overflow=("z",))
def binary_cross_entropy_from_logits(y_true: ArrayLike, z: ArrayLike) -> float:
    """Binary cross-entropy of ``p = σ(z)``, fused: accurate for any ``z``.

    Substituting ``p = σ(z)`` into the loss and simplifying gives, per entry,
    ``max(z, 0) - z y + log(1 + e^(-|z|))``: no exponent is positive and no
    logarithm sees 0, so even ``z = ±1e4`` gives the right answer. For targets
    0 and 1 every term is accurate to the last bits; for a target just inside
    (0, 1) and a large ``z``, ``max(z, 0) - z y`` cancels digits (``y =
    0.999999`` at ``z = 33`` keeps about ten).

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
    >>> from nnfromscratch.course.activations import sigmoid
    >>> f"{binary_cross_entropy([1, 0], sigmoid(np.array(z))):.6f}"
    '0.164171'
    >>> binary_cross_entropy_from_logits([1, 1], [1e4, -1e4])  # (0 + 1e4) / 2
    5000.0
    """
    softplus = np.log1p(np.exp(-np.abs(z)))  # log(1 + e^(-|z|)): no overflow
    return float(np.mean(np.maximum(z, 0) - z * y_true + softplus))
# --8<-- [end:binary_cross_entropy_from_logits]


# --8<-- [start:categorical_cross_entropy]
@checked(_categorical_probabilities)
def categorical_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Categorical cross-entropy ``-mean over samples of Σ_classes y log p``.

    With one-hot targets this is the average of ``-log(probability given to the
    right class)``. Probabilities smaller than machine epsilon (about 2.2e-16 in
    float64), such as an exact 0, are clipped up to it, so the loss stays
    finite.

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
    >>> y, p = [[0, 1, 0]], [[0.2, 0.7, 0.1]]
    >>> f"{categorical_cross_entropy(y, p):.4f}"  # -log 0.7
    '0.3567'
    """
    return float(-np.mean(np.sum(y_true * np.log(_clipped(y_pred)), axis=-1)))
# --8<-- [end:categorical_cross_entropy]


# --8<-- [start:softmax_cross_entropy]
@checked(_categorical_logits, overflow=("z",))
def softmax_cross_entropy(y_true: ArrayLike, z: ArrayLike) -> float:
    """Cross-entropy of ``softmax(z)``, fused: ``mean(logsumexp(z) - Σ y z)``.

    Since ``log softmax(z)_i = z_i - logsumexp(z)`` and each row of ``y`` sums
    to 1, the loss needs no softmax and no logarithm of a probability at all,
    and the log-sum-exp is computed stably. Its gradient with respect to ``z``
    is just ``softmax(z) - y`` (divided by the number of samples), which is why
    networks pair the two.

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
    >>> from nnfromscratch.course.activations import softmax
    >>> y, z = [[0, 1, 0]], [[1.0, 3.0, -2.0]]
    >>> fused = softmax_cross_entropy(y, z)
    >>> f"{fused:.6f}", f"{categorical_cross_entropy(y, softmax(z)):.6f}"
    ('0.132845', '0.132845')
    >>> # The right class got e^(-2e4):
    >>> softmax_cross_entropy([[1, 0]], [[-1e4, 1e4]])
    20000.0
    """
    peak = z.max(axis=1, keepdims=True)
    log_normaliser = np.log(np.exp(z - peak).sum(axis=1)) + peak[:, 0]
    return float(np.mean(log_normaliser - np.sum(y_true * z, axis=1)))
# --8<-- [end:softmax_cross_entropy]


# ----- the losses of the general networks, as objects -----------------------------------
# Like an activation layer, each loss is a small object: its value, and the gradient that
# starts the backward pass. A cross-entropy is *fused* with the output activation it is
# made for (`output`): its gradient is taken with respect to that activation's input z,
# where it is simply (ŷ - y) / n, so the network skips that activation's own backward.


# --8<-- [start:Loss]
class Loss:
    """A loss for `nnfromscratch.general.mlp.MLP`: ``value`` and ``gradient``.

    Examples
    --------
    >>> [cls.name for cls in Loss.__subclasses__()]
    ['mse', 'sum_of_squares', 'binary_cross_entropy',
     'categorical_cross_entropy']
    """

    name = "loss"
    # : The output activation the loss is fused with (None: any output, not
    # fused).
    output: str | None = None
    #: Whether the loss of an epoch is the sum over its samples (else the mean).
    summed = False
    #: Whether the targets are classes, so that accuracy means something.
    classifies = False

    def value(self, y_hat: np.ndarray, z: np.ndarray, y: np.ndarray) -> float:
        """The loss of outputs `y_hat` (from last sums `z`) for targets `y`."""
        raise NotImplementedError  # pragma: no cover - abstract

    def gradient(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``∂L/∂ŷ``, or ``∂L/∂z`` for a loss fused with its activation."""
        raise NotImplementedError  # pragma: no cover - abstract

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
# --8<-- [end:Loss]


# --8<-- [start:MeanSquaredError]
class MeanSquaredError(Loss):
    """``mean((ŷ - y)²)`` over all outputs; ``∂L/∂ŷ = 2 (ŷ - y) / size``.

    Examples
    --------
    >>> y_hat, y = np.array([[1.0], [0.0]]), np.array([[0.0], [0.0]])
    >>> MeanSquaredError().gradient(y_hat, y)
    array([[1.],
           [0.]])
    """

    name = "mse"

    def value(self, y_hat: np.ndarray, z: np.ndarray, y: np.ndarray) -> float:
        """``mean((ŷ - y)²)``."""
        return float(np.mean(np.square(y_hat - y)))

    def gradient(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``2 (ŷ - y) / size``."""
        return (y_hat - y) * (2.0 / y_hat.size)
# --8<-- [end:MeanSquaredError]


# --8<-- [start:SumOfSquares]
class SumOfSquares(Loss):
    """``Σ (ŷ - y)²`` (the two-layer article's loss); ``∂L/∂ŷ = 2 (ŷ - y)``.

    Examples
    --------
    >>> y_hat, y = np.array([[1.0], [0.0]]), np.array([[0.0], [0.0]])
    >>> SumOfSquares().value(y_hat, None, y)
    1.0
    """

    name = "sum_of_squares"
    summed = True

    def value(self, y_hat: np.ndarray, z: np.ndarray, y: np.ndarray) -> float:
        """``Σ (ŷ - y)²``."""
        return float(np.sum(np.square(y_hat - y)))

    def gradient(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``2 (ŷ - y)``."""
        return (y_hat - y) * 2.0
# --8<-- [end:SumOfSquares]


# --8<-- [start:BinaryCrossEntropy]
class BinaryCrossEntropy(Loss):
    """Binary cross-entropy fused with a sigmoid; ``∂L/∂z = (ŷ - y) / size``.

    The value comes from the sums ``z``, as in
    `binary_cross_entropy_from_logits`.

    Examples
    --------
    >>> z, y = np.array([[2.0], [-1.5]]), np.array([[1], [0]])
    >>> f"{BinaryCrossEntropy().value(None, z, y):.6f}"
    '0.164171'
    """

    name = "binary_cross_entropy"
    output = "sigmoid"
    classifies = True

    def value(self, y_hat: np.ndarray, z: np.ndarray, y: np.ndarray) -> float:
        """``mean(max(z, 0) - z y + log(1 + e^(-|z|)))``."""
        softplus = np.log1p(np.exp(-np.abs(z)))
        return float(np.mean(np.maximum(z, 0) - z * y + softplus))

    def gradient(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``(ŷ - y) / size``, with respect to ``z``."""
        return (y_hat - y) / y_hat.size
# --8<-- [end:BinaryCrossEntropy]


# --8<-- [start:CategoricalCrossEntropy]
class CategoricalCrossEntropy(Loss):
    """Categorical cross-entropy fused with a softmax; ``∂L/∂z = (ŷ - y) / n``.

    The value comes from the sums ``z``, as in `softmax_cross_entropy`.

    Examples
    --------
    >>> loss = CategoricalCrossEntropy()
    >>> z, y = np.array([[1.0, 3.0, -2.0]]), np.array([[0, 1, 0]])
    >>> f"{loss.value(None, z, y):.6f}"
    '0.132845'
    """

    name = "categorical_cross_entropy"
    output = "softmax"
    classifies = True

    def value(self, y_hat: np.ndarray, z: np.ndarray, y: np.ndarray) -> float:
        """``mean over the rows of logsumexp(z) - Σ y z``."""
        peak = z.max(axis=1, keepdims=True)
        log_normalisers = np.log(np.exp(z - peak).sum(axis=1)) + peak[:, 0]
        return float(np.mean(log_normalisers - np.sum(y * z, axis=1)))

    def gradient(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``(ŷ - y) / n``, with respect to ``z``."""
        return (y_hat - y) / len(y)
# --8<-- [end:CategoricalCrossEntropy]


# --8<-- [start:LOSSES]
LOSSES: dict[str, type[Loss]] = {cls.name: cls for cls in Loss.__subclasses__()}
"""Every loss of the general networks, by the name networks and files use."""
# --8<-- [end:LOSSES]
