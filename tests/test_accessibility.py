"""Accessibility in a real Chromium: axe-core on every page type, and search by keyboard alone."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = {
    "home": "index.html",
    "version": "versions/2016-final/index.html",
    "guideline section": "versions/2016-final/category-4-grossly-offensive.html",
    "historical section": "versions/2012-interim/initial-assessment.html",
    "case": "cases/dpp-v-collins.html",
    "offence": "offences/ca2003-s127-1.html",
    "offence finder": "offences/index.html",
    "case list": "cases/index.html",
    "glossary": "glossary.html",
    "consultation": "pages/consultation.html",
    "timeline": "pages/timeline.html",
    "advanced search": "pages/advanced-search.html",
    "what changed": "what-changed/2016-interim-to-2016-final.html",
    "what changed, two steps": "what-changed/2013-final-to-2016-final.html",
    "print handout": "handouts/2016-final.html",
    "print handout, any version": "handouts/index.html",
}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: tags}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))",
        TAGS,
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=list(PAGE_TYPES))
def test_no_serious_or_critical_axe_violations(
    browser: Any,
    built_docs: pathlib.Path,
    path: str,
) -> None:
    page = browser.new_page()
    try:
        page.goto((built_docs / "site" / path).as_uri())
        serious = _serious_violations(page)
    finally:
        page.close()
    assert serious == [], serious


def test_the_404_page_served_has_no_serious_axe_violations(
    browser: Any, docs_server: str
) -> None:
    """The 404 page links its assets from the site root (it answers at any depth), so it is
    checked as a server shows it; a browser opening files shows its own error instead.
    (The checker is injected as an inline script, which the site's CSP would refuse.)"""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(docs_server + "/versions/2099-final/missing.html")
        serious = _serious_violations(page)
    finally:
        context.close()
    assert serious == [], serious


def test_search_by_keyboard_alone(browser: Any, built_fixture: pathlib.Path) -> None:
    page = browser.new_page()
    try:
        page.goto((built_fixture / "site/index.html").as_uri())
        page.keyboard.press("/")  # the shortcut to the search box
        assert page.evaluate("document.activeElement.hasAttribute('data-kb-search')")
        page.keyboard.type("Chambers", delay=30)
        page.locator("[data-kb-results] li > a").first.wait_for(timeout=15000)
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.classList.contains('kb-search__link')")
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.hasAttribute('data-kb-search')")
        assert page.locator("#kb-search-panel").is_hidden()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url("**/cases/chambers-v-dpp.html*")
    finally:
        page.close()
