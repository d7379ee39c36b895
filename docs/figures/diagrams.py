"""Diagrams of the course's neuron and networks, drawn with matplotlib at site-build time.

The site's figure hook renders every entry of `FIGURES` to ``figures/<name>`` as SVG:

* ``neuron.svg``: one neuron with two inputs: weigh, sum with the bias, squash with σ.
* ``network.svg``: the 2-2-1 network of the main article, every weight and bias named.
* ``two_layer.svg``: the 3-4-1 network of the two-layer article and its matrices W1, W2.
* ``worked_example.svg``: the 2-2-1 network fed Alice's data with every weight 1 and every
  bias 0, annotated with the values `nnfromscratch.course.backprop.forward` computes.

The look is the site's (``_figure_style.py``: dark ink on a transparent background, which
the dark theme inverts). Figures are built with `matplotlib.figure.Figure` rather than
pyplot, so nothing global is opened, kept or closed; the frame is fitted to what is drawn,
so nothing is clipped. Each label is a text artist with a `gid` (``label-w1``,
``node-h1``, …) that tests/test_figures.py looks up.

>>> sorted(FIGURES)
['network.svg', 'neuron.svg', 'two_layer.svg', 'worked_example.svg']
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from _figure_style import BLUE, GREEN, INK, MUTED, ORANGE, styled
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.transforms import Bbox

from nnfromscratch.course.backprop import Parameters, forward
from nnfromscratch.course.datasets import two_layer_data
from nnfromscratch.course.two_layer import TwoLayerNetwork

#: Symbols are typeset in Computer Modern, like the KaTeX maths on the pages beside them,
#: so $w_1$ in a diagram looks like $w_1$ in the text; words stay in the site's sans-serif.
MATH_FONT = "cm"
#: Computer Modern looks smaller than DejaVu Sans at the same size; symbols get more.
MATH_SIZE = 15
FONT_SIZE = 14.5  # words; 6.4-inch diagrams need 14.2 pt for 11 px on a phone


def _tint(colour: str, strength: float = 0.16) -> tuple[float, float, float]:
    """A pale version of `colour` (mixed with white) for filling shapes."""
    red, green, blue = to_rgb(colour)
    return tuple(1 - strength * (1 - c) for c in (red, green, blue))


# One hue per layer: pale fill, full-strength outline.
INPUT_FILL, INPUT_EDGE = _tint(BLUE), BLUE
HIDDEN_FILL, HIDDEN_EDGE = _tint(ORANGE), ORANGE
OUTPUT_FILL, OUTPUT_EDGE = _tint(GREEN), GREEN
PAPER = "#ffffff"  # inside the neuron's box: its two steps on plain paper

NODE_RADIUS = 0.42


def _diagram(width: float, xlim: tuple[float, float], ylim: tuple[float, float]):
    """A figure `width` inches wide whose one axes fills it; `_fit` sets the final frame."""
    figure = Figure(figsize=(width, width * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])))
    FigureCanvasAgg(figure)  # the Agg canvas measures text; nothing global is touched
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_axis_off()
    return figure, ax


def _fit(figure: Figure, ax: Axes, pad: float = 0.12) -> Figure:
    """Frame everything drawn with `pad` inches to spare, keeping the width: nothing clipped.

    Text is sized in points, so its extent in data units depends on the frame; a few
    rounds of measure-and-reframe settle it. The height follows, so x and y share a scale
    and circles stay round.
    """
    width = figure.get_figwidth()
    for _ in range(4):
        renderer = figure.canvas.get_renderer()
        extents = [a.get_window_extent(renderer) for a in (*ax.texts, *ax.patches, *ax.lines)]
        box = Bbox.union(extents).transformed(ax.transData.inverted())
        margin = pad * box.width / width
        ax.set_xlim(box.x0 - margin, box.x1 + margin)
        ax.set_ylim(box.y0 - margin, box.y1 + margin)
        figure.set_figheight(width * (box.height + 2 * margin) / (box.width + 2 * margin))
    ax.set_aspect("equal")
    return figure


def _text(ax: Axes, xy, text: str, gid: str, size: float = MATH_SIZE, **kwargs):
    kwargs.setdefault("ha", "center")
    kwargs.setdefault("va", "center")
    kwargs.setdefault("color", INK)
    return ax.text(*xy, text, fontsize=size, math_fontfamily=MATH_FONT, gid=gid, **kwargs)


def _node(ax: Axes, xy, label: str, gid: str, fill: str, edge: str, radius: float = NODE_RADIUS):
    """A neuron (or input) as a circle with its symbol inside."""
    ax.add_patch(Circle(xy, radius, facecolor=fill, edgecolor=edge, linewidth=1.6, zorder=2))
    _text(ax, xy, label, gid, zorder=3)


def _arrow(ax: Axes, start, end, start_gap: float, end_gap: float, gid: str | None = None):
    """An arrow between two points, stopping `start_gap`/`end_gap` short (circle radii)."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    direction = (end - start) / np.linalg.norm(end - start)
    arrow = FancyArrowPatch(
        tuple(start + start_gap * direction),
        tuple(end - end_gap * direction),
        arrowstyle="-|>",
        mutation_scale=11,
        linewidth=1.2,
        color=INK,
        shrinkA=0,
        shrinkB=0,
        zorder=1,
        gid=gid,
    )
    ax.add_patch(arrow)
    return start, end


