"""Backpropagation by hand for the trainable 2-2-1 network.

The network has nine numbers to learn, named as in the main article::

    h1 = f(w1·x1 + w2·x2 + b1)
    h2 = f(w3·x1 + w4·x2 + b2)
    o1 = f(w5·h1 + w6·h2 + b3)        (the prediction, y_pred)

with ``f`` the sigmoid. For one sample the loss is ``L = (y_true − y_pred)²``. Each of the
nine partial derivatives is a product of local slopes (the chain rule); `backprop`
returns every factor as well as the products, so each step of the worked example can be
checked. `nnfromscratch.proofs.symbolic` proves these formulas against SymPy's own derivatives.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._checks import as_float_array, as_generator, describe, number
from .._door import checked
from .activations import sigmoid

__all__ = ["Backprop", "ForwardPass", "Parameters", "backprop", "forward"]


def _nine_numbers(values: Any, name: str) -> list[float]:
    return as_float_array(values, name, shape=(9,)).tolist()


# --8<-- [start:Parameters]
class _Nine(NamedTuple):
    w1: float
    w2: float
    w3: float
    w4: float
    w5: float
    w6: float
    b1: float
    b2: float
    b3: float


class Parameters(_Nine):
    """The nine weights and biases of the 2-2-1 network.

    Examples
    --------
    >>> Parameters.constant(weight=1.0, bias=0.0).w5
    1.0
    >>> p = Parameters.random(rng=0)
    >>> p == Parameters.random(rng=0)
    True
    >>> Parameters.NAMES
    ('w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'b1', 'b2', 'b3')
    """

    NAMES: ClassVar[tuple[str, ...]] = _Nine._fields

    @checked(**dict.fromkeys(_Nine._fields, number))
    def __new__(
        cls,
        w1: float, w2: float, w3: float, w4: float, w5: float, w6: float,
        b1: float, b2: float, b3: float,
    ) -> Parameters:
        """Nine finite numbers, in `NAMES` order."""
        return super().__new__(cls, w1, w2, w3, w4, w5, w6, b1, b2, b3)

    @classmethod
    @checked(weight=number, bias=number)
    def constant(cls, weight: float = 1.0, bias: float = 0.0) -> Parameters:
        """All weights `weight`, all biases `bias` (the worked example's start).

        Examples
        --------
        >>> Parameters.constant(1, 0).as_array()
        array([1., 1., 1., 1., 1., 1., 0., 0., 0.])
        """
        return cls(*([weight] * 6 + [bias] * 3))

    @classmethod
    @checked(rng=as_generator)
    def random(cls, rng: np.random.Generator | int | None = None) -> Parameters:
        """Draw all nine from a standard normal, in `NAMES` order.

        Parameters
        ----------
        rng : numpy.random.Generator or int or None
            The generator or seed; the same seed gives the same parameters (with
            the same NumPy build, as NumPy promises its random streams).

        Examples
        --------
        >>> Parameters.random(rng=42).as_array().round(3)
        array([ 0.305, -1.04 ,  0.75 ,  0.941, -1.951, -1.302,  0.128, -0.316,
               -0.017])
        """
        return cls(*rng.standard_normal(len(cls.NAMES)).tolist())

    @classmethod
    @checked(values=_nine_numbers)
    def from_array(cls, values: ArrayLike) -> Parameters:
        """Build from nine numbers in `NAMES` order.

        Examples
        --------
        >>> Parameters.from_array(range(9)).b3
        8.0
        """
        return cls(*values)

    def as_array(self) -> np.ndarray:
        """The nine numbers in `NAMES` order.

        Examples
        --------
        >>> Parameters.from_array(range(9)).as_array()
        array([0., 1., 2., 3., 4., 5., 6., 7., 8.])
        """
        return np.array(self)

    def as_dict(self) -> dict[str, float]:
        """The nine numbers by name.

        Examples
        --------
        >>> Parameters.constant(1, 0).as_dict()["b1"]
        0.0
        """
        return dict(zip(self.NAMES, self, strict=True))
# --8<-- [end:Parameters]


# --8<-- [start:ForwardPass]
class ForwardPass(NamedTuple):
    """Everything feedforward computes for one sample: each sum and each output.

    Attributes
    ----------
    sum_h1, sum_h2, sum_o1 : float
        The weighted sums going into the sigmoids.
    h1, h2, o1 : float
        The neurons' outputs; ``o1`` is the prediction ``y_pred``.
    """

    sum_h1: float
    h1: float
    sum_h2: float
    h2: float
    sum_o1: float
    o1: float
# --8<-- [end:ForwardPass]


def _params_of(params: Any, name: str = "params") -> Any:
    """`params` if it is a `Parameters` of nine finite numbers (``_replace`` can make others)."""
    if not isinstance(params, Parameters):
        raise TypeError(f"{name} must be Parameters, got {describe(params)}")
    for field, value in zip(Parameters.NAMES, params, strict=True):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            raise ValueError(f"{name} must hold nine finite numbers, got {field} = {value!r}")
    return params


def _sample(x: Any, name: str) -> list[float]:
    return as_float_array(x, name, shape=(2,)).tolist()


# --8<-- [start:forward]
@checked(params=_params_of, x=_sample, overflow=("params", "x"), numpy=False)
def forward(params: Parameters, x: ArrayLike) -> ForwardPass:
    """Feed one sample ``x = [x1, x2]`` forward, keeping every intermediate.

    Examples
    --------
    The worked example: all weights 1, biases 0, Alice's shifted data ``[-2,
    -1]``.

    >>> result = forward(Parameters.constant(1, 0), [-2, -1])
    >>> f"{result.sum_h1:g}", f"{result.h1:.4f}", f"{result.h2:.4f}"
    ('-3', '0.0474', '0.0474')
    >>> f"{result.sum_o1:.4f}", f"{result.o1:.3f}"
    ('0.0949', '0.524')

    The article writes the sum into ``o1`` as 0.0948: it adds the *rounded*
    outputs 0.0474 + 0.0474, while the exact sum is 2 × 0.047426 = 0.094852 (see
    `nnfromscratch.proofs.errata`). The output rounds to 0.524 either way.
    """
    x1, x2 = x
    sum_h1 = params.w1 * x1 + params.w2 * x2 + params.b1
    sum_h2 = params.w3 * x1 + params.w4 * x2 + params.b2
    h1, h2 = sigmoid(sum_h1), sigmoid(sum_h2)
    sum_o1 = params.w5 * h1 + params.w6 * h2 + params.b3
    return ForwardPass(sum_h1, h1, sum_h2, h2, sum_o1, sigmoid(sum_o1))
# --8<-- [end:forward]


# --8<-- [start:Backprop]
class Backprop(NamedTuple):
    """Every factor of the chain rule for one sample, and the nine derivatives.

    The names read as fractions: ``d_ypred_d_h1`` is ∂y_pred/∂h1. The nine
    products, ∂L/∂w1 … ∂L/∂b3, are in `gradient`.
    """

    forward: ForwardPass
    d_L_d_ypred: float
    # Output neuron o1: how y_pred moves with its own weights, bias and inputs.
    d_ypred_d_w5: float
    d_ypred_d_w6: float
    d_ypred_d_b3: float
    d_ypred_d_h1: float
    d_ypred_d_h2: float
    # Hidden neuron h1.
    d_h1_d_w1: float
    d_h1_d_w2: float
    d_h1_d_b1: float
    # Hidden neuron h2.
    d_h2_d_w3: float
    d_h2_d_w4: float
    d_h2_d_b2: float
    gradient: Parameters
# --8<-- [end:Backprop]


# --8<-- [start:backprop]
@checked(params=_params_of, x=_sample, y_true=number,
         overflow=("params", "x", "y_true"), numpy=False)
def backprop(params: Parameters, x: ArrayLike, y_true: float) -> Backprop:
    """The partial derivatives of ``L = (y_true − y_pred)²`` for one sample.

    Parameters
    ----------
    params : Parameters
        The network's current weights and biases.
    x : array_like
        One sample ``[x1, x2]``.
    y_true : float
        Its label.

    Returns
    -------
    Backprop
        Every intermediate of the computation; ``.gradient.w1`` is ∂L/∂w1.

    Examples
    --------
    The main article's worked example, step by step, at the precision it prints:

    >>> step = backprop(Parameters.constant(1, 0), x=[-2, -1], y_true=1)
    >>> f"{step.forward.o1:.3f}"
    '0.524'
    >>> f"{step.d_L_d_ypred:.3f}", f"{step.d_L_d_ypred:.4f}"
    ('-0.953', '-0.9526')

    The article prints −0.952 here because it works from the rounded 0.524:
    −2 (1 − 0.524) = −0.952, while −2 (1 − 0.523695) = −0.952610.

    >>> f"{step.d_ypred_d_h1:.3f}"
    '0.249'
    >>> f"{step.d_h1_d_w1:.4f}"
    '-0.0904'

    Multiplying the *exact* factors gives 0.0215 to four places; the article
    prints 0.0214 because it multiplies the rounded factors (see
    `nnfromscratch.proofs.errata`):

    >>> f"{step.gradient.w1:.4f}", f"{step.gradient.w1:.7f}"
    ('0.0215', '0.0214695')
    >>> chain = step.d_L_d_ypred * step.d_ypred_d_h1 * step.d_h1_d_w1
    >>> step.gradient.w1 == chain
    True
    """
    x1, x2 = x
    fp = forward(params, x)
    y_pred = fp.o1

    d_L_d_ypred = -2 * (y_true - y_pred)

    # The sigmoid's slope f'(s) = f(s) (1 - f(s)), from the output already
    # computed.
    slope_o1 = y_pred * (1 - y_pred)
    d_ypred_d_w5 = fp.h1 * slope_o1
    d_ypred_d_w6 = fp.h2 * slope_o1
    d_ypred_d_b3 = slope_o1
    d_ypred_d_h1 = params.w5 * slope_o1
    d_ypred_d_h2 = params.w6 * slope_o1

    slope_h1 = fp.h1 * (1 - fp.h1)
    d_h1_d_w1, d_h1_d_w2, d_h1_d_b1 = x1 * slope_h1, x2 * slope_h1, slope_h1
    slope_h2 = fp.h2 * (1 - fp.h2)
    d_h2_d_w3, d_h2_d_w4, d_h2_d_b2 = x1 * slope_h2, x2 * slope_h2, slope_h2

    gradient = Parameters(
        w1=d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1,
        w2=d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w2,
        w3=d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3,
        w4=d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w4,
        w5=d_L_d_ypred * d_ypred_d_w5,
        w6=d_L_d_ypred * d_ypred_d_w6,
        b1=d_L_d_ypred * d_ypred_d_h1 * d_h1_d_b1,
        b2=d_L_d_ypred * d_ypred_d_h2 * d_h2_d_b2,
        b3=d_L_d_ypred * d_ypred_d_b3,
    )
    return Backprop(
        fp, d_L_d_ypred,
        d_ypred_d_w5, d_ypred_d_w6, d_ypred_d_b3, d_ypred_d_h1, d_ypred_d_h2,
        d_h1_d_w1, d_h1_d_w2, d_h1_d_b1,
        d_h2_d_w3, d_h2_d_w4, d_h2_d_b2,
        gradient,
    )
# --8<-- [end:backprop]
