"""Runs every page's code, in page order, as pytest tests (Sybil).

A page holds two kinds of code block, and both run, top to bottom, in one namespace per
page:

* ```` ```python ```` blocks are the learner's code, typed as it stands (no prompts); they
  must run without error. A block that starts with ``>>>`` is read as a doctest instead.
* ```` ```pycon ```` blocks are interactive results: each ``>>>`` example's output must be
  exactly the text the page shows (ELLIPSIS and NORMALIZE_WHITESPACE on, no NUMBER flag:
  a worked value is compared as printed).

Blocks inside collapsed admonitions (``??? note "The code so far"``, solutions) run too,
where they stand. Other fences (``bash``, ``text``) are not run.
"""

from __future__ import annotations

import doctest
from collections.abc import Iterable

import pytest
from sybil import Document, Region, Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.integration.pytest import SybilItem
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

OPTIONFLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

# The chapters' complete programs are the pages' python blocks joined (tests/test_programs.py
# runs them as scripts); importing them for --doctest-modules would run them a second time.
# This file and tests/conftest.py hold no doctests; collected as modules they would both be
# imported under the one name "conftest", which pytest refuses.
collect_ignore_glob = ["programs/*.py", "conftest.py"]


class ConsoleBlockParser:
    """The ``>>>`` examples of every ```` ```pycon ```` block, as doctests."""

    def __init__(self) -> None:
        self.blocks = CodeBlockParser(language="pycon")
        self.examples = DocTestStringParser(DocTestEvaluator(OPTIONFLAGS))

    def __call__(self, document: Document) -> Iterable[Region]:
        for block in self.blocks(document):
            source = block.parsed
            for region in self.examples(source, document.path):
                region.adjust(block, source)
                yield region


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=OPTIONFLAGS), ConsoleBlockParser()],
    patterns=["*.md"],
).pytest()


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A page's examples share one namespace and run in page order, so under pytest-xdist
    # (dev.py runs `-n auto --dist loadgroup`) each page goes whole to one worker.
    for item in items:
        if isinstance(item, SybilItem):
            item.add_marker(pytest.mark.xdist_group(f"page {item.path}"))
