r"""The course's derived formulas, proven by SymPy.

The articles derive their gradients by hand. This module states each of the formulas they
derive (the sigmoid's slope, the chain rule and all nine partials of the 2-2-1 network, the
two-layer network's matrix gradients: `IDENTITY_NAMES`) as a SymPy expression, in the same
notation the page shows, and *proves* it: the formula is unfolded (every named quantity
replaced by its definition, ``σ`` by ``1/(1 + e^{-z})`` and every ``∂`` by `sympy.diff`)
and the difference of the two sides must simplify to exactly 0. The LaTeX a page shows
for one of them (a ``[[latex:NAME]]`` line) is printed from the very expressions that were
proven.

Two layers of expressions live here:

* **display expressions**, built from the symbols in `S` and the small classes `Sigmoid`
  (``σ``), `SigmoidSlope` (``σ'``, the derivative), `Partial` (``∂f/∂v``) and `Chain`
  (a product shown factor by factor, like the chain rule). Named quantities such as ``h1``,
  ``y_pred`` or ``δ2`` stay names, so the formula reads like the article's.
* their **unfolded** forms (`unfold`): plain SymPy in the free variables only (inputs,
  label, weights and biases), which SymPy can differentiate and simplify.

A proof is exact, for every pair of neighbouring sides: the difference, put over a common
denominator and cancelled (`sympy.together`, `sympy.cancel`), is exactly ``0``, or else
`sympy.simplify` reduces it to exactly ``0``. That holds for the matrix gradients of the
two-layer network too, entry by entry (16 entries): no numeric sampling is involved in
proving anything. Numbers only serve to *refute*: before simplifying, the difference is
evaluated at three points (drawn with a fixed seed), and if it is clearly not zero there the
claim is false and is reported unproven at once (simplifying a false claim can take minutes).

Importing this module imports SymPy; ``import nnfromscratch`` does not (the numeric code
stays fast to import). SymPy is installed with the package's ``proofs`` extra,
``pip install 'nnfromscratch[proofs]'``; without it, importing this module raises an
ImportError that says so.

Examples
--------
>>> sigmoid_slope = identity("sigmoid_derivative")
>>> sigmoid_slope.proven
True
>>> print(sigmoid_slope.latex())
\sigma'(z) = \frac{e^{- z}}{\left(1 + e^{- z}\right)^{2}}
  = \sigma(z) \left(1 - \sigma(z)\right)
"""

from __future__ import annotations

import functools
import itertools
import operator
import random
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

try:
    import sympy as sp
except ImportError as missing:  # SymPy comes with the proofs extra only (pyproject.toml)
    raise ImportError(
        "nnfromscratch.proofs.symbolic needs SymPy, which comes with the package's proofs "
        "extra: pip install 'nnfromscratch[proofs]'"
    ) from missing
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from .._checks import check_choice

__all__ = [
    "IDENTITY_NAMES",
    "Chain",
    "Identity",
    "Partial",
    "S",
    "Sigmoid",
    "SigmoidSlope",
    "check",
    "identity",
    "latex",
    "latex_of",
    "loss_expression",
    "prove_all",
    "unfold",
    "worked_example_gradient",
]


# --- Display building blocks ---------------------------------------------------------------


class Sigmoid(sp.Function):
    """The sigmoid ``σ(z)``, kept as a name; `unfold` turns it into ``1/(1 + e^{-z})``.

    Examples
    --------
    >>> print(unfold(Sigmoid(S.x)))
    1/(1 + exp(-x))
    """

    nargs = 1

    def _latex(self, printer: LatexPrinter) -> str:
        return rf"\sigma({printer._print(self.args[0])})"


class SigmoidSlope(sp.Function):
    """The derivative ``σ'(z)`` of the sigmoid, as the article writes ``f'``.

    `unfold` makes it the true derivative, ``d/dt [1/(1 + e^{-t})]`` at ``t = z``, never the
    shortcut ``σ(z)(1 − σ(z))``: that shortcut is what identity ``"sigmoid_derivative"``
    proves, so using it here would make that proof circular.

    Examples
    --------
    >>> print(unfold(SigmoidSlope(S.x)))
    exp(-x)/(1 + exp(-x))**2
    """

    nargs = 1

    def _latex(self, printer: LatexPrinter) -> str:
        return rf"\sigma'({printer._print(self.args[0])})"


