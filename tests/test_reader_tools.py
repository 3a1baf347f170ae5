"""Reader tools in daily use (issue 17): the home page leads to every tool, the case list, and
what each tool shows on a phone."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import pytest
from conftest import ARTIFACTS

TOOLS = [
    "Advanced search",
    "Offence finder",
    "Cases",
    "What changed",
    "Print handouts",
    "Glossary",
    "The 2016 consultation",
    "Timeline",
]


@pytest.mark.browser
def test_the_home_page_links_every_tool_on_one_phone_screen(
    browser: Any, built_docs: pathlib.Path
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((built_docs / "site/index.html").as_uri())
        tools = page.locator(".kb-tools")
        for name in TOOLS:
            link = tools.get_by_role("link", name=name, exact=True)
            assert link.is_visible(), name
            box = link.bounding_box()
            assert box is not None and box["y"] + box["height"] <= 844, (name, box)
        # Each one opens a real page.
        hrefs = [tools.get_by_role("link", name=n, exact=True).get_attribute("href") for n in TOOLS]
        for href in hrefs:
            assert href and (built_docs / "site" / href.split("#")[0]).exists(), href
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "home-tools-failure.png"))
        raise
    finally:
        page.close()


def test_the_case_list_names_every_case_with_the_sections_relying_on_it(
    built_docs: pathlib.Path,
) -> None:
    html = (built_docs / "site/cases/index.html").read_text("utf-8")
    rows = re.findall(r"<tr>\s*<td><a href=\"([^\"]+)\">([^<]+)</a></td>(.*?)</tr>", html, re.S)
    cases = sorted(p.name for p in (built_docs / "site/cases").glob("*.html"))
    assert sorted(h for h, _, _ in rows) == [c for c in cases if c != "index.html"]
    collins = next(r for r in rows if r[0] == "dpp-v-collins.html")
    assert "[2006] UKHL 40" in collins[2]
    assert re.search(
        r"\d+ sections \(2012-interim, 2013-final, 2016-final, 2016-interim\)", collins[2]
    )


def _shown(page: Any) -> list[str]:
    return page.locator(".kb-finder tbody tr:not([hidden]) td:first-child").all_inner_texts()


@pytest.mark.browser
def test_the_offence_finder_reads_spellings_alike_and_sorts_penalties_by_length(
    browser: Any, built_docs: pathlib.Path
) -> None:
    page = browser.new_page()
    try:
        page.goto((built_docs / "site/offences/index.html").as_uri())
        box = page.locator("#kb-finder-filter")
        box.fill("either way")
        either = _shown(page)
        assert len(either) >= 10
        for spelling in ("triable either way", "either-way", "Either-Way"):
            box.fill(spelling)
            assert _shown(page) == either, spelling
        # "summary" is the mode of trial, not a word in a penalty's prose.
        box.fill("summary")
        modes = page.locator(".kb-finder tbody tr:not([hidden]) td:nth-child(4)").all_inner_texts()
        assert modes and set(modes) == {"summary only"}
        box.fill("")
        # Facets narrow together with the filter; the count sits beside the filter.
        page.locator("[data-kb-facet=mode]").select_option("either-way")
        page.locator("[data-kb-facet=status]").select_option("replaced")
        assert _shown(page) == [
            "Disclosing private sexual photographs and films with intent to cause distress"
        ]
        count = page.locator(".kb-finder__count")
        assert count.inner_text() == "1 of 29 offences shown"
        filter_box, count_box = box.bounding_box(), count.bounding_box()
        assert (
            filter_box
            and count_box
            and abs(filter_box["y"] - count_box["y"]) < filter_box["height"]
        )
        page.locator("[data-kb-facet=mode]").select_option("")
        page.locator("[data-kb-facet=status]").select_option("")
        # Sorting by penalty orders by the custody available, not alphabetically.
        page.locator(".kb-finder th", has_text="Maximum penalty").click()
        penalties = page.locator(".kb-finder tbody tr td:nth-child(5)").all_inner_texts()
        six = penalties.index("Six months' imprisonment, a fine, or both (s127(3)).")
        two = penalties.index("Two years' imprisonment on indictment.")
        ten = penalties.index("Ten years' imprisonment on indictment.")
        fourteen = next(i for i, p in enumerate(penalties) if "fourteen years" in p)
        assert six < two < ten < fourteen
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "finder-failure.png"), full_page=True)
        raise
    finally:
        page.close()


@pytest.mark.browser
def test_the_offence_finder_is_cards_on_a_phone(browser: Any, built_docs: pathlib.Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((built_docs / "site/offences/index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        first = page.locator(".kb-finder tbody tr").first
        assert first.evaluate("e => getComputedStyle(e).display") == "block"
        label = first.locator("td:nth-child(2)").evaluate(
            "e => getComputedStyle(e, '::before').content"
        )
        assert label == '"Statute: "'
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "finder-phone-failure.png"), full_page=True)
        raise
    finally:
        page.close()
