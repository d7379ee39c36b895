"""Code blocks stay out of the search index, which every page fetches.

The theme's search worker downloads ``search/search_index.json`` as soon as a page opens, so
the index counts towards every page's weight (tests/test_page_budget.py). Half of it was
code: the functions the chapters show whole, their examples, the programs. Search results
point at explanations; a function's docstring stays findable on its API reference page,
where mkdocstrings renders it as prose, and names in the text (``sigmoid``) are kept.
Each ``<pre>`` block gets the theme's ``data-search-exclude`` attribute.
"""

from __future__ import annotations

import re

CODE_BLOCK = re.compile(r"<pre(?=[\s>])")


def exclude_code_from_search(content: str) -> str:
    """The page content with every code block marked for the search index to skip.

    >>> exclude_code_from_search('<div class="highlight"><pre><span></span><code>x</code></pre>')
    '<div class="highlight"><pre data-search-exclude><span></span><code>x</code></pre>'
    >>> exclude_code_from_search('<p>a <code>pre</code> <preview></p>')  # only <pre> itself
    '<p>a <code>pre</code> <preview></p>'
    """
    return CODE_BLOCK.sub("<pre data-search-exclude", content)


def on_page_content(content: str, page, config, files) -> str:
    """MkDocs hook: after the pages' HTML is made, before the search plugin reads it."""
    return exclude_code_from_search(content)
