"""The figures of docs/figures/diagrams.py and docs/figures/training.py.

Every figure must draw, render to SVG without a warning, the same bytes every time, and
with nothing outside its frame. Then each is held to what it claims to show, with the
expectations written here independently: the diagrams' connections and labels against the
articles' naming (w1: x1→h1, …), the worked example against the values the article prints,
and the plots against fresh runs of the package (not against the figure module's cache).
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import re
import sys
import warnings
from pathlib import Path
from types import ModuleType

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from nnfromscratch.course.backprop import Parameters
from nnfromscratch.course.datasets import new_people, people, people_table, shift, two_layer_data
from nnfromscratch.course.training import predict, train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork

FIGURES_DIR = Path(__file__).resolve().parents[1] / "docs" / "figures"
# The settings the site's figure hook renders with (docs/hooks/generated_figures.py).
SVG_RC = {"svg.hashsalt": "nnfromscratch", "svg.fonttype": "path"}
# The site's page budget is 600 KB in all; no single figure may take a large share of it.
MAX_SVG_BYTES = 150_000


def load(stem: str) -> ModuleType:
    """Import docs/figures/<stem>.py by path, its folder importable, as the hook does."""
    spec = importlib.util.spec_from_file_location(f"_test_figures_{stem}", FIGURES_DIR / f"{stem}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(FIGURES_DIR))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(FIGURES_DIR))
    return module


MODULES = {stem: load(stem) for stem in ("diagrams", "training")}
ALL_FIGURES = {
    name: draw for module in MODULES.values() for name, draw in module.FIGURES.items()
}


def test_the_modules_declare_the_expected_figures():
    assert sorted(MODULES["diagrams"].FIGURES) == [
        "network.svg", "neuron.svg", "two_layer.svg", "worked_example.svg",
    ]
    assert sorted(MODULES["training"].FIGURES) == [
        "decision_map.svg", "sgd_loss.svg", "two_layer_loss.svg", "two_layer_predictions.svg",
    ]


def render(figure: Figure) -> bytes:
    with matplotlib.rc_context(SVG_RC):
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def drawn(figure: Figure):
    """Lay out and draw `figure` on an Agg canvas; return the renderer, for measuring."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


@pytest.fixture(scope="module")
def figure():
    """Draw each figure once per test module; `figure(name)` gives it, already laid out."""
    cache: dict[str, tuple[Figure, object]] = {}

    def get(name: str) -> tuple[Figure, object]:
        if name not in cache:
            made = ALL_FIGURES[name]()
            cache[name] = (made, drawn(made))
        return cache[name]

    return get


# --- Every figure ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL_FIGURES))
def test_figure_renders_to_the_same_svg_every_time_without_warnings(name):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = ALL_FIGURES[name]()
        assert isinstance(first, Figure)
        svg = render(first)
        again = render(ALL_FIGURES[name]())
    assert [str(w.message) for w in caught] == []
    assert svg.startswith(b"<?xml") and b"</svg>" in svg
    assert svg == again, "two drawings of the same figure differ"
    assert len(svg) < MAX_SVG_BYTES, f"{name} is {len(svg)} bytes"
    ids = re.findall(rb'\bid="([^"]+)"', svg)
    assert len(ids) == len(set(ids)), "an SVG id is used twice (a gid set on many artists?)"


@pytest.mark.parametrize("name", sorted(ALL_FIGURES))
def test_nothing_is_drawn_outside_the_frame(name, figure):
    made, renderer = figure(name)
    content = made.get_tightbbox(renderer)  # inches, every visible artist
    width, height = made.get_size_inches()
    tolerance = 0.5 / made.dpi  # half a pixel
    assert content.x0 >= -tolerance and content.y0 >= -tolerance, (name, content)
    assert content.x1 <= width + tolerance and content.y1 <= height + tolerance, (name, content)


@pytest.mark.parametrize("name", sorted(ALL_FIGURES))
def test_figure_has_the_sites_transparent_background(name, figure):
    # docs/assets/extra.css inverts figures on the dark theme; that needs no opaque card.
    made, _ = figure(name)
    assert made.get_facecolor()[3] == 0
    for axes in made.axes:
        assert axes.get_facecolor()[3] == 0


# --- Helpers for the diagrams ---------------------------------------------------------------


