"""The copy buttons of a chapter give code that pastes into Python unchanged.

docs/hooks/copy_code.py gives every ``pycon`` block the code of its examples as the text
the theme's copy button copies; a ``python`` block (the learner's code) copies as it is.
Here:

* in the built site, every ``pycon`` block has that text, it holds no prompt and no printed
  result, and it is the code of the page's examples, in order, exactly as doctest runs it;
* in headless Chromium, clicking each copy button of two chapters, ``python`` and ``pycon``
  blocks alike, in page order, puts that code on the clipboard, and the clipboard's texts
  of each chapter, pasted one after the other into ``python -c``, run without an error.
"""

from __future__ import annotations

import asyncio
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from course_pages import blocks
from playwright.async_api import async_playwright
from site_html import LAUNCH_ARGS, ROOT, chromium_executable, no_browser_message, serve, site_prefix

DOCS = ROOT / "docs"
PYCON_DIV = re.compile(r'<div class="language-pycon highlight"(?P<attributes>[^>]*)>')
DATA_COPY = re.compile(r'\bdata-copy="(?P<text>[^"]*)"')
PASTED_PAGES = ["neuron", "data-and-loss"]


def copy_texts(page_html: str) -> list[str | None]:
    """The copy text of each pycon block of a built page (None where it has none)."""
    found = []
    for block in PYCON_DIV.finditer(page_html):
        text = DATA_COPY.search(block["attributes"])
        found.append(html.unescape(text["text"]) if text else None)
    return found


def page_sources(markdown: Path) -> list[str]:
    """The code of each pycon block of a page's Markdown, as doctest parses it."""
    return ["".join(block.sources()) for block in blocks(markdown.read_text(encoding="utf-8"))
            if block.language == "pycon"]


def page_code(markdown: Path) -> list[str]:
    """The code of each python and pycon block of a page, in order, as a copy button gives it."""
    return ["".join(block.sources()) for block in blocks(markdown.read_text(encoding="utf-8"))
            if block.language in ("python", "pycon")]


def built_page(site: Path, markdown: Path) -> Path:
    relative = markdown.relative_to(DOCS).with_suffix("")
    folder = site if relative.name == "index" else site / relative
    return folder / "index.html"


PAGES = sorted(page for page in DOCS.rglob("*.md") if "```pycon" in page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("markdown", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_pycon_block_copies_exactly_its_code(built_site: Path, markdown: Path) -> None:
    texts = copy_texts(built_page(built_site, markdown).read_text(encoding="utf-8"))
    assert texts, f"{markdown.name}: no pycon block in the built page"
    assert None not in texts, f"{markdown.name}: a pycon block without copy text"
    assert texts == page_sources(markdown)
    for text in texts:
        assert ">>>" not in text and "\n..." not in text and not text.startswith("...")


def test_the_checker_sees_prompts_and_output() -> None:
    from importlib import util

    spec = util.spec_from_file_location("copy_code", DOCS / "hooks" / "copy_code.py")
    assert spec is not None and spec.loader is not None
    hook = util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    session = ">>> for i in range(2):\n...     print(i)\n0\n1\n>>> x = 3\n>>> x\n3\n"
    assert hook.code_only(session) == "for i in range(2):\n    print(i)\nx = 3\nx\n"


async def clipboard_texts(chromium: str, urls: list[str]) -> list[list[str]]:
    """Click every copy button of each page's python and pycon blocks, in page order (Material
    9.7+: `md-code__button` with `data-md-type="copy"`); what each put on the clipboard."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(permissions=["clipboard-read", "clipboard-write"])
            page = await context.new_page()
            pages = []
            for url in urls:
                await page.goto(url, wait_until="networkidle")
                # Open the collapsed blocks (the exercises' solutions) so every button can be
                # clicked.
                await page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                buttons = page.locator("div.language-python button[data-md-type=copy], "
                                       "div.language-pycon button[data-md-type=copy]")
                copied = []
                for index in range(await buttons.count()):
                    await page.evaluate("navigator.clipboard.writeText('')")
                    await buttons.nth(index).click()
                    copied.append(await page.evaluate("navigator.clipboard.readText()"))
                pages.append(copied)
            return pages
        finally:
            await browser.close()


@pytest.mark.browser
@pytest.mark.slow
def test_the_copied_code_runs_in_python(built_site: Path) -> None:
    chromium = chromium_executable()
    if chromium is None:
        pytest.fail(no_browser_message(), pytrace=False)
    with serve(built_site) as base:
        urls = [f"{base}{site_prefix()}{name}/" for name in PASTED_PAGES]
        clipboards = asyncio.run(clipboard_texts(chromium, urls))
        for name, copied in zip(PASTED_PAGES, clipboards, strict=True):
            expected = page_code(DOCS / f"{name}.md")
            assert [text.rstrip("\n") for text in copied] == [t.rstrip("\n") for t in expected]
            program = "\n".join(copied)
            run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                                 cwd=ROOT, check=False, timeout=120)
            assert run.returncode == 0, f"{name}: the copied code failed:\n{run.stderr}"
