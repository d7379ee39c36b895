"""Each chapter as a Jupyter notebook and a Python script, generated from the page.

For every chapter with ``>>>`` examples (the pages of the "Course" and "Beyond the
articles" sections), the build writes ``notebooks/NAME.ipynb`` and ``notebooks/NAME.py``
(``NAME`` is the page's path, ``beyond/digits.md`` giving ``beyond-digits``) and puts links
to both under the page's title. Nothing is kept by hand: both are made from the page's own
Markdown every time the site is built.

* The **notebook** holds the page: its prose as Markdown cells (formulas, which Jupyter
  typesets; figures by their descriptions, with a link to the page) and its code as code
  cells: each ```` ```python ```` block (the learner's code, the collapsed "code so far"
  included) is a cell, and the ``>>>`` examples of a ```` ```pycon ```` block are cells
  without prompts. An example that prints something ends a cell, so each cell shows what
  the page shows below the same code; the page's output is kept in the cell's metadata
  (``nnfromscratch.expected``; empty for a ``python`` block, which shows no output) for
  tests/test_notebooks.py, which runs every notebook and compares. An example that the
  page shows raising an error is a cell of its own, tagged ``raises-exception`` so that
  the notebook runs on past it. Code that the page includes from the package is shown in
  Markdown, for reading.
* **No site syntax**: admonitions and tabs (``!!!``, ``???``, ``===``) become a bold title
  and their text; a widget (``[[widget:NAME]]``) becomes a sentence linking the page.
* **Exercises**: under the page's ``## Exercises``, each solution (a ``??? ... "Solution"``
  block) is left out; in its place is a code cell holding only the ``check(...)`` call(s)
  of the solution, for the reader to write their answer above (tagged
  ``raises-exception`` and marked ``nnfromscratch.exercise``: until the answer is written
  it stops on a NameError); for a solution without a ``check`` call, an empty cell to
  work in. Each heading starts a Markdown cell, so each exercise's question is a cell.
  The solutions stay on the page.
* The **script** is the notebook written by jupytext (``py:percent``: ``# %%`` cells that
  editors run one by one, the prose as comments), with these changes: a result that
  Python's prompt would echo is printed, ``print(repr(...))``; the expected error is
  caught and printed, so ``python NAME.py`` prints what the page shows (a call of a function
  the page defines without a ``return`` value is left as it is: the prompt echoes nothing
  after it, and ``print(repr(...))`` would print ``None``); and an exercise's
  ``check`` call is a comment, to uncomment once the answer is written.

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
# An admonition (!!! open; ??? collapsed; ???+ collapsible, open) or a content tab (===).
OPENER = re.compile(r'^(?P<indent>[ \t]*)(?P<mark>!!!|\?\?\?\+?|===)[ \t]+(?P<rest>.*?)[ \t]*$')
FENCE_LINE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
WIDGET = re.compile(r"^[ \t]*\[\[widget:(?P<name>[\w-]+)\]\][ \t]*$", re.M)
EXERCISE = "nnfs-exercise"  # the info string of the fence that stands for a solution
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


def containers(lines: list[str]):
    """Each admonition or tab of `lines`: (first line, end line, indent, mark, title).

    The body is the lines after the opener that are blank or indented four spaces more
    than it; lines inside fenced code are never openers.
    """
    for number in outside_fences(lines):
        line = lines[number]
        opener = OPENER.match(line)
        if not opener:
            continue
        indent = opener["indent"]
        end = number + 1
        while end < len(lines) and (not lines[end].strip()
                                    or lines[end].startswith(indent + "    ")):
            end += 1
        while end > number + 1 and not lines[end - 1].strip():
            end -= 1  # trailing blank lines are the page's, not the body's
        title = re.search(r'"(?P<title>[^"]*)"', opener["rest"])
        if title is not None:
            title_text = title["title"]
        else:  # Material titles an admonition by its type: "!!! note" shows "Note"
            title_text = opener["rest"].split()[0].capitalize() if opener["rest"] else ""
        yield number, end, indent, opener["mark"], title_text


def outside_fences(lines: list[str]) -> list[int]:
    """The numbers of the lines that are not inside fenced code."""
    found, fence = [], None
    for number, line in enumerate(lines):
        marker = FENCE_LINE.match(line)
        if fence is not None:
            if marker and marker["fence"][0] == fence[0] and len(marker["fence"]) >= len(fence):
                fence = None
        elif marker:
            fence = marker["fence"]
        else:
            found.append(number)
    return found


def flatten_admonitions(markdown: str) -> str:
    """Admonitions and tabs -> a bold title and the body, unindented by one level.

    ``!!! note "Title"``, ``??? example "Title"``, ``???+ tip`` and ``=== "Tab"``, at any
    indentation (inside a list item too), nested ones in turn.
    """
    lines = markdown.split("\n")
    while True:
        first = next(containers(lines), None)
        if first is None:
            return "\n".join(lines)
        number, end, indent, _, title = first
        body = [line[len(indent) + 4 :] if line.strip() else "" for line in lines[number + 1 : end]]
        while body and not body[0]:
            body.pop(0)
        heading = [f"{indent}**{title}**", ""] if title else []
        lines[number:end] = heading + [indent + line if line else "" for line in body]


def check_calls(code_blocks: list[tuple[str, str]]) -> list[str]:
    """The ``check(...)`` statements of a solution's blocks ((info, code) pairs), in order.

    Only a statement that is a call of ``check`` alone, and for each exercise name the first
    that grades a name: a ``lambda``, or a second call of the same exercise, shows what
    the grader says of a wrong answer.
    """
    found: list[str] = []
    names: set[str] = set()
    for info, code in code_blocks:
        if info.startswith("pycon"):
            sources = [e.source for e in doctest.DocTestParser().get_examples(code)]
        elif info.startswith("python"):
            sources = [code]
        else:
            continue
        for source in sources:
            for node in ast.parse(source).body:
                call = node.value if isinstance(node, ast.Expr) else None
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                        and call.func.id == "check" and call.args
                        and not any(isinstance(n, ast.Lambda) for n in ast.walk(call))
                        and ast.dump(call.args[0]) not in names):
                    names.add(ast.dump(call.args[0]))
                    found.append(ast.get_source_segment(source, call) or ast.unparse(call))
    return found


def exercises_without_solutions(markdown: str) -> str:
    """Under ``## Exercises``, each solution replaced by a fence of its check calls only.

    The fence's info string is `EXERCISE`; `cells_of` makes it the exercise's empty cell.
    """
    lines = markdown.split("\n")
    headings = [(i, lines[i]) for i in outside_fences(lines) if re.match(r"^#{1,2} ", lines[i])]
    heading = next((i for i, line in headings if re.match(r"^## Exercises\s*$", line)), None)
    if heading is None:
        return markdown
    after = next((i for i, _ in headings if i > heading), len(lines))
    section = lines[heading:after]
    while True:
        solution = next((c for c in containers(section)
                         if c[3].startswith("???") and "solution" in c[4].lower()), None)
        if solution is None:
            break
        number, end, indent, _, _ = solution
        body = textwrap.dedent("\n".join(section[number + 1 : end])) + "\n"
        calls = check_calls([(f["info"].strip(), textwrap.dedent(f["body"]))
                             for f in FENCE.finditer(body)])
        fence = [f"{indent}```{EXERCISE}", *(indent + call for call in calls), f"{indent}```"]
        section[number:end] = fence
    return "\n".join(lines[:heading] + section + lines[after:])


def cells_of(markdown: str, src_uri: str, site_url: str, root: Path) -> list:
    """The notebook cells of a page (Markdown with the proved formulas already expanded)."""
    cells = []
    page = page_url(site_url, src_uri, "")
    text = FRONT_MATTER.sub("", markdown)
    # HTML comments are notes for the site's checkers (tests/formula_check.py), not prose.
    text = re.sub(r"\n?<!--.*?-->", "", text, flags=re.S)
    text = WIDGET.sub(f"*[The page]({page}) has an interactive figure here.*", text)
    text = flatten_admonitions(exercises_without_solutions(text))
    position = 0

    def add_markdown(chunk: str) -> None:
        # A cell for each section: a heading starts a new cell (so each exercise's
        # question is a cell of its own, above the exercise's code cell).
        for part in re.split(r"\n(?=#{1,6} )", prose(chunk, src_uri, site_url)):
            if part.strip():
                cells.append(nbformat.v4.new_markdown_cell(part.strip()))

    for fence in FENCE.finditer(text):
        add_markdown(text[position : fence.start()])
        position = fence.end()
        body = textwrap.dedent(fence["body"])
        info = fence["info"].strip()
        if info.startswith("pycon") or (info.split()[:1] == ["python"]
                                        and body.lstrip().startswith(">>>")):
            cells += code_cells(body)  # a python block of examples is read as pycon
        elif info == EXERCISE:
            cells.append(exercise_cell(body, cells))
        elif info.split()[:1] == ["python"] and not SNIPPET.search(body):
            cell = nbformat.v4.new_code_cell(body.rstrip("\n"))
            cell.metadata["nnfromscratch"] = {"expected": ""}
            cells.append(cell)
        else:
            shown = SNIPPET.sub(lambda m: snippet(root, m["path"], m["section"]), body)
            language = info.split()[0] if info else ""
            title = re.search(r'title="([^"]*)"', info)
            heading = f"`{title[1]}`:\n\n" if title else ""
            cells.append(nbformat.v4.new_markdown_cell(f"{heading}```{language}\n{shown.rstrip()}\n```"))
    add_markdown(text[position:])
    return cells


def exercise_cell(calls: str, earlier: list):
    """An exercise's cell: its check call(s), with the grader's import if none came before;
    empty, to work in, for an exercise that has none."""
    cell = nbformat.v4.new_code_cell("")
    cell.metadata["nnfromscratch"] = {"exercise": True}
    if not calls.strip():
        return cell
    imported = any(cell.cell_type == "code" and re.search(r"\bimport\b.*\bcheck\b", cell.source)
                   for cell in earlier)
    source = ("" if imported else "from nnfromscratch import check\n\n") + calls
    cell.source = source.rstrip("\n")
    cell.metadata["tags"] = ["raises-exception"]  # a NameError until the answer is written
    return cell


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


def returning_nothing(cells: list) -> set[str]:
    """The names of the functions the cells define that return nothing (no ``return`` with
    a value, no ``yield``), every definition of that name alike: ``network.train(...)``
    prints, and Python's prompt echoes nothing after it."""
    returns: dict[str, bool] = {}
    for cell in cells:
        if cell.cell_type != "code" or cell.metadata.get("nnfromscratch", {}).get("exercise"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                gives = any(isinstance(n, (ast.Yield, ast.YieldFrom))
                            or (isinstance(n, ast.Return) and n.value is not None)
                            for n in ast.walk(node))
                returns[node.name] = returns.get(node.name, False) or gives
    return {name for name, gives in returns.items() if not gives}


def script_code(cell, silent: set[str] = frozenset()) -> str:
    """A code cell's code as a script runs it: echoed results printed, the error caught.

    A call of a function in `silent` (which returns nothing: `returning_nothing`) is left
    as it is; the prompt would echo nothing after it.
    """
    code = cell.source
    if cell.metadata["nnfromscratch"].get("exercise"):
        if not code:
            return "# Exercise: your working here."
        return ("# Exercise: write your answer above, then remove the '# ' before the call\n"
                "# below and run the script again.\n"
                + "\n".join(f"# {line}" if line.startswith("check(") else line
                            for line in code.splitlines()))
    if "raises-exception" in cell.metadata.get("tags", []):
        return ("import traceback\n\ntry:\n" + textwrap.indent(code, "    ")
                + "\nexcept Exception as error:  # the page shows this error\n"
                + "    print(traceback.format_exception_only(error)[-1], end='')")
    if not cell.metadata["nnfromscratch"].get("expected"):
        return code
    tree = ast.parse(code)
    last = tree.body[-1]
    is_print = (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
                and isinstance(last.value.func, ast.Name) and last.value.func.id == "print")
    if not isinstance(last, ast.Expr) or is_print:
        return code
    if isinstance(last.value, ast.Call):
        function = last.value.func
        name = getattr(function, "id", None) or getattr(function, "attr", None)
        if name in silent:
            return code
    lines = code.splitlines()
    before = "\n".join(lines[: last.lineno - 1])
    expression = ast.get_source_segment(code, last.value) or ""
    if isinstance(last.value, ast.Tuple) and not expression.startswith("("):
        expression = f"({expression})"  # a, b -> (a, b): one argument for repr
    comment = lines[last.end_lineno - 1][last.end_col_offset :]  # e.g. "  # the slope at 0"
    echoed = f"print(repr({expression})){comment}"
    return f"{before}\n{echoed}" if before else echoed


def header(title: str, page: str, repo: str, exercises: bool) -> str:
    practice = (" Each exercise at the end has a cell holding its `check(...)` call: write"
                " your answer above the call, run the cell, and read the grader's verdict"
                " (the solutions are on the page)." if exercises else "")
    return (
        f"# {title}\n\n"
        f"The code of the chapter [{title}]({page}), generated from the page when the site was"
        " built. Run the cells in order: each prints what the page shows below the same code."
        f" Change anything, and run it again.{practice}\n\n"
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
    cells = cells_of(body, src_uri, site_url, root)
    exercises = any(cell.metadata.get("nnfromscratch", {}).get("exercise") for cell in cells)
    notebook.cells = [nbformat.v4.new_markdown_cell(
        header(title_text, page, config.repo_url, exercises))]
    notebook.cells += cells
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"  # nbformat's are random: the same page, the same file
    nbformat.validate(notebook)
    scripted = nbformat.from_dict(notebook)
    silent = returning_nothing(scripted.cells)
    for cell in scripted.cells:
        if cell.cell_type == "code":
            cell.source = script_code(cell, silent)
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