class Partial(sp.Expr):
    r"""The partial derivative ``∂f/∂v`` of a named quantity (or expression) ``f``.

    It means: write ``f`` out in terms of ``v`` (every other named quantity replaced by its
    definition, ``v`` kept as a variable) and differentiate with `sympy.diff`. So
    ``Partial(S.L, S.w1)`` is the derivative of the *full* loss of the network, and
    ``Partial(S.y_pred, S.h1)`` is the local slope the chain rule uses. If ``v`` is a matrix,
    the result is the matrix of element-wise derivatives.

    Examples
    --------
    >>> slope = Partial((1 - S.y_pred) ** 2, S.y_pred)
    >>> print(unfold(slope, keep=frozenset({S.y_pred})))  # y_pred left as a name
    2*y_pred - 2
    >>> print(latex_of(Partial(S.L, S.w1)))
    \frac{\partial L}{\partial w_1}
    """

    is_commutative = True

    def __new__(cls, function: sp.Basic, variable: sp.Basic) -> Partial:
        """Hold ``f`` and ``v`` unevaluated."""
        return sp.Expr.__new__(cls, sp.sympify(function), sp.sympify(variable))

    def _latex(self, printer: LatexPrinter) -> str:
        function, variable = self.args
        below = rf"\partial {printer._print(variable)}"
        if isinstance(function, (sp.Symbol, sp.MatrixSymbol)):
            return rf"\frac{{\partial {printer._print(function)}}}{{{below}}}"
        body = printer.parenthesize(function, PRECEDENCE["Mul"], strict=True)
        return rf"\frac{{\partial}}{{{below}}} {body}"


class Chain(sp.Expr):
    r"""A product shown factor by factor, ``a · b · c``, as the chain rule writes it.

    SymPy would reorder and merge the factors of an ordinary product; this keeps each factor
    of the chain rule visible. `unfold` multiplies them.

    Examples
    --------
    >>> product = Chain(Partial(S.L, S.y_pred), Partial(S.y_pred, S.h1))
    >>> print(latex_of(product))
    \frac{\partial L}{\partial y_{\text{pred}}}
      \cdot \frac{\partial y_{\text{pred}}}{\partial h_1}
    """

    is_commutative = True

    def __new__(cls, *factors: sp.Basic) -> Chain:
        """Hold the factors unevaluated, in order."""
        return sp.Expr.__new__(cls, *map(sp.sympify, factors))

    def _latex(self, printer: LatexPrinter) -> str:
        parts = []
        for position, factor in enumerate(self.args):
            text = printer._print(factor)
            # Brackets only where a reader needs them: a sum, or a later negative factor.
            if isinstance(factor, sp.Add) or (position and factor.could_extract_minus_sign()):
                text = rf"\left({text}\right)"
            parts.append(text)
        return r" \cdot ".join(parts)


def _minus(expr: sp.Basic) -> sp.Basic:
    """``-expr`` without SymPy distributing the sign or reordering anything."""
    if isinstance(expr, sp.MatrixExpr):
        return sp.MatMul(-1, expr)
    return sp.Mul(-1, expr, evaluate=False)


def _difference(first: sp.Basic, second: sp.Basic) -> sp.Basic:
    """``first - second`` kept in this order (SymPy would print ``-y_pred + y_true``)."""
    if isinstance(first, sp.MatrixExpr):
        return sp.MatAdd(first, _minus(second))
    return sp.Add(first, _minus(second), evaluate=False)


def _times(*factors: sp.Basic) -> sp.Basic:
    """A product kept in the order written (``-2 (y_true - y_pred)``, ``w_5 σ'(...)``)."""
    return sp.Mul(*factors, evaluate=False)


# --- The symbols and what the named ones mean ------------------------------------------------

