"""Comparing activations and optimisers fairly: each at its own best learning rate.

A comparison at one shared learning rate mostly measures which contender that rate happens
to suit. So each contender (an optimiser, or a hidden activation trained with plain SGD)
gets the learning rate that does best for *it*, chosen from a short list on the
**validation** images (carved from the training images by `load_digits_data`), never on the
test images; and it is also run at its **default** rate, the one a user gets without
tuning. The choice is made on seed 0's runs alone. The tuned and the default rate are then
each trained from several seeds (`SEEDS`), which show the spread between seeds beside the
difference between contenders; those other seeds take no part in the choice.

The runs are small on purpose (a 64-128-10 network, float32, a few epochs): this module
is run while the site is built and by the tests. Results are cached per process.
"""

from __future__ import annotations

import copy
import functools
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._checks import check_choice, check_positive_int, check_positive_number, describe
from .._door import checked
from .digits import load_digits_data
from .fit import History, fit
from .layers import ACTIVATIONS
from .mlp import MLP
from .optimizers import OPTIMIZERS, make_optimizer

__all__ = [
    "BATCH_SIZE", "EPOCHS", "LAYER_SIZES", "RATES", "SEEDS", "Contender", "compare",
    "validation_run",
]

LAYER_SIZES = (64, 128, 10)
"""The compared network: 64 pixels in, one hidden layer, 10 digits out."""

BATCH_SIZE = 32
"""Samples per mini-batch."""

EPOCHS = 10
"""Epochs of every comparison run."""

SEEDS = (0, 1, 2)
"""The seeds every compared setting is trained from (weights and shuffling)."""

RATES = {
    "sgd": (0.03, 0.1, 0.3, 1.0, 3.0),
    "momentum": (0.003, 0.01, 0.03, 0.1, 0.3),
    "adam": (0.0003, 0.001, 0.003, 0.01, 0.03),
}
"""The learning rates tried for each optimiser: five, each about 3 times the one before,
its default among them (second for SGD and Adam, fourth for momentum). A rate that diverges
is simply not chosen."""


def _seed(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole-number seed >= 0, got {describe(value)}")
    if value < 0:
        raise ValueError(f"{name} must be a whole-number seed >= 0, got {value}")
    return int(value)


def _many(rule: Any) -> Any:
    """A rule for a sequence of values, each checked by `rule`: a tuple (a key of the cache)."""

    def check(values: Any, name: str) -> tuple[Any, ...]:
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
            raise TypeError(f"{name} must be a non-empty list, got {describe(values)}")
        return tuple(rule(value, f"{name}[{i}]") for i, value in enumerate(values))

    return check


_RULES = {
    "activation": lambda name, _: check_choice(name, "activation", ACTIVATIONS),
    "optimizer": lambda name, _: check_choice(name, "optimizer", OPTIMIZERS),
    "epochs": check_positive_int,
}


@checked(public_calls_inside=True, learning_rate=check_positive_number, seed=_seed, **_RULES)
def validation_run(
    activation: str, optimizer: str, learning_rate: float, seed: int, epochs: int = EPOCHS
) -> History:
    """Train a 64-128-10 network on the training images; validation results per epoch.

    The split is always the one of `load_digits_data` with seed 0, so every run sees the
    same training and validation images and none sees the test images; `seed` sets the
    starting weights and the order of the mini-batches.

    Examples
    --------
    >>> history = validation_run("relu", "adam", 0.003, seed=0, epochs=2)
    >>> len(history.loss), len(history.validation_accuracy)
    (2, 2)
    """
    # Every caller gets their own copy of the remembered run: changing it changes no other.
    return copy.deepcopy(_validation_run(activation, optimizer, learning_rate, seed, epochs))


@functools.cache
def _validation_run(
    activation: str, optimizer: str, learning_rate: float, seed: int, epochs: int
) -> History:
    data = load_digits_data(rng=0)
    network = MLP(
        list(LAYER_SIZES), [activation, "softmax"], "categorical_cross_entropy",
        dtype="float32", rng=seed,
    )
    return fit(
        network, data.x_train, data.y_train, epochs=epochs, batch_size=BATCH_SIZE,
        optimizer=optimizer, learning_rate=learning_rate, rng=seed,
        validation_data=(data.x_val, data.y_val), progress=False,
    )


@dataclass(frozen=True)
class Contender:
    """One activation with one optimiser, at its tuned and at its default learning rate.

    Attributes
    ----------
    activation, optimizer : str
    rates : tuple of float
        The learning rates tried.
    scores : tuple of float
        For each rate, the final validation loss from seed 0 (lower is better).
    tuned_rate, default_rate : float
        The rate with the lowest validation loss, and the optimiser's default.
    tuned, default : tuple of History
        One run per seed in `SEEDS`, at each of the two rates.
    """

    activation: str
    optimizer: str
    rates: tuple[float, ...]
    scores: tuple[float, ...]
    tuned_rate: float
    default_rate: float
    tuned: tuple[History, ...]
    default: tuple[History, ...]

    def final(self, which: str, measure: str = "validation_accuracy") -> np.ndarray:
        """The last epoch's `measure` for each seed, at the ``'tuned'`` or ``'default'`` rate."""
        return np.array([getattr(history, measure)[-1] for history in getattr(self, which)])


def _rates(rates: Any, name: str) -> tuple[float, ...] | None:
    return None if rates is None else _many(check_positive_number)(rates, name)


@checked(public_calls_inside=True, rates=_rates, seeds=_many(_seed), **_RULES)
def compare(
    activation: str, optimizer: str, rates: Sequence[float] | None = None,
    seeds: Sequence[int] = SEEDS, epochs: int = EPOCHS,
) -> Contender:
    """Tune `optimizer`'s learning rate for a network with `activation`, on validation.

    The rate is chosen by the final validation loss of a seed-0 run (a loss, not an
    accuracy: 270 validation images give accuracies in steps of 0.37%, so ties would be
    common). Then the tuned and the default rate are each trained from every seed.

    Examples
    --------
    >>> contender = compare("relu", "adam", rates=(0.001, 0.003), seeds=(0,), epochs=2)
    >>> contender.default_rate, contender.tuned_rate in (0.001, 0.003)
    (0.001, True)
    """
    return copy.deepcopy(_compare(activation, optimizer, rates, seeds, epochs))


@functools.cache
def _compare(
    activation: str, optimizer: str, rates: tuple[float, ...] | None,
    seeds: tuple[int, ...], epochs: int,
) -> Contender:
    rates = RATES[optimizer] if rates is None else rates
    scores = tuple(
        validation_run(activation, optimizer, rate, 0, epochs).validation_loss[-1]
        for rate in rates
    )
    tuned_rate = rates[int(np.argmin(scores))]
    default_rate = make_optimizer(optimizer).learning_rate
    return Contender(
        activation, optimizer, rates, scores, tuned_rate, default_rate,
        tuple(validation_run(activation, optimizer, tuned_rate, s, epochs) for s in seeds),
        tuple(validation_run(activation, optimizer, default_rate, s, epochs) for s in seeds),
    )
