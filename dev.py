#!/usr/bin/env python3
"""Set up and run nnfromscratch from a fresh clone with nothing but Python 3.11+.

    python3 dev.py serve    # build the site and serve it on http://127.0.0.1:8000/nnfromscratch/
    python3 dev.py test     # lint, then every test: unit, doctests, pages, browser
    python3 dev.py book     # build the site into site/, print the course to nnfromscratch.pdf
    python3 dev.py bench    # the benchmarks in benchmarks/ (not part of the tests)
    python3 dev.py wheels   # does every pin install from a wheel on every target? (asks PyPI)

Each command creates or updates its own virtual environment in `.venv` (pinned by
`constraints.txt`) and does nothing more when it is already up to date, so running it
twice is cheap. Extra arguments go to the tool behind the command, e.g.
`python3 dev.py test -k sigmoid` or `python3 dev.py serve -a 127.0.0.1:8001`.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("NNFS_VENV", ROOT / ".venv"))
STAMP = VENV / ".nnfromscratch-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
UV = BIN / ("uv.exe" if os.name == "nt" else "uv")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*command: str | os.PathLike[str], **kwargs: object) -> int:
    say("$ " + " ".join(str(part) for part in command))
    return subprocess.call([str(part) for part in command], cwd=ROOT, **kwargs)  # type: ignore[arg-type]


def wanted_state() -> str:
    """A fingerprint of everything that decides what the environment holds."""
    digest = hashlib.sha256(sys.version.encode())
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        found = sys.version.split()[0]
        sys.exit(f"[dev] nnfromscratch needs Python 3.11 or newer; this is {found}.")
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    state = wanted_state()
    if STAMP.exists() and STAMP.read_text() == state:
        return
    say("installing nnfromscratch and its test and docs tools (pinned by constraints.txt)")
    pip_install("test,docs")
    STAMP.write_text(state)


def pip_install(extras: str, *, with_uv: bool = True) -> None:
    """Install the package in editable mode with `extras`, every version pinned.

    The installing is done by uv (pinned in constraints.txt like everything else, and
    installed by pip from a wheel): it downloads in parallel and resolves in Rust, which on
    a 2-core machine cut a fresh set-up from minutes to well under one. Where uv cannot be
    installed, pip does the same install itself.
    """
    pins = ("-c", "constraints.txt")
    if with_uv and not UV.exists():
        run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", *pins, "uv")
    if with_uv and UV.exists():
        code = run(UV, "pip", "install", "--quiet", "--python", PYTHON, *pins, "-e", f".[{extras}]")
    else:
        if with_uv:
            say("uv could not be installed; installing with pip instead (slower)")
        code = run(
            PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", *pins,
            "-e", f".[{extras}]",
        )
    if code != 0:
        sys.exit(f"[dev] installing failed with exit code {code}; see the messages above.")


def browser_locations() -> list[Path]:
    """Where Chrome, Chromium and Edge install themselves off PATH on macOS and Windows."""
    if sys.platform == "darwin":
        apps = [Path("/Applications"), Path.home() / "Applications"]
        bundles = ("Chromium.app/Contents/MacOS/Chromium",
                   "Google Chrome.app/Contents/MacOS/Google Chrome",
                   "Microsoft Edge.app/Contents/MacOS/Microsoft Edge")
        return [folder / bundle for folder in apps for bundle in bundles]
    if os.name == "nt":
        roots = [os.environ.get(name) for name in ("PROGRAMFILES", "PROGRAMFILES(X86)",
                                                   "LOCALAPPDATA")]
        programs = (r"Chromium\Application\chrome.exe", r"Google\Chrome\Application\chrome.exe",
                    r"Microsoft\Edge\Application\msedge.exe")
        return [Path(root) / program for root in roots if root for program in programs]
    return []


def find_chromium() -> str | None:
    """CHROMIUM if set (and existing), else a Chromium-based browser on PATH or where the
    system installs one. The browser test asks this same function (tests/site_html.py)."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((str(path) for path in browser_locations() if path.is_file()), None)


NO_BROWSER = """\
[dev] The browser test needs Chromium, Chrome or Edge, and none was found{where}.
      Install one, or point the CHROMIUM environment variable at its executable:
        Debian/Ubuntu  sudo apt-get install chromium       (dev.py does this itself as root)
        Fedora         sudo dnf install chromium
        macOS          brew install --cask chromium        (or install Google Chrome)
        Windows        winget install Google.Chrome        (Edge, built in, is found too)
        any system     {python} -m playwright install chromium
                       (downloads Playwright's own build), then set CHROMIUM to the chrome
                       executable in the folder it says it downloaded to
      e.g. CHROMIUM=/path/to/chrome python3 dev.py test   (PowerShell: $env:CHROMIUM = "...")"""