def _beside(ax: Axes, start, end, along: float, side: int, gap: float, text: str, gid: str):
    """Put `text` next to the segment start→end, `along` of the way, `gap` off to one side.

    ``side=+1`` is the left of the direction of travel, ``-1`` the right. The text is
    anchored on its edge nearest the line, so it grows away from the line, never over it.
    """
    start, end = np.asarray(start, float), np.asarray(end, float)
    dx, dy = (end - start) / np.linalg.norm(end - start)
    normal = side * np.array([-dy, dx])
    x, y = start + along * (end - start) + gap * normal
    ha = "left" if normal[0] > 0.05 else "right" if normal[0] < -0.05 else "center"
    va = "bottom" if normal[1] > 0.05 else "top" if normal[1] < -0.05 else "center"
    return _text(ax, (x, y), text, gid, ha=ha, va=va)


@styled
def neuron_figure() -> Figure:
    """One neuron: inputs x1, x2 weighted by w1, w2, summed with the bias b, squashed by σ."""
    figure, ax = _diagram(6.4, (-0.9, 8.6), (-2.15, 1.8))
    x1, x2, total, squash, out = (0, 0.9), (0, -0.9), (3.3, 0), (5.3, 0), (7.5, 0)
    _node(ax, x1, r"$x_1$", "node-x1", INPUT_FILL, INPUT_EDGE)
    _node(ax, x2, r"$x_2$", "node-x2", INPUT_FILL, INPUT_EDGE)
    # The neuron itself: a box holding its two steps, the weighted sum and the activation.
    ax.add_patch(
        FancyBboxPatch(
            (2.55, -0.72),
            3.5,
            1.44,
            boxstyle="round,pad=0,rounding_size=0.3",
            facecolor=HIDDEN_FILL,
            edgecolor=HIDDEN_EDGE,
            linewidth=1.6,
            zorder=0,
        )
    )
    _text(ax, (4.3, -0.98), "neuron", "caption-neuron", size=FONT_SIZE, color=MUTED)
    radius = 0.5
    ax.add_patch(Circle(total, radius, facecolor=PAPER, edgecolor=INK, lw=1.2, zorder=2))
    ax.add_patch(Circle(squash, radius, facecolor=PAPER, edgecolor=INK, lw=1.2, zorder=2))
    _text(ax, total, r"$\Sigma$", "node-sum", size=MATH_SIZE + 3, zorder=3)
    _text(ax, squash, r"$\sigma$", "node-sigma", size=MATH_SIZE + 3, zorder=3)
    a = _arrow(ax, x1, total, NODE_RADIUS, radius, "arrow-w1")
    _beside(ax, *a, along=0.45, side=+1, gap=0.12, text=r"$w_1$", gid="label-w1")
    a = _arrow(ax, x2, total, NODE_RADIUS, radius, "arrow-w2")
    _beside(ax, *a, along=0.45, side=-1, gap=0.12, text=r"$w_2$", gid="label-w2")
    # The bias enters the sum from above, from outside the box.
    _arrow(ax, (total[0], 1.55), total, 0.12, radius, "arrow-b")
    _text(ax, (total[0], 1.55), r"$+\,b$", "label-b", va="bottom")
    a = _arrow(ax, total, squash, radius, radius, "arrow-z")
    _beside(ax, *a, along=0.5, side=+1, gap=0.12, text=r"$z$", gid="label-z")
    _arrow(ax, squash, out, radius, 0.3, "arrow-y")
    _text(ax, out, r"$y$", "label-y")
    _text(
        ax,
        (3.8, -1.72),
        r"$z = w_1 x_1 + w_2 x_2 + b, \qquad y = \sigma(z)$",
        "caption-formula",
    )
    return _fit(figure, ax)