_real = {"real": True}
_scalar_names = (
    "x z x1 x2 y_true w1 w2 w3 w4 w5 w6 b1 b2 b3 sum_h1 sum_h2 sum_o1 h1 h2 y_pred L L_two_layer"
)
_scalars = dict(zip(_scalar_names.split(), sp.symbols(_scalar_names, **_real), strict=True))

# The two-layer network of the second article: 4 samples, 3 inputs, 4 hidden units, 1 output.
_N_SAMPLES, _N_INPUTS, _N_HIDDEN = 4, 3, 4
_matrices = {
    "X": sp.MatrixSymbol("X", _N_SAMPLES, _N_INPUTS),
    "W1": sp.MatrixSymbol("W1", _N_INPUTS, _N_HIDDEN),
    "W2": sp.MatrixSymbol("W2", _N_HIDDEN, 1),
    "y": sp.MatrixSymbol("y", _N_SAMPLES, 1),
    "a1": sp.MatrixSymbol("a1", _N_SAMPLES, _N_HIDDEN),
    "y_hat": sp.MatrixSymbol("y_hat", _N_SAMPLES, 1),
    "delta2": sp.MatrixSymbol("delta2", _N_SAMPLES, 1),
}

S = SimpleNamespace(**_scalars, **_matrices)
"""Every symbol of the course by its code name: ``S.w1``, ``S.y_pred``, ``S.sum_o1``, ``S.X``…

Free variables: ``x`` and ``z`` (plain arguments; ``z`` stands for a weighted sum),
``x1, x2, y_true``, ``w1…w6, b1…b3``; and for the two-layer network the matrices ``X``
(4×3), ``W1`` (3×4), ``W2`` (4×1), ``y`` (4×1).
Named quantities (defined in terms of those): ``sum_h1, h1, sum_h2, h2, sum_o1, y_pred, L``
and ``a1, y_hat, delta2, L_two_layer``.
"""

_LATEX_NAMES: dict[sp.Basic, str] = {
    S.x1: "x_1",
    S.x2: "x_2",
    S.y_true: r"y_{\text{true}}",
    S.y_pred: r"y_{\text{pred}}",
    **{getattr(S, f"w{i}"): f"w_{i}" for i in range(1, 7)},
    **{getattr(S, f"b{i}"): f"b_{i}" for i in range(1, 4)},
    S.sum_h1: r"\mathrm{sum}_{h_1}",
    S.sum_h2: r"\mathrm{sum}_{h_2}",
    S.sum_o1: r"\mathrm{sum}_{o_1}",
    S.h1: "h_1",
    S.h2: "h_2",
    S.L_two_layer: "L",
    S.W1: "W_1",
    S.W2: "W_2",
    S.a1: "a_1",
    S.y_hat: r"\hat{y}",
    S.delta2: r"\delta_2",
}

# The 2-2-1 network, exactly as the article's training code computes it for one sample.
_DEFINITIONS: dict[sp.Basic, sp.Basic] = {
    S.sum_h1: S.w1 * S.x1 + S.w2 * S.x2 + S.b1,
    S.h1: Sigmoid(S.sum_h1),
    S.sum_h2: S.w3 * S.x1 + S.w4 * S.x2 + S.b2,
    S.h2: Sigmoid(S.sum_h2),
    S.sum_o1: S.w5 * S.h1 + S.w6 * S.h2 + S.b3,
    S.y_pred: Sigmoid(S.sum_o1),
    S.L: (S.y_true - S.y_pred) ** 2,
    # The two-layer network's backward signal at the output, as its code computes it.
    S.delta2: sp.HadamardProduct(
        sp.MatMul(-2, _difference(S.y, S.y_hat)),
        S.y_hat,
        _difference(sp.OneMatrix(_N_SAMPLES, 1), S.y_hat),
    ),
}


def _sigmoid_of(z: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-z))


