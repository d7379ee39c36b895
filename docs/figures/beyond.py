"""Figures of the "Beyond the articles" chapters: the digits, the activations, the bowl.

Every curve is computed while the site is built, by the package's own code: the digits
network is trained here, seeded, with `nnfromscratch.general.digits.train_digits` (the call the
chapter's doctests make), once per build and shared. The comparisons of activations and
optimisers on the digits are in comparisons.py, drawn in a process of their own.
"""

from __future__ import annotations

import functools

import numpy as np
from _figure_style import BLUE, GREEN, INK, MUTED, ORANGE, WIDTH, new_axes, styled
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnfromscratch.course.activations import relu, sigmoid, tanh
from nnfromscratch.general.digits import DigitsResult, train_digits
from nnfromscratch.general.metrics import confusion_matrix
from nnfromscratch.general.optimizers import SGD, Adam, Momentum, trajectory

COLOURS = (BLUE, ORANGE, GREEN)


@functools.cache
def digits_run(**settings: object) -> DigitsResult:
    """One seeded training run on the digits, done at most once per build."""
    return train_digits(**settings)  # type: ignore[arg-type]


@styled
def digits_learning_curves() -> Figure:
    """Loss on the training and validation images, and validation accuracy, every epoch."""
    history = digits_run().history
    epochs = np.arange(1, len(history.loss) + 1)
    # One above the other: side by side, a phone would shrink the labels below 11 px.
    figure = Figure(figsize=(WIDTH, 5.6), layout="constrained")
    loss_axes, accuracy_axes = figure.subplots(2, 1, sharex=True)
    loss_axes.plot(epochs, history.loss, color=BLUE, label="training images")
    loss_axes.plot(epochs, history.validation_loss, color=ORANGE, label="validation images")
    loss_axes.set_yscale("log")
    loss_axes.set_ylabel("cross-entropy loss")
    loss_axes.legend()
    for axes in (loss_axes, accuracy_axes):
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    accuracy_axes.plot(epochs, np.array(history.validation_accuracy) * 100, color=ORANGE)
    # The bound docs/beyond/digits.md asserts for the last 10 epochs.
    accuracy_axes.axhline(95, color=MUTED, linewidth=1, linestyle=(0, (4, 3)))
    accuracy_axes.annotate("95%", (epochs[-1], 95), xytext=(0, -14), textcoords="offset points",
                           ha="right", color=MUTED)
    lowest = min(history.validation_accuracy) * 100
    accuracy_axes.set_ylim(min(85, 5 * np.floor(lowest / 5)), 100)
    accuracy_axes.set_xlabel("epoch")
    accuracy_axes.set_ylabel("validation accuracy (%)")
    return figure


@styled
def digits_confusion() -> Figure:
    """How often each digit (row) was read as each digit (column), on the held-out images."""
    result = digits_run()
    predicted = result.network.predict_classes(result.data.x_test)
    counts = confusion_matrix(result.data.labels_test, predicted, n_classes=10)
    figure, axes = new_axes(WIDTH, 4.4)
    axes.grid(False)
    shown = np.where(counts > 0, np.log1p(counts), np.nan)
    axes.imshow(shown, cmap="Blues", vmin=0, vmax=np.log1p(counts.max()) * 1.15)
    for (row, column), count in np.ndenumerate(counts):
        if count:
            colour = "white" if row == column else ORANGE
            axes.text(column, row, str(count), ha="center", va="center",
                      color=colour, fontweight="bold" if row != column else "normal")
    axes.set_xticks(range(10))
    axes.set_yticks(range(10))
    axes.set_xlabel("predicted digit")
    axes.set_ylabel("true digit")
    for spine in axes.spines.values():
        spine.set_visible(False)
    return figure


