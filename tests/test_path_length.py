"""The path from the home page to the trained 2-2-1 network, measured on the built site.

Issue 23's budget for the path (the home page, then chapters 1-5: the neuron, the network,
the data and the loss, backpropagation, training), as a reader sees it in the built site:

* at most `MAX_WORDS` words of visible text: the prose, the code, and one word per
  formula; what a reader does not see when the page opens is not counted (collapsed
  ``<details>`` blocks: the code so far, the solutions) and neither are the Exercises
  sections (from their ``##`` heading to the next);
* at most `MAX_CODE_LINES` lines of code (the non-blank lines of the ``<pre>`` blocks
  counted above);
* no door in that code: no decorator (``@checked(...)``) and no call into the package's
  argument checks (``nnfromscratch._checks``: ``check.NAME(...)``, ``as_float_array``);
* at most `MAX_MACHINERY` words of verification machinery (doctest, pin, kernel, BLAS,
  seed, door, errata, and their plurals and forms) in that prose.

A word is a run of non-space characters, as ``str.split`` cuts text (so in code ``=``
and ``>>>`` are words too: a reader's eye reads them); measured so, issue 23's figures of
the path before the redesign are found again (code 4,052 words, 870 code lines, 19 door
decorators; prose 4,548 words where the issue counted 4,644, cutting words at tags). Only the page's article counts:
not the theme's header, navigation, table of contents or footer, nor the "edit this page"
button and the headings' permalinks.

The test prints the figures of each page and the totals, on the terminal even when pytest
captures the output, records them as properties of the test (``--junitxml``), and the
run's summary repeats them at the end (tests/conftest.py, also under pytest-xdist).
``python tests/test_path_length.py SITE_DIR`` prints them for any built site.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from course_pages import PATH

MAX_WORDS = 4000
MAX_CODE_LINES = 220
MAX_MACHINERY = 3

WORD = re.compile(r"\S+")
MACHINERY = re.compile(
    r"\b(?:doctests?|pin(?:s|ned|ning)?|kernels?|blas|seed(?:s|ed|ing)?|doors?|errata)\b",
    re.I,
)
# The door in code: a decorator line, or a call into nnfromscratch._checks.
DECORATOR = re.compile(r"^\s*(?:(?:>>>|\.\.\.)\s*)?@(?:checked|finite_result|public_calls_inside)\b")
INTERNAL_CHECK = re.compile(
    r"\bcheck\.\w+\(|\b_checks\b|\b_door\b|(?<![.\w])(?<!def )(?:as_array|as_float_array|as_generator"
    r"|check_positive_number|check_positive_int|check_bool|check_same_length|check_choice)\("
)
# Elements that start a new line of text: the text on either side is two words.
BREAKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "br",
          "tr", "td", "th", "dt", "dd", "figcaption", "blockquote", "table", "details"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
NOT_TEXT = {"script", "style", "svg", "button", "template", "noscript"}


@dataclass
class Figures:
    """What one page (or the whole path) shows a reader."""

    prose_words: int = 0
    code_words: int = 0
    formulas: int = 0
    code_lines: int = 0
    decorators: list[str] = field(default_factory=list)
    internal_checks: list[str] = field(default_factory=list)  # lines calling _checks
    machinery: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return self.prose_words + self.code_words + self.formulas

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, n) + getattr(other, n) for n in
                         ("prose_words", "code_words", "formulas", "code_lines",
                          "decorators", "internal_checks", "machinery")))

    def line(self, name: str) -> str:
        return (f"{name:<16} {self.words:>6} words (prose {self.prose_words}, code "
                f"{self.code_words}, formulas {self.formulas}), {self.code_lines:>4} code "
                f"lines, decorators {len(self.decorators)}, internal checks "
                f"{len(self.internal_checks)}, machinery words {len(self.machinery)}")


class _Article(HTMLParser):
    """The visible text of a page's article, prose and code apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.article = -1  # the depth of the <article>, once inside it
        self.skip = -1  # the depth of the element whose text is not counted, if any
        self.code = -1  # the depth of the <pre> being read, if any
        self.in_exercises = False
        self.prose: list[str] = []
        self.blocks: list[str] = []
        self.formulas = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BREAKS:
            self.prose.append(" ")
        if tag in VOID:
            return
        values = {name: value or "" for name, value in attrs}
        classes = values.get("class", "").split()
        self.stack.append(tag)
        depth = len(self.stack)
        if tag == "article" and "md-content__inner" in classes:
            self.article = depth
        if self.article < 0 or self.skip >= 0:
            return
        if tag == "h2" and self.article == depth - 1:
            self.in_exercises = values.get("id") == "exercises"
        if self.in_exercises:
            return
        if "arithmatex" in classes:
            self.formulas += 1
            self.skip = depth
        elif (tag in NOT_TEXT or (tag == "details" and "open" not in values)
              or "headerlink" in classes or "md-content__button" in classes):
            self.skip = depth
        elif tag == "pre" and self.code < 0:
            self.code = depth
            self.blocks.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <path ... />: no text, no depth

    def handle_endtag(self, tag: str) -> None:
        if tag in BREAKS:
            self.prose.append(" ")
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            depth = len(self.stack)
            closed = self.stack.pop()
            if depth == self.skip:
                self.skip = -1
            if depth == self.code:
                self.code = -1
            if depth == self.article:
                self.article = -1
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.article < 0 or self.skip >= 0 or self.in_exercises:
            return
        if self.code >= 0:
            self.blocks[-1] += data
        else:
            self.prose.append(data)


