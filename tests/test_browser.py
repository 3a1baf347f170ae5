"""A real Chromium (Debian package, driven by Playwright) opens the built site from file://."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
import yaml
from conftest import ARTIFACTS, ROOT, kb_serve

pytestmark = pytest.mark.browser

ON_DISK = ("file://", "data:", "blob:")
CONFIRMED = yaml.safe_load((ROOT / "tests/data/confirmed_paragraphs.yml").read_text("utf-8"))


def record_requests(page: Any) -> list[str]:
    """Every URL the page asks for, from now on."""
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    return requests


def leaving(requests: list[str], *allowed: str) -> list[str]:
    """The requests that went anywhere but the allowed places."""
    return [url for url in requests if not url.startswith(allowed)]


def type_query(page: Any, text: str) -> list[str]:
    """Type into the site's search box; the result links, in rank order, once it has answered."""
    box = page.locator("[data-kb-search]")
    box.fill("")
    box.click()
    box.press_sequentially(text, delay=10)
    page.wait_for_function(
        "q => { const l = document.querySelector('[data-kb-results]');"
        " return document.querySelector('[data-kb-search]').value === q"
        " && l.getAttribute('aria-busy') === 'false'"
        " && !document.querySelector('#kb-search-panel').hidden; }",
        arg=text,
        timeout=15000,
    )
    links = page.locator("[data-kb-results] li > a")
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def test_search_works_from_file_url(browser: Any, built_fixture: pathlib.Path) -> None:
    page = browser.new_page()
    requests = record_requests(page)
    try:
        page.goto((built_fixture / "site/index.html").as_uri())
        rows = type_query(page, "Collins")
        assert "cases/dpp-v-collins.html" in rows[0]
        assert "Collins" in page.locator("[data-kb-results] li").first.inner_text()
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "search-failure.png"))
        raise
    finally:
        page.close()
    assert leaving(requests, *ON_DISK) == []
    assert any(url.endswith("search/kb-index.js") for url in requests)


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


@pytest.mark.parametrize("where", ["file", "served"])
def test_advanced_search_from_disk_and_served(
    browser: Any, built_docs: pathlib.Path, docs_server: str, where: str
) -> None:
    """From file:// the page runs the engine itself; served, it asks /api/search."""
    base = (built_docs / "site").as_uri() if where == "file" else docs_server
    page = browser.new_page()
    requests = record_requests(page)
    try:
        page.goto(base + "/pages/advanced-search.html")
        page.locator("#kb-adv-q").fill("Chambers")
        page.locator("#kb-adv-type").select_option("case")
        page.locator("#kb-adv button[type=submit]").click()
        first = page.locator("#kb-adv-results li a").first
        first.wait_for(timeout=10000)
        assert first.inner_text() == "Chambers v DPP"
        assert "result" in page.locator("#kb-adv-status").inner_text()
        first.click()
        page.wait_for_url("**/cases/chambers-v-dpp.html")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"advanced-search-{where}-failure.png"))
        raise
    finally:
        page.close()
    allowed = ON_DISK if where == "file" else (docs_server, "data:", "blob:")
    assert leaving(requests, *allowed) == []
    assert any("/api/search" in url for url in requests) == (where == "served")


def test_served_site_satisfies_its_content_security_policy(browser: Any, server: str) -> None:
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    try:
        page.goto(server + "/index.html")
        assert type_query(page, "Collins")
        page.goto(server + "/cases/dpp-v-collins.html")
        page.wait_for_load_state("load")
    finally:
        page.close()
    assert violations == []


def _copied(page: Any, tools: Any, name: str) -> str:
    tools.get_by_role("button", name=name).click()
    return str(page.evaluate("navigator.clipboard.readText()"))


