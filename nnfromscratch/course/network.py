"""The 2-2-1 network built out of `Neuron` objects: feedforward only.

Two inputs feed two hidden neurons ``h1`` and ``h2``; their outputs feed one output
neuron ``o1``. That is all a network is: neurons whose inputs are other neurons'
outputs. Training needs the derivatives too, which live in `nnfromscratch.course.backprop`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .. import _checks as check
from .._checks import checked
from .neuron import Neuron

__all__ = ["NeuronNetwork"]


# --8<-- [start:NeuronNetwork]
class NeuronNetwork:
    """A network with 2 inputs, a hidden layer of 2 neurons and 1 output neuron.

    Parameters
    ----------
    h1, h2 : Neuron
        The hidden neurons, each with 2 weights.
    o1 : Neuron
        The output neuron; its two inputs are the outputs of ``h1`` and ``h2``.

    Examples
    --------
    The main article's network, every neuron with ``w = [0, 1]`` and ``b = 0``:

    >>> network = NeuronNetwork.all_same(weights=[0, 1], bias=0)
    >>> network.feedforward([2, 3])
    0.7216325609518421
    >>> f"{network.feedforward([2, 3]):.4f}"
    '0.7216'
    """

    @checked(check.neuron_network)
    def __init__(self, h1: Neuron, h2: Neuron, o1: Neuron) -> None:
        self.h1, self.h2, self.o1 = h1, h2, o1

    @classmethod
    @checked(check.neuron_network_all_same)
    def all_same(cls, weights: ArrayLike, bias: float) -> NeuronNetwork:
        """A network whose three neurons share the same weights and bias.

        Examples
        --------
        >>> NeuronNetwork.all_same([0, 1], 0).o1
        Neuron(weights=[0.0, 1.0], bias=0.0)
        """
        return cls(
            Neuron(weights, bias), Neuron(weights, bias), Neuron(weights, bias)
        )

    @checked(check.network_inputs)
    def hidden_outputs(self, inputs: ArrayLike) -> np.ndarray:
        """The hidden layer's outputs ``[h1, h2]``: ``o1``'s inputs.

        Examples
        --------
        >>> network = NeuronNetwork.all_same([0, 1], 0)
        >>> [f"{h:.4f}" for h in network.hidden_outputs([2, 3])]
        ['0.9526', '0.9526']
        """
        return np.array(
            [self.h1.feedforward(inputs), self.h2.feedforward(inputs)]
        )

    @checked(check.network_inputs)
    def feedforward(self, inputs: ArrayLike) -> float:
        """The network's output ``o1`` for one input ``[x1, x2]``.

        Examples
        --------
        >>> NeuronNetwork.all_same([0, 1], 0).feedforward([2, 3])
        0.7216325609518421
        """
        # The inputs of o1 are the outputs of h1 and h2: that is what makes this
        # a network.
        return self.o1.feedforward(self.hidden_outputs(inputs))
# --8<-- [end:NeuronNetwork]
