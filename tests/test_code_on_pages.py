"""The code on the pages: the chapters' code is the learner's, the package's is shown whole.

Chapters 1-6 (issue 23) have the learner write the network: plain ```` ```python ````
blocks, the results in ```` ```pycon ```` blocks (tests/course_pages.py reads them). Here:

* each chapter's complete program, ``docs/programs/CHAPTER.py``, is the chapter's
  ``python`` blocks joined in page order (the collapsed "code so far" included, the
  Exercises left out), line for line, blank lines aside;
* every top-level ``def`` and ``class`` in a chapter's ``python`` blocks is graded right
  after it: a ``check("NAME", ...)`` call in the ``pycon`` blocks that follow, before the
  next block that defines something (the "code so far" repeats earlier chapters' code,
  which those chapters graded: it must be their code, verbatim);
* no chapter includes the package's code (``--8<--`` of ``nnfromscratch/``), and its
  code has no decorator, no use of the door (``nnfromscratch._checks``, ``_door``) and no
  package import but the grader's ``check`` and the data helpers.

The pages past the articles still show the package's code, included from the source with
pymdownx.snippets by section (``--8<-- "nnfromscratch/general/mlp.py:forward"`` inside a
fenced block, the section marked in the source by ``# --8<-- [start:forward]`` ...
``# --8<-- [end:forward]``). For them, these fail

* when an included section cuts a function or method in two (a definition is shown whole,
  signature, docstring and body, or not at all), or
* when a page includes a section that does not exist, or
* when the pages, read in the order of the site's navigation, present a module's sections
  out of order (a reader reads each module top to bottom), or
* when the body of a function a page shows checks its arguments (the checks live in the
  decorators, the door, and the lesson stays the maths).

The rules are also tried on small pages written here, right and wrong, so that each can
be seen to fail.
"""

from __future__ import annotations

import ast
import difflib
import itertools
import re
from pathlib import Path

import pytest
from course_pages import (
    CHAPTERS,
    PROGRAMS,
    Block,
    blocks,
    lesson_python,
    normalised,
    page_text,
    program_name,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

INCLUDE = re.compile(r'^\s*--8<-- "(?P<path>[^":]+)(?::(?P<section>[^"]+))?"\s*$', re.M)
MARKER = re.compile(r"^\s*# --8<-- \[(?P<kind>start|end):(?P<name>[^\]]+)\]\s*$")


def sections(path: str) -> dict[str, range]:
    """Each section of a source file: the 1-based line numbers between its markers."""
    starts: dict[str, int] = {}
    found: dict[str, range] = {}
    for number, line in enumerate((ROOT / path).read_text().splitlines(), start=1):
        marker = MARKER.match(line)
        if marker and marker["kind"] == "start":
            starts[marker["name"]] = number
        elif marker:
            found[marker["name"]] = range(starts.pop(marker["name"]) + 1, number)
    assert not starts, f"{path}: sections never ended: {sorted(starts)}"
    return found


def nav_pages() -> list[Path]:
    """The pages in the order of mkdocs.yml's navigation (the order a reader meets them)."""
    config = (ROOT / "mkdocs.yml").read_text()
    nav = config[config.index("\nnav:") :]
    names = re.findall(r"^\s*-\s+(?:[^:\n]+:\s+)?([\w/.-]+\.md)\s*$", nav, re.M)
    pages = [DOCS / name for name in names if (DOCS / name).is_file()]
    assert pages, "no pages found in the nav of mkdocs.yml"
    return pages


def includes() -> list[tuple[str, str, str | None]]:
    """(page, source path, section or None for the whole file) for every include.

    In the order a reader meets them: pages in the navigation's order, then any others.
    """
    found = []
    ordered = nav_pages()
    for page in ordered + sorted(set(DOCS.rglob("*.md")) - set(ordered)):
        for match in INCLUDE.finditer(page.read_text(encoding="utf-8")):
            found.append((str(page.relative_to(DOCS)), match["path"], match["section"]))
    return found


def start_of(node: ast.AST) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def functions(path: str) -> list[tuple[str, range]]:
    """Every function and method of `path` with its lines, decorators included."""
    found = []
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append((node.name, range(start_of(node), node.end_lineno + 1)))
    return found


def test_every_include_names_an_existing_section():
    for page, path, section in includes():
        assert (ROOT / path).is_file(), f"{page} includes a missing file {path}"
        if section is not None:
            assert section in sections(path), f"{page} includes a missing section {path}:{section}"


@pytest.mark.parametrize("path", sorted({path for _, path, s in includes() if s}))
def test_every_section_shows_each_function_whole(path):
    for section, lines in sections(path).items():
        for name, body in functions(path):
            inside = set(body) & set(lines)
            assert not inside or set(body) <= set(lines), (
                f"section {path}:{section} cuts the function {name} (lines {body.start}-"
                f"{body.stop - 1}) in two: show it whole"
            )


@pytest.mark.parametrize("path", sorted({path for _, path, s in includes() if s}))
def test_the_pages_present_each_included_module_in_order(path):
    first_seen: list[tuple[str, str, int]] = []  # (page, section, first line), reading order
    seen = set()
    for page, included, section in includes():
        if included == path and section is not None and section not in seen:
            seen.add(section)
            first_seen.append((page, section, sections(path)[section].start))
    for (page_a, a, line_a), (page_b, b, line_b) in itertools.pairwise(first_seen):
        assert line_a < line_b, (
            f"{page_b} shows {path}:{b} (line {line_b}) after {page_a} showed {a} "
            f"(line {line_a}): put the definitions in the order the chapters explain them"
        )


def check_calls_in_bodies(path: str, lines: range) -> list[str]:
    """Calls into nnfromscratch._checks inside the bodies of the functions in `lines`.

    Decorators (``@checked(check.NAME)``) are the door and do not count; a call such as
    ``check.digits_settings(...)`` or ``as_float_array(x, "x")`` in a body does.
    """
    tree = ast.parse((ROOT / path).read_text())
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    # `from .._checks import as_float_array`, and `from .. import _checks as check`
    imported = {alias.asname or alias.name for node in imports
                if (node.module or "").endswith("_checks") for alias in node.names}
    modules = {alias.asname or alias.name for node in imports
               if not node.module for alias in node.names if alias.name == "_checks"}
    assert imported | modules or "_checks" not in (ROOT / path).read_text(), path
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.lineno not in lines:
            continue
        for statement in node.body:
            for call in ast.walk(statement):
                if not isinstance(call, ast.Call):
                    continue
                function = call.func
                if isinstance(function, ast.Name) and function.id in imported:
                    found.append(f"{path}:{call.lineno}: {function.id}(...)")
                elif (isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name)
                      and function.value.id in modules):
                    found.append(f"{path}:{call.lineno}: {function.value.id}.{function.attr}(...)")
    return found


