"""Every line of the course's teaching code is shown on a page, each definition whole.

The chapters include code from the package with pymdownx.snippets, by section
(``--8<-- "nnfromscratch/course/neuron.py:Neuron"`` inside a fenced block, with the section marked
in the source by ``# --8<-- [start:Neuron]`` ... ``# --8<-- [end:Neuron]``). This test
reads every page's includes, maps them to lines of the package, and fails

* when a line of teaching code is on no page (the coverage must be complete), or
* when an included section cuts a function or method in two (a definition is shown whole,
  signature, docstring and body, or not at all), or
* when a page includes a section that does not exist, or
* when the pages, read in the order of the site's navigation, present a teaching module
  out of order (the chapters read each module top to bottom).

Teaching code is every definition of the course's modules (everything but the module
docstring, the imports and ``__all__``), and the passes of the general network.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# Module -> the definitions that are teaching code (None: every definition in it).
TEACHING: dict[str, set[str] | None] = {
    "nnfromscratch/course/activations.py": None,
    "nnfromscratch/course/neuron.py": None,
    "nnfromscratch/course/network.py": None,
    "nnfromscratch/course/losses.py": None,
    "nnfromscratch/course/backprop.py": None,
    "nnfromscratch/course/training.py": None,
    "nnfromscratch/course/two_layer.py": None,
    "nnfromscratch/general/layers.py": None,
    # The general network: its layers (above) and its forward pass, loss and backward pass.
    # The rest of mlp.py is description and construction (shapes, names, copies).
    "nnfromscratch/general/mlp.py": {"MLP.forward", "MLP.loss", "MLP.backward"},
}

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


def shown_lines() -> dict[str, dict[int, set[str]]]:
    """Source path -> line number -> the pages that show that line."""
    shown: dict[str, dict[int, set[str]]] = {}
    for page, path, section in includes():
        if section is None:
            count = len((ROOT / path).read_text().splitlines())
            lines: range = range(1, count + 1)
        else:
            lines = sections(path)[section]
        for number in lines:
            shown.setdefault(path, {}).setdefault(number, set()).add(page)
    return shown


def start_of(node: ast.AST) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def teaching_lines(path: str) -> set[int]:
    """The non-blank lines of the teaching definitions of `path`."""
    source = (ROOT / path).read_text()
    text = source.splitlines()
    tree = ast.parse(source)
    wanted = TEACHING[path]
    nodes: list[ast.AST] = []
    for node in tree.body:
        if wanted is None:
            is_docstring = isinstance(node, ast.Expr) and node is tree.body[0]
            is_all = isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            )
            # The doors' checks (private functions outside every section) guard the
            # teaching code beside it; they are not taught.
            is_door = (isinstance(node, ast.FunctionDef) and node.name.startswith("_")
                       and not any(start_of(node) in r for r in sections(path).values()))
            if not (is_docstring or is_all or is_door
                    or isinstance(node, (ast.Import, ast.ImportFrom))):
                nodes.append(node)
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and f"{node.name}.{member.name}" in wanted:
                    nodes.append(member)
    lines = set()
    for node in nodes:
        for number in range(start_of(node), node.end_lineno + 1):
            if text[number - 1].strip() and not MARKER.match(text[number - 1]):
                lines.add(number)
    if wanted is not None:
        assert len(nodes) == len(wanted), f"{path}: not all of {sorted(wanted)} were found"
    return lines


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


@pytest.mark.parametrize("path", sorted(TEACHING))
def test_every_line_of_teaching_code_is_on_a_page(path):
    shown = shown_lines().get(path, {})
    missing = sorted(teaching_lines(path) - set(shown))
    text = (ROOT / path).read_text().splitlines()
    assert not missing, f"{len(missing)} lines of {path} are on no page, e.g.:\n" + "\n".join(
        f"{number:5}: {text[number - 1]}" for number in missing[:10]
    )


@pytest.mark.parametrize("path", sorted(TEACHING))
def test_the_pages_present_each_teaching_module_in_order(path):
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


def coverage() -> tuple[int, int]:
    """(teaching lines shown on some page, teaching lines), over every teaching module."""
    shown_all, total = 0, 0
    every = shown_lines()
    for path in TEACHING:
        lines = teaching_lines(path)
        total += len(lines)
        shown_all += len(lines & set(every.get(path, {})))
    return shown_all, total


if __name__ == "__main__":
    shown, total = coverage()
    print(f"teaching code on the pages: {shown} of {total} lines ({100 * shown / total:.1f}%)")
    for path in TEACHING:
        pages = sorted({p for ps in shown_lines().get(path, {}).values() for p in ps})
        print(f"  {path}: {', '.join(pages)}")


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
