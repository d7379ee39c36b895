"""The small data sets of the source articles, as NumPy arrays.

* The four people of the main article (weight in lb, height in in, F/M), their labels
  (female = 1, male = 0) and the shift that brings the numbers near zero (−135 lb, −66 in;
  the means, 141.25 lb and 66.75 in, would centre them exactly).
* The two new people whose gender the trained network predicts: Emily and Frank.
* The two-layer article's four rows of three bits with targets 0, 1, 1, 0.

Everything is returned as fresh arrays, so a caller can change them freely.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._checks import as_float_array

__all__ = [
    "HEIGHT_SHIFT",
    "WEIGHT_SHIFT",
    "new_people",
    "people",
    "people_table",
    "shift",
    "two_layer_data",
]

#: Subtracted from every weight (lb). The article picked it to make the numbers small;
#: the mean of the four weights (141.25 lb) would be the usual choice.
WEIGHT_SHIFT = 135
#: Subtracted from every height (in); the mean would be 66.75 in.
HEIGHT_SHIFT = 66

# name, weight (lb), height (in), gender
_PEOPLE = (
    ("Alice", 133, 65, "F"),
    ("Bob", 160, 72, "M"),
    ("Charlie", 152, 70, "M"),
    ("Diana", 120, 60, "F"),
)
_NEW_PEOPLE = (
    ("Emily", 128, 63),
    ("Frank", 155, 68),
)


def people_table() -> list[tuple[str, int, int, str]]:
    """The main article's measurements as printed: name, weight (lb), height (in), gender.

    Examples
    --------
    >>> for row in people_table():
    ...     print(*row)
    Alice 133 65 F
    Bob 160 72 M
    Charlie 152 70 M
    Diana 120 60 F
    """
    return list(_PEOPLE)


def shift(weight_lb: ArrayLike, height_in: ArrayLike) -> np.ndarray:
    """Centre raw measurements the way the article does: weight − 135, height − 66.

    Parameters
    ----------
    weight_lb, height_in : float or array_like
        Weight(s) in pounds and height(s) in inches, of the same shape.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., 2)``: the shifted weight and height side by side.

    Examples
    --------
    >>> shift(133, 65)
    array([-2., -1.])
    >>> shift([128, 155], [63, 68])
    array([[-7., -3.],
           [20.,  2.]])
    """
    weight = as_float_array(weight_lb, "weight_lb")
    height = as_float_array(height_in, "height_in")
    if weight.shape != height.shape:
        raise ValueError(
            "weight_lb and height_in must have the same shape, "
            f"got {weight.shape} and {height.shape}"
        )
    return np.stack([weight - WEIGHT_SHIFT, height - HEIGHT_SHIFT], axis=-1)


def people() -> tuple[np.ndarray, np.ndarray]:
    """The training set: shifted (weight, height) of the four people, and their labels.

    Returns
    -------
    x : numpy.ndarray
        Shape (4, 2): Alice, Bob, Charlie, Diana, each (weight − 135, height − 66).
    y : numpy.ndarray
        Shape (4,): 1 for female, 0 for male.

    Examples
    --------
    >>> x, y = people()
    >>> x
    array([[ -2.,  -1.],
           [ 25.,   6.],
           [ 17.,   4.],
           [-15.,  -6.]])
    >>> y
    array([1., 0., 0., 1.])
    """
    weights = [row[1] for row in _PEOPLE]
    heights = [row[2] for row in _PEOPLE]
    labels = [1.0 if row[3] == "F" else 0.0 for row in _PEOPLE]
    return shift(weights, heights), np.array(labels)


def new_people() -> tuple[list[str], np.ndarray]:
    """The two people the trained network is asked about, shifted like the training set.

    Returns
    -------
    names : list of str
        ``["Emily", "Frank"]``.
    x : numpy.ndarray
        Shape (2, 2): Emily (128 lb, 63 in) and Frank (155 lb, 68 in), shifted.

    Examples
    --------
    >>> names, x = new_people()
    >>> names
    ['Emily', 'Frank']
    >>> x
    array([[-7., -3.],
           [20.,  2.]])
    """
    names = [row[0] for row in _NEW_PEOPLE]
    return names, shift([row[1] for row in _NEW_PEOPLE], [row[2] for row in _NEW_PEOPLE])


def two_layer_data() -> tuple[np.ndarray, np.ndarray]:
    """The two-layer article's data set: three bits in, one target out.

    The target is the XOR of the first two bits; the third bit is always 1 and so plays
    the part of the hidden neurons' biases, which the network otherwise lacks (its
    output neuron has none at all).

    Returns
    -------
    x : numpy.ndarray
        Shape (4, 3).
    y : numpy.ndarray
        Shape (4, 1): 0, 1, 1, 0.

    Examples
    --------
    >>> x, y = two_layer_data()
    >>> x
    array([[0., 0., 1.],
           [0., 1., 1.],
           [1., 0., 1.],
           [1., 1., 1.]])
    >>> y.ravel()
    array([0., 1., 1., 0.])
    """
    x = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    return x, y
