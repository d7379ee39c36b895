"""Every number a page's prose states is checked against the computation it describes.

pytest runs each page's examples (the ``pycon`` blocks' ``>>>`` lines, compared exactly
with the output shown). This test holds the prose to them: every number in a page's prose,
tables, figure descriptions and inline maths, whether written in digits ("0.0215", "449",
"1,797", "98.2%") or in words ("sixteen", "eight times"), must appear in **the example it
describes**: the nearest ``pycon`` block before it or the nearest after it (and the
decimals of the nearest display formula before or after it, which tests/test_page_formulas.py
checks against the formula's own chain), or the examples of a section the paragraph names
with ``<!-- numbers from: #anchor -->`` (the anchor of a heading of the same page; several
may be given). A number that appears only somewhere
else on the page is not evidence: a changed figure rarely lands on another figure nearby.
What counts as appearing:

* a number the example **prints** (its expected output), compared as a whole token, so
  ``7`` is not found inside ``0.0417`` and ``0.25`` not inside ``0.2500`` (an integer also
  matches a printed ``7.0``);
* or a number literal in its **code**, or in the code of the ``python`` blocks between
  those two examples (``epochs=20``, ``learning_rate=0.1``): an input the page states and
  the example runs with. Digits inside a string in the code (a format such as ``.4f``) do
  not count.

A **claim about behaviour** must be printed, not merely typed into the code: a ratio ("N
times higher", "N-fold", "twice as"), a number after a hedge ("about 20", "nearly",
"within five", "from epoch 7 or so") or after "epoch"/"step"/"iteration" ("overtakes at
epoch 6"). It must match the expected output of the example, or be a literal in an
*assertion*: an example whose output is only ``True`` values (``bool(100 * acc.min() >
90)`` → ``True`` backs "every run ends above 90%"), since a threshold that is asserted is
checked. A number typed into the code of any other example is an input, never evidence.

A matrix's shape ("3 × 4", "$4 \\times 1$", "3-by-4") is checked as a pair: the example
must show ``(3, 4)``.

Display formulas (``$$ ... $$``) are not read here: their numbers are checked by
tests/test_page_formulas.py, against the formulas' own chains of equalities.

The numbers the pages stated when this rule replaced "any example on the page" and that
their examples did not show were listed, as counts per page, in NOT_YET_CHECKED; it is
empty now, so every number a page states must pass.

Exemptions, each with its reason, are at the top of the code below; keep them narrow.
"""

from __future__ import annotations

import ast
import doctest
import functools
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

# Numbers on one page that are not results of the package, each with its reason.
NOT_RESULTS: dict[str, dict[str, str]] = {
    # "The nine partial derivatives": the count of the 2-2-1 network's parameters (six
    # weights, three biases), which the reader sees listed as w1, ..., w6, b1, b2, b3.
    "backpropagation.md": {"9": "the count of the network's weights and biases, listed"},
    "training.md": {"9": "the count of the network's weights and biases, listed"},
    "errata.md": {
        # The main article's unseeded predictions, quoted as printed; training.md checks
        # that they lie within the range of our seeded runs.
        "0.951": "quoted from the main article",
        "0.039": "quoted from the main article",
        # Historical dates, checked against the reference the page names, not computable.
        "1943": "the year McCulloch and Pitts published (a historical fact)",
        "1944": "the year the course copy wrongly gives (quoted)",
        # What the course copy shows in place of 0, 1, b = 0 and so on: quoted garbles.
        "00": "quoted garble of the course copy",
        "11": "quoted garble of the course copy",
    },
    "index.md": {
        # When the sources were published, as the credits give them (historical facts).
        "2018": "the year James Loy's article appeared",
        "2019": "the year Victor Zhou's article appeared",
        "2022": "the year Victor Zhou's article was updated",
    },
    "checks.md": {
        "250": "the page budget tests/test_page_budget.py asserts (PAGE_LIMIT)",
        "500": "the print page's limit tests/test_page_budget.py asserts",
        "80": "the width tests/test_page_code_width.py asserts (MAX_WIDTH), and the kill "
              "rate tests/test_checker_mutations.py asserts for formulas",
        "90": "the kill rate tests/test_checker_mutations.py asserts for prose numbers",
        "60": "the width of the learner's lines tests/test_page_code_width.py asserts",
        "390": "the phone's width tests/test_phone_width.py opens the pages at",
        "1": "one code block in five: the share tests/test_phone_width.py allows",
        "5": "one code block in five: the share tests/test_phone_width.py allows",
        "4000": "the word limit tests/test_path_length.py asserts",
        "220": "the code-line limit tests/test_path_length.py asserts",
    },
    "beyond/digits.md": {
        "96": "the bound tests/test_digits.py::test_other_seeds_reach_96_percent asserts",
    },
}

