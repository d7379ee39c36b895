"""The proof line: what on this page the tests checked, and at which commit.

Under the title of every course page (the chapters and ``beyond/``) the build adds one
line, generated from the page's own source, never written by hand:

    Checked by the tests: 12 results shown by running the page's code, 9 formulas
    proven by SymPy, 4 hand-typed formulas read and checked by SymPy, at commit 1a2b3c4.

What each count is, and the test that makes it true:

* **results shown by running the page's code**: the ``>>>`` examples of the page's
  ``pycon`` blocks, each run and compared exactly with the output shown (the page runner
  of tests/conftest.py); the prose's numbers are held to them by tests/test_page_numbers.py;
* **formulas proven by SymPy**: the ``[[latex:NAME]]`` markers (docs/hooks/sympy_formulas.py),
  whose identities tests/test_symbolic.py proves;
* **hand-typed formulas read and checked by SymPy**: the page's other display formulas,
  which tests/test_page_formulas.py parses with SymPy's LaTeX parser and whose chains
  ``a = b = c`` it checks. A formula using a notation the page declares unreadable
  (``<!-- formula notation: ... -->``) is counted apart, as not checked.

The commit is the one the tests passed on: the Pages workflow runs every test, then builds
the site with ``NNFS_CHECKED_COMMIT`` set to the commit it tested. Any other build (a
preview, ``mkdocs serve``, a pull request's build) has no such variable, and the line then
says that this copy was *not* checked, since nothing vouches for what a local build shows.
It names no commit: a page's build would then depend on the state of git, and a page
rebuilt alone under ``mkdocs serve --dirty`` could differ from a full build.

The reading of a page (its examples, markers, display formulas and declarations) is in
this file so that the line and tests/test_page_formulas.py count the same things.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

# Set by the Pages workflow, after every test passed, to the commit it tested.
CHECKED_COMMIT = "NNFS_CHECKED_COMMIT"

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
MARKER = re.compile(r"^[ \t]*\[\[latex:[A-Za-z_][A-Za-z0-9_.]*\]\][ \t]*$", re.M)
# A display formula: $$ on a line of its own up to the next such line, or $$...$$ on one line.
DISPLAY = re.compile(
    r"^[ \t]*\$\$[ \t]*\n(?P<body>.*?)\n[ \t]*\$\$[ \t]*$|^[ \t]*\$\$(?P<line>[^\n$]+)\$\$[ \t]*$",
    re.M | re.S,
)
# Declarations for the formula checker, one per HTML comment, anywhere on the page:
#   <!-- formula values: x_1 = -2, x_2 = -1 -->   the values the formulas after it use
#   <!-- formula notation: TEX => TEX -->          what a notation means, as TeX SymPy reads
#   <!-- formula notation: TEX : reason -->        a notation SymPy cannot read (not checked)
#   <!-- formula names: nnfromscratch.proofs.symbolic -->  the names mean what that module defines
DECLARATION = re.compile(r"<!--\s*formula (?P<kind>values|notation|names):(?P<text>.*?)-->", re.S)


@dataclass
class Formula:
    """A display formula typed on the page: its TeX and where it starts."""

    tex: str
    line: int
    start: int  # offset in the page's text


@dataclass
class Declaration:
    kind: str  # "values", "notation" or "names"
    text: str
    line: int
    start: int


@dataclass
class PageFacts:
    examples: int = 0
    markers: int = 0
    formulas: list[Formula] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)  # (offset, level)

    def unread_notations(self) -> list[str]:
        """The TeX of each notation the page declares unreadable (``TEX : reason``)."""
        found = []
        for declaration in self.declarations:
            if declaration.kind == "notation" and "=>" not in declaration.text:
                tex, _, _reason = declaration.text.partition(" : ")
                found.append(tex.strip())
        return found

    def formulas_with_unread_notation(self) -> list[Formula]:
        unread = self.unread_notations()
        return [f for f in self.formulas if any(tex in f.tex for tex in unread)]


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` replaced by spaces (newlines kept: offsets and lines stay)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def read_page(markdown: str) -> PageFacts:
    """Count what the tests check on a page, and collect its display formulas."""
    facts = PageFacts()
    outside = markdown
    for block in FENCE.finditer(markdown):
        info = block["info"].strip().split()
        if info and info[0] == "pycon":
            facts.examples += len(re.findall(r"^[ \t]*>>> ", block["body"], re.M))
        outside = _blank(outside, block.start(), block.end())
    for comment in re.finditer(r"<!--.*?-->", outside, re.S):
        declared = DECLARATION.fullmatch(comment.group())
        if declared:
            facts.declarations.append(Declaration(
                declared["kind"], " ".join(declared["text"].split()),
                outside.count("\n", 0, comment.start()) + 1, comment.start()))
        outside = _blank(outside, comment.start(), comment.end())
    facts.markers = len(MARKER.findall(outside))
    facts.headings = [(m.start(), len(m[1])) for m in re.finditer(r"^(#{1,6})[ \t]", outside, re.M)]
    for formula in DISPLAY.finditer(outside):
        tex = formula["body"] if formula["body"] is not None else formula["line"]
        facts.formulas.append(
            Formula(tex, outside.count("\n", 0, formula.start()) + 1, formula.start()))
    return facts


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def proof_line(facts: PageFacts, checked_commit: str | None,
               checks_page: str = "checks.md") -> str:
    """The line's Markdown, from the page's counts and what vouches for them.

    Short, and styled small (docs/assets/extra.css): the proof stays quiet in a lesson.
    A count of 0 is left out, but the examples are always counted.
    """
    unread = len(facts.formulas_with_unread_notation())
    parsed = len(facts.formulas) - unread
    parts = [_plural(facts.examples, "result of the page's code", "results of the page's code")]
    if facts.markers:
        parts.append(_plural(facts.markers, "formula proven by SymPy", "formulas proven by SymPy"))
    if parsed:
        parts.append(_plural(parsed, "typed formula checked by SymPy",
                             "typed formulas checked by SymPy"))
    if unread:
        parts.append(_plural(unread, "formula SymPy cannot read", "formulas SymPy cannot read"))
    what = ", ".join(parts)
    how = f"[how]({checks_page})"
    if checked_commit:
        return f"Checked by the tests at commit `{checked_commit[:12]}`: {what} ({how})."
    return f"This copy was built without running the tests, which check {what} ({how})."


def is_course_page(src_uri: str) -> bool:
    """The chapters (docs/*.md but the appendices) and the pages of beyond/."""
    appendices = {"index.md", "notation.md", "errata.md", "checks.md", "errors.md"}
    if src_uri.startswith("beyond/"):
        return True
    return "/" not in src_uri and src_uri not in appendices


def insert_after_title(markdown: str, line: str) -> str:
    """Put ``line`` (with a class for its style) right under the page's first heading."""
    block = f'\n<p class="proof-line" markdown>{line}</p>\n'
    title = re.search(r"^# .*$", markdown, re.M)
    if title is None:
        return block + "\n" + markdown
    return markdown[: title.end()] + "\n" + block + markdown[title.end():]


def on_page_markdown(markdown: str, page, config, files) -> str:
    """MkDocs hook: add the proof line under the title of each course page."""
    if not is_course_page(page.file.src_uri):
        return markdown
    checked = os.environ.get(CHECKED_COMMIT, "").strip() or None
    # The page as written: the formulas hook, before this one, replaced its markers.
    facts = read_page(page.file.content_string)
    checks_page = "../" * page.file.src_uri.count("/") + "checks.md"
    return insert_after_title(markdown, proof_line(facts, checked, checks_page))