def by_gid(made: Figure, kind: type, gid: str):
    found = [a for a in made.findobj(kind) if a.get_gid() == gid]
    assert len(found) == 1, f"expected one {kind.__name__} with gid {gid!r}, found {len(found)}"
    return found[0]


def texts(made: Figure) -> list[Text]:
    return [t for t in made.findobj(Text) if t.get_visible() and t.get_text()]


def arrow_parts(arrow: FancyArrowPatch) -> list[MplPath]:
    """The arrow's shaft and head as plain polylines, in display coordinates.

    (Going through polygons drops the CLOSEPOLY vertex, whose placeholder (0, 0) would
    otherwise be read as one more point of the arrow.)
    """
    path = arrow.get_transform().transform_path(arrow.get_path())
    return [MplPath(polygon) for polygon in path.to_polygons(closed_only=False)]


def arrow_ends(arrow: FancyArrowPatch) -> tuple[np.ndarray, np.ndarray]:
    """Tail and tip of an arrow, in display coordinates."""
    vertices = np.concatenate([part.vertices for part in arrow_parts(arrow)])
    tail = vertices[0]
    tip = vertices[np.argmax(np.linalg.norm(vertices - tail, axis=1))]
    return tail, tip


def centre(text: Text) -> np.ndarray:
    box = text.get_window_extent()
    return np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])


def distance_to_segment(point, start, end) -> float:
    direction = end - start
    t = np.clip(np.dot(point - start, direction) / np.dot(direction, direction), 0, 1)
    return float(np.linalg.norm(point - (start + t * direction)))


def assert_labels_clear(made: Figure, renderer) -> None:
    """No two texts overlap; no text touches an arrow or a drawn line; only a node's own
    symbol (gid node-*) sits inside a circle."""
    words = texts(made)
    boxes = {id(t): t.get_window_extent(renderer) for t in words}
    for a, b in itertools.combinations(words, 2):
        assert not boxes[id(a)].overlaps(boxes[id(b)]), (a.get_text(), b.get_text())
    arrows = [p for p in made.findobj(FancyArrowPatch)]
    lines = [line for axes in made.axes for line in axes.lines]  # drawn, not the hidden axes
    circles = [c for c in made.findobj(Circle)]
    assert arrows, "a diagram without arrows?"
    for text in words:
        box = boxes[id(text)]
        for arrow in arrows:
            assert not any(part.intersects_bbox(box, filled=False) for part in arrow_parts(arrow)), (
                f"{text.get_text()!r} touches {arrow.get_gid() or 'an arrow'}"
            )
        for line in lines:
            path = line.get_transform().transform_path(line.get_path())
            assert not path.intersects_bbox(box, filled=False), (text.get_text(), line.get_gid())
        if (text.get_gid() or "").startswith("node-"):
            continue
        for circle in circles:
            path = circle.get_transform().transform_path(circle.get_path())
            assert not path.intersects_bbox(box, filled=True), (
                f"{text.get_text()!r} overlaps a node"
            )


@pytest.mark.parametrize("name", sorted(MODULES["diagrams"].FIGURES))
def test_diagram_labels_overlap_nothing(name, figure):
    assert_labels_clear(*figure(name))


def test_the_overlap_check_catches_a_label_on_an_arrow(figure):
    made, renderer = figure("network.svg")
    label = by_gid(made, Text, "label-w5")
    arrow = by_gid(made, FancyArrowPatch, "arrow-w5")
    tail, tip = arrow_ends(arrow)
    moved = made.axes[0].transData.inverted().transform((tail + tip) / 2)
    original = label.get_position(), label.get_ha(), label.get_va()
    label.set_position(moved)
    label.set_horizontalalignment("center")
    label.set_verticalalignment("center")
    try:
        with pytest.raises(AssertionError, match="touches arrow-w5"):
            assert_labels_clear(made, renderer)
    finally:
        label.set_position(original[0])
        label.set_horizontalalignment(original[1])
        label.set_verticalalignment(original[2])


# --- network.svg and worked_example.svg ---------------------------------------------------------

# The main article's naming, written out here as the oracle.
CONNECTIONS_221 = {
    "w1": ("x1", "h1"),
    "w2": ("x2", "h1"),
    "w3": ("x1", "h2"),
    "w4": ("x2", "h2"),
    "w5": ("h1", "o1"),
    "w6": ("h2", "o1"),
}


