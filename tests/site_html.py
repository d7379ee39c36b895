"""Reading a built site: its pages, their links, images, ids and visible text.

Shared by test_site_build.py (static checks) and test_site_browser.py, and by
benchmarks/site_build.py; with them, what several tests need: a hook imported from its
file, a copy of the repository to build elsewhere. Standard library only.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
# How the checks start Chromium: headless, and quiet (no update checks, sync or first-run
# requests of its own).
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Belt and braces: even a request the browser test missed could not reach anyone.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# Elements whose text is not prose: code may legitimately show TeX or `$$`, and KaTeX keeps
# each formula's source in a hidden MathML <annotation> for screen readers and copying.
NOT_PROSE = {"pre", "code", "script", "style", "annotation", "textarea", "svg"}
# A formula element (arithmatex) whose content does not start with KaTeX's output.
FORMULA = re.compile(r'<(?:span|div)[^>]*\bclass="arithmatex[^"]*"[^>]*>(?P<start>.{0,60})', re.S)
# Raw TeX that should have been typeset, or a formula marker that was not expanded.
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\(?:frac|begin|end|text|partial|sum)\b|\[\[latex:")


def copy_of_the_repository(into: Path) -> None:
    """Copy the repository's tracked files (``git ls-files``) as they are in the work tree."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():  # a file deleted but not yet committed is left out
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)


def site_url() -> str:
    """The ``site_url`` of mkdocs.yml (read as text: the file holds Python YAML tags)."""
    match = re.search(r"^site_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text(), re.M)
    if match is None:
        raise AssertionError("mkdocs.yml has no site_url")
    return match[1]


def site_prefix() -> str:
    """The path the site is served under, e.g. ``/nnfromscratch/`` for GitHub Pages."""
    path = urlsplit(site_url()).path
    return path if path.endswith("/") else path + "/"


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site, sorted, home page first."""
    pages = sorted(site.rglob("*.html"), key=lambda p: (p != site / "index.html", str(p)))
    assert pages, f"no HTML pages under {site}"
    return pages


def page_url_path(site: Path, page: Path) -> str:
    """The URL path a page is served at, under the site prefix (``.../reference/x/``)."""
    relative = page.relative_to(site).as_posix()
    if relative == "index.html":
        relative = ""
    elif relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return site_prefix() + relative


@dataclass
class Link:
    """One URL a page refers to: where, and how (``a[href]``, ``img[src]``, ...)."""

    tag: str
    attr: str
    url: str
    rel: str = ""


@dataclass
class Image:
    """An ``<img>``: its source and alt text (None when the attribute is missing)."""

    src: str
    alt: str | None


@dataclass
class ParsedPage:
    """What the checks need from one page."""

    path: Path
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    prose: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    maths: int = 0  # elements of class "arithmatex": every formula of the page
    untypeset: list[str] = field(default_factory=list)  # formulas not holding KaTeX's HTML


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.skip = 0
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        for attr in ("href", "src", "data", "poster"):
            if attr in values:
                self.page.links.append(Link(tag, attr, values[attr], values.get("rel", "")))
        for attr in ("srcset", "imagesrcset"):
            for candidate in values.get(attr, "").split(","):
                if candidate.strip():
                    self.page.links.append(Link(tag, attr, candidate.split()[0]))
        if values.get("style"):
            self.page.styles.append(values["style"])
        if tag == "img":
            self.page.images.append(Image(values.get("src", ""), dict(attrs).get("alt")))
        if tag in NOT_PROSE:
            self.skip += 1
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_PROSE and self.skip:
            self.skip -= 1
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.page.styles.append(data)
        elif not self.skip and data.strip():
            self.page.prose.append(data)


def parse_page(path: Path) -> ParsedPage:
    """Parse one built page."""
    page = ParsedPage(path)
    parser = _Parser(page)
    text = path.read_text(encoding="utf-8")
    parser.feed(text)
    parser.close()
    for formula in FORMULA.finditer(text):
        page.maths += 1
        if not formula["start"].startswith(('<span class="katex">', '<span class="katex-display">')):
            page.untypeset.append(formula["start"])
    return page


def is_external(url: str) -> bool:
    """True for a URL that leaves the site (another host, or a protocol-relative URL).

    >>> is_external("https://example.org/x.css"), is_external("//cdn.example/x.js")
    (True, True)
    >>> is_external("../assets/x.css"), is_external("#top"), is_external("/nnfromscratch/")
    (False, False, False)
    """
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "file")


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file a site-internal URL points at and its fragment; None if it is external.

    Root-relative URLs (``/nnfromscratch/...``, as on the 404 page) are resolved under the
    site prefix; folders resolve to their ``index.html``.
    """
    if is_external(url):
        return None
    parts = urlsplit(url)
    fragment = unquote(parts.fragment)
    path = unquote(parts.path)
    if not path:
        return page, fragment
    if path.startswith("/"):
        prefix = site_prefix()
        if not path.startswith(prefix):
            return site / "__outside_the_site__" / path.lstrip("/"), fragment
        target = site / path[len(prefix) :]
    else:
        target = page.parent / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve(), fragment


def leaves_the_machine(url: str) -> bool:
    """Whether a browser request for `url` would go to another host (data: URLs stay)."""
    return urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")


def chromium_executable() -> str | None:
    """The CHROMIUM environment variable's browser, else the first Chromium on PATH.

    The same search `python3 dev.py test` makes before it runs the tests (one definition,
    in dev.py, so the two can never disagree about which browser is meant).
    """
    return dev_module().find_chromium()


def find_chromium() -> str:
    """Chromium's executable, or a test failure that says how to get one (never a skip)."""
    import pytest

    explicit = os.environ.get("CHROMIUM")
    if explicit and not Path(explicit).exists():
        pytest.fail(f"CHROMIUM={explicit} does not exist", pytrace=False)
    found = chromium_executable()
    if found:
        return found
    pytest.fail(no_browser_message(), pytrace=False)


def no_browser_message() -> str:
    """What `python3 dev.py test` says when no browser is found: how to get one, per system."""
    dev = dev_module()
    return dev.NO_BROWSER.format(where="", python=dev.PYTHON)


def load_file(path: Path, name: str) -> ModuleType:
    """The Python file `path` imported as a fresh module called `name` (not on sys.path)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def load_hook(name: str) -> ModuleType:
    """A hook of docs/hooks/, imported from its file as MkDocs does (a fresh module each call)."""
    return load_file(ROOT / "docs" / "hooks" / f"{name}.py", f"_test_hook_{name}")


def dev_module() -> ModuleType:
    """dev.py, imported from its file (it is a script, not a module on sys.path)."""
    return load_file(ROOT / "dev.py", "nnfromscratch_dev")


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site under the site prefix, like GitHub Pages; quiet."""

    def translate_path(self, path: str) -> str:
        prefix = site_prefix()
        url_path = urlsplit(path).path
        if not url_path.startswith(prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1; yields the site's base URL."""
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
