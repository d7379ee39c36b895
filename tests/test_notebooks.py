"""Each chapter's notebook and script hold the page's code and print what the page shows.

docs/hooks/notebooks.py writes ``notebooks/NAME.ipynb`` and ``notebooks/NAME.py`` for each
chapter when the site is built. Against the built site (the `built_site` fixture):

* every chapter with examples has both, and its page links to both;
* each notebook's code cells are, in order, exactly the page's code (tests/course_pages.py
  reads it, not the generator): each ``python`` block, and the ``>>>`` examples as doctest
  reads them; and the output the cells record as expected is, in order, exactly the
  page's (so the comparisons below compare with the page, not with the generator);
* neither holds site syntax (``!!!``, ``???``, ``===``, ``[[widget:...]]``, ``--8<--``);
* each exercise is a cell holding only the ``check(...)`` call(s) of its solution (empty
  when the solution has none), and no solution is in the notebook or the script (a function a solution defines is defined
  nowhere in them, unless the lesson defines it too);
* every chapter's notebook, the course's and the two past the articles, runs in a Jupyter
  kernel (nbclient, ipykernel) whose Python is that of a fresh environment holding the
  package, pip-installed from the repository (tests/conftest.py, `installed_python`), and
  only the dependencies it declares for running (tests/fresh_env.py), with ipykernel,
  which a reader's Jupyter brings, as a reader's ``python3`` kernel would be; each cell prints
  what the page shows under the same code, compared as doctest compares (the project's
  NORMALIZE_WHITESPACE and ELLIPSIS, nothing looser); a ``python`` block's cell prints
  nothing (the page shows no output for it); the cell tagged ``raises-exception`` raises
  the page's error; an exercise's cell, its answer not written, prints a verdict or stops
  on an error for the answer (not for ``check``); and, after each notebook, the kernel reports that the
  ``nnfromscratch`` it imported is the installed copy, not the work tree;
* every chapter's script, run with ``python`` in such an environment without ipykernel
  (the package and its runtime dependencies alone), prints the page's output, all of it,
  in order, from the installed copy of the package.

The generator is also tried on a small page in the chapters' format, without a site.

What it costs: one kernel for the six course notebooks (seconds in all), one for the two
past the articles (they train small networks: some twenty seconds of work), and one Python
for all eight scripts, the three side by side. Within one kernel, ``%reset -f`` empties the
namespace before each notebook, so a notebook that used a name it does not define itself
fails as it would for a reader; the package stays imported, and with it the cache of
training runs in nnfromscratch.general.tuning, so a run that two pages make with the same
arguments and seed is trained once per process (the same numbers, sooner). The scripts
share one interpreter in the same way.
"""

from __future__ import annotations

import ast
import asyncio
import doctest
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from course_pages import Block, blocks
from fresh_env import runtime_environment

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
COURSE = ["neuron", "network", "data-and-loss", "backpropagation", "training", "two-layer"]
BEYOND = ["beyond/digits", "beyond/activations-and-optimisers"]
CHAPTERS = [*COURSE, *BEYOND]
KERNELS = (COURSE, BEYOND)  # the notebooks each kernel runs, one after the other
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def page_blocks(chapter: str) -> list[Block]:
    return blocks((DOCS / f"{chapter}.md").read_text(encoding="utf-8"))


def is_solution(block: Block) -> bool:
    return block.in_exercises and block.collapsed and "solution" in (block.container or "").lower()


def page_code(chapter: str) -> list[Block]:
    """The blocks whose code the notebook runs: python (not an include) and pycon, in page
    order, the solutions left out."""
    return [b for b in page_blocks(chapter) if not is_solution(b) and not b.includes
            and b.language in ("python", "pycon")]


def examples(chapter: str) -> list[doctest.Example]:
    """The page's examples outside the solutions, parsed as doctest parses them."""
    return [e for b in page_code(chapter) if b.language == "pycon"
            for e in doctest.DocTestParser().get_examples(b.code)]


def solution_check_calls(chapter: str) -> list[list[str]]:
    """Each solution's ``check(...)`` statements, in order: the first for each exercise name
    that grades a name (a ``lambda`` shows a wrong answer; so does a second call)."""
    found: dict[int, list[str]] = {}
    for block in page_blocks(chapter):
        if not is_solution(block):
            continue
        calls = found.setdefault(block.container_line, [])
        for source in block.sources():
            for node in ast.parse(source).body:
                call = getattr(node, "value", None)
                if (isinstance(node, ast.Expr) and isinstance(call, ast.Call)
                        and getattr(call.func, "id", None) == "check" and call.args
                        and not any(isinstance(n, ast.Lambda) for n in ast.walk(call))
                        and not any(ast.dump(call.args[0]) == ast.dump(ast.parse(c).body[0]
                                                                       .value.args[0])
                                    for c in calls)):
                    calls.append(ast.unparse(call))
    return list(found.values())


