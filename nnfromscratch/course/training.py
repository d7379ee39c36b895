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
the same run (bit for bit with the same NumPy and C library, whose ``exp`` the sigmoid
uses for single numbers; the errata page shows how other seeds' runs differ).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._checks import (
    as_float_array,
    callable_or_none,
    check_positive_int,
    check_positive_number,
    check_same_length,
    check_size,
)
from .._door import checked
from .activations import sigmoid
from .backprop import Parameters, _params_of, forward
from .losses import mse_loss

__all__ = ["TrainingDivergedError", "TrainingResult", "predict", "train_sgd"]


def _samples(x: Any, name: str) -> list[list[float]]:
    return as_float_array(x, name, ndim=2, shape=(None, 2)).tolist()


def _labels_for(params: Any, x: list[list[float]], y: Any, epochs: int, report_every: int,
                **_: Any) -> dict[str, Any]:
    labels = as_float_array(y, "y", ndim=1)
    check_same_length(x, "x", labels, "y")
    # The history keeps a loss per report: refused before it outgrows the memory.
    check_size(epochs // report_every + 1, "epochs", f"a report every {report_every}")
    return {"y": labels.tolist()}


# --8<-- [start:train_sgd]
@checked(_labels_for, params=_params_of, x=_samples, learning_rate=check_positive_number,
         epochs=check_positive_int, report_every=check_positive_int,
         on_report=callable_or_none)
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
    """Train the 2-2-1 network by gradient descent, one sample at a time.

    The article calls this stochastic gradient descent; since the order is fixed
    and nothing is drawn at random, it is strictly online gradient descent (the
    name is kept).

    Parameters
    ----------
    params : Parameters
        The starting weights and biases (`Parameters.random` with a seed, for
        example).
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
        Called with each line ``Epoch N loss: x.xxx`` as it is recorded (pass
        `print` to watch training as the article does).

    Returns
    -------
    TrainingResult
        The trained parameters and the loss history.

    Raises
    ------
    TrainingDivergedError
        If a weight stops being finite, or if a whole epoch changes no weight
        while the loss is above 0 (a stall); the message names the epoch, and
        for a stall whether the output neuron is saturated.

    Examples
    --------
    The article's training run, from a seeded start:

    >>> from nnfromscratch.course.datasets import people
    >>> x, y = people()
    >>> result = train_sgd(Parameters.random(rng=0), x, y)
    >>> lines = result.report_lines()
    >>> len(lines), lines[0], lines[-1]
    (100, 'Epoch 0 loss: 0.292', 'Epoch 990 loss: 0.002')
    """
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = params
    history = []
    for epoch in range(epochs):
        before = params
        for (x1, x2), y_true in zip(x, y, strict=True):
            # forward (chapter 4), keeping each neuron's output
            h1 = sigmoid(w1 * x1 + w2 * x2 + b1)
            h2 = sigmoid(w3 * x1 + w4 * x2 + b2)
            y_pred = sigmoid(w5 * h1 + w6 * h2 + b3)
            # backprop (chapter 4): dL/d(sum into each neuron), slopes f'(s) =
            # f(s)(1 - f(s))
            d_L_d_ypred = -2 * (y_true - y_pred)
            d_sum_o1 = d_L_d_ypred * y_pred * (1 - y_pred)
            d_sum_h1 = d_sum_o1 * w5 * h1 * (1 - h1)
            d_sum_h2 = d_sum_o1 * w6 * h2 * (1 - h2)
            # w <- w - eta * dL/dw, where dL/dw = dL/d(sum) * (the input on w's
            # wire)
            w1 -= learning_rate * d_sum_h1 * x1
            w2 -= learning_rate * d_sum_h1 * x2
            b1 -= learning_rate * d_sum_h1
            w3 -= learning_rate * d_sum_h2 * x1
            w4 -= learning_rate * d_sum_h2 * x2
            b2 -= learning_rate * d_sum_h2
            w5 -= learning_rate * d_sum_o1 * h1
            w6 -= learning_rate * d_sum_o1 * h2
            b3 -= learning_rate * d_sum_o1
        params = Parameters(w1, w2, w3, w4, w5, w6, b1, b2, b3)
        if not all(math.isfinite(w) for w in params):
            bad = next(w for w in params if not math.isfinite(w))
            raise TrainingDivergedError(
                f"training diverged in epoch {epoch}: a weight became {bad}. "
                f"Try a smaller learning_rate (it was {learning_rate:g}), or "
                "scale the inputs.",
                epoch=epoch,
            )
        if epoch % report_every == 0 or params == before:
            loss = mse_loss(y, predict(params, x))
        if params == before and loss > 0:
            # No weight moved while some prediction is wrong. Either the output
            # neuron is saturated (its slope, a factor of all nine partials, is
            # 0 for every sample), or every step was too small to change a
            # float64 weight. The message says which one the numbers show.
            y_preds = predict(params, x)
            if all(p * (1 - p) == 0 for p in y_preds):
                # In epoch 0 no weight ever moved: the start was saturated.
                why = ("the output neuron is saturated (its slope is 0 for "
                       "every sample), " + (
                           "as the starting weights made it" if epoch == 0
                           else "where the steps drove it: try a smaller "
                           f"learning_rate (it was {learning_rate:g})"))
            else:
                why = ("the output neuron is not saturated, so every step "
                       f"was too small: learning_rate={learning_rate:g} is "
                       "too small")
            raise TrainingDivergedError(
                f"training stalled in epoch {epoch}: no weight moved in a "
                f"whole epoch while the loss is {loss:.3f}; {why}",
                epoch=epoch,
                loss=loss,
            )
        if epoch % report_every == 0:
            history.append((epoch, loss))
            if on_report is not None:
                on_report(format_report(epoch, loss))
    return TrainingResult(params, history)
# --8<-- [end:train_sgd]


# --8<-- [start:predict]
@checked(params=_params_of, x=_samples, overflow=("params", "x"))
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

    Chapter 5's run (from generator 0, learning rate 0.1, 1000 epochs) and its guesses for
    Emily and Frank, whom it has never seen (the main article's unseeded run printed
    0.951 and 0.039: the errata appendix shows both inside the range of ten seeds):

    >>> from nnfromscratch.course.datasets import new_people, people
    >>> x, y = people()
    >>> trained = train_sgd(Parameters.random(rng=0), x, y, learning_rate=0.1, epochs=1000)
    >>> names, newcomers = new_people()
    >>> [f"{name}: {p:.3f}" for name, p in zip(names, predict(trained.params, newcomers))]
    ['Emily: 0.949', 'Frank: 0.040']
    """
    return np.array([forward(params, sample).o1 for sample in x])
# --8<-- [end:predict]


# --8<-- [start:TrainingResult]
class TrainingResult(NamedTuple):
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
        >>> start = Parameters.constant(1, 0)
        >>> train_sgd(start, x, y, epochs=3, report_every=1).report_lines()
        ['Epoch 0 loss: 0.221', 'Epoch 1 loss: 0.215', 'Epoch 2 loss: 0.210']
        """
        return [format_report(epoch, loss) for epoch, loss in self.history]
# --8<-- [end:TrainingResult]


# --8<-- [start:format_report]
def format_report(epoch: int, loss: float) -> str:
    """One progress line in the article's format.

    Examples
    --------
    >>> format_report(10, 0.123456)
    'Epoch 10 loss: 0.123'
    """
    return f"Epoch {epoch} loss: {loss:.3f}"
# --8<-- [end:format_report]


# --8<-- [start:TrainingDivergedError]
class TrainingDivergedError(FloatingPointError):
    """Training stopped: a number stopped being finite, or `train_sgd` stalled.

    A NaN or an infinity, usually from a learning rate too high; or, in
    `train_sgd` only, a whole epoch that moved no weight (a stall). Raised by
    `train_sgd` and by the general networks' `nnfromscratch.general.fit.fit`
    alike; the message says which.

    Attributes
    ----------
    epoch : int
        The epoch in which it happened (`fit` counts from 1, `train_sgd` from
        0).
    batch : int
        `fit`'s mini-batch of that epoch (counting from 1); 0 if found at the
        end of an epoch.
    loss : float
        `fit`: the loss of the last batch computed. `train_sgd`: the loss of
        the stalled epoch; NaN when a weight stopped being finite (no loss is
        computed then).

    Examples
    --------
    >>> error = TrainingDivergedError(
    ...     "diverged", epoch=3, batch=2, loss=float("inf")
    ... )
    >>> error.epoch, error.loss, str(error)
    (3, inf, 'diverged')
    """

    def __init__(
        self,
        message: str,
        *,
        epoch: int,
        batch: int = 0,
        loss: float = math.nan,
    ) -> None:
        super().__init__(message)
        self.epoch, self.batch, self.loss = epoch, batch, loss
# --8<-- [end:TrainingDivergedError]
