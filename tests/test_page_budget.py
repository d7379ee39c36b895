"""The page budget: what a reader's browser fetches for each page of the built site.

No page may make a reader download more than 250 KB (gzipped, as a web server sends it).
A page loads its HTML, the stylesheets and scripts it links, the images it shows, the KaTeX fonts its
formulas use and, on every page, the search index (the theme's search worker fetches
``search/search_index.json`` as soon as a page opens). The figures are computed from the
built files, statically:

- stylesheets: ``<link rel="stylesheet" href>``; scripts: ``<script src>``, plus the
  theme's search worker, which its bundle starts; images: ``<img src>`` and the favicon;
- KaTeX fonts: each face that a rule of ``katex.min.css`` gives to classes used on the
  page (KaTeX_Main's regular face for any formula). A browser fetches a face only when a
  glyph needs it, and the classes are matched page-wide, so this is an upper bound;
- gzipped: each file compressed on its own with gzip's default level 6, as a web server
  would send it; the fonts (WOFF2, already compressed) are counted as they are.

The print page (``print_page/``, the whole course on one page, made to be printed or
saved as a PDF) holds every chapter's HTML, so it cannot meet a chapter's budget; it has
its own limit, `PRINT_PAGE_LIMIT`, a little above its weight when it was set (464 KB), so
that growth is noticed. docs/checks.md states both limits.

Issue 12 also asked for at most 600 KB uncompressed. That is not met and not asserted: the
theme's own script and stylesheets are 300 KB before any content, and KaTeX's HTML for
the typeset formulas is most of the heaviest chapters (backpropagation: over 300 KB).
``python tests/test_page_budget.py SITE_DIR`` prints each page's figures, both ways.
"""

from __future__ import annotations

import gzip
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_html import html_pages, resolve

KB = 1000
PAGE_LIMIT = 250 * KB  # gzipped, everything the page loads
# The whole course on one page: see docs/checks.md.
PRINT_PAGE_LIMIT = 500 * KB
PRINT_PAGE = "print_page/index.html"
SEARCH_INDEX = "search/search_index.json"
KATEX_CSS = "assets/katex/katex.min.css"


class _PageAssets(HTMLParser):
    """The files a page links: stylesheets, scripts, images, icons; and its class names."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.classes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        self.classes.update(a.get("class", "").split())
        rel = a.get("rel", "").split()
        if tag == "link" and ("stylesheet" in rel or "icon" in rel):
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "img" and a.get("src"):
            self.urls.append(a["src"])


@dataclass
class PageWeight:
    """One page's files and their sizes, uncompressed and gzipped."""

    page: str
    files: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def raw(self) -> int:
        return sum(raw for raw, _ in self.files.values())

    @property
    def gzipped(self) -> int:
        return sum(packed for _, packed in self.files.values())


@cache
def _sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    if path.suffix == ".woff2":  # already compressed: a server sends it as it is
        return len(data), len(data)
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def _local(site: Path, page: Path, url: str) -> Path:
    found = resolve(site, page, url)
    assert found is not None, f"{page}: loads {url} from elsewhere"
    target, _ = found
    assert target.is_file(), f"{page.relative_to(site)}: {url} is not in the built site"
    return target


Face = tuple[str, str, str]  # font-family, font-style, font-weight


def _face(body: str) -> tuple[str | None, str | None, str | None]:
    def value(name: str) -> str | None:
        found = re.search(name + r":([^;,}]+)", body)
        return found[1].strip() if found else None

    weight = {"bold": "700", "normal": "400"}.get(value("font-weight") or "", None)
    return value("font-family"), value("font-style"), weight or value("font-weight")


@cache
def _katex_fonts(site: Path) -> tuple[dict[Face, Path], list[tuple[set[str], Face]]]:
    """KaTeX's font files by face, and (the classes of a CSS selector, the face it sets).

    A rule that sets only a weight or a style (``.textbf``) is read as KaTeX_Main's, the
    family of ``.katex``; what it leaves unset is read as normal and 400.
    """
    css_path = site / KATEX_CSS
    css = css_path.read_text(encoding="utf-8")
    faces: dict[Face, Path] = {}
    for block in re.findall(r"@font-face\{([^}]*)\}", css):
        family, style, weight = _face(block)
        url = re.search(r"url\(([^)]+)\)", block)[1].strip("\"'")
        faces[family, style or "normal", weight or "400"] = css_path.parent / url
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*font-(?:family|style|weight):[^{}]*)\}", css):
        if selectors.strip().startswith("@"):  # the faces themselves, read above
            continue
        family, style, weight = _face(body)
        face = (family or "KaTeX_Main", style or "normal", weight or "400")
        for selector in selectors.split(","):
            rules.append((set(re.findall(r"\.([\w-]+)", selector)), face))
    return faces, rules


