"""nnfromscratch: neural networks built from scratch in NumPy, every number checked.

Three subpackages, one per kind of code, and the grader that connects the chapters to
them::

    nnfromscratch.course    activations, neuron, network, datasets, losses, backprop,
                            training, two_layer: the reference code of the articles'
                            networks, which the chapters have the learner write
    nnfromscratch.proofs    symbolic (SymPy derivations), errata (the sources'
                            disagreements, recomputed)
    nnfromscratch.general   layers, mlp, optimizers, fit, metrics, gradient_check,
                            persistence, digits, tuning, and article_networks: the
                            articles' networks as special cases of the general MLP
    nnfromscratch.exercises check, the grader: the learner's code against the course's
                            (and, for the later pages, the general networks')

and, on the ground floor, `_door` (the decorator that checks a public call's arguments
once, by rules declared beside each function) and `_checks` (the generic rules it uses).
The layers' ``forward`` and ``backward``, which the networks call, check nothing; see the
errors page.

The course's building blocks, in the order the chapters meet them, and the grader's
`check` are importable from the package itself (``nnfromscratch.Neuron``,
``nnfromscratch.train_sgd``, ``from nnfromscratch import check``, …). The
functions named like their modules, `backprop` and `fit`, are imported from those
modules: ``from nnfromscratch.course.backprop import backprop`` and
``from nnfromscratch.general.fit import fit``. Importing the package is cheap: SymPy is
only imported by `nnfromscratch.proofs.symbolic` (installed with the ``proofs`` extra,
``pip install 'nnfromscratch[proofs]'``); everything else needs NumPy alone, and tqdm for
the progress bar of `fit`. The 8×8 digits ship with the package (``nnfromscratch/data/``).

Examples
--------
>>> import nnfromscratch as nn
>>> f"{nn.Neuron(weights=[0, 1], bias=4).feedforward([2, 3]):.3f}"
'0.999'
"""

from .course.activations import (
    relu,
    sigmoid,
    sigmoid_derivative_from_output,
    sigmoid_derivative_from_sum,
    softmax,
    tanh,
)
from .course.backprop import Parameters, forward
from .course.losses import mse_loss, sum_of_squares_loss
from .course.network import NeuronNetwork
from .course.neuron import Neuron
from .course.training import TrainingDivergedError, predict, train_sgd
from .course.two_layer import TwoLayerNetwork

# The grader, importable in one short line: the chapters' code starts with it.
from .exercises import check
from .general.mlp import MLP

__all__ = [
    "MLP",
    "Neuron",
    "NeuronNetwork",
    "Parameters",
    "TrainingDivergedError",
    "TwoLayerNetwork",
    "check",
    "forward",
    "mse_loss",
    "predict",
    "relu",
    "sigmoid",
    "sigmoid_derivative_from_output",
    "sigmoid_derivative_from_sum",
    "softmax",
    "sum_of_squares_loss",
    "tanh",
    "train_sgd",
]

__version__ = "0.1.0"
