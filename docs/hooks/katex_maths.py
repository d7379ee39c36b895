"""Typeset every formula when the site is built: KaTeX's HTML, no JavaScript, no CDN.

`pymdownx.arithmatex` (generic mode) finds the maths in a page's Markdown -- ``$...$``,
``$$...$$``, ``\\(...\\)``, ``\\[...\\]``, ``\\begin{aligned}...`` and ```` ```math ````
fences -- and shields it from Markdown, leaving in the HTML::

    <span class="arithmatex">\\(TeX\\)</span>      (inline)
    <div class="arithmatex">\\[TeX\\]</div>        (display)

This hook replaces each one with the HTML that KaTeX renders. KaTeX itself is vendored,
``docs/assets/katex/katex.min.js`` from the ``katex`` npm package, beside the stylesheet and
fonts of the same release that style its output; the site serves the CSS and fonts, never
the script (``exclude_docs`` in mkdocs.yml). The version is stated once, by those files:
`katex_version` asks the script, and tests/test_site_build.py checks the stylesheet agrees.
The HTML carries MathML beside it so screen readers can speak the formulas.

Why V8 (``mini-racer``): its wheels are ``py3-none`` (a V8 library loaded with ctypes, no
CPython extension), so one wheel per platform serves every CPython 3.10+, including
3.14, on Linux x86_64 and aarch64, macOS arm64 and Windows (``python3 dev.py wheels``
shows it); the previous renderer, pykatex (KaTeX compiled into QuickJS as a C
extension), had no wheel for CPython 3.14 nor for Linux aarch64, where pip needed a C
compiler. Running KaTeX's own script keeps the typesetting KaTeX's, HTML in KaTeX's fonts
(a MathML renderer such as latex2mathml or math-core would hand the layout to the
browser and the reader's maths font; mkdocs.yml says what an earlier comparison found),
and one page's formulas go to V8 in one call.

A formula KaTeX cannot parse stops the build with the page, the formula and KaTeX's
message: nothing reaches a reader as raw TeX. KaTeX runs in strict mode, so TeX that
only "mostly" works (a stray Unicode symbol, a command KaTeX merely tolerates) is an
error too.

Rendered formulas are left out of the search index (``data-search-exclude``): their text
is glyph soup such as ``∂w1∂L``, which would only clutter the search previews.

Maths in headings is not supported (the table of contents would show the TeX).
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from py_mini_racer import MiniRacer

KATEX_JS = Path(__file__).resolve().parents[1] / "assets" / "katex" / "katex.min.js"

# One call into V8 per page: [[tex, display], ...] -> [[html, null] or [null, message]].
# Only KaTeX's own ParseError is a formula's fault; anything else is a bug, so it is thrown.
_RENDER_ALL = """
function nnfsRenderAll(formulas) {
  return formulas.map(([tex, display]) => {
    try {
      return [katex.renderToString(tex, {
        displayMode: display, output: "htmlAndMathml", throwOnError: true, strict: "error",
      }), null];
    } catch (error) {
      if (error instanceof katex.ParseError) return [null, error.message];
      throw error;
    }
  });
}
"""

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div)(?P<attrs>[^>]*?) class="arithmatex(?P<classes>[^"]*)"(?P<rest>[^>]*)>'
    r"(?P<body>.*?)</(?P=tag)>",
    re.DOTALL,
)
_WRAPPERS = (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$"))
_RENDERED: dict[tuple[str, bool], str] = {}  # (tex, display) -> HTML, for the whole build


class KaTeXError(ValueError):
    """KaTeX refused a formula: ``tex`` is the formula, ``message`` KaTeX's reason."""

    def __init__(self, tex: str, message: str) -> None:
        super().__init__(message)
        self.tex = tex
        self.message = message


@functools.cache
def engine() -> MiniRacer:
    """One V8 context holding KaTeX, started on first use and kept for the build."""
    racer = MiniRacer()
    racer.eval(KATEX_JS.read_text(encoding="utf-8"))
    racer.eval(_RENDER_ALL)
    return racer


def katex_version() -> str:
    """The version of the vendored KaTeX, as the script itself reports it.

    >>> katex_version().count(".")
    2
    """
    return engine().eval("katex.version")


def unwrap(body: str) -> str:
    r"""The TeX inside one arithmatex element: unescaped, delimiters removed.

    >>> unwrap(r"\(a &lt; b\)")
    'a < b'
    >>> unwrap("\\[\nx^2\n\\]")
    'x^2'
    >>> unwrap(r"\begin{aligned} a &amp;= b \end{aligned}")
    '\\begin{aligned} a &= b \\end{aligned}'
    """
    tex = html.unescape(body).strip()
    for opening, closing in _WRAPPERS:
        if tex.startswith(opening) and tex.endswith(closing) and len(tex) >= 2 * len(opening):
            return tex[len(opening) : len(tex) - len(closing)].strip()
    return tex


def render_all(formulas: list[tuple[str, bool]]) -> list[str]:
    """KaTeX's HTML (with MathML for screen readers) for each ``(tex, display)``.

    Formulas not met before in this build go to KaTeX together, in one call. Raises
    `KaTeXError` for the first formula KaTeX cannot typeset.

    >>> inline, display = render_all([(r"\\frac{1}{2}", False), (r"\\frac{1}{2}", True)])
    >>> inline.startswith('<span class="katex">'), "mfrac" in inline
    (True, True)
    >>> display.startswith('<span class="katex-display">')
    True
    """
    new = list(dict.fromkeys(f for f in formulas if f not in _RENDERED))
    if new:
        results = engine().call("nnfsRenderAll", [[tex, display] for tex, display in new])
        for (tex, display), (rendered, error) in zip(new, results, strict=True):
            if error is not None:
                raise KaTeXError(tex, error)
            _RENDERED[(tex, display)] = rendered
    return [_RENDERED[f] for f in formulas]


def render(tex: str, display: bool) -> str:
    r"""KaTeX's HTML for one formula (see `render_all`).

    >>> render(r"\sigma(x)", display=False).startswith('<span class="katex">')
    True
    """
    return render_all([(tex, display)])[0]


def typeset(content: str, where: str = "<page>") -> str:
    r"""Replace every arithmatex element in ``content`` by KaTeX's rendering of it.

    >>> out = typeset('<p>A <span class="arithmatex">\\(x^2\\)</span> b</p>')
    >>> out.startswith('<p>A <span class="arithmatex" data-search-exclude><span class="katex">')
    True
    >>> "\\(" in out
    False
    >>> typeset('<span class="arithmatex">\\(\\frac{1}\\)</span>', "demo.md")
    Traceback (most recent call last):
        ...
    mkdocs.exceptions.PluginError: demo.md: KaTeX cannot typeset the formula \frac{1}: ...
    """
    matches = list(_ARITHMATEX.finditer(content))
    formulas = [(unwrap(m["body"]), m["tag"] == "div") for m in matches]
    try:
        rendered = iter(render_all(formulas))
    except KaTeXError as error:
        raise PluginError(
            f"{where}: KaTeX cannot typeset the formula {error.tex}: {error.message}"
        ) from None

    def replace(match: re.Match[str]) -> str:
        tag = match["tag"]
        opening = f'<{tag}{match["attrs"]} class="arithmatex{match["classes"]}"{match["rest"]}'
        return f"{opening} data-search-exclude>{next(rendered)}</{tag}>"

    return _ARITHMATEX.sub(replace, content)


def on_page_content(content: str, page, config, files) -> str:
    """MkDocs hook: typeset the page's maths once its Markdown is HTML."""
    return typeset(content, page.file.src_uri)
