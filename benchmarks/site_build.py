"""How fast the course site builds and how heavy each page is. A benchmark, not a test.

    .venv/bin/python benchmarks/site_build.py            # 3 builds, then every page
    .venv/bin/python benchmarks/site_build.py --runs 5

1. Times ``mkdocs build --strict`` (a fresh process each time, as CI runs it) and prints the
   best and the median run, twice: from scratch (an empty cache: every figure drawn, every
   SymPy proof run) and again with unchanged code (both taken from the cache, as in
   ``mkdocs serve`` and in repeated builds).
2. Serves the last build on 127.0.0.1 and opens every page in headless Chromium with an
   empty cache, adding up the bytes of every response the page causes: HTML, CSS,
   JavaScript, fonts, images, and the search index that the theme's search worker fetches.
   GitHub Pages sends text gzip-compressed, the local server does not:
   the bytes *sent* count each text response (HTML, CSS, JS, JSON, SVG) as its gzip size
   (level 6) and fonts and PNGs as they are. The uncompressed total, what the browser has
   to handle, is shown beside it.
3. Lists any JavaScript that is not the theme's own.

Targets (issue 3): full build under 10 s on 2 cores; no page over 600 KB sent; no
JavaScript beyond the theme's own. The results also go to benchmarks/results/site_build.json.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.async_api import async_playwright  # noqa: E402
from site_html import (  # noqa: E402
    LAUNCH_ARGS,
    chromium_executable,
    html_pages,
    page_url_path,
    serve,
    site_prefix,
)

BUILD_TARGET_S = 10.0
PAGE_TARGET_BYTES = 600 * 1024
# The theme's own scripts: its bundle and its search worker (hashed file names).
THEME_SCRIPTS = ("assets/javascripts/bundle.", "assets/javascripts/workers/search.")
KINDS = ("html", "css", "js", "fonts", "images", "search", "other")
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", "/")


def build(site_dir: Path, cache: Path) -> float:
    """Seconds one ``mkdocs build --strict`` takes, in a fresh process, with this cache."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NNFS_BUILD_CACHE": str(cache)},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}")
    return elapsed


def is_search_index(response) -> bool:
    return response.url.split("?")[0].endswith("search/search_index.json")


def kind_of(url: str, resource_type: str) -> str:
    path = url.split("?")[0]
    if path.endswith("search_index.json"):
        return "search"
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith(".js"):
        return "js"
    if resource_type == "font" or path.endswith((".woff2", ".woff", ".ttf")):
        return "fonts"
    if resource_type == "image" or path.endswith((".svg", ".png", ".jpg", ".ico")):
        return "images"
    return "other"


def sent_size(url: str, body: bytes) -> int:
    """Bytes on the wire from a host that gzips text (GitHub Pages).

    >>> sent_size("https://x/a.woff2", bytes(1000)), sent_size("https://x/", bytes(1000)) < 100
    (1000, True)
    """
    path = url.split("?")[0].split("#")[0]
    if not path.endswith(TEXT_SUFFIXES):
        return len(body)  # fonts (woff2) and PNGs are compressed already
    return len(gzip.compress(body, compresslevel=6, mtime=0))


