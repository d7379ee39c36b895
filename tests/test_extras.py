"""The package's runtime needs NumPy (and tqdm) alone; SymPy is the ``proofs`` extra.

Importing the SymPy proofs without SymPy must say which extra to install; the rest of the
package, the numeric errata among it, must import and run without SymPy. SymPy's absence is
simulated in a fresh interpreter (``sys.modules["sympy"] = None`` makes every ``import
sympy`` fail); tests/test_install.py checks the same in an environment really without it.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WITHOUT_SYMPY = "import sys; sys.modules['sympy'] = None\n"


def run_without_sympy(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_SYMPY + code], capture_output=True,
                          text=True, check=False, cwd=ROOT)


def test_the_proofs_without_sympy_say_which_extra_to_install() -> None:
    run = run_without_sympy(
        "try:\n"
        "    import nnfromscratch.proofs.symbolic\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__, '|', error)\n"
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == (
        "ImportError | nnfromscratch.proofs.symbolic needs SymPy, which comes with the "
        "package's proofs extra: pip install 'nnfromscratch[proofs]'"
    )


def test_everything_but_the_symbolic_proofs_imports_without_sympy() -> None:
    run = run_without_sympy(
        "import pkgutil, importlib, nnfromscratch\n"
        "names = [m.name for m in pkgutil.walk_packages(nnfromscratch.__path__, 'nnfromscratch.')]\n"
        "for name in names:\n"
        "    if name != 'nnfromscratch.proofs.symbolic':\n"
        "        importlib.import_module(name)\n"
        "from nnfromscratch.proofs.errata import worked_example_checks\n"
        "print(len(names), len(worked_example_checks()) > 0)\n"
    )
    assert run.returncode == 0, run.stderr
    count, errata = run.stdout.split()
    assert int(count) >= 20 and errata == "True"


def test_sympy_is_the_proofs_extra_and_the_test_and_docs_extras_include_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [dep.split(">")[0].split("=")[0].split("<")[0].strip() for dep in project["dependencies"]]
    assert names == ["numpy", "tqdm"]
    extras = project["optional-dependencies"]
    assert [dep.split(">")[0] for dep in extras["proofs"]] == ["sympy"]
    for extra in ("test", "docs"):
        assert "nnfromscratch[proofs]" in extras[extra], extra