# Numbers the pages state that the examples they describe do not show yet, as counts per
# page. When the rule became "the example it describes" (2026-12-07; before, any example
# of the page counted) 68 numbers on 7 pages were listed here; each is now printed by its
# example, recalled from a named section, reworded or exempt above, and the list is empty:
# keep it so. The test fails if a page's unchecked numbers differ from its entry.
NOT_YET_CHECKED: dict[str, dict[str, int]] = {}

# Text that holds digits which are not quantities, removed before numbers are read.
IGNORED = [
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<!--.*?-->", re.S),  # comments
    re.compile(r"\{\s*[#.][^}\n]*\}"),  # attribute lists: { #an-anchor-5 }
    re.compile(r"^--8<--.*$", re.M),  # snippet includes
    re.compile(r"`[^`\n]+`"),  # inline code: names, not numbers
    re.compile(r"\[\[latex:[^\]]*\]\]"),  # SymPy formulas, proven in nnfromscratch.proofs.symbolic
    re.compile(r"^#+ \d+\.", re.M),  # a heading's chapter number
    re.compile(r"^[ \t]*\d+\.[ \t]", re.M),  # the number of an item in an ordered list
    # Cross-references to the course's own chapters ("chapter 4", "Chapters 1 to 7"): they
    # name a chapter, not a quantity (and the links beside them are checked by the build).
    re.compile(r"\b[Cc]hapters?\s+\[?\d+\]?(?:\s+(?:to|and|or)\s+\[?\d+\]?)?"),
    # The numbered sections of a source article that a chapter follows ("section 4,
    # "Training a Neural Network, Part 2"): a place in the source, not a quantity.
    re.compile(r"\bsection \d+\b"),
    # Indices and exponents in formulas (w_1, x^{(i)}, e^{-z}, a square): names and the
    # shape of a formula, not values.
    re.compile(r"[_^](?:\{[^{}]*\}|\\?[A-Za-z]+|-?\d)"),
    re.compile(r"\\[td]?frac(?:\d\d|\{1\})"),  # \tfrac14 and the 1 of \frac{1}{...}
    re.compile(r"\\[A-Za-z]+"),  # LaTeX commands (\log, \odot, \sigma)
    re.compile(r"\\\\\[\d+pt\]"),  # LaTeX line spacing, \\[4pt]
    # The precision a figure is shown to ("to four significant digits", "rounding to two
    # places"): visible in the printed figures themselves.
    re.compile(r"\b\w+\s+(?:significant\s+)?(?:digits|places|decimals)\b"),
]

# A matrix's shape, "3 \times 4", "3 × 4", "3-by-4", "3 by 4": checked as the pair (3, 4).
SHAPE = re.compile(r"(?<![\w.])(\d+)\s*(?:\\times|×|-by-|\s+by\s+)\s*(\d+)(?![\w.])")

# The integers 0, 1 and 2 and the words "one" and "two" are everywhere in definitions ("a
# number between 0 and 1", "female is 1", "two inputs", "a square"); policing them would
# only add examples that print them. They are still checked inside a behaviour claim.
SMALL = {"0", "1", "2", "-1", "-2"}