@styled
def digits_mistakes() -> Figure:
    """Every held-out image the network got wrong, with its true and predicted digit."""
    result = digits_run()
    predicted = result.network.predict_classes(result.data.x_test)
    wrong = np.flatnonzero(predicted != result.data.labels_test)
    # In rows of at most five, so that the strip fits a phone at full size.
    columns = min(len(wrong), 5)
    rows = -(-len(wrong) // columns)
    figure = Figure(figsize=(0.92 * columns + 0.2, 1.25 * rows + 0.1), layout="constrained")
    for position, index in enumerate(wrong, start=1):
        axes = figure.add_subplot(rows, columns, position)
        axes.imshow(result.data.images_test[index], cmap="gray_r", vmin=0, vmax=16)
        axes.set_title(f"{result.data.labels_test[index]} → {predicted[index]}")
        axes.set_axis_off()
    return figure


@styled
def activations_compared() -> Figure:
    """Sigmoid, tanh and ReLU, and their slopes."""
    z = np.linspace(-4, 4, 401)
    # One above the other: side by side, a phone would shrink the labels below 11 px.
    figure = Figure(figsize=(WIDTH, 5.4), layout="constrained")
    values, slopes = figure.subplots(2, 1, sharex=True)
    curves = {
        "sigmoid": (sigmoid(z), sigmoid(z) * (1 - sigmoid(z))),
        "tanh": (tanh(z), 1 - tanh(z) ** 2),
        "ReLU": (relu(z), (z > 0).astype(float)),
    }
    for (name, (value, slope)), colour in zip(curves.items(), COLOURS, strict=True):
        values.plot(z, value, color=colour, label=name)
        slopes.plot(z, slope, color=colour, label=name)
    values.set_title("f(z)")
    slopes.set_title("slope f′(z)")
    for axes in (values, slopes):
        axes.axhline(0, color=MUTED, linewidth=0.8)
    slopes.set_xlabel("z")
    values.set_ylim(-1.2, 2.2)
    values.legend(loc="upper left")
    return figure


def bowl_gradient(theta: np.ndarray) -> np.ndarray:
    """Gradient of the long narrow bowl L = (θ₁² + 20 θ₂²) / 2."""
    return np.array([1.0, 20.0]) * theta


BOWL_START = (-4.0, 1.0)
BOWL_STEPS = 40
BOWL_OPTIMISERS = {
    "SGD (η = 0.09)": lambda: SGD(0.09),
    "momentum (η = 0.09, μ = 0.5)": lambda: Momentum(0.09, momentum=0.5),
    "Adam (η = 0.3)": lambda: Adam(0.3),
}


@styled
def optimisers_on_a_bowl() -> Figure:
    """The path of each optimiser down a long, narrow bowl, from the same start."""
    figure, axes = new_axes(WIDTH, 3.8)
    grid1, grid2 = np.meshgrid(np.linspace(-4.6, 1.2, 300), np.linspace(-1.5, 1.5, 200))
    axes.contour(grid1, grid2, (grid1**2 + 20 * grid2**2) / 2, levels=12, colors="#ced4da",
                 linewidths=0.8)
    for (label, make), colour in zip(BOWL_OPTIMISERS.items(), COLOURS, strict=True):
        path = trajectory(make(), bowl_gradient, BOWL_START, BOWL_STEPS)
        axes.plot(path[:, 0], path[:, 1], "o-", color=colour, markersize=3, linewidth=1.4,
                  label=label)
    axes.plot([0], [0], "*", color=INK, markersize=12)
    axes.set_xlabel("θ₁")
    axes.set_ylabel("θ₂")
    axes.grid(False)
    # Below the plot: inside it, the legend would cover the paths.
    figure.legend(loc="outside lower center")
    return figure


FIGURES = {
    "digits_learning_curves.svg": digits_learning_curves,
    "digits_confusion.svg": digits_confusion,
    "digits_mistakes.svg": digits_mistakes,
    "activations_compared.svg": activations_compared,
    "optimisers_on_a_bowl.svg": optimisers_on_a_bowl,
}