@functools.cache
def _two_layer_definitions() -> dict[sp.Basic, sp.Basic]:
    """The two-layer network written out: one plain symbol per matrix entry."""
    explicit = {
        name: sp.ImmutableMatrix(
            *_matrices[name].shape,
            lambda i, j, name=name: sp.Symbol(f"{name}_{i}_{j}", real=True),
        )
        for name in ("X", "W1", "W2", "y")
    }
    a1 = (explicit["X"] * explicit["W1"]).applyfunc(_sigmoid_of)
    y_hat = (a1 * explicit["W2"]).applyfunc(_sigmoid_of)
    squared_errors = (explicit["y"] - y_hat).applyfunc(lambda error: error**2)
    return {
        **{_matrices[name]: matrix for name, matrix in explicit.items()},
        S.a1: sp.ImmutableMatrix(a1),
        S.y_hat: sp.ImmutableMatrix(y_hat),
        # The second article's loss: the sum (not the mean) of squared errors.
        S.L_two_layer: sp.Add(*squared_errors),
    }


def _definition(name: sp.Basic) -> sp.Basic | None:
    if name in _DEFINITIONS:
        return _DEFINITIONS[name]
    if name in (S.L_two_layer, *_matrices.values()):
        return _two_layer_definitions()[name]
    return None


def unfold(expr: sp.Basic, keep: frozenset[sp.Basic] = frozenset()) -> sp.Basic:
    """Write a display expression out in the free variables, ready to differentiate.

    Named quantities are replaced by their definitions (except those in `keep`), ``σ(z)``
    by ``1/(1 + e^{-z})``, ``σ'(z)`` by the true derivative, a `Partial` by `sympy.diff`,
    a `Chain` by the product, and the matrix symbols of the two-layer network by matrices
    of plain symbols (``W1_0_2`` is the entry in row 0, column 2 of ``W1``).

    Parameters
    ----------
    expr : sympy.Basic
        A display expression built from `S`, `Sigmoid`, `SigmoidSlope`, `Partial`, `Chain`.
    keep : frozenset of sympy.Symbol, optional
        Named quantities to leave as variables (how `Partial` differentiates ``y_pred``
        with respect to ``h1``).

    Returns
    -------
    sympy.Basic
        A plain SymPy expression, or an ``ImmutableMatrix`` for a matrix expression.

    Examples
    --------
    >>> print(unfold(S.sum_h1))
    b1 + w1*x1 + w2*x2
    >>> print(unfold(Partial(S.h1, S.w1)))
    x1*exp(-b1 - w1*x1 - w2*x2)/(exp(-b1 - w1*x1 - w2*x2) + 1)**2
    >>> unfold(S.W2).shape
    (4, 1)
    """
    if expr in keep:
        return expr
    definition = _definition(expr)
    if definition is not None:
        return unfold(definition, keep)
    if isinstance(expr, Partial):
        function, variable = expr.args
        written_out = unfold(function, keep | {variable})
        if isinstance(variable, sp.MatrixSymbol):
            return unfold(variable).applyfunc(lambda entry: sp.diff(written_out, entry))
        derivative = sp.diff(written_out, variable)
        # Differentiating by a named quantity (y_pred, h1) leaves it in: write it out too.
        return unfold(derivative, keep) if _definition(variable) is not None else derivative
    if isinstance(expr, Sigmoid):
        return _sigmoid_of(unfold(expr.args[0], keep))
    if isinstance(expr, SigmoidSlope):
        t = sp.Dummy("t", real=True)
        return sp.diff(_sigmoid_of(t), t).subs(t, unfold(expr.args[0], keep))
    if isinstance(expr, Chain):
        return functools.reduce(operator.mul, (unfold(arg, keep) for arg in expr.args))
    if isinstance(expr, sp.MatrixBase):
        return expr  # an explicit matrix (a definition above) is already written out
    if isinstance(expr, sp.MatrixExpr):
        return _unfold_matrix(expr, keep)
    if not expr.args:
        return expr
    return expr.func(*(unfold(arg, keep) for arg in expr.args))


