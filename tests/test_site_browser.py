"""Every page of the built site, opened in headless Chromium as a reader would open it.

The site from the `built_site` fixture is served on 127.0.0.1 under the same path as on
GitHub Pages (``/nnfromscratch/``), and every page is visited on a phone and on a desktop
(the `site_visits` fixture, tests/site_browser.py, which test_site_layout.py shares). In
every visit these must hold:

* no console error, no failed request, no request to any host but 127.0.0.1;
* every formula typeset: each holds KaTeX's output, each visible one has a size, the KaTeX
  fonts loaded, and no raw TeX is left in the visible text;
* every image loaded (non-zero natural width) and has alt text;
* and, on the home page, the search box finds "backpropagation".

These checks, and test_site_layout.py's, pass by finding nothing, so the last test proves
they would find something: a copy of the home page with one planted fault of each kind
must be reported for each.

With ``--screenshots`` (``python3 dev.py test --screenshots``), a full-page screenshot of
each page in each view (the print page excepted) goes to ``screenshots/`` (ignored by
git), for people to look at.
They are off by default: on two cores they added a quarter to these tests' time (84 s
without, 105 s with, for this module and test_site_layout.py).

Without a browser these tests FAIL, with dev.py's instructions; they never skip.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_browser import VIEWS, SiteVisits, is_print_page, where
from site_html import html_pages, page_url_path, site_prefix

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_every_page_was_visited_in_every_view(site_visits: SiteVisits, built_site: Path) -> None:
    urls = [page_url_path(built_site, page) for page in html_pages(built_site)]
    expected = {(url, view) for url in urls for view in VIEWS
                if view == "desktop" or not is_print_page(url)}
    assert set(site_visits.visits) == expected
    assert all(visit.inspection for visit in site_visits.visits.values())


def test_no_console_errors(site_visits: SiteVisits) -> None:
    assert not where(site_visits.visits, lambda v: v.console_errors)


def test_no_failed_requests(site_visits: SiteVisits) -> None:
    assert not where(site_visits.visits, lambda v: v.failed_requests)


def test_no_request_leaves_the_machine(site_visits: SiteVisits) -> None:
    assert not site_visits.external_requests


def test_every_formula_is_typeset(site_visits: SiteVisits) -> None:
    assert not where(site_visits.visits, lambda v: v.inspection["notTypeset"])
    assert not where(site_visits.visits, lambda v: v.inspection["noSize"])
    assert not where(site_visits.visits, lambda v: v.inspection["rawText"])
    assert not where(site_visits.visits, lambda v: v.inspection["fontErrors"])
    # The checks above mean something only if formulas were there to check.
    with_maths = where(site_visits.visits, lambda v: v.inspection["maths"])
    assert with_maths, "no page has a formula: the maths checks checked nothing"
    assert not where(site_visits.visits, lambda v: v.inspection["maths"]
                         and not v.inspection["katexFontsLoaded"])


def test_every_image_loaded_and_has_alt_text(site_visits: SiteVisits) -> None:
    assert not where(site_visits.visits, lambda v: [i["src"] for i in v.inspection["images"] if not i["loaded"]])
    assert not where(site_visits.visits, lambda v: [i["src"] for i in v.inspection["images"] if not i["alt"]])
    assert where(site_visits.visits, lambda v: v.inspection["images"]), "no page has an image to check"


def test_search_finds_backpropagation(site_visits: SiteVisits) -> None:
    assert site_visits.search_results >= 1, f"search said: {site_visits.search_meta!r}"


# Planted in a copy of the home page, one of each thing the checks above must catch.
PLANTED = """
<p>$$\\frac{planted}{tex}$$</p>
<img src="planted-missing.png" alt="a planted missing image">
<img src="https://example.com/planted.png" alt="a planted outside image">
<img src="assets/images/favicon.png">
<script>console.error("planted console error")</script>
<script>throw new Error("planted exception")</script>
<p style="width: 3000px">planted wide paragraph</p>
""" + f"""<pre><code style="overflow-x: hidden; white-space: pre">planted_cut = {"x" * 300}</code></pre>
"""


def test_a_visit_reports_everything_these_tests_check_for(
    built_site: Path, tmp_path: Path
) -> None:
    # The checks above pass by finding nothing, so prove that they would find something:
    # a one-page copy of the site, its home page with one planted fault of each kind.
    from site_browser import visit_site
    from site_html import find_chromium

    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.html"))
    home = (built_site / "index.html").read_text(encoding="utf-8")
    (site / "index.html").write_text(home.replace("</article>", PLANTED + "</article>", 1),
                                     encoding="utf-8")
    run = visit_site(site, find_chromium(), screenshots=False, audit=True)
    assert set(run.visits) == {(site_prefix(), view) for view in VIEWS}
    # The page is loaded once, in the first view: what happens while it loads is its.
    loaded = run.visits[site_prefix(), next(iter(VIEWS))]
    errors = " ".join(loaded.console_errors)
    assert "planted console error" in errors and "planted exception" in errors, errors
    assert any("planted-missing.png" in failed for failed in loaded.failed_requests)
    assert "https://example.com/planted.png" in run.external_requests
    for view in VIEWS:  # what is inspected, in every view
        visit = run.visits[site_prefix(), view]
        images = {image["src"]: image for image in visit.inspection["images"]}
        assert not images["planted-missing.png"]["loaded"]
        assert not images["assets/images/favicon.png"]["alt"]
        assert any("planted" in text for text in visit.inspection["rawText"])
        assert any(v["id"] == "image-alt" and v["impact"] in {"serious", "critical"}
                   for v in visit.violations), visit.violations
        # and what tests/test_site_layout.py checks
        assert any(c["text"].startswith("planted_cut") for c in visit.layout["cut"])
        assert any(o["text"] == "planted wide paragraph" for o in visit.layout["outside"])
