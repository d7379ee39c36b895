"""Figures drawn from the package's own code while the site is built.

Convention (for chapter writers):

* Each module ``docs/figures/NAME.py`` (not starting with ``_``) may define ::

      FIGURES: dict[str, Callable[[], matplotlib.figure.Figure]]

  mapping a file name such as ``"sigmoid.svg"`` to a function that draws it. Draw with
  ``matplotlib.figure.Figure`` (not ``pyplot``) and compute every value with
  ``nnfromscratch``; ``docs/figures/_figure_style.py`` holds the shared look. Functions of
  one module are drawn in one process, so they can share an expensive computation (a
  training run) through ``functools.cache``.
* Each figure becomes ``figures/<name>`` in the built site. A page links it as
  ``![What the figure shows](figures/sigmoid.svg)`` (``../figures/...`` from a subfolder)
  and strict link validation checks the link like any other. Alt text is required (the
  browser test fails an image without it).

The SVGs are reproducible: same code, same bytes (fixed ``svg.hashsalt``, no date). Text is
drawn as paths with matplotlib's bundled DejaVu fonts, so a figure looks the same on every
machine and needs no web font. A module that fails to import, a function that raises or
returns something else than a Figure, a bad or duplicate file name: each stops the build.

Speed. Some figures train networks, so drawing is the slowest part of a build. Each figure
module is drawn in its own Python process, in parallel with each other and with MkDocs
rendering the pages (the SVGs are only needed when the site's files are written). The
results are kept in ``.cache/figures/`` under a key made of everything that can change
them: the module, the ``_*.py`` helpers, every file of the ``nnfromscratch`` package, this
hook, and the Python, NumPy and matplotlib versions. An unchanged module is not drawn
again; delete the folder to force a redraw (or point $NNFS_BUILD_CACHE elsewhere, as
benchmarks/site_build.py does to time a build from scratch).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import matplotlib

matplotlib.use("Agg")  # never open a window, even if a figure module imports pyplot

import numpy as np
from matplotlib.figure import Figure
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

FIGURES_FOLDER = "figures"
FIGURE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\.svg")
# svg.hashsalt fixes the ids matplotlib would otherwise draw at random; fonttype "path"
# turns text into outlines so no font is needed where the SVG is shown.
SVG_RC = {"svg.hashsalt": "nnfromscratch", "svg.fonttype": "path"}
# Matplotlib writes coordinates to a millionth of a point; a hundredth (1/7200 inch) looks
# the same and makes a figure about a third lighter (tests/test_page_budget.py).
SVG_DECIMALS = 2
SVG_METADATA = ("Date", "Creator", "Format", "Type")
COORDINATES = re.compile(rb' (d|x|y)="([^"]*)"')
LONG_NUMBER = re.compile(rb"-?\d+\.\d{%d}\d+" % SVG_DECIMALS)


def _round(number: re.Match[bytes]) -> bytes:
    text = b"%.*f" % (SVG_DECIMALS, float(number[0]))
    text = text.rstrip(b"0").rstrip(b".")
    return b"0" if text == b"-0" else text


def round_coordinates(svg: bytes) -> bytes:
    """The SVG with the numbers of its paths and positions to `SVG_DECIMALS` places.

    Only ``d``, ``x`` and ``y`` attributes are touched: scales and translations (of the
    outlined text's glyphs) keep every digit.

    >>> round_coordinates(b'<path d="M 51.798131 178.709905 L -0.001 3.5"/>')
    b'<path d="M 51.8 178.71 L 0 3.5"/>'
    >>> round_coordinates(b'<use x="81.881058" transform="scale(0.015625)"/>')
    b'<use x="81.88" transform="scale(0.015625)"/>'
    """
    return COORDINATES.sub(
        lambda m: b" %s=\"%s\"" % (m[1], LONG_NUMBER.sub(_round, m[2])), svg
    )

# Drawing jobs of the current build, waited for in on_env: module path -> (future, folder).
_jobs: dict[Path, tuple[Future[subprocess.CompletedProcess[str]], Path]] = {}


def render_svg(draw: Callable[[], Figure], where: str = "<figure>") -> bytes:
    """Call ``draw`` and return its figure as reproducible SVG bytes.

    >>> def square() -> Figure:
    ...     figure = Figure(figsize=(2, 2))
    ...     figure.add_subplot().plot([0, 1, 2], [0, 1, 4])
    ...     return figure
    >>> svg = render_svg(square)
    >>> svg.startswith(b"<?xml"), svg == render_svg(square), b"<metadata>" in svg
    (True, True, False)
    >>> render_svg(lambda: "not a figure", "demo.py: FIGURES['x.svg']")
    Traceback (most recent call last):
        ...
    mkdocs.exceptions.PluginError: demo.py: FIGURES['x.svg'] returned 'not a figure', ...
    """
    with matplotlib.rc_context(SVG_RC):
        figure = draw()
        if not isinstance(figure, Figure):
            raise PluginError(f"{where} returned {figure!r}, not a matplotlib.figure.Figure")
        buffer = io.BytesIO()
        # No metadata block: no date (reproducible), no creator or format (weight).
        figure.savefig(buffer, format="svg", metadata=dict.fromkeys(SVG_METADATA))
    return round_coordinates(buffer.getvalue())


def load_module(path: Path) -> ModuleType:
    """Import a figure module from its file, with its folder importable (for helpers)."""
    spec = importlib.util.spec_from_file_location(f"_nnfs_figures_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise PluginError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise PluginError(f"{path}: importing the figure module failed: {error!r}") from error
    finally:
        sys.path.remove(str(path.parent))
    return module


def declared_figures(path: Path) -> dict[str, Callable[[], Figure]]:
    """The FIGURES of the module at ``path``, checked: file names and functions."""
    figures = getattr(load_module(path), "FIGURES", None)
    if figures is None:
        return {}
    if not isinstance(figures, dict):
        raise PluginError(f"{path}: FIGURES must be a dict of file name -> function")
    for name, draw in figures.items():
        if not isinstance(name, str) or not FIGURE_NAME.fullmatch(name):
            raise PluginError(
                f"{path}: figure name {name!r} must be lower-case letters, digits, '-' or '_' "
                "ending in .svg, e.g. 'sigmoid.svg'"
            )
        if not callable(draw):
            raise PluginError(f"{path}: FIGURES[{name!r}] must be a function, got {draw!r}")
    return figures


def draw_module(path: Path, folder: Path) -> None:
    """Draw every figure of the module at ``path`` into ``folder`` (one SVG each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, draw in declared_figures(path).items():
        where = f"{path.name}: FIGURES[{name!r}]"
        try:
            svg = render_svg(draw, where)
        except PluginError:
            raise
        except Exception as error:
            raise PluginError(f"{where} raised {error!r}") from error
        (folder / name).write_bytes(svg)


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(_portable_name(path).encode() + b"\0" + path.read_bytes() + b"\0")
    versions = (platform.python_version(), np.__version__, matplotlib.__version__)
    digest.update(repr((versions, SVG_RC, SVG_DECIMALS, SVG_METADATA)).encode())
    return digest.hexdigest()[:16]


def _portable_name(path: Path) -> str:
    """`path` as the cache key names it: the same in every copy of the repository.

    >>> _portable_name(Path("/anywhere/docs/figures/_figure_style.py"))
    'figures/_figure_style.py'
    >>> _portable_name(_package_root() / "course" / "neuron.py")
    'nnfromscratch/course/neuron.py'
    """
    package = _package_root()
    if path.is_relative_to(package):
        return f"nnfromscratch/{path.relative_to(package).as_posix()}"
    return f"{path.parent.name}/{path.name}"  # docs/figures/*.py, docs/hooks/ (this hook)


@functools.cache  # asked for each file of every figure's key
def _package_root() -> Path:
    spec = importlib.util.find_spec("nnfromscratch")
    if spec is None or spec.origin is None:
        raise PluginError("the figures need the nnfromscratch package: pip install -e .")
    return Path(spec.origin).parent


def _package_files() -> list[Path]:
    root = _package_root()
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _cache_root(config) -> Path:
    """``.cache/figures`` beside mkdocs.yml, or under $NNFS_BUILD_CACHE when that is set."""
    if os.environ.get("NNFS_BUILD_CACHE"):
        return Path(os.environ["NNFS_BUILD_CACHE"]) / FIGURES_FOLDER
    base = Path(config.config_file_path).parent if config.config_file_path else None
    return (base or Path(config.docs_dir).parent) / ".cache" / FIGURES_FOLDER


def _draw_in_subprocess(path: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run this file as a script to draw one module into a scratch folder, then publish it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    result = subprocess.run(
        [sys.executable, __file__, str(path), str(scratch)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        return result
    version = re.compile(re.escape(path.stem) + r"-[0-9a-f]{16}")
    for old in folder.parent.iterdir():  # earlier versions of this module's figures
        if old != folder and version.fullmatch(old.name):
            shutil.rmtree(old, ignore_errors=True)
    try:
        scratch.rename(folder)  # complete or not at all: a crash leaves no half cache
    except OSError:
        if not folder.is_dir():
            raise
        shutil.rmtree(scratch, ignore_errors=True)  # a parallel build published it first
    return result


def on_files(files, config):
    """MkDocs hook: declare figures/<name>.svg for every figure; start drawing the new ones."""
    folder = Path(config.docs_dir) / FIGURES_FOLDER
    modules = sorted(p for p in folder.glob("*.py") if not p.name.startswith("_"))
    shared = sorted(folder.glob("_*.py")) + _package_files() + [Path(__file__)]
    cache = _cache_root(config)
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)  # each thread waits on a process
    _jobs.clear()
    owner: dict[str, Path] = {}
    for path in modules:
        names = list(declared_figures(path))
        drawn = cache / f"{path.stem}-{_digest([path, *shared])}"
        if names and not all((drawn / name).is_file() for name in names):
            _jobs[path] = (pool.submit(_draw_in_subprocess, path, drawn), drawn)
        for name in names:
            if name in owner:
                raise PluginError(f"figure {name!r} is declared by {owner[name]} and {path}")
            owner[name] = path
            uri = f"{FIGURES_FOLDER}/{name}"
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"{uri} exists in docs/ and is also generated by {path}")
            # The file is read when the site is written, after on_env has waited for it.
            files.append(File.generated(config, uri, abs_src_path=str(drawn / name)))
    pool.shutdown(wait=False)
    return files


def on_env(env, config, files):
    """MkDocs hook: before the site's files are written, wait for every figure to be drawn."""
    failures = []
    for path, (job, folder) in _jobs.items():
        result = job.result()
        if result.returncode != 0:
            message = result.stderr.strip().splitlines()[-1:] or ["(no message)"]
            failures.append(f"{path}: {message[0]}")
        elif not folder.is_dir():
            failures.append(f"{path}: drawn, but {folder} is missing")
    _jobs.clear()
    if failures:
        raise PluginError("drawing the figures failed:\n" + "\n".join(failures))
    return env


if __name__ == "__main__":
    # python generated_figures.py MODULE.py FOLDER: draw one module's figures (see on_files).
    module_path, out = Path(sys.argv[1]), Path(sys.argv[2])
    try:
        draw_module(module_path, out)
    except PluginError as error:
        sys.exit(str(error))
    except Exception as error:  # a figure function that raised: say which module, and what
        sys.exit(f"{module_path.name}: {error!r}")
