"""Fixtures shared by the test modules.

`built_site` builds the course site once per test session, exactly as CI and the Pages
workflow do (``mkdocs build --strict``), for the static checks (test_site_build.py) and the
browser checks (test_site_browser.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: the same examples on every run (a CI failure can be replayed exactly),
# no timing deadline (a busy 2-core machine must not turn slowness into a failure), and
# no example database written into the work tree.
settings.register_profile("nnfromscratch", derandomize=True, deadline=None, database=None)
settings.load_profile("nnfromscratch")

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="save a screenshot of every page of the site to screenshots/ (browser test)",
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Under pytest-xdist (dev.py runs `-n auto --dist loadgroup`) the tests that share an
    # expensive fixture of ours (module or session scope: the built site, a training run)
    # go to one worker, so that it is computed once per run, not once per worker.
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue  # not a function test (a doctest, say): nothing shared
        if "built_site" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("site"))
            continue
        shared = sorted(
            name
            for name, definitions in info.name2fixturedefs.items()
            if definitions[-1].scope in ("module", "session")
            and definitions[-1].baseid.startswith("tests")
        )
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a fresh ``mkdocs build --strict`` of this repository's site."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        # The banner about Material's end of life is known (README: "Hosting and the move
        # to Zensical"); it would only bury the messages that matter.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            "mkdocs build --strict failed; its messages:\n" + result.stdout + result.stderr,
            pytrace=False,
        )
    return site


@pytest.fixture(scope="session")
def installed_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python of a fresh virtual environment into which the repository was pip-installed.

    As a reader would (README: ``pip install "nnfromscratch @ git+..."``), but offline: the
    repository's files (``git ls-files``) are built into a wheel with pip, and the wheel is
    installed into a new environment with ``--no-index --no-deps``. The package's own
    dependencies (NumPy, SymPy, tqdm) are not downloaded: the new environment sees this
    environment's site-packages *after* its own (a ``.pth`` path, whose own ``.pth`` files,
    among them the editable install of the work tree, are not run), so ``import
    nnfromscratch`` finds only the installed copy. tests/test_install.py checks that.
    """
    import shutil
    import sysconfig
    import venv

    work = tmp_path_factory.mktemp("install")
    source = work / "repository"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    wheels = work / "wheels"

    def pip(*args: str) -> None:
        result = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check",
                                 *args], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.fail(f"pip {' '.join(args)} failed:\n{result.stdout}{result.stderr}",
                        pytrace=False)

    pip("wheel", "--no-deps", "--no-index", "--no-build-isolation", "-w", str(wheels),
        str(source))
    fresh = work / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    fresh_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True).stdout.strip()
    Path(fresh_site, "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    (wheel,) = wheels.glob("nnfromscratch-*.whl")
    pip("--python", str(python), "install", "--no-index", "--no-deps", str(wheel))
    return python