NUMBER = re.compile(
    r"(?<![\w.,])-?\d{1,3}(?:,\d{3})+(?![\w.,]*\d)"  # 1,797
    r"|(?<![\w.])-?\d+(?:\.\d+)?(?![\w.]*\d)"  # 449, 0.0215, -0.952
)
WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "twice": 2,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
WORD = re.compile(
    rf"\b(?:(?P<tens>{_TENS})-(?P<unit>{_UNITS})|(?P<word>{'|'.join(WORDS)}))\b", re.I
)
# A behaviour claim: a ratio, a hedged figure, or an epoch/step it happens at.
CLAIM_BEFORE = re.compile(
    r"(?:about|around|roughly|nearly|near|almost|within|some|over|under|below|above|"
    r"more than|less than|at least|at most|epoch|step|iteration)\s+(?:about\s+)?$",
    re.I,
)
CLAIM_AFTER = re.compile(r"^(?:\s*(?:times\b|-fold\b|or so\b)|\s+as\s)", re.I)


ASSERTION = re.compile(r"^\(?True(?:, True)*,?\)?$")
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
DISPLAY_MATHS = re.compile(r"^[ \t]*\$\$.*?\$\$[ \t]*$", re.M | re.S)
NAMED = re.compile(r"<!--\s*numbers from:(?P<anchors>[^>]*?)-->")
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.*?)[ \t]*(?:\{#(?P<id>[\w-]+)\})?[ \t]*$",
                     re.M)


@dataclass
class Example:
    """A fenced block of code that the page runs: where it is, what it types and prints."""

    start: int
    end: int
    shows_output: bool  # a pycon block, whose output is compared
    formula: bool = False  # a display formula, whose numbers are checked by its own chain
    printed: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    asserted: list[str] = field(default_factory=list)  # code of examples printing only True


def read_examples(text: str) -> list[Example]:
    """The page's ``pycon`` examples and ``python`` blocks, in page order."""
    found = []
    parser = doctest.DocTestParser()
    for block in FENCE.finditer(text):
        language = (block["info"].split() or [""])[0].lstrip(".").lower()
        body = textwrap.dedent(block["body"])
        if language == "pycon" or (language in ("python", "py")
                                   and body.lstrip().startswith(">>>")):
            example = Example(block.start(), block.end(), shows_output=True)
            for item in parser.get_examples(body):
                example.printed.append(item.want)
                example.code.append(item.source)
                if ASSERTION.match(item.want.strip()):
                    example.asserted.append(item.source)
            found.append(example)
        elif language in ("python", "py"):
            found.append(Example(block.start(), block.end(), shows_output=False, code=[body]))
    # A display formula shows results too, which tests/test_page_formulas.py checks against
    # its own chain of equalities: a decimal in the prose may describe it.
    outside = FENCE.sub(_spaces, text)
    for formula in DISPLAY_MATHS.finditer(outside):
        tex = formula.group()
        for pattern in IGNORED:
            tex = pattern.sub(" ", tex)
        # Its decimals only: its integers are mostly inputs and exponents, not results.
        decimals = " ".join(re.findall(r"(?<![\w.])-?\d+\.\d+(?![\w.])", tex))
        found.append(Example(formula.start(), formula.end(), shows_output=True, formula=True,
                             printed=[decimals]))
    return sorted(found, key=lambda example: example.start)


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` made spaces, newlines kept (positions stay put)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def prose_of(text: str) -> str:
    """The page with its code, display maths, comments and exempt text blanked out."""
    prose = text
    for pattern in (FENCE, DISPLAY_MATHS, *IGNORED):
        prose = pattern.sub(_spaces, prose)
    return prose.replace("\u2212", "-")


def _spaces(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _slug(title: str) -> str:
    from markdown.extensions.toc import slugify  # MkDocs' anchors (the toc extension)

    return slugify(re.sub(r"<[^>]+>|[`*_]", "", title), "-")


