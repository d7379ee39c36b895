"""Figures of real, seeded training runs of the package, drawn when the site is built.

* ``sgd_loss.svg``: the mean squared error of the 2-2-1 network every 10 epochs while
  `nnfromscratch.course.training.train_sgd` trains it from ``Parameters.random(rng=0)``.
* ``decision_map.svg``: what that trained network answers over the whole (weight,
  height) plane, in pounds and inches, with its 0.5 boundary, the four training people
  and the two new people (Emily, Frank) with their predictions.
* ``two_layer_loss.svg``: the sum-of-squares loss over the 1500 iterations of
  ``TwoLayerNetwork.initialise(rng=1).train(...)``.
* ``two_layer_predictions.svg``: that network's four answers beside the targets 0, 1, 1, 0.

Each run happens once per build (cached) and is shared by the figures that show it.
Nothing here is typed in: every plotted number comes out of the package.

>>> sorted(FIGURES)
['decision_map.svg', 'sgd_loss.svg', 'two_layer_loss.svg', 'two_layer_predictions.svg']
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from _figure_style import BLUE, INK, MUTED, ORANGE, new_axes, styled
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from nnfromscratch.course.backprop import Parameters
from nnfromscratch.course.datasets import (
    HEIGHT_SHIFT,
    WEIGHT_SHIFT,
    new_people,
    people,
    people_table,
    shift,
    two_layer_data,
)
from nnfromscratch.course.training import TrainingResult, predict, train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork

#: The seeds of the runs shown (the same as the pages' examples).
SGD_SEED = 0
TWO_LAYER_SEED = 1

#: The part of the (weight, height) plane the decision map covers, in lb and in.
WEIGHT_RANGE = (110.0, 170.0)
HEIGHT_RANGE = (56.0, 76.0)
#: Grid points (weight, height): every 0.5 lb, because the trained network's answer
#: flips from female to male within a few pounds and a coarser grid makes the drawn
#: boundary wobble; every 0.5 in. `predict` (one sample at a time) takes ~0.2 s for these.
GRID = (121, 41)

# Male (0) → undecided (0.5) → female (1): the site's blue and orange, pale enough that
# the markers on top stay readable; blue/orange stays apart for every colour-vision type.
OUTPUT_COLOURS = LinearSegmentedColormap.from_list(
    # Pale, so that the orange and blue points stand out on them, and on the dark theme's
    # inverted map too.
    "male_to_female", [(0.0, "#bcc3e8"), (0.5, "#f8f9fa"), (1.0, "#f9cdb3")]
)


@functools.cache
def sgd_run() -> TrainingResult:
    """The main article's training run, from the seeded start `SGD_SEED`."""
    return train_sgd(Parameters.random(rng=SGD_SEED), *people())


@functools.cache
def two_layer_run() -> tuple[TwoLayerNetwork, list[float]]:
    """The two-layer article's run: the trained network and its 1500 losses."""
    network = TwoLayerNetwork.initialise(rng=TWO_LAYER_SEED)
    losses = network.train(*two_layer_data())
    return network, losses


def _loss_curve(axes, xs, ys, start_label: str, end_label: str) -> None:
    """Plot a loss on a log scale, its first and last points labelled with their values."""
    axes.plot(xs, ys, color=BLUE, gid="loss-curve")
    axes.set_yscale("log")
    # Head- and foot-room on the log scale for the two labels, clear of the curve.
    axes.set_ylim(min(ys) / 2.5, max(ys) * 2.5)
    # A little room left of the first point: a loss that falls within the first steps
    # shows as a drop beside the axis, not as a marker floating above the curve.
    span = len(xs) * (xs[1] - xs[0])
    axes.set_xlim(-0.025 * span, span)
    for end, x, y, text, offset, ha, va in (
        ("start", xs[0], ys[0], start_label, (6, 6), "left", "bottom"),
        ("end", xs[-1], ys[-1], end_label, (-2, -8), "right", "top"),
    ):
        # Not clipped: these points sit on the edge of the axes.
        axes.plot([x], [y], "o", color=BLUE, markersize=5, clip_on=False)
        axes.annotate(
            text,
            (x, y),
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            color=INK,
            gid=f"label-{end}",
        )


