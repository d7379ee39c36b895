"""The copy button of a ``>>>`` example copies its code alone, ready to paste into Python.

A page shows examples as an interactive session (``pycon``): prompts, code, printed
results. Material's copy button copies the text of the block, prompts and results
included, which Python cannot run. Material copies an element's ``data-copy`` attribute
instead, when the block or one of its parents has one (its clipboard integration:
``el.closest("[data-copy]")``). So this hook gives each ``pycon`` block a ``data-copy``
holding the code of its examples, read by the same parser doctest uses: the ``>>>`` and
``...`` prompts go, and so do the printed results and tracebacks. What the button copies
is exactly the code that the tests run (tests/test_copy_button.py).
"""

from __future__ import annotations

import doctest
import html
import re

# A pycon block as pymdownx.highlight writes it: the div, an optional title, the code.
PYCON_BLOCK = re.compile(
    r'<div class="language-pycon highlight">(?P<inner>.*?<code>(?P<code>.*?)</code></pre>)',
    re.S,
)
TAG = re.compile(r"<[^>]+>")


def session_text(code_html: str) -> str:
    """The block's text as the reader sees it, from its highlighted HTML."""
    return html.unescape(TAG.sub("", code_html))


def code_only(session: str) -> str:
    """The code of every example of an interactive session, without prompts or output."""
    return "".join(example.source for example in doctest.DocTestParser().get_examples(session))


def _with_copy_text(match: re.Match[str]) -> str:
    code = code_only(session_text(match["code"]))
    return (
        f'<div class="language-pycon highlight" data-copy="{html.escape(code, quote=True)}">'
        + match["inner"]
    )


def on_page_content(html_text: str, **_: object) -> str:
    return PYCON_BLOCK.sub(_with_copy_text, html_text)