def _katex_files(site: Path, classes: set[str]) -> set[Path]:
    """The font files the formulas of a page with these class names may need."""
    faces, rules = _katex_fonts(site)
    wanted = {("KaTeX_Main", "normal", "400")}
    wanted |= {face for selector, face in rules if selector and selector <= classes}
    files = set()
    for face in wanted:
        if face in faces:
            files.add(faces[face])
        else:  # no face of that exact style: count every face of the family
            files |= {path for (family, *_), path in faces.items() if family == face[0]}
    return files


def page_weight(site: Path, page: Path) -> PageWeight:
    """Everything `page` of the built `site` makes a browser fetch, with its sizes."""
    site, page = site.resolve(), page.resolve()
    parser = _PageAssets()
    parser.feed(page.read_text(encoding="utf-8"))
    files = {page} | {_local(site, page, url) for url in parser.urls}
    if any(f.name.startswith("bundle.") and f.suffix == ".js" for f in files):
        files |= set((site / "assets/javascripts/workers").glob("search.*.min.js"))
        files.add(site / SEARCH_INDEX)
    if "katex" in parser.classes:
        files |= _katex_files(site, parser.classes)
    weight = PageWeight(page.relative_to(site).as_posix())
    for path in sorted(files):
        weight.files[path.relative_to(site).as_posix()] = _sizes(path)
    return weight


def site_weights(site: Path) -> list[PageWeight]:
    """The weight of every HTML page of the site (404 page included), heaviest first."""
    weights = [page_weight(site, page) for page in html_pages(site)]
    return sorted(weights, key=lambda w: -w.gzipped)


def limit(page: str) -> int:
    return PRINT_PAGE_LIMIT if page == PRINT_PAGE else PAGE_LIMIT


def test_every_page_within_budget(built_site: Path) -> None:
    weights = site_weights(built_site)
    assert len(weights) > 30 and weights[-1].gzipped > 100 * KB  # the theme alone
    over = [
        f"{w.page}: {w.gzipped / KB:.1f} KB gzipped (limit {limit(w.page) / KB:.0f} KB); "
        + ", ".join(f"{name} {packed / KB:.1f}" for name, (_, packed) in
                    sorted(w.files.items(), key=lambda item: -item[1][1])[:5])
        for w in weights
        if w.gzipped > limit(w.page)
    ]
    assert not over, "pages over the budget:\n" + "\n".join(over)


def test_budget_counts_what_pages_load(built_site: Path) -> None:
    # The measurement itself: a chapter with formulas and figures counts its HTML, the
    # theme, the search worker and index, its figures and KaTeX's main font.
    weight = page_weight(built_site, built_site / "backpropagation/index.html")
    names = set(weight.files)
    assert {"backpropagation/index.html", SEARCH_INDEX, KATEX_CSS,
            "assets/katex/fonts/KaTeX_Main-Regular.woff2",
            "figures/worked_example.svg"} <= names, sorted(names)
    assert any(re.fullmatch(r"assets/javascripts/bundle\.\w+\.min\.js", n) for n in names)
    assert any(re.fullmatch(r"assets/javascripts/workers/search\.\w+\.min\.js", n)
               for n in names)
    # Pages without formulas load no KaTeX font; only the pages with a widget load the
    # widgets' script and stylesheet (docs/hooks/widgets.py).
    errors = page_weight(built_site, built_site / "404.html")
    assert not any(n.endswith(".woff2") for n in errors.files), sorted(errors.files)
    widgets = {"assets/widgets/widgets.js", "assets/widgets/widgets.css"}
    assert not widgets & names
    for chapter in ["neuron", "training", "two-layer"]:
        assert widgets <= set(page_weight(built_site, built_site / chapter / "index.html").files)
    assert widgets <= set(page_weight(built_site, built_site / PRINT_PAGE).files)


@pytest.mark.parametrize("page", ["reference", PRINT_PAGE])
def test_search_index_leaves_out(built_site: Path, page: str) -> None:
    # The API reference and the print page are left out of the search index, which every
    # page loads: the reference pages' text is their docstrings, which the chapters
    # already show, and the print page repeats every chapter.
    index = (built_site / SEARCH_INDEX).read_text(encoding="utf-8")
    location = page.removesuffix("index.html")
    assert f'"location":"{location}' not in index.replace(" ", "")


def _table(site: Path) -> str:
    rows = ["| Page | KB | KB gzipped |", "| --- | ---: | ---: |"]
    for w in site_weights(site):
        rows.append(f"| {w.page} | {w.raw / KB:.0f} | {w.gzipped / KB:.0f} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(_table(Path(sys.argv[1]).resolve()))
