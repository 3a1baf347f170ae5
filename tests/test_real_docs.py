"""The real docs/: clean under `kb check`, and built strictly with search, diffs and index."""

from __future__ import annotations

import json
import pathlib
import re
from html import escape as html_escape

import pytest
from conftest import ROOT, run_kb


def test_kb_check_is_clean_on_docs() -> None:
    result = run_kb("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("pages checked, 0 problems\n")


def test_real_docs_build_strictly(built_docs: pathlib.Path) -> None:
    site = built_docs / "site"
    assert (site / "index.html").is_file()
    assert (site / "search/kb-index.js").is_file()
    pairs = sorted(p.name for p in (site / "diffs").glob("*.json"))
    assert "2016-interim-to-2016-final.json" in pairs


def test_no_external_urls_in_link_script_or_css(built_docs: pathlib.Path) -> None:
    external = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)=\"(?:https?:)?//", re.I)
    css_url = re.compile(r"url\(\s*['\"]?(?:https?:)?//", re.I)
    bad = [
        p.relative_to(built_docs).as_posix()
        for p in (built_docs / "site").rglob("*.html")
        if external.search(p.read_text(encoding="utf-8"))
    ]
    bad += [
        p.relative_to(built_docs).as_posix()
        for p in (built_docs / "site").rglob("*.css")
        if css_url.search(p.read_text(encoding="utf-8"))
    ]
    assert bad == []


def test_collins_is_the_first_hit(built_docs: pathlib.Path) -> None:
    result = run_kb("--index", str(built_docs / "index"), "search", "Collins", "--json", cwd=ROOT)
    data = json.loads(result.stdout)
    assert data["results"][0]["id"] == "case:dpp-v-collins"
    assert data["results"][0]["url"] == "cases/dpp-v-collins.html"


def test_offence_finder_lists_every_offence_once(built_docs: pathlib.Path) -> None:
    html = (built_docs / "site/offences/index.html").read_text(encoding="utf-8")
    offences = sorted(p.stem for p in (ROOT / "docs/offences").glob("*.md") if p.name != "index.md")
    linked = re.findall(r'<td data-label="Offence"><a href="([\w-]+)\.html"', html)
    assert sorted(linked) == offences
    assert 'id="kb-finder-filter"' in html
    assert "assets/javascripts/tablesort.min.js" in html


def test_glossary_terms_are_tooltips_where_used(built_docs: pathlib.Path) -> None:
    import yaml

    glossary = (ROOT / "docs/glossary.md").read_text(encoding="utf-8").split("---")[1]
    definitions = {t["term"].lower(): t["definition"] for t in yaml.safe_load(glossary)["terms"]}
    html = (built_docs / "site/versions/2016-final/category-4-grossly-offensive.html").read_text(
        encoding="utf-8"
    )
    titles = re.findall(r'<abbr title="([^"]+)">grossly offensive</abbr>', html)
    assert titles, "no tooltip on 'grossly offensive'"
    assert titles[0].startswith(html_escape(definitions["grossly offensive"][:40]))


def test_what_changed_pages_record_the_consultation_changes(built_docs: pathlib.Path) -> None:
    import yaml

    pages = {p.name for p in (built_docs / "site/what-changed").glob("*.html")}
    assert {
        "2012-interim-to-2013-final.html",
        "2013-final-to-2016-interim.html",
        "2016-interim-to-2016-final.html",
    } <= pages  # and the pairs further apart: see test_versions.py
    html = (built_docs / "site/what-changed/2016-interim-to-2016-final.html").read_text("utf-8")
    total = int(re.search(r"(\d+) changes; <a href=\"#change-1\">", html).group(1))  # type: ignore[union-attr]
    changes = yaml.safe_load((ROOT / "tests/data/consultation_changes.yml").read_text("utf-8"))
    # Every word-level change the consultation response reports is at least one change here.
    assert total >= sum(1 for c in changes if c["kind"] == "diff")
    assert f'id="change-{total}" href="#summary"' in html
    data = json.loads((built_docs / "site/diffs/2016-interim-to-2016-final.json").read_text())
    edited = [s for s in data["sections"] if s["status"] in ("changed", "renamed")]
    assert html.count('<details class="kb-sbs-wrap">') == len(edited)  # one per changed section
    for change in changes:
        if change["kind"] in ("not-made", "structure"):
            continue
        question, point = change["question"], change["change"]
        label = f"Consultation response, question {question}, point {point}</a>"
        assert label in html, label
    older = (built_docs / "site/what-changed/2013-final-to-2016-interim.html").read_text("utf-8")
    assert "reason not recorded" in older


@pytest.mark.parametrize(
    ("page", "line"),
    [
        ("2012-interim/introduction", "First version:"),
        ("2013-final/general-principles", "Unchanged since 2012-interim."),
        ("2013-final/category-4-grossly-offensive", "Changed in 2013-final"),
        ("2016-final/jurisdiction", "New in 2016-final."),
        ("2016-final/vawg", "Changed in 2016-final"),
    ],
)
def test_every_section_page_says_how_it_changed(
    built_docs: pathlib.Path, page: str, line: str
) -> None:
    html = (built_docs / f"site/versions/{page}.html").read_text("utf-8")
    status = re.search(r'<p class="kb-section-status">(.*?)</p>', html, re.S)
    assert status is not None
    assert line in re.sub(r"<[^>]+>", "", status.group(1))