# Where each person's name goes, clear of the boundary line and of the other names (for the
# seeded run shown; tests/test_figures.py fails if a name ever touches the line or another).
NAME_PLACES = {
    "Alice": "upper left",
    "Bob": "upper left",
    "Charlie": "lower right",
    "Diana": "lower right",
    "Emily": "lower left",
    "Frank": "lower left",
}


def _name_point(axes, weight: float, height: float, text: str, name: str, **style) -> None:
    """Write `text` beside the point, in the corner `NAME_PLACES` gives for `name`."""
    vertical, horizontal = NAME_PLACES[name].split()
    right, up = horizontal == "right", vertical == "upper"
    axes.annotate(
        text,
        (weight, height),
        xytext=(7 if right else -7, 3 if up else -3),
        textcoords="offset points",
        ha="left" if right else "right",
        va="bottom" if up else "top",
        color=INK,
        gid=f"name-{name}",
        **style,
    )


@styled
def sgd_loss() -> Figure:
    """MSE of the 2-2-1 network on the four people, every 10 epochs of SGD."""
    epochs, losses = zip(*sgd_run().history, strict=True)
    figure, axes = new_axes()
    # The values as the training log prints them ("Epoch 990 loss: 0.002").
    _loss_curve(
        axes,
        epochs,
        losses,
        f"epoch {epochs[0]}: {losses[0]:.3f}",
        f"epoch {epochs[-1]}: {losses[-1]:.3f}",
    )
    axes.set_xlabel("epoch (one pass over the four people)")
    axes.set_ylabel("mean squared error")
    axes.grid(True, which="major")
    return figure


@styled
def decision_map() -> Figure:
    """The trained network's output over weight and height, its 0.5 boundary, and the people."""
    params = sgd_run().params
    weights = np.linspace(*WEIGHT_RANGE, GRID[0])
    heights = np.linspace(*HEIGHT_RANGE, GRID[1])
    weight_grid, height_grid = np.meshgrid(weights, heights)
    # The network only ever sees shifted numbers: shift the grid exactly as the data.
    outputs = predict(params, shift(weight_grid.ravel(), height_grid.ravel()))
    outputs = outputs.reshape(weight_grid.shape)

    figure, axes = new_axes(height=5.0)
    axes.grid(False)
    filled = axes.contourf(
        weight_grid,
        height_grid,
        outputs,
        levels=np.linspace(0, 1, 11),
        cmap=OUTPUT_COLOURS,
        vmin=0,
        vmax=1,
    )
    filled.set_gid("output-fill")
    boundary = axes.contour(
        weight_grid, height_grid, outputs, levels=[0.5], colors=INK, linewidths=1.8
    )
    boundary.set_gid("boundary")
    # Below the map, so that the map has the whole width of a phone for its names.
    colourbar = figure.colorbar(
        filled, ax=axes, ticks=np.linspace(0, 1, 5), location="bottom", aspect=30, pad=0.02
    )
    colourbar.set_label("network output $o_1$  (0 = male, 1 = female)")
    colourbar.outline.set_edgecolor(MUTED)

    # The training people, back in real units (undo the shift), marked by their label.
    x, y = people()
    names = [row[0] for row in people_table()]
    real = x + np.array([WEIGHT_SHIFT, HEIGHT_SHIFT])
    for label, marker, colour, legend in (
        (1.0, "o", ORANGE, "female (F)"),
        (0.0, "s", BLUE, "male (M)"),
    ):
        chosen = y == label
        axes.scatter(
            real[chosen, 0],
            real[chosen, 1],
            marker=marker,
            s=60,
            color=colour,
            edgecolors=INK,
            linewidths=1.0,
            zorder=3,
            label=f"training: {legend}",
            gid=f"training-{legend[-2]}",
        )
    for name, (weight, height), label in zip(names, real, y, strict=True):
        _name_point(axes, weight, height, f"{name} ({'F' if label == 1 else 'M'})", name)

    # The two new people, with what the trained network says about them.
    new_names, new_x = new_people()
    new_real = new_x + np.array([WEIGHT_SHIFT, HEIGHT_SHIFT])
    new_outputs = predict(params, new_x)
    axes.scatter(
        new_real[:, 0],
        new_real[:, 1],
        marker="D",
        s=55,
        facecolors="white",
        edgecolors=INK,
        linewidths=1.4,
        zorder=3,
        label="new person",
        gid="new-people",
    )
    for name, (weight, height), output in zip(new_names, new_real, new_outputs, strict=True):
        _name_point(axes, weight, height, f"{name}: {output:.3f}", name, fontweight="bold")

    axes.plot([], [], color=INK, linewidth=1.8, label="$o_1 = 0.5$")  # legend entry only
    figure.legend(loc="outside lower center", ncols=2, handletextpad=0.4)
    axes.set_xlim(*WEIGHT_RANGE)
    axes.set_ylim(*HEIGHT_RANGE)
    axes.set_xticks(np.arange(WEIGHT_RANGE[0], WEIGHT_RANGE[1] + 1, 10))
    axes.set_yticks(np.arange(HEIGHT_RANGE[0], HEIGHT_RANGE[1] + 1, 4))
    axes.set_xlabel("weight (lb)")
    axes.set_ylabel("height (in)")
    return figure


