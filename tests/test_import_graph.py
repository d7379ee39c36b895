"""The package's imports: no circle, and nothing imported from a lower layer back up.

Every import statement of every module counts, the ones inside functions too (an import
deferred into a function still ties the two modules together). The layers, from the
ground up:

0. ``_checks`` (the generic validators) and ``_door`` (the decorator): import nothing of
   the package but each other, one way;
1. ``course``: the articles' code;
2. ``general`` and ``proofs``: built on the course;
3. the grader (``exercises``), which holds the learner's code against the course and the
   general networks, and the package itself (``nnfromscratch/__init__.py``), which hands
   names on.

A module may import from its own layer or below, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "nnfromscratch"

def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The package's modules that module `name` imports, anywhere in its code."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from . import x` imports the module x if there is one, else a name of `base`.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                       for alias in node.names]
        for target in targets:
            while target and target not in MODULES:  # a name inside a module: the module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer(name: str) -> int:
    if name in ("nnfromscratch._checks", "nnfromscratch._door"):
        return 0
    if name in ("nnfromscratch", "nnfromscratch.exercises"):
        return 3
    group = name.split(".")[1]
    return {"course": 1, "general": 2, "proofs": 2}[group]


def test_the_graph_sees_imports_inside_functions():
    # A check of the reader itself: fit imports tqdm inside a function, and no module of
    # the package is missed.
    source = (PACKAGE / "general" / "fit.py").read_text(encoding="utf-8")
    assert "    from tqdm import tqdm" in source
    assert "nnfromscratch.general.mlp" in GRAPH["nnfromscratch.general.fit"]
    assert "nnfromscratch._door" in GRAPH["nnfromscratch.course.activations"]
    assert len(MODULES) >= 25


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_circles_are_found_when_there_are_some():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_a_module_that_imports_it_back():
    assert circles(GRAPH) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_runs_from_a_lower_layer_back_up(name):
    upward = {target for target in GRAPH[name] if layer(target) > layer(name)}
    assert not upward, f"{name} (layer {layer(name)}) imports from a higher layer: {sorted(upward)}"


def test_the_generic_checks_stay_small_and_generic():
    lines = len((PACKAGE / "_checks.py").read_text(encoding="utf-8").splitlines())
    assert lines <= 350, lines
    assert GRAPH["nnfromscratch._checks"] == set()
    assert GRAPH["nnfromscratch._door"] <= {"nnfromscratch._checks"}
