r"""Every hand-typed display formula of a course page is read by SymPy and its chains hold.

The reading and the checks are in tests/formula_check.py (its docstring says what the
symbols mean and how a page declares values and notations). The formulas generated from
SymPy (``[[latex:NAME]]``) are proven by tests/test_symbolic.py instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from formula_check import check_page

DOCS = Path(__file__).resolve().parent.parent / "docs"
# The course's pages: the chapters and appendices, and the pages past the articles.
PAGES = sorted(DOCS.glob("*.md")) + sorted((DOCS / "beyond").glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_display_formula_is_read_and_its_chains_hold(page):
    report = check_page(page.read_text(encoding="utf-8"))
    assert not report.problems, (
        f"{page.name}: {len(report.problems)} problem(s) in its display formulas:\n  "
        + "\n  ".join(report.problems)
    )


WORKED = r"""
# A page

<!-- formula names: nnfromscratch.proofs.symbolic -->
<!-- formula values: y_{\text{true}} = 1 -->

$$
h_1 = \sigma(w_1 x_1 + w_2 x_2 + b_1)
$$

$$
L = (1 - y_{\text{pred}})^2
$$

<!-- formula values: x_1 = -2, x_2 = -1, w_1 = w_2 = w_3 = w_4 = w_5 = w_6 = 1, b_1 = b_2 = b_3 = 0 -->

$$
\begin{aligned}
h_1 = h_2 &= \sigma(1 \cdot (-2) + 1 \cdot (-1) + 0) = \sigma(-3) = 0.0474, \\
\mathrm{sum}_{o_1} &= 1 \cdot h_1 + 1 \cdot h_2 + 0 = 0.0949, \\
o_1 &= \sigma(0.0949) = 0.524.
\end{aligned}
$$

$$
\begin{aligned}
\frac{\partial L}{\partial y_{\text{pred}}} &= -2\,(1 - y_{\text{pred}}) = -2\,(1 - 0.5237) = -0.9526, \\
\frac{\partial y_{\text{pred}}}{\partial h_1} &= w_5\, \sigma'(\mathrm{sum}_{o_1}) = 0.2494, \\
\frac{\partial h_1}{\partial w_1} &= x_1\, \sigma'(\mathrm{sum}_{h_1}) = -2\, \sigma(-3)\,\bigl(1 - \sigma(-3)\bigr) = -0.09035, \\
\frac{\partial L}{\partial w_1} &= (-0.9526)(0.2494)(-0.09035) = \boxed{0.02147}
\end{aligned}
$$

$$
\sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2} = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)
$$
"""


def test_the_worked_example_holds():
    report = check_page(WORKED)
    assert report.problems == []
    assert (report.checked, report.declared) == (5, 0)
    assert report.equalities > 20


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        # a sign, an index, an operator, a digit: each in the worked example
        (r"1 \cdot (-2) + 1 \cdot (-1)", r"1 \cdot (-2) - 1 \cdot (-1)"),
        (r"1 \cdot (-2) + 1 \cdot (-1)", r"1 \cdot (-2) + 1 \cdot (-2)"),
        (r"1 \cdot h_1 + 1 \cdot h_2", r"1 + h_1 + 1 \cdot h_2"),
        (r"h_1 = \sigma(w_1 x_1 + w_2 x_2 + b_1)", r"h_1 = \sigma(w_2 x_1 + w_2 x_2 + b_1)"),
        (r"h_1 = \sigma(w_1 x_1 + w_2 x_2 + b_1)", r"h_1 = \sigma(w_1 x_1 + w_2 x_2 + b_2)"),
        (r"w_5\, \sigma'(\mathrm{sum}_{o_1})", r"w_5\, \sigma'(\mathrm{sum}_{h_1})"),
        (r"x_1\, \sigma'(\mathrm{sum}_{h_1})", r"x_2\, \sigma'(\mathrm{sum}_{h_1})"),
        (r"= -2\,(1 - y_{\text{pred}})", r"= 2\,(1 - y_{\text{pred}})"),
        ("= 0.0474", "= 0.0475"),
        ("= -0.9526", "= -0.9536"),
        ("= 0.524.", "= 0.525."),
        (r"\boxed{0.02147}", r"\boxed{0.02148}"),
        ("(-0.9526)(0.2494)(-0.09035)", "(-0.9526)(0.2494)(0.09035)"),
        # the derivation of the sigmoid's slope
        (r"\frac{e^{-z}}{(1 + e^{-z})^2}", r"\frac{e^{z}}{(1 + e^{-z})^2}"),
        (r"\bigl(1 - \sigma(z)\bigr)", r"\bigl(1 + \sigma(z)\bigr)"),
        # the page's declared values
        ("x_1 = -2, x_2 = -1", "x_1 = -2, x_2 = 1"),
    ],
)
def test_a_planted_mistake_is_caught(right, wrong):
    assert WORKED.count(right) == 1
    report = check_page(WORKED.replace(right, wrong))
    assert report.problems, f"{wrong!r} in place of {right!r} went unnoticed"


def test_a_formula_sympy_cannot_read_must_be_declared():
    page = "# P\n\n$$\ny = a \\odot b\n$$\n"
    assert "SymPy cannot read" in " ".join(check_page(page).problems)
    declared = page + "\n<!-- formula notation: \\odot : the element-wise product -->\n"
    report = check_page(declared)
    assert report.problems == [] and (report.checked, report.declared) == (0, 1)
    # A declaration nothing uses is a stale one.
    stale = "# P\n\n<!-- formula notation: \\odot : the element-wise product -->\n"
    assert "declared but no formula uses it" in " ".join(check_page(stale).problems)


def test_a_notation_can_be_declared_by_what_it_means():
    page = ("# P\n\n<!-- formula notation: w \\cdot x => (w_1 x_1 + w_2 x_2) -->\n"
            "<!-- formula values: w_1 = 0, w_2 = 1, x_1 = 2, x_2 = 3, b = 4 -->\n\n"
            "$$\nw \\cdot x + b = 0 \\cdot 2 + 1 \\cdot 3 + 4 = 7\n$$\n")
    assert check_page(page).problems == []
    assert check_page(page.replace("= 7", "= 8")).problems
    assert check_page(page.replace("1 \\cdot 3", "1 \\cdot 4")).problems


def test_names_defined_by_a_formula_hold_in_it_and_numbers_for_the_page():
    page = ("# P\n\n$$\n\\text{MSE} = \\tfrac{1}{4}(1 + 0 + 0 + 1) = 0.5\n$$\n\n"
            "$$\n\\text{MSE} = \\frac{1}{n} \\sum_{i=1}^{n} (y_i - p_i)^2\n$$\n\n"
            "$$\nh = \\sigma(3) = 0.9526\n$$\n\n$$\no = \\sigma(h) = 0.7216\n$$\n")
    report = check_page(page)
    assert report.problems == [] and report.checked == 4
    assert check_page(page.replace("0.7216", "0.7217")).problems
    assert check_page(page.replace("1 + 0 + 0 + 1", "1 + 0 + 1 + 1")).problems


def test_the_declared_values_are_the_ones_the_prose_states():
    page = ("# P\n\nTake $b = 4$ and $x = [2, 3]$:\n<!-- formula values: b = 4, x_1 = 2, "
            "x_2 = 3 -->\n\n$$\nz = x_1 + x_2 + b = 9\n$$\n")
    assert check_page(page).problems == []
    assert "declare b = 4" in " ".join(check_page(page.replace("$b = 4$", "$b = 5$")).problems)
    assert "x_2 = 3" in " ".join(check_page(page.replace("[2, 3]", "[2, 7]")).problems)