def test_no_code_on_a_page_checks_its_arguments_in_its_body():
    # Rule 5: input checks live at the public door (@checked), never inside the lesson.
    shown = {(path, section) for _, path, section in includes() if section is not None}
    found = [call for path, section in sorted(shown)
             for call in check_calls_in_bodies(path, sections(path)[section])]
    assert not found, "checks inside code the pages show:\n" + "\n".join(found)


# The learner's code on chapters 1-6 (issue 23).

# The only package imports a chapter's code may make: the grader, and the data helpers.
ALLOWED_IMPORTS = {"nnfromscratch": {"check"}, "nnfromscratch.exercises": {"check"},
                   "nnfromscratch.course.datasets": None}  # None: any name


def program_differences(page: str, program: str) -> list[str]:
    """How a program differs from the page's lesson code (empty when they are the same)."""
    joined = "\n\n".join(block.code for block in lesson_python(blocks(page)))
    ours, theirs = normalised(joined), normalised(program)
    return list(difflib.unified_diff(ours, theirs, "the page's python blocks", "the program",
                                     lineterm="", n=1))


def code_so_far(page_blocks: list[Block]) -> list[Block]:
    """The collapsed python blocks outside the Exercises: earlier chapters' code, repeated."""
    return [b for b in lesson_python(page_blocks) if b.collapsed]


def unchecked_definitions(page_blocks: list[Block]) -> list[str]:
    """Each definition of a python block not graded by a ``check`` call right after it.

    Right after: in a ``pycon`` block that follows, before the next ``python`` block that
    defines something. A definition is graded by a ``check`` call that names it (as the
    exercise name or in the graded expression), or whose graded expression starts from a
    name bound to an instance of it (``network = NeuralNetwork(rng)``, then
    ``check("train", network.train)``).
    """
    repeated = {id(b) for b in code_so_far(page_blocks)}
    problems = []
    for index, block in enumerate(page_blocks):
        if block.language != "python" or id(block) in repeated or block.includes:
            continue
        names = block.definitions()
        if not names:
            continue
        window = []
        for later in page_blocks[index + 1 :]:
            if later.language == "python" and later.definitions():
                break
            window.append(later)
        graded: set[str] = set()
        for name in names:
            known = {name}
            for tree in [*block.trees(), *(t for b in window for t in b.trees())]:
                for node in ast.walk(tree):
                    if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                            and isinstance(node.value.func, ast.Name)
                            and node.value.func.id in known):
                        known |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            for later in window:
                if later.language != "pycon":
                    continue
                for tree in later.trees():
                    for call in ast.walk(tree):
                        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                                and call.func.id == "check" and call.args):
                            continue
                        first = call.args[0]
                        if isinstance(first, ast.Constant) and first.value == name:
                            graded.add(name)
                        for arg in call.args[1:]:
                            mentioned = {n.id for n in ast.walk(arg) if isinstance(n, ast.Name)}
                            mentioned |= {n.attr for n in ast.walk(arg)
                                          if isinstance(n, ast.Attribute)}
                            if mentioned & known:
                                graded.add(name)
        problems += [f"line {block.line}: {name} is not graded by a check(...) call in the "
                     "pycon blocks after it (before the next definition)"
                     for name in names if name not in graded]
    return problems


