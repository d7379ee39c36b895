"""The whole course on one page (``print_page/``), to read offline, print, or save as a PDF.

The page is made by mkdocs-print-site-plugin (mkdocs.yml, last of the plugins). Two things
it needs from us:

* Each page's HTML as the reader sees it. The plugin keeps a page's content when its own
  ``on_page_content`` runs, before our hooks have typeset the maths (katex_maths.py) and
  made wide formulas keyboard-scrollable (accessibility.py). This hook runs after all of
  them and hands the plugin the finished content, so the print page holds KaTeX's output,
  not raw TeX.
* The course, not the API reference: the reference is the package's source, one click from
  every page, and would make the book about twice as long (its source listings aside). The
  plugin would still print the reference's empty section titles, so the reference section is
  left out of the plugin's copy of the navigation (the site's own navigation is untouched).

* The finishing touches every other page gets. The plugin writes the page itself, after
  the build, so no ``on_post_page`` hook sees it: here the same fixes of
  offline_links.py, widgets.py and accessibility.py are applied to it, and links the
  plugin turned into anchors of pages the book does not hold (the API reference, the
  print page itself) are pointed back where they lead.

tests/test_print_pdf.py prints the page to PDF in Chromium and checks that it holds every
chapter's heading and no cut formula.
"""

from __future__ import annotations

import bisect
import importlib.util
import itertools
import re
from pathlib import Path
from types import ModuleType

from mkdocs.plugins import event_priority
from mkdocs_print_site_plugin import urls as print_site_urls

#: The navigation section the book leaves out (mkdocs.yml's nav).
NOT_IN_THE_BOOK = "API reference"
GROUPS = ("course", "proofs", "general")  # the subpackages of nnfromscratch


# A cross-reference to the package's API, still unresolved at this point (mkdocs-autorefs
# resolves it later). The plugin resolves these in the book by guessing: an id of the book
# that is part of the object's name ("errata" for nnfromscratch.proofs.errata.X, chosen from
# a set, so it changed with PYTHONHASHSEED). The API is not in the book, so its links leave
# the book instead; `finish` points them at the reference page.
API_AUTOREF = re.compile(
    r'<autoref\b[^>]*\bidentifier="(nnfromscratch\.[^"]+)"[^>]*>(.*?)</autoref>', re.DOTALL
)
API_LINK = "nnfs-api:"  # the fragment prefix of such a link until `finish` points it


@event_priority(-100)  # after every other hook and plugin has changed the content
def on_page_content(content: str, page, config, files) -> str:
    """MkDocs hook: give the print page this page's finished HTML."""
    page.html = API_AUTOREF.sub(
        lambda m: f'<a class="autorefs autorefs-external" href="#{API_LINK}{m[1]}">{m[2]}</a>',
        content,
    )
    return content


@event_priority(-100)  # after print-site has taken its copy of the navigation
def on_nav(nav, config, files):
    """MkDocs hook: the book's table of contents is the course's, without the reference."""
    renderer = config.plugins["print-site"].renderer
    renderer.items = [item for item in nav.items if item.title != NOT_IN_THE_BOOK]
    return nav


HOOKS = Path(__file__).resolve().parent
ANCHOR_LINK = re.compile(r'href="#([^"]+)"')


# The plugin's own pattern for the tags whose id it prefixes with the page's name. Its `.`
# never crosses a line, but on a line of typeset maths (thousands of tags, no id) each `<`
# makes it scan to the end of the line: 5 s a chapter, 73 of the 91 s of a whole build.
PLUGIN_ID_TAG = re.compile(r"<([^\s]+).*?id=\"([^\"]*?)\".*?>", flags=re.IGNORECASE)
ID_ATTRIBUTE = re.compile(r'id="', flags=re.IGNORECASE)
PREFIXED_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "sup", "li")  # the plugin's list


