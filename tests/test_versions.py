"""Reading across versions (issue 16): every guideline page names its version in the browser
title and switches to the same section in any version in one click; every older -> newer pair
of versions has its what-changed page, reachable from a from/to picker, from file://."""

from __future__ import annotations

import itertools
import pathlib
import re
from typing import Any

import pytest
from conftest import ARTIFACTS, ROOT, opened
from test_browser import ON_DISK, leaving, record_requests

from build_tools.content.ids import VERSION_IDS

VERSIONS = list(VERSION_IDS)


def test_every_guideline_page_names_its_version_in_the_title(built_docs: pathlib.Path) -> None:
    pages = sorted((ROOT / "docs/versions").glob("*/*.md"))
    sections = [p for p in pages if p.name != "index.md"]
    assert len(sections) > 40
    for source in sections:
        version = source.parent.name
        built = built_docs / "site/versions" / version / (source.stem + ".html")
        title = re.search(r"<title>([^<]*)</title>", built.read_text("utf-8"))
        assert title and f"({version})" in title.group(1), built


def test_a_what_changed_page_for_every_older_newer_pair(built_docs: pathlib.Path) -> None:
    built = sorted(p.name for p in (built_docs / "site/what-changed").glob("*.html"))
    expected = sorted(f"{a}-to-{b}.html" for a, b in itertools.combinations(VERSIONS, 2))
    assert built == expected
    diffs = sorted(p.name for p in (built_docs / "site/diffs").glob("*.json"))
    assert diffs == [n.replace(".html", ".json") for n in expected]


@pytest.mark.browser
def test_switch_a_2012_section_to_2016_final_in_one_click(
    browser: Any, built_docs: pathlib.Path
) -> None:
    page = browser.new_page()
    requests = record_requests(page)
    try:
        start = built_docs / "site/versions/2012-interim/category-4-grossly-offensive.html"
        page.goto(start.as_uri())
        switcher = page.locator("nav.kb-switcher")
        assert switcher.locator("[aria-current=page]").inner_text() == "2012-interim"
        switcher.get_by_role("link", name="2016-final", exact=True).click()
        page.wait_for_url("**/versions/2016-final/category-4-grossly-offensive.html")
        assert "(2016-final)" in page.title()
        here = page.locator("nav.kb-switcher [aria-current=page]").inner_text()
        assert here == "2016-final"
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "switcher-failure.png"))
        raise
    finally:
        page.close()
    assert leaving(requests, *ON_DISK) == []


@pytest.mark.browser
def test_picker_opens_2013_to_2016_final_with_reasons_linked_to_their_anchor(
    browser: Any, built_docs: pathlib.Path
) -> None:
    with opened(browser, "picker") as page:
        page.goto((built_docs / "site/what-changed/2012-interim-to-2013-final.html").as_uri())
        page.locator("#kb-pair-from").select_option("2013-final")
        page.locator("#kb-pair-to").select_option("2016-final")
        page.get_by_role("button", name="Show what changed").click()
        page.wait_for_url("**/what-changed/2013-final-to-2016-final.html")
        reason = page.locator("a[href*='consultation.html#q']").first
        href = reason.get_attribute("href") or ""
        anchor = href.split("#", 1)[1]
        assert re.fullmatch(r"q\d-change-\d+", anchor), href
        reason.click()
        page.wait_for_url(f"**/pages/consultation.html#{anchor}")
        assert page.evaluate("document.querySelector(':target') !== null")


@pytest.mark.browser
def test_what_changed_page_fits_a_phone(browser: Any, built_docs: pathlib.Path) -> None:
    with opened(browser, "phone-diff", viewport={"width": 390, "height": 844}) as page:
        page.goto((built_docs / "site/what-changed/2013-final-to-2016-final.html").as_uri())
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths


@pytest.mark.browser
def test_the_404_page_offers_search_versions_and_the_nearest_page(
    browser: Any, docs_server: str
) -> None:
    with opened(browser, "404") as page:
        response = page.goto(docs_server + "/versions/2099-final/category-4-grossly-offensive.html")
        assert response is not None and response.status == 404
        assert page.locator("[data-kb-search]").count() == 1
        nearest = page.locator(".kb-404__link")
        assert nearest.get_attribute("href") == (
            docs_server + "/latest/category-4-grossly-offensive.html"
        )
        nearest.click()
        page.wait_for_url("**/versions/2016-final/category-4-grossly-offensive.html")
        page.go_back()
        versions = page.locator(".kb-404__places a")
        assert versions.count() == 6
        assert all(
            (versions.nth(i).get_attribute("href") or "").startswith(docs_server + "/")
            for i in range(versions.count())
        )


@pytest.mark.browser
def test_next_and_previous_change_move_the_focus(browser: Any, built_docs: pathlib.Path) -> None:
    with opened(browser, "stepper") as page:
        page.goto((built_docs / "site/what-changed/2016-interim-to-2016-final.html").as_uri())
        bar = page.get_by_role("group", name="Move between changes")
        bar.get_by_role("button", name="Next change").click()
        assert page.evaluate("document.activeElement.id") == "change-1"
        bar.get_by_role("button", name="Next change").click()
        assert page.evaluate("document.activeElement.id") == "change-2"
        bar.get_by_role("button", name="Previous change").click()
        assert page.evaluate("document.activeElement.id") == "change-1"
        page.keyboard.press("j")
        assert page.evaluate("document.activeElement.id") == "change-2"
        assert "Change 2 of" in bar.inner_text()