@styled
def two_layer_loss() -> Figure:
    """The two-layer network's sum-of-squares loss at each of its 1500 iterations."""
    _, losses = two_layer_run()
    iterations = np.arange(len(losses))
    figure, axes = new_axes()
    _loss_curve(
        axes,
        iterations,
        losses,
        f"iteration {iterations[0]}: {losses[0]:.3f}",
        f"iteration {iterations[-1]}: {losses[-1]:.4f}",
    )
    axes.set_xlabel("iteration (one update from all four rows)")
    axes.set_ylabel("sum-of-squares loss")
    return figure


@styled
def two_layer_predictions() -> Figure:
    """The trained two-layer network's four outputs, each beside its target."""
    network, _ = two_layer_run()
    x, y = two_layer_data()
    outputs = network.feedforward(x).ravel()
    targets = y.ravel()
    positions = np.arange(len(outputs))
    figure, axes = new_axes()
    bars = axes.bar(positions, outputs, width=0.5, color=BLUE, label=r"prediction $\hat{y}$")
    # A target of 0 would be an invisible bar: targets are drawn as lines across each bar.
    lines = axes.hlines(
        targets,
        positions - 0.36,
        positions + 0.36,
        colors=ORANGE,
        linewidth=3,
        label="target $y$",
        zorder=3,
        clip_on=False,
        gid="targets",
    )
    for position, output, target in zip(positions, outputs, targets, strict=True):
        axes.annotate(
            f"{output:.2f}",
            # Above the bar, or above its target line when that is higher.
            (position, max(output, target)),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
        )
    axes.set_xticks(positions, [f"({', '.join(f'{v:g}' for v in row)})" for row in x])
    axes.set_xlabel("input row $x$")
    axes.set_ylim(0, 1.18)
    axes.set_yticks([0, 0.5, 1])
    axes.grid(True, axis="y")
    axes.grid(False, axis="x")
    figure.legend(handles=[bars, lines], loc="outside upper center", ncols=2)
    return figure


FIGURES: dict[str, Callable[[], Figure]] = {
    "sgd_loss.svg": sgd_loss,
    "decision_map.svg": decision_map,
    "two_layer_loss.svg": two_layer_loss,
    "two_layer_predictions.svg": two_layer_predictions,
}
