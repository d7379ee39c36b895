"""Optimisers: how a network's parameters move, given their gradients.

All three take a step against the gradient ``g = ∂L/∂θ`` of every parameter array ``θ``:

* `SGD` — plain gradient descent, ``θ ← θ - η g`` (the articles' rule; ``η`` is the
  learning rate);
* `Momentum` — keeps a velocity ``v ← μ v - η g`` and moves by it, ``θ ← θ + v``, so
  steps that agree build up speed and steps that zig-zag cancel out;
* `Adam` — scales each parameter's step by running averages of its gradient ``m`` and
  squared gradient ``v`` (both corrected for starting at zero):
  ``θ ← θ - η m̂ / (√v̂ + ε)``, so every parameter moves at a similar pace whether its
  gradient is large or small (as long as it is well above ``ε``).

`step` changes the parameter arrays *in place* (the network sees the new values at once)
and reuses arrays it allocated on the first step, so training does not allocate memory at
every step. An optimiser keeps state for one list of parameters: use a new one per network.
"""

from __future__ import annotations

import copy
import inspect
import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._checks import (
    as_float_array,
    check_choice,
    check_positive_int,
    check_positive_number,
    check_size,
    describe,
)
from .._door import checked

__all__ = ["OPTIMIZERS", "SGD", "Adam", "Momentum", "Optimizer", "make_optimizer", "trajectory"]


def _fraction(value: Any, name: str) -> float:
    """Return `value` as a float if it is a number in [0, 1)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1), got {describe(value)}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value}")
    return float(value)


def _undo_step(self: Optimizer, parameters: Any, **_: Any) -> Any:
    saved = [theta.copy() for theta in parameters]
    state = copy.deepcopy(self.__dict__)

    def undo() -> None:
        for theta, before in zip(parameters, saved, strict=True):
            theta[...] = before
        self.__dict__.clear()
        self.__dict__.update(state)

    return undo


def _stayed_finite(self: Optimizer, parameters: Any, **_: Any) -> None:
    """A step that left the float range fails (and is undone); one that did not is kept."""
    for index, theta in enumerate(parameters):
        if not np.isfinite(theta).all():
            raise ValueError(
                f"learning_rate × gradients[{index}] must keep parameters[{index}] finite in "
                f"{theta.dtype}, got a step to {theta[~np.isfinite(theta)].flat[0]} (with "
                f"learning_rate={self.learning_rate:g}); the parameters are left as they were"
            )
    if self._shapes is None:  # from now on, this optimiser steps these parameters only
        self._shapes = [(p.shape, p.dtype) for p in parameters]


def _step(self: Optimizer, parameters: Any, gradients: Any) -> dict[str, Any]:
    """Float arrays that can be changed in place, and finite gradients of their shapes."""
    for name, value in (("parameters", parameters), ("gradients", gradients)):
        if isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Sequence):
            raise TypeError(f"{name} must be a list of arrays, got {describe(value)}")
    self.check_settings()
    if not parameters:
        raise ValueError("parameters must hold at least one array, got an empty list")
    if len(parameters) != len(gradients):
        raise ValueError(
            f"parameters and gradients must pair up, got {len(parameters)} and {len(gradients)}"
        )
    for index, theta in enumerate(parameters):
        name = f"parameters[{index}]"
        if not isinstance(theta, np.ndarray):
            raise TypeError(
                f"{name} must be a NumPy array (a step changes it in place), got {describe(theta)}"
            )
        if theta.dtype.kind != "f" or theta.dtype.itemsize not in (4, 8):
            raise TypeError(f"{name} must hold float32 or float64, got dtype {theta.dtype}")
        if not theta.flags.writeable:
            raise ValueError(f"{name} must be writeable (a step changes it in place), got a "
                             "read-only array")
    for later in range(1, len(parameters)):
        for earlier in range(later):
            if np.may_share_memory(parameters[earlier], parameters[later]):
                raise ValueError(
                    f"parameters[{later}] must not share memory with parameters[{earlier}] "
                    f"(a step would move the same numbers twice), got arrays that overlap"
                )
    shapes = [(p.shape, p.dtype) for p in parameters]
    if self._shapes is not None and shapes != self._shapes:
        raise ValueError(
            "parameters must be the ones this optimiser stepped before; create a new optimiser "
            "for each network"
        )
    checked_gradients = [
        as_float_array(g, f"gradients[{index}]", shape=theta.shape, allow_empty=True,
                       dtype=theta.dtype)
        for index, (theta, g) in enumerate(zip(parameters, gradients, strict=True))
    ]
    for index, theta in enumerate(parameters):
        as_float_array(theta, f"parameters[{index}]", allow_empty=True, dtype=theta.dtype)
    if hasattr(self, "beta2"):  # Adam squares the gradient: the square must stay finite
        for index, g in enumerate(checked_gradients):
            limit = math.sqrt(np.finfo(g.dtype).max)
            if g.size and float(np.abs(g).max()) >= limit:
                raise ValueError(
                    f"gradients[{index}] must be below {limit:.3g} in magnitude for Adam (its "
                    f"square must stay finite in {g.dtype}), got {float(np.abs(g).max()):.3g}"
                )
    else:  # SGD and Momentum: the step, η g (minus μ v), must land within the float range
        velocities = self._state.get("velocity")
        for index, (theta, g) in enumerate(zip(parameters, checked_gradients, strict=True)):
            if not g.size:
                continue
            step = self.learning_rate * float(np.abs(g).max())  # a Python float: inf, no error
            if velocities is not None:
                step += self.momentum * float(np.abs(velocities[index]).max())
            largest = float(np.abs(theta).max())
            if step + largest >= np.finfo(theta.dtype).max:
                raise ValueError(
                    f"learning_rate × gradients[{index}] must keep parameters[{index}] within "
                    f"{theta.dtype}'s range (below {np.finfo(theta.dtype).max:.3g}), got a step "
                    f"of up to {step:.3g} from values up to {largest:.3g}"
                )
    return {"parameters": list(parameters), "gradients": checked_gradients}


def choose_optimizer(optimizer: Any, learning_rate: Any) -> Optimizer:
    """An optimiser object (its settings checked again), or a new one by name."""
    if isinstance(optimizer, Optimizer):
        if learning_rate is not None:
            raise TypeError(
                "learning_rate is set on the optimizer object; pass it there, not to fit() "
                f"(got learning_rate={learning_rate!r} and optimizer={optimizer!r})"
            )
        optimizer.check_settings()
        return optimizer
    settings = {} if learning_rate is None else {"learning_rate": learning_rate}
    return make_optimizer(optimizer, **settings)


def _epsilon(value: Any, name: str) -> float:
    """Adam's ε: positive, and large enough to stay a normal number in float32 once scaled."""
    number = check_positive_number(value, name)
    if number < 1e-30:
        raise ValueError(
            f"{name} must be at least 1e-30 (smaller vanishes in the arithmetic, and a "
            f"zero gradient then gives 0/0), got {value}"
        )
    return number


