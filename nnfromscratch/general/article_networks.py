"""The articles' two networks, rebuilt as special cases of the general `MLP`.

The general code should not be a different algorithm from the hand-written one; it should
be the same algorithm, written once for every shape. This module shows it: each article's
network, built with `MLP` from the same starting weights and trained with `fit`, ends with
the same numbers as the hand-written version, to within 1e-12.

* The main article's 2-2-1 network: ``h1 = f(w1 x1 + w2 x2 + b1)`` and
  ``h2 = f(w3 x1 + w4 x2 + b2)`` are the two columns of one dense layer, so its weight
  matrix is ``[[w1, w3], [w2, w4]]`` (row = input, column = neuron); the output
  neuron is a dense layer with weights ``[[w5], [w6]]``. Training one sample at a time,
  in order, is ``fit(..., batch_size=1, shuffle=False)`` with plain SGD.
* The two-layer network: two dense layers without biases, the sum-of-squares loss, and
  full-batch gradient descent with learning rate 1 (``batch_size=4`` for its four rows).

The two agree to the last few bits rather than exactly because the order of floating-point
operations differs (a matrix product may add ``w1 x1 + w2 x2`` with a fused multiply-add).

Examples
--------
>>> import numpy as np
>>> from nnfromscratch.course.backprop import Parameters
>>> from nnfromscratch.course.datasets import people, two_layer_data
>>> from nnfromscratch.course.training import train_sgd
>>> from nnfromscratch.course.two_layer import TwoLayerNetwork

The 2-2-1 network, 1000 epochs of SGD by hand and by `fit`:

>>> x, y = people()
>>> start = Parameters.random(rng=0)
>>> by_hand = train_sgd(start, x, y, learning_rate=0.1, epochs=1000).params
>>> general = train_article_network(start, x, y, learning_rate=0.1, epochs=1000)
>>> difference = np.abs(parameters_of(general).as_array() - by_hand.as_array()).max()
>>> bool(difference < 1e-12)
True

The two-layer network, 1500 full-batch steps by hand and by `fit`:

>>> x, y = two_layer_data()
>>> hand = TwoLayerNetwork.initialise(n_inputs=3, n_hidden=4, rng=1)
>>> general = two_layer_network(hand.weights1, hand.weights2)
>>> hand_losses = hand.train(x, y, iterations=1500, learning_rate=1.0)
>>> history = fit(general, x, y, epochs=1500, batch_size=4, shuffle=False,
...               optimizer="sgd", learning_rate=1.0)
>>> weights = general.parameters
>>> bool(np.abs(weights[0] - hand.weights1).max() < 1e-12)
True
>>> bool(np.abs(weights[1] - hand.weights2).max() < 1e-12)
True
>>> bool(np.abs(np.array(history.loss) - hand_losses).max() < 1e-12)
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._door import checked
from ..course.backprop import Parameters, _params_of
from ..course.two_layer import _weights
from .fit import fit
from .mlp import MLP, an_mlp

__all__ = ["article_network", "parameters_of", "train_article_network", "two_layer_network"]


@checked(params=_params_of)
def article_network(params: Parameters) -> MLP:
    """The main article's 2-2-1 network as an `MLP`, with the nine given weights and biases.

    Parameters
    ----------
    params : Parameters
        ``w1 … w6, b1 … b3`` as in `nnfromscratch.course.backprop`.

    Returns
    -------
    MLP
        ``MLP([2, 2, 1], 'sigmoid', 'mse')`` holding those numbers.

    Examples
    --------
    The main article's first example, every weight 1 and every bias 0, on Alice:

    >>> net = article_network(Parameters.constant(weight=1.0, bias=0.0))
    >>> f"{net.predict([[-2, -1]])[0, 0]:.3f}"
    '0.524'
    """
    p = params
    weights = [np.array([[p.w1, p.w3], [p.w2, p.w4]]), np.array([[p.w5], [p.w6]])]
    biases = [np.array([p.b1, p.b2]), np.array([p.b3])]
    return MLP.from_weights(weights, biases, "sigmoid", "mse")


def _article_mlp(network: Any, name: str) -> MLP:
    an_mlp(network, name)
    if network.layer_sizes != [2, 2, 1] or not network.has_bias:
        raise ValueError(f"{name} must be a 2-2-1 MLP with biases, got {network!r}")
    return network


@checked(network=_article_mlp)
def parameters_of(network: MLP) -> Parameters:
    """Read the nine numbers back out of a 2-2-1 `MLP` built by `article_network`.

    Examples
    --------
    >>> start = Parameters.random(rng=3)
    >>> parameters_of(article_network(start)) == start
    True
    """
    w_hidden, b_hidden, w_out, b_out = (p.astype(np.float64) for p in network.parameters)
    return Parameters(
        w1=float(w_hidden[0, 0]), w2=float(w_hidden[1, 0]),
        w3=float(w_hidden[0, 1]), w4=float(w_hidden[1, 1]),
        w5=float(w_out[0, 0]), w6=float(w_out[1, 0]),
        b1=float(b_hidden[0]), b2=float(b_hidden[1]), b3=float(b_out[0]),
    )


def train_article_network(
    params: Parameters,
    x: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float = 0.1,
    epochs: int = 1000,
) -> MLP:
    """Train the 2-2-1 network the main article's way, with the general code.

    One sample at a time, in order (``batch_size=1, shuffle=False``), plain SGD, loss
    ``(y_true - y_pred)²`` per sample — the same as `nnfromscratch.course.training.train_sgd`.

    Returns
    -------
    MLP
        The trained network; `parameters_of` gives its nine numbers.

    Examples
    --------
    >>> from nnfromscratch.course.datasets import people
    >>> net = train_article_network(Parameters.random(rng=0), *people())
    >>> net.predict_classes([[-7, -3], [20, 2]])  # Emily, Frank: female, male
    array([1, 0])
    """
    network = article_network(params)
    fit(network, x, y, epochs=epochs, batch_size=1, shuffle=False, optimizer="sgd",
        learning_rate=learning_rate, progress=False)
    return network


@checked(lambda weights1, weights2: _weights(None, weights1, weights2))
def two_layer_network(weights1: ArrayLike, weights2: ArrayLike) -> MLP:
    """The two-layer article's network as an `MLP`: no biases, sigmoids, sum of squares.

    Parameters
    ----------
    weights1 : array_like, shape (n_inputs, n_hidden)
    weights2 : array_like, shape (n_hidden, 1)

    Returns
    -------
    MLP

    Examples
    --------
    >>> net = two_layer_network(np.zeros((3, 4)), np.zeros((4, 1)))
    >>> net.layer_sizes, net.activation_names, net.loss_name, net.has_bias
    ([3, 4, 1], ['sigmoid', 'sigmoid'], 'sum_of_squares', False)
    """
    return MLP.from_weights([weights1, weights2], None, "sigmoid", "sum_of_squares")