def measure(html: str) -> Figures:
    """The figures of one built page."""
    article = _Article()
    article.feed(html)
    article.close()
    prose = "".join(article.prose)
    code_lines = [line for block in article.blocks for line in block.splitlines()
                  if line.strip()]
    return Figures(
        prose_words=len(WORD.findall(prose)),
        code_words=sum(len(WORD.findall(block)) for block in article.blocks),
        formulas=article.formulas,
        code_lines=len(code_lines),
        decorators=[line.strip() for line in code_lines if DECORATOR.match(line)],
        internal_checks=[line.strip() for line in code_lines
                         if INTERNAL_CHECK.search(line) and not DECORATOR.match(line)],
        machinery=[m.group(0) for m in MACHINERY.finditer(prose)],
    )


def page_file(site: Path, name: str) -> Path:
    return site / ("index.html" if name == "index" else f"{name}/index.html")


def measure_path(site: Path) -> dict[str, Figures]:
    """Each page of the path, and ``"path"``, the totals."""
    pages = {name: measure(page_file(site, name).read_text(encoding="utf-8")) for name in PATH}
    total = Figures()
    for figures in pages.values():
        total = total + figures
    return {**pages, "path": total}


def report(figures: dict[str, Figures]) -> str:
    lines = ["The path from the home page to the trained 2-2-1 network (issue 23):"]
    lines += [f"  {figures[name].line(name)}" for name in figures]
    total = figures["path"]
    lines.append(f"  limits: {MAX_WORDS} words, {MAX_CODE_LINES} code lines, decorators and "
                 f"internal checks 0, machinery words {MAX_MACHINERY}")
    if total.machinery:
        lines.append(f"  machinery words: {', '.join(total.machinery)}")
    for kind in ("decorators", "internal_checks"):
        if getattr(total, kind):
            lines.append(f"  {kind.replace('_', ' ')}, e.g.: {getattr(total, kind)[:4]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def path_figures(built_site: Path, request: pytest.FixtureRequest) -> dict[str, Figures]:
    figures = measure_path(built_site)
    # On the terminal whatever the capture (-s or not): the figures are the point.
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + report(figures), flush=True)
    return figures


def test_the_path_is_measured_and_within_its_words(path_figures, record_property) -> None:
    total = path_figures["path"]
    for name, figures in path_figures.items():
        record_property(name, json.dumps({**asdict(figures), "words": figures.words}))
    record_property("figures", report(path_figures))  # the run's summary (tests/conftest.py)
    assert all(path_figures[name].prose_words for name in PATH), "a page's prose was not found"
    assert total.words <= MAX_WORDS, report(path_figures)


def test_the_path_is_within_its_code_lines(path_figures) -> None:
    assert path_figures["path"].code_lines <= MAX_CODE_LINES, report(path_figures)


def test_no_door_in_the_path_code(path_figures) -> None:
    total = path_figures["path"]
    assert total.decorators == total.internal_checks == [], report(path_figures)


def test_little_verification_machinery_in_the_path_prose(path_figures) -> None:
    assert len(path_figures["path"].machinery) <= MAX_MACHINERY, report(path_figures)


# The measure on a small page.

PAGE = """<html><body><nav>Skipped navigation words</nav>
<article class="md-content__inner md-typeset">
<a class="md-content__button md-icon" href="#">Edit<svg><path d="M1"/></svg></a>
<h1 id="a">A page<a class="headerlink" href="#a">&para;</a></h1>
<p>One two <code>three</code>, and a formula <span class="arithmatex"><span class="katex">x
+ y</span></span>; the pinned seed.</p>
<div class="arithmatex"><span class="katex-display">a = b</span></div>
<div class="highlight"><pre><span></span><code><span class="nd">@checked</span>(check.real_numbers)
def f(x):

    x = as_float_array(x, "x")
    return 1 / (1 + x)
</code></pre></div>
<details class="note"><summary>The code so far</summary><pre><code>hidden = 1
</code></pre></details>
<details class="tip" open><summary>Open</summary><p>Shown words</p></details>
<h2 id="exercises">Exercises</h2><p>Not counted at all</p><pre><code>x = 1</code></pre>
<h2 id="next">Next<a class="headerlink" href="#next">&para;</a></h2><p>Counted again.</p>
</article><footer>Footer words</footer></body></html>"""


def test_the_measure_counts_what_a_reader_sees() -> None:
    figures = measure(PAGE)
    # "A page", "One two three, and a formula ; the pinned seed.", "Open Shown words",
    # "Next Counted again." (the tags inside a paragraph do not cut its words)
    assert figures.prose_words == 2 + 10 + 3 + 3
    assert figures.formulas == 2
    # "@checked(check.real_numbers)", "def f(x):", "x = as_float_array(x, "x")",
    # "return 1 / (1 + x)"
    assert figures.code_words == 1 + 2 + 4 + 6
    assert figures.code_lines == 4
    assert figures.decorators == ["@checked(check.real_numbers)"]
    assert figures.internal_checks == ['x = as_float_array(x, "x")']
    assert figures.machinery == ["pinned", "seed"]
    assert figures.words == 18 + 2 + 13


if __name__ == "__main__":
    print(report(measure_path(Path(sys.argv[1]))))
