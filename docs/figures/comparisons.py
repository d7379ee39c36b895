"""Figures of the fair comparisons in "Activations, cross-entropy and optimisers".

Every contender is run by `nnfromscratch.general.tuning.compare` (the same call the chapter's
doctests make): at the learning rate that did best for it on the validation images, and at
its default, each from every seed in `nnfromscratch.general.tuning.SEEDS`. A line is the mean over
the seeds, the band around it the range from the worst seed to the best. Drawn in a
process of their own, beside the digits figures of beyond.py.
"""

from __future__ import annotations

import numpy as np
from _figure_style import BLUE, GREEN, ORANGE, WIDTH, styled
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnfromscratch.general.tuning import compare

COLOURS = (BLUE, ORANGE, GREEN)
ACTIVATIONS = ("sigmoid", "tanh", "relu")
OPTIMISERS = ("sgd", "momentum", "adam")


def _panel(axes, contenders, label_of, measure, ylabel, log=False):
    for contender, colour in zip(contenders, COLOURS, strict=True):
        for which, style in (("tuned", "-"), ("default", "--")):
            if which == "default" and contender.default_rate == contender.tuned_rate:
                continue  # the same runs: drawn once, labelled as both
            runs = np.array([getattr(h, measure) for h in getattr(contender, which)])
            if measure == "validation_accuracy":
                runs = runs * 100
            epochs = np.arange(1, runs.shape[1] + 1)
            rate = getattr(contender, f"{which}_rate")
            same = contender.default_rate == contender.tuned_rate
            name = "tuned = default" if same else which
            axes.plot(epochs, runs.mean(axis=0), style, color=colour,
                      label=f"{label_of(contender)}, {name} η = {rate:g}")
            axes.fill_between(epochs, runs.min(axis=0), runs.max(axis=0), color=colour,
                              alpha=0.15, linewidth=0)
    if log:
        axes.set_yscale("log")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("epoch")
    axes.set_ylabel(ylabel)


@styled
def activations_on_digits() -> Figure:
    """Validation accuracy per epoch with each hidden activation, plain SGD."""
    figure = Figure(figsize=(WIDTH, 4.8), layout="constrained")
    axes = figure.add_subplot()
    _panel(axes, [compare(name, "sgd") for name in ACTIVATIONS], lambda c: c.activation,
           "validation_accuracy", "validation accuracy (%)")
    axes.set_ylim(50, 100)
    # Below the plot, where it hides no curve.
    figure.legend(loc="outside lower center")
    return figure


@styled
def optimisers_on_digits() -> Figure:
    """Training loss and validation accuracy per epoch with each optimiser, ReLU network."""
    # One above the other: side by side, a phone would shrink the labels below 11 px.
    figure = Figure(figsize=(WIDTH, 7.4), layout="constrained")
    loss_axes, accuracy_axes = figure.subplots(2, 1, sharex=True)
    contenders = [compare("relu", name) for name in OPTIMISERS]
    _panel(loss_axes, contenders, lambda c: c.optimizer, "loss", "training loss", log=True)
    _panel(accuracy_axes, contenders, lambda c: c.optimizer, "validation_accuracy",
           "validation accuracy (%)")
    accuracy_axes.set_ylim(80, 100)
    loss_axes.set_xlabel("")
    # One entry per contender: the two panels share their labels.
    figure.legend(*loss_axes.get_legend_handles_labels(), loc="outside lower center")
    return figure


FIGURES = {
    "activations_on_digits.svg": activations_on_digits,
    "optimisers_on_digits.svg": optimisers_on_digits,
}
