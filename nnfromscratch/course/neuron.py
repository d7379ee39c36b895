"""A single neuron: weigh the inputs, add a bias, squash with the sigmoid.

``output = sigmoid(w · x + b)``. Passing inputs forward to an output like this is
called *feedforward*.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .. import _checks as check
from .._checks import checked
from .activations import sigmoid

__all__ = ["Neuron"]


# --8<-- [start:Neuron]
class Neuron:
    """A neuron with one weight per input, a bias and the sigmoid activation.

    Parameters
    ----------
    weights : array_like
        One weight per input, shape ``(n_inputs,)``.
    bias : float
        Added to the weighted sum.

    Examples
    --------
    The main article's neuron, ``w = [0, 1]``, ``b = 4``, given ``x = [2, 3]``:

    >>> neuron = Neuron(weights=[0, 1], bias=4)
    >>> neuron.weighted_sum([2, 3])
    7.0
    >>> neuron.feedforward([2, 3])
    0.9990889488055994
    >>> f"{neuron.feedforward([2, 3]):.3f}"
    '0.999'
    """

    @checked(check.neuron)
    def __init__(self, weights: ArrayLike, bias: float) -> None:
        self.weights = weights
        self.bias = bias

    def __repr__(self) -> str:
        return f"Neuron(weights={self.weights.tolist()}, bias={self.bias})"

    @checked(check.neuron_inputs)
    def weighted_sum(self, inputs: ArrayLike) -> float:
        """The sum ``w · x + b`` that goes into the activation.

        Examples
        --------
        >>> Neuron([0, 1], 0).weighted_sum([2, 3])
        3.0
        """
        return float(np.dot(self.weights, inputs) + self.bias)

    @checked(check.neuron_inputs)
    def feedforward(self, inputs: ArrayLike) -> float:
        """The neuron's output ``sigmoid(w · x + b)``, a number between 0 and 1.

        Examples
        --------
        >>> f"{Neuron([0, 1], 0).feedforward([2, 3]):.4f}"
        '0.9526'
        >>> Neuron([0, 1], 0).feedforward([2, 3, 4])
        Traceback (most recent call last):
            ...
        ValueError: inputs must have shape (2,), got (3,)
        """
        return sigmoid(self.weighted_sum(inputs))
# --8<-- [end:Neuron]
