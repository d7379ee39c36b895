"""Every number a page states is checked by a test.

pytest runs each page's ``>>>`` examples (``--doctest-glob=*.md``). This test closes the
gap around them: every decimal number in a page's prose, tables and formulas must also
appear in one of that page's doctest examples (its code or its expected output), so no
number on the site is typed by hand without a machine confirming it. Integers (counts such
as 4 people or 1000 epochs) are not policed; decimals are where rounding errors hide.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

# Decimals that are not results, with the reason. Keep this short.
NOT_RESULTS: dict[str, set[str]] = {
    # The main article's unseeded predictions for Emily and Frank, quoted as printed;
    # training.md checks that they lie within the range of our seeded runs.
    "errata.md": {"0.951", "0.039"},
}

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)
DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?![\w.]*\d)")
IGNORED = [
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<!--.*?-->", re.S),  # comments
    re.compile(r"^--8<--.*$", re.M),  # snippet includes
    re.compile(r"`[^`\n]+`"),  # inline code: names, not numbers
]


def split_page(text: str) -> tuple[str, str]:
    """Return (the text of every doctest on the page, the rest of the page)."""
    checked: list[str] = []
    parser = doctest.DocTestParser()
    for block in FENCE.finditer(text):
        for example in parser.get_examples(block.group("body")):
            checked.append(example.source + example.want)
    rest = FENCE.sub("", text)
    for pattern in IGNORED:
        rest = pattern.sub(" ", rest)
    return "\n".join(checked), rest.replace("\u2212", "-")


def test_pages_exist():
    assert PAGES, f"no pages found under {DOCS}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_decimal_on_the_page_is_checked_by_a_doctest_on_it(page):
    checked, prose = split_page(page.read_text(encoding="utf-8"))
    allowed = NOT_RESULTS.get(str(page.relative_to(DOCS)), set())
    unchecked = sorted(
        {
            number
            for number in DECIMAL.findall(prose)
            if number not in allowed and not re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", checked)
        }
    )
    assert not unchecked, (
        f"{page.name} states {unchecked} but no doctest on the page shows them; "
        "add a >>> example that prints each one"
    )


def test_the_checker_catches_an_unchecked_number():
    page = "The output is 0.7216.\n\n```pycon\n>>> print('0.999')\n0.999\n\n```\n"
    checked, prose = split_page(page)
    assert DECIMAL.findall(prose) == ["0.7216"]
    assert "0.7216" not in checked