# Where the 2-2-1 network's neurons sit, shared by the plain and the worked diagram.
_LAYOUT_221 = {
    "x1": (0.0, 1.25),
    "x2": (0.0, -1.25),
    "h1": (3.8, 1.25),
    "h2": (3.8, -1.25),
    "o1": (7.6, 0.0),
}
# (weight, from, to, how far along the arrow its label sits, which side of the arrow).
# The two crossing arrows are labelled near their heads, where they are far apart.
_WEIGHTS_221 = (
    ("w1", "x1", "h1", 0.5, +1),
    ("w2", "x2", "h1", 0.78, -1),
    ("w3", "x1", "h2", 0.78, +1),
    ("w4", "x2", "h2", 0.5, -1),
    ("w5", "h1", "o1", 0.4, +1),
    ("w6", "h2", "o1", 0.4, -1),
)
_FILLS = {
    "x": (INPUT_FILL, INPUT_EDGE),
    "h": (HIDDEN_FILL, HIDDEN_EDGE),
    "o": (OUTPUT_FILL, OUTPUT_EDGE),
}


def _tex(name: str) -> str:
    """``"w1"`` → ``"w_1"``: a parameter's name as a subscripted symbol."""
    return f"{name[0]}_{name[1:]}"


def _draw_221(
    ax: Axes,
    weight_text: dict[str, str],
    bias_text: dict[str, str],
    layout: dict[str, tuple[float, float]] = _LAYOUT_221,
    bias_sides: tuple[str, str, str] = ("above", "below", "above"),
) -> None:
    """The 2-2-1 network: five nodes, six labelled arrows, a bias label at each neuron."""
    for name, xy in layout.items():
        _node(ax, xy, f"${_tex(name)}$", f"node-{name}", *_FILLS[name[0]])
    for weight, source, target, along, side in _WEIGHTS_221:
        start, end = _arrow(
            ax, layout[source], layout[target], NODE_RADIUS, NODE_RADIUS, f"arrow-{weight}"
        )
        _beside(ax, start, end, along, side, 0.1, weight_text[weight], f"label-{weight}")
    # Each bias sits just outside its neuron, on a side no arrow uses.
    offset = NODE_RADIUS + 0.08
    for bias, neuron, where in zip(("b1", "b2", "b3"), ("h1", "h2", "o1"), bias_sides, strict=True):
        x, y = layout[neuron]
        above = where == "above"
        y = y + offset if above else y - offset
        _text(ax, (x, y), bias_text[bias], f"label-{bias}", va="bottom" if above else "top")


@styled
def network_figure() -> Figure:
    """The 2-2-1 network: inputs x1, x2, hidden h1, h2, output o1, weights w1–w6, biases b1–b3."""
    figure, ax = _diagram(6.4, (-0.8, 8.6), (-2.55, 2.45))
    names = {name: f"${_tex(name)}$" for name in Parameters.NAMES}
    _draw_221(ax, names, names)
    for x, caption in ((0.0, "inputs"), (3.8, "hidden layer"), (7.6, "output layer")):
        _text(
            ax,
            (x, -2.45),
            caption,
            f"caption-{caption.split()[0]}",
            size=FONT_SIZE,
            color=MUTED,
            va="bottom",
        )
    return _fit(figure, ax)


# The worked example's labels are longer ("w5 = 1"), so its columns stand further apart.
_LAYOUT_WORKED = {
    "x1": (0.0, 1.25),
    "x2": (0.0, -1.25),
    "h1": (4.4, 1.25),
    "h2": (4.4, -1.25),
    "o1": (8.8, 0.0),
}


@styled
def worked_example_figure() -> Figure:
    """The 2-2-1 network fed Alice's data x = (−2, −1), weights 1, biases 0, with its values."""
    params = Parameters.constant(weight=1.0, bias=0.0)
    x = (-2.0, -1.0)
    result = forward(params, x)
    layout = _LAYOUT_WORKED
    figure, ax = _diagram(6.4, (-2.6, 11.4), (-2.95, 2.65))
    values = params.as_dict()
    labels = {name: f"${_tex(name)} = {values[name]:g}$" for name in Parameters.NAMES}
    _draw_221(ax, labels, labels, layout, bias_sides=("above", "below", "below"))
    # The values, at the precision the worked example prints them (h: 4 places, o1: 3).
    for name, value in (("x1", x[0]), ("x2", x[1])):
        xy = np.array(layout[name]) - (NODE_RADIUS + 0.12, 0)
        _text(ax, xy, f"${_tex(name)} = {value:g}$", f"value-{name}", ha="right")
    for name, weighted_sum, value, up in (
        ("h1", result.sum_h1, result.h1, True),
        ("h2", result.sum_h2, result.h2, False),
    ):
        x_pos, y_pos = layout[name]
        text = rf"${_tex(name)} = \sigma({weighted_sum:g}) = {value:.4f}$"
        y_pos = y_pos + 1.0 if up else y_pos - 1.0
        _text(ax, (x_pos, y_pos), text, f"value-{name}", color=BLUE, va="bottom" if up else "top")
    x_pos, y_pos = layout["o1"]
    # With w5 = w6 = 1 and b3 = 0 the sum is h1 + h2 exactly; printing it rounded would
    # invite adding up the rounded h values (0.0948) against the true sum (0.0949).
    text = r"$o_1 = \sigma(h_1 + h_2)$" + "\n" + rf"$\phantom{{o_1}} = {result.o1:.3f}$"
    _text(
        ax,
        (x_pos, y_pos + NODE_RADIUS + 0.12),
        text,
        "value-o1",
        color=BLUE,
        va="bottom",
        multialignment="left",  # the second line's "=" under the first's
        linespacing=1.6,
    )
    return _fit(figure, ax)