def test_copy_link_and_citation_of_an_unnumbered_paragraph(browser: Any, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    requests = record_requests(page)
    try:
        page.goto(server + "/versions/2016-final/introduction.html")
        tools = page.locator("p#p2 .kb-para-tools")
        assert tools.locator(".kb-para-tools__n").inner_text() == "KB ¶2"
        link = _copied(page, tools, "Copy link to paragraph KB ¶2")
        # No public address configured: the stable path, never the loopback address.
        assert link == "versions/2016-final/introduction.html#p2"
        assert _copied(page, tools, "Copy citation to paragraph KB ¶2") == (
            "Crown Prosecution Service, Final revised guidelines on prosecuting cases involving "
            "communications sent via social media (October 2016) (2016-final, in force from "
            "6 October 2016), section 'Introduction', paragraph 2 (paragraph numbering by this "
            "knowledge base); summary in the knowledge base's own words, not the CPS wording. "
            "versions/2016-final/introduction.html#p2"
        )
        opened = context.new_page()
        opened.goto(server + "/" + link)
        assert opened.evaluate("document.querySelector(':target').id") == "p2"
        opened.close()
    finally:
        context.close()
    assert leaving(requests, server) == []


def test_copy_citation_from_file_url(browser: Any, built_fixture: pathlib.Path) -> None:
    """Opened from a folder, Material's clipboard handler (clipboard.js) still copies, and the
    copy is announced: its dialog says so in a status region."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto((built_fixture / "site/versions/2016-final/introduction.html").as_uri())
        tools = page.locator("p#p2 .kb-para-tools")
        citation = _copied(page, tools, "Copy citation to paragraph KB ¶2")
        assert citation.startswith("Crown Prosecution Service, Final revised guidelines")
        assert citation.endswith(" versions/2016-final/introduction.html#p2")
        dialog = page.locator("[data-md-component=dialog][role=status]")
        assert dialog.inner_text() == "Copied to clipboard"
        assert _copied(page, tools, "Copy link to paragraph KB ¶2") == (
            "versions/2016-final/introduction.html#p2"
        )
    finally:
        context.close()


def test_without_script_the_marker_stays_and_the_copy_buttons_hide(
    browser: Any, built_fixture: pathlib.Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto((built_fixture / "site/versions/2016-final/introduction.html").as_uri())
        tools = page.locator("p#p2 .kb-para-tools")
        assert tools.locator(".kb-para-tools__n").inner_text() == "KB ¶2"
        assert tools.locator("button").count() == 2
        assert not tools.locator("button").first.is_visible()
    finally:
        context.close()


def test_copied_links_use_the_configured_base_url(
    browser: Any, built_fixture_with_base: pathlib.Path
) -> None:
    with kb_serve("--root", str(built_fixture_with_base)) as served:
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        try:
            page.goto(served + "/versions/2016-final/introduction.html")
            tools = page.locator("p#p2 .kb-para-tools")
            assert _copied(page, tools, "Copy link to paragraph KB ¶2") == (
                "https://kb.example.org/cps/versions/2016-final/introduction.html#p2"
            )
            citation = _copied(page, tools, "Copy citation to paragraph KB ¶2")
            assert citation.endswith(
                " https://kb.example.org/cps/versions/2016-final/introduction.html#p2"
            )
        finally:
            context.close()


def test_confirmed_2013_paragraph_cites_the_cps_number_and_notes_cite_nothing(
    browser: Any, docs_server: str
) -> None:
    row = next(
        r for r in CONFIRMED if r["version"] == "2013-final" and r["section"].startswith("category")
    )
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{docs_server}/versions/2013-final/{row['section']}.html")
        tools = page.locator(f"p#{row['id']} .kb-para-tools")
        label = f"Para {row['para']}"
        assert tools.locator(".kb-para-tools__n").inner_text() == label
        citation = _copied(page, tools, f"Copy citation to paragraph {label}")
        assert f", para {row['para']}; " in citation
        assert "not the CPS wording" in citation
        note = page.locator(".admonition.note").first
        assert "Knowledge base note" in note.inner_text()
        assert note.locator(".kb-para-tools, button").count() == 0
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "citation-failure.png"), full_page=True)
        raise
    finally:
        context.close()


@pytest.mark.parametrize("where", ["file", "served"])
def test_home_search_chambers_lands_on_the_case(
    browser: Any, built_fixture: pathlib.Path, server: str, where: str
) -> None:
    base = (built_fixture / "site").as_uri() if where == "file" else server
    page = browser.new_page()
    requests = record_requests(page)
    try:
        page.goto(base + "/index.html")
        type_query(page, "Chambers")
        page.locator("[data-kb-results] li > a").first.click()
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
