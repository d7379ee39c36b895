"""Where the source articles' printed numbers disagree with exact arithmetic, and why.

The main article works its backpropagation example by hand, rounding every intermediate
before using it in the next step; the line-by-line walkthrough does the same with one
step rounded harder. Rounding early can move the last printed digit of later results.
This module replays each source's own arithmetic from the rounded numbers it shows, and
computes the same quantity at full precision with `nnfromscratch.course.backprop`, so that both
figures are pinned by tests and the site's errata page can show them side by side.

Each `RoundingCheck` holds three strings at the precision the source prints:

* ``printed``: what the source shows;
* ``replayed``: the source's own steps redone from its rounded inputs (this must equal
  ``printed``, which shows we understand where the figure came from);
* ``exact``: the quantity computed without intermediate rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..course.activations import sigmoid, sigmoid_derivative_from_sum
from ..course.backprop import Parameters, backprop

__all__ = ["RoundingCheck", "worked_example_checks"]

MAIN = "main article"
WALKTHROUGH = "line-by-line walkthrough"


@dataclass(frozen=True)
class RoundingCheck:
    """One printed number of a source, replayed from its rounded steps and computed exactly.

    Attributes
    ----------
    quantity : str
        What the number is, in words and LaTeX-free symbols.
    source : str
        Which article prints it (the course copy repeats the main article's numbers).
    printed, replayed, exact : str
        See the module docstring.
    """

    quantity: str
    source: str
    printed: str
    replayed: str
    exact: str

    @property
    def agrees(self) -> bool:
        """Whether the printed figure is the correct rounding of the exact value."""
        return self.printed == self.exact


def _places(text: str) -> int:
    return len(text.split(".")[1])


def _check(
    quantity: str,
    source: str,
    printed: str,
    replayed: float,
    exact: float,
    exact_places: int | None = None,
) -> RoundingCheck:
    places = _places(printed)
    return RoundingCheck(
        quantity=quantity,
        source=source,
        printed=printed,
        replayed=f"{replayed:.{places}f}",
        exact=f"{exact:.{exact_places or places}f}",
    )


def worked_example_checks() -> list[RoundingCheck]:
    """Every number of the backpropagation worked example, per source, replayed and exact.

    The example: all weights 1, all biases 0, Alice's data ``x = [-2, -1]``,
    ``y_true = 1``.

    Returns
    -------
    list of RoundingCheck
        In the order the articles compute them.

    Examples
    --------
    >>> print(f"{'source':24} {'quantity':12} {'printed':>7} {'replayed':>8} {'exact':>7}")
    source                   quantity     printed replayed   exact
    >>> for check in worked_example_checks():
    ...     print(f"{check.source:24} {check.quantity:12} {check.printed:>7} "
    ...           f"{check.replayed:>8} {check.exact:>7}", "" if check.agrees else "DIFFERS")
    main article             h1 = f(-3)    0.0474   0.0474  0.0474
    main article             sum into o1   0.0948   0.0948  0.0949 DIFFERS
    main article             o1 = y_pred    0.524    0.524   0.524
    main article             dL/dy_pred    -0.952   -0.952  -0.953 DIFFERS
    main article             dy_pred/dh1    0.249    0.249   0.249
    main article             dh1/dw1      -0.0904  -0.0904 -0.0904
    main article             dL/dw1        0.0214   0.0214  0.0215 DIFFERS
    line-by-line walkthrough dy_pred/dh1     0.25     0.25   0.249 DIFFERS
    line-by-line walkthrough dL/dw1        0.0215   0.0215  0.0215

    The walkthrough's final figure is right without any luck: its 0.25 (rounded to two
    places, +0.225%) stays well inside the room that 0.0215 leaves above the exact value
    (+0.375%), while the main article's 0.249 (−0.176%) alone pushes the product below
    0.02145, to 0.0214 (docs/errata.md works it through).
    """
    step = backprop(Parameters.constant(weight=1, bias=0), x=[-2, -1], y_true=1)
    fp = step.forward
    # The sources' own rounded intermediates, as printed.
    h1_shown, sum_shown, y_shown = 0.0474, 0.0948, 0.524
    dl_shown, dy_shown, dh_shown = -0.952, 0.249, -0.0904

    return [
        # Each line: what the source prints, its own arithmetic redone, the exact value.
        _check("h1 = f(-3)", MAIN, "0.0474", sigmoid(-3.0), fp.h1),
        # 0.0474 + 0.0474: the sum of two rounded outputs.
        _check("sum into o1", MAIN, "0.0948", h1_shown + h1_shown, fp.sum_o1),
        _check("o1 = y_pred", MAIN, "0.524", sigmoid(sum_shown), fp.o1),
        # -2 (1 - 0.524), from the rounded prediction.
        _check("dL/dy_pred", MAIN, "-0.952", -2 * (1 - y_shown), step.d_L_d_ypred),
        _check("dy_pred/dh1", MAIN, "0.249", sigmoid_derivative_from_sum(sum_shown),
               step.d_ypred_d_h1),
        _check("dh1/dw1", MAIN, "-0.0904", -2 * sigmoid_derivative_from_sum(-3.0),
               step.d_h1_d_w1),
        # -0.952 * 0.249 * -0.0904: the product of three rounded factors.
        _check("dL/dw1", MAIN, "0.0214", dl_shown * dy_shown * dh_shown, step.gradient.w1),
        # 0.524 * 0.476 = 0.249424, written with two places: compare at three.
        _check("dy_pred/dh1", WALKTHROUGH, "0.25", y_shown * (1 - y_shown), step.d_ypred_d_h1,
               exact_places=3),
        _check("dL/dw1", WALKTHROUGH, "0.0215", dl_shown * 0.25 * dh_shown, step.gradient.w1),
    ]
