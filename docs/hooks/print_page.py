"""The whole course on one page (``print_page/``), to read offline, print, or save as a PDF.

The page is made by mkdocs-print-site-plugin (mkdocs.yml, last of the plugins). Two things
it needs from us:

* Each page's HTML as the reader sees it. The plugin keeps a page's content when its own
  ``on_page_content`` runs, before our hooks have typeset the maths (katex_maths.py) and
  made wide formulas keyboard-scrollable (accessibility.py). This hook runs after all of
  them and hands the plugin the finished content, so the print page holds KaTeX's output,
  not raw TeX.
* The course, not the API reference: the reference is the package's source, one click from
  every page, and would make the book several times longer. The plugin would still print
  the reference's empty section titles, so the reference section is left out of the
  plugin's copy of the navigation (the site's own navigation is untouched).

tests/test_print_pdf.py prints the page to PDF in Chromium and checks that it holds every
chapter's heading and no cut formula.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

#: The navigation section the book leaves out (mkdocs.yml's nav).
NOT_IN_THE_BOOK = "API reference"


@event_priority(-100)  # after every other hook and plugin has changed the content
def on_page_content(content: str, page, config, files) -> str:
    """MkDocs hook: give the print page this page's finished HTML."""
    page.html = content
    return content


@event_priority(-100)  # after print-site has taken its copy of the navigation
def on_nav(nav, config, files):
    """MkDocs hook: the book's table of contents is the course's, without the reference."""
    renderer = config.plugins["print-site"].renderer
    renderer.items = [item for item in nav.items if item.title != NOT_IN_THE_BOOK]
    return nav
