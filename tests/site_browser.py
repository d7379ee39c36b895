"""Every page of the built site, visited once per view in headless Chromium.

One visit serves the checks of the pages: what test_site_browser.py asserts (no console
error, no failed or outside request, every formula typeset, every image loaded), what
test_site_layout.py asserts (nothing cut, nothing sticking out, figure labels legible,
accessibility, contrast of checked outputs) and what test_phone_width.py asserts (formulas
that fit a phone's column, code that rarely scrolls there). Every page is opened in two views: 390 px wide
(a phone) in the light theme, and 1280 px wide (a desktop) in the dark theme, so that every
page is seen at both widths and in both themes (the layout does not change with the theme,
nor the colours with the width). The print page, the whole course on one page, is opened
on the desktop only: test_print_pdf.py checks it laid out for paper, and on screen it holds
the same chapters, each checked on its own.

Two tabs share the pages out, each in its own browser context, and go from page to page
as a reader does (with the theme's files cached and compiled after the first page, a page
loads for half the work). Each page is loaded once, at the phone's width and scheme; for
the desktop the same page is then resized and switched to the dark scheme. (Measured alone
on 2 cores: a fresh context and a load per page and view took 160 s; one load per page,
110 s; and tabs that move on, 65 s.) In each view, once the page, the theme's search index,
the fonts and every colour transition are done: a screenshot with ``--screenshots``;
axe-core (the copy bundled by the pinned axe-playwright-python package, injected into the
page: no network), on the page as it loads, unless ``-m "not audit"`` left out the
tests that read it; then both inspections, which
open every collapsed block and show every tab's panel, measure, and put the page back as it
was. The search box is tried once, on the home page.

The browser is the one ``python3 dev.py test`` finds (``dev.find_chromium``); without one
the tests FAIL, with dev.py's instructions; they never skip. Playwright only drives it: the
tests never download a browser.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout
from site_html import (
    LAUNCH_ARGS,
    RAW_TEX,
    ROOT,
    html_pages,
    leaves_the_machine,
    page_url_path,
    serve,
    site_prefix,
)

SCREENSHOTS = ROOT / "screenshots"
# name: (width, theme)
VIEWS = {"phone": (390, "light"), "desktop": (1280, "dark")}
HEIGHT = 900
TABS = 2  # the browser keeps about two cores busy with two tabs; more only wait
# The print page (the whole course) takes far longer than 30 s to settle on a busy 2-core machine.
GOTO_TIMEOUT_MS = 180_000
AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")

# The fonts loaded and the page still: no transition running over two checks in a row (the
# theme fades colours in 0.25 s when the scheme changes, and slides its tabs in when the
# window widens, a moment after the resize; measured or drawn sooner, they are half-way).
SETTLED = """
async () => {
  await document.fonts.ready;
  const pause = () => new Promise(done => requestAnimationFrame(() =>
    requestAnimationFrame(() => setTimeout(done, 30))));
  for (let quiet = 0, rounds = 0; quiet < 2 && rounds < 40; rounds++) {
    await pause();
    const ending = document.getAnimations().filter(a => a.playState === 'running'
      && Number.isFinite(a.effect?.getComputedTiming().endTime));
    quiet = ending.length ? 0 : quiet + 1;
    // At most 2 s a round: a transition the page cancels or restarts never "finishes".
    await Promise.race([Promise.all(ending.map(a => a.finished.catch(() => null))),
                        new Promise(done => setTimeout(done, 2000))]);
  }
  return null;
}
"""

# Runs in the page once it has loaded. Returns what test_site_browser.py asserts.
INSPECT_PAGE = """
(rawTexPattern) => {
  const rawTex = new RegExp(rawTexPattern);
  // Open every collapsible block, so that maths inside one is measured too (and close
  // them again at the end: the page's other view starts from the page as it loaded).
  const closed = [...document.querySelectorAll('details')].filter(d => !d.open);
  closed.forEach(d => { d.open = true; });
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
  closed.forEach(d => { d.open = false; });
  return {maths: document.querySelectorAll('.arithmatex').length, notTypeset, noSize,
          rawText, images, fontErrors, katexFontsLoaded};
}
"""


# Runs in the page once it has loaded; returns what test_site_layout.py asserts.
INSPECT_LAYOUT = r"""
async () => {
  // Every block opened and every tab's panel shown, as INSPECT_PAGE; undone at the end.
  const closed = [...document.querySelectorAll('details')].filter(d => !d.open);
  closed.forEach(d => { d.open = true; });
  const show = document.createElement('style');
  show.textContent = '.tabbed-set > .tabbed-content > .tabbed-block { display: block !important; }';
  document.head.append(show);
  // What was hidden when the scheme changed fades to its new colours only now.
  await (""" + SETTLED.strip() + r""")();
  const visible = el => el.checkVisibility({visibilityProperty: true});
  const short = el => el.textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
  // A table scrolls in the box the theme wraps it in, or by itself where it is not wrapped.
  const kinds = [['formula', 'div.arithmatex'], ['code', 'pre > code'],
                 ['table', 'table:not(.highlighttable)'], ['table', '.md-typeset__scrollwrap']];
  const content = document.querySelector('.md-content');
  const column = content ? content.getBoundingClientRect() : null;
  const boxes = [], cut = [], outside = [], widths = [];
  // Where a block is: in a block that was collapsed, in the Exercises section.
  const h2s = [...document.querySelectorAll('.md-content h2')];
  const ex = h2s.findIndex(h => h.id === 'exercises');
  const after = (a, b) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  const inExercises = el => ex >= 0 && after(h2s[ex], el) && !(h2s[ex + 1] && after(h2s[ex + 1], el));
  for (const [kind, selector] of kinds) {
    for (const el of document.querySelectorAll('.md-content ' + selector)) {
      if (!visible(el)) continue;
      const style = getComputedStyle(el);
      const overflows = el.scrollWidth > el.clientWidth + 1;
      boxes.push(kind);
      // Each formula and code block: wider than its box? (tests/test_phone_width.py)
      if (kind !== 'table') widths.push({kind, overflows, text: short(el),
        collapsed: closed.some(d => d.contains(el)), exercises: inExercises(el)});
      if (overflows) {
        const scrolls = ['auto', 'scroll'].includes(style.overflowX);
        const layers = style.backgroundAttachment.split(',').map(s => s.trim());
        const cue = layers.includes('local') && layers.includes('scroll')
          && (style.backgroundImage.match(/gradient/g) || []).length >= 4;
        if (!scrolls || !cue) cut.push({kind, scrolls, cue, text: short(el)});
      }
    }
  }
  if (column) {
    // Nothing in the column may stick out of it (an inline formula, a picture, a table),
    // unless it is inside a box that scrolls (checked above).
    const scroller = el => {
      for (let node = el.parentElement; node && node !== content; node = node.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) return true;
      }
      return false;
    };
    for (const el of content.querySelectorAll('.md-typeset > *, .md-typeset span.arithmatex, .md-typeset img')) {
      if (!visible(el) || scroller(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width && (box.right > column.right + 1 || box.left < column.left - 1)) {
        outside.push({tag: el.tagName, cls: el.className, text: short(el),
                      left: Math.round(box.left), right: Math.round(box.right)});
      }
    }
  }
  const root = document.documentElement;
  const figures = [...document.querySelectorAll('.md-content img')]
    .filter(img => (img.getAttribute('src') || '').includes('figures/') && visible(img))
    .map(img => ({src: new URL(img.src).pathname, width: img.getBoundingClientRect().width}));

  // Contrast of the checked outputs against that of the prose (WCAG's formula).
  const rgba = text => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = '1'] = m[1].split(/[ ,/]+/).filter(Boolean);
    return [+r, +g, +b, +a];
  };
  const background = el => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const over = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const luminance = c => {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = el => {
    const bg = background(el), fg = over(rgba(getComputedStyle(el).color), bg);
    const [a, b] = [luminance(fg), luminance(bg.slice(0, 3))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  const prose = [...document.querySelectorAll('.md-content .md-typeset > p')].find(visible);
  const outputs = [...document.querySelectorAll('.md-content pre .go')].filter(visible);
  const found = {
    boxes, cut, outside, figures, widths,
    pageScrolls: root.scrollWidth > root.clientWidth,
    scheme: document.body.getAttribute('data-md-color-scheme'),
    proseContrast: prose ? contrast(prose) : null,
    outputContrast: outputs.length ? Math.min(...outputs.map(contrast)) : null,
  };
  show.remove();
  closed.forEach(d => { d.open = false; });
  return found;
}
"""

RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160)),
    count: v.nodes.length,
  }));
}
"""


@dataclass
class Visit:
    """One page in one view: what the browser saw and measured there."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    inspection: dict = field(default_factory=dict)  # INSPECT_PAGE's result
    layout: dict = field(default_factory=dict)  # INSPECT_LAYOUT's result
    violations: list[dict] = field(default_factory=list)  # axe-core's findings


@dataclass
class SiteVisits:
    """Every visit, keyed by (URL path, view name), and what else the browser saw."""

    visits: dict[tuple[str, str], Visit] = field(default_factory=dict)
    external_requests: list[str] = field(default_factory=list)
    search_results: int = 0
    search_meta: str = ""


def where(visits: dict[tuple[str, ...], Visit], pick) -> dict[str, object]:
    """What ``pick`` finds in each visit, for the visits where it finds something; keyed by
    the visit's key (URL path, view, ...) as one string, for a readable failure."""
    found = {" ".join(key): pick(visit) for key, visit in visits.items()}
    return {key: value for key, value in found.items() if value}


def is_print_page(url_path: str) -> bool:
    return url_path[len(site_prefix()) :].strip("/") == "print_page"


def screenshot_name(url_path: str, view: str) -> str:
    relative = url_path[len(site_prefix()) :].strip("/")
    return f"{relative.replace('/', '--') or 'index'}--{view}.png"


def is_search_index(response) -> bool:
    return response.url.split("?")[0].endswith("search/search_index.json")


class _Tab:
    """One browser tab that visits page after page; what it sees goes to ``report``."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.report = Visit()
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.report.console_errors.append(str(error)))
        page.on("requestfailed",
                lambda r: self.report.failed_requests.append(f"{r.url}: {r.failure}"))
        page.on("response", self.response)

    def console(self, message) -> None:
        if message.type == "error":
            # Where it came from: an error logged late, after the tab moved on, is reported
            # with the next page's visit, but still names the file that logged it.
            where = message.location or {}
            self.report.console_errors.append(
                f"{message.text} (from {where.get('url') or 'an unknown file'}"
                f":{where.get('lineNumber', '?')})")

    def response(self, response) -> None:
        if response.status >= 400:
            self.report.failed_requests.append(f"{response.url}: HTTP {response.status}")


class _Browser:
    """One Chromium for every page, and a few tabs in it that share the pages out."""

    def __init__(self, browser: Browser, base: str, run: SiteVisits) -> None:
        self.browser, self.base, self.run = browser, base, run

    async def context(self, view: str) -> BrowserContext:
        width, theme = VIEWS[view]
        context = await self.browser.new_context(
            viewport={"width": width, "height": HEIGHT}, color_scheme=theme
        )

        # Watched, not intercepted (an interception is a round trip to Python for every
        # file): LAUNCH_ARGS already keep any other host from resolving, and this records
        # the attempt.
        def outside(request) -> None:
            if leaves_the_machine(request.url):
                self.run.external_requests.append(request.url)

        context.on("request", outside)
        return context

    async def visit(self, tab: _Tab, url_path: str, views: list[str], screenshots: bool,
                    audit: bool) -> dict[str, Visit]:
        """Load the page once, in the first view; then show it in each other view.

        Loading a page is most of a visit's work (the theme's scripts, the typeset maths,
        the search index), so each view after the first is the same page resized and
        switched to that view's colour scheme, as a reader's browser does when the window
        narrows or the system theme changes. The theme and the site lay out with CSS media
        queries and listen for those changes; INSPECT_LAYOUT's ``scheme`` and
        test_site_layout.py check that the page did follow.
        """
        page = tab.page
        reports = {view: Visit() for view in views}
        tab.report = reports[views[0]]
        await self.show_as(page, views[0])
        # The theme's search worker fetches the index after "load": wait for it too, so
        # that every request the page makes has been made (and checked) before it closes.
        # One deadline for both: on a busy machine the print page alone can take a minute
        # to load (a 60 s wait for the index, started before the load, once ran out).
        try:
            async with page.context.expect_event("response", is_search_index,
                                                 timeout=GOTO_TIMEOUT_MS):
                await page.goto(self.base + url_path, wait_until="load", timeout=GOTO_TIMEOUT_MS)
        except PlaywrightTimeout as error:
            raise PlaywrightTimeout(
                f"{url_path} ({views[0]}): the page or the theme's search index did not "
                f"load within {GOTO_TIMEOUT_MS // 1000} s; failed requests: "
                f"{tab.report.failed_requests}"
            ) from error
        for view in views:
            tab.report = reports[view]
            await self.show_as(page, view)
            await page.evaluate(SETTLED)
            await self.inspect(page, url_path, view, tab.report, screenshots, audit)
        return reports

    @staticmethod
    async def show_as(page: Page, view: str) -> None:
        width, theme = VIEWS[view]
        await page.set_viewport_size({"width": width, "height": HEIGHT})
        await page.emulate_media(color_scheme=theme)

    @staticmethod
    async def inspect(page: Page, url_path: str, view: str, report: Visit, screenshots: bool,
                      audit: bool) -> None:
        # Not of the print page: a picture a hundred screens tall helps nobody (the PDF
        # test prints it), and drawing it takes minutes on a busy machine.
        if screenshots and not is_print_page(url_path):
            await page.screenshot(path=SCREENSHOTS / screenshot_name(url_path, view),
                                  full_page=True, timeout=GOTO_TIMEOUT_MS)
        if not is_print_page(url_path):
            if audit:  # before the blocks are opened: the page as it loads
                await page.add_script_tag(content=AXE_SCRIPT)
                report.violations = await page.evaluate(RUN_AXE)
            report.layout = await page.evaluate(INSPECT_LAYOUT)
        report.inspection = await page.evaluate(INSPECT_PAGE, RAW_TEX.pattern)

    async def search(self, query: str, screenshots: bool) -> tuple[int, str]:
        """Type ``query`` into the theme's search box; the number of results and their summary."""
        context = await self.context("desktop")
        try:
            page = await context.new_page()
            await page.goto(self.base + site_prefix(), wait_until="networkidle", timeout=GOTO_TIMEOUT_MS)
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
            return count, meta
        finally:
            await context.close()


async def _drive(chromium: str, base: str, url_paths: list[str], screenshots: bool,
                 audit: bool) -> SiteVisits:
    run = SiteVisits()
    # The print page (the whole course) first: started last, it would end long after the rest.
    waiting = sorted(url_paths, key=lambda url_path: not is_print_page(url_path))
    found: dict[str, dict[str, Visit]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            driver = _Browser(browser, base, run)

            async def tab_work() -> None:
                # One context and one tab, which visit page after page, as a reader moves
                # through the site: a page loads in half the time once the theme's files
                # are cached and compiled, and no new browser process is started for it.
                context = await driver.context(next(iter(VIEWS)))
                try:
                    tab = _Tab(await context.new_page())
                    while waiting:
                        url_path = waiting.pop(0)
                        views = ["desktop"] if is_print_page(url_path) else list(VIEWS)
                        found[url_path] = await driver.visit(tab, url_path, views,
                                                             screenshots, audit)
                finally:
                    await context.close()

            await asyncio.gather(*(tab_work() for _ in range(TABS)))
            run.visits = {(url_path, view): visit for url_path in url_paths
                          for view, visit in found[url_path].items()}
            run.search_results, run.search_meta = await driver.search("backpropagation", screenshots)
        finally:
            await browser.close()
    return run


def visit_site(site: Path, chromium: str, *, screenshots: bool, audit: bool) -> SiteVisits:
    """Serve `site` on 127.0.0.1 and visit every page in every view."""
    if screenshots:
        SCREENSHOTS.mkdir(exist_ok=True)
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()  # no screenshot of a page that no longer exists
    url_paths = [page_url_path(site, path) for path in html_pages(site)]
    with serve(site) as base:
        return asyncio.run(_drive(chromium, base, url_paths, screenshots, audit))
