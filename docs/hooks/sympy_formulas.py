"""Formulas that SymPy proved, shown on the page without retyping them.

A line holding only a marker such as ::

    [[latex:sigmoid_derivative]]

becomes display maths whose TeX is ``nnfromscratch.proofs.symbolic.latex("sigmoid_derivative")``:
the same expression the test suite proves with SymPy, so the page cannot drift from the
proof. The marker may be indented (inside an admonition or a list item); the maths keeps
that indentation. ``docs/hooks/katex_maths.py`` then typesets it like any other formula.

An unknown name, or a marker that does not stand alone on its line, stops the build with
the file and line. Markers inside fenced code blocks and inline code are left alone, so a
page can show the syntax itself.

`latex(name)` proves the identity before it returns its TeX, and some proofs take seconds.
Their results are kept in ``.cache/formulas/`` under a key made of every file of the
``nnfromscratch`` package, the SymPy version and this hook: the same code proves the same
thing, so a build with unchanged code reuses the TeX (the test suite still runs every
proof). Delete the folder to force the proofs to run in the build ($NNFS_BUILD_CACHE, when
set, holds the cache instead of ``.cache/``).
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
from collections.abc import Callable, Collection
from pathlib import Path

from mkdocs.exceptions import PluginError

MARKER = re.compile(r"^(?P<indent>[ \t]*)\[\[latex:(?P<name>[A-Za-z_][A-Za-z0-9_.]*)\]\][ \t]*$")
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+).*?\1")


def _unknown(name: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"[[latex:{name}]] names no formula of nnfromscratch.proofs.symbolic{hint} (known: " + (
        ", ".join(sorted(known)) + ")"
    )


def expand_latex_markers(
    markdown: str,
    latex: Callable[[str], str],
    known: Collection[str] | None = None,
    where: str = "<page>",
) -> str:
    r"""Replace each ``[[latex:NAME]]`` line of ``markdown`` by ``$$ latex(NAME) $$``.

    Parameters
    ----------
    markdown : str
        The page's Markdown.
    latex : callable
        Maps a name to its TeX (``nnfromscratch.proofs.symbolic.latex``).
    known : collection of str, optional
        The valid names (``nnfromscratch.proofs.symbolic.IDENTITY_NAMES``); when given, an
        unknown name is reported with a suggestion before ``latex`` is called.
    where : str
        The page's path, for error messages.

    Examples
    --------
    >>> fake = {"square": "x^{2}"}.__getitem__
    >>> print(expand_latex_markers("Before\n[[latex:square]]\nAfter", fake, {"square"}))
    Before
    <BLANKLINE>
    $$
    x^{2}
    $$
    <BLANKLINE>
    After
    >>> expand_latex_markers("[[latex:sqare]]", fake, {"square"}, "page.md")
    Traceback (most recent call last):
        ...
    mkdocs.exceptions.PluginError: page.md:1: [[latex:sqare]] ...; did you mean 'square'? ...
    """
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        opened = _FENCE.match(line)
        if fence is not None:
            # Inside a fenced block: only its own closing fence ends it.
            if opened and opened["fence"][0] == fence[0] and len(opened["fence"]) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opened:
            fence = opened["fence"]
            out.append(line)
            continue
        marker = MARKER.match(line)
        if marker is None:
            if "[[latex:" in _INLINE_CODE.sub("", line):
                raise PluginError(
                    f"{where}:{number}: a [[latex:NAME]] marker must stand alone on its line "
                    f"(NAME made of letters, digits, '_' and '.'); got {line.strip()!r}"
                )
            out.append(line)
            continue
        name, indent = marker["name"], marker["indent"]
        if known is not None and name not in known:
            raise PluginError(f"{where}:{number}: {_unknown(name, known)}")
        try:
            tex = latex(name)
        except Exception as error:  # the symbolic module's own message says what is wrong
            raise PluginError(f"{where}:{number}: [[latex:{name}]] failed: {error!r}") from error
        if not isinstance(tex, str) or not tex.strip():
            raise PluginError(f"{where}:{number}: latex({name!r}) gave {tex!r}, not TeX")
        block = ["", "$$", *tex.strip().split("\n"), "$$", ""]
        out.extend(indent + part if part else "" for part in block)
    return "\n".join(out)


class ProvenFormulas:
    """The TeX of `nnfromscratch.proofs.symbolic`'s identities, from the cache or proved now."""

    def __init__(self, cache_file: Path | None) -> None:
        self.cache_file = cache_file
        self.names: tuple[str, ...] | None = None
        self.tex: dict[str, str] = {}
        self.new = False
        if cache_file is not None and cache_file.is_file():
            saved = json.loads(cache_file.read_text(encoding="utf-8"))
            self.names, self.tex = tuple(saved["names"]), saved["tex"]

    def _symbolic(self):
        from nnfromscratch.proofs import symbolic  # imports SymPy: only when the cache lacks a name

        self.names = tuple(symbolic.IDENTITY_NAMES)
        return symbolic

    def known(self) -> tuple[str, ...]:
        return self.names if self.names is not None else tuple(self._symbolic().IDENTITY_NAMES)

    def latex(self, name: str) -> str:
        if name not in self.tex:
            self.tex[name] = self._symbolic().latex(name)
            self.new = True
        return self.tex[name]

    def save(self) -> None:
        if not (self.new and self.cache_file is not None):
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in self.cache_file.parent.glob("*.json"):  # proofs of earlier code
            old.unlink(missing_ok=True)
        scratch = self.cache_file.with_suffix(".tmp")
        scratch.write_text(json.dumps({"names": self.known(), "tex": self.tex}, indent=1))
        scratch.replace(self.cache_file)


def cache_file(config) -> Path | None:
    """Where the proven TeX of the current package's code is kept."""
    spec = importlib.util.find_spec("nnfromscratch")
    if spec is None or spec.origin is None or not config.config_file_path:
        return None
    package = Path(spec.origin).parent
    digest = hashlib.sha256()
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(Path(__file__).read_bytes() + importlib.metadata.version("sympy").encode())
    base = os.environ.get("NNFS_BUILD_CACHE") or Path(config.config_file_path).parent / ".cache"
    root = Path(base) / "formulas"
    return root / f"{digest.hexdigest()[:16]}.json"


_formulas = ProvenFormulas(None)


def on_pre_build(config) -> None:
    """MkDocs hook: load the proven TeX of this code, if an earlier build kept it."""
    global _formulas
    _formulas = ProvenFormulas(cache_file(config))


def on_page_markdown(markdown: str, page, config, files) -> str:
    """MkDocs hook: expand the page's markers before Markdown sees them."""
    if "[[latex:" not in markdown:
        return markdown
    return expand_latex_markers(markdown, _formulas.latex, _formulas.known(), page.file.src_uri)


def on_post_build(config) -> None:
    """MkDocs hook: keep what this build proved, for the next build of the same code."""
    _formulas.save()
