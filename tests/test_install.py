"""``pip install`` of the repository gives a working package in a fresh environment.

The `installed_python` fixture (tests/conftest.py) builds the repository's files into a
wheel and installs it into a new virtual environment, offline. Here: the package imported
there is the installed copy, not the work tree; it holds every module of the work tree's
package; each dependency it declares is satisfied there; and the code of a page runs.
The chapters' scripts run in that same environment (tests/test_notebooks.py).

A second environment, `runtime_only_python`, holds the same wheel and sees nothing of the
test environment but the package's declared runtime dependencies (and theirs): there the
digits load, though scikit-learn and SymPy are absent, and the SymPy proofs say which extra
to install.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]

INSPECT = """
import importlib.metadata, json, pkgutil
from packaging.requirements import Requirement
import nnfromscratch
modules = sorted(m.name for m in pkgutil.walk_packages(nnfromscratch.__path__, "nnfromscratch."))
unmet = []
for text in importlib.metadata.requires("nnfromscratch") or []:
    requirement = Requirement(text)
    if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
        continue
    if importlib.metadata.version(requirement.name) not in requirement.specifier:
        unmet.append(text)
from nnfromscratch.course.neuron import Neuron
print(json.dumps({"file": nnfromscratch.__file__, "modules": modules, "unmet": unmet,
                  "output": f"{Neuron(weights=[0, 1], bias=4).feedforward([2, 3]):.3f}"}))
"""


def test_the_installed_package_is_complete_and_runs(installed_python: Path, tmp_path: Path):
    run = subprocess.run([str(installed_python), "-c", INSPECT], capture_output=True,
                         text=True, cwd=tmp_path, check=False)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    environment = installed_python.parent.parent
    assert Path(found["file"]).resolve().is_relative_to(environment.resolve())
    package = ROOT / "nnfromscratch"
    ours = sorted(
        "nnfromscratch." + ".".join(path.relative_to(package).with_suffix("").parts)
        for path in package.rglob("*.py")
        if path.name != "__init__.py" and "__pycache__" not in path.parts
    )
    ours += sorted("nnfromscratch." + ".".join(p.parent.relative_to(package).parts)
                   for p in package.rglob("__init__.py") if p.parent != package)
    assert sorted(found["modules"]) == sorted(ours)
    assert found["unmet"] == []
    assert found["output"] == "0.999"


def runtime_distributions() -> list[importlib.metadata.Distribution]:
    """The distributions the package needs at run time, with theirs, from this environment.

    Read from pyproject.toml's ``dependencies`` (no extra), each requirement's markers
    evaluated for this interpreter, followed recursively.
    """
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted, found = list(project["dependencies"]), {}
    while wanted:
        requirement = Requirement(wanted.pop())
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = requirement.name.lower().replace("_", "-")
        if name in found:
            continue
        found[name] = importlib.metadata.distribution(requirement.name)
        wanted += found[name].requires or []
    return list(found.values())


@pytest.fixture(scope="module")
def runtime_only_python(installed_python: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with the installed wheel and only the runtime dependencies.

    The wheel is the one `installed_python` installed (tests/conftest.py builds it into
    ``wheels/`` beside that environment). Instead of the test environment's whole
    site-packages, this environment sees a folder holding only the files of the declared
    runtime dependencies' distributions (linked, or copied where links are not allowed).
    """
    (wheel,) = (installed_python.parents[2] / "wheels").glob("nnfromscratch-*.whl")
    work = tmp_path_factory.mktemp("runtime-only")
    fresh = work / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    borrowed = work / "dependencies"
    borrowed.mkdir()
    for distribution in runtime_distributions():
        tops = {Path(str(file)).parts[0] for file in distribution.files or []}
        for top in sorted(t for t in tops if t not in ("..", "")):
            source = Path(distribution.locate_file(top))
            if not source.exists() or (borrowed / top).exists():
                continue
            try:
                (borrowed / top).symlink_to(source, target_is_directory=source.is_dir())
            except OSError:  # Windows without the right to make links
                if source.is_dir():
                    shutil.copytree(source, borrowed / top)
                else:
                    shutil.copy2(source, borrowed / top)
    fresh_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True).stdout.strip()
    Path(fresh_site, "runtime-dependencies.pth").write_text(str(borrowed) + "\n")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(python),
         "install", "--no-index", "--no-deps", str(wheel)],
        capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return python


RUNTIME_ONLY = """
import importlib.util, json
absent = [name for name in ("sklearn", "scipy", "sympy", "pytest")
          if importlib.util.find_spec(name) is not None]
import nnfromscratch
from nnfromscratch.general.digits import load_digits_data
data = load_digits_data()
try:
    import nnfromscratch.proofs.symbolic
    proofs = "imported"
except ImportError as error:
    proofs = str(error)
from nnfromscratch.proofs.errata import worked_example_checks
print(json.dumps({"file": nnfromscratch.__file__, "present": absent,
                  "shapes": [data.x_train.shape, data.x_val.shape, data.x_test.shape],
                  "pixels": [float(data.x_train.min()), float(data.x_train.max())],
                  "proofs": proofs, "errata": len(worked_example_checks())}))
"""


def test_the_digits_load_with_only_the_runtime_dependencies(
    runtime_only_python: Path, tmp_path: Path
) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    run = subprocess.run([str(runtime_only_python), "-c", RUNTIME_ONLY], capture_output=True,
                         text=True, cwd=tmp_path, check=False, env=clean)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    environment = runtime_only_python.parent.parent
    assert Path(found["file"]).resolve().is_relative_to(environment.resolve())
    assert found["present"] == []  # neither scikit-learn nor SymPy nor the test tools
    assert found["shapes"] == [[1078, 64], [270, 64], [449, 64]]
    assert found["pixels"] == [0.0, 1.0]
    assert found["proofs"].endswith("pip install 'nnfromscratch[proofs]'")
    assert found["errata"] > 0


@pytest.mark.slow
def test_the_test_and_docs_extras_resolve_offline_to_this_environment(
    installed_python: Path,
) -> None:
    # What `pip install -e '.[test]'` and `'.[docs]'` ask for, resolved by pip itself against
    # what the fresh environment sees (its own wheel, this environment's packages) with no
    # index: every requirement of both extras, the proofs extra they include and all their
    # dependencies must be met by the versions constraints.txt installed here. A bound in an
    # extra that the pins break (pytest<9.2 against a pinned 9.2, say), or a package an extra
    # needs that is missing here, fails the resolution.
    (wheel,) = (installed_python.parents[2] / "wheels").glob("nnfromscratch-*.whl")
    run = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python",
         str(installed_python), "install", "--dry-run", "--no-index", f"{wheel}[test,docs]"],
        capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Would install" not in run.stdout, run.stdout  # nothing missing, nothing to fetch
    for requirement in ("sympy>=1.12", "pytest<9.2,>=8", "mkdocs<2,>=1.6", "scikit-learn>=1.3"):
        assert f"Requirement already satisfied: {requirement} " in run.stdout, requirement