class Optimizer:
    """Base class: remembers per-parameter arrays and checks it is always given the same ones.

    A subclass writes `_update`; `step` checks the arguments first.

    Examples
    --------
    >>> issubclass(Adam, Optimizer), SGD(0.5).learning_rate
    (True, 0.5)
    """

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = check_positive_number(learning_rate, "learning_rate")
        self._shapes: list[tuple[tuple[int, ...], np.dtype]] | None = None
        self._state: dict[str, list[np.ndarray]] = {}

    def check_settings(self) -> None:
        """Check the settings again: they are public attributes, and can be changed."""
        check_positive_number(self.learning_rate, "learning_rate")
        for name in ("momentum", "beta1", "beta2"):
            if hasattr(self, name):
                _fraction(getattr(self, name), name)
        if hasattr(self, "epsilon"):
            _epsilon(self.epsilon, "epsilon")

    def _state_arrays(self, name: str, parameters: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Arrays shaped like `parameters`, zero at first, kept from one step to the next."""
        if name not in self._state:
            self._state[name] = [np.zeros_like(p) for p in parameters]
            if self._shapes is None:  # a first step from inside fit, whose door checked it
                self._shapes = [(p.shape, p.dtype) for p in parameters]
        return self._state[name]

    @checked(_step, undo=_undo_step, after=_stayed_finite, locks=("self",))
    def step(self, parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray]) -> None:
        """Move every array of `parameters` in place, using the matching gradient.

        Examples
        --------
        >>> weights = np.array([1.0, 1.0])
        >>> SGD(0.5).step([weights], [np.array([2.0, -2.0])])
        >>> weights
        array([0., 2.])
        """
        self._update(parameters, gradients)

    def _update(  # pragma: no cover - abstract
        self, parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray]
    ) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate})"


class SGD(Optimizer):
    """Plain gradient descent: ``θ ← θ - η g``.

    Parameters
    ----------
    learning_rate : float, default 0.1
        The step size ``η``.

    Examples
    --------
    >>> theta, gradient = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    >>> SGD(learning_rate=0.1).step([theta], [gradient])
    >>> theta
    array([0.95, 2.1 ])
    """

    def __init__(self, learning_rate: float = 0.1) -> None:
        super().__init__(learning_rate)

    def _update(self, parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray]) -> None:
        scratch = self._state_arrays("scratch", parameters)
        for theta, g, step in zip(parameters, gradients, scratch, strict=True):
            np.multiply(g, self.learning_rate, out=step)
            theta -= step


class Momentum(SGD):
    """Gradient descent with momentum: ``v ← μ v - η g``, then ``θ ← θ + v``.

    Parameters
    ----------
    learning_rate : float, default 0.1
        The step size ``η``.
    momentum : float, default 0.9
        ``μ`` in [0, 1): how much of the last step carries over.

    Examples
    --------
    The same gradient twice: the second step is ``1 + μ`` times as long as the first.

    >>> theta = np.array([0.0])
    >>> optimiser = Momentum(learning_rate=0.1, momentum=0.9)
    >>> optimiser.step([theta], [np.array([1.0])]); theta
    array([-0.1])
    >>> optimiser.step([theta], [np.array([1.0])]); theta
    array([-0.29])
    """

    def __init__(self, learning_rate: float = 0.1, momentum: float = 0.9) -> None:
        super().__init__(learning_rate)
        self.momentum = _fraction(momentum, "momentum")

    def _update(self, parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray]) -> None:
        velocities = self._state_arrays("velocity", parameters)
        scratch = self._state_arrays("scratch", parameters)
        for theta, g, v, step in zip(parameters, gradients, velocities, scratch, strict=True):
            v *= self.momentum
            np.multiply(g, self.learning_rate, out=step)
            v -= step
            theta += v

    def __repr__(self) -> str:
        return f"Momentum(learning_rate={self.learning_rate}, momentum={self.momentum})"


class Adam(Optimizer):
    """Adam (adaptive moment estimation), with the bias correction of its authors.

    ``m ← β₁ m + (1-β₁) g``, ``v ← β₂ v + (1-β₂) g²``, ``m̂ = m / (1-β₁ᵗ)``,
    ``v̂ = v / (1-β₂ᵗ)``, ``θ ← θ - η m̂ / (√v̂ + ε)`` at step ``t = 1, 2, ...``.

    Parameters
    ----------
    learning_rate : float, default 0.001
        The step size ``η``. Each parameter moves by ``η |m̂| / (√v̂ + ε)``: by ``η`` on the
        first step and while its gradient stays the same, less when the gradient keeps
        changing sign, and more just after it grows (after 1,000 steps at gradient 0.001,
        one step at gradient 1 moves about 2.5 ``η``).
    beta1, beta2 : float, default 0.9 and 0.999
        How slowly the averages of ``g`` and ``g²`` forget; each in [0, 1).
    epsilon : float, default 1e-8
        Keeps the division finite where ``v̂`` is 0.

    Examples
    --------
    On the first step ``m̂ = g`` and ``√v̂ = |g|``, so a parameter moves by
    ``η |g| / (|g| + ε)``: by ``η`` whatever the size of its gradient, as long
    as the gradient is well above ``ε``:

    >>> theta = np.array([0.0, 0.0])
    >>> Adam(learning_rate=0.01).step([theta], [np.array([1000.0, -0.001])])
    >>> theta.round(6)
    array([-0.01,  0.01])

    A gradient near ``ε = 1e-8`` moves far less (1e-9 moves ``η / 11``):

    >>> theta = np.array([0.0, 0.0])
    >>> Adam(learning_rate=0.01).step([theta], [np.array([1e-8, 1e-9])])
    >>> (-theta / 0.01).round(4)
    array([0.5   , 0.0909])
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate)
        self.beta1, self.beta2 = _fraction(beta1, "beta1"), _fraction(beta2, "beta2")
        self.epsilon = _epsilon(epsilon, "epsilon")
        self.t = 0

    def _update(self, parameters: Sequence[np.ndarray], gradients: Sequence[np.ndarray]) -> None:
        self.t += 1
        first = self._state_arrays("m", parameters)
        second = self._state_arrays("v", parameters)
        scratch = self._state_arrays("scratch", parameters)
        # Fold both bias corrections into the step size: η √(1-β₂ᵗ) / (1-β₁ᵗ) times m / √v;
        # ε is rescaled to match, so this is algebraically the formula above, in fewer passes.
        correction1 = 1 - self.beta1**self.t
        root_correction2 = np.sqrt(1 - self.beta2**self.t)
        step_size = self.learning_rate * root_correction2 / correction1
        epsilon = self.epsilon * root_correction2
        for theta, g, m, v, tmp in zip(parameters, gradients, first, second, scratch, strict=True):
            m *= self.beta1
            np.multiply(g, 1 - self.beta1, out=tmp)
            m += tmp
            v *= self.beta2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - self.beta2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += epsilon
            np.divide(m, tmp, out=tmp)
            tmp *= step_size
            theta -= tmp

    def __repr__(self) -> str:
        return (
            f"Adam(learning_rate={self.learning_rate}, beta1={self.beta1}, "
            f"beta2={self.beta2}, epsilon={self.epsilon})"
        )


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
"""Every optimiser by name."""


