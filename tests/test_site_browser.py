"""Every page of the built site, opened in headless Chromium as a reader would open it.

The site from the `built_site` fixture is served on 127.0.0.1 under the same path as on
GitHub Pages (``/nnfromscratch/``). Each page is loaded once, and these must all hold:

* no console error, no failed request, no request to any host but 127.0.0.1;
* every formula typeset: each holds KaTeX's output, each visible one has a size, the KaTeX
  fonts loaded, and no raw TeX is left in the visible text;
* every image loaded (non-zero natural width) and has alt text;
* and, on the home page, the search box finds "backpropagation".

With ``--screenshots`` (``python3 dev.py test --screenshots``), a full-page screenshot of
each page goes to ``screenshots/`` (ignored by git), plus a dark-theme one of each page with
a figure, for people to look at. They are off by default: they cost more than the checks.

The browser is the one ``python3 dev.py test`` finds (``dev.find_chromium``: the executable
the CHROMIUM environment variable names, else Chromium, Chrome or Edge on PATH or where
macOS and Windows install them; as root on Debian, dev.py installs Debian's ``chromium``).
Without one this test FAILS, with dev.py's instructions; it never skips. Playwright only
drives it: the tests never download a browser.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import BrowserContext, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout
from site_html import (
    LAUNCH_ARGS,
    RAW_TEX,
    ROOT,
    chromium_executable,
    html_pages,
    no_browser_message,
    page_url_path,
    serve,
    site_prefix,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = ROOT / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}
VIEWPORT = {"width": 1280, "height": 900}
PAGES_AT_ONCE = 4

# Runs in the page once it has loaded. Returns what the assertions below need.
INSPECT_PAGE = """
(rawTexPattern) => {
  const rawTex = new RegExp(rawTexPattern);
  // Open every collapsible block, so that maths inside one is measured too.
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const visible = el => el.checkVisibility({visibilityProperty: true});
  const short = el => el.textContent.trim().slice(0, 80);
  const notTypeset = [...document.querySelectorAll('.arithmatex')]
    .filter(m => !m.querySelector('.katex')).map(short);
  const noSize = [...document.querySelectorAll('.katex')].filter(visible).filter(k => {
    const box = k.getBoundingClientRect();
    return box.width === 0 || box.height === 0;
  }).map(short);
  const notProse = 'pre, code, script, style, annotation, textarea, svg, .katex-mathml';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const rawText = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest(notProse) || !visible(parent)) continue;
    if (rawTex.test(node.textContent)) rawText.push(node.textContent.trim().slice(0, 80));
  }
  const images = [...document.images].map(img => ({
    src: img.getAttribute('src'),
    loaded: img.complete && img.naturalWidth > 0,
    alt: (img.getAttribute('alt') || '').trim(),
  }));
  const fontErrors = [...document.fonts].filter(f => f.status === 'error').map(f => f.family);
  const katexFontsLoaded = [...document.fonts]
    .filter(f => f.family.includes('KaTeX') && f.status === 'loaded').length;
  return {maths: document.querySelectorAll('.arithmatex').length, notTypeset, noSize,
          rawText, images, fontErrors, katexFontsLoaded};
}
"""


def find_chromium() -> str:
    """Chromium's executable, or a test failure that says how to get one."""
    explicit = os.environ.get("CHROMIUM")
    if explicit and not Path(explicit).exists():
        pytest.fail(f"CHROMIUM={explicit} does not exist", pytrace=False)
    found = chromium_executable()
    if found:
        return found
    pytest.fail(no_browser_message(), pytrace=False)


@dataclass
class PageReport:
    """What one page did in the browser."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    inspection: dict = field(default_factory=dict)


@dataclass
class BrowserRun:
    """Everything the browser saw, for the assertions below."""

    pages: dict[str, PageReport] = field(default_factory=dict)
    external_requests: list[str] = field(default_factory=list)
    search_results: int = 0
    search_meta: str = ""


def screenshot_name(url_path: str) -> str:
    relative = url_path[len(site_prefix()) :].strip("/")
    return (relative.replace("/", "--") or "index") + ".png"


def is_search_index(response) -> bool:
    return response.url.split("?")[0].endswith("search/search_index.json")


# The print page (the whole course) takes far longer than 30 s to settle on a busy 2-core machine.
GOTO_TIMEOUT_MS = 180_000

async def visit(context: BrowserContext, url: str, screenshots: bool) -> PageReport:
    report = PageReport()
    page = await context.new_page()
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: report.console_errors.append(str(error)))
    page.on("requestfailed", lambda r: report.failed_requests.append(f"{r.url}: {r.failure}"))
    page.on(
        "response",
        lambda r: report.failed_requests.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None,
    )
    # The theme's search worker fetches the index after "load": wait for it too, so that
    # every request the page makes has finished (and been checked) before it closes.
    async with context.expect_event("response", is_search_index, timeout=20_000):
        await page.goto(url, wait_until="networkidle", timeout=GOTO_TIMEOUT_MS)
    await page.evaluate("document.fonts.ready.then(() => null)")
    if screenshots:
        path = SCREENSHOTS / screenshot_name(urlsplit(url).path)
        await page.screenshot(path=path, full_page=True)
    report.inspection = await page.evaluate(INSPECT_PAGE, RAW_TEX.pattern)
    await page.close()
    return report


async def search(
    context: BrowserContext, url: str, query: str, screenshots: bool
) -> tuple[int, str]:
    """Type ``query`` into the theme's search box; the number of results and their summary."""
    page = await context.new_page()
    await page.goto(url, wait_until="networkidle", timeout=GOTO_TIMEOUT_MS)
    box = page.locator("input.md-search__input")
    await box.click()
    await box.press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item")
    try:
        await results.first.wait_for(state="visible", timeout=15_000)
    except PlaywrightTimeout:
        pass  # no result: the count below is 0 and the theme's own words say why
    count = await results.count()
    meta = await page.locator(".md-search-result__meta").inner_text()
    if screenshots:
        await page.screenshot(path=SCREENSHOTS / f"search--{query}.png")
    await page.close()
    return count, meta