def _unfold_matrix(expr: sp.MatrixExpr, keep: frozenset[sp.Basic]) -> sp.ImmutableMatrix:
    """Carry out a matrix expression on explicit matrices, one operation at a time."""
    if isinstance(expr, sp.OneMatrix):
        return sp.ImmutableMatrix(sp.ones(*expr.shape))
    args = [unfold(arg, keep) for arg in expr.args]
    if isinstance(expr, sp.MatMul):
        result = functools.reduce(operator.mul, args)
    elif isinstance(expr, sp.MatAdd):
        result = functools.reduce(operator.add, args)
    elif isinstance(expr, sp.HadamardProduct):
        result = functools.reduce(lambda a, b: a.multiply_elementwise(b), args)
    elif isinstance(expr, sp.Transpose):
        result = args[0].T
    else:
        raise TypeError(f"cannot unfold the matrix expression {expr} ({type(expr).__name__})")
    return sp.ImmutableMatrix(result)


# --- Printing ------------------------------------------------------------------------------


class _CoursePrinter(LatexPrinter):
    """SymPy's LaTeX printer with the course's names, in the order the formulas are written."""

    def __init__(self) -> None:
        super().__init__({"symbol_names": _LATEX_NAMES, "order": "none"})

    def _print_Transpose(self, expr: sp.Transpose) -> str:
        return rf"{self.parenthesize(expr.arg, PRECEDENCE['Pow'], strict=True)}^{{\top}}"

    def _print_OneMatrix(self, expr: sp.OneMatrix) -> str:
        return "1"  # the matrix of ones, as in the article's "1 - ŷ"

    def _print_MatAdd(self, expr: sp.MatAdd) -> str:
        text = self._print(expr.args[0])
        for term in expr.args[1:]:
            if isinstance(term, sp.MatMul) and term.args[0] == -1:
                rest = term.args[1:]
                text += " - " + self._print(rest[0] if len(rest) == 1 else sp.MatMul(*rest))
            else:
                text += " + " + self._print(term)
        return text

    def _print_HadamardProduct(self, expr: sp.HadamardProduct) -> str:
        parts = []
        for position, factor in enumerate(expr.args):
            # A leading "-2 (...)" needs no brackets; any other product or sum does.
            leading_scalar = (
                position == 0 and isinstance(factor, sp.MatMul) and factor.args[0].is_Number
            )
            if isinstance(factor, sp.MatrixSymbol) or leading_scalar:
                parts.append(self._print(factor))
            else:
                parts.append(rf"\left({self._print(factor)}\right)")
        return r" \odot ".join(parts)


def latex_of(expr: sp.Basic) -> str:
    r"""LaTeX of a display expression, with the course's symbol names.

    Examples
    --------
    >>> print(latex_of(_times(S.w5, SigmoidSlope(S.sum_o1))))
    w_5 \sigma'(\mathrm{sum}_{o_1})
    """
    return _CoursePrinter().doprint(expr)


