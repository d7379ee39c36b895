"""The complete programs (docs/programs/): one a chapter, plain, downloadable, the package's numbers.

Each of chapters 1-6 has its program, ``docs/programs/CHAPTER.py`` (``data-and-loss`` ->
``data_and_loss.py``): the chapter's ``python`` blocks joined in page order
(tests/test_code_on_pages.py proves that), served by the site for download. Here:

* there is one program for each chapter, and no other;
* a program imports NumPy and the standard library, and of the package at most the
  grader's ``check`` (the line a chapter's code starts with: ``from nnfromscratch import
  check``) and the data helpers;
* each runs on its own, ``python CHAPTER.py``, without an error or a warning;
* the learner's code in it gives the package's numbers, from the same inputs and seed
  (to 1e-12): the sigmoid and the neuron, the network, the loss, the sigmoid's slope, the
  training (its nine numbers after 1,000 epochs and the lines it prints), the two-layer
  network (its weights after 1,500 iterations);
* the site serves each program as it is in the repository, and the served copy runs.

The names are the chapters' (issue 23's design): ``sigmoid``, ``Neuron``, ``Network``,
``data``, ``y_trues``, ``mse_loss``, ``deriv_sigmoid``, ``NeuralNetwork``,
``TwoLayerNetwork``.
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
from course_pages import CHAPTERS, PROGRAMS, program_name

from nnfromscratch.course.activations import sigmoid, sigmoid_derivative_from_sum
from nnfromscratch.course.backprop import Parameters
from nnfromscratch.course.datasets import people, two_layer_data
from nnfromscratch.course.losses import mse_loss
from nnfromscratch.course.network import NeuronNetwork
from nnfromscratch.course.neuron import Neuron
from nnfromscratch.course.training import train_sgd
from nnfromscratch.course.two_layer import TwoLayerNetwork

NAMES = [program_name(chapter) for chapter in CHAPTERS]
# What a program may import from the package: the grader, the data helpers (None: any name).
ALLOWED = {"nnfromscratch": {"check"}, "nnfromscratch.exercises": {"check"},
           "nnfromscratch.course.datasets": None}
ZS = np.array([-30.0, -5.0, -1.0, -0.5, 0.0, 0.25, 1.0, 7.0, 30.0])


def load(name: str):
    """The program imported as a module (not as ``__main__``), its printing kept apart."""
    spec = importlib.util.spec_from_file_location(f"program_{name[:-3]}", PROGRAMS / name)
    module = importlib.util.module_from_spec(spec)
    with redirect_stdout(StringIO()):
        spec.loader.exec_module(module)
    return module


def test_one_program_for_each_chapter_and_no_other():
    assert sorted(p.name for p in PROGRAMS.glob("*.py")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_program_imports_only_numpy_the_standard_library_and_the_grader(name):
    tree = ast.parse((PROGRAMS / name).read_text(encoding="utf-8"))
    imported = {(alias.name, None) for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {(node.module, alias.name) for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) for alias in node.names}

    def allowed(module: str, what: str | None) -> bool:
        if module.split(".")[0] in sys.stdlib_module_names or module.split(".")[0] == "numpy":
            return True
        names = ALLOWED.get(module, set())
        return what is not None and (names is None or what in names)

    outside = sorted(f"{what} from {module}" if what else module
                     for module, what in imported if not allowed(module, what))
    assert not outside, f"{name} imports {outside}"


def run(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-W", "error", str(path)], capture_output=True,
                          text=True, check=False, timeout=300)


@pytest.mark.parametrize("name", NAMES)
def test_each_program_runs_on_its_own(name):
    done = run(PROGRAMS / name)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_the_neuron_program_gives_the_packages_numbers():
    program = load("neuron.py")
    np.testing.assert_allclose([program.sigmoid(z) for z in ZS], sigmoid(ZS), rtol=0, atol=1e-12)
    for weights, bias, x in [([0, 1], 4, [2, 3]), ([2, -1], -1, [1, 3]), ([0.5, 0.5], 0, [1, 1])]:
        ours = Neuron(weights=weights, bias=bias).feedforward(x)
        theirs = program.Neuron(np.array(weights), bias).feedforward(np.array(x))
        assert abs(theirs - ours) < 1e-12, (weights, bias, x)


def test_the_network_program_gives_the_packages_numbers():
    program = load("network.py")
    for weights, bias, x in [([0, 1], 0, [2, 3]), ([1, 1], 0, [-2, -1]), ([0.5, -1], 2, [3, 1])]:
        ours = NeuronNetwork.all_same(weights, bias).feedforward(x)
        theirs = program.Network(np.array(weights), bias).feedforward(np.array(x))
        assert abs(theirs - ours) < 1e-12, (weights, bias, x)


def test_the_data_and_loss_program_gives_the_packages_numbers():
    program = load("data_and_loss.py")
    x, y = people()
    np.testing.assert_array_equal(program.data, x)
    np.testing.assert_array_equal(program.y_trues, y)
    for prediction in ([0, 0, 0, 0], [0.8, 0.3, 0.1, 0.6], [1, 0, 0, 1]):
        ours = mse_loss(y, prediction)
        assert abs(program.mse_loss(y, np.array(prediction)) - ours) < 1e-12, prediction


def test_the_backpropagation_program_gives_the_packages_numbers():
    program = load("backpropagation.py")
    np.testing.assert_allclose([program.deriv_sigmoid(z) for z in ZS],
                               sigmoid_derivative_from_sum(ZS), rtol=0, atol=1e-12)


def test_the_training_program_gives_the_packages_numbers():
    program = load("training.py")
    x, y = people()
    network = program.NeuralNetwork(np.random.default_rng(0))
    printed = StringIO()
    with redirect_stdout(printed):
        network.train(program.data, program.y_trues)
    ours = train_sgd(Parameters.random(rng=0), x, y)
    theirs = [getattr(network, name) for name in Parameters.NAMES]
    np.testing.assert_allclose(theirs, ours.params.as_array(), rtol=0, atol=1e-12)
    assert printed.getvalue().splitlines() == ours.report_lines()


def test_the_two_layer_program_gives_the_packages_numbers():
    program = load("two_layer.py")
    x, y = two_layer_data()
    network = program.TwoLayerNetwork(x, y, np.random.default_rng(1))
    ours = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=1)
    np.testing.assert_array_equal(network.weights1, ours.weights1)
    np.testing.assert_array_equal(network.weights2, ours.weights2)
    ours.train(x, y, iterations=1500)
    for _ in range(1500):
        network.feedforward()
        network.backprop()
    np.testing.assert_allclose(network.weights1, ours.weights1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(network.weights2, ours.weights2, rtol=0, atol=1e-12)


def test_the_downloads_on_the_site_are_the_programs_and_run(built_site: Path):
    for name in NAMES:
        served = built_site / "programs" / name
        assert served.read_bytes() == (PROGRAMS / name).read_bytes(), name
        done = run(served)
        assert done.returncode == 0 and done.stderr == "", (name, done.stderr)
