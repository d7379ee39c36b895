"""The proof line (docs/hooks/proof_line.py): generated from the page, honest about its commit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from formula_check import check_page
from site_html import ROOT, load_hook

proof_line = load_hook("proof_line")

PAGE = r"""# 9. A chapter

Some words.

```pycon
>>> print(1)
1
>>> print(2)
2

```

[[latex:sigmoid_derivative]]

$$
z = 0 \cdot 2 + 1 \cdot 3 + 4 = 7
$$

$$
y = a \odot b
$$

<!-- formula notation: \odot : the element-wise product -->
"""


def test_the_line_counts_what_the_tests_check_on_the_page():
    facts = proof_line.read_page(PAGE)
    assert (facts.examples, facts.markers, len(facts.formulas)) == (2, 1, 2)
    line = proof_line.proof_line(facts, "0123456789abcdef")
    assert line == (
        "Checked by the tests at commit `0123456789ab`: 2 results of the page's code, 1 "
        "formula proven by SymPy, 1 typed formula checked by SymPy, 1 formula SymPy cannot "
        "read ([how](checks.md))."
    )
    # The formula checker counts the same formulas, and passes this page.
    report = check_page(PAGE)
    assert (report.checked, report.declared, report.problems) == (1, 1, [])


def test_without_the_workflow_the_line_says_the_copy_was_not_checked():
    facts = proof_line.read_page(PAGE)
    line = proof_line.proof_line(facts, None)
    assert line.startswith("This copy was built without running the tests, "
                           "which check 2 results")
    # An example, formula or marker more changes the counts: they are read, not written.
    more = PAGE.replace(">>> print(2)\n2\n", ">>> print(2)\n2\n>>> print(3)\n3\n")
    assert "3 results" in proof_line.proof_line(proof_line.read_page(more), None)


def test_code_and_comments_are_not_counted():
    page = "# T\n\n```python\n# $$\n```\n\n<!-- $$ x = 1 $$ -->\n\n```text\n>>> 1\n```\n"
    facts = proof_line.read_page(page)
    assert (facts.examples, facts.markers, len(facts.formulas)) == (0, 0, 0)


def test_the_line_goes_under_the_title_of_course_pages_only():
    assert proof_line.insert_after_title("# T\n\nText.\n", "L").startswith(
        '# T\n\n<p class="proof-line" markdown>L</p>\n')
    assert proof_line.is_course_page("backpropagation.md")
    assert proof_line.is_course_page("beyond/digits.md")
    for other in ("index.md", "checks.md", "errata.md", "reference/mlp.md"):
        assert not proof_line.is_course_page(other)


def test_a_copy_built_without_the_tests_names_no_commit():
    # A local build's pages must not depend on the state of git (a page rebuilt alone by
    # `mkdocs serve --dirty` must equal a full build's: tests/test_quick_rebuilds.py).
    line = proof_line.proof_line(proof_line.read_page(PAGE), None)
    assert line.startswith("This copy was built without running the tests")
    assert not re.search(r"\b[0-9a-f]{7,}\b", line), line


def test_the_hook_runs_after_the_formulas_and_the_workflow_sets_the_commit_after_the_tests():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    hooks = config["hooks"]
    assert hooks.index("docs/hooks/proof_line.py") > hooks.index("docs/hooks/sympy_formulas.py")
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    for name, job in workflow["jobs"].items():
        setting = [step for step in job.get("steps", [])
                   if proof_line.CHECKED_COMMIT in step.get("env", {})]
        if setting:
            # Only a job that runs once the test job passed may say the commit was checked.
            assert job.get("needs") == "test", name
            assert setting[0]["env"][proof_line.CHECKED_COMMIT] == "${{ github.sha }}"
    assert any(proof_line.CHECKED_COMMIT in step.get("env", {})
               for job in workflow["jobs"].values() for step in job.get("steps", []))


@pytest.mark.parametrize("page", sorted(Path(ROOT / "docs").glob("*.md")),
                         ids=lambda p: p.name)
def test_each_course_page_gets_a_line(page):
    text = page.read_text(encoding="utf-8")
    if not proof_line.is_course_page(page.name):
        return
    marked = proof_line.insert_after_title(
        text, proof_line.proof_line(proof_line.read_page(text), None))
    assert 'class="proof-line"' in marked.split("\n\n", 3)[1] + marked.split("\n\n", 3)[2]
