"""The README is for readers, the contributor's guide for the rest, and both link true.

The README's first 30 lines say what this is, where to read it (the hosted site and its
first chapter), the two commands, and a short taste of the package, which runs here as a
doctest. Everything about how the project is built and checked lives in CONTRIBUTING.md,
linked from the README. LICENSE matches pyproject.toml.
"""

from __future__ import annotations

import doctest
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SITE = "https://nnfromscratch.github.io/nnfromscratch/"


def test_the_first_thirty_lines_say_where_to_read_and_how_to_run() -> None:
    first = "\n".join(README.splitlines()[:30])
    assert f"<{SITE}>" in first and f"({SITE}neuron/)" in first
    assert "python3 dev.py serve" in first and "python3 dev.py test" in first
    assert "```pycon" in first
    assert "[CONTRIBUTING.md](CONTRIBUTING.md)" in README


def test_the_taste_of_the_package_runs_and_prints_what_it_shows() -> None:
    first = "\n".join(README.splitlines()[:30])
    (block,) = re.findall(r"```pycon\n(.*?)```", first, re.S)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    assert len(test.examples) == 3  # a three-line taste
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False) == doctest.TestResults(failed=0, attempted=3)


def test_the_readme_and_the_guide_link_only_files_that_exist() -> None:
    for name, text in (("README.md", README), ("CONTRIBUTING.md", CONTRIBUTING)):
        prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))
        for target in re.findall(r"\]\(([^)#]+)\)", prose):
            if target.startswith(("http://", "https://")):
                continue
            assert (ROOT / target).exists(), f"{name} links {target}, which does not exist"


def test_the_licence_file_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()
    assert licence[0] == "MIT License"
    authors = project["authors"][0]["name"]
    assert licence[2].lower() == f"copyright (c) 2026 {authors}".lower()
    # The vendored KaTeX keeps its own notice, and its stylesheet points to it.
    katex = ROOT / "docs" / "assets" / "katex"
    assert "Khan Academy" in (katex / "LICENSE").read_text(encoding="utf-8")
    assert "see LICENSE" in (katex / "katex.min.css").read_text(encoding="utf-8")[:200]


def test_the_end_of_life_banner_switch_works_and_every_build_we_run_sets_it(tmp_path: Path) -> None:
    # CONTRIBUTING.md, "Material's end-of-life banner": NO_MKDOCS_2_WARNING quiets it, and
    # dev.py serve and book, the suite's builds and the Pages workflow set it.
    import os
    import subprocess
    import sys

    import yaml

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# A page\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: banner\ntheme:\n  name: material\n",
                                         encoding="utf-8")

    def build(**extra: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"} | extra
        run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path,
                             env=env, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        return run.stdout + run.stderr

    assert "end of life" in build()
    assert "end of life" not in build(NO_MKDOCS_2_WARNING="1")
    dev = (ROOT / "dev.py").read_text(encoding="utf-8")
    for command in ("def command_serve", "def command_book"):
        body = dev[dev.index(command):].split("\ndef ", 1)[0]
        assert '"NO_MKDOCS_2_WARNING": "1"' in body, command
    assert 'BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1"}' in (ROOT / "tests" / "conftest.py").read_text(
        encoding="utf-8")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    (step,) = [s for s in workflow["jobs"]["build"]["steps"] if "mkdocs build" in s.get("run", "")]
    assert step["env"]["NO_MKDOCS_2_WARNING"] == "1"