def check_221(made: Figure) -> None:
    nodes = {name: by_gid(made, Text, f"node-{name}") for name in ("x1", "x2", "h1", "h2", "o1")}
    for name, node in nodes.items():
        assert node.get_text() == f"${name[0]}_{name[1]}$"
    centres = {name: centre(node) for name, node in nodes.items()}
    arrows = {}
    for weight, (source, target) in CONNECTIONS_221.items():
        arrow = by_gid(made, FancyArrowPatch, f"arrow-{weight}")
        tail, tip = arrow_ends(arrow)
        nearest_tail = min(centres, key=lambda n: np.linalg.norm(centres[n] - tail))
        nearest_tip = min(centres, key=lambda n: np.linalg.norm(centres[n] - tip))
        assert (nearest_tail, nearest_tip) == (source, target), weight
        arrows[weight] = (tail, tip)
    # Each weight's label is nearer its own arrow than any other: it cannot be misread.
    for weight in CONNECTIONS_221:
        label = centre(by_gid(made, Text, f"label-{weight}"))
        distances = {w: distance_to_segment(label, *ends) for w, ends in arrows.items()}
        assert min(distances, key=distances.get) == weight, (weight, distances)
    # Each bias sits by its own neuron.
    for bias, neuron in (("b1", "h1"), ("b2", "h2"), ("b3", "o1")):
        label = centre(by_gid(made, Text, f"label-{bias}"))
        nearest = min(centres, key=lambda n: np.linalg.norm(centres[n] - label))
        assert nearest == neuron, bias


def test_network_diagram_names_every_weight_and_bias_on_its_own_connection(figure):
    made, _ = figure("network.svg")
    check_221(made)
    for name in Parameters.NAMES:
        assert by_gid(made, Text, f"label-{name}").get_text() == f"${name[0]}_{name[1]}$"
    assert len(made.findobj(FancyArrowPatch)) == 6


def test_worked_example_shows_the_values_the_article_prints(figure):
    made, _ = figure("worked_example.svg")
    check_221(made)
    text = {t.get_gid(): t.get_text() for t in texts(made) if t.get_gid()}
    for weight in CONNECTIONS_221:
        assert text[f"label-{weight}"] == f"${weight[0]}_{weight[1]} = 1$"
    for bias in ("b1", "b2", "b3"):
        assert text[f"label-{bias}"] == f"${bias[0]}_{bias[1]} = 0$"
    assert text["value-x1"] == "$x_1 = -2$" and text["value-x2"] == "$x_2 = -1$"
    # The main article: h1 = f(-2 + -1 + 0) = 0.0474, h2 = 0.0474, o1 = 0.524.
    assert text["value-h1"] == r"$h_1 = \sigma(-3) = 0.0474$"
    assert text["value-h2"] == r"$h_2 = \sigma(-3) = 0.0474$"
    assert re.fullmatch(r"\$o_1 = \\sigma\(h_1 \+ h_2\)\$\n\$.*= 0\.524\$", text["value-o1"])


# --- neuron.svg ---------------------------------------------------------------------------------


def test_neuron_diagram_weighs_sums_squashes(figure):
    made, _ = figure("neuron.svg")
    text = {t.get_gid(): t.get_text() for t in texts(made) if t.get_gid()}
    assert text["node-x1"] == "$x_1$" and text["node-x2"] == "$x_2$"
    assert text["node-sum"] == r"$\Sigma$" and text["node-sigma"] == r"$\sigma$"
    assert text["label-w1"] == "$w_1$" and text["label-w2"] == "$w_2$"
    assert "b" in text["label-b"] and text["label-y"] == "$y$"
    centres = {gid: centre(by_gid(made, Text, gid)) for gid in text}
    # x1 -w1-> Σ, x2 -w2-> Σ, b -> Σ, Σ -> σ, σ -> y: each arrow from the right thing.
    flow = {
        "arrow-w1": ("node-x1", "node-sum"),
        "arrow-w2": ("node-x2", "node-sum"),
        "arrow-b": ("label-b", "node-sum"),
        "arrow-z": ("node-sum", "node-sigma"),
        "arrow-y": ("node-sigma", "label-y"),
    }
    for gid, (source, target) in flow.items():
        tail, tip = arrow_ends(by_gid(made, FancyArrowPatch, gid))
        assert min(centres, key=lambda n: np.linalg.norm(centres[n] - tail)) == source, gid
        assert min(centres, key=lambda n: np.linalg.norm(centres[n] - tip)) == target, gid


