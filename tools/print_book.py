"""Print the course as a book: the PDF that the home page links, ``nnfromscratch.pdf``.

    python3 dev.py book                      # builds the site into site/, then prints it
    python tools/print_book.py SITE_DIR      # prints an already built site

mkdocs-print-site-plugin builds ``print_page/``, every page of the course on one page (the
API reference left out, docs/hooks/print_page.py). This opens it in headless Chromium,
laid out for paper (A4, print media), looks at it, and prints it with Chromium's own PDF
printer into ``SITE_DIR/nnfromscratch.pdf``, beside the page, where the home page's link
points. The book is refused, and nothing written, when the print page holds no chapter,
a formula KaTeX did not typeset, a figure that did not load, or anything wider than the
paper (on paper nothing scrolls).

The Pages workflow runs this after its strict build, so the published site carries the
book; tests/test_print_pdf.py runs `publish` on the suite's build and reads the PDF back,
checking every chapter's heading in it. Everything is served from 127.0.0.1: printing
needs no network.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tests") not in sys.path:  # the built-site helpers the browser tests use
    sys.path.insert(0, str(ROOT / "tests"))

from site_html import LAUNCH_ARGS, chromium_executable, serve, site_prefix  # noqa: E402

BOOK = "nnfromscratch.pdf"  # in the site's root folder: docs/index.md links it
PRINT_PAGE = "print_page/index.html"
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch: the width Chromium lays the page out at

# What the print page holds, as laid out for paper: its chapters' headings, anything wider
# than the book's column, the formulas (and how many KaTeX typeset), every image.
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
    images: [...book.querySelectorAll('img')]
      .map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0})),
  };
}
"""


class BookError(Exception):
    """The print page is not fit to print: what is wrong with it."""


async def _print(chromium: str, url: str) -> tuple[dict | None, bytes]:
    from playwright.async_api import async_playwright

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


def print_book(site: Path, chromium: str) -> tuple[dict, bytes]:
    """The print page of the built `site` as laid out for paper, and the PDF printed from it.

    Returns what the page holds (``INSPECT_PRINT``: chapters, cut elements, formulas,
    images) and the PDF's bytes. Raises `BookError` when there is no print page or no
    book in it; the caller judges the rest (`problems`).
    """
    if not (site / PRINT_PAGE).is_file():
        raise BookError(f"{site} has no {PRINT_PAGE}: build the site first (mkdocs build)")
    with serve(site) as base:
        inspection, pdf = asyncio.run(_print(chromium, base + site_prefix() + "print_page/"))
    if not inspection:
        raise BookError(f"{PRINT_PAGE} holds no #print-site-page (the print-site plugin's book)")
    return inspection, pdf


def problems(inspection: dict) -> list[str]:
    """What keeps a book from being published: cut elements, raw maths, missing figures."""
    found = [f"wider than the paper: {what}" for what in inspection["cut"]]
    if inspection["typeset"] != inspection["maths"]:
        found.append(f"only {inspection['typeset']} of {inspection['maths']} formulas typeset")
    found += [f"figure not loaded: {image['src']}" for image in inspection["images"]
              if not image["ok"]]
    if not inspection["chapters"]:
        found.append("no chapters")
    return found


def publish(site: Path, chromium: str, out: Path) -> dict:
    """Print the book of the built `site` into `out`, unless it is not fit for paper.

    Returns the inspection of the print page (see `print_book`); raises `BookError`,
    writing nothing, when `problems` finds anything.
    """
    inspection, pdf = print_book(site, chromium)
    wrong = problems(inspection)
    if wrong:
        raise BookError("the print page is not fit for paper:\n  " + "\n  ".join(wrong))
    out.write_bytes(pdf)
    return inspection


def main(argv: list[str]) -> int:
    """Print the book of the site folder named in `argv` (default ``site``); exit status."""
    if len(argv) > 1 or argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 2
    site = Path(argv[0] if argv else "site")
    chromium = chromium_executable()
    if chromium is None:
        print("print_book: no Chromium, Chrome or Edge found (set CHROMIUM to one)")
        return 1
    try:
        inspection = publish(site, chromium, site / BOOK)
    except BookError as error:
        print(f"print_book: not printed: {error}")
        return 1
    print(f"print_book: wrote {site / BOOK} ({(site / BOOK).stat().st_size / 1e6:.1f} MB): "
          f"{len(inspection['chapters'])} chapters, {inspection['maths']} formulas")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
