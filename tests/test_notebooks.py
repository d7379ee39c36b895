"""Each chapter's notebook and script hold the page's code and print what the page shows.

docs/hooks/notebooks.py writes ``notebooks/NAME.ipynb`` and ``notebooks/NAME.py`` for each
chapter when the site is built. Against the built site (the `built_site` fixture):

* every chapter with examples has both, and its page links to both;
* each notebook's code cells are, in order, exactly the code of the page's examples as
  doctest reads it, and the output the cells record as expected is, in order, exactly
  the page's (so the comparisons below compare with the page, not with the generator);
* every chapter's notebook, the course's and the two past the articles, runs in a Jupyter
  kernel (nbclient, ipykernel) whose Python is that of a fresh environment into which the
  repository was pip-installed (tests/conftest.py, `installed_python`), as a reader's
  ``python3`` kernel would be; each cell prints what the page shows under the same code,
  compared as doctest compares (the project's NORMALIZE_WHITESPACE and ELLIPSIS, nothing
  looser); the cell tagged ``raises-exception`` raises the page's error; and, after each
  notebook, the kernel reports that the ``nnfromscratch`` it imported is the installed
  copy, not the work tree;
* every chapter's script, run with ``python`` in that same environment, prints the page's
  output, all of it, in order, from the installed copy of the package.

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

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
COURSE = ["neuron", "network", "data-and-loss", "backpropagation", "training", "two-layer"]
BEYOND = ["beyond/digits", "beyond/activations-and-optimisers"]
CHAPTERS = [*COURSE, *BEYOND]
KERNELS = (COURSE, BEYOND)  # the notebooks each kernel runs, one after the other
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def examples(chapter: str) -> list[doctest.Example]:
    """The page's examples, parsed as pytest's doctest of the page parses them."""
    text = (DOCS / f"{chapter}.md").read_text(encoding="utf-8")
    return doctest.DocTestParser().get_examples(text)


def shown(example: doctest.Example) -> str:
    """What the page shows for an example: its output, or the error it raises."""
    return example.want if example.exc_msg is None else example.exc_msg


def matches(want: str, got: str) -> bool:
    return doctest.OutputChecker().check_output(want, got, FLAGS)


def built(site: Path, chapter: str, suffix: str) -> Path:
    return site / "notebooks" / f"{chapter.replace('/', '-')}{suffix}"


def code_cells(site: Path, chapter: str) -> list:
    notebook = nbformat.read(built(site, chapter, ".ipynb"), as_version=4)
    nbformat.validate(notebook)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


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
    page = examples(chapter)
    assert "".join(cell.source + "\n" for cell in cells) == "".join(e.source for e in page)
    expected = [cell.metadata["nnfromscratch"]["expected"] for cell in cells]
    assert "".join(expected) == "".join(shown(e) for e in page)


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

# Runs each script in a fresh namespace, as `python NAME.py` would, and reports its output
# and where the package it used came from: one interpreter for them all, so NumPy and SymPy
# are imported once.
RUN_SCRIPTS = """
import contextlib, io, json, runpy, sys
outputs = {}
for path in sys.argv[1:]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        runpy.run_path(path, run_name="__main__")
    outputs[path] = [buffer.getvalue(), sys.modules["nnfromscratch"].__file__]
print(json.dumps(outputs))
"""


@dataclass
class Runs:
    """What the notebooks and scripts did in the fresh environment."""

    environment: Path  # the fresh environment's folder (its sys.prefix)
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
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
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
    client = NotebookClient(first, km=manager, timeout=300,
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


async def run_everything(site: Path, python: Path, work: Path) -> tuple[list[dict], tuple]:
    """The kernels of KERNELS and the scripts' Python, side by side."""
    kernels = kernel_specs(python, work)
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
        str(python), "-W", "error", "-c", RUN_SCRIPTS, *paths, cwd=scripts_cwd,
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
    """Every chapter's notebook and script, run in the fresh environment of tests/conftest.py.

    (In a whole run under pytest-xdist, tests/conftest.py gives a test the group of the
    first, alphabetically, of its shared fixtures: here `installed_python`, as for
    tests/test_install.py, so the fresh environment is made once per run.)
    """
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's future default paths
    work = tmp_path_factory.mktemp("notebook-runs")
    notebook_runs, (code, out, err) = asyncio.run(
        run_everything(built_site, installed_python, work)
    )
    cells, kernel_package = {}, {}
    for group in notebook_runs:
        for chapter, (code_cells_run, probe) in group.items():
            cells[chapter] = code_cells_run
            printed, errors, error = cell_output(probe)
            assert not errors and error is None, (errors, error)
            prefix, package = printed.splitlines()
            kernel_package[chapter] = (prefix, package)
    scripts = subprocess.CompletedProcess(RUN_SCRIPTS, code, out, err)
    return Runs(installed_python.parent.parent, cells, kernel_package, scripts)


def installed(environment: Path, path: str) -> bool:
    return Path(path).resolve().is_relative_to(environment.resolve())


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_notebook_prints_what_the_page_shows(runs: Runs, chapter: str) -> None:
    prefix, package = runs.kernel_package[chapter]
    assert Path(prefix).resolve() == runs.environment.resolve(), prefix
    assert installed(runs.environment, package), f"{chapter}: the kernel used {package}"
    assert not Path(package).resolve().is_relative_to(ROOT)
    cells = runs.cells[chapter]
    assert cells
    for cell in cells:
        expected = cell.metadata["nnfromscratch"]["expected"]
        out, err, error = cell_output(cell)
        assert not err, f"{chapter}: a cell wrote to stderr:\n{cell.source}\n{err}"
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
def test_each_script_prints_what_the_page_shows(built_site: Path, runs: Runs) -> None:
    # In the fresh environment with the package pip-installed from the repository, as a
    # reader runs a downloaded script (tests/conftest.py, installed_python).
    run = runs.scripts
    assert run.returncode == 0, run.stderr
    assert not run.stderr, run.stderr
    outputs = json.loads(run.stdout)
    for chapter in CHAPTERS:
        printed, package = outputs[str(built(built_site, chapter, ".py"))]
        assert installed(runs.environment, package), f"{chapter}.py used {package}"
        want = "".join(shown(e) for e in examples(chapter))
        assert matches(want, printed), f"{chapter}.py printed:\n{printed}"
