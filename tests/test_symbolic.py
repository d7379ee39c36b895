"""The SymPy proofs: each identity holds, wrong formulas do not, and symbols meet numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from nnfromscratch.course.backprop import Parameters, backprop
from nnfromscratch.course.datasets import two_layer_data
from nnfromscratch.course.two_layer import TwoLayerNetwork
from nnfromscratch.proofs import symbolic
from nnfromscratch.proofs.symbolic import (
    IDENTITY_NAMES,
    Chain,
    Partial,
    S,
    Sigmoid,
    SigmoidSlope,
    check,
    identity,
    latex,
    loss_expression,
    prove_all,
    unfold,
    worked_example_gradient,
)

REPO = Path(__file__).resolve().parents[1]
NETWORK_INPUTS = (S.x1, S.x2, S.y_true, *(getattr(S, name) for name in Parameters.NAMES))


def _times(*factors: sp.Basic) -> sp.Basic:
    return sp.Mul(*factors, evaluate=False)


# --- Every named identity is proven --------------------------------------------------------


@pytest.mark.parametrize("name", IDENTITY_NAMES)
def test_each_identity_is_proven(name: str) -> None:
    result = identity(name)
    assert result.name == name
    assert result.proven is True
    assert " = " in result.latex()
    assert latex(name) == result.latex()


def test_the_nine_partials_and_every_derivation_are_named() -> None:
    expected = {
        "sigmoid_derivative",
        "dL_dypred",
        "chain_rule_w1",
        "two_layer_dW2",
        "two_layer_dW1",
        *(f"dL_d{name}" for name in Parameters.NAMES),
    }
    assert expected <= set(IDENTITY_NAMES)
    assert [result.name for result in prove_all()] == list(IDENTITY_NAMES)


def test_nine_partials_are_held_against_the_derivative_of_the_full_loss() -> None:
    # The left side of each must be SymPy's own derivative of the whole network's loss.
    loss = loss_expression()
    assert loss.free_symbols == set(NETWORK_INPUTS)
    for name in Parameters.NAMES:
        result = identity(f"dL_d{name}")
        assert result.lhs == Partial(S.L, getattr(S, name))
        assert unfold(result.lhs) == sp.diff(loss, getattr(S, name))


def test_sigmoid_slope_means_the_true_derivative_not_the_shortcut() -> None:
    # If σ' unfolded to σ(1 − σ), the sigmoid identity would prove itself by definition.
    t = sp.Symbol("t", real=True)
    assert unfold(SigmoidSlope(t)) == sp.diff(1 / (1 + sp.exp(-t)), t)
    assert len(identity("sigmoid_derivative").sides) == 3


# --- The checker can fail --------------------------------------------------------------------

d_L_d_ypred = _times(-2, sp.Add(S.y_true, -S.y_pred, evaluate=False))
slope_o1, slope_h1 = SigmoidSlope(S.sum_o1), SigmoidSlope(S.sum_h1)
delta2_half = sp.HadamardProduct(  # the article's δ2 without its factor 2
    sp.MatMul(-1, S.y - S.y_hat), S.y_hat, sp.OneMatrix(4, 1) - S.y_hat
)
article_update = sp.HadamardProduct(  # the article's d_weights2: the NEGATIVE gradient
    sp.MatMul(2, S.y - S.y_hat), S.y_hat, sp.OneMatrix(4, 1) - S.y_hat
)

WRONG = {
    "sigma' = sigma(1 + sigma)": (
        SigmoidSlope(S.x),
        _times(Sigmoid(S.x), 1 + Sigmoid(S.x)),
    ),
    "sigma' without the square": (SigmoidSlope(S.x), sp.exp(-S.x) / (1 + sp.exp(-S.x))),
    "dL/dypred with the wrong sign": (
        Partial((1 - S.y_pred) ** 2, S.y_pred),
        _times(2, 1 - S.y_pred),
    ),
    "dL/dw1 missing x1": (Partial(S.L, S.w1), Chain(d_L_d_ypred, _times(S.w5, slope_o1), slope_h1)),
    "dL/dw1 through w6": (
        Partial(S.L, S.w1),
        Chain(d_L_d_ypred, _times(S.w6, slope_o1), _times(S.x1, slope_h1)),
    ),
    "dL/dw5 with h2": (Partial(S.L, S.w5), Chain(d_L_d_ypred, _times(S.h2, slope_o1))),
    "dL/db3 with a sigma for a slope": (Partial(S.L, S.b3), Chain(d_L_d_ypred, Sigmoid(S.sum_o1))),
    "chain rule through h2": (
        Partial(S.L, S.w1),
        Chain(Partial(S.L, S.y_pred), Partial(S.y_pred, S.h2), Partial(S.h2, S.w1)),
    ),
    "dW2 with half of delta2": (
        Partial(S.L_two_layer, S.W2),
        sp.MatMul(S.a1.T, delta2_half),
    ),
    "dW2 as the article's update (the negative gradient)": (
        Partial(S.L_two_layer, S.W2),
        sp.MatMul(S.a1.T, article_update),
    ),
    "dW1 missing a1(1 - a1)": (
        Partial(S.L_two_layer, S.W1),
        sp.MatMul(S.X.T, sp.MatMul(S.delta2, S.W2.T)),
    ),
}


def _value_at_random_point(expr: sp.Basic, rng: np.random.Generator) -> np.ndarray:
    written_out = unfold(expr)
    free = sorted(sp.Matrix([written_out]).free_symbols, key=str)
    point = {s: sp.Float(rng.uniform(-2, 2), 30) for s in free}
    return np.array(sp.Matrix([written_out]).xreplace(point).evalf(30), dtype=float)


@pytest.mark.parametrize("claim", WRONG, ids=list(WRONG))
def test_a_wrong_formula_is_not_proven(claim: str) -> None:
    lhs, rhs = WRONG[claim]
    assert check(lhs, rhs, name=claim).proven is False
    # And it really is wrong: the two sides differ at a random point (so "not proven" is
    # not the checker giving up on a true statement).
    rng = np.random.default_rng(7)
    assert not np.allclose(_value_at_random_point(lhs, rng), _value_at_random_point(rhs, rng))


def test_numbers_alone_never_prove(monkeypatch: pytest.MonkeyPatch) -> None:
    # If the exact step cannot reach 0, a claim stays unproven however well it samples.
    # The identity is taken before the patch: identity() keeps its result for the process,
    # and a result proven under the patch would spoil every later test on this worker.
    right = identity("sigmoid_derivative")
    monkeypatch.setattr(symbolic, "_simplifies_to_zero", lambda difference: False)
    assert check(right.lhs, right.rhs).proven is False


def test_the_exact_step_refutes_without_the_numeric_shortcut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With the numeric counterexample search switched off, simplify alone must still tell
    # a wrong formula from a right one (cheap scalar cases; a false matrix claim is slow).
    right = identity("sigmoid_derivative")  # before the patch (see the test above)
    monkeypatch.setattr(symbolic, "_clearly_nonzero", lambda difference: False)
    for claim in ("sigma' = sigma(1 + sigma)", "dL/dypred with the wrong sign"):
        assert check(*WRONG[claim]).proven is False, claim
    assert check(right.lhs, right.rhs, steps=right.steps).proven is True


def test_a_wrong_intermediate_step_spoils_the_whole_chain() -> None:
    right = identity("sigmoid_derivative")
    wrong_step = sp.exp(-S.x) / (1 + sp.exp(-S.x)) ** 3
    assert check(right.lhs, right.rhs, steps=(wrong_step,)).proven is False
    assert check(right.lhs, right.rhs, steps=right.steps).proven is True


def test_a_shape_mismatch_is_not_proven() -> None:
    assert check(Partial(S.L_two_layer, S.W2), sp.MatMul(S.a1, S.delta2)).proven is False


def test_latex_refuses_an_unproven_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    lhs, rhs = WRONG["dL/dw1 missing x1"]
    monkeypatch.setitem(symbolic._BUILDERS, "dL_dw1", lambda: check(lhs, rhs, name="dL_dw1"))
    with pytest.raises(RuntimeError, match="'dL_dw1' is not proven"):
        latex("dL_dw1")


# --- Symbols meet numbers ----------------------------------------------------------------------


def test_worked_example_value_from_sympy() -> None:
    gradient = worked_example_gradient()
    assert f"{gradient['w1']:.7f}" == "0.0214695"
    assert f"{gradient['w1']:.4f}" == "0.0215"
    assert f"{gradient['w1']:.10f}".startswith("0.021469")
    assert f"{gradient['w1']:.4f}" != "0.0214"  # the article's figure is a rounding artefact
    numeric = backprop(Parameters.constant(1, 0), [-2, -1], 1).gradient.as_dict()
    assert set(gradient) == set(numeric)
    for name, value in gradient.items():
        assert value == pytest.approx(numeric[name], rel=1e-12, abs=1e-15), name


def test_nine_partials_agree_with_numeric_backprop_at_random_points() -> None:
    loss = loss_expression()
    by_sympy = {
        name: sp.lambdify(NETWORK_INPUTS, sp.diff(loss, getattr(S, name)), "math")
        for name in Parameters.NAMES
    }
    by_hand = {
        name: sp.lambdify(NETWORK_INPUTS, unfold(identity(f"dL_d{name}").rhs), "math")
        for name in Parameters.NAMES
    }
    rng = np.random.default_rng(2019)
    for _ in range(6):
        params = Parameters.random(rng)
        x = rng.normal(scale=3.0, size=2)
        y_true = float(rng.integers(0, 2))
        numeric = backprop(params, x, y_true).gradient.as_dict()
        values = (*x.tolist(), y_true, *params.as_array().tolist())
        for name in Parameters.NAMES:
            expected = numeric[name]
            assert by_sympy[name](*values) == pytest.approx(expected, rel=1e-9, abs=1e-12)
            assert by_hand[name](*values) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def _two_layer_functions() -> tuple[list[sp.Symbol], dict[str, object]]:
    entries = [*unfold(S.X), *unfold(S.W1), *unfold(S.W2), *unfold(S.y)]
    functions = {
        "dW1 by sympy": unfold(Partial(S.L_two_layer, S.W1)),
        "dW2 by sympy": unfold(Partial(S.L_two_layer, S.W2)),
        "dW1 by formula": unfold(identity("two_layer_dW1").rhs),
        "dW2 by formula": unfold(identity("two_layer_dW2").rhs),
    }
    return entries, {key: sp.lambdify(entries, value, "numpy") for key, value in functions.items()}


def test_two_layer_matrix_gradients_agree_with_the_numeric_network() -> None:
    _, functions = _two_layer_functions()
    rng = np.random.default_rng(4)
    article_x, article_y = two_layer_data()
    cases = [(article_x, article_y, TwoLayerNetwork.initialise(rng=0))]
    for _ in range(3):
        cases.append(
            (
                rng.normal(size=(4, 3)),
                rng.uniform(size=(4, 1)),
                TwoLayerNetwork(rng.normal(size=(3, 4)), rng.normal(size=(4, 1))),
            )
        )
    for x, y, network in cases:
        values = [*x.ravel(), *network.weights1.ravel(), *network.weights2.ravel(), *y.ravel()]
        d_weights1, d_weights2 = network.gradients(x, y)
        for kind in ("by sympy", "by formula"):
            np.testing.assert_allclose(
                functions[f"dW1 {kind}"](*values), d_weights1, rtol=1e-9, atol=1e-12
            )
            np.testing.assert_allclose(
                functions[f"dW2 {kind}"](*values), d_weights2, rtol=1e-9, atol=1e-12
            )


# --- The LaTeX the site shows ---------------------------------------------------------------

EXPECTED_LATEX = {
    "sigmoid_derivative": (
        r"\sigma'(z) = \frac{e^{- z}}{\left(1 + e^{- z}\right)^{2}}"
        r" = \sigma(z) \left(1 - \sigma(z)\right)"
    ),
    "dL_dypred": (
        r"\frac{\partial}{\partial y_{\text{pred}}} \left(1 - y_{\text{pred}}\right)^{2}"
        r" = - 2 \left(1 - y_{\text{pred}}\right)"
    ),
    "dypred_dh1": r"\frac{\partial y_{\text{pred}}}{\partial h_1} = w_5 \sigma'(w_5 h_1 + w_6 h_2 + b_3)",
    "dh1_dw1": r"\frac{\partial h_1}{\partial w_1} = x_1 \sigma'(w_1 x_1 + w_2 x_2 + b_1)",
    "chain_rule_w1": (
        r"\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial y_{\text{pred}}}"
        r" \cdot \frac{\partial y_{\text{pred}}}{\partial h_1}"
        r" \cdot \frac{\partial h_1}{\partial w_1}"
    ),
    "dL_dw1": (
        r"\frac{\partial L}{\partial w_1} = - 2 \left(y_{\text{true}} - y_{\text{pred}}\right)"
        r" \cdot w_5 \sigma'(\mathrm{sum}_{o_1}) \cdot x_1 \sigma'(\mathrm{sum}_{h_1})"
    ),
    "dL_db2": (
        r"\frac{\partial L}{\partial b_2} = - 2 \left(y_{\text{true}} - y_{\text{pred}}\right)"
        r" \cdot w_6 \sigma'(\mathrm{sum}_{o_1}) \cdot \sigma'(\mathrm{sum}_{h_2})"
    ),
    "dL_dw6": (
        r"\frac{\partial L}{\partial w_6} = - 2 \left(y_{\text{true}} - y_{\text{pred}}\right)"
        r" \cdot h_2 \sigma'(\mathrm{sum}_{o_1})"
    ),
    "two_layer_dW2": (
        r"\frac{\partial L}{\partial W_2} = a_1^{\top} \delta_2"
        r" = a_1^{\top} \left(- 2 \left(y - \hat{y}\right) \odot \hat{y}"
        r" \odot \left(1 - \hat{y}\right)\right)"
    ),
    "two_layer_dW1": (
        r"\frac{\partial L}{\partial W_1} = X^{\top} \left(\left(\delta_2 W_2^{\top}\right)"
        r" \odot a_1 \odot \left(1 - a_1\right)\right)"
    ),
}


@pytest.mark.parametrize("name", EXPECTED_LATEX)
def test_latex_reads_like_the_article(name: str) -> None:
    assert latex(name) == EXPECTED_LATEX[name]


@pytest.mark.parametrize("name", IDENTITY_NAMES)
def test_latex_is_well_formed(name: str) -> None:
    text = latex(name)
    assert text.count("{") == text.count("}")
    assert text.count(r"\left(") == text.count(r"\right)")
    assert "f'" not in text and "_{1}" not in text  # σ, and w_1 rather than w_{1}


# --- Bad input ---------------------------------------------------------------------------------


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(ValueError, match=r"unknown identity name 'dL_dW1'.*Did you mean 'dL_dw1'"):
        latex("dL_dW1")
    with pytest.raises(ValueError, match="Did you mean 'sigmoid_derivative'"):
        identity("sigmoid_derivativ")
    with pytest.raises(TypeError, match="identity name must be one of"):
        identity(3)


def test_unfold_refuses_a_matrix_operation_it_does_not_know() -> None:
    with pytest.raises(TypeError, match="cannot unfold the matrix expression"):
        unfold(sp.MatPow(S.a1, 2))


# --- SymPy stays out of the numeric code's import path ------------------------------------------


def test_importing_the_package_does_not_import_sympy() -> None:
    code = "import nnfromscratch, sys; assert 'sympy' not in sys.modules, 'sympy was imported'"
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_no_numeric_module_imports_sympy() -> None:
    code = (
        "import importlib, pkgutil, sys, nnfromscratch\n"
        "for module in pkgutil.iter_modules(nnfromscratch.__path__):\n"
        "    if module.name != 'symbolic':\n"
        "        importlib.import_module('nnfromscratch.' + module.name)\n"
        "        assert 'sympy' not in sys.modules, module.name + ' imported sympy'\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
