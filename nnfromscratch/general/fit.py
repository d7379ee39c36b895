"""Training a general network: mini-batches, shuffling, an optimiser, a progress bar.

One *epoch* is one pass over the training set. The articles update the weights after every
single sample (the main article) or after the whole set (the two-layer article). `fit` does
either or anything in between: it cuts the (shuffled) samples into *mini-batches* of
`batch_size` rows, and for each batch runs forward, backward, and one optimiser step.
``batch_size=1, shuffle=False`` with `SGD` is the main article's loop (it gives the same
numbers to within 1e-12; see `nnfromscratch.general.article_networks`).

Shuffling draws from a `numpy.random.Generator`, so a seed makes a run repeatable (bit for
bit with the same NumPy build and BLAS library on the same machine).

When a step makes the loss NaN or infinite (usually a learning rate that is too large),
training stops at once with `TrainingDivergedError`, which says at which epoch and batch and
what the loss was — instead of carrying on silently with garbage, or printing a warning for
every overflow.
"""

from __future__ import annotations

import copy
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._checks import (
    MAX_ENTRIES,
    as_generator,
    callable_or_none,
    check_bool,
    check_positive_int,
    check_same_length,
    describe,
)
from .._door import checked
from ..course.training import TrainingDivergedError
from .metrics import accuracy
from .mlp import MLP, an_mlp, classes_of
from .optimizers import Optimizer, choose_optimizer

__all__ = ["History", "TrainingDivergedError", "diverged", "fit"]


def diverged(epoch: int, batch: int, loss: float, learning_rate: float | None) -> str:
    """What `TrainingDivergedError` says when `fit` stops: where, the loss, what to try.

    Examples
    --------
    >>> print(diverged(epoch=3, batch=2, loss=float("inf"), learning_rate=10.0))
    training diverged in epoch 3, batch 2: the loss became inf. Try a smaller learning_rate ...
    """
    where = f"epoch {epoch}" + (f", batch {batch}" if batch else "")
    hint = f" (it was {learning_rate:g})" if learning_rate is not None else ""
    # A finite loss: the step after it is what left the finite numbers.
    became = (f"the parameters stopped being finite after a step (the last loss was {loss})"
              if math.isfinite(loss) else f"the loss became {loss}")
    return (
        f"training diverged in {where}: {became}. "
        f"Try a smaller learning_rate{hint}, or scale the inputs."
    )


@dataclass
class History:
    """What happened during `fit`, one entry per epoch.

    Attributes
    ----------
    loss : list of float
        The training loss of each epoch, over all its samples, each as it was computed
        just before its batch's step (a mean, or for ``'sum_of_squares'`` a sum).
    validation_loss, validation_accuracy : list of float
        The loss and accuracy on the validation data after each epoch (empty without
        validation data; accuracy only for the cross-entropy losses).

    Examples
    --------
    >>> from nnfromscratch.general.mlp import MLP
    >>> net = MLP([1, 1], "identity", "mse", rng=0)
    >>> history = fit(net, [[0.0], [1.0]], [[1.0], [3.0]], epochs=3, batch_size=2,
    ...               validation_data=([[2.0]], [[5.0]]))
    >>> len(history.loss), len(history.validation_loss), history.validation_accuracy
    (3, 3, [])
    """

    loss: list[float] = field(default_factory=list)
    validation_loss: list[float] = field(default_factory=list)
    validation_accuracy: list[float] = field(default_factory=list)


def _show_progress(progress: Any, name: str) -> bool:
    if check_bool(progress, name, none=True) is None:
        # A bar is for a person watching a terminal; in logs, pipes and CI it is noise.
        return sys.stdout.isatty() and sys.stderr.isatty()
    return bool(progress)


def _fit(network: MLP, x: Any, y: Any, optimizer: Any, learning_rate: Any,
         validation_data: Any, **_: Any) -> dict[str, Any]:
    inputs = network.check_inputs(x)
    targets = network.check_targets(y, len(inputs))
    check_same_length(inputs, "x", targets, "y")
    validation = None
    if validation_data is not None:
        if not isinstance(validation_data, tuple) or len(validation_data) != 2:
            raise TypeError(
                f"validation_data must be a pair (x_val, y_val), got {describe(validation_data)}"
            )
        x_val = network.check_inputs(validation_data[0], "validation_data[0]")
        y_val = network.check_targets(validation_data[1], len(x_val), "validation_data[1]")
        validation = (x_val, y_val)
    return {"x": inputs, "y": targets, "validation_data": validation,
            "optimizer": choose_optimizer(optimizer, learning_rate)}


def _undo_fit(network: MLP, optimizer: Optimizer, **_: Any) -> Callable[[], None]:
    """What puts the caller's network and optimiser back as they were, should `fit` fail."""
    weights = [p.copy() for p in network.parameters]
    state = copy.deepcopy(optimizer.__dict__)

    def undo() -> None:
        for p, saved in zip(network.parameters, weights, strict=True):
            p[...] = saved
        optimizer.__dict__.clear()
        optimizer.__dict__.update(state)

    return undo


def _an_epoch_count(epochs: object, name: str) -> int:
    """A positive whole number of epochs, refused before the history outgrows the memory."""
    return check_positive_int(epochs, name, at_most=MAX_ENTRIES)


