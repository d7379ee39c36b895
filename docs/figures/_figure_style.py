"""The shared look of the site's figures (imported by the modules in docs/figures/).

Transparent background, dark ink on light: on the dark theme, docs/assets/extra.css
inverts generated figures (keeping their hues), so one SVG serves both themes.

Sized for a phone. A figure is shown at its natural size when the column has room and
shrunk to the column when it has not: a phone's column is about 358 px wide. A figure at
most `WIDTH` inches wide (345.6 pt) with no text under `FONT_SIZE` points (11 pt) is shrunk
to no less than 358/345.6 of its size there, so every label is drawn at least 11 px tall;
tests/test_site_layout.py measures this in the browser. Wider figures (the diagrams) need
bigger text in proportion.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import matplotlib
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure

BLUE = "#3949ab"  # the theme's indigo
ORANGE = "#e8590c"
GREEN = "#2b8a3e"
INK = "#212529"
MUTED = "#6c757d"

WIDTH = 4.8
FONT_SIZE = 11

STYLE = {
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": FONT_SIZE,
    "legend.title_fontsize": FONT_SIZE,
    "mathtext.fontset": "dejavusans",
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=[BLUE, ORANGE, GREEN]),
    "grid.color": "#dee2e6",
    "grid.linewidth": 0.7,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "lines.linewidth": 2.2,
    "legend.frameon": False,
    "text.color": INK,
}


def styled(draw: Callable[[], Figure]) -> Callable[[], Figure]:
    """Run a figure function with the site's style (artists keep the style they are made with).

    >>> @styled
    ... def empty() -> Figure:
    ...     return Figure()
    >>> empty().get_facecolor()
    (0.0, 0.0, 0.0, 0.0)
    """

    @functools.wraps(draw)
    def with_style() -> Figure:
        with matplotlib.rc_context(STYLE):
            return draw()

    return with_style


def new_axes(width: float = WIDTH, height: float = 3.2) -> tuple[Figure, Axes]:
    """A figure with one set of axes, laid out so that nothing is clipped."""
    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()
