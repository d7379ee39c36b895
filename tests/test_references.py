"""Every reference to a chapter is a link to that chapter, and the chapter exists.

A chapter is a page whose first heading is numbered (``# 4. Backpropagation``). In the
prose of every page (code blocks and inline code aside):

* ``chapter N`` must be the start of a link's text, ``[chapter N](page.md)``, and that page
  must be chapter N; several chapters are written ``chapters [1](neuron.md) to
  [5](training.md)``, each number a link to its chapter;
* ``chapter N`` written as plain text, or naming a number that no chapter has, fails;
* ``the previous chapter`` and ``the next chapter`` must be links to the page before or
  after this one in the site's navigation.

The strict build checks that every link target exists; this test checks that it is the
chapter the words name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_code_on_pages import nav_pages

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

HEADING = re.compile(r"^# (\d+)\. ", re.M)
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]+`")
LINK = r"\[(?P<{name}>[^\]]*)\]\((?P<{target}>[^)\s]+)\)"
# [chapter 4](backpropagation.md) or [Chapter 4 ...](...)
LINKED_ONE = re.compile(
    LINK.format(name="text", target="target").replace(
        "(?P<text>[^\\]]*)", r"(?P<text>[Cc]hapter\s+(?P<number>\d+)\b[^\]]*)"
    )
)
# chapters [1](neuron.md) to [5](training.md)
LINKED_NUMBER = re.compile(r"\[(?P<number>\d+)\]\((?P<target>[^)\s]+)\)")
LINKED_MANY = re.compile(
    r"\b[Cc]hapters\s+\[\d+\]\([^)\s]+\)(?:,?\s+(?:to|and|or)\s+\[\d+\]\([^)\s]+\))+"
)
ANY_MENTION = re.compile(r"\b[Cc]hapters?\s+\[?\d+")
NEIGHBOUR = re.compile(
    r"\[(?:the\s+)?(?P<which>previous|next)\s+chapter\]\((?P<target>[^)\s]+)\)"
    r"|\b(?P<bare>previous|next)\s+chapter\b",
    re.I,
)


def prose(text: str) -> str:
    """The page without its code blocks and inline code, line breaks kept as spaces."""
    text = FENCE.sub(" ", text)
    return INLINE_CODE.sub(" ", text)


def chapters(pages: list[Path]) -> dict[int, Path]:
    """Chapter number -> its page, from the numbered first headings."""
    found: dict[int, Path] = {}
    for page in pages:
        heading = HEADING.search(page.read_text(encoding="utf-8"))
        if heading:
            number = int(heading[1])
            assert number not in found, f"two pages are chapter {number}: {found[number]}, {page}"
            found[number] = page.resolve()
    return found


def target_page(page: Path, target: str) -> Path:
    return (page.parent / target.split("#", 1)[0]).resolve()


def wrong_references(
    page: Path, text: str, numbered: dict[int, Path], order: list[Path]
) -> list[str]:
    """What is wrong with the chapter references of `text`, the content of `page`."""
    problems = []
    body = prose(text)
    checked: list[tuple[int, int]] = []  # spans of mentions that are links

    def check(number: int, target: str, where: str) -> None:
        if number not in numbered:
            problems.append(f"{where}: there is no chapter {number} (chapters: "
                            f"{', '.join(map(str, sorted(numbered)))})")
        elif target_page(page, target) != numbered[number]:
            problems.append(f"{where}: links to {target}, but chapter {number} is "
                            f"{numbered[number].relative_to(DOCS)}")

    for match in LINKED_ONE.finditer(body):
        check(int(match["number"]), match["target"], match[0])
        checked.append(match.span("text"))
    for match in LINKED_MANY.finditer(body):
        for number in LINKED_NUMBER.finditer(match[0]):
            check(int(number["number"]), number["target"], match[0])
        checked.append(match.span())
    for match in ANY_MENTION.finditer(body):
        if not any(start <= match.start() < end for start, end in checked):
            around = " ".join(body[match.start() : match.end() + 30].split())
            problems.append(f"{around}...: a chapter named without a link to it")
    here = order.index(page.resolve()) if page.resolve() in order else None
    for match in NEIGHBOUR.finditer(body):
        if match["bare"]:
            problems.append(f"{match[0]!r} without a link to that chapter")
            continue
        step = -1 if match["which"].lower() == "previous" else 1
        if here is None or not 0 <= here + step < len(order):
            problems.append(f"{match[0]}: this page has no {match['which']} page")
        elif target_page(page, match["target"]) != order[here + step]:
            problems.append(f"{match[0]}: the {match['which']} page in the navigation is "
                            f"{order[here + step].relative_to(DOCS)}")
    return problems


ORDER = [page.resolve() for page in nav_pages()]
NUMBERED = chapters(PAGES)


def test_the_chapters_are_numbered_one_to_n_in_the_navigation_order():
    assert sorted(NUMBERED) == list(range(1, len(NUMBERED) + 1)), sorted(NUMBERED)
    positions = [ORDER.index(NUMBERED[number]) for number in sorted(NUMBERED)]
    assert positions == sorted(positions), "chapter numbers out of the navigation's order"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_chapter_reference_links_to_that_chapter(page):
    problems = wrong_references(page, page.read_text(encoding="utf-8"), NUMBERED, ORDER)
    assert not problems, f"{page.relative_to(DOCS)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("As [chapter 4](backpropagation.md) shows.", None),
        ("As [Chapter 4, the worked example](backpropagation.md#a-worked-example) shows.", None),
        ("Chapters [1](neuron.md) to [5](training.md) follow it.", None),
        ("```pycon\n>>> chapter = 8  # chapter 8 in code is no reference\n```\n", None),
        # a chapter that does not exist, linked or not
        ("Regularisation, which [chapter 8](training.md) uses.", "there is no chapter 8"),
        ("Regularisation, which chapter 8 uses.", "without a link"),
        ("Chapters [1](neuron.md) to [9](training.md).", "there is no chapter 9"),
        # the right number, the wrong page
        ("As [chapter 4](training.md) shows.", "chapter 4 is backpropagation.md"),
        # a plain mention, even of a real chapter
        ("As chapter 4 shows.", "without a link"),
        ("as chapter\n4 shows.", "without a link"),
        # neighbours follow the navigation
        ("The [next chapter](training.md).", None),
        ("The [previous chapter](neuron.md).", "the previous page in the navigation is data-and-loss.md"),
        ("The next chapter.", "without a link"),
    ],
)
def test_the_checker(text, problem):
    page = (DOCS / "backpropagation.md").resolve()
    found = wrong_references(page, text, NUMBERED, ORDER)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found
