"""Fixtures shared by the test modules.

`built_site` builds the course site once per test session, exactly as CI and the Pages
workflow do (``mkdocs build --strict``), for the static checks (test_site_build.py) and the
browser checks (test_site_browser.py and the others).

Under pytest-xdist a whole run (``python3 dev.py test``) starts that build in the background
as soon as pytest starts, before the workers do: both workers run other tests meanwhile,
and the site's tests then spread over both workers, each waiting for the one build. A run
of a few files, or without xdist, builds the site when a test first needs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# One BLAS thread per process: the test command runs two workers on two cores, beside the
# site's build and browsers, and OpenBLAS's threads spin while they wait for each other, so
# a second thread each made NumPy's matrix work 2-10 times slower here, never faster.
# Set before any test imports NumPy, and inherited by every subprocess (the site's build,
# notebook kernels, scripts). tests/test_blas_kernels.py sets its own thread counts, and
# runs the doctests with 2 threads there.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest
from hypothesis import settings

# Property tests: the same examples on every run (a CI failure can be replayed exactly),
# no timing deadline (a busy 2-core machine must not turn slowness into a failure), and
# no example database written into the work tree.
settings.register_profile("nnfromscratch", derandomize=True, deadline=None, database=None)
settings.load_profile("nnfromscratch")

ROOT = Path(__file__).resolve().parents[1]
# No doctests here; collected as a module, this file and docs/conftest.py would both be
# imported under the one name "conftest", which pytest refuses.
collect_ignore = ["conftest.py"]
# Set by the controller when it builds the site in the background: the build's folder,
# holding site/, build.log and, once the build ends, returncode.
BACKGROUND_SITE = "NNFS_TEST_SITE_BUILD"
BUILD_TIMEOUT = 900  # seconds a test waits for the background build before failing
# The banner about Material's end of life is known (CONTRIBUTING.md: "Material's
# end-of-life banner"); it would only bury the messages that matter.
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1"}
_BACKGROUND_BUILDER = """
import pathlib, subprocess, sys
folder = pathlib.Path(sys.argv[1])
with open(folder / "build.log", "w") as log:
    code = subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict",
                            "--site-dir", str(folder / "site")], stdout=log, stderr=log)
(folder / "returncode.tmp").write_text(str(code))
(folder / "returncode.tmp").replace(folder / "returncode")
"""


def pytest_configure(config: pytest.Config) -> None:
    whole_run = (
        config.args_source is pytest.Config.ArgsSource.TESTPATHS
        and not config.getoption("keyword", "")
        and not config.getoption("markexpr", "")
    )
    is_controller = not hasattr(config, "workerinput")
    if not (is_controller and whole_run and config.getoption("numprocesses", None)):
        return
    if BACKGROUND_SITE in os.environ:
        return  # a pytest run inside a test (tests/test_xdist_groups.py): not its job
    folder = Path(tempfile.mkdtemp(prefix="nnfs-site-"))
    process = subprocess.Popen([sys.executable, "-c", _BACKGROUND_BUILDER, str(folder)],
                               cwd=ROOT, env={**os.environ, **BUILD_ENV})
    os.environ[BACKGROUND_SITE] = str(folder)  # the workers, started later, inherit it
    config.stash[_build_key] = (process, folder)


_build_key = pytest.StashKey[tuple[subprocess.Popen, Path]]()


def pytest_unconfigure(config: pytest.Config) -> None:
    process, folder = config.stash.get(_build_key, (None, None))
    if process is None:
        return
    if process.poll() is None:  # the run ended early (an error, Ctrl-C): stop the build
        process.terminate()
        process.wait()
    os.environ.pop(BACKGROUND_SITE, None)
    shutil.rmtree(folder, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="save a screenshot of every page of the site to screenshots/ (browser test)",
    )


def pytest_terminal_summary(terminalreporter) -> None:
    # Figures a test records as its "figures" property (the path's length, the phone's
    # widths: tests/test_path_length.py, tests/test_phone_width.py), at the end of every
    # run, with -s or without, from xdist's workers too (their reports carry properties).
    for report in terminalreporter.getreports("passed") + terminalreporter.getreports("failed"):
        for name, value in getattr(report, "user_properties", []):
            if name == "figures" and report.when == "call":
                terminalreporter.write_line(str(value))


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Under pytest-xdist (dev.py runs `-n auto --dist loadgroup`) the tests that share an
    # expensive fixture of ours (module or session scope: the built site, a training run)
    # go to one worker, so that it is computed once per run, not once per worker.
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue  # not a function test (a doctest, say): nothing shared
        if "built_site" in item.fixturenames and BACKGROUND_SITE not in os.environ:
            # No background build: the first site test builds it, so all go to one worker.
            item.add_marker(pytest.mark.xdist_group("site"))
            continue
        shared = sorted(
            name
            for name, definitions in info.name2fixturedefs.items()
            if definitions[-1].scope in ("module", "session")
            and definitions[-1].baseid.startswith("tests")
            and name != "built_site"  # built once in the background; any worker may wait
        )
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a fresh ``mkdocs build --strict`` of this repository's site."""
    background = os.environ.get(BACKGROUND_SITE)
    if background is not None:
        folder = Path(background)
        deadline = time.monotonic() + BUILD_TIMEOUT
        while not (folder / "returncode").exists():
            if time.monotonic() > deadline:
                pytest.fail(f"the site's build did not end within {BUILD_TIMEOUT} s",
                            pytrace=False)
            time.sleep(0.2)
        code = int((folder / "returncode").read_text())
        messages = (folder / "build.log").read_text(encoding="utf-8", errors="replace")
        if code != 0:
            pytest.fail("mkdocs build --strict failed; its messages:\n" + messages,
                        pytrace=False)
        return folder / "site"
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **BUILD_ENV},
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            "mkdocs build --strict failed; its messages:\n" + result.stdout + result.stderr,
            pytrace=False,
        )
    return site


@pytest.fixture(scope="session")
def site_visits(built_site: Path, request: pytest.FixtureRequest):
    """Every page of the built site, visited in headless Chromium (tests/site_browser.py).

    One visit of each page per view serves test_site_browser.py and test_site_layout.py
    both; here, so that the two modules share one fixture and one run of the browser."""
    from site_browser import visit_site
    from site_html import find_chromium

    return visit_site(built_site, find_chromium(),
                      screenshots=request.config.getoption("screenshots"),
                      # axe-core runs when a test that reads its findings was selected
                      # (all are, unless -m "not audit" asked for a quicker loop).
                      audit=any(item.get_closest_marker("audit")
                                for item in request.session.items))


@pytest.fixture(scope="session")
def installed_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python of a fresh virtual environment into which the repository was pip-installed.

    As CONTRIBUTING.md says (``pip install "nnfromscratch @ git+..."``), but offline: the
    repository's files (``git ls-files``) are built into a wheel with pip, and the wheel is
    installed into a new environment with ``--no-index --no-deps``. The package's own
    dependencies (NumPy and tqdm; SymPy for the proofs) are not downloaded: the new
    environment sees this environment's site-packages *after* its own (a ``.pth`` path, whose own ``.pth`` files,
    among them the editable install of the work tree, are not run), so ``import
    nnfromscratch`` finds only the installed copy. tests/test_install.py checks that; the
    chapters' scripts and notebooks run with this Python (the notebooks' kernel too, its
    ipykernel borrowed in the same way), and tests/test_notebooks.py checks it for them.
    """
    import sysconfig
    import venv

    from site_html import copy_of_the_repository

    work = tmp_path_factory.mktemp("install")
    source = work / "repository"
    copy_of_the_repository(source)
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
