"""The 2-2-1 network built out of `Neuron` objects: feedforward only.

Two inputs feed two hidden neurons ``h1`` and ``h2``; their outputs feed one output
neuron ``o1``. That is all a network is: neurons whose inputs are other neurons'
outputs. Training needs the derivatives too, which live in `nnfromscratch.backprop`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array
from .neuron import Neuron

__all__ = ["NeuronNetwork"]


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

    def __init__(self, h1: Neuron, h2: Neuron, o1: Neuron) -> None:
        for name, neuron in (("h1", h1), ("h2", h2), ("o1", o1)):
            if not isinstance(neuron, Neuron):
                raise TypeError(f"{name} must be a Neuron, got {type(neuron).__name__}")
            if neuron.weights.shape != (2,):
                raise ValueError(
                    f"{name} must have 2 weights in a 2-2-1 network, got {neuron.weights.shape[0]}"
                )
        self.h1, self.h2, self.o1 = h1, h2, o1

    @classmethod
    def all_same(cls, weights: ArrayLike, bias: float) -> NeuronNetwork:
        """A network whose three neurons share the same weights and bias.

        Examples
        --------
        >>> NeuronNetwork.all_same([0, 1], 0).o1
        Neuron(weights=[0.0, 1.0], bias=0.0)
        """
        return cls(Neuron(weights, bias), Neuron(weights, bias), Neuron(weights, bias))

    def hidden_outputs(self, inputs: ArrayLike) -> np.ndarray:
        """The outputs ``[h1, h2]`` of the hidden layer, which are ``o1``'s inputs.

        Examples
        --------
        >>> [f"{h:.4f}" for h in NeuronNetwork.all_same([0, 1], 0).hidden_outputs([2, 3])]
        ['0.9526', '0.9526']
        """
        # --8<-- [start:hidden]
        x = as_float_array(inputs, "inputs", shape=(2,))
        return np.array([self.h1.feedforward(x), self.h2.feedforward(x)])
        # --8<-- [end:hidden]

    def feedforward(self, inputs: ArrayLike) -> float:
        """The network's output ``o1`` for one input ``[x1, x2]``.

        Examples
        --------
        >>> NeuronNetwork.all_same([0, 1], 0).feedforward([2, 3])
        0.7216325609518421
        """
        # --8<-- [start:feedforward]
        # The inputs of o1 are the outputs of h1 and h2: that is what makes this a network.
        return self.o1.feedforward(self.hidden_outputs(inputs))
        # --8<-- [end:feedforward]