@pytest.mark.browser
def test_a_redlined_list_renders_as_a_list(browser: Any, built_docs: pathlib.Path) -> None:
    with opened(browser, "redline-list") as page:
        page.goto((built_docs / "site/what-changed/2013-final-to-2016-final.html").as_uri())
        redline = page.locator("h2#category-1-threats ~ .kb-redline").first
        items = redline.locator("ul > li")
        assert items.count() >= 3
        texts = [items.nth(i).inner_text() for i in range(items.count())]
        assert any("Offences Against the Person Act" in t for t in texts), texts
        assert not any(t.lstrip().startswith("- ") for t in texts), texts
        display = items.first.evaluate("e => getComputedStyle(e).display")
        assert display == "list-item"
        # Side by side, each column keeps the list too.
        assert redline.locator("xpath=following::details[1]//ul/li").count() >= 3


@pytest.mark.browser
def test_changes_only_hides_the_unchanged_paragraphs(
    browser: Any, built_docs: pathlib.Path
) -> None:
    with opened(browser, "changes-only") as page:
        page.goto((built_docs / "site/what-changed/2016-interim-to-2016-final.html").as_uri())
        same = page.locator(".kb-redline > .kb-block--same")
        assert same.count() > 0 and same.first.is_visible()
        toggle = page.get_by_role("button", name="Changes only")
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        assert not any(same.nth(i).is_visible() for i in range(same.count()))
        markers = page.locator(".kb-change-n")
        assert all(markers.nth(i).is_visible() for i in range(markers.count()))
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "false"
        assert same.first.is_visible()


@pytest.mark.browser
def test_a_reason_recorded_against_a_paragraph_sits_at_its_change(
    browser: Any, built_docs: pathlib.Path
) -> None:
    with opened(browser, "tied-reason") as page:
        page.goto((built_docs / "site/what-changed/2013-final-to-2016-final.html").as_uri())
        why = page.locator(".kb-why:has(a[href*='consultation.html#q'])").first
        label = why.locator("strong").inner_text()
        number = re.fullmatch(r"Why changes? (?:\d+[–, ]+)*?(\d+):", label)
        assert number, label  # "Why change 12:" or "Why changes 12–14:", shown after the last
        # The change it explains comes just before it, in the block above.
        before = why.evaluate(
            "e => e.previousElementSibling.querySelector('.kb-change-n') !== null"
        )
        assert before
        assert page.locator(f"#change-{number.group(1)}").count() == 1
        link = why.locator("a[href*='consultation.html#q']")
        href = link.get_attribute("href") or ""
        assert re.search(r"#q\d-change-\d+$", href), href
        link.click()
        page.wait_for_url(f"**{href.split('/')[-1]}")
        assert page.evaluate("document.querySelector(':target') !== null")


def test_a_section_missing_from_a_version_points_at_its_nearest_counterpart(
    built_docs: pathlib.Path,
) -> None:
    html = (built_docs / "site/versions/2016-final/children-and-young-people.html").read_text()
    switcher = re.search(r'<nav class="kb-switcher".*?</nav>', html, re.S)
    assert switcher is not None
    nav = switcher.group(0)
    # Where the version has no such section: said so, and the nearest one linked, marked
    # inferred ("?") with the recorded note as its title.
    near = re.search(
        r"2013-final <small>\(not in this version; nearest: <a class=\"kb-switcher__near\" "
        r'href="([^"]+)" title="([^"]+)">([^<]+)</a>\)</small>',
        nav,
    )
    assert near is not None, nav
    assert near.group(1) == "../2013-final/category-4-grossly-offensive.html"
    assert "age and maturity" in near.group(2)
    assert near.group(3).endswith("?")
    # A version with no counterpart recorded just says the section is not there.
    overlap = (built_docs / "site/versions/2016-final/jurisdiction.html").read_text()
    assert "2013-final <small>(not in this version)</small>" in overlap


PARTIAL = ["part-a-b", "electronic-communications", "communications-offences"]


def test_every_2016_final_section_says_where_it_lives_today(built_docs: pathlib.Path) -> None:
    sections = sorted(p for p in (ROOT / "docs/versions/2016-final").glob("*.md"))
    sections = [p for p in sections if p.name != "index.md"]
    assert len(sections) == 18
    for source in sections:
        html = (built_docs / f"site/versions/2016-final/{source.stem}.html").read_text("utf-8")
        box = re.search(
            r'<p class="admonition-title">Where this lives today</p>(.*?)</div>', html, re.S
        )
        assert box is not None, source.name
        rows = re.findall(r"<li>(.*?)</li>", box.group(1), re.S)
        assert len(rows) == len(PARTIAL), (source.name, rows)
        for version, row in zip(PARTIAL, rows, strict=True):
            assert f"({version})" in row, (source.name, row)
            # Each successor says how sure we are, or that the record does not reach it.
            assert re.search(r"\((?:confirmed|inferred):|not recorded", row), (source.name, row)


def test_pages_of_a_partial_record_say_so(built_docs: pathlib.Path) -> None:
    for version in PARTIAL:
        for page in sorted((built_docs / f"site/versions/{version}").glob("*.html")):
            html = page.read_text("utf-8")
            assert '<p class="admonition-title">Partial record</p>' in html, page
    stub = built_docs / "site/versions/communications-offences/selection-of-charges.html"
    html = stub.read_text("utf-8")
    assert '<p class="admonition-title">Text not recorded</p>' in html
    assert 'class="kb-para' not in html  # no guideline paragraphs on a stub