# --- Proving -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    r"""A claimed equality ``lhs = steps… = rhs`` and whether SymPy proved it.

    Attributes
    ----------
    name : str
        The identity's name (see `IDENTITY_NAMES`).
    lhs, rhs : sympy.Basic
        The two ends, as display expressions.
    proven : bool
        True only if every pair of neighbouring sides unfolds to a difference that
        `sympy.simplify` reduces to exactly 0.
    steps : tuple of sympy.Basic
        Intermediate forms shown between `lhs` and `rhs` (each proven equal too).

    Examples
    --------
    >>> claim = check(SigmoidSlope(S.x), _times(Sigmoid(S.x), 1 + Sigmoid(S.x)))
    >>> claim.proven
    False
    >>> print(claim.latex())
    \sigma'(x) = \sigma(x) \left(1 + \sigma(x)\right)
    """

    name: str
    lhs: sp.Basic
    rhs: sp.Basic
    proven: bool
    steps: tuple[sp.Basic, ...] = ()

    @property
    def sides(self) -> tuple[sp.Basic, ...]:
        """Every side in order: ``(lhs, *steps, rhs)``."""
        return (self.lhs, *self.steps, self.rhs)

    def latex(self) -> str:
        r"""The identity as LaTeX, ``lhs = … = rhs``.

        Examples
        --------
        >>> print(identity("dL_dypred").latex())
        \frac{\partial}{\partial y_{\text{pred}}} \left(1 - y_{\text{pred}}\right)^{2}
          = - 2 \left(1 - y_{\text{pred}}\right)
        """
        return " = ".join(latex_of(side) for side in self.sides)


def _entries(value: sp.Basic) -> list[sp.Basic]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def _clearly_nonzero(difference: sp.Expr, points: int = 3) -> bool:
    """True if `difference` is visibly not 0 at some point: a counterexample, so no proof.

    This can only refute, never prove. The points are drawn from a continuous range, so a
    false claim is all but certain not to vanish at all of them by chance; if one ever did,
    the exact step would still refuse to call it proven (only slowly).
    """
    generator = random.Random(20190303)  # fixed seed: the same points on every run
    symbols = sorted(difference.free_symbols, key=str)
    for _ in range(points):
        # Thirty-digit numbers, plugged in with xreplace: far faster than subs or evalf(subs=)
        # on the big two-layer expressions, and rounding stays near 1e-30.
        point = {s: sp.Float(generator.uniform(-2, 2), 30) for s in symbols}
        value = difference.xreplace(point)
        if value.is_number and abs(value) > 1e-20:
            return True
    return False


def _equal(first: sp.Basic, second: sp.Basic) -> bool:
    """Prove ``first = second``: unfold both; every entry of the difference simplifies to 0."""
    left, right = unfold(first), unfold(second)
    if isinstance(left, sp.MatrixBase) or isinstance(right, sp.MatrixBase):
        if getattr(left, "shape", None) != getattr(right, "shape", None):
            return False
    differences = [a - b for a, b in zip(_entries(left), _entries(right), strict=True)]
    if any(_clearly_nonzero(d) for d in differences):
        return False
    return all(_simplifies_to_zero(d) for d in differences)


def _simplifies_to_zero(difference: sp.Expr) -> bool:
    """Exact: over a common denominator the difference cancels, or else simplify gives 0."""
    # together + cancel are exact rewrites and, here, much faster than simplify.
    return sp.cancel(sp.together(difference)) == 0 or sp.simplify(difference) == 0


def check(
    lhs: sp.Basic, rhs: sp.Basic, *, steps: tuple[sp.Basic, ...] = (), name: str = "claim"
) -> Identity:
    """Try to prove ``lhs = steps… = rhs`` and say whether it worked.

    Parameters
    ----------
    lhs, rhs : sympy.Basic
        Display expressions (see `unfold` for what they may contain).
    steps : tuple of sympy.Basic, optional
        Intermediate forms; each neighbouring pair must be proven equal.
    name : str, optional
        A label for the result.

    Returns
    -------
    Identity
        With ``proven`` True only if every pair was proven equal.

    Examples
    --------
    Forgetting the ``x1`` of ``∂h1/∂w1`` gives a formula that is not the derivative:

    >>> check(Partial(S.h1, S.w1), _times(S.x1, SigmoidSlope(S.sum_h1))).proven
    True
    >>> check(Partial(S.h1, S.w1), SigmoidSlope(S.sum_h1)).proven
    False
    """
    sides = (lhs, *steps, rhs)
    proven = all(_equal(a, b) for a, b in itertools.pairwise(sides))
    return Identity(name=name, lhs=lhs, rhs=rhs, proven=proven, steps=tuple(steps))


# --- The named identities ------------------------------------------------------------------

_PARAMETER_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")


def _hand_formula(parameter: str) -> sp.Basic:
    """∂L/∂parameter composed as the article's training code composes it.

    ``d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1`` for the hidden layer, and
    ``d_L_d_ypred * d_ypred_d_w5`` for the output neuron.
    """
    d_L_d_ypred = _times(-2, _difference(S.y_true, S.y_pred))
    slope_o1, slope_h1, slope_h2 = (
        SigmoidSlope(S.sum_o1),
        SigmoidSlope(S.sum_h1),
        SigmoidSlope(S.sum_h2),
    )
    output_neuron = {"w5": _times(S.h1, slope_o1), "w6": _times(S.h2, slope_o1), "b3": slope_o1}
    if parameter in output_neuron:
        return Chain(d_L_d_ypred, output_neuron[parameter])
    hidden = {
        "w1": (S.w5, S.x1, slope_h1),
        "w2": (S.w5, S.x2, slope_h1),
        "b1": (S.w5, None, slope_h1),
        "w3": (S.w6, S.x1, slope_h2),
        "w4": (S.w6, S.x2, slope_h2),
        "b2": (S.w6, None, slope_h2),
    }
    weight_out, input_value, slope_hidden = hidden[parameter]
    d_ypred_d_h = _times(weight_out, slope_o1)
    d_h_d_parameter = slope_hidden if input_value is None else _times(input_value, slope_hidden)
    return Chain(d_L_d_ypred, d_ypred_d_h, d_h_d_parameter)


def _sigmoid_derivative() -> Identity:
    # In z, the weighted sum, as the pages write the sigmoid (docs/notation.md).
    e_minus_z = sp.exp(-S.z)
    closed_form = _times(e_minus_z, sp.Pow(sp.Add(1, e_minus_z, evaluate=False), -2))
    return check(
        SigmoidSlope(S.z),
        _times(Sigmoid(S.z), _difference(1, Sigmoid(S.z))),
        steps=(closed_form,),
        name="sigmoid_derivative",
    )


def _dL_dypred() -> Identity:
    alice_loss = sp.Pow(_difference(1, S.y_pred), 2, evaluate=False)  # y_true = 1 for Alice
    return check(
        Partial(alice_loss, S.y_pred), _times(-2, _difference(1, S.y_pred)), name="dL_dypred"
    )


def _dypred_dh1() -> Identity:
    sum_o1 = sp.Add(_times(S.w5, S.h1), _times(S.w6, S.h2), S.b3, evaluate=False)
    return check(Partial(S.y_pred, S.h1), _times(S.w5, SigmoidSlope(sum_o1)), name="dypred_dh1")


def _dh1_dw1() -> Identity:
    sum_h1 = sp.Add(_times(S.w1, S.x1), _times(S.w2, S.x2), S.b1, evaluate=False)
    return check(Partial(S.h1, S.w1), _times(S.x1, SigmoidSlope(sum_h1)), name="dh1_dw1")


def _chain_rule_w1() -> Identity:
    factors = Chain(Partial(S.L, S.y_pred), Partial(S.y_pred, S.h1), Partial(S.h1, S.w1))
    return check(Partial(S.L, S.w1), factors, name="chain_rule_w1")


def _partial_of_loss(parameter: str) -> Callable[[], Identity]:
    def build() -> Identity:
        variable = getattr(S, parameter)
        return check(Partial(S.L, variable), _hand_formula(parameter), name=f"dL_d{parameter}")

    return build


def _two_layer_dW2() -> Identity:
    return check(
        Partial(S.L_two_layer, S.W2),
        sp.MatMul(S.a1.T, _DEFINITIONS[S.delta2]),
        steps=(sp.MatMul(S.a1.T, S.delta2),),
        name="two_layer_dW2",
    )


def _two_layer_dW1() -> Identity:
    hidden_signal = sp.HadamardProduct(
        sp.MatMul(S.delta2, S.W2.T),
        S.a1,
        _difference(sp.OneMatrix(_N_SAMPLES, _N_HIDDEN), S.a1),
    )
    return check(
        Partial(S.L_two_layer, S.W1), sp.MatMul(S.X.T, hidden_signal), name="two_layer_dW1"
    )


_BUILDERS: dict[str, Callable[[], Identity]] = {
    "sigmoid_derivative": _sigmoid_derivative,
    "dL_dypred": _dL_dypred,
    "dypred_dh1": _dypred_dh1,
    "dh1_dw1": _dh1_dw1,
    "chain_rule_w1": _chain_rule_w1,
    **{f"dL_d{parameter}": _partial_of_loss(parameter) for parameter in _PARAMETER_NAMES},
    "two_layer_dW2": _two_layer_dW2,
    "two_layer_dW1": _two_layer_dW1,
}
# Each proof runs once per process, however many pages and tests ask for it.
_BUILDERS = {name: functools.cache(build) for name, build in _BUILDERS.items()}

IDENTITY_NAMES: tuple[str, ...] = tuple(_BUILDERS)
"""The names of every identity this module proves, in the order the course meets them."""


def identity(name: str) -> Identity:
    r"""The named identity, with its proof run (once per process).

    Parameters
    ----------
    name : str
        One of `IDENTITY_NAMES`.

    Returns
    -------
    Identity

    Raises
    ------
    ValueError
        For an unknown name, suggesting the closest known one.

    Examples
    --------
    >>> identity("dL_dw5").proven
    True
    >>> print(identity("dL_dw5").latex())
    \frac{\partial L}{\partial w_5}
      = - 2 \left(y_{\text{true}} - y_{\text{pred}}\right) \cdot h_1 \sigma'(\mathrm{sum}_{o_1})
    """
    return _BUILDERS[check_choice(name, "identity name", IDENTITY_NAMES)]()


def prove_all() -> tuple[Identity, ...]:
    """Every identity of the course, each with its proof run, in `IDENTITY_NAMES` order.

    Examples
    --------
    >>> results = prove_all()
    >>> len(results), all(result.proven for result in results)
    (16, True)
    """
    return tuple(identity(name) for name in IDENTITY_NAMES)


def latex(name: str) -> str:
    r"""The LaTeX of a named identity, for a page to show; only ever a *proven* one.

    Parameters
    ----------
    name : str
        One of `IDENTITY_NAMES`.

    Returns
    -------
    str
        ``lhs = … = rhs`` as LaTeX (without ``$`` delimiters).

    Raises
    ------
    ValueError
        For an unknown name, suggesting the closest known one.
    RuntimeError
        If the identity failed its proof (a page must never show an unproven formula).

    Examples
    --------
    >>> print(latex("chain_rule_w1"))
    \frac{\partial L}{\partial w_1}
      = \frac{\partial L}{\partial y_{\text{pred}}}
      \cdot \frac{\partial y_{\text{pred}}}{\partial h_1}
      \cdot \frac{\partial h_1}{\partial w_1}
    >>> latex("chain_rule")
    Traceback (most recent call last):
        ...
    ValueError: unknown identity name 'chain_rule'; ... Did you mean 'chain_rule_w1'?
    """
    result = identity(name)
    if not result.proven:
        raise RuntimeError(f"identity {name!r} is not proven; refusing to print it")
    return result.latex()


# --- Symbols to numbers ----------------------------------------------------------------------


def loss_expression() -> sp.Expr:
    """The full loss ``(y_true − o1)²`` of the 2-2-1 network in its 12 free variables.

    Examples
    --------
    >>> loss = loss_expression()
    >>> sorted(str(s) for s in loss.free_symbols)[:4]
    ['b1', 'b2', 'b3', 'w1']
    >>> sp.diff(loss, S.w1) == unfold(Partial(S.L, S.w1))
    True
    """
    return unfold(S.L)


def worked_example_gradient() -> dict[str, float]:
    """All nine partials of SymPy's loss at the main article's worked example.

    All weights 1, all biases 0, Alice's shifted data ``x = (-2, -1)`` with ``y_true = 1``.
    The exact derivatives are evaluated to 30 significant digits before becoming floats.

    Returns
    -------
    dict of str to float
        ``{"w1": ∂L/∂w1, …, "b3": ∂L/∂b3}``.

    Examples
    --------
    The exact ∂L/∂w1 is 0.0214695…, which rounds to 0.0215 (the article prints 0.0214, the
    product of its rounded steps):

    >>> gradient = worked_example_gradient()
    >>> f"{gradient['w1']:.7f}", f"{gradient['w1']:.4f}"
    ('0.0214695', '0.0215')
    >>> gradient["w1"] == gradient["w2"] * 2  # x1 = -2 is twice x2 = -1
    True
    """
    point = {S.x1: -2, S.x2: -1, S.y_true: 1}
    point.update({getattr(S, f"w{i}"): 1 for i in range(1, 7)})
    point.update({getattr(S, f"b{i}"): 0 for i in range(1, 4)})
    loss = loss_expression()
    return {
        name: float(sp.diff(loss, getattr(S, name)).subs(point).evalf(30))
        for name in _PARAMETER_NAMES
    }
