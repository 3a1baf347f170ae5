"""A real Chromium (Debian package, driven by Playwright) opens the built site from file://."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
from conftest import ARTIFACTS

pytestmark = pytest.mark.browser

ON_DISK = ("file://", "data:", "blob:")


def record_requests(page: Any) -> list[str]:
    """Every URL the page asks for, from now on."""
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    return requests


def leaving(requests: list[str], *allowed: str) -> list[str]:
    """The requests that went anywhere but the allowed places."""
    return [url for url in requests if not url.startswith(allowed)]


def test_search_works_from_file_url(browser: Any, built_fixture: pathlib.Path) -> None:
    page = browser.new_page()
    requests = record_requests(page)
    try:
        page.goto((built_fixture / "site/index.html").as_uri())
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("Collins", delay=30)
        first = page.locator(".md-search-result__item").first
        first.wait_for(timeout=15000)
        link = first.locator("a").first.get_attribute("href") or ""
        assert "cases/dpp-v-collins.html" in link
        assert "Collins" in first.inner_text()
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "search-failure.png"))
        raise
    finally:
        page.close()
    assert leaving(requests, *ON_DISK) == []
    assert any(url.endswith("search/search_index.js") for url in requests)


def test_offence_finder_sorts_and_filters_from_file_url(
    browser: Any, built_docs: pathlib.Path
) -> None:
    page = browser.new_page()
    requests = record_requests(page)
    try:
        page.goto((built_docs / "site/offences/index.html").as_uri())
        rows = page.locator(".kb-finder tbody tr")
        total = rows.count()
        assert total >= 20
        page.locator("#kb-finder-filter").fill("harassment")
        visible = page.locator(".kb-finder tbody tr:not([hidden])")
        shown = visible.count()
        assert 0 < shown < total
        assert all("harass" in t.lower() for t in visible.all_inner_texts())
        assert (
            page.locator(".kb-finder__count").inner_text() == f"{shown} of {total} offences shown"
        )
        page.locator("#kb-finder-filter").fill("")
        header = page.locator(".kb-finder th", has_text="Statute")
        header.click()
        assert header.get_attribute("aria-sort") == "ascending"
        statutes = page.locator(".kb-finder tbody tr td:nth-child(2)").all_inner_texts()
        assert statutes == sorted(statutes, key=str.lower)
        header.click()
        assert header.get_attribute("aria-sort") == "descending"
        statutes = page.locator(".kb-finder tbody tr td:nth-child(2)").all_inner_texts()
        assert statutes == sorted(statutes, key=str.lower, reverse=True)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "finder-failure.png"))
        raise
    finally:
        page.close()
    assert leaving(requests, *ON_DISK) == []


def test_advanced_search_from_disk_points_to_the_search_box(
    browser: Any, built_docs: pathlib.Path
) -> None:
    page = browser.new_page()
    try:
        page.goto((built_docs / "site/pages/advanced-search.html").as_uri())
        status = page.locator("#kb-adv-status")
        assert "use the search box at the top of the page" in status.inner_text()
        assert page.locator("#kb-adv-q").is_disabled()
    finally:
        page.close()


def test_advanced_search_uses_the_api_when_served(browser: Any, docs_server: str) -> None:
    base = docs_server
    page = browser.new_page()
    try:
        page.goto(base + "/pages/advanced-search.html")
        page.locator("#kb-adv-q").fill("Chambers")
        page.locator("#kb-adv-type").select_option("case")
        page.locator("#kb-adv button[type=submit]").click()
        first = page.locator("#kb-adv-results li a").first
        first.wait_for(timeout=10000)
        assert first.inner_text() == "Chambers v DPP"
        first.click()
        page.wait_for_url("**/cases/chambers-v-dpp.html")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "advanced-search-failure.png"))
        raise
    finally:
        page.close()


def test_served_site_satisfies_its_content_security_policy(browser: Any, server: str) -> None:
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    try:
        page.goto(server + "/index.html")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("Collins", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        page.goto(server + "/cases/dpp-v-collins.html")
        page.wait_for_load_state("load")
    finally:
        page.close()
    assert violations == []


def test_copy_link_and_citation_of_a_paragraph(browser: Any, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    requests = record_requests(page)
    try:
        page.goto(server + "/versions/2016-final/introduction.html")
        tools = page.locator("p#p2 .kb-para-tools")
        tools.get_by_role("button", name="Copy link to paragraph 2").click()
        link = page.evaluate("navigator.clipboard.readText()")
        assert link == server + "/versions/2016-final/introduction.html#p2"
        tools.get_by_role("button", name="Copy citation to paragraph 2").click()
        assert page.evaluate("navigator.clipboard.readText()") == (
            "Crown Prosecution Service, Final revised guidelines on prosecuting cases involving "
            "communications sent via social media (October 2016) (2016-final, in force from "
            "6 October 2016), 'Introduction', para 2."
        )
        opened = context.new_page()
        opened.goto(link)
        assert opened.evaluate("document.querySelector(':target').id") == "p2"
        opened.close()
    finally:
        context.close()
    assert leaving(requests, server) == []


@pytest.mark.parametrize("where", ["file", "served"])
def test_home_search_chambers_lands_on_the_case(
    browser: Any, built_fixture: pathlib.Path, server: str, where: str
) -> None:
    base = (built_fixture / "site").as_uri() if where == "file" else server
    page = browser.new_page()
    requests = record_requests(page)
    try:
        page.goto(base + "/index.html")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("Chambers", delay=30)
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=15000)
        first.click()
        page.wait_for_url("**/cases/chambers-v-dpp.html*")
        assert page.locator("h1").first.inner_text().startswith("Chambers v DPP")
        # A "latest" redirect keeps the paragraph anchor.
        page.goto(base + "/latest/introduction.html#p2")
        page.wait_for_url("**/versions/2016-final/introduction.html#p2")
        assert page.evaluate("document.querySelector(':target').id") == "p2"
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"chambers-{where}-failure.png"))
        raise
    finally:
        page.close()
    assert leaving(requests, *(ON_DISK if where == "file" else (server, "data:", "blob:"))) == []


def test_print_shows_the_stamp_and_hides_the_chrome(browser: Any, built_docs: pathlib.Path) -> None:
    page = browser.new_page()
    try:
        page.goto((built_docs / "site/handouts/2016-final.html").as_uri())
        sections = page.locator(".kb-handout-section")
        assert sections.count() == 18
        page.locator(".kb-handout-pick input[value='vawg']").uncheck()
        assert page.locator(".kb-handout-section[data-section='vawg']").is_hidden()
        assert page.locator(".kb-handout-section[data-section='hate-crime']").is_visible()
        stamp = page.locator(".kb-handout-section[data-section='hate-crime'] .kb-stamp")
        assert stamp.is_hidden()  # on screen
        page.emulate_media(media="print")
        assert stamp.is_visible()
        assert "2016-final" in stamp.inner_text()
        assert page.locator(".md-header").is_hidden()
        assert page.locator(".kb-handout-pick").is_hidden()
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF")
    finally:
        page.close()