def test_export_lists_every_page_with_paragraphs_and_hashes(built_docs: pathlib.Path) -> None:
    data = json.loads((built_docs / "site/export.json").read_text("utf-8"))
    cli = json.loads(run_kb("export", "--json").stdout)
    assert cli == data
    pages = {p["id"]: p for p in data["pages"]}
    assert len(pages) == len(list((ROOT / "docs").rglob("*.md")))
    collins = pages["case:dpp-v-collins"]
    assert collins["citations"][:2] == ["[2006] UKHL 40", "[2006] 1 WLR 2223"]
    section = pages["guideline:2016-final/category-4-grossly-offensive"]
    assert section["version"] == "2016-final"
    assert [p["id"] for p in section["paragraphs"]][:2] == ["p2", "p3"]  # p1 was our framing
    assert "case:chambers-v-dpp" in section["links"]
    assert all(p["hash"].startswith("sha256:") and len(p["hash"]) == 71 for p in pages.values())
    assert len({p["hash"] for p in pages.values()}) == len(pages)


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("2012-interim/introduction", "../2013-final/introduction.html"),
        (
            "2013-final/category-4-grossly-offensive",
            "../2016-interim/category-4-grossly-offensive.html",
        ),
        ("2016-interim/vawg", "../2016-final/vawg.html"),
    ],
)
def test_superseded_sections_link_to_the_same_section_in_the_newer_version(
    built_docs: pathlib.Path, page: str, link: str
) -> None:
    html = (built_docs / f"site/versions/{page}.html").read_text("utf-8")
    banner = html.split('<p class="admonition-title">Historical guidance</p>', 1)[1].split(
        "</div>"
    )[0]
    assert f'<a href="{link}">this section in' in banner


def test_handouts_stamp_every_section_with_its_content_hash(built_docs: pathlib.Path) -> None:
    versions = sorted(p.parent.name for p in (ROOT / "docs/versions").glob("*/index.md"))
    assert sorted(p.stem for p in (built_docs / "site/handouts").glob("*.html")) == sorted(
        [*versions, "index"]  # one per version, and one of sections from any versions
    )
    html = (built_docs / "site/handouts/2016-final.html").read_text("utf-8")
    export = json.loads((built_docs / "site/export.json").read_text("utf-8"))
    sections = [
        p for p in export["pages"] if p["version"] == "2016-final" and p["type"] == "guideline"
    ]
    assert html.count('class="kb-handout-section"') == len(sections) == 18
    for section in sections:
        short = section["hash"][len("sha256:") :][:16]
        assert f"{section['title']}. Printed from the knowledge base built" in html
        assert f"content hash sha256:{short}." in html


def test_every_internal_link_in_the_built_site_resolves(built_docs: pathlib.Path) -> None:
    """Every relative href and src in every built page points at a file that exists, and every
    #anchor at an id on that page (raw HTML is not rewritten by MkDocs, so a `.md` link or a
    stale anchor there would otherwise reach readers)."""
    from urllib.parse import unquote, urldefrag

    site = built_docs / "site"
    ids: dict[pathlib.Path, set[str]] = {}

    def anchors(path: pathlib.Path) -> set[str]:
        if path not in ids:
            ids[path] = set(re.findall(r'\sid="([^"]+)"', path.read_text("utf-8")))
        return ids[path]

    broken = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        for link in re.findall(r'\s(?:href|src)="([^"]*)"', text):
            if re.match(r"[a-z][a-z0-9+.-]*:", link) or link.startswith("//"):
                continue  # external links are checked elsewhere (there are none to hosts)
            target, fragment = urldefrag(unquote(link.replace("&amp;", "&")))
            base = site if target.startswith("/") else page.parent  # 404.html: from the root
            path = (base / target.lstrip("/")).resolve() if target else page
            if target.endswith("/") or path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(site)}: {link} (no such file)")
            elif fragment and path.suffix == ".html" and fragment not in anchors(path):
                broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert broken == [], "\n".join(broken[:30])


@pytest.mark.parametrize(
    "page",
    ["offences/osa2023-s179.html", "cases/dpp-v-collins.html", "versions/2013-final/index.html"],
)
def test_facts_tables_are_labelled_rows_without_an_empty_header(
    built_docs: pathlib.Path, page: str
) -> None:
    html = (built_docs / "site" / page).read_text("utf-8")
    table = re.search(r'<table class="kb-facts">(.*?)</table>', html, re.S)
    assert table is not None
    assert "<thead" not in table.group(1) and "<th></th>" not in html
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', table.group(1))
    assert len(rows) >= 3
    for label, value in rows:
        assert value.strip(), label


def test_status_today_does_not_say_in_force_twice(built_docs: pathlib.Path) -> None:
    for page in sorted((built_docs / "site/offences").glob("*.html")):
        html = page.read_text("utf-8")
        status = re.search(r'<th scope="row">Status today</th><td>(.*?)</td>', html)
        if status is None:
            continue
        value = status.group(1)
        assert not re.match(r"(?i)in force[:.] in force", value), (page.name, value)
        assert "front matter" not in html, page.name


def test_backlinks_are_grouped_newest_first_and_point_at_paragraphs(
    built_docs: pathlib.Path,
) -> None:
    html = (built_docs / "site/cases/dpp-v-collins.html").read_text("utf-8")
    part = html[html.index('id="referred-to-by"') :]
    part = part[: part.index("</article>")]
    groups = re.findall(r"<strong>([^<]+)</strong>", part)
    assert groups[0] == "Guideline sections, newest version first"
    assert groups.index("Cases") < groups.index("Offences")
    versions = re.findall(r"\((\d{4}-(?:interim|final))\)</a>", part)
    ranks = ["2016-final", "2016-interim", "2013-final", "2012-interim"]
    assert versions == sorted(versions, key=ranks.index), versions
    # Each section names the paragraph that relies on Collins, linked to its anchor.
    assert re.search(r'href="../versions/2016-final/category-4-grossly-offensive.html#p\d+"', part)