# --- two_layer.svg ------------------------------------------------------------------------------


def test_two_layer_diagram_matches_the_networks_matrices(figure):
    made, _ = figure("two_layer.svg")
    network = TwoLayerNetwork.initialise(rng=0)  # the shapes, from the package itself
    n_in, n_hidden = network.weights1.shape
    assert (n_in, n_hidden, network.weights2.shape[1]) == (3, 4, 1)
    w1 = by_gid(made, Text, "label-W1").get_text()
    w2 = by_gid(made, Text, "label-W2").get_text()
    assert "W_1" in w1 and rf"{n_in} \times {n_hidden}" in w1
    assert "W_2" in w2 and rf"{n_hidden} \times 1" in w2
    inputs = [by_gid(made, Text, f"node-x{i}") for i in range(1, n_in + 1)]
    hidden = [by_gid(made, Text, f"node-h{j}") for j in range(1, n_hidden + 1)]
    output = by_gid(made, Text, "node-yhat")
    # Entry (i, j) of W1 is the arrow from input i to hidden unit j; W2's from h_j to ŷ.
    for i, j in itertools.product(range(n_in), range(n_hidden)):
        tail, tip = arrow_ends(by_gid(made, FancyArrowPatch, f"arrow-W1-{i + 1}{j + 1}"))
        assert np.linalg.norm(tail - centre(inputs[i])) < np.linalg.norm(tail - centre(hidden[j]))
        assert np.linalg.norm(tip - centre(hidden[j])) < 40  # px: ends at that unit
    for j in range(n_hidden):
        tail, tip = arrow_ends(by_gid(made, FancyArrowPatch, f"arrow-W2-{j + 1}"))
        assert np.linalg.norm(tail - centre(hidden[j])) < 40
        assert np.linalg.norm(tip - centre(output)) < 40
    assert len(made.findobj(FancyArrowPatch)) == n_in * n_hidden + n_hidden
    # Each matrix's name sits over its own layer of connections.
    x_of = lambda t: centre(t)[0]  # noqa: E731
    assert x_of(inputs[0]) < centre(by_gid(made, Text, "label-W1"))[0] < x_of(hidden[0])
    assert x_of(hidden[0]) < centre(by_gid(made, Text, "label-W2"))[0] < x_of(output)


# --- Training figures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fresh_sgd():
    """The main article's seeded run, computed here, apart from the figure module's cache."""
    return train_sgd(Parameters.random(rng=0), *people())


@pytest.fixture(scope="module")
def fresh_two_layer():
    """The two-layer article's seeded run, computed here: (trained network, losses)."""
    network = TwoLayerNetwork.initialise(rng=1)
    losses = network.train(*two_layer_data())
    return network, losses


def the_line(made: Figure) -> Line2D:
    return by_gid(made, Line2D, "loss-curve")


def test_sgd_loss_curve_is_the_history_of_a_fresh_seeded_run(figure, fresh_sgd):
    made, _ = figure("sgd_loss.svg")
    result = fresh_sgd
    epochs = [epoch for epoch, _ in result.history]
    losses = [loss for _, loss in result.history]
    line = the_line(made)
    assert np.array_equal(line.get_xdata(), epochs)
    assert np.array_equal(line.get_ydata(), losses)
    assert epochs[:3] == [0, 10, 20] and len(epochs) == 100
    assert made.axes[0].get_yscale() == "log"
    # The end labels carry the numbers of the training log's first and last lines.
    start = by_gid(made, Text, "label-start").get_text()
    end = by_gid(made, Text, "label-end").get_text()
    first, last = result.report_lines()[0], result.report_lines()[-1]
    assert start == "epoch 0: " + first.rsplit(" ", 1)[1] == "epoch 0: 0.292"
    assert end == "epoch 990: " + last.rsplit(" ", 1)[1]


def test_two_layer_loss_curve_is_a_fresh_run(figure, fresh_two_layer):
    made, _ = figure("two_layer_loss.svg")
    _, losses = fresh_two_layer
    line = the_line(made)
    assert len(losses) == 1500
    assert np.array_equal(line.get_xdata(), np.arange(1500))
    assert np.array_equal(line.get_ydata(), losses)
    assert made.axes[0].get_yscale() == "log"
    assert by_gid(made, Text, "label-end").get_text() == f"iteration 1499: {losses[-1]:.4f}"