def definitions_of(page_blocks: list[Block]) -> dict[str, str]:
    """Name -> ``ast.dump`` of each top-level definition of the lesson's python blocks."""
    found = {}
    for block in lesson_python(page_blocks):
        for tree in block.trees():
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    found[node.name] = ast.dump(node)
    return found


def repeated_code_problems(page_blocks: list[Block], earlier: dict[str, str]) -> list[str]:
    """Definitions in the "code so far" that are not an earlier chapter's, verbatim."""
    problems = []
    for block in code_so_far(page_blocks):
        for tree in block.trees():
            for node in tree.body:
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    continue
                if node.name not in earlier:
                    problems.append(f"line {block.line}: {node.name} is in the code so far "
                                    "but no earlier chapter defines it")
                elif earlier[node.name] != ast.dump(node):
                    problems.append(f"line {block.line}: {node.name} in the code so far "
                                    "differs from the earlier chapter's")
    return problems


def package_code_problems(page_blocks: list[Block]) -> list[str]:
    """Package code in a chapter: includes, decorators, the door's checks, package imports."""
    problems = []
    for block in page_blocks:
        where = f"line {block.line}"
        if re.search(r'--8<--\s+"nnfromscratch/', block.code):
            problems.append(f"{where}: includes the package's code ({block.code.strip()})")
            continue
        for internal in ("_checks", "_door"):
            if re.search(rf"\b{internal}\b", block.code):
                problems.append(f"{where}: uses nnfromscratch.{internal}")
        for tree in block.trees():
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    problems += [f"{where}: {node.name} has a decorator "
                                 f"(@{ast.unparse(d)})" for d in node.decorator_list]
                if isinstance(node, ast.Import):
                    problems += [f"{where}: imports {alias.name}" for alias in node.names
                                 if alias.name.split(".")[0] == "nnfromscratch"]
                elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                        "nnfromscratch"):
                    allowed = ALLOWED_IMPORTS.get(node.module, set())
                    problems += [f"{where}: imports {alias.name} from {node.module}"
                                 for alias in node.names
                                 if allowed is not None and alias.name not in allowed]
    return problems


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_program_is_the_chapter_code(chapter):
    program = PROGRAMS / program_name(chapter)
    assert program.is_file(), f"{chapter}.md has no program {program.relative_to(ROOT)}"
    differences = program_differences(page_text(chapter),
                                      program.read_text(encoding="utf-8"))
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_definition_is_graded_right_after_it(chapter):
    page_blocks = blocks(page_text(chapter))
    assert any(b.language == "python" and b.definitions() for b in page_blocks), (
        f"{chapter}.md: the learner defines nothing")
    problems = unchecked_definitions(page_blocks)
    assert not problems, f"{chapter}.md:\n" + "\n".join(problems)


@pytest.mark.parametrize("chapter", CHAPTERS[1:])
def test_the_code_so_far_is_the_earlier_chapters_code(chapter):
    earlier: dict[str, str] = {}
    for before in CHAPTERS[: CHAPTERS.index(chapter)]:
        earlier.update(definitions_of(blocks(page_text(before))))
    page_blocks = blocks(page_text(chapter))
    assert code_so_far(page_blocks), f"{chapter}.md has no collapsed block of the code so far"
    problems = repeated_code_problems(page_blocks, earlier)
    assert not problems, f"{chapter}.md:\n" + "\n".join(problems)


@pytest.mark.parametrize("chapter", ["index", *CHAPTERS])
def test_no_package_code_in_the_chapters(chapter):
    problems = package_code_problems(blocks(page_text(chapter)))
    assert not problems, f"{chapter}.md:\n" + "\n".join(problems)


# The rules tried on small pages: a right one, and one wrong in each way.

