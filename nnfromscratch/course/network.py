"""The 2-2-1 network built out of `Neuron` objects: feedforward only.

Two inputs feed two hidden neurons ``h1`` and ``h2``; their outputs feed one output
neuron ``o1``. That is all a network is: neurons whose inputs are other neurons'
outputs. Training needs the derivatives too, which live in `nnfromscratch.course.backprop`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._checks import as_float_array, describe, number
from .._door import checked
from .neuron import Neuron, _finite_neuron

__all__ = ["NeuronNetwork"]


def _neurons(self: Any, h1: Any, h2: Any, o1: Any) -> None:
    for name, unit in (("h1", h1), ("h2", h2), ("o1", o1)):
        if not isinstance(unit, Neuron):
            raise TypeError(f"{name} must be a Neuron, got {describe(unit)}")
        if unit.weights.shape != (2,):
            raise ValueError(
                f"{name} must have 2 weights in a 2-2-1 network, got {unit.weights.shape[0]}"
            )


def _same_neuron(cls: Any, weights: Any, bias: Any) -> None:
    # Refused here, before any neuron is made; each Neuron then copies the weights itself.
    as_float_array(weights, "weights", shape=(2,))
    number(bias, "bias")


def _inputs(self: Any, inputs: Any) -> dict[str, Any]:
    _neurons(self, self.h1, self.h2, self.o1)
    for name in ("h1", "h2", "o1"):
        _finite_neuron(getattr(self, name), f"{name}'s weights and bias")
    return {"inputs": as_float_array(inputs, "inputs", shape=(2,))}


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

    @checked(_neurons)
    def __init__(self, h1: Neuron, h2: Neuron, o1: Neuron) -> None:
        self.h1, self.h2, self.o1 = h1, h2, o1

    @classmethod
    @checked(_same_neuron, public_calls_inside=True)
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

    @checked(_inputs, overflow=("inputs",))
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

    @checked(_inputs, overflow=("inputs",))
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
