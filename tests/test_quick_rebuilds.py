"""`python3 dev.py serve` rebuilds an edited page alone, and serves the site a full build makes.

docs/hooks/quick_rebuilds.py makes ``mkdocs serve --dirty`` exact. Here a copy of the
repository is built as ``mkdocs serve`` builds it, in one process, after each of three
edits that undo a change, each edit timed by what the hook decides:

1. the neuron chapter's title back as it is: the title shows on every page's navigation,
   so every page must be built again;
2. a paragraph taken off the training chapter: that page alone;
3. a paragraph taken off the home page: that page alone.

The site is then the one of the repository as it is, so every file must be byte for byte
the file of ``mkdocs build --strict`` (the shared `built_site`): pages, search index, print
page, notebooks, the API inventory. The builds are strict, as the serve command's are.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from site_html import ROOT, copy_of_the_repository, load_hook

NEURON, TRAINING, HOME = "docs/neuron.md", "docs/training.md", "docs/index.md"
MARKER = "\n\nA paragraph the next edit takes away again.\n"


def changed_copy(into: Path) -> list[dict[str, str]]:
    """Copy the repository with three changes; the edits that undo them, one per step."""
    copy_of_the_repository(into)
    originals = {name: (ROOT / name).read_text(encoding="utf-8") for name in (NEURON, TRAINING, HOME)}
    first_line, rest = originals[NEURON].split("\n", 1)
    assert first_line.startswith("# "), first_line
    (into / NEURON).write_text(f"{first_line} (a draft)\n{rest}", encoding="utf-8")
    for name in (TRAINING, HOME):
        (into / name).write_text(originals[name] + MARKER, encoding="utf-8")
    return [{}, {NEURON: originals[NEURON]}, {TRAINING: originals[TRAINING]},
            {HOME: originals[HOME]}]


def differences(site: Path, reference: Path) -> list[str]:
    def files(folder: Path) -> set[str]:
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}

    ours, theirs = files(site), files(reference)
    found = [f"only in the rebuilt site: {name}" for name in sorted(ours - theirs)]
    found += [f"only in the full build: {name}" for name in sorted(theirs - ours)]
    found += [f"differs: {name}" for name in sorted(ours & theirs)
              if (site / name).read_bytes() != (reference / name).read_bytes()]
    return found


@pytest.mark.slow
def test_an_edited_page_is_rebuilt_alone_and_the_site_is_a_full_builds(
    built_site: Path, tmp_path: Path
) -> None:
    copy, site = tmp_path / "repository", tmp_path / "site"
    steps = changed_copy(copy)
    if (ROOT / ".cache").is_dir():  # the figures and proofs of this code, drawn once already
        shutil.copytree(ROOT / ".cache", copy / ".cache")
    result = subprocess.run(
        [sys.executable, __file__, str(copy), str(site), json.dumps(steps)],
        cwd=copy, capture_output=True, text=True, check=False,
        env={**os.environ, "NNFS_BUILD_CACHE": str(copy / ".cache"), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    said = json.loads(result.stdout.splitlines()[-1])
    assert said == [
        ["Building every page"],
        ["Rebuilding neuron.md; the rest of the site is unchanged",
         "A title, heading or anchor changed: building every page"],
        ["Rebuilding training.md; the rest of the site is unchanged"],
        ["Rebuilding index.md; the rest of the site is unchanged"],
    ]
    assert differences(site, built_site) == []


def test_anything_but_a_page_changes_the_inputs_and_so_rebuilds_everything(tmp_path: Path) -> None:
    for name, text in {"mkdocs.yml": "site_name: x\n", "docs/index.md": "# Home\n",
                       "docs/hooks/a.py": "A = 1\n", "package/b.py": "B = 1\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"),
                             docs_dir=str(tmp_path / "docs"), watch=[str(tmp_path / "package")])
    pages = {(tmp_path / "docs/index.md").resolve()}
    digests = [load_hook("quick_rebuilds").inputs_digest(config, pages)]
    (tmp_path / "docs/index.md").write_text("# Home, edited\n")  # a page: compared on its own
    digests.append(load_hook("quick_rebuilds").inputs_digest(config, pages))
    assert digests[1] == digests[0]
    for name in ("package/b.py", "docs/hooks/a.py", "mkdocs.yml", "docs/assets/new.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("changed\n")
        digests.append(load_hook("quick_rebuilds").inputs_digest(config, pages))
        assert digests[-1] not in digests[:-1], name


def build_as_serve_does(copy: Path, site: Path, steps: list[dict[str, str]]) -> list[list[str]]:
    """Build `copy` into `site` after each step's edits, as ``mkdocs serve --dirty`` does.

    One process for all the builds (the hook's memory is the process's), the first
    configuration told it is serving, each build with a fresh configuration; what the hook
    said at each build is returned.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    said: list[list[str]] = []

    class Listen(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said[-1].append(record.getMessage())

    logging.getLogger("mkdocs.plugins.quick_rebuilds").addHandler(Listen())
    logging.getLogger("mkdocs.plugins.quick_rebuilds").setLevel(logging.INFO)
    for number, edits in enumerate(steps):
        for name, text in edits.items():
            (copy / name).write_text(text, encoding="utf-8")
        said.append([])
        config = load_config(str(copy / "mkdocs.yml"), site_dir=str(site))
        if number == 0:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)
    return said


if __name__ == "__main__":
    # python test_quick_rebuilds.py COPY SITE STEPS_JSON: the builds, in a fresh process.
    os.chdir(sys.argv[1])
    print(json.dumps(build_as_serve_does(Path(sys.argv[1]), Path(sys.argv[2]),
                                         json.loads(sys.argv[3]))))