def ensure_chromium() -> None:
    """The browser test needs a real Chromium; install Debian's if we may, else stop clearly."""
    if find_chromium():
        return
    explicit = os.environ.get("CHROMIUM")
    if explicit:  # the user chose a browser: installing another would hide the mistake
        sys.exit(NO_BROWSER.format(where=f" (CHROMIUM={explicit} does not exist)", python=PYTHON))
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("Chromium not found: installing Debian's chromium package for the browser test")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if run("apt-get", "update", "-qq", env=env) == 0 and run(
            "apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", env=env
        ) == 0 and find_chromium():
            return
    sys.exit(NO_BROWSER.format(where=" on PATH or where browsers install", python=PYTHON))


def hash_seed() -> str:
    """This run's PYTHONHASHSEED: the one given, else a fresh random one, printed for replay.

    No test may depend on it (the suite runs under a new one each time); when one does, the
    printed value reproduces the failure exactly.
    """
    given = os.environ.get("PYTHONHASHSEED", "random")
    seed = str(random.randrange(2**32)) if given == "random" else given
    say(f"PYTHONHASHSEED={seed} (replay this run with: PYTHONHASHSEED={seed} python3 dev.py test)")
    return seed


def bytecode_kept() -> dict[str, str]:
    """This environment, but with Python free to keep the bytecode it compiles.

    The test run starts some fifteen Python processes (pytest's workers, the doctests under
    other BLAS kernels, the site builds, notebook kernels, scripts). Where
    PYTHONDONTWRITEBYTECODE is set (some containers set it), and uv installs without
    compiling, each of them compiled NumPy, SymPy, Matplotlib and the rest from source
    again: 9.5 s instead of 2.4 s only to import them, on a 2-core machine. The bytecode
    goes to the `__pycache__` folders of `.venv` and of the work tree (ignored by git).
    """
    return {name: value for name, value in os.environ.items()
            if name != "PYTHONDONTWRITEBYTECODE"}


def command_test(args: list[str]) -> int:
    ensure_environment()
    ensure_chromium()
    code = run(PYTHON, "-m", "ruff", "check", ".")
    if code != 0:
        say("ruff found problems (above); fix them before the tests run.")
        return code
    # Both cores: pytest-xdist. Tests that share an expensive fixture (the built site, say)
    # stay on one worker (xdist groups, tests/conftest.py). `-n 0` runs serially.
    if not any(arg.startswith(("-n", "--numprocesses")) for arg in args):
        args = ["-n", "auto", "--dist", "loadgroup", *args]
    env = {**bytecode_kept(), "PYTHONHASHSEED": hash_seed()}
    # -W error: a warning anywhere, even at import time, fails the run (pyproject.toml's
    # filterwarnings = error covers the tests themselves).
    return run(PYTHON, "-W", "error", "-m", "pytest", *args, env=env)


def command_serve(args: list[str]) -> int:
    ensure_environment()
    if not any(arg.startswith(("-a", "--dev-addr")) for arg in args):
        args = ["-a", "127.0.0.1:8000", *args]
    # --dirty: an edited page is rebuilt alone (docs/hooks/quick_rebuilds.py keeps the site
    # exactly what a full build makes). NO_MKDOCS_2_WARNING: Material's own documented switch
    # for its end-of-life banner (CONTRIBUTING.md, "After Material's end of life").
    env = {**bytecode_kept(), "NO_MKDOCS_2_WARNING": "1"}
    return run(PYTHON, "-m", "mkdocs", "serve", "--dirty", *args, env=env)


def command_book(args: list[str]) -> int:
    # What the Pages workflow publishes: the strict build, then the PDF of its print page.
    ensure_environment()
    ensure_chromium()
    site = args[0] if args else "site"
    env = {**bytecode_kept(), "NO_MKDOCS_2_WARNING": "1"}
    code = run(PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", site, env=env)
    return code or run(PYTHON, "tools/print_book.py", site, env=env)


def command_bench(args: list[str]) -> int:
    ensure_environment()
    # PyTorch (CPU build) is for the side-by-side benchmark only: installed here, on first
    # use, never for the tests or the site. The `bench` extra pins the exact release.
    if subprocess.call([str(PYTHON), "-c", "import torch"], stderr=subprocess.DEVNULL) != 0:
        say("installing the benchmark extra (PyTorch, CPU build; pinned by pyproject.toml)")
        # pip, not uv: pip takes a local CPU build of PyTorch where the machine has one
        # (uv would fetch PyPI's, a CUDA build of several GB on Linux).
        pip_install("test,docs,bench", with_uv=False)
    return run(PYTHON, "benchmarks/run.py", *args)


def command_wheels(args: list[str]) -> int:
    # The environment's pip and packaging read the index; nothing more is installed.
    ensure_environment()
    return run(PYTHON, "tools/wheels.py", *args)


COMMANDS = {
    "test": command_test, "serve": command_serve, "book": command_book,
    "bench": command_bench, "wheels": command_wheels,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        wrong = f"unknown command {argv[0]!r}; " if argv else ""
        print(f"[dev] {wrong}choose one of: {', '.join(COMMANDS)}")
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
