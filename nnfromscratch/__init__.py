"""nnfromscratch: neural networks built from scratch in NumPy, every number checked.

Three groups of modules::

    the course        activations, neuron, network, datasets, losses, backprop,
                      training, two_layer      (every line shown on the chapters)
    the proofs        symbolic (SymPy derivations), errata (the sources' disagreements)
    general networks  layers, mlp, optimizers, fit, metrics, gradient_check,
                      persistence, digits, article_networks (the articles' networks
                      as special cases of mlp.MLP)

and `_checks`, the doors: every public call's arguments are checked there, once. Beside
them, `exercises` grades the chapters' exercises against the course's own answers.

The course's building blocks, in the order the chapters meet them, are importable from
the package itself; each lives in a small module of its own (`nnfromscratch.neuron`,
`nnfromscratch.backprop`, …). The functions named like their modules, `backprop` and
`fit`, are not re-exported: `nnfromscratch.backprop` and `nnfromscratch.fit` name the
modules, so ``from nnfromscratch.backprop import backprop``. Importing the package is
cheap: SymPy is only imported by `nnfromscratch.symbolic`, and scikit-learn only when the
digits are loaded.

Examples
--------
>>> import nnfromscratch as nn
>>> f"{nn.Neuron(weights=[0, 1], bias=4).feedforward([2, 3]):.3f}"
'0.999'
"""

from .activations import (
    relu,
    sigmoid,
    sigmoid_derivative_from_output,
    sigmoid_derivative_from_sum,
    softmax,
    tanh,
)
from .backprop import Parameters, forward
from .losses import mse_loss, sum_of_squares_loss
from .mlp import MLP
from .network import NeuronNetwork
from .neuron import Neuron
from .training import TrainingDivergedError, predict, train_sgd
from .two_layer import TwoLayerNetwork

__all__ = [
    "MLP",
    "Neuron",
    "NeuronNetwork",
    "Parameters",
    "TrainingDivergedError",
    "TwoLayerNetwork",
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
