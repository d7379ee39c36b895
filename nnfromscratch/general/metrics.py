"""Class labels and how to score them: one-hot encoding, accuracy, the confusion matrix.

A classifier with ``k`` classes answers with ``k`` numbers per sample (a softmax gives
probabilities); the predicted class is the position of the largest. Targets are written the
same way, as *one-hot* rows: a 1 at the right class and 0 elsewhere.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._checks import as_array, check_positive_int, check_same_length, check_size, describe

__all__ = ["accuracy", "confusion_matrix", "one_hot"]


def _as_labels(labels: ArrayLike, name: str) -> np.ndarray:
    array = as_array(labels, name)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if array.dtype.kind == "b" or array.dtype.kind not in "iu":
        raise TypeError(f"{name} must be whole-number class labels, got {describe(array)}")
    if array.ndim != 1:
        raise ValueError(f"{name} must have 1 dimension, got shape {array.shape}")
    if array.min() < 0:
        raise ValueError(f"{name} must be labels 0, 1, 2, ..., got {array.min()}")
    return array


def one_hot(labels: ArrayLike, n_classes: int | None = None) -> np.ndarray:
    """Turn class labels ``0..k-1`` into one-hot rows.

    Parameters
    ----------
    labels : array_like of int, shape (n_samples,)
        The classes.
    n_classes : int, optional
        ``k``; by default one more than the largest label.

    Returns
    -------
    numpy.ndarray of float64, shape (n_samples, n_classes)

    Examples
    --------
    >>> one_hot([2, 0, 1])
    array([[0., 0., 1.],
           [1., 0., 0.],
           [0., 1., 0.]])
    >>> one_hot([3], n_classes=3)
    Traceback (most recent call last):
        ...
    ValueError: labels must be below n_classes=3, got 3
    """
    array = _as_labels(labels, "labels")
    k = int(array.max()) + 1 if n_classes is None else check_positive_int(n_classes, "n_classes")
    # Refused before it is allocated: the size follows from the largest label, or n_classes.
    check_size(array.size * k, "labels" if n_classes is None else "n_classes",
               f"{array.size} one-hot rows of {k:,} classes")
    if array.max() >= k:
        raise ValueError(f"labels must be below n_classes={k}, got {array.max()}")
    encoded = np.zeros((array.size, k))
    encoded[np.arange(array.size), array] = 1.0
    return encoded


def accuracy(true_labels: ArrayLike, predicted_labels: ArrayLike) -> float:
    """The fraction of samples whose predicted class is the true one.

    Parameters
    ----------
    true_labels, predicted_labels : array_like of int, shape (n_samples,)

    Returns
    -------
    float
        Between 0 and 1.

    Examples
    --------
    >>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
    0.75
    """
    truth = _as_labels(true_labels, "true_labels")
    prediction = _as_labels(predicted_labels, "predicted_labels")
    check_same_length(truth, "true_labels", prediction, "predicted_labels")
    return float(np.mean(truth == prediction))


def confusion_matrix(
    true_labels: ArrayLike, predicted_labels: ArrayLike, n_classes: int | None = None
) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    Row ``i``, column ``j`` holds the number of samples of class ``i`` predicted as ``j``;
    the diagonal holds the correct answers.

    Parameters
    ----------
    true_labels, predicted_labels : array_like of int, shape (n_samples,)
    n_classes : int, optional
        By default one more than the largest label seen.

    Returns
    -------
    numpy.ndarray of int64, shape (n_classes, n_classes)

    Examples
    --------
    >>> confusion_matrix([0, 1, 2, 2], [0, 1, 1, 2])
    array([[1, 0, 0],
           [0, 1, 0],
           [0, 1, 1]])
    """
    truth = _as_labels(true_labels, "true_labels")
    prediction = _as_labels(predicted_labels, "predicted_labels")
    check_same_length(truth, "true_labels", prediction, "predicted_labels")
    largest = int(max(truth.max(), prediction.max()))
    if n_classes is None:
        k = largest + 1
    else:
        k = check_positive_int(n_classes, "n_classes")
        if largest >= k:
            raise ValueError(f"labels must be below n_classes={k}, got {largest}")
    check_size(k * k, "labels" if n_classes is None else "n_classes", f"{k:,} × {k:,} counts")
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (truth, prediction), 1)
    return counts
