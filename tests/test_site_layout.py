"""Every page of the built site on a phone and on a desktop, in both themes.

Each page is shown in headless Chromium in two views (the `site_visits` fixture,
tests/site_browser.py, shared with test_site_browser.py): loaded 390 px wide (a phone) in
the light theme, then widened to 1280 px and switched to the dark theme, so that every page
is seen at both widths and in both themes (the layout does not change with the theme, nor
the colours with the width; four views a page would double the time for nothing new). In
each view, these must hold:

* nothing is cut: no formula, code block or table is wider than its box unless the box
  scrolls sideways *and* shows the scroll cue of docs/assets/extra.css (a shadow on the side
  where more is hidden); no element sticks out of the content column; the page itself never
  scrolls sideways;
* the labels of every figure are at least 11 px tall as drawn (the font size of each label
  in the SVG, times the scale the browser draws the image at);
* axe-core finds no serious or critical accessibility violation, which includes text
  contrast below 4.5:1 (on the page as it loads);
* the checked outputs of code (the lines a doctest compares) have at least the contrast of
  the prose.

Collapsed blocks are opened and every tab's panel shown before measuring, so that what is
hidden at first is measured too. The print page is not measured here: test_print_pdf.py
checks it, laid out for paper. Without a browser these tests fail; they never skip.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from site_browser import VIEWS, SiteVisits, is_print_page, where
from site_html import html_pages, page_url_path, site_prefix

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MIN_LABEL_PX = 11.0
SERIOUS = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}  # Material's names of the two themes


SCALE = re.compile(r"scale\(\s*([-\d.e]+)")
SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"


def label_sizes(svg: Path) -> tuple[float, list[float]]:
    """The viewBox width of a generated SVG and the font size of each label, in its units.

    The figures draw text as glyph outlines (generated_figures.py): each glyph is a path in
    ``<defs>`` (drawn at 1/64 scale), each label a group scaled to ``size / 100`` holding
    one ``<use>`` of a glyph per character (a sub- or superscript glyph carries a further
    scale of its own, 0.7 in matplotlib's mathtext). A label's size is its group's scale
    times 100; markers, also drawn with ``<use>``, are not glyphs and are not counted.
    """
    root = ET.parse(svg).getroot()
    view_box = [float(v) for v in root.attrib["viewBox"].split()]
    glyphs = {
        path.attrib["id"]
        for path in root.iter(f"{SVG}path")
        if "id" in path.attrib and path.attrib.get("transform") == "scale(0.015625)"
    }
    sizes: list[float] = []

    def walk(element: ET.Element, scale: float) -> None:
        match = SCALE.search(element.attrib.get("transform", ""))
        own = abs(float(match[1])) if match and element.tag == f"{SVG}g" else 1.0
        uses = [child for child in element if child.tag == f"{SVG}use"]
        if any(use.attrib.get(HREF, "").lstrip("#") in glyphs for use in uses):
            sizes.append(100 * scale * own)
        for child in element:
            if child.tag != f"{SVG}defs":
                walk(child, scale * own)

    walk(root, 1.0)
    return view_box[2], sizes


@pytest.fixture  # per test, so that xdist groups these tests by `site_visits` alone
def layout_run(site_visits: SiteVisits) -> dict[tuple[str, str, str], object]:
    """The visits of every page but the print page, keyed by (URL path, view, theme)."""
    return {(url, view, VIEWS[view][1]): visit for (url, view), visit in site_visits.visits.items()
            if not is_print_page(url)}


def test_every_page_in_every_view(layout_run: dict, built_site: Path) -> None:
    pages = [page_url_path(built_site, page) for page in html_pages(built_site)]
    assert len(layout_run) == len([url for url in pages if not is_print_page(url)]) * len(VIEWS)
    schemes = {theme: {v.layout["scheme"] for k, v in layout_run.items() if k[2] == theme}
               for theme in SCHEMES}
    assert schemes == {theme: {scheme} for theme, scheme in SCHEMES.items()}
    kinds = {kind for view in layout_run.values() for kind in view.layout["boxes"]}
    assert kinds == {"formula", "code", "table"}, "the overflow check found nothing to check"


def test_nothing_is_cut(layout_run: dict) -> None:
    assert not where(layout_run, lambda v: v.layout["cut"])


def test_nothing_sticks_out_of_the_column(layout_run: dict) -> None:
    assert not where(layout_run, lambda v: v.layout["outside"])
    assert not where(layout_run, lambda v: v.layout["pageScrolls"])


def test_figure_labels_are_legible_on_a_phone(layout_run: dict, built_site: Path) -> None:
    measured: dict[str, float] = {}
    for (_url, width, _theme), view in layout_run.items():
        for figure in view.layout["figures"]:
            svg = built_site / figure["src"][len(site_prefix()) :]
            view_width, sizes = label_sizes(svg)
            assert sizes, f"{svg.name}: no label found (has the SVG's structure changed?)"
            smallest = min(sizes) * figure["width"] / view_width
            key = f"{width} {svg.name}"
            measured[key] = min(measured.get(key, smallest), smallest)
    assert any(key.startswith("phone ") for key in measured), "no figure was measured"
    small = {key: round(px, 2) for key, px in measured.items() if px < MIN_LABEL_PX}
    assert not small, f"labels under {MIN_LABEL_PX} px as drawn: {small}"


@pytest.mark.audit
def test_no_serious_accessibility_violation(layout_run: dict) -> None:
    assert not where(
        layout_run, lambda v: [x for x in v.violations if x["impact"] in SERIOUS]
    )


def test_checked_outputs_are_no_dimmer_than_the_prose(layout_run: dict) -> None:
    compared = {key: v.layout for key, v in layout_run.items()
                if v.layout["outputContrast"] is not None and v.layout["proseContrast"]}
    assert compared, "no page shows a checked output"
    dim = {" ".join(key): (round(x["outputContrast"], 2), round(x["proseContrast"], 2))
           for key, x in compared.items() if x["outputContrast"] < x["proseContrast"] - 0.01}
    assert not dim, f"(output contrast, prose contrast) where outputs are dimmer: {dim}"
