"""Each chapter as a Jupyter notebook and a Python script, generated from the page.

For every chapter with ``>>>`` examples (the pages of the "Course" and "Beyond the
articles" sections), the build writes ``notebooks/NAME.ipynb`` and ``notebooks/NAME.py``
(``NAME`` is the page's path, ``beyond/digits.md`` giving ``beyond-digits``) and puts links
to both under the page's title. Nothing is kept by hand: both are made from the page's own
Markdown every time the site is built.

* The **notebook** holds the page: its prose as Markdown cells (formulas, which Jupyter
  typesets; figures by their descriptions, with a link to the page) and its examples as
  code cells, without prompts. An example that prints something ends a cell, so each cell
  shows what the page shows below the same code; the page's output is kept in the cell's
  metadata (``nnfromscratch.expected``) for tests/test_notebooks.py, which runs every
  notebook and compares. An example that the page shows raising an error is a cell of its
  own, tagged ``raises-exception`` so that the notebook runs on past it. Code that the
  page includes from the package is shown in Markdown, for reading; the examples import it.
* The **script** is the notebook written by jupytext (``py:percent``: ``# %%`` cells that
  editors run one by one, the prose as comments), with one change: a result that Python's
  prompt would echo is printed, ``print(repr(...))``, and the expected error is caught and
  printed, so ``python NAME.py`` prints what the page shows.

This hook runs after docs/hooks/sympy_formulas.py, so the proved formulas are already
written out as ``$$ ... $$`` when it reads the page.
"""

from __future__ import annotations

import ast
import doctest
import posixpath
import re
import textwrap
from pathlib import Path

import jupytext
import nbformat
from mkdocs.structure.files import File

FOLDER = "notebooks"
SECTIONS = ("Course", "Beyond the articles")  # the nav sections whose pages get notebooks
INSTALL = 'pip install "nnfromscratch @ git+{repo}"'

_files: dict[str, tuple[File, File]] = {}  # page src_uri -> (notebook, script)

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,})(?P<info>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*\n?",
    re.M | re.S,
)
ADMONITION = re.compile(
    r'^!!! \w+(?: "(?P<title>[^"]*)")?[ \t]*\n(?P<body>(?:(?:    .*)?\n)*)', re.M
)
SNIPPET = re.compile(r'^\s*--8<-- "(?P<path>[^":]+)(?::(?P<section>[^"]+))?"\s*$', re.M)
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")
REF_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\[[\w.]*\]")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)(?:\{[^}]*\})?")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def chapter_pages(nav: list) -> list[str]:
    """The src paths of the pages in the nav sections named in SECTIONS."""
    found = []
    for entry in nav:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if title in SECTIONS and isinstance(value, list):
                    found += [item for item in value if isinstance(item, str)]
    return found


def stem(src_uri: str) -> str:
    return src_uri.removesuffix(".md").replace("/", "-")


def snippet(root: Path, path: str, section: str | None) -> str:
    """The text pymdownx.snippets includes for ``--8<-- "path:section"`` (dedented)."""
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    if section is None:
        return "\n".join(lines)
    start = lines.index(next(x for x in lines if x.strip() == f"# --8<-- [start:{section}]"))
    end = lines.index(next(x for x in lines if x.strip() == f"# --8<-- [end:{section}]"))
    return textwrap.dedent("\n".join(lines[start + 1 : end]))


def page_url(site_url: str, src_uri: str, target: str) -> str:
    """The published address of a link ``target`` written on the page ``src_uri``."""
    if re.match(r"^[a-z]+:", target):
        return target
    path, _, anchor = target.partition("#")
    if not path:
        path = posixpath.basename(src_uri)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if path.endswith(".md"):
        path = path.removesuffix(".md")
        path = "" if path == "index" else path.removesuffix("/index") + "/"
    return site_url.rstrip("/") + "/" + path + (f"#{anchor}" if anchor else "")


def prose(markdown: str, src_uri: str, site_url: str) -> str:
    """Page Markdown as Jupyter reads it: plain links, figures as words."""
    page = page_url(site_url, src_uri, "")
    markdown = IMAGE.sub(lambda m: f"*Figure: {m['alt']}* ([on the page]({page}))", markdown)
    markdown = REF_LINK.sub(lambda m: m["text"], markdown)
    def absolute(match: re.Match[str]) -> str:
        return f"[{match['text']}]({page_url(site_url, src_uri, match['target'])})"
    return LINK.sub(absolute, markdown)


def flatten_admonitions(markdown: str) -> str:
    """``!!! note "Title"`` + an indented body -> a bold title and the body, unindented."""
    def flat(match: re.Match[str]) -> str:
        title = f"**{match['title']}**\n\n" if match["title"] else ""
        return title + textwrap.dedent(match["body"]) + "\n"
    return ADMONITION.sub(flat, markdown)


def cells_of(markdown: str, src_uri: str, site_url: str, root: Path) -> list:
    """The notebook cells of a page (Markdown with the proved formulas already expanded)."""
    cells = []
    text = flatten_admonitions(FRONT_MATTER.sub("", markdown))
    position = 0

    def add_markdown(chunk: str) -> None:
        chunk = prose(chunk, src_uri, site_url).strip()
        if chunk:
            cells.append(nbformat.v4.new_markdown_cell(chunk))

    for fence in FENCE.finditer(text):
        add_markdown(text[position : fence.start()])
        position = fence.end()
        body = textwrap.dedent(fence["body"])
        info = fence["info"].strip()
        if info.startswith("pycon"):
            cells += code_cells(body)
        else:
            shown = SNIPPET.sub(lambda m: snippet(root, m["path"], m["section"]), body)
            language = info.split()[0] if info else ""
            title = re.search(r'title="([^"]*)"', info)
            heading = f"`{title[1]}`:\n\n" if title else ""
            cells.append(nbformat.v4.new_markdown_cell(f"{heading}```{language}\n{shown.rstrip()}\n```"))
    add_markdown(text[position:])
    return cells


