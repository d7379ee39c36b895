"""How long an edit to a chapter takes to show in the browser under `python3 dev.py serve`.

    .venv/bin/python benchmarks/serve_reload.py            # 3 edits
    .venv/bin/python benchmarks/serve_reload.py --runs 5

Copies the repository's tracked files to a temporary folder (the work tree is never
edited), starts the same `mkdocs serve --dirty` that `python3 dev.py serve` starts there
(docs/hooks/quick_rebuilds.py then rebuilds the edited page alone), opens
the neuron chapter in headless Chromium, then, each run, appends a new word to
docs/neuron.md and times until the browser, reloaded by MkDocs' live reload, shows it.
The build starts from a copy of the work tree's build cache (.cache/).

Target (issue 8): an edit to one chapter's text visible within 3 s on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from playwright.async_api import async_playwright  # noqa: E402
from site_html import LAUNCH_ARGS, chromium_executable, copy_of_the_repository  # noqa: E402

import dev  # noqa: E402

TARGET_S = 3.0
PORT = 8765
PAGE = "docs/neuron.md"


def wait_for(log: Path, pattern: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if re.search(pattern, log.read_text(errors="replace")):
            return
        time.sleep(0.05)
    raise SystemExit(f"no {pattern!r} in the server's log within {timeout} s:\n{log.read_text()}")


async def measure(copy: Path, runs: int) -> list[float]:
    seconds = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_executable(), args=LAUNCH_ARGS
        )
        page = await browser.new_page()
        await page.goto(f"http://127.0.0.1:{PORT}/nnfromscratch/neuron/")
        for run in range(runs):
            word = f"reloadmarker{run}x{os.getpid()}"
            start = time.perf_counter()
            with (copy / PAGE).open("a") as chapter:
                chapter.write(f"\n\n{word}\n")
            await page.wait_for_function(
                "word => document.body && document.body.innerText.includes(word)",
                arg=word, timeout=60_000, polling=50,
            )
            seconds.append(time.perf_counter() - start)
            print(f"  edit {run + 1}: visible after {seconds[-1]:.2f} s", flush=True)
            await asyncio.sleep(1.0)  # let the server settle before the next edit
        await browser.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nnfs-serve-") as folder:
        copy = Path(folder)
        copy_of_the_repository(copy)
        log = copy / "serve.log"
        # A copy of the work tree's build cache: the copy's figures are the same, but the
        # cache forgets other versions of a figure when it stores one.
        if (ROOT / ".cache").is_dir():
            shutil.copytree(ROOT / ".cache", copy / ".cache")
        env = {**os.environ, "NNFS_BUILD_CACHE": str(copy / ".cache"), "NO_MKDOCS_2_WARNING": "1"}
        # as dev.py serve starts it
        command = [str(dev.PYTHON), "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{PORT}"]
        print("$ " + " ".join(command), flush=True)
        with log.open("w") as out:
            server = subprocess.Popen(command, cwd=copy, env=env, stdout=out, stderr=out)
        try:
            started = time.perf_counter()
            wait_for(log, r"Serving on", timeout=180)
            print(f"  first build and start: {time.perf_counter() - started:.1f} s")
            seconds = asyncio.run(measure(copy, args.runs))
        finally:
            server.terminate()
            server.wait(timeout=30)
    best, median = min(seconds), statistics.median(seconds)
    print(f"\nedit -> visible in the browser: best {best:.2f} s, median {median:.2f} s "
          f"(target {TARGET_S:.0f} s: ratio {median / TARGET_S:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
