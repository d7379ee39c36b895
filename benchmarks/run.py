"""Run the benchmarks: `python3 dev.py bench` (all), or name some: `python3 dev.py bench torch`.

    articles   the articles' networks: per-sample loop vs vectorised   (benchmarks/articles.py)
    torch      nnfromscratch vs PyTorch on the CPU, side by side     (benchmarks/torch_compare.py)
    site       how fast the site builds, how heavy its pages are      (benchmarks/site_build.py)
    serve      an edit to a chapter, until the browser shows it       (benchmarks/serve_reload.py)

Benchmarks measure; they are not tests and never fail the test suite. Each runs in a
process of its own, one after the other (they would disturb each other's timings).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {
    "articles": HERE / "articles.py",
    "torch": HERE / "torch_compare.py",
    "site": HERE / "site_build.py",
    "serve": HERE / "serve_reload.py",
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(__doc__)
        print(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}")
        return 2
    failed = []
    for name in names:
        print(f"\n===== {name}: {BENCHMARKS[name].relative_to(HERE.parent)} =====\n", flush=True)
        if subprocess.call([sys.executable, str(BENCHMARKS[name])]) != 0:
            failed.append(name)
    if failed:
        print(f"\nbenchmark(s) that did not complete: {failed}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
