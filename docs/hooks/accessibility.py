"""Small fixes to the theme's HTML that an accessibility audit (axe-core) asks for.

* The search overlay is a dialog (``role="dialog"``) without a name: screen readers would
  announce "dialog" and nothing more. It is named "Search".
* A display formula that is wider than a phone's screen scrolls sideways inside its box
  (docs/assets/extra.css). A box that scrolls must be reachable from the keyboard, so that
  a reader without a mouse can scroll it too: each display formula is made focusable
  (``tabindex="0"``), as the theme already does for code blocks.

tests/test_site_layout.py runs axe-core on every page but the print page (whose chapters
it audits on their own pages) and fails on any serious or critical violation.
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG[:-1] + ' aria-label="Search">'
DISPLAY_MATHS = '<div class="arithmatex"'


def name_search_dialog(output: str) -> str:
    """The page with its search dialog named.

    >>> name_search_dialog(SEARCH_DIALOG)
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
    """
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)


def focusable_display_maths(content: str) -> str:
    """The page content with every display formula reachable from the keyboard.

    >>> focusable_display_maths('<div class="arithmatex" data-search-exclude>')
    '<div class="arithmatex" tabindex="0" data-search-exclude>'
    """
    return content.replace(DISPLAY_MATHS, DISPLAY_MATHS + ' tabindex="0"')


def on_page_content(content: str, page, config, files) -> str:
    """MkDocs hook: after the maths is typeset (katex_maths.py comes first in mkdocs.yml)."""
    return focusable_display_maths(content)


def on_post_page(output: str, page, config) -> str:
    """MkDocs hook: applied to every page's final HTML."""
    return name_search_dialog(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """MkDocs hook: applied to the pages rendered from templates alone (404.html)."""
    return name_search_dialog(output_content)