# --8<-- [start:epoch]
@checked(
    _fit,
    undo=_undo_fit,
    locks=("network", "optimizer"),
    network=an_mlp,
    epochs=_an_epoch_count,
    batch_size=check_positive_int,
    shuffle=check_bool,
    rng=as_generator,
    progress=_show_progress,
    on_epoch=callable_or_none,
)
def fit(
    network: MLP,
    x: ArrayLike,
    y: ArrayLike,
    *,
    epochs: int = 10,
    batch_size: int = 32,
    optimizer: str | Optimizer = "sgd",
    learning_rate: float | None = None,
    shuffle: bool = True,
    rng: np.random.Generator | int | None = None,
    validation_data: tuple[ArrayLike, ArrayLike] | None = None,
    progress: bool | None = None,
    on_epoch: Callable[[int, MLP, History], Any] | None = None,
) -> History:
    """Train `network` in place on inputs `x` and targets `y`.

    Parameters
    ----------
    network : MLP
        The network; its parameters are updated in place.
    x : array_like, shape (n_samples, n_inputs)
        Training inputs.
    y : array_like, shape (n_samples, n_outputs)
        Training targets (one-hot rows for categorical cross-entropy).
    epochs : int, default 10
        Passes over the training set.
    batch_size : int, default 32
        Samples per update; the last batch of an epoch may be smaller.
    optimizer : str or Optimizer, default 'sgd'
        ``'sgd'``, ``'momentum'``, ``'adam'``, or a configured `Optimizer`
        object.
    learning_rate : float, optional
        For an optimiser given by name; by default that optimiser's own default.
    shuffle : bool, default True
        Visit the samples in a new random order every epoch.
    rng : numpy.random.Generator or int or None
        Source (or seed) of the shuffling.
    validation_data : (x_val, y_val), optional
        Held-out data, evaluated after every epoch.
    progress : bool or None, default None
        Show a tqdm progress bar. None: only when both stdout and stderr are
        terminals.
    on_epoch : callable, optional
        Called as ``on_epoch(epoch, network, history)`` after each epoch (epoch
        counts from 1); e.g. to record something else.

    Returns
    -------
    History
        The loss of each epoch (and validation results).

    Raises
    ------
    TrainingDivergedError
        If the loss or a parameter becomes NaN or infinite.

    Examples
    --------
    Teach one neuron the logical OR:

    >>> from nnfromscratch.general.mlp import MLP
    >>> x = [[0, 0], [0, 1], [1, 0], [1, 1]]
    >>> y = [[0], [1], [1], [1]]
    >>> net = MLP([2, 1], "sigmoid", "binary_cross_entropy", rng=0)
    >>> history = fit(net, x, y, epochs=200, batch_size=4, optimizer="adam",
    ...               learning_rate=0.1, rng=0)
    >>> net.predict_classes(x)
    array([0, 1, 1, 1])
    >>> history.loss[-1] < history.loss[0]
    True

    Far too large a step:

    >>> net = MLP([2, 3, 1], "identity", "mse", rng=0)
    >>> y = [[0], [1e3], [1e3], [1e3]]
    >>> fit(net, x, y, epochs=500, learning_rate=10.0, rng=0)
    Traceback (most recent call last):
        ...
    nnfromscratch.course.training.TrainingDivergedError: training diverged in
    epoch 5, batch 1: the loss became inf. Try a smaller learning_rate (it was
    10), or scale the inputs.
    """
    inputs, targets, chosen = x, y, optimizer
    validation, generator = validation_data, rng
    n = len(inputs)
    batch_size = min(batch_size, n)
    order = np.arange(n)
    # Each batch is gathered into the same two arrays, so a step allocates
    # nothing new.
    x_batch = np.empty((batch_size, inputs.shape[1]), dtype=network.dtype)
    y_batch = np.empty((batch_size, targets.shape[1]), dtype=network.dtype)
    parameters, gradients = network.parameters, network.gradients
    history = History()
    # A sum-of-squares epoch loss is the sum over every sample; the other losses
    # are means.
    summed = network.loss_function.summed

    from tqdm import tqdm  # imported here: only training needs it

    bar = tqdm(
        range(1, epochs + 1),
        desc="training",
        unit="epoch",
        disable=not progress,
        leave=False,
    )
    # NaN and overflow are caught below, once, by looking at the loss: silence
    # the per-operation warnings that would otherwise repeat at every step.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"), bar:
        for epoch in bar:
            if shuffle:
                generator.shuffle(order)
            # The epoch's loss: the batches' losses, weighted by their sizes.
            total = 0.0
            for batch, start in enumerate(range(0, n, batch_size), start=1):
                rows = order[start : start + batch_size]
                xb, yb = x_batch[: len(rows)], y_batch[: len(rows)]
                # mode="clip": the rows are valid by construction, and NumPy's
                # default mode="raise" would gather into a temporary array
                # before copying to out.
                np.take(inputs, rows, axis=0, out=xb, mode="clip")
                np.take(targets, rows, axis=0, out=yb, mode="clip")
                value = network.loss(xb, yb)
                network.backward(yb)
                if not math.isfinite(value):
                    raise TrainingDivergedError(
                        diverged(epoch, batch, value, chosen.learning_rate),
                        epoch=epoch, batch=batch, loss=value,
                    )
                chosen.step(parameters, gradients)
                total += value if summed else value * len(rows)
            if not all(np.isfinite(p).all() for p in parameters):
                raise TrainingDivergedError(
                    diverged(epoch, 0, value, chosen.learning_rate),
                    epoch=epoch,
                    loss=value,
                )
            history.loss.append(total if summed else total / n)
            if validation is not None:
                history.validation_loss.append(network.loss(*validation))
                outputs = network.activation_layers[-1].output
                if network.loss_function.classifies:
                    history.validation_accuracy.append(
                        accuracy(classes_of(validation[1]), classes_of(outputs))
                    )
            bar.set_postfix(loss=f"{history.loss[-1]:.4g}", refresh=False)
            if on_epoch is not None:
                on_epoch(epoch, network, history)
    return history
# --8<-- [end:epoch]