def shown(example: doctest.Example) -> str:
    """What the page shows for an example: its output, or the error it raises."""
    return example.want if example.exc_msg is None else example.exc_msg


def matches(want: str, got: str) -> bool:
    return doctest.OutputChecker().check_output(want, got, FLAGS)


def built(site: Path, chapter: str, suffix: str) -> Path:
    return site / "notebooks" / f"{chapter.replace('/', '-')}{suffix}"


def is_exercise(cell) -> bool:
    return bool(cell.metadata.get("nnfromscratch", {}).get("exercise"))


def code_cells(site: Path, chapter: str) -> list:
    """The notebook's code cells but the exercises'."""
    notebook = nbformat.read(built(site, chapter, ".ipynb"), as_version=4)
    nbformat.validate(notebook)
    return [cell for cell in notebook.cells if cell.cell_type == "code" and not is_exercise(cell)]


def exercise_cells(site: Path, chapter: str) -> list:
    notebook = nbformat.read(built(site, chapter, ".ipynb"), as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code" and is_exercise(cell)]


def test_the_chapters_are_the_pages_with_examples_in_the_course_and_beyond():
    config = (ROOT / "mkdocs.yml").read_text()
    nav = config[config.index("\nnav:") : config.index("  - Appendices:")]
    pages = re.findall(r"^\s+-\s+([\w/.-]+)\.md\s*$", nav, re.M)
    with_examples = [p for p in pages if ">>> " in (DOCS / f"{p}.md").read_text(encoding="utf-8")]
    assert with_examples == CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_links_its_notebook_and_script(built_site: Path, chapter: str) -> None:
    page = (built_site / chapter / "index.html").read_text(encoding="utf-8")
    name = chapter.replace("/", "-")
    up = "../" * (chapter.count("/") + 1)
    for suffix in (".ipynb", ".py"):
        assert built(built_site, chapter, suffix).is_file()
        assert f'href="{up}notebooks/{name}{suffix}"' in page


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_notebook_holds_the_page_code_and_output(built_site: Path, chapter: str) -> None:
    cells = code_cells(built_site, chapter)
    code = "".join(
        block.code.rstrip("\n") + "\n" if block.language == "python"
        else "".join(e.source for e in doctest.DocTestParser().get_examples(block.code))
        for block in page_code(chapter))
    assert "".join(cell.source + "\n" for cell in cells) == code
    expected = [cell.metadata["nnfromscratch"]["expected"] for cell in cells]
    assert "".join(expected) == "".join(shown(e) for e in examples(chapter))


SITE_SYNTAX = re.compile(r"^[ \t]*(?:# )?(?:!!!|\?\?\?\+?|===)[ \t]|\[\[(?:widget|latex):|--8<--",
                         re.M)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_site_syntax_in_a_notebook_or_script(built_site: Path, chapter: str) -> None:
    notebook = nbformat.read(built(built_site, chapter, ".ipynb"), as_version=4)
    script = built(built_site, chapter, ".py").read_text(encoding="utf-8")
    found = [m.group(0) for cell in notebook.cells for m in SITE_SYNTAX.finditer(cell.source)]
    found += [m.group(0) for m in SITE_SYNTAX.finditer(script)]
    assert not found, f"{chapter}: site syntax in the notebook or the script: {found}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercises_are_check_calls_and_no_solution_ships(built_site: Path, chapter: str) -> None:
    wanted = solution_check_calls(chapter)  # an empty cell for a solution without one
    cells = exercise_cells(built_site, chapter)
    assert [[ast.unparse(node.value) for node in ast.parse(cell.source).body
             if isinstance(node, ast.Expr)] for cell in cells] == wanted
    for cell in cells:  # the calls, and at most the grader's import
        assert all(isinstance(node, (ast.Expr, ast.ImportFrom))
                   for node in ast.parse(cell.source).body), cell.source
    lesson = {name for block in page_code(chapter) for name in block.definitions()}
    lesson |= {name for e in examples(chapter) for node in ast.walk(ast.parse(e.source))
               if isinstance(node, (ast.FunctionDef, ast.ClassDef)) for name in [node.name]}
    answers = {node.name for block in page_blocks(chapter) if is_solution(block)
               for source in block.sources() for node in ast.parse(source).body
               if isinstance(node, (ast.FunctionDef, ast.ClassDef))} - lesson
    notebook = nbformat.read(built(built_site, chapter, ".ipynb"), as_version=4)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    script = built(built_site, chapter, ".py").read_text(encoding="utf-8")
    for name in answers:
        definition = re.compile(rf"^\s*(?:def|class) {name}\b", re.M)
        assert not definition.search(code), f"{chapter}: the notebook holds the answer {name}"
        assert not definition.search(script), f"{chapter}: the script holds the answer {name}"


def cell_output(cell) -> tuple[str, str, tuple[str, str] | None]:
    """(stdout and displayed result, stderr, (error name, message) or None) of a run cell."""
    out, err, error = [], [], None
    for output in cell.outputs:
        if output.output_type == "stream":
            (out if output.name == "stdout" else err).append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            out.append(output.data["text/plain"] + "\n")
        elif output.output_type == "error":
            error = (output.ename, output.evalue)
    return "".join(out), "".join(err), error


# Run in the kernel after each notebook: where the package the notebook used came from.
PROBE = "import sys, nnfromscratch\nprint(sys.prefix)\nprint(nnfromscratch.__file__)"

# Runs each script in a fresh namespace, as `python NAME.py` would, and reports its output,
# where the package it used came from, and the error that stopped it if one did: one
# interpreter for them all, so NumPy is imported once.
RUN_SCRIPTS = """
import contextlib, io, json, runpy, sys, traceback
outputs = {}
for path in sys.argv[1:]:
    buffer, error = io.StringIO(), None
    try:
        with contextlib.redirect_stdout(buffer):
            runpy.run_path(path, run_name="__main__")
    except Exception:
        error = traceback.format_exc()
    package = getattr(sys.modules.get("nnfromscratch"), "__file__", None)
    outputs[path] = [buffer.getvalue(), package, error]
print(json.dumps(outputs))
"""


@dataclass
class Runs:
    """What the notebooks and scripts did in the fresh environment."""

    environment: Path  # the scripts' runtime-only environment's folder (its sys.prefix)
    kernel_environment: Path  # the kernels' (the same and ipykernel)
    installed_into: Path  # the environment the package was pip-installed into
    cells: dict[str, list]  # chapter -> its notebook's code cells, run, with their outputs
    kernel_package: dict[str, tuple[str, str]]  # chapter -> (kernel's sys.prefix, package file)
    scripts: subprocess.CompletedProcess  # the one Python that ran every script


def kernel_specs(python: Path, folder: Path) -> Path:
    """A kernels folder whose ``python3`` kernel is ipykernel under ``python``.

    The notebooks name the kernel ``python3``, as Jupyter's own is named; a reader's
    ``python3`` kernel runs the Python of the environment they installed the package into,
    and this one runs the fresh environment's. IPython gets a folder of its own, so no
    profile or startup file of this machine's user runs in it.
    """
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        # -I: isolated, as a reader's kernel is from this machine's PYTHONPATH (which may
        # point at the work tree) and user site-packages
        "argv": [str(python), "-I", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (nnfromscratch installed from the repository)",
        "language": "python",
        "env": {"IPYTHONDIR": str(folder / "ipython")},
    }))
    return folder / "kernels"