def make_optimizer(name: str, **settings: Any) -> Optimizer:
    """Return a new optimiser given its name and settings.

    Parameters
    ----------
    name : str
        ``'sgd'``, ``'momentum'`` or ``'adam'``.
    **settings
        Passed on, e.g. ``learning_rate=0.01``.

    Returns
    -------
    Optimizer

    Examples
    --------
    >>> make_optimizer("adam", learning_rate=0.01)
    Adam(learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-08)
    >>> make_optimizer("adma")
    Traceback (most recent call last):
        ...
    ValueError: unknown optimizer 'adma'; choose one of [...]. Did you mean 'adam'?
    """
    kind = OPTIMIZERS[check_choice(name, "optimizer", OPTIMIZERS)]
    known = sorted(inspect.signature(kind).parameters)
    for setting in settings:
        if setting not in known:
            # A TypeError, as Python's own for an unexpected keyword argument.
            raise TypeError(
                f"settings of {name!r} must be among {known}, got {setting!r}"
            )
    return kind(**settings)


def _trajectory(optimizer: Any, gradient: Any, start: Any, steps: Any) -> dict[str, Any]:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an Optimizer, got {describe(optimizer)}")
    optimizer.check_settings()
    if not callable(gradient):
        raise TypeError(f"gradient must be callable, got {describe(gradient)}")
    point = as_float_array(start, "start", ndim=1, dtype=np.float64)
    steps = check_positive_int(steps, "steps")
    check_size((steps + 1) * point.size, "steps", f"{steps + 1:,} points of {point.size}")
    return {"start": point, "steps": steps}


