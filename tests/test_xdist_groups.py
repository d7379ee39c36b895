"""The test command's two workers keep the tests that share an expensive fixture together.

`conftest.py` marks every test of the built site (and every user of another module- or
session-scoped fixture of ours) with ``xdist_group``, and dev.py runs ``--dist loadgroup``,
so the site is built once per run. pytest-xdist implements groups by renaming each test
(``...::test@group``); when a pytest release stops honouring that (pytest 9.2 did), every
group silently splits over both workers and the site is built and browsed twice. This
test runs a small suite on two workers and fails if a group was split.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SUITE = '''
import pytest

@pytest.mark.xdist_group("together")
@pytest.mark.parametrize("n", range(6))
def test_grouped(n):
    pass

@pytest.mark.parametrize("n", range(6))
def test_free(n):
    pass
'''


def test_a_group_runs_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_suite.py").write_text(SUITE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # not this project's settings
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist",
         "loadgroup", "-v", "-c", str(tmp_path / "pytest.ini"), str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workers = set(re.findall(r"\[(gw\d)\].*PASSED.*test_grouped\[\d\]@together", result.stdout))
    grouped = re.findall(r"PASSED.*test_grouped", result.stdout)
    assert len(grouped) == 6, result.stdout
    assert len(workers) == 1, f"the group ran on {sorted(workers)}:\n{result.stdout}"
