"""Reader tools in daily use (issue 17): the home page leads to every tool, the case list, and
what each tool shows on a phone."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import pytest
from conftest import opened

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
    with opened(browser, "home-tools", viewport={"width": 390, "height": 844}) as page:
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
    with opened(browser, "finder") as page:
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


@pytest.mark.browser
def test_the_offence_finder_is_cards_on_a_phone(browser: Any, built_docs: pathlib.Path) -> None:
    with opened(browser, "finder-phone", viewport={"width": 390, "height": 844}) as page:
        page.goto((built_docs / "site/offences/index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        first = page.locator(".kb-finder tbody tr").first
        assert first.evaluate("e => getComputedStyle(e).display") == "block"
        label = first.locator("td:nth-child(2)").evaluate(
            "e => getComputedStyle(e, '::before').content"
        )
        assert label == '"Statute: "'


def _pdf_pages(pdf: bytes) -> list[str]:
    import io

    import pypdf

    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.browser
def test_a_three_section_handout_prints_one_page_a_section_with_no_screen_text(
    browser: Any, built_docs: pathlib.Path
) -> None:
    import hashlib
    import json

    chosen = [
        "2016-final/introduction",
        "2013-final/general-principles",
        "2012-interim/category-3-court-orders",
    ]
    with opened(browser, "handout") as page:
        page.goto((built_docs / "site/handouts/index.html").as_uri() + "#s=" + ",".join(chosen))
        visible = page.locator(".kb-handout-section:not([hidden])")
        assert [visible.nth(i).get_attribute("data-section") for i in range(3)] == chosen
        assert visible.count() == 3
        # The stamp hashes exactly the chosen sections: sha256 over their export hashes.
        export = json.loads((built_docs / "site/export.json").read_text("utf-8"))
        hashes = {
            f"{p['version']}/{p['id'].split('/')[-1]}": p["hash"]
            for p in export["pages"]
            if p["type"] == "guideline"
        }
        expected = hashlib.sha256("".join(hashes[k] for k in chosen).encode()).hexdigest()
        stamp = page.locator(".kb-handout-stamp")
        page.wait_for_function("document.querySelector('.kb-handout-stamp').dataset.kbSha256")
        assert stamp.get_attribute("data-kb-sha256") == expected
        assert f"sha256:{expected[:16]}" in stamp.inner_text()
        pages = _pdf_pages(page.pdf())
        assert 1 <= len(pages) <= 3
        text = "\n".join(pages)
        assert f"Page 1 of {len(pages)}" in text and "handouts/index.html" in text
        for screen_only in (
            "Choose the sections",
            "None",
            "Print the chosen sections",
            "All of 2016",
        ):
            assert screen_only not in text, screen_only
        for title in ("Introduction (2016-final)", "General principles (2013-final)"):
            assert title in text.replace("\n", " ")
        assert text.count("historical guidance, replaced") >= 3  # each section's banner


@pytest.mark.browser
def test_handout_choices_start_empty_live_in_the_address_and_survive_a_reload(
    browser: Any, built_docs: pathlib.Path
) -> None:
    with opened(browser, "handout-choice") as page:
        page.goto((built_docs / "site/handouts/2016-final.html").as_uri())
        sections = page.locator(".kb-handout-section")
        assert sections.count() == 18
        assert page.locator(".kb-handout-section:not([hidden])").count() == 0
        assert page.locator(".kb-handout-empty").is_visible()
        assert page.locator(".kb-handout-print").is_disabled()
        page.get_by_role("button", name="Part on offences").click()
        offences = page.locator(".kb-handout-section:not([hidden])")
        assert offences.count() == 5
        address = page.url
        assert "#s=2016-final/" in address
        page.locator("input[value='2016-final/vawg']").check()
        assert page.locator(".kb-handout-section:not([hidden])").count() == 6
        shared = page.url
        page.reload()
        assert page.locator(".kb-handout-section:not([hidden])").count() == 6
        assert page.url == shared
        page.get_by_role("button", name="None", exact=True).click()
        assert page.locator(".kb-handout-section:not([hidden])").count() == 0
        # The controls are real buttons, styled as such.
        border = page.get_by_role("button", name="All", exact=True).evaluate(
            "e => getComputedStyle(e).borderTopStyle"
        )
        assert border == "solid"


@pytest.mark.browser
def test_a_glossary_tooltip_opens_by_keyboard_and_links_to_its_entry(
    browser: Any, built_docs: pathlib.Path
) -> None:
    with opened(browser, "tooltip") as page:
        page.goto(
            (built_docs / "site/versions/2016-final/category-4-grossly-offensive.html").as_uri()
        )
        terms = page.locator("a.kb-term")
        assert terms.count() >= 5
        # Tab from the start of the article until a term has the focus.
        page.locator("article h1").first.click()
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('kb-term')"):
                break
        else:
            pytest.fail("no glossary term reached with Tab")
        term = page.evaluate("document.activeElement.textContent")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        assert re.fullmatch(r"\.\./\.\./glossary\.html#[\w-]+", href), href
        tip = page.locator(".md-tooltip2--active")
        tip.wait_for(state="visible", timeout=3000)
        assert "Glossary: select to read the entry" in tip.inner_text()
        page.keyboard.press("Enter")
        page.wait_for_url("**/glossary.html#*")
        assert (
            page.evaluate("document.querySelector(':target').textContent")
            .lower()
            .startswith(term.lower()[:4])
        )


def test_no_tooltips_in_headings_or_also_known_as_lines(built_docs: pathlib.Path) -> None:
    offenders = []
    for path in sorted((built_docs / "site").rglob("*.html")):
        html = path.read_text("utf-8")
        for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S):
            if "<abbr" in heading or "kb-term" in heading:
                offenders.append(f"{path.name}: heading {heading[:60]}")
        for also in re.findall(r"<p><em>Also(?: known as)?:</em>(.*?)</p>", html, re.S):
            if "<abbr" in also or "kb-term" in also:
                offenders.append(f"{path.name}: also-known-as line")
    assert offenders == [], offenders[:10]


def test_each_glossary_term_says_where_it_is_used(built_docs: pathlib.Path) -> None:
    html = (built_docs / "site/glossary.html").read_text("utf-8")
    entry = html[html.index('id="virtual-mobbing"') :]
    entry = entry[: entry.index("</details>")]
    assert re.search(r"<summary>Used in \d+ pages?</summary>", entry)
    # The 2016-final Category 4 section uses it, at a paragraph linked by its anchor.
    assert re.search(
        r'href="versions/2016-final/category-4-grossly-offensive.html#p\d+">(?:KB ¶|Para )\d+',
        entry,
    ), entry[:800]
    assert 'id="referred-to-by"' not in html  # no page-wide list of pages that never use a term
    assert "<abbr" not in html  # entries are defined in full, no tooltips on their own page
