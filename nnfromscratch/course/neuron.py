"""A single neuron: weigh the inputs, add a bias, squash with the sigmoid.

``output = sigmoid(w · x + b)``. Passing inputs forward to an output like this is
called *feedforward*.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._checks import as_float_array, number
from .._door import checked
from .activations import sigmoid

__all__ = ["Neuron"]


def _vector_copy(weights: Any, name: str) -> np.ndarray:
    # A copy: a neuron must not change when the caller later changes their array.
    return as_float_array(weights, name, ndim=1).copy()


def _finite_neuron(neuron: Any, name: str) -> None:
    """Refuse a neuron whose public weights or bias were changed to something not finite."""
    weights, bias = neuron.weights, neuron.bias
    shown = weights.tolist() if isinstance(weights, np.ndarray) else weights
    try:
        values = np.append(as_float_array(weights, "weights", ndim=1), number(bias, "bias"))
    except TypeError:
        raise TypeError(
            f"{name} must be numbers (they were changed after the neuron was made), got "
            f"weights {shown!r} and bias {bias!r}"
        ) from None
    except ValueError:
        values = np.array([np.nan])
    if not np.isfinite(values).all():
        raise ValueError(
            f"{name} must be finite (they were changed after the neuron was made), got "
            f"weights {shown!r} and bias {bias!r}"
        )


def _inputs(self: Any, inputs: Any) -> dict[str, Any]:
    _finite_neuron(self, "weights and bias of this Neuron")
    return {"inputs": as_float_array(inputs, "inputs", shape=np.shape(self.weights))}


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

    @checked(weights=_vector_copy, bias=number)
    def __init__(self, weights: ArrayLike, bias: float) -> None:
        self.weights = weights
        self.bias = bias

    def __repr__(self) -> str:
        return f"Neuron(weights={self.weights.tolist()}, bias={self.bias})"

    @checked(_inputs, overflow=("inputs",))
    def weighted_sum(self, inputs: ArrayLike) -> float:
        """The sum ``w · x + b`` that goes into the activation.

        Examples
        --------
        >>> Neuron([0, 1], 0).weighted_sum([2, 3])
        3.0
        """
        return float(np.dot(self.weights, inputs) + self.bias)

    @checked(_inputs, overflow=("inputs",))
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
