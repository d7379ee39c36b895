"""Training the 2-2-1 network one sample at a time, as the main article does (it says SGD).

One sample at a time, in order, every weight and bias takes a small step against its
partial derivative (the article calls this SGD; visiting the samples in a fixed order, it is
strictly *online* gradient descent, since nothing is drawn at random)::

    w ← w − η · ∂L/∂w

with learning rate ``η``. One pass over the data set is an *epoch*. Every
``report_every`` epochs the mean squared error over the whole data set is recorded and,
if asked, reported as ``Epoch N loss: x.xxx``.

The article starts from weights drawn by ``np.random.normal()`` with no seed, so its
numbers cannot be reproduced; here the start comes from a seed, and the same seed gives
the same run (bit for bit with the same NumPy and C library; see chapter 5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, check_positive_int, check_positive_number, check_same_length
from .backprop import Parameters, backprop, forward
from .losses import mse_loss

__all__ = ["TrainingDivergedError", "TrainingResult", "predict", "train_sgd"]


class TrainingDivergedError(FloatingPointError):
    """Training produced a NaN or infinite value, almost always a learning rate too large."""


@dataclass(frozen=True)
class TrainingResult:
    """What `train_sgd` returns: the trained parameters and the recorded losses.

    Attributes
    ----------
    params : Parameters
        The weights and biases after the last epoch.
    history : list of (int, float)
        ``(epoch, loss)`` for every reported epoch: 0, 10, 20, … by default.
    """

    params: Parameters
    history: list[tuple[int, float]]

    def report_lines(self) -> list[str]:
        """The progress lines the article prints, ``Epoch N loss: x.xxx``.

        Examples
        --------
        >>> x, y = [[-2, -1]], [1]
        >>> train_sgd(Parameters.constant(1, 0), x, y, epochs=3, report_every=1).report_lines()
        ['Epoch 0 loss: 0.221', 'Epoch 1 loss: 0.215', 'Epoch 2 loss: 0.210']
        """
        return [format_report(epoch, loss) for epoch, loss in self.history]


def format_report(epoch: int, loss: float) -> str:
    """One progress line in the article's format.

    Examples
    --------
    >>> format_report(10, 0.123456)
    'Epoch 10 loss: 0.123'
    """
    return f"Epoch {epoch} loss: {loss:.3f}"


def predict(params: Parameters, x: ArrayLike) -> np.ndarray:
    """The network's outputs ``y_pred`` for each row of `x`.

    Parameters
    ----------
    params : Parameters
        The weights and biases.
    x : array_like
        Shape ``(n, 2)``: one ``[x1, x2]`` per row.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``.

    Examples
    --------
    >>> predict(Parameters.constant(1, 0), [[-2, -1], [25, 6]]).round(3)
    array([0.524, 0.881])
    """
    samples = as_float_array(x, "x", ndim=2, shape=(None, 2))
    return np.array([forward(params, sample).o1 for sample in samples])


def train_sgd(
    params: Parameters,
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float = 0.1,
    epochs: int = 1000,
    report_every: int = 10,
    on_report: Callable[[str], object] | None = None,
) -> TrainingResult:
    """Train the 2-2-1 network by gradient descent, one sample at a time, in order.

    The article calls this stochastic gradient descent; since the order is fixed and nothing
    is drawn at random, it is strictly online gradient descent (the name is kept).

    Parameters
    ----------
    params : Parameters
        The starting weights and biases (`Parameters.random` with a seed, for example).
    x : array_like
        Shape ``(n, 2)``: the inputs.
    y : array_like
        Shape ``(n,)``: the labels.
    learning_rate : float
        The step size ``η``; the article uses 0.1.
    epochs : int
        Passes over the data; the article uses 1000.
    report_every : int
        Record the loss at epochs 0, ``report_every``, ``2·report_every``, …
    on_report : callable, optional
        Called with each line ``Epoch N loss: x.xxx`` as it is recorded (pass `print`
        to watch training as the article does).

    Returns
    -------
    TrainingResult
        The trained parameters and the loss history.

    Raises
    ------
    TrainingDivergedError
        If a weight or the loss stops being finite; the message names the epoch.

    Examples
    --------
    The article's training run, from a seeded start:

    >>> from nnfromscratch.datasets import people
    >>> x, y = people()
    >>> result = train_sgd(Parameters.random(rng=0), x, y)
    >>> lines = result.report_lines()
    >>> len(lines), lines[0], lines[-1]
    (100, 'Epoch 0 loss: 0.292', 'Epoch 990 loss: 0.002')
    """
    if not isinstance(params, Parameters):
        raise TypeError(f"params must be Parameters, got {type(params).__name__}")
    inputs = as_float_array(x, "x", ndim=2, shape=(None, 2))
    labels = as_float_array(y, "y", ndim=1)
    check_same_length(inputs, "x", labels, "y")
    eta = check_positive_number(learning_rate, "learning_rate")
    epochs = check_positive_int(epochs, "epochs")
    report_every = check_positive_int(report_every, "report_every")

    weights = params.as_array()
    history: list[tuple[int, float]] = []
    for epoch in range(epochs):
        largest_step = 0.0
        for sample, label in zip(inputs, labels, strict=True):
            # --8<-- [start:step]
            gradient = backprop(Parameters.from_array(weights), sample, label).gradient.as_array()
            # An overflow here is reported below as divergence, not as a warning per step.
            with np.errstate(over="ignore", invalid="ignore"):
                weights = weights - eta * gradient  # w <- w - eta * dL/dw, all nine at once
            # --8<-- [end:step]
            if not np.all(np.isfinite(weights)):
                raise TrainingDivergedError(
                    f"training diverged in epoch {epoch}: a weight became "
                    f"{weights[~np.isfinite(weights)][0]}; learning_rate={eta:g} is too large"
                )
            largest_step = max(largest_step, float(np.abs(gradient).max()))
        loss = mse_loss(labels, predict(Parameters.from_array(weights), inputs))
        if largest_step == 0.0 and loss > 0.0:
            # Every gradient is 0 while some prediction is wrong: only a saturated output
            # neuron does that (its slope is a factor of all nine partial derivatives).
            raise TrainingDivergedError(
                f"training stalled in epoch {epoch}: every gradient is exactly 0 while the loss "
                f"is {loss:.3f}; the output neuron is saturated, so learning_rate={eta:g} is "
                "too large"
            )
        if epoch % report_every == 0:
            history.append((epoch, loss))
            if on_report is not None:
                on_report(format_report(epoch, loss))
    return TrainingResult(Parameters.from_array(weights), history)
