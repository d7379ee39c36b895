"""Figures of the sigmoid and its slope, each point computed by nnfromscratch.course.activations."""

from __future__ import annotations

import numpy as np
from _figure_style import BLUE, MUTED, ORANGE, new_axes, styled
from matplotlib.figure import Figure

from nnfromscratch.course.activations import sigmoid, sigmoid_derivative_from_sum


@styled
def sigmoid_and_slope() -> Figure:
    """σ(z) squashing every weighted sum into (0, 1), and its slope σ′(z), largest at z = 0.

    >>> figure = sigmoid_and_slope()
    >>> [text.get_text() for text in figure.axes[0].texts]
    ['σ(0) = 0.5', 'σ′(0) = 0.25']
    """
    z = np.linspace(-6, 6, 241)
    figure, axes = new_axes(height=3.6)
    axes.axhline(0, color=MUTED, linewidth=0.8)
    axes.axhline(1, color=MUTED, linewidth=0.8, linestyle=(0, (4, 3)))
    axes.plot(z, sigmoid(z), color=BLUE, label=r"$\sigma(z) = 1\,/\,(1 + e^{-z})$")
    axes.plot(
        z,
        sigmoid_derivative_from_sum(z),
        color=ORANGE,
        label=r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$",
    )
    for value, colour, label, offset in (
        (sigmoid(0.0), BLUE, f"σ(0) = {sigmoid(0.0):.1f}", (12, -4)),
        (sigmoid_derivative_from_sum(0.0), ORANGE,
         f"σ′(0) = {sigmoid_derivative_from_sum(0.0):.2f}", (12, 6)),
    ):
        axes.plot([0.0], [value], "o", color=colour, markersize=6)
        axes.annotate(label, (0.0, value), xytext=offset, textcoords="offset points",
                      color=colour)
    axes.set_xlim(-6, 6)
    axes.set_ylim(-0.05, 1.08)
    axes.set_xlabel("z, the weighted sum going into the neuron")
    # Above the plot, clear of the curves and of the dashed line at 1.
    figure.legend(loc="outside upper left")
    return figure


FIGURES = {"sigmoid.svg": sigmoid_and_slope}