def test_two_layer_predictions_are_the_trained_networks_beside_0_1_1_0(figure, fresh_two_layer):
    made, _ = figure("two_layer_predictions.svg")
    network, _ = fresh_two_layer
    x, _ = two_layer_data()
    outputs = network.feedforward(x).ravel()
    axes = made.axes[0]
    (bars,) = axes.containers
    assert np.array_equal([bar.get_height() for bar in bars], outputs)
    targets = by_gid(made, LineCollection, "targets")
    assert [float(segment[0, 1]) for segment in targets.get_segments()] == [0, 1, 1, 0]
    values = [t.get_text() for t in axes.texts]
    assert values == [f"{output:.2f}" for output in outputs]
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert ticks == ["(0, 0, 1)", "(0, 1, 1)", "(1, 0, 1)", "(1, 1, 1)"]


def real_units(points: np.ndarray) -> np.ndarray:
    """Undo the article's shift by hand (−135 lb, −66 in): the oracle for the map's axes."""
    return points + np.array([135.0, 66.0])


def test_decision_map_boundary_is_where_the_trained_network_says_one_half(figure, fresh_sgd):
    made, _ = figure("decision_map.svg")
    params = fresh_sgd.params
    boundary = by_gid(made, ContourSet, "boundary")
    assert list(boundary.levels) == [0.5]
    vertices = np.concatenate([path.vertices for path in boundary.get_paths()])
    assert len(vertices) > 20
    weight, height = vertices[:, 0], vertices[:, 1]
    # The plot is in pounds and inches; the network sees shifted numbers. Within 0.05 lb of
    # every point of the drawn line, the network's answer crosses 0.5 (lighter: female,
    # heavier: male), so the line is where predict == 0.5 (it is drawn ~0.01 lb off).
    step = 0.05
    lighter = predict(params, shift(weight - step, height))
    heavier = predict(params, shift(weight + step, height))
    assert np.all(lighter > 0.5) and np.all(heavier < 0.5)
    # The boundary crosses the whole map, bottom to top.
    low, high = made.axes[0].get_ylim()
    assert height.min() == pytest.approx(low) and height.max() == pytest.approx(high)


def test_decision_map_marks_the_people_in_pounds_and_inches(figure, fresh_sgd):
    made, renderer = figure("decision_map.svg")
    params = fresh_sgd.params
    table = people_table()
    female = by_gid(made, PathCollection, "training-F").get_offsets()
    male = by_gid(made, PathCollection, "training-M").get_offsets()
    assert np.array_equal(female, [(w, h) for _, w, h, g in table if g == "F"])
    assert np.array_equal(male, [(w, h) for _, w, h, g in table if g == "M"])
    names, shifted = new_people()
    new = by_gid(made, PathCollection, "new-people").get_offsets()
    assert np.array_equal(new, real_units(shifted))
    assert np.array_equal(new, [(128, 63), (155, 68)])  # the article's Emily and Frank
    labels = {t.get_gid(): t for t in made.axes[0].texts}
    for name, gender in [(row[0], row[3]) for row in table]:
        assert labels[f"name-{name}"].get_text() == f"{name} ({gender})"
    for name, output in zip(names, predict(params, shifted), strict=True):
        assert labels[f"name-{name}"].get_text() == f"{name}: {output:.3f}"
    # Emily is called female and Frank male, as in the article.
    assert predict(params, shifted)[0] > 0.5 > predict(params, shifted)[1]
    # No name touches the boundary line, another name, or leaves the map.
    boundary = by_gid(made, ContourSet, "boundary")
    axes_box = made.axes[0].get_window_extent(renderer)
    name_boxes = [t.get_window_extent(renderer) for t in labels.values()]
    for box in name_boxes:
        for path in boundary.get_paths():
            display = boundary.get_transform().transform_path(path)
            assert not display.intersects_bbox(box, filled=False)
        assert axes_box.contains(box.x0, box.y0) and axes_box.contains(box.x1, box.y1)
    for a, b in itertools.combinations(name_boxes, 2):
        assert not a.overlaps(b)
    # The legend sits below the map (a figure legend), clear of every name.
    legend_box = made.legends[0].get_window_extent(renderer)
    assert not any(Bbox.intersection(legend_box, box) for box in name_boxes)