async def dark_screenshot(context: BrowserContext, url: str) -> None:
    page = await context.new_page()
    await page.goto(url, wait_until="networkidle", timeout=GOTO_TIMEOUT_MS)
    name = screenshot_name(urlsplit(url).path).replace(".png", "--dark.png")
    await page.screenshot(path=SCREENSHOTS / name, full_page=True)
    await page.close()


async def drive_browser(
    chromium: str, base: str, url_paths: list[str], screenshots: bool
) -> BrowserRun:
    """Visit every page, a few at a time (most of a visit is waiting), then search."""
    run = BrowserRun()
    slots = asyncio.Semaphore(PAGES_AT_ONCE)

    def watch(request) -> None:
        if urlsplit(request.url).hostname not in LOCAL_HOSTS and not request.url.startswith("data:"):
            run.external_requests.append(request.url)

    async def only_local(route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            await route.continue_()
        else:
            run.external_requests.append(route.request.url)
            await route.abort()

    async def in_slot(job):
        async with slots:
            return await job

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            light = await browser.new_context(viewport=VIEWPORT)
            light.on("request", watch)
            await light.route("**/*", only_local)
            visits = (in_slot(visit(light, base + u, screenshots)) for u in url_paths)
            reports = await asyncio.gather(*visits)
            run.pages = dict(zip(url_paths, reports, strict=True))
            run.search_results, run.search_meta = await search(
                light, base + site_prefix(), "backpropagation", screenshots
            )
            if not screenshots:
                return run
            # The pages with figures again, on the dark theme, for people to check contrast.
            dark = await browser.new_context(viewport=VIEWPORT, color_scheme="dark")
            dark.on("request", watch)
            await dark.route("**/*", only_local)
            with_figures = [
                u for u, r in run.pages.items()
                if any("figures/" in (image["src"] or "") for image in r.inspection["images"])
            ]
            await asyncio.gather(*(in_slot(dark_screenshot(dark, base + u)) for u in with_figures))
        finally:
            await browser.close()
    return run


@pytest.fixture(scope="session")
def browser_run(built_site: Path, request: pytest.FixtureRequest) -> BrowserRun:
    chromium = find_chromium()
    screenshots = request.config.getoption("--screenshots")
    if screenshots:
        SCREENSHOTS.mkdir(exist_ok=True)
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()  # no screenshot of a page that no longer exists
    url_paths = [page_url_path(built_site, path) for path in html_pages(built_site)]
    with serve(built_site) as base:
        return asyncio.run(drive_browser(chromium, base, url_paths, screenshots))


def per_page(run: BrowserRun, pick) -> dict[str, object]:
    found = {url: pick(report) for url, report in run.pages.items()}
    return {url: value for url, value in found.items() if value}


def test_every_page_was_visited(browser_run: BrowserRun, built_site: Path) -> None:
    assert len(browser_run.pages) == len(html_pages(built_site))
    assert all(report.inspection for report in browser_run.pages.values())


def test_no_console_errors(browser_run: BrowserRun) -> None:
    assert not per_page(browser_run, lambda r: r.console_errors)


def test_no_failed_requests(browser_run: BrowserRun) -> None:
    assert not per_page(browser_run, lambda r: r.failed_requests)


def test_no_request_leaves_the_machine(browser_run: BrowserRun) -> None:
    assert not browser_run.external_requests


def test_every_formula_is_typeset(browser_run: BrowserRun) -> None:
    assert not per_page(browser_run, lambda r: r.inspection["notTypeset"])
    assert not per_page(browser_run, lambda r: r.inspection["noSize"])
    assert not per_page(browser_run, lambda r: r.inspection["rawText"])
    assert not per_page(browser_run, lambda r: r.inspection["fontErrors"])
    # The checks above mean something only if formulas were there to check.
    pages_with_maths = per_page(browser_run, lambda r: r.inspection["maths"])
    assert pages_with_maths, "no page has a formula: the maths checks checked nothing"
    assert not [url for url in pages_with_maths if not browser_run.pages[url].inspection["katexFontsLoaded"]]


def test_every_image_loaded_and_has_alt_text(browser_run: BrowserRun) -> None:
    assert not per_page(browser_run, lambda r: [i["src"] for i in r.inspection["images"] if not i["loaded"]])
    assert not per_page(browser_run, lambda r: [i["src"] for i in r.inspection["images"] if not i["alt"]])
    assert per_page(browser_run, lambda r: r.inspection["images"]), "no page has an image to check"


def test_search_finds_backpropagation(browser_run: BrowserRun) -> None:
    assert browser_run.search_results >= 1, f"search said: {browser_run.search_meta!r}"