def named_sections(text: str, examples: list[Example]) -> list[tuple[int, int, list[Example]]]:
    """(start, end, examples) of each paragraph that names the sections its numbers are from."""
    headings = [(m.start(), len(m["level"]), m["id"] or _slug(m["title"]))
                for m in HEADING.finditer(prose_of_headings(text))]
    found = []
    for comment in NAMED.finditer(text):
        chosen: list[Example] = []
        for anchor in comment["anchors"].split():
            anchor = anchor.lstrip("#")
            matches = [i for i, heading in enumerate(headings) if heading[2] == anchor]
            if not matches:
                raise ValueError(f"<!-- numbers from: #{anchor} -->: no heading of the page "
                                 "has that anchor")
            where, level, _ = headings[matches[0]]
            stop = next((h[0] for h in headings[matches[0] + 1 :] if h[1] <= level), len(text))
            chosen += [e for e in examples if e.shows_output and where <= e.start < stop]
        before = text.rfind("\n\n", 0, comment.start())
        after = text.find("\n\n", comment.end())
        found.append((before + 1, len(text) if after < 0 else after, chosen))
    return found


def prose_of_headings(text: str) -> str:
    """The page with its code blocks blanked (a ``#`` comment in code is no heading)."""
    return FENCE.sub(_spaces, text)


def printed_numbers(printed: str) -> set[str]:
    """Every number token in the examples' expected output."""
    return {match.replace(",", "") for match in NUMBER.findall(printed)}


def code_numbers(code: list[str]) -> set[str]:
    """Every number literal in the examples' code, also inside f-string expressions (but
    not digits that are text, such as the ``.4f`` of a format or a number in a string)."""
    found: set[str] = set()
    for source in code:
        found |= _literals(source)
    return found


@functools.lru_cache(maxsize=4096)
def _literals(source: str) -> frozenset[str]:
    found: set[str] = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:  # pragma: no cover - a doctest example is valid Python
        return frozenset()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            found.add(repr(node.value))
            segment = ast.get_source_segment(source, node)
            if segment and segment[0].isdigit():
                found.add(segment.replace("_", ""))
        if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
                and isinstance(node.operand, ast.Constant)
                and type(node.operand.value) in (int, float)):
            found.add(repr(-node.operand.value))
    return frozenset(found)


def same_number(stated: str, shown: str) -> bool:
    # "0.091% below" states the size of a printed -0.091%: the sign is in the words.
    if stated == shown or shown == "-" + stated:
        return True
    if "." in stated:  # a decimal must be shown with the same digits
        return False
    try:
        return float(shown) == int(stated)
    except ValueError:
        return False


@dataclass
class Stated:
    """A number the prose states."""

    start: int
    end: int
    value: str  # as digits
    claim: bool  # a claim about behaviour
    around: str  # the text around it


def stated_numbers(prose: str) -> list[Stated]:
    """Each number the prose states, in digits or in words, in page order."""
    found: list[Stated] = []
    for match in NUMBER.finditer(prose):
        found.append(Stated(match.start(), match.end(), match.group().replace(",", ""),
                            *_context(prose, match)))
    for match in WORD.finditer(prose):
        if match.group("tens"):
            value = WORDS[match.group("tens").lower()] + WORDS[match.group("unit").lower()]
        else:
            value = WORDS[match.group("word").lower()]
        found.append(Stated(match.start(), match.end(), str(value), *_context(prose, match)))
    return sorted(found, key=lambda stated: stated.start)


def _context(prose: str, match: re.Match[str]) -> tuple[bool, str]:
    before, after = prose[max(0, match.start() - 40) : match.start()], prose[match.end() :]
    claim = bool(CLAIM_BEFORE.search(before) or CLAIM_AFTER.match(after[:20]))
    around = " ".join(prose[max(0, match.start() - 30) : match.end() + 30].split())
    return claim, around


def evidence(examples: list[Example], named, position: int) -> list[Example]:
    """The examples a number at ``position`` describes: the nearest ``pycon`` block before
    and after it, the ``python`` blocks between them, the nearest display formula before
    and after it, and any the paragraph names."""
    shown = [e for e in examples if e.shows_output and not e.formula]
    before = [e for e in shown if e.end <= position]
    after = [e for e in shown if e.start >= position]
    low = before[-1].start if before else 0
    high = after[0].end if after else float("inf")
    chosen = [e for e in examples if low <= e.start and e.end <= high and not e.formula]
    # and the nearest display formula before and after it
    formulas = [e for e in examples if e.formula]
    chosen += [e for e in formulas if e.end <= position][-1:]
    chosen += [e for e in formulas if e.start >= position][:1]
    for start, end, listed in named:
        if start <= position < end:
            chosen += listed
    return chosen


