"""The figures of docs/figures/beyond.py and comparisons.py: they draw, every one is shown
with alt text, and what they draw is what fresh runs of the package compute (not the
module's own cache)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnfromscratch.general.digits import train_digits
from nnfromscratch.general.metrics import confusion_matrix
from nnfromscratch.general.optimizers import SGD, trajectory

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = [DOCS / "beyond" / "digits.md", DOCS / "beyond" / "activations-and-optimisers.md"]


def load_module(name="beyond"):
    spec = importlib.util.spec_from_file_location(f"_test_{name}_figures", DOCS / "figures" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(DOCS / "figures"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(DOCS / "figures"))
    return module


MODULES = [load_module("beyond"), load_module("comparisons")]
FIGURES = {name: draw for module in MODULES for name, draw in module.FIGURES.items()}


@pytest.fixture(scope="module")
def drawn():
    return {name: draw() for name, draw in FIGURES.items()}


def test_every_figure_draws_a_figure(drawn):
    assert set(drawn) == set(FIGURES)
    assert all(isinstance(figure, Figure) for figure in drawn.values())


def test_every_figure_is_on_a_page_with_alt_text():
    shown = {}
    for page in PAGES:
        for alt, name in re.findall(r"!\[([^\]]*)\]\(\.\./figures/([^)]+)\)", page.read_text(encoding="utf-8")):
            shown[name] = alt
    assert set(shown) == set(FIGURES)
    assert all(len(alt) > 40 for alt in shown.values()), shown


def test_the_confusion_matrix_shows_a_fresh_runs_counts(drawn):
    result = train_digits()
    counts = confusion_matrix(result.data.labels_test, result.network.predict_classes(result.data.x_test), 10)
    axes = drawn["digits_confusion.svg"].axes[0]
    written = {(round(t.get_position()[1]), round(t.get_position()[0])): int(t.get_text()) for t in axes.texts}
    assert written == {(r, c): int(n) for (r, c), n in np.ndenumerate(counts) if n}


def test_the_learning_curves_are_a_fresh_runs_history(drawn):
    history = train_digits().history
    loss_axes, accuracy_axes = drawn["digits_learning_curves.svg"].axes
    train_line, test_line = loss_axes.get_lines()
    assert np.array_equal(train_line.get_ydata(), history.loss)
    assert np.array_equal(test_line.get_ydata(), history.validation_loss)
    assert np.allclose(accuracy_axes.get_lines()[0].get_ydata(), np.array(history.validation_accuracy) * 100)


def test_the_bowl_paths_are_the_optimisers_trajectories(drawn):
    lines = [line for line in drawn["optimisers_on_a_bowl.svg"].axes[0].get_lines() if line.get_label().startswith("SGD")]
    expected = trajectory(SGD(0.09), lambda theta: np.array([1.0, 20.0]) * theta, [-4.0, 1.0], 40)
    assert np.array_equal(lines[0].get_xdata(), expected[:, 0])
    assert np.array_equal(lines[0].get_ydata(), expected[:, 1])


def test_the_comparison_bands_are_the_seeds_range():
    from nnfromscratch.general.tuning import SEEDS, validation_run

    figure = FIGURES["activations_on_digits.svg"]()
    line = next(line for line in figure.axes[0].get_lines() if line.get_label().startswith("sigmoid, tuned"))
    runs = np.array([validation_run.__wrapped__("sigmoid", "sgd", 3.0, seed).validation_accuracy for seed in SEEDS])
    assert np.allclose(line.get_ydata(), runs.mean(axis=0) * 100)
