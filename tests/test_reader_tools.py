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