def failing_numbers(text: str, allowed: dict[str, str] | None = None) -> list[tuple[Stated, str]]:
    """Each number the page states that the examples it describes do not confirm, and why."""
    examples = read_examples(text)
    named = named_sections(text, examples)
    allowed = allowed or {}
    failing = []
    prose = prose_of(text)
    shapes = {}  # the start of each side of a shape "3 x 4" -> the shape
    for shape in SHAPE.finditer(text):
        if prose[shape.start(1)].isdigit() and prose[shape.start(2)].isdigit():
            shapes[shape.start(1)] = shapes[shape.start(2)] = (shape[1], shape[2])
    for stated in stated_numbers(prose):
        number, claim = stated.value, stated.claim
        if stated.start in shapes:
            # A matrix's shape is stated as a pair, and must be shown as one: (3, 4).
            near = evidence(examples, named, stated.start)
            pair = re.compile(r"\(\s*{}\s*,\s*{}\s*\)".format(*shapes[stated.start]))
            if not any(pair.search(p) for e in near for p in [*e.printed, *e.code]):
                failing.append((stated, "a shape the example it describes does not show as "
                                f"({', '.join(shapes[stated.start])})"))
            continue
        if number in allowed:
            continue
        if not claim and number in SMALL:
            continue
        near = evidence(examples, named, stated.start)
        shown = printed_numbers("\n".join(p for e in near for p in e.printed))
        if any(same_number(number, item) for item in shown):
            continue
        typed = code_numbers([c for e in near for c in e.code])
        if not claim and any(same_number(number, item) for item in typed):
            continue
        thresholds = code_numbers([c for e in near for c in e.asserted])
        if claim and any(same_number(number, item) for item in thresholds):
            continue
        failing.append((stated, "claim about behaviour, not printed by the example it describes"
                        if claim else "not in the example it describes"))
    return failing


def unchecked_numbers(text: str, allowed: dict[str, str] | None = None) -> list[str]:
    """The numbers a page states that the examples they describe do not confirm."""
    return sorted({f"{stated.value} ({why}): ...{stated.around}..."
                   for stated, why in failing_numbers(text, allowed)})


def test_pages_exist():
    assert PAGES, f"no pages found under {DOCS}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_number_in_the_prose_is_shown_by_the_example_it_describes(page):
    name = str(page.relative_to(DOCS))
    failing = failing_numbers(page.read_text(encoding="utf-8"), NOT_RESULTS.get(name, {}))
    counts = Counter(stated.value for stated, _ in failing)
    listed = Counter(NOT_YET_CHECKED.get(name, {}))
    new = [f"{stated.value} ({why}): ...{stated.around}..." for stated, why in failing
           if counts[stated.value] > listed[stated.value]]
    assert not new, (
        f"{name} states numbers that the examples they describe do not show:\n  "
        + "\n  ".join(sorted(set(new)))
        + "\nprint each one in the nearest >>> example (before or after it), or name the "
        "section whose examples show it (<!-- numbers from: #anchor --> in the paragraph), "
        "or, if it is no result, add an exemption with its reason in NOT_RESULTS"
    )
    fixed = listed - counts
    assert not fixed, f"{name}: now checked, remove from NOT_YET_CHECKED: {dict(fixed)}"


def _page(prose: str, example: str = ">>> print('0.999')\n0.999") -> str:
    return f"{prose}\n\n```pycon\n{example}\n\n```\n"


