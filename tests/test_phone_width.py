"""On a phone (390 px), formulas fit their column and the path's code rarely scrolls.

Issue 23: a reader on a phone met 24 display formulas wider than the column (they scroll
sideways, half of them out of sight), and every code block on the path to the trained
network scrolled sideways. Measured in headless Chromium on the built site (the
`site_visits` fixture, tests/site_browser.py: one visit of each page, 390 px wide, every
collapsed block opened):

* no display formula, on any page, is wider than its box (the column);
* on the path from the home page to the trained 2-2-1 network, as tests/test_path_length.py
  measures it (the blocks a page shows when it opens; collapsed blocks and the Exercises
  sections left out), at most one code block in `MAX_SCROLLING` is wider than its box, so
  scrolls sideways (the figure with the collapsed blocks and exercises is printed too).

The theme's font size is not shrunk to get there: short lines and formulas written as
aligned steps do it. Without a browser these tests fail; they never skip.
"""

from __future__ import annotations

import pytest
from course_pages import PATH
from site_browser import SiteVisits, is_print_page
from site_html import site_prefix

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAX_SCROLLING = 5  # at most one code block in this many may scroll sideways


def page_name(url_path: str) -> str:
    return url_path[len(site_prefix()) :].strip("/") or "index"


@pytest.fixture  # per test, so that xdist groups these tests by `site_visits` alone
def phone(site_visits: SiteVisits) -> dict[str, list[dict]]:
    """Page name -> each formula and code block on the phone: kind, wider than its box?"""
    return {page_name(url): visit.layout["widths"]
            for (url, view), visit in site_visits.visits.items()
            if view == "phone" and not is_print_page(url)}


def show(request: pytest.FixtureRequest, figures: str) -> None:
    """Print on the terminal, whatever pytest's capture; and again in the run's summary
    (tests/conftest.py, which xdist's workers reach too)."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + figures, flush=True)
    request.node.user_properties.append(("figures", figures))


def test_no_display_formula_is_wider_than_the_column_on_a_phone(phone, request) -> None:
    formulas = {page: [b for b in boxes if b["kind"] == "formula"]
                for page, boxes in phone.items()}
    total = sum(map(len, formulas.values()))
    assert total >= 10, "the display formulas were not found"
    wide = {page: [b["text"] for b in boxes if b["overflows"]]
            for page, boxes in formulas.items()}
    wide = {page: texts for page, texts in wide.items() if texts}
    count = sum(map(len, wide.values()))
    show(request, f"display formulas wider than the column at 390 px: {count} of {total}"
         + "".join(f"; {page} {len(texts)}" for page, texts in wide.items()))
    assert not wide, f"{count} display formulas wider than the column at 390 px: {wide}"


def test_the_path_code_rarely_scrolls_sideways_on_a_phone(phone, request) -> None:
    # The path as tests/test_path_length.py measures it: what the page shows when it opens,
    # the collapsed blocks (the code so far, the solutions) and the Exercises left out.
    every = {page: [b for b in phone[page] if b["kind"] == "code"] for page in PATH}
    code = {page: [b for b in boxes if not b["collapsed"] and not b["exercises"]]
            for page, boxes in every.items()}
    total = sum(map(len, code.values()))
    scrolling = {page: [b["text"] for b in boxes if b["overflows"]]
                 for page, boxes in code.items()}
    wide = sum(map(len, scrolling.values()))
    wide_all = sum(b["overflows"] for boxes in every.values() for b in boxes)
    figures = (f"code blocks on the path at 390 px: {wide} of {total} scroll sideways "
               f"(at most 1 in {MAX_SCROLLING}); "
               + ", ".join(f"{page} {len(scrolling[page])}/{len(code[page])}" for page in PATH)
               + f"; with the collapsed blocks and the exercises: {wide_all} of "
               f"{sum(map(len, every.values()))}")
    show(request, figures)
    assert total, "no code block found on the path"
    assert wide * MAX_SCROLLING <= total, (
        figures + "\n" + "\n".join(f"{page}: {text}" for page, texts in scrolling.items()
                                   for text in texts))
