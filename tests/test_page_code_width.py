"""Code on the pages is at most 80 characters wide (issue 12).

Read from the built site: the text of every ``<pre>`` block of every page, as the reader
sees it (examples with their prompts and printed output, the functions included from the
package, the two programs, shell commands). A line over `MAX_WIDTH` characters fails the
test, named with its page and line.

The API reference pages (``reference/``) are left out: mkdocstrings renders each
function's source there, and the package is written to ruff's 100 characters a line
(pyproject.toml); only the functions a chapter shows are held to 80, in their included
sections. The print page repeats the chapters, so it is covered by them.

The learner's code on chapters 1-6 (their ``python`` blocks, read from the Markdown by
tests/course_pages.py) is held to `LEARNER_WIDTH`, 60 characters, so that on a phone most
of it fits the column (issue 23; tests/test_phone_width.py measures that in a browser).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from course_pages import CHAPTERS, blocks, page_text

MAX_WIDTH = 80
LEARNER_WIDTH = 60
LEFT_OUT = ("reference/", "print_page/")


class _CodeBlocks(HTMLParser):
    """The text of each ``<pre>`` block of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            if self._depth == 0:
                self.blocks.append("")
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.blocks[-1] += data


def code_blocks(html: str) -> list[str]:
    """The text of every code block in `html`.

    >>> code_blocks('<p>x</p><pre><code><span>a = 1</span>\\nb &lt; 2</code></pre>')
    ['a = 1\\nb < 2']
    """
    parser = _CodeBlocks()
    parser.feed(html)
    return parser.blocks


def long_lines(site: Path) -> list[str]:
    """``page: line N of block M (W characters): text`` for each line over `MAX_WIDTH`."""
    found = []
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        if name.startswith(LEFT_OUT):
            continue
        for number, block in enumerate(code_blocks(page.read_text(encoding="utf-8")), 1):
            for line_number, line in enumerate(block.splitlines(), 1):
                if len(line) > MAX_WIDTH:
                    found.append(f"{name}: line {line_number} of code block {number} "
                                 f"({len(line)} characters): {line}")
    return found


def test_code_on_pages_is_at_most_80_characters_wide(built_site: Path) -> None:
    blocks = [
        block
        for page in built_site.rglob("*.html")
        if not page.relative_to(built_site).as_posix().startswith(LEFT_OUT)
        for block in code_blocks(page.read_text(encoding="utf-8"))
    ]
    assert len(blocks) > 100, "the chapters' code blocks were not found"
    too_long = long_lines(built_site)
    assert not too_long, f"{len(too_long)} lines of code over {MAX_WIDTH} characters:\n" + (
        "\n".join(too_long)
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_learners_code_is_at_most_60_characters_wide(chapter: str) -> None:
    python = [b for b in blocks(page_text(chapter)) if b.language == "python" and not b.includes]
    assert python, f"{chapter}.md has no python block"
    too_long = [f"line {b.line + 1 + n}: {line}" for b in python
                for n, line in enumerate(b.code.splitlines()) if len(line) > LEARNER_WIDTH]
    assert not too_long, (f"{chapter}.md: {len(too_long)} lines of code over {LEARNER_WIDTH} "
                          "characters:\n" + "\n".join(too_long))