async def run_in_one_kernel(notebooks: dict, kernels: Path, cwd: Path) -> dict:
    """Run the notebooks in turn in one kernel; chapter -> (code cells, probe cell)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    first = next(iter(notebooks.values()))
    manager = AsyncKernelManager(
        kernel_name=first.metadata["kernelspec"]["name"],
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
    )
    # allow_errors: a cell that fails fails its chapter's test, not the others'
    client = NotebookClient(first, km=manager, timeout=300, allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}})
    runs = {}
    async with client.async_setup_kernel(cleanup_kc=True):  # shut down at the end
        for chapter, notebook in notebooks.items():
            reset = nbformat.v4.new_code_cell("%reset -f")
            probe = nbformat.v4.new_code_cell(PROBE)
            notebook.cells = [reset, *notebook.cells, probe]  # outputs go by the cell's index
            client.nb = notebook
            for index, cell in enumerate(notebook.cells):
                await client.async_execute_cell(cell, index)
            code = [cell for cell in notebook.cells[1:-1] if cell.cell_type == "code"]
            runs[chapter] = (code, probe)
    return runs


async def run_everything(site: Path, python: Path, kernel_python: Path,
                         work: Path) -> tuple[list[dict], tuple]:
    """The kernels of KERNELS (under `kernel_python`) and the scripts' Python, side by side."""
    kernels = kernel_specs(kernel_python, work)
    groups = []
    for number, chapters in enumerate(KERNELS):
        notebooks = {c: nbformat.read(built(site, c, ".ipynb"), as_version=4) for c in chapters}
        cwd = work / f"kernel-{number}"
        cwd.mkdir()
        groups.append(run_in_one_kernel(notebooks, kernels, cwd))
    scripts_cwd = work / "scripts"
    scripts_cwd.mkdir()
    paths = [str(built(site, chapter, ".py")) for chapter in CHAPTERS]
    process = await asyncio.create_subprocess_exec(
        str(python), "-I", "-W", "error", "-c", RUN_SCRIPTS, *paths, cwd=scripts_cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        *notebook_runs, (out, err) = await asyncio.gather(
            *groups, asyncio.wait_for(process.communicate(), timeout=600)
        )
    finally:
        if process.returncode is None:  # a kernel failed first: stop the scripts too
            process.kill()
            await process.wait()
    return notebook_runs, (process.returncode, out.decode(), err.decode())


@pytest.fixture(scope="module")
def runs(
    built_site: Path, installed_python: Path, tmp_path_factory: pytest.TempPathFactory
) -> Runs:
    """Every chapter's notebook and script, run with the package as tests/conftest.py
    installs it and its declared runtime dependencies only (tests/fresh_env.py).

    (In a whole run under pytest-xdist, tests/conftest.py gives a test the group of the
    first, alphabetically, of its shared fixtures: here `installed_python`, as for
    tests/test_install.py, so the fresh environment is made once per run.)
    """
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's future default paths
    work = tmp_path_factory.mktemp("notebook-runs")
    # The scripts' environment: the package and its runtime dependencies. The kernels':
    # the same and ipykernel, as a reader's Jupyter brings it.
    python = runtime_environment(installed_python, work / "runtime")
    kernel_python = runtime_environment(installed_python, work / "kernel", also=("ipykernel",))
    notebook_runs, (code, out, err) = asyncio.run(
        run_everything(built_site, python, kernel_python, work))
    cells, kernel_package = {}, {}
    for group in notebook_runs:
        for chapter, (code_cells_run, probe) in group.items():
            cells[chapter] = code_cells_run
            printed, errors, error = cell_output(probe)
            assert not errors and error is None, (errors, error)
            prefix, package = printed.splitlines()
            kernel_package[chapter] = (prefix, package)
    scripts = subprocess.CompletedProcess(RUN_SCRIPTS, code, out, err)
    return Runs(python.parent.parent, kernel_python.parent.parent,
                installed_python.parent.parent, cells, kernel_package, scripts)


def test_the_scripts_environment_holds_the_runtime_dependencies_only(runs: Runs) -> None:
    # What a reader has after `pip install nnfromscratch`: NumPy and tqdm; not SymPy (an
    # extra, [proofs]), nor scikit-learn, pytest or IPython, which this machine has.
    python = runs.environment / "bin" / "python"
    found = subprocess.run(
        [str(python), "-I", "-c", "import importlib.util, json, sys; print(json.dumps("
         "{m: importlib.util.find_spec(m) is not None for m in sys.argv[1:]}))",
         "nnfromscratch", "numpy", "tqdm", "sympy", "sklearn", "pytest", "IPython"],
        capture_output=True, text=True, check=True)
    assert json.loads(found.stdout) == {"nnfromscratch": True, "numpy": True, "tqdm": True,
                                        "sympy": False, "sklearn": False, "pytest": False,
                                        "IPython": False}


def installed(environment: Path, path: str) -> bool:
    return Path(path).resolve().is_relative_to(environment.resolve())


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_notebook_prints_what_the_page_shows(runs: Runs, chapter: str) -> None:
    prefix, package = runs.kernel_package[chapter]
    assert Path(prefix).resolve() == runs.kernel_environment.resolve(), prefix
    assert installed(runs.installed_into, package), f"{chapter}: the kernel used {package}"
    assert not Path(package).resolve().is_relative_to(ROOT)
    cells = runs.cells[chapter]
    assert cells
    for cell in cells:
        out, err, error = cell_output(cell)
        assert not err, f"{chapter}: a cell wrote to stderr:\n{cell.source}\n{err}"
        if is_exercise(cell):  # no answer written: an error for the answer, or a verdict,
            # never for the grader itself (a `check` never imported) or the call's syntax
            assert error is None or (error[0] != "SyntaxError"
                                     and "name 'check' is not defined" not in error[1]), (
                f"{chapter}: the exercise cell\n{cell.source}\nraised {error}")
            continue
        expected = cell.metadata["nnfromscratch"]["expected"]
        if "raises-exception" in cell.metadata.get("tags", []):
            assert error is not None, f"{chapter}: the cell did not raise:\n{cell.source}"
            name, message = expected.split(": ", 1)
            # Jupyter names the error's class without its module, which doctest includes
            assert name.rsplit(".", 1)[-1] == error[0]
            assert matches(message, error[1] + "\n"), (
                f"{chapter}: the cell raised\n{error[1]}\nwhere the page shows\n{message}"
            )
        else:
            assert error is None, f"{chapter}: the cell raised {error}:\n{cell.source}"
            assert matches(expected, out), (
                f"{chapter}: the cell\n{cell.source}\nprinted\n{out}\nwhere the page shows\n{expected}"
            )


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_script_prints_what_the_page_shows(built_site: Path, runs: Runs, chapter: str) -> None:
    # In the fresh environment with the package pip-installed from the repository and its
    # runtime dependencies only, as a reader runs a downloaded script.
    run = runs.scripts
    assert run.returncode == 0, run.stderr
    assert not run.stderr, run.stderr
    printed, package, error = json.loads(run.stdout)[str(built(built_site, chapter, ".py"))]
    assert error is None, f"{chapter}.py stopped:\n{error}"
    assert installed(runs.installed_into, package), f"{chapter}.py used {package}"
    want = "".join(shown(e) for e in examples(chapter))
    assert matches(want, printed), f"{chapter}.py printed:\n{printed}"


# The generator on a small page in the new format, without a site.

PAGE = '''# 2. A page

??? note "The code so far"

    ```python
    import numpy as np
    from nnfromscratch.exercises import check


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))
    ```

!!! tip
    A tip, with a tab inside:

    === "First"

        The first tab.

[[widget:neuron]]

```pycon
>>> print(f"{sigmoid(0):.1f}")
0.5
```

```python
def say(x):
    print(x)
```

```pycon
>>> say(1)
1
>>> sigmoid(0)
0.5
```

## Exercises

1. Write `relu(x)`.

    ??? example "Solution"

        ```python
        def relu(x):
            return np.maximum(0, x)
        ```

        ```pycon
        >>> check("relu", relu)
        relu: right on all 5 inputs.
        >>> check("relu", abs)
        relu: wrong.
        ```

2. What is $\\sigma(0)$?

    ??? example "Solution"
        One half.
'''


def test_the_generator_leaves_no_site_syntax_and_no_solution() -> None:
    from types import SimpleNamespace

    from site_html import load_hook

    config = SimpleNamespace(site_url="https://example.org/site/", repo_url="https://x.org/r",
                             config_file_path=str(ROOT / "mkdocs.yml"))
    text, script = load_hook("notebooks").notebook_and_script(PAGE, "network.md", config)
    notebook = nbformat.reads(text, as_version=4)
    cells = [(cell.cell_type, cell.source) for cell in notebook.cells[1:]]
    assert cells == [
        ("markdown", "**The code so far**"),
        ("code", "import numpy as np\nfrom nnfromscratch.exercises import check\n\n\n"
                 "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))"),
        ("markdown", "**Tip**\n\nA tip, with a tab inside:\n\n**First**\n\nThe first tab.\n\n"
                     "*[The page](https://example.org/site/network/) has an interactive "
                     "figure here.*"),
        ("code", 'print(f"{sigmoid(0):.1f}")'),
        ("code", "def say(x):\n    print(x)"),
        ("code", "say(1)"),
        ("code", "sigmoid(0)"),
        ("markdown", "## Exercises\n\n1. Write `relu(x)`."),
        ("code", 'check("relu", relu)'),
        ("markdown", "2. What is $\\sigma(0)$?"),
        ("code", ""),
    ]
    assert notebook.cells[-3].metadata["tags"] == ["raises-exception"]
    assert "tags" not in notebook.cells[-1].metadata
    assert notebook.cells[4].metadata["nnfromscratch"]["expected"] == "0.5\n"
    assert not SITE_SYNTAX.search(text) and not SITE_SYNTAX.search(script)
    assert "def relu" not in text and "def relu" not in script and "One half" not in script
    assert '\n# check("relu", relu)\n' in script
    assert script.endswith("# %%\n# Exercise: your working here.\n")
    assert 'print(f"{sigmoid(0):.1f}")' in script
    # the prompt echoes a value, and nothing for a call that returns nothing
    assert "\n# %%\nsay(1)\n" in script and "\n# %%\nprint(repr(sigmoid(0)))\n" in script
