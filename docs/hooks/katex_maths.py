"""Typeset every formula when the site is built: KaTeX's HTML, no JavaScript, no CDN.

`pymdownx.arithmatex` (generic mode) finds the maths in a page's Markdown -- ``$...$``,
``$$...$$``, ``\\(...\\)``, ``\\[...\\]``, ``\\begin{aligned}...`` and ```` ```math ````
fences -- and shields it from Markdown, leaving in the HTML::

    <span class="arithmatex">\\(TeX\\)</span>      (inline)
    <div class="arithmatex">\\[TeX\\]</div>        (display)

This hook replaces each one with the HTML that KaTeX 0.16.22 renders (through `pykatex`,
KaTeX compiled into QuickJS, installed from PyPI like every other build tool). The result
is styled by ``docs/assets/katex/katex.min.css`` and its fonts, served by the site itself,
and carries MathML beside the HTML so screen readers can speak the formulas.

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

import pykatex
from mkdocs.exceptions import PluginError

# The KaTeX version inside the installed pykatex; docs/assets/katex/ must hold the same
# version's CSS and fonts (tests/test_site_build.py checks all three agree).
KATEX_VERSION = "0.16.22"

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div)(?P<attrs>[^>]*?) class="arithmatex(?P<classes>[^"]*)"(?P<rest>[^>]*)>'
    r"(?P<body>.*?)</(?P=tag)>",
    re.DOTALL,
)
_WRAPPERS = (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$"))


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


@functools.lru_cache(maxsize=4096)
def render(tex: str, display: bool) -> str:
    """KaTeX's HTML (with MathML for screen readers) for one formula.

    Raises `pykatex.ParseError` when KaTeX cannot typeset ``tex``.

    >>> html_out = render(r"\\frac{1}{2}", display=False)
    >>> html_out.startswith('<span class="katex">'), "mfrac" in html_out
    (True, True)
    >>> render(r"\\frac{1}{2}", display=True).startswith('<span class="katex-display">')
    True
    """
    return pykatex.renderToString(
        tex,
        displayMode=display,
        output="htmlAndMathml",
        throwOnError=True,
        strict="error",
    )


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

    def replace(match: re.Match[str]) -> str:
        tag = match["tag"]
        tex = unwrap(match["body"])
        try:
            rendered = render(tex, display=tag == "div")
        except pykatex.ParseError as error:
            raise PluginError(f"{where}: KaTeX cannot typeset the formula {tex}: {error}") from None
        opening = f'<{tag}{match["attrs"]} class="arithmatex{match["classes"]}"{match["rest"]}'
        return f"{opening} data-search-exclude>{rendered}</{tag}>"

    return _ARITHMATEX.sub(replace, content)


def on_page_content(content: str, page, config, files) -> str:
    """MkDocs hook: typeset the page's maths once its Markdown is HTML."""
    return typeset(content, page.file.src_uri)