@styled
def two_layer_figure() -> Figure:
    """The 3-4-1 network of the two-layer article, its connections grouped as W1 and W2."""
    # The layer sizes come from the package: the data's columns and the matrices' shapes.
    x, _ = two_layer_data()
    network = TwoLayerNetwork.initialise(n_inputs=x.shape[1], rng=0)
    (n_inputs, n_hidden), (_, n_outputs) = network.weights1.shape, network.weights2.shape
    figure, ax = _diagram(6.4, (-1.4, 9.0), (-3.4, 3.55))
    radius, spacing = 0.38, 1.5

    def column(x_pos: float, count: int) -> list[tuple[float, float]]:
        return [(x_pos, spacing * ((count - 1) / 2 - k)) for k in range(count)]

    inputs, hidden = column(0.0, n_inputs), column(3.8, n_hidden)
    (output,) = column(7.6, n_outputs)
    for i, xy in enumerate(inputs, 1):
        _node(ax, xy, f"$x_{i}$", f"node-x{i}", INPUT_FILL, INPUT_EDGE, radius)
    for j, xy in enumerate(hidden, 1):
        _node(ax, xy, f"$h_{j}$", f"node-h{j}", HIDDEN_FILL, HIDDEN_EDGE, radius)
    _node(ax, output, r"$\hat{y}$", "node-yhat", OUTPUT_FILL, OUTPUT_EDGE, radius)
    for i, source in enumerate(inputs, 1):
        for j, target in enumerate(hidden, 1):
            _arrow(ax, source, target, radius, radius, f"arrow-W1-{i}{j}")
    for j, source in enumerate(hidden, 1):
        _arrow(ax, source, output, radius, radius, f"arrow-W2-{j}")
    # The bias the network lacks: the third input is always 1.
    _text(
        ax,
        (inputs[-1][0], inputs[-1][1] - radius - 0.1),
        "always 1",
        "caption-always-1",
        size=FONT_SIZE,
        color=MUTED,
        va="top",
    )
    # Each matrix names a whole layer of connections (entry i, j is the arrow from i to j),
    # so its name sits on a bracket spanning that layer.
    top = hidden[0][1] + radius + 0.25
    for name, (rows, columns), left, right in (
        ("W1", network.weights1.shape, inputs[0][0], hidden[0][0]),
        ("W2", network.weights2.shape, hidden[0][0], output[0]),
    ):
        shape = rf"{rows} \times {columns}"
        left, right = left + radius + 0.1, right - radius - 0.1
        ax.plot(
            [left, left, right, right],
            [top - 0.15, top, top, top - 0.15],
            color=BLUE,
            linewidth=1.4,
            solid_capstyle="butt",
            gid=f"bracket-{name}",
        )
        _text(
            ax,
            ((left + right) / 2, top + 0.1),
            rf"${_tex(name)}\;({shape})$",
            f"label-{name}",
            color=BLUE,
            va="bottom",
        )
    bottom = hidden[-1][1] - radius - 0.65
    for (x_pos, _), caption in (
        (inputs[0], "input $x$"),
        (hidden[0], "hidden layer"),
        (output, r"output $\hat{y}$"),
    ):
        _text(
            ax,
            (x_pos, bottom),
            caption,
            f"caption-{caption.split()[0]}",
            size=FONT_SIZE,
            color=MUTED,
            va="bottom",
        )
    return _fit(figure, ax)


FIGURES: dict[str, Callable[[], Figure]] = {
    "neuron.svg": neuron_figure,
    "network.svg": network_figure,
    "two_layer.svg": two_layer_figure,
    "worked_example.svg": worked_example_figure,
}
