"""The built site, checked file by file: self-contained, typeset, and without broken links.

The site is built once per session by the `built_site` fixture (tests/conftest.py) with
``mkdocs build --strict``, so a warning of MkDocs or of a plugin already fails it. These
tests check what strict mode does not: that reading a page needs nothing from another
host, that every formula was typeset, that every link and anchor inside the site lands.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from site_html import (
    RAW_TEX,
    ROOT,
    html_pages,
    is_external,
    load_file,
    load_hook,
    parse_page,
    resolve,
    site_url,
)

# <link rel=...> values that make a browser fetch (or connect to) the URL.
FETCHING_RELS = {
    "stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch",
    "icon", "shortcut", "apple-touch-icon", "manifest",
}



@pytest.fixture(scope="module")
def pages(built_site: Path):
    return [parse_page(path) for path in html_pages(built_site)]


def fetched_urls(page) -> list[str]:
    """The URLs a browser would load (not merely link to) when showing the page."""
    urls = []
    for link in page.links:
        if link.tag == "a":
            continue  # following a link is the reader's choice; loading a page is not
        if link.tag == "link" and not FETCHING_RELS.intersection(link.rel.lower().split()):
            continue  # rel="canonical", "alternate", ...: metadata, never fetched
        urls.append(link.url)
    for style in page.styles:
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", style)
        urls += re.findall(r"@import\s+['\"]([^'\"]+)", style)
    return urls


def test_the_build_has_the_home_page_and_every_api_page(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    package = ROOT / "nnfromscratch"
    modules = sorted(p.stem for p in package.glob("*/*.py") if not p.stem.startswith("_"))
    assert len(modules) >= 20, modules  # the glob looks into the three groups
    missing = [m for m in modules if not (built_site / "reference" / m / "index.html").is_file()]
    assert not missing, f"public modules without an API page: {missing}"


def test_pages_load_nothing_from_another_host(pages) -> None:
    offending = {
        str(page.path.name if page.path.name != "index.html" else page.path.parent.name): [
            url for url in fetched_urls(page) if is_external(url) and not url.startswith("data:")
        ]
        for page in pages
    }
    offending = {page: urls for page, urls in offending.items() if urls}
    assert not offending, f"pages loading scripts, styles, fonts or images from elsewhere: {offending}"


def test_stylesheets_load_nothing_from_another_host(built_site: Path) -> None:
    offending = {}
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
        urls += re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text)
        external = [u for u in urls if is_external(u) and not u.startswith("data:")]
        if external:
            offending[str(css.relative_to(built_site))] = external
    assert not offending, f"stylesheets importing from elsewhere: {offending}"


def test_every_formula_is_typeset_and_no_raw_tex_is_left(pages, built_site: Path) -> None:
    untypeset = {str(p.path.relative_to(built_site)): p.untypeset for p in pages if p.untypeset}
    assert not untypeset, f"formulas left for a browser to typeset: {untypeset}"
    raw = {}
    for page in pages:
        hits = sorted({m[0] for text in page.prose for m in RAW_TEX.finditer(text)})
        if hits:
            raw[str(page.path.relative_to(built_site))] = hits
    assert not raw, f"raw TeX or unexpanded [[latex:...]] markers in the text: {raw}"


def test_the_first_chapter_really_shows_typeset_maths(pages, built_site: Path) -> None:
    # Guards the check above against passing because no page has maths at all. (The home
    # page has none: no formula before its symbols are defined, in chapter 1.)
    neuron = next(p for p in pages if p.path == built_site / "neuron" / "index.html")
    assert neuron.maths >= 3, "the neuron chapter should show inline and display maths"


def test_internal_links_and_anchors_resolve(pages, built_site: Path) -> None:
    ids = {page.path.resolve(): page.ids for page in pages}
    broken = []
    for page in pages:
        for link in page.links:
            target = resolve(built_site, page.path, link.url)
            if target is None:
                continue
            path, fragment = target
            where = f"{page.path.relative_to(built_site)}: <{link.tag} {link.attr}={link.url!r}>"
            if not path.is_file():
                broken.append(f"{where} -> no such file")
            elif fragment and path.suffix == ".html" and fragment not in ids.get(path, set()):
                broken.append(f"{where} -> no element with id {fragment!r}")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_the_home_page_links_the_published_book(pages) -> None:
    # The book is printed after the build, by the Pages workflow (and `python3 dev.py
    # book`), into the site's root folder: a local build never holds it, so the home page
    # links the published copy, the address tools/print_book.py's file gets on Pages.
    # tests/test_print_pdf.py prints and reads the book itself.
    book = load_file(ROOT / "tools" / "print_book.py", "print_book").BOOK
    home = pages[0]
    assert home.path.name == "index.html"
    links = [link.url for link in home.links if link.tag == "a"]
    assert "print_page/" in links and site_url() + book in links
    assert not [url for url in links if url.endswith(".pdf") and url != site_url() + book]


def test_every_image_has_alt_text(pages, built_site: Path) -> None:
    missing = [
        f"{page.path.relative_to(built_site)}: {image.src}"
        for page in pages
        for image in page.images
        if not (image.alt or "").strip()
    ]
    assert not missing, f"images without alt text: {missing}"


def test_cross_references_to_the_api_resolve(pages, built_site: Path) -> None:
    neuron = next(p for p in pages if p.path == built_site / "neuron" / "index.html")
    targets = {link.url for link in neuron.links if link.tag == "a"}
    assert "../reference/activations/#nnfromscratch.course.activations.sigmoid" in targets


def test_the_books_links_to_the_api_lead_to_its_reference_pages(built_site: Path) -> None:
    # The API is not in the book (print_page/); a link to it must leave the book for the
    # object's reference page, not land on a chapter whose name is part of the object's.
    book = (built_site / "print_page" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="autorefs[^"]*"[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', book)
    assert len(links) >= 10, "the book links to the API less than it did: is this check stale?"
    wrong = [(href, text) for href, text in links
             if not re.fullmatch(r"\.\./reference/\w+/#nnfromscratch\.[\w.]+", href)]
    assert not wrong, wrong


def test_generated_api_pages_are_edited_at_the_module_source(built_site: Path) -> None:
    text = (built_site / "reference" / "activations" / "index.html").read_text(encoding="utf-8")
    assert "https://github.com/nnfromscratch/nnfromscratch/edit/main/nnfromscratch/course/activations.py" in text


def test_the_repository_link_does_not_call_the_github_api(pages) -> None:
    for page in pages:
        assert 'data-md-component="source"' not in page.path.read_text(encoding="utf-8")


def test_search_index_finds_backpropagation_and_holds_no_tex(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["title"] + " " + doc["text"] for doc in index["docs"]]
    assert any("backpropagation" in text.lower() for text in texts)
    # Formulas are left out of the index (their text is glyph soup); code may show TeX.
    prose = [re.sub(r"<(pre|code)>.*?</\1>", "", text, flags=re.S) for text in texts]
    assert not [text[:80] for text in prose if RAW_TEX.search(text)]


def test_katex_script_css_and_fonts_are_one_release(built_site: Path) -> None:
    katex = ROOT / "docs" / "assets" / "katex"
    version = load_hook("katex_maths").katex_version()  # what the vendored script reports
    css = (katex / "katex.min.css").read_text(encoding="utf-8")
    assert f"KaTeX {version} stylesheet" in css
    assert f"version {version}" in (katex / "README.txt").read_text(encoding="utf-8")
    fonts = set(re.findall(r"url\((fonts/[^)]+)\)", css))
    assert fonts, "the KaTeX stylesheet names no fonts"
    missing = [f for f in fonts if not (built_site / "assets" / "katex" / f).is_file()]
    assert not missing, f"KaTeX fonts missing from the site: {missing}"
    # The script typesets at build time only: no page loads it, so the site does not ship it.
    assert not list(built_site.rglob("katex*.js"))


@pytest.mark.slow
def test_properdocs_builds_the_same_site_strict(built_site: Path, tmp_path: Path) -> None:
    """ProperDocs, the maintained MkDocs 1.6 fork (CONTRIBUTING.md: "After Material's end of life"),
    builds this mkdocs.yml strict, hooks and plugins included, into the same files as MkDocs
    does: every file byte for byte, but for the generator's name in each page's head.

    It builds under another hash seed than the suite's build, so this also checks that no
    page depends on the order of a set or dict of strings (the print page once did)."""
    site = tmp_path / "properdocs-site"
    seed = os.environ.get("PYTHONHASHSEED", "")
    other_seed = str((int(seed) + 1) % 2**32) if seed.isdigit() else "1"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict",
         "--config-file", "mkdocs.yml", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONHASHSEED": other_seed},
    )
    assert result.returncode == 0, "properdocs build --strict failed:\n" + result.stdout + result.stderr

    def files(root: Path) -> dict[str, bytes]:
        generator = rb'<meta name="generator" content="[^"]*">'
        return {str(path.relative_to(root)): re.sub(generator, b"", path.read_bytes())
                for path in sorted(root.rglob("*")) if path.is_file()}

    by_mkdocs, by_properdocs = files(built_site), files(site)
    assert sorted(by_properdocs) == sorted(by_mkdocs)
    assert [name for name in by_mkdocs if by_properdocs[name] != by_mkdocs[name]] == []
    assert b"ProperDocs" in (site / "index.html").read_bytes()  # it was ProperDocs that built it


def test_figures_are_generated_and_reproducible(built_site: Path) -> None:
    figures = load_hook("generated_figures")
    module = figures.load_module(ROOT / "docs" / "figures" / "activations.py")
    fresh = figures.render_svg(module.FIGURES["sigmoid.svg"])
    built = (built_site / "figures" / "sigmoid.svg").read_bytes()
    assert built == fresh, "the same code drew a different SVG in another process"
    assert b"<dc:date>" not in built and b"<image" not in built


def test_the_hosting_configurations_are_valid() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "push" in triggers and "pull_request" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    commands = " ".join(step.get("run", "") for step in build["steps"])
    assert "-c constraints.txt" in commands and "mkdocs build --strict" in commands
    # The book the home page links is printed from the build, before the upload.
    runs = [step.get("run", "") for step in build["steps"]]
    built = [i for i, run in enumerate(runs) if "mkdocs build --strict --site-dir site" in run]
    printed = [i for i, run in enumerate(runs) if run == "python tools/print_book.py site"]
    uploads = [i for i, step in enumerate(build["steps"])
               if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert built and printed and uploads, (built, printed, uploads)
    assert built[0] < printed[0] < uploads[0], "build, then print the book, then upload"
    assert build["steps"][uploads[0]]["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")

    # Publishing runs the checks: the README's test command is a job of its own, the build
    # needs it and the deployment needs the build, so failing tests publish nothing.
    test = workflow["jobs"]["test"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py test" in readme
    assert [step.get("run") for step in test["steps"] if "run" in step] == ["python3 dev.py test"]
    assert build["needs"] == "test"
    assert "if" not in test and "continue-on-error" not in test
    assert not any(step.get("continue-on-error") for step in test["steps"])
    # The only published copy: the Read the Docs copy, which could not run the tests first,
    # was dropped (CONTRIBUTING.md, "Hosting").
    assert not (ROOT / ".readthedocs.yaml").exists()
