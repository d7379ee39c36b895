"""A fresh environment holding the package and its declared runtime dependencies only.

tests/conftest.py's `installed_python` installs the repository's wheel into a new virtual
environment offline, and lets it see every package of the test environment (a ``.pth``
path to this environment's site-packages). That proves the install, not the dependencies:
a notebook that imports scikit-learn, which the package does not declare, would still run
there. `runtime_environment` makes a second environment beside it that sees

* the package as installed there (that environment's own site-packages), and
* a folder of links to the distributions the installed package declares as its runtime
  dependencies (``Requires-Dist`` without an extra, read from the installed copy's
  metadata), with theirs in turn, taken from this environment (offline, as the first);
* and, when asked (``also``), other distributions with theirs: ipykernel, which a
  reader's Jupyter provides to run a notebook.

Nothing else: a module outside these fails to import, as it would for a reader who ran
``pip install nnfromscratch`` and nothing more.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import venv
from pathlib import Path

from packaging.requirements import Requirement

# Printed by the installed package's Python: its declared runtime requirements.
REQUIREMENTS = """
import importlib.metadata, json
print(json.dumps(importlib.metadata.requires("nnfromscratch") or []))
"""


def applies(requirement: Requirement) -> bool:
    """Whether a requirement is a runtime one here (no extra; its marker true)."""
    return requirement.marker is None or requirement.marker.evaluate({"extra": ""})


def closure(names: list[str]) -> dict[str, importlib.metadata.Distribution]:
    """The distributions of this environment that `names` need, theirs included."""
    found: dict[str, importlib.metadata.Distribution] = {}
    waiting = list(names)
    while waiting:
        name = waiting.pop()
        distribution = importlib.metadata.distribution(name)
        key = distribution.metadata["Name"].lower().replace("_", "-")
        if key in found:
            continue
        found[key] = distribution
        for text in distribution.requires or []:
            requirement = Requirement(text)
            if applies(requirement):
                waiting.append(requirement.name)
    return found


def link_distributions(distributions, folder: Path) -> None:
    """Link each distribution's top-level files and folders into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for distribution in distributions:
        for file in distribution.files or []:
            top = file.parts[0]
            if top in ("..", "__pycache__") or top.endswith(".pth"):
                continue
            target = Path(distribution.locate_file(top))
            link = folder / top
            if target.exists() and not link.exists():
                link.symlink_to(target, target_is_directory=target.is_dir())


def runtime_environment(installed_python: Path, folder: Path, also: tuple[str, ...] = ()) -> Path:
    """The Python of a new environment with the package and its runtime dependencies only."""
    declared = json.loads(subprocess.run([str(installed_python), "-c", REQUIREMENTS],
                                         capture_output=True, text=True, check=True).stdout)
    runtime = [Requirement(text).name for text in declared if applies(Requirement(text))]
    link_distributions(closure([*runtime, *also]).values(), folder / "dependencies")
    environment = folder / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

    def purelib(of: Path) -> str:
        return subprocess.run([str(of), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              capture_output=True, text=True, check=True).stdout.strip()

    Path(purelib(python), "runtime-dependencies.pth").write_text(
        f"{purelib(installed_python)}\n{folder / 'dependencies'}\n")
    return python