def code_cells(session: str) -> list:
    """Code cells for a block of ``>>>`` examples; each ends where the page shows output."""
    cells, source = [], []

    def close(expected: str, tags: list[str] | None = None) -> None:
        cell = nbformat.v4.new_code_cell("".join(source).rstrip("\n"))
        cell.metadata["nnfromscratch"] = {"expected": expected}
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)
        source.clear()

    for example in doctest.DocTestParser().get_examples(session):
        if example.exc_msg is not None:
            if source:
                close("")
            source.append(example.source)
            close(example.exc_msg, ["raises-exception"])
            continue
        source.append(example.source)
        if example.want:
            close(example.want)
    if source:
        close("")
    return cells


def script_code(cell) -> str:
    """A code cell's code as a script runs it: echoed results printed, the error caught."""
    code = cell.source
    if "raises-exception" in cell.metadata.get("tags", []):
        return ("import traceback\n\ntry:\n" + textwrap.indent(code, "    ")
                + "\nexcept Exception as error:  # the page shows this error\n"
                + "    print(traceback.format_exception_only(error)[-1], end='')")
    if not cell.metadata["nnfromscratch"]["expected"]:
        return code
    tree = ast.parse(code)
    last = tree.body[-1]
    is_print = (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
                and isinstance(last.value.func, ast.Name) and last.value.func.id == "print")
    if not isinstance(last, ast.Expr) or is_print:
        return code
    lines = code.splitlines()
    before = "\n".join(lines[: last.lineno - 1])
    expression = ast.get_source_segment(code, last.value) or ""
    if isinstance(last.value, ast.Tuple) and not expression.startswith("("):
        expression = f"({expression})"  # a, b -> (a, b): one argument for repr
    comment = lines[last.end_lineno - 1][last.end_col_offset :]  # e.g. "  # the slope at 0"
    echoed = f"print(repr({expression})){comment}"
    return f"{before}\n{echoed}" if before else echoed


def header(title: str, page: str, repo: str) -> str:
    return (
        f"# {title}\n\n"
        f"The code of the chapter [{title}]({page}), generated from the page when the site was"
        " built. Run the cells in order: each prints what the page shows below the same code."
        " Change anything, and run it again.\n\n"
        "It needs the package; install it into your environment once, with Python 3.11 or"
        f" newer:\n\n```bash\n{INSTALL.format(repo=repo)}\n```"
    )


def notebook_and_script(markdown: str, src_uri: str, config) -> tuple[str, str]:
    """The notebook (JSON) and the script (text) of one page."""
    site_url = config.site_url or "/"
    title = re.search(r"^# (.+)$", markdown, re.M)
    title_text = title[1].strip() if title else src_uri
    body = markdown[title.end() :] if title else markdown
    root = Path(config.config_file_path).parent
    page = page_url(site_url, src_uri, "")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(header(title_text, page, config.repo_url))]
    notebook.cells += cells_of(body, src_uri, site_url, root)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"  # nbformat's are random: the same page, the same file
    nbformat.validate(notebook)
    scripted = nbformat.from_dict(notebook)
    for cell in scripted.cells:
        if cell.cell_type == "code":
            cell.source = script_code(cell)
            cell.metadata = {}
    script = jupytext.writes(scripted, fmt="py:percent")
    script = re.sub(r"\A# ---\n(?:#.*\n)*?# ---\n\n", "", script)  # jupytext's own header
    return nbformat.writes(notebook), script


def on_files(files, config):
    """MkDocs hook: declare notebooks/NAME.ipynb and .py for each chapter with examples."""
    _files.clear()
    for src_uri in chapter_pages(config.nav or []):
        page = files.get_file_from_path(src_uri)
        if page is None or "```pycon" not in page.content_string:
            continue
        pair = tuple(
            File.generated(config, f"{FOLDER}/{stem(src_uri)}{suffix}", content="")
            for suffix in (".ipynb", ".py")
        )
        files.append(pair[0])
        files.append(pair[1])
        _files[src_uri] = pair
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """MkDocs hook: write the page's notebook and script; link them under its title."""
    pair = _files.get(page.file.src_uri)
    if pair is None:
        return markdown
    notebook, script = notebook_and_script(markdown, page.file.src_uri, config)
    pair[0].content_string, pair[1].content_string = notebook, script
    here = posixpath.dirname(page.file.src_uri) or "."
    folder, home = posixpath.relpath(FOLDER, here), posixpath.relpath("index.md", here)
    name = stem(page.file.src_uri)
    links = (
        f"\n\n**Run this chapter yourself:** [notebook]({folder}/{name}.ipynb)"
        f'{{ download="{name}.ipynb" }} or [Python script]({folder}/{name}.py)'
        f'{{ download="{name}.py" }}, made from this page (they need the package:'
        f" [how to install it]({home}#run-it-yourself)).\n"
    )
    title = re.search(r"^# .+$", markdown, re.M)
    if title is None:
        return links + markdown
    return markdown[: title.end()] + links + markdown[title.end() :]