@pytest.mark.parametrize(
    ("prose", "example", "unchecked"),
    [
        # a decimal nobody prints
        ("The output is 0.7216.", ">>> print('0.999')\n0.999", ["0.7216"]),
        # a digit string inside a longer printed number does not count
        ("The loss is 0.25 here.", ">>> print('0.2500')\n0.2500", ["0.25"]),
        ("After 7 epochs.", ">>> print('0.0417')\n0.0417", ["7"]),
        # number words and thousands separators are numbers too
        ("It is sixteen times higher.", ">>> 2 * 8\n16", []),
        ("It is sixteen times higher.", ">>> print('0.999')\n0.999", ["16"]),
        ("1,797 images.", ">>> 1797\n1797", []),
        ("Sixty-four inputs.", ">>> 8 * 8\n64", []),
        # an input typed in the code confirms an input stated in the prose...
        ("Trained for 20 epochs.", ">>> train(epochs=20)\n'done'", []),
        # ...but never a claim about behaviour: that must be printed
        ("It overtakes at epoch 6.", ">>> overtake(epochs=6)\n'done'", ["6"]),
        ("Eight times higher.", ">>> ratio(8)\n'done'", ["8"]),
        ("Within about five epochs.", ">>> run(5)\n'done'", ["5"]),
        ("Above 97% from epoch 7 or so on.", ">>> print(97, 7)\n97 7", []),
        # a threshold in an assertion backs a claim; the same literal elsewhere does not
        ("Every run ends above 90%.", ">>> bool(100 * acc.min() > 90)\nTrue", []),
        ("More than 5 times higher.", ">>> bool(a > 5 * b), bool(c)\n(True, True)", []),
        ("More than 5 times higher.", ">>> show(a > 5 * b)\n'yes'", ["5"]),
        # digits inside a string in the code are not literals
        ("It has 4 layers.", ">>> f'{0.5:.4f}'\n'0.5000'", ["4"]),
        ("It is 0.2500 here.", ">>> f'{0.25:.4f}'\n'0.2500'", []),
        # exempt: the precision a figure is shown to
        ("Shown to four significant\ndigits.", ">>> 1\n1", []),
        # exempt: chapter numbers, list markers, formula indices, the small integers
        ("Chapter 4 and chapters 1 to 7.\n\n3. a step\n\n$w_1 + x^2$, 0 or 1.", "", []),
    ],
)
def test_the_checker(prose, example, unchecked):
    found = unchecked_numbers(_page(prose, example) if example else prose)
    assert [problem.split(" ", 1)[0] for problem in found] == unchecked, found


FAR = """# A page

The first run gives 0.999.

```pycon
>>> print('0.999')
0.999

```

Some words, then a second run.

```pycon
>>> print('0.7216')
0.7216

```

## Later

A third run.

```pycon
>>> print('0.5')
0.5

```

The second run gave 0.7216.
"""


def test_a_number_is_held_to_the_example_it_describes_not_to_any_on_the_page():
    # 0.7216 is printed on the page, but not by the examples nearest the last sentence.
    assert [p.split(" ", 1)[0] for p in unchecked_numbers(FAR)] == ["0.7216"]
    # A figure changed into another figure of the page is caught (the old loophole).
    assert unchecked_numbers(FAR.replace("gives 0.999", "gives 0.7216"))
    # Naming the section whose examples show it makes it checked against those.
    named = FAR.replace("The second run gave 0.7216.",
                        "The second run gave 0.7216. <!-- numbers from: #a-page -->")
    assert unchecked_numbers(named) == []
    with pytest.raises(ValueError, match="no heading"):
        unchecked_numbers(FAR + "\nIt gave 0.5. <!-- numbers from: #nowhere -->\n")


def test_inputs_count_from_the_python_blocks_between_the_examples_only():
    page = ("Trained for 20 epochs.\n\n```python\nrun(epochs=20)\n```\n\n"
            "```pycon\n>>> print('done')\ndone\n\n```\n\n"
            "```pycon\n>>> print('x')\nx\n\n```\n\nAgain for 20 epochs.\n")
    assert [p.split(" ", 1)[0] for p in unchecked_numbers(page)] == ["20"]


def test_display_formulas_are_left_to_the_formula_checker():
    page = "The sum is\n\n$$\nz = 0 \\cdot 2 + 1 \\cdot 3 + 4 = 7\n$$\n\n```pycon\n>>> 1\n1\n\n```\n"
    assert unchecked_numbers(page) == []