def _live_part(page_html: str) -> str:
    """`page_html` with the ends of lines cut where no match of PLUGIN_ID_TAG can reach.

    A match starts with a ``<`` on the line of its ``id="`` and ends at the first ``>``
    after the value's closing quote, on the quote's line (the pattern's ``.`` never crosses
    a line; only the id's value may). So each line is kept up to the last such ``>`` on it,
    a line inside an id's value is kept whole, and a line with neither is dropped: the
    pattern finds the same matches in what is left, in the same order.
    """
    lines = page_html.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    keep = [0] * len(lines)  # characters kept of each line
    for found in ID_ATTRIBUTE.finditer(page_html):
        quote = page_html.find('"', found.end())
        close = page_html.find(">", quote + 1) if quote >= 0 else -1
        if close < 0 or "\n" in page_html[quote:close]:
            continue  # no ">" on the quote's line: no match ends at this id
        first = bisect.bisect_right(starts, found.start()) - 1
        last = bisect.bisect_right(starts, close) - 1
        for inside in range(first, last):
            keep[inside] = len(lines[inside])
        keep[last] = max(keep[last], close + 1 - starts[last])
    return "\n".join(line[:n] for line, n in zip(lines, keep, strict=True))


def update_anchor_ids(page_html: str, page_key: str) -> str:
    """print-site's ``update_anchor_ids``, with the same result in linear time.

    The same pattern finds the same tags, in the same order, and each is rewritten as the
    plugin does; it only never searches the parts of lines that cannot hold a match (see
    `_live_part`). tests/test_site_hooks.py compares the two.
    """
    for match in PLUGIN_ID_TAG.finditer(_live_part(page_html)):
        if match[1] not in PREFIXED_TAGS:
            continue
        prefixed = match[0].replace(match[2], f"{page_key}-{match[2]}")
        page_html = page_html.replace(match[0], prefixed)
    return page_html


def on_config(config):
    """MkDocs hook: print-site fixes each page's anchors with our `update_anchor_ids`."""
    print_site_urls.update_anchor_ids = update_anchor_ids
    return config


def _hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"nnfs_print_{name}", HOOKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def outside_target(fragment: str) -> str | None:
    """Where an anchor of a page the book leaves out really points, from print_page/.

    >>> outside_target("reference"), outside_target("reference-two_layer")
    ('../reference/', '../reference/two_layer/')
    >>> outside_target("nnfromscratch.course.activations.sigmoid")
    '../reference/activations/#nnfromscratch.course.activations.sigmoid'
    >>> outside_target("print_page"), outside_target("no-such-thing") is None
    ('./', True)
    >>> outside_target("nnfromscratch.general.mlp.MLP.forward")
    '../reference/mlp/#nnfromscratch.general.mlp.MLP.forward'
    """
    if fragment == "print_page":
        return "./"
    if fragment == "reference" or fragment.startswith("reference-"):
        return "../" + fragment.replace("-", "/") + "/"
    if fragment.startswith("nnfromscratch."):
        # nnfromscratch.GROUP.MODULE.name lives on reference/MODULE/ (docs/hooks/api_pages.py).
        parts = fragment.split(".")
        module = parts[2] if parts[1] in GROUPS and len(parts) > 2 else parts[1]
        return f"../reference/{module}/#{fragment}"
    return None


def finish(html: str) -> str:
    """The print page with the fixes described above."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))

    def repoint(match: re.Match[str]) -> str:
        fragment = match[1]
        if API_LINK in fragment:  # "#PAGE-nnfs-api:NAME" after the plugin's prefixing
            name = fragment.split(API_LINK, 1)[1]
            return f'href="#{name}"' if name in ids else f'href="{outside_target(name)}"'
        target = None if fragment in ids else outside_target(fragment)
        return match[0] if target is None else f'href="{target}"'

    html = ANCHOR_LINK.sub(repoint, html)
    html = _hook("offline_links").strip_repository_facts(html)
    html = _hook("widgets").widget_assets(html, "print_page/")
    return _hook("accessibility").name_search_dialog(html)


@event_priority(-100)  # after print-site has written the page
def on_post_build(config) -> None:
    """MkDocs hook: finish the print page as every other page is finished."""
    page = Path(config["site_dir"]) / "print_page" / "index.html"
    page.write_text(finish(page.read_text(encoding="utf-8")), encoding="utf-8")