async def weigh_page(browser, url: str) -> tuple[dict[str, int], int, list[str]]:
    """Bytes sent per kind of resource for one cold load of ``url``; raw total; scripts."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    responses = []
    context.on("response", lambda response: responses.append(response))  # workers too
    page = await context.new_page()
    # The theme's search worker fetches the index after "load"; wait for it and the fonts.
    async with context.expect_event("response", is_search_index, timeout=20_000):
        await page.goto(url, wait_until="networkidle")
    await page.evaluate("document.fonts.ready.then(() => null)")
    await page.wait_for_load_state("networkidle")
    sizes = dict.fromkeys(KINDS, 0)
    raw = 0
    scripts = []
    for response in responses:
        body = await response.body()
        kind = kind_of(response.url, response.request.resource_type)
        sizes[kind] += sent_size(response.url, body)
        raw += len(body)
        if kind == "js":
            scripts.append(response.url)
    await context.close()
    return sizes, raw, scripts


async def weigh_site(chromium: str, base: str, url_paths: list[str]) -> dict[str, tuple]:
    slots = asyncio.Semaphore(4)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)

        async def one(url_path: str):
            async with slots:
                return url_path, await weigh_page(browser, base + url_path)

        try:
            return dict(await asyncio.gather(*(one(u) for u in url_paths)))
        finally:
            await browser.close()


def kb(size: int) -> str:
    return f"{size / 1024:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="number of timed builds (default 3)")
    args = parser.parse_args()
    chromium = chromium_executable()
    if chromium is None:
        sys.exit("Chromium not found: apt-get install chromium, or set CHROMIUM")

    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        cold, warm = [], []
        for run in range(1, args.runs + 1):
            # From scratch: an empty cache, so every figure is drawn and every proof run.
            cold.append(build(site, Path(scratch) / f"cold-cache-{run}"))
            print(f"build {run}/{args.runs} from scratch: {cold[-1]:.2f} s", flush=True)
        for run in range(1, args.runs + 1):
            # Again with unchanged code: figures and proofs come from the cache of the last run.
            warm.append(build(site, Path(scratch) / f"cold-cache-{args.runs}"))
            print(f"build {run}/{args.runs} with unchanged code: {warm[-1]:.2f} s", flush=True)
        url_paths = [page_url_path(site, path) for path in html_pages(site)]
        with serve(site) as base:
            weights = asyncio.run(weigh_site(chromium, base, url_paths))

    cores = os.cpu_count()
    print()
    print(f"mkdocs build --strict on {cores} cores, {args.runs} runs each "
          f"(target < {BUILD_TARGET_S:.0f} s):")
    for label, times in (("from scratch", cold), ("unchanged code", warm)):
        best, median = min(times), statistics.median(times)
        verdict = "OK" if best < BUILD_TARGET_S else "OVER"
        print(f"  {label:<15} best {best:5.2f} s   median {median:5.2f} s   {verdict}")
    print()
    header = (f"{'page':<34}" + "".join(f"{k:>7}" for k in KINDS)
              + f"{'SENT':>8}{'raw':>7}   target")
    print("KB per page, cold cache (1 KB = 1024 bytes); kinds and SENT as a host that gzips")
    print("text sends them, raw = uncompressed total:")
    print(header)
    print("-" * len(header))
    rows = []
    foreign_scripts = set()
    for url_path in url_paths:
        sizes, raw, scripts = weights[url_path]
        total = sum(sizes.values())
        rows.append((url_path, sizes, total, raw))
        foreign_scripts |= {s for s in scripts if not any(t in s for t in THEME_SCRIPTS)}
        name = url_path[len(site_prefix()) - 1 :]
        verdict = "OK" if total <= PAGE_TARGET_BYTES else "OVER 600"
        columns = "".join(f"{kb(sizes[k]):>7}" for k in KINDS)
        print(f"{name:<34}{columns}{kb(total):>8}{kb(raw):>7}   {verdict}")
    heaviest = max(rows, key=lambda row: row[2])
    pages_ok = heaviest[2] <= PAGE_TARGET_BYTES
    print("-" * len(header))
    verdict = "OK" if pages_ok else "OVER"
    print(f"heaviest page: {heaviest[0]}: {heaviest[2]:,} bytes sent ({kb(heaviest[2])} KB; "
          f"{kb(heaviest[3])} KB uncompressed)   (target <= 600 KB: {verdict})")
    print("JavaScript beyond the theme's own: "
          + (", ".join(sorted(foreign_scripts)) if foreign_scripts else "none   (OK)"))

    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "site_build.json").write_text(json.dumps({
        "cores": cores,
        "build_seconds_from_scratch": cold,
        "build_seconds_unchanged_code": warm,
        "pages": {u: {"sent_by_kind": s, "sent": t, "uncompressed": r} for u, s, t, r in rows},
        "heaviest_page": {"url": heaviest[0], "sent": heaviest[2], "uncompressed": heaviest[3]},
        "foreign_scripts": sorted(foreign_scripts),
    }, indent=2) + "\n")
    print(f"\nwritten: {(results / 'site_build.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
