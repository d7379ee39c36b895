"""Reading a chapter's Markdown source: its code blocks, where they sit, what they define.

The chapters (docs/neuron.md ... docs/two-layer.md) hold the learner's code in plain
```` ```python ```` blocks and its results in ```` ```pycon ```` blocks of ``>>>`` examples;
a block may sit inside a collapsed ``??? note "The code so far"`` block (indented four
spaces), and the solutions inside ``??? example "Solution"`` blocks under ``## Exercises``.
`blocks` finds every fenced block with that context, for tests/test_code_on_pages.py,
tests/test_programs.py and tests/test_notebooks.py. Standard library only; independent of
docs/hooks/notebooks.py, so that the tests of the notebooks do not read the page the way
the generator does.
"""

from __future__ import annotations

import ast
import doctest
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PROGRAMS = DOCS / "programs"

# Chapters 1-6, in the reader's order, and the path from the home page to the trained
# 2-2-1 network (issue 23).
CHAPTERS = ["neuron", "network", "data-and-loss", "backpropagation", "training", "two-layer"]
PATH = ["index", "neuron", "network", "data-and-loss", "backpropagation", "training"]

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")
# An admonition (!!! always open; ??? collapsed; ???+ collapsible, open) or a tab (===).
OPENER = re.compile(r'^(?P<indent>[ \t]*)(?P<mark>!!!|\?\?\?\+?|===)[ \t]+(?P<rest>.*?)\s*$')
TITLE = re.compile(r'"(?P<title>[^"]*)"')
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<text>.+?)\s*$")


def program_name(chapter: str) -> str:
    """The program of a chapter: ``data-and-loss`` -> ``data_and_loss.py``."""
    return chapter.replace("-", "_") + ".py"


@dataclass
class Block:
    """One fenced code block of a page."""

    language: str  # the first word of the info string: "python", "pycon", "bash", ...
    info: str  # the whole info string (``python title="..."``)
    code: str  # the body, dedented
    line: int  # the 1-based line of the opening fence
    container: str | None  # the title of the innermost ??? / !!! / === around it, if any
    container_line: int | None  # the 1-based line of that container's opener
    collapsed: bool  # inside a ``???`` block (collapsed when the page opens)
    section: str  # the text of the last ``##`` heading above it ("" before any)

    @property
    def in_exercises(self) -> bool:
        return self.section == "Exercises"

    @property
    def includes(self) -> bool:
        """Whether the block includes a file with pymdownx.snippets (``--8<--``)."""
        return "--8<--" in self.code

    def sources(self) -> list[str]:
        """The Python the block runs: the block itself, or each ``>>>`` example's source.

        None for a block that includes a file (its text is the include, not Python).
        """
        if self.includes:
            return []
        if self.language == "pycon":
            return [e.source for e in doctest.DocTestParser().get_examples(self.code)]
        if self.language == "python":
            return [self.code]
        return []

    def trees(self) -> list[ast.Module]:
        return [ast.parse(source) for source in self.sources()]

    def definitions(self) -> list[str]:
        """The names of the top-level ``def`` and ``class`` statements of the block."""
        return [node.name for tree in self.trees() for node in tree.body
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]


def blocks(text: str) -> list[Block]:
    """Every fenced block of a page's Markdown, in page order, with its context."""
    lines = text.splitlines()
    found: list[Block] = []
    # (body indent, title, collapsed, line of the opener)
    containers: list[tuple[int, str | None, bool, int]] = []
    section = ""
    number = 0
    while number < len(lines):
        line = lines[number]
        indent = len(line) - len(line.lstrip(" "))
        if line.strip():
            while containers and indent < containers[-1][0]:
                containers.pop()
        heading = HEADING.match(line)
        if heading and heading["level"] == "##" and not containers:
            section = heading["text"]
        opener = OPENER.match(line)
        if opener:
            title = TITLE.search(opener["rest"])
            containers.append((len(opener["indent"]) + 4, title["title"] if title else None,
                               opener["mark"] == "???", number + 1))
        fence = FENCE_OPEN.match(line)
        if fence:
            close = re.compile(rf"^{re.escape(fence['indent'])}{fence['fence'][0]}"
                               rf"{{{len(fence['fence'])},}}\s*$")
            end = number + 1
            while end < len(lines) and not close.match(lines[end]):
                end += 1
            body = textwrap.dedent("\n".join(lines[number + 1 : end]))
            info = fence["info"].strip()
            language = info.split()[0] if info else ""
            if language == "python" and body.lstrip().startswith(">>>"):
                language = "pycon"  # as the page runner (docs/conftest.py) reads it
            found.append(Block(
                language=language,
                info=info,
                code=body + "\n" if body else "",
                line=number + 1,
                container=containers[-1][1] if containers else None,
                container_line=containers[-1][3] if containers else None,
                collapsed=any(c[2] for c in containers),
                section=section,
            ))
            number = end + 1
            continue
        number += 1
    return found


def page_text(chapter: str) -> str:
    return (DOCS / f"{chapter}.md").read_text(encoding="utf-8")


def lesson_python(page_blocks: list[Block]) -> list[Block]:
    """The blocks the chapter's program is made of: its ``python`` blocks outside the
    Exercises section (the collapsed "code so far" included), in page order."""
    return [b for b in page_blocks
            if b.language == "python" and not b.in_exercises and not b.includes]


def normalised(code: str) -> list[str]:
    """Code as lines, trailing spaces and blank lines dropped (the programs are the page's
    blocks joined with blank lines between them, however many)."""
    return [line.rstrip() for line in code.splitlines() if line.strip()]