RIGHT = '''# 2. A page

??? note "The code so far"

    ```python
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))
    ```

Some prose.

```python
from nnfromscratch.exercises import check


class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias
```

```python
neuron = Neuron(np.array([0, 1]), 4)
```

```pycon
>>> check("feedforward", neuron.feedforward)
feedforward: right on all 4 inputs.
```

## Exercises

### Write relu

??? example "Solution"

    ```python
    def relu(x):
        return np.maximum(0, x)
    ```

    ```pycon
    >>> check("relu", relu)
    relu: right on all 5 inputs.
    ```
'''

RIGHT_PROGRAM = '''import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))
from nnfromscratch.exercises import check


class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

neuron = Neuron(np.array([0, 1]), 4)
'''

EARLIER = definitions_of(blocks('```python\nimport numpy as np\n\n\ndef sigmoid(x):\n'
                                '    return 1 / (1 + np.exp(-x))\n```\n'))


def test_the_page_reader_finds_the_blocks_and_their_context():
    found = blocks(RIGHT)
    assert [(b.language, b.collapsed, b.section, b.container) for b in found] == [
        ("python", True, "", "The code so far"),
        ("python", False, "", None),
        ("python", False, "", None),
        ("pycon", False, "", None),
        ("python", True, "Exercises", "Solution"),
        ("pycon", True, "Exercises", "Solution"),
    ]
    assert found[0].code.startswith("import numpy as np\n\n\ndef sigmoid(x):\n    return")
    assert [b.definitions() for b in found] == [["sigmoid"], ["Neuron"], [], [], ["relu"], []]
    assert found[3].sources() == ['check("feedforward", neuron.feedforward)\n']


def test_the_rules_pass_a_right_page():
    page_blocks = blocks(RIGHT)
    assert program_differences(RIGHT, RIGHT_PROGRAM) == []
    assert unchecked_definitions(page_blocks) == []
    assert repeated_code_problems(page_blocks, EARLIER) == []
    assert package_code_problems(page_blocks) == []


def test_a_program_that_differs_from_the_page_is_found():
    program = RIGHT_PROGRAM.replace("self.bias = bias", "self.bias = 0")
    differences = program_differences(RIGHT, program)
    assert "-        self.bias = bias" in differences
    assert "+        self.bias = 0" in differences
    # The solutions are not part of the program.
    assert program_differences(RIGHT, RIGHT_PROGRAM + "\ndef relu(x):\n    return x\n")


def test_a_definition_graded_late_or_not_at_all_is_found():
    late = RIGHT.replace('```python\nneuron = Neuron', '```python\ndef helper():\n    pass\n'
                         '\n\nneuron = Neuron')
    assert unchecked_definitions(blocks(late)) == [
        f"line {line}: {name} is not graded by a check(...) call in the pycon blocks after it "
        "(before the next definition)" for line, name in [(15, "Neuron"), (25, "helper")]]
    ungraded = RIGHT.replace('>>> check("relu", relu)', ">>> relu(2)")
    assert unchecked_definitions(blocks(ungraded)) == [
        "line 40: relu is not graded by a check(...) call in the pycon blocks after it "
        "(before the next definition)"]


def test_code_so_far_that_is_not_the_earlier_chapters_is_found():
    changed = RIGHT.replace("1 / (1 + np.exp(-x))", "1 / (1 + np.exp(x))", 1)
    assert repeated_code_problems(blocks(changed), EARLIER) == [
        "line 5: sigmoid in the code so far differs from the earlier chapter's"]
    assert repeated_code_problems(blocks(RIGHT), {}) == [
        "line 5: sigmoid is in the code so far but no earlier chapter defines it"]


def test_package_code_in_a_chapter_is_found():
    wrong = RIGHT.replace(
        "from nnfromscratch.exercises import check\n",
        "from nnfromscratch.exercises import check\n"
        "from nnfromscratch.course.neuron import Neuron\n"
        "from nnfromscratch._checks import as_float_array\n",
    ).replace("class Neuron:", "@checked(check.neuron)\nclass Neuron:")
    wrong += '\n```python\n--8<-- "nnfromscratch/course/neuron.py:Neuron"\n```\n'
    assert package_code_problems(blocks(wrong)) == [
        "line 15: uses nnfromscratch._checks",
        "line 15: imports Neuron from nnfromscratch.course.neuron",
        "line 15: imports as_float_array from nnfromscratch._checks",
        "line 15: Neuron has a decorator (@checked(check.neuron))",
        'line 53: includes the package\'s code (--8<-- "nnfromscratch/course/neuron.py:Neuron")',
    ]
