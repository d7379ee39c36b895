"""The whole course on one page, and the PDF Chromium prints from it.

mkdocs-print-site-plugin builds ``print_page/`` from every page of the course (the API
reference left out, docs/hooks/print_page.py); the home page links it. Here the built page
is opened in headless Chromium, laid out for paper (A4, print media), and must hold:

* every page of the course, in the navigation's order, each with its maths typeset by
  KaTeX (as many formulas as the pages themselves) and its figures loaded;
* nothing cut: on paper nothing scrolls, so no formula, code block, table or figure may be
  wider than the printed column;

then ``page.pdf`` prints it, and pypdf must find every chapter's heading in the PDF's text
after its table of contents, the numbered chapters in their order.
"""

from __future__ import annotations

import asyncio
import html
import io
import re
from pathlib import Path

import pytest
from playwright.async_api import async_playwright
from pypdf import PdfReader
from site_html import LAUNCH_ARGS, find_chromium, html_pages, parse_page, serve, site_prefix

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PRINT_PAGE = "print_page/index.html"
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch: the width Chromium lays the page out at

INSPECT_PRINT = r"""
() => {
  const book = document.querySelector('#print-site-page');
  if (!book) return null;
  const short = el => el.textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
  const chapters = [...book.querySelectorAll('section.print-page')]
    .map(section => section.querySelector('h1'))
    .filter(Boolean).map(h => h.textContent.replace(/¶/g, '').trim());
  const cut = [];
  for (const el of book.querySelectorAll('div.arithmatex, pre > code, table, img')) {
    if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'IMG') cut.push(short(el));
    const box = el.getBoundingClientRect();
    if (box.right > book.getBoundingClientRect().right + 1) cut.push(el.tagName + ': ' + short(el));
  }
  return {
    chapters, cut,
    maths: book.querySelectorAll('.arithmatex').length,
    typeset: book.querySelectorAll('.arithmatex .katex').length,
    images: [...book.querySelectorAll('img')].map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0})),
  };
}
"""


def heading(text: str) -> str:
    """A heading as the PDF's text holds it: spaces normalised, no permalink sign."""
    return re.sub(r"\s+", " ", text.replace("¶", "")).strip()


async def print_course(chromium: str, url: str) -> tuple[dict, bytes]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            page = await browser.new_page(viewport={"width": A4_WIDTH_PX, "height": 1123})
            await page.emulate_media(media="print")
            await page.goto(url, wait_until="load")
            await page.evaluate("document.fonts.ready.then(() => null)")
            inspection = await page.evaluate(INSPECT_PRINT)
            pdf = await page.pdf(format="A4", print_background=True)
        finally:
            await browser.close()
    return inspection, pdf


@pytest.fixture(scope="session")
def printed(built_site: Path) -> tuple[dict, bytes]:
    chromium = find_chromium()
    assert (built_site / PRINT_PAGE).is_file(), "the build made no print page"
    with serve(built_site) as base:
        return asyncio.run(print_course(chromium, base + site_prefix() + "print_page/"))


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


def test_the_home_page_links_the_book(built_site: Path) -> None:
    links = [link.url for link in parse_page(built_site / "index.html").links]
    assert "print_page/" in links


@pytest.mark.audit
def test_the_book_holds_every_page_of_the_course_with_its_maths(
    printed: tuple[dict, bytes], built_site: Path
) -> None:
    inspection, _ = printed
    assert inspection, "the print page has no #print-site-page"
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
    assert not inspection["cut"]


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