def _undo_trajectory(optimizer: Optimizer, **_: Any) -> Any:
    state = copy.deepcopy(optimizer.__dict__)  # the optimiser's state is the caller's

    def undo() -> None:
        optimizer.__dict__.clear()
        optimizer.__dict__.update(state)

    return undo


@checked(_trajectory, undo=_undo_trajectory, public_calls_inside=True,
         locks=("optimizer",))
def trajectory(
    optimizer: Optimizer,
    gradient: Callable[[np.ndarray], np.ndarray],
    start: Sequence[float] | np.ndarray,
    steps: int,
) -> np.ndarray:
    """The points an optimiser visits on a function, given the function's gradient.

    A way to *watch* an optimiser: on a function of two parameters the path can be drawn
    over the function's contour lines.

    Parameters
    ----------
    optimizer : Optimizer
        A fresh optimiser (its state is used and changed).
    gradient : callable
        Maps a point ``θ`` (a float64 array) to the gradient ``∇L(θ)`` there.
    start : array_like
        The first point.
    steps : int
        How many steps to take.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, n_parameters)
        The start and every point after it.

    Examples
    --------
    Gradient descent on ``L = θ²`` (gradient ``2θ``) with ``η = 0.25`` halves ``θ`` at
    every step:

    >>> trajectory(SGD(learning_rate=0.25), lambda theta: 2 * theta, [1.0], steps=3).ravel()
    array([1.   , 0.5  , 0.25 , 0.125])
    """
    theta = start.copy()
    path = [theta.copy()]
    for _ in range(steps):
        # The user's function answers at every step: its answer is checked at every step.
        slope = as_float_array(gradient(theta), "gradient(theta)", shape=theta.shape)
        optimizer.step([theta], [slope])
        path.append(theta.copy())
    return np.array(path)
