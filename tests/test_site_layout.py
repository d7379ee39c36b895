"""Every page of the built site on a phone and on a desktop, in both themes.

Each page is opened in headless Chromium twice: 390 px wide (a phone) in the light theme
and 1280 px wide in the dark theme, so that every page is seen at both widths and in both
themes (the layout does not change with the theme, nor the colours with the width; four
views a page would double the test's time for nothing new). Each time, these must hold:

* nothing is cut: no formula, code block or table is wider than its box unless the box
  scrolls sideways *and* shows the scroll cue of docs/assets/extra.css (a shadow on the side
  where more is hidden); no element sticks out of the content column; the page itself never
  scrolls sideways;
* the labels of every figure are at least 11 px tall as drawn (the font size of each label
  in the SVG, times the scale the browser draws the image at);
* axe-core (the copy bundled by the pinned axe-playwright-python package, injected into the
  page: no network) finds no serious or critical accessibility violation, which includes
  text contrast below 4.5:1;
* the checked outputs of code (the lines a doctest compares) have at least the contrast of
  the prose.

Collapsed blocks are opened and every tab's panel shown before measuring, so that what is
hidden at first is measured too. The browser is found as in test_site_browser.py; without
one this test fails, it never skips.
"""

from __future__ import annotations

import asyncio
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright
from site_html import LAUNCH_ARGS, html_pages, page_url_path, serve, site_prefix
from test_site_browser import find_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {"phone": 390, "desktop": 1280}
THEMES = ("light", "dark")
VIEWS = (("phone", "light"), ("desktop", "dark"))
PAGES_AT_ONCE = 4
MIN_LABEL_PX = 11.0
SERIOUS = {"serious", "critical"}
AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")

# Runs in the page once it has loaded; returns what the assertions below need.
INSPECT_LAYOUT = r"""
() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const show = document.createElement('style');
  show.textContent = '.tabbed-set > .tabbed-content > .tabbed-block { display: block !important; }';
  document.head.append(show);
  const visible = el => el.checkVisibility({visibilityProperty: true});
  const short = el => el.textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
  // A table scrolls in the box the theme wraps it in, or by itself where it is not wrapped.
  const kinds = [['formula', 'div.arithmatex'], ['code', 'pre > code'],
                 ['table', 'table:not(.highlighttable)'], ['table', '.md-typeset__scrollwrap']];
  const content = document.querySelector('.md-content');
  const column = content ? content.getBoundingClientRect() : null;
  const boxes = [], cut = [], outside = [];
  for (const [kind, selector] of kinds) {
    for (const el of document.querySelectorAll('.md-content ' + selector)) {
      if (!visible(el)) continue;
      const style = getComputedStyle(el);
      const overflows = el.scrollWidth > el.clientWidth + 1;
      boxes.push(kind);
      if (overflows) {
        const scrolls = ['auto', 'scroll'].includes(style.overflowX);
        const layers = style.backgroundAttachment.split(',').map(s => s.trim());
        const cue = layers.includes('local') && layers.includes('scroll')
          && (style.backgroundImage.match(/gradient/g) || []).length >= 4;
        if (!scrolls || !cue) cut.push({kind, scrolls, cue, text: short(el)});
      }
    }
  }
  if (column) {
    // Nothing in the column may stick out of it (an inline formula, a picture, a table),
    // unless it is inside a box that scrolls (checked above).
    const scroller = el => {
      for (let node = el.parentElement; node && node !== content; node = node.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) return true;
      }
      return false;
    };
    for (const el of content.querySelectorAll('.md-typeset > *, .md-typeset span.arithmatex, .md-typeset img')) {
      if (!visible(el) || scroller(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width && (box.right > column.right + 1 || box.left < column.left - 1)) {
        outside.push({tag: el.tagName, cls: el.className, text: short(el),
                      left: Math.round(box.left), right: Math.round(box.right)});
      }
    }
  }
  const root = document.documentElement;
  const figures = [...document.querySelectorAll('.md-content img')]
    .filter(img => (img.getAttribute('src') || '').includes('figures/') && visible(img))
    .map(img => ({src: new URL(img.src).pathname, width: img.getBoundingClientRect().width}));

  // Contrast of the checked outputs against that of the prose (WCAG's formula).
  const rgba = text => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = '1'] = m[1].split(/[ ,/]+/).filter(Boolean);
    return [+r, +g, +b, +a];
  };
  const background = el => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const over = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const luminance = c => {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = el => {
    const bg = background(el), fg = over(rgba(getComputedStyle(el).color), bg);
    const [a, b] = [luminance(fg), luminance(bg.slice(0, 3))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  const prose = [...document.querySelectorAll('.md-content .md-typeset > p')].find(visible);
  const outputs = [...document.querySelectorAll('.md-content pre .go')].filter(visible);
  return {
    boxes, cut, outside, figures,
    pageScrolls: root.scrollWidth > root.clientWidth,
    scheme: document.body.getAttribute('data-md-color-scheme'),
    proseContrast: prose ? contrast(prose) : null,
    outputContrast: outputs.length ? Math.min(...outputs.map(contrast)) : null,
  };
}
"""

RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160)),
    count: v.nodes.length,
  }));
}
"""


@dataclass
class View:
    """One page at one width in one theme: what the browser measured there."""

    layout: dict = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)


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


async def visit(browser: Browser, base: str, url_path: str, width: int, theme: str,
                audit: bool) -> View:
    context = await browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=theme
    )
    try:
        page = await context.new_page()
        await page.goto(base + url_path, wait_until="load", timeout=120_000)
        await page.evaluate("document.fonts.ready.then(() => null)")
        view = View()
        # Before the layout check opens every collapsed block: the page as it loads.
        if audit:  # axe-core costs seconds a page: only with --audit
            await page.add_script_tag(content=AXE_SCRIPT)
            view.violations = await page.evaluate(RUN_AXE)
        view.layout = await page.evaluate(INSPECT_LAYOUT)
        return view
    finally:
        await context.close()


async def drive(chromium: str, base: str, url_paths: list[str],
                audit: bool) -> dict[tuple[str, str, str], View]:
    slots = asyncio.Semaphore(PAGES_AT_ONCE)
    keys = [(u, w, t) for u in url_paths for w, t in VIEWS]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:

            async def one(key: tuple[str, str, str]) -> View:
                async with slots:
                    return await visit(browser, base, key[0], WIDTHS[key[1]], key[2], audit)

            views = await asyncio.gather(*(one(key) for key in keys))
        finally:
            await browser.close()
    return dict(zip(keys, views, strict=True))


@pytest.fixture(scope="session")
def layout_run(built_site: Path, request: pytest.FixtureRequest) -> dict[tuple[str, str, str], View]:
    chromium = find_chromium()
    url_paths = [page_url_path(built_site, path) for path in layout_pages(built_site)]
    # Every route goes to 127.0.0.1 only: the pages load nothing else (test_site_browser.py).
    with serve(built_site) as base:
        return asyncio.run(drive(chromium, base, url_paths, request.config.getoption("audit")))


def layout_pages(site: Path) -> list[Path]:
    """Every page but the whole course on one page: test_print_pdf.py checks that one, laid
    out for paper; on screen it holds the same chapters, each checked here on its own."""
    return [page for page in html_pages(site) if page.relative_to(site).parts[0] != "print_page"]


def failures(run: dict, pick) -> dict[str, object]:
    found = {" ".join(key): pick(view) for key, view in run.items()}
    return {key: value for key, value in found.items() if value}


def test_every_page_in_every_view(layout_run: dict, built_site: Path) -> None:
    assert len(layout_run) == len(layout_pages(built_site)) * len(VIEWS)
    schemes = {theme: {v.layout["scheme"] for k, v in layout_run.items() if k[2] == theme}
               for theme in THEMES}
    assert schemes == {"light": {"default"}, "dark": {"slate"}}
    kinds = {kind for view in layout_run.values() for kind in view.layout["boxes"]}
    assert kinds == {"formula", "code", "table"}, "the overflow check found nothing to check"


def test_nothing_is_cut(layout_run: dict) -> None:
    assert not failures(layout_run, lambda v: v.layout["cut"])


def test_nothing_sticks_out_of_the_column(layout_run: dict) -> None:
    assert not failures(layout_run, lambda v: v.layout["outside"])
    assert not failures(layout_run, lambda v: v.layout["pageScrolls"])


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
    assert not failures(
        layout_run, lambda v: [x for x in v.violations if x["impact"] in SERIOUS]
    )


def test_checked_outputs_are_no_dimmer_than_the_prose(layout_run: dict) -> None:
    compared = {key: v.layout for key, v in layout_run.items()
                if v.layout["outputContrast"] is not None and v.layout["proseContrast"]}
    assert compared, "no page shows a checked output"
    dim = {" ".join(key): (round(x["outputContrast"], 2), round(x["proseContrast"], 2))
           for key, x in compared.items() if x["outputContrast"] < x["proseContrast"] - 0.01}
    assert not dim, f"(output contrast, prose contrast) where outputs are dimmer: {dim}"
