"""The complete programs (docs/programs/): NumPy only, downloadable, and the package's numbers.

Each source article's system is also one self-contained script, shown whole on its chapter
and served by the site for download. These tests run the downloaded copies from a built
site, check that they import nothing but NumPy and the standard library, and hold their
numbers against the package's from the same seed, to 1e-12.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import numpy as np
import pytest

from nnfromscratch.course.backprop import Parameters
from nnfromscratch.course.datasets import new_people, people, two_layer_data
from nnfromscratch.course.training import predict, train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork

PROGRAMS = Path(__file__).resolve().parents[1] / "docs" / "programs"
NAMES = ["gender_network.py", "two_layer_network.py"]


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"program_{name[:-3]}", PROGRAMS / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_a_program_imports_only_numpy_and_the_standard_library(name):
    tree = ast.parse((PROGRAMS / name).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"math", "numpy"}, imported


def test_the_main_articles_program_gives_the_packages_numbers():
    program = load("gender_network.py")
    x, y = people()
    assert program.data == x.tolist() and program.labels == y.tolist()
    network = program.Network(np.random.default_rng(0))
    printed = StringIO()
    with redirect_stdout(printed):
        network.train(program.data, program.labels)
    ours = train_sgd(Parameters.random(rng=0), x, y)
    theirs = [getattr(network, name) for name in Parameters.NAMES]
    np.testing.assert_allclose(theirs, ours.params.as_array(), rtol=0, atol=1e-12)
    assert printed.getvalue().splitlines() == ours.report_lines()
    _, new_x = new_people()
    np.testing.assert_allclose([network.feedforward(*row) for row in new_x.tolist()],
                               predict(ours.params, new_x), rtol=0, atol=1e-12)


def test_the_two_layer_program_gives_the_packages_numbers():
    program = load("two_layer_network.py")
    x, y = two_layer_data()
    np.testing.assert_array_equal(program.x, x)
    np.testing.assert_array_equal(program.y, y)
    network = program.TwoLayerNetwork(3, 4, np.random.default_rng(1))
    ours = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=1)
    np.testing.assert_array_equal(network.weights1, ours.weights1)
    their_losses = network.train(program.x, program.y)
    our_losses = ours.train(x, y)
    np.testing.assert_allclose(their_losses, our_losses, rtol=0, atol=1e-12)
    np.testing.assert_allclose(network.weights1, ours.weights1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(network.weights2, ours.weights2, rtol=0, atol=1e-12)


def run(path: Path) -> list[str]:
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, check=True, timeout=120)
    assert done.stderr == ""
    return done.stdout.splitlines()


def test_the_downloads_on_the_site_are_the_programs_and_run(built_site: Path):
    for name in NAMES:
        served = built_site / "programs" / name
        assert served.read_bytes() == (PROGRAMS / name).read_bytes(), name
    x, y = people()
    ours = train_sgd(Parameters.random(rng=0), x, y)
    emily, frank = predict(ours.params, new_people()[1])
    assert run(built_site / "programs" / "gender_network.py") == [
        *ours.report_lines(), f"Emily: {emily:.3f}", f"Frank: {frank:.3f}"
    ]
    network = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=1)
    losses = network.train(*two_layer_data())
    lines = run(built_site / "programs" / "two_layer_network.py")
    assert lines[:-1] == [f"Iteration {i} loss: {losses[i]:.4f}" for i in range(0, 1500, 100)]
    assert lines[-1] == f"Predictions: {network.feedforward(two_layer_data()[0]).ravel().round(3)}"
