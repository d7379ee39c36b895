"""``pip install`` of the repository gives a working package in a fresh environment.

The `installed_python` fixture (tests/conftest.py) builds the repository's files into a
wheel and installs it into a new virtual environment, offline. Here: the package imported
there is the installed copy, not the work tree; it holds every module of the work tree's
package; each dependency it declares is satisfied there; and the code of a page runs.
The chapters' scripts run in that same environment (tests/test_notebooks.py).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

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
