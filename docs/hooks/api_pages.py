"""One API reference page per public module of nnfromscratch, with no boilerplate to keep.

For every public module ``nnfromscratch/GROUP/NAME.py`` (GROUP is ``course``, ``proofs`` or
``general``) or ``nnfromscratch/NAME.py`` (the grader, ``exercises``), names starting with
``_`` being private, the build gets a page ``reference/NAME.md`` holding
``::: nnfromscratch.GROUP.NAME`` (or ``::: nnfromscratch.NAME``); mkdocstrings renders
it from the docstrings (their Examples are the doctests pytest runs). A hand-written
``docs/reference/NAME.md`` takes precedence, for a module that needs prose around it.

Each page still has to be placed in the ``nav`` of mkdocs.yml, where the order is chosen:
a new module without a nav entry stops the strict build with MkDocs' own message naming
the page ("... not included in the nav: reference/NAME.md").

The "edit this page" button of a generated page opens the module's source, where its
documentation lives. The API pages are left out of the search index, which every page
fetches (tests/test_page_budget.py): their docstrings would more than double it, and the
results lead to the chapters, which explain and link each function. (The collapsible
"Source code" blocks under each function are also marked for the index to skip, should a
page be put back in it.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

REFERENCE_FOLDER = "reference"
PACKAGE = "nnfromscratch"
SOURCE_BLOCK = '<details class="mkdocstrings-source">'


def public_modules(package_dir: Path) -> list[str]:
    """The dotted names of the package's public modules (``GROUP.NAME`` or ``NAME``), sorted.

    >>> names = public_modules(Path(__file__).resolve().parents[2] / "nnfromscratch")
    >>> "course.activations" in names, "general.mlp" in names, "exercises" in names
    (True, True, True)
    >>> any(name.endswith("__init__") or "_checks" in name for name in names)
    False
    """
    paths = [*package_dir.glob("*/*.py"), *package_dir.glob("*.py")]
    return sorted(
        ".".join(p.relative_to(package_dir).with_suffix("").parts)
        for p in paths
        if not p.stem.startswith("_") and not p.parent.name.startswith("_")
    )


def page_source(module: str) -> str:
    """The Markdown of a generated reference page.

    >>> print(page_source("course.activations"))
    ---
    title: nnfromscratch.course.activations
    search:
      exclude: true
    ---
    <BLANKLINE>
    ::: nnfromscratch.course.activations
    <BLANKLINE>
    """
    return (
        f"---\ntitle: {PACKAGE}.{module}\nsearch:\n  exclude: true\n---\n\n"
        f"::: {PACKAGE}.{module}\n"
    )


def _package_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise PluginError(f"the API pages need the {PACKAGE} package: pip install -e .")
    return Path(spec.origin).parent


_generated: dict[str, str] = {}  # page src_uri -> module name


def on_config(config):
    """MkDocs hook: refuse to build API pages whose signatures would come out unformatted.

    mkdocstrings formats each signature with Black or Ruff when one is installed, and
    silently leaves it on one line otherwise: a build without either (the Pages workflow
    installed only the docs extra) published other HTML than the tests had checked.
    """
    if not any(importlib.util.find_spec(name) for name in ("ruff", "black")):
        raise PluginError("the API pages' signatures are formatted by Ruff, which is not "
                          "installed: pip install -c constraints.txt -e '.[docs]'")
    return config


def on_files(files, config):
    """MkDocs hook: add reference/NAME.md for each public module lacking a written page."""
    _generated.clear()
    for module in public_modules(_package_dir()):
        # Pages are named by the module alone (reference/mlp.md): the nav shows the groups.
        uri = f"{REFERENCE_FOLDER}/{module.rsplit('.', 1)[-1]}.md"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, content=page_source(module)))
            _generated[uri] = module
    return files


def exclude_source_from_search(content: str) -> str:
    """Mark mkdocstrings' source-code blocks so that the search index skips them.

    >>> exclude_source_from_search('<details class="mkdocstrings-source"><pre>x</pre>')
    '<details class="mkdocstrings-source" data-search-exclude><pre>x</pre>'
    """
    return content.replace(SOURCE_BLOCK, SOURCE_BLOCK[:-1] + " data-search-exclude>")


def on_page_content(content: str, page, config, files) -> str:
    """MkDocs hook: keep the source code of API pages out of the search index."""
    return exclude_source_from_search(content)


def on_page_context(context, page, config, nav):
    """MkDocs hook: point a generated page's edit button at the module's source."""
    module = _generated.get(page.file.src_uri)
    if module is not None and config.repo_url and config.edit_uri:
        # edit_uri is e.g. "edit/main/docs/": keep its branch, aim at the package instead.
        branch_path = config.edit_uri.strip("/").rsplit("/", 1)[0]
        source = f"{PACKAGE}/{module.replace('.', '/')}.py"
        page.edit_url = f"{config.repo_url.rstrip('/')}/{branch_path}/{source}"
    return context
