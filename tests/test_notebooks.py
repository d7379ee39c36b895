"""Each chapter's notebook and script hold the page's code and print what the page shows.

docs/hooks/notebooks.py writes ``notebooks/NAME.ipynb`` and ``notebooks/NAME.py`` for each
chapter when the site is built. Against the built site (the `built_site` fixture):

* every chapter with examples has both, and its page links to both;
* each notebook's code cells are, in order, exactly the code of the page's examples as
  doctest reads it, and the output the cells record as expected is, in order, exactly
  the page's (so the comparisons below compare with the page, not with the generator);
* the notebooks of the course's chapters run in a Jupyter kernel (nbclient, ipykernel), and
  each cell prints what the page shows under the same code, compared as doctest compares
  (the project's NORMALIZE_WHITESPACE and ELLIPSIS, nothing looser); the cell tagged
  ``raises-exception`` raises the page's error (one kernel runs the notebooks in turn, its
  namespace emptied before each);
* the scripts of the course's chapters, run with ``python`` in a fresh environment into
  which the repository was pip-installed (tests/conftest.py), print the page's output, all
  of it, in order.

The two chapters past the articles are checked for their code and expected output, but not
run here: they train networks for about a minute, which their pages' doctests already do.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# The course's chapters, whose notebooks and scripts are run; then the two past the articles.
RUN = ["neuron", "network", "data-and-loss", "backpropagation", "training", "two-layer"]
CHAPTERS = [*RUN, "beyond/digits", "beyond/activations-and-optimisers"]
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


@pytest.fixture(scope="module")
def executed(built_site: Path) -> dict[str, list]:
    """Every course notebook, run top to bottom, as a reader would run it.

    One kernel runs them all, one after the other, to save starting five more (each start
    costs seconds): before each notebook, ``%reset -f`` empties the kernel's namespace, so a
    notebook that used a name it does not define itself would fail as it would for a reader.
    """
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's future default paths
    from nbclient import NotebookClient

    notebooks = {c: nbformat.read(built(built_site, c, ".ipynb"), as_version=4) for c in RUN}
    client = NotebookClient(notebooks[RUN[0]], timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    runs = {}
    with client.setup_kernel():
        for chapter, notebook in notebooks.items():
            reset = nbformat.v4.new_code_cell("%reset -f")
            notebook.cells.insert(0, reset)  # nbclient records outputs by the cell's index
            client.nb = notebook
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
            runs[chapter] = [c for c in notebook.cells if c.cell_type == "code" and c is not reset]
    return runs


@pytest.mark.slow
@pytest.mark.parametrize("chapter", RUN)
def test_each_notebook_prints_what_the_page_shows(executed: dict[str, list], chapter: str) -> None:
    cells = executed[chapter]
    assert cells
    for cell in cells:
        expected = cell.metadata["nnfromscratch"]["expected"]
        out, err, error = cell_output(cell)
        assert not err, f"{chapter}: a cell wrote to stderr:\n{cell.source}\n{err}"
        if "raises-exception" in cell.metadata.get("tags", []):
            assert error is not None, f"{chapter}: the cell did not raise:\n{cell.source}"
            name, message = expected.rstrip("\n").split(": ", 1)
            # The message as doctest compares it (a long one is wrapped on the page).
            assert name.rsplit(".", 1)[-1] == error[0], (chapter, expected, error)
            assert matches(message + "\n", error[1] + "\n"), (chapter, expected, error)
        else:
            assert error is None, f"{chapter}: the cell raised {error}:\n{cell.source}"
            assert matches(expected, out), (
                f"{chapter}: the cell\n{cell.source}\nprinted\n{out}\nwhere the page shows\n{expected}"
            )


# Runs each script in a fresh namespace, as `python NAME.py` would, and reports its output:
# one interpreter for them all, so NumPy and SymPy are imported once.
RUN_SCRIPTS = """
import contextlib, io, json, runpy, sys
outputs = {}
for path in sys.argv[1:]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        runpy.run_path(path, run_name="__main__")
    outputs[path] = buffer.getvalue()
print(json.dumps(outputs))
"""


@pytest.mark.slow
def test_each_script_prints_what_the_page_shows(
    built_site: Path, installed_python: Path, tmp_path: Path
) -> None:
    # In a fresh environment with the package pip-installed from the repository, as a
    # reader runs a downloaded script (tests/conftest.py, installed_python).
    paths = [str(built(built_site, chapter, ".py")) for chapter in RUN]
    run = subprocess.run([str(installed_python), "-W", "error", "-c", RUN_SCRIPTS, *paths],
                         capture_output=True, text=True, cwd=tmp_path, check=False, timeout=600)
    assert run.returncode == 0, run.stderr
    assert not run.stderr, run.stderr
    outputs = json.loads(run.stdout)
    for chapter, path in zip(RUN, paths, strict=True):
        want = "".join(shown(e) for e in examples(chapter))
        assert matches(want, outputs[path]), f"{chapter}.py printed:\n{outputs[path]}"
