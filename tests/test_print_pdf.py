"""The whole course on one page, and the PDF book printed from it (tools/print_book.py).

mkdocs-print-site-plugin builds ``print_page/`` from every page of the course (the API
reference left out, docs/hooks/print_page.py); the home page links it and the book,
``nnfromscratch.pdf``, which the Pages workflow prints with tools/print_book.py after the
build. Here that same function prints the suite's build: the page is opened in headless
Chromium, laid out for paper (A4, print media), and must hold

* every page of the course, in the navigation's order, each with its maths typeset by
  KaTeX (as many formulas as the pages themselves) and its figures loaded;
* nothing cut: on paper nothing scrolls, so no formula, code block, table or figure may be
  wider than the printed column;

then pypdf must find every chapter's heading in the PDF's text after its table of
contents, the numbered chapters in their order.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from site_html import ROOT, find_chromium, html_pages, load_file, parse_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

book = load_file(ROOT / "tools" / "print_book.py", "print_book")


def heading(text: str) -> str:
    """A heading as the PDF's text holds it: spaces normalised, no permalink sign."""
    return re.sub(r"\s+", " ", text.replace("¶", "")).strip()


@pytest.fixture(scope="session")
def printed(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, bytes]:
    """What the Pages workflow publishes: `publish` refuses a book with any problem."""
    out = tmp_path_factory.mktemp("book") / book.BOOK
    inspection = book.publish(built_site, find_chromium(), out)
    return inspection, out.read_bytes()


def course_pages(site: Path) -> list[Path]:
    """The pages the book holds: all but the API reference, the 404 page and itself."""
    return [
        page for page in html_pages(site)
        if page.relative_to(site).parts[0] not in ("reference", "print_page", "404.html")
    ]


def first_heading(page: Path) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    assert match, f"{page} has no h1"
    return heading(html.unescape(re.sub(r"<[^>]+>", "", match[1])))


@pytest.mark.audit
def test_the_book_holds_every_page_of_the_course_with_its_maths(
    printed: tuple[dict, bytes], built_site: Path
) -> None:
    inspection, _ = printed
    pages = course_pages(built_site)
    chapters = [heading(c) for c in inspection["chapters"]]
    assert {first_heading(p) for p in pages} <= set(chapters)
    # In the course's order: the numbered chapters 1, 2, ... one after the other.
    numbered = [int(c.split(".")[0]) for c in chapters if re.match(r"\d+\. ", c)]
    assert numbered == list(range(1, len(numbered) + 1)) and len(numbered) >= 7
    assert inspection["maths"] == sum(parse_page(p).maths for p in pages) > 0
    assert inspection["typeset"] == inspection["maths"]
    assert inspection["images"] and all(image["ok"] for image in inspection["images"])


@pytest.mark.audit
def test_nothing_is_cut_on_paper(printed: tuple[dict, bytes]) -> None:
    inspection, _ = printed
    assert inspection["images"] and not inspection["cut"]


@pytest.mark.audit
def test_the_pdf_holds_every_chapter_heading(printed: tuple[dict, bytes], built_site: Path) -> None:
    _, pdf = printed
    reader = PdfReader(io.BytesIO(pdf))
    text = heading(" ".join(page.extract_text() for page in reader.pages))
    # The table of contents names the chapters too: look for them after it, in the body,
    # which opens with the home page's title.
    home = first_heading(built_site / "index.html")
    assert home in text, "the PDF does not hold the home page"
    body = text[text.index(home):]
    headings = [first_heading(page) for page in course_pages(built_site)]
    missing = [h for h in headings if h not in body]
    assert not missing, f"headings not in the PDF's text: {missing}"
    numbered = sorted((h for h in headings if re.match(r"\d+\. ", h)), key=lambda h: int(h.split(".")[0]))
    # (Each at its last mention: the home page lists them too.)
    assert [body.rindex(h) for h in numbered] == sorted(body.rindex(h) for h in numbered)
    assert len(reader.pages) > len(headings)
