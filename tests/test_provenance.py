"""Provenance (issue 13): whose words each paragraph is, which CPS paragraph it summarises, and
how sure we are; citations that tell the truth; notes and page furniture never diffed."""

from __future__ import annotations

import itertools
import json
import pathlib
import re
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest
import yaml
from conftest import ROOT, run_kb

from build_tools.content.check import check_docs
from build_tools.content.markdown_blocks import notes
from build_tools.content.model import ContentModel
from build_tools.content.provenance import Provenance
from build_tools.content.render import paragraph_tools
from build_tools.diff.versions import diff_versions

CONFIRMED = yaml.safe_load((ROOT / "tests/data/confirmed_paragraphs.yml").read_text("utf-8"))


@pytest.fixture(scope="module")
def model() -> ContentModel:
    found, problems = check_docs(ROOT / "docs")
    assert problems == []
    return found


@pytest.fixture(scope="module")
def export(built_docs: pathlib.Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((built_docs / "site/export.json").read_text("utf-8"))
    return data


def _paragraph(export: dict[str, Any], version: str, section: str, para_id: str) -> Any:
    page = next(p for p in export["pages"] if p["id"] == f"guideline:{version}/{section}")
    return next(p for p in page["paragraphs"] if p["id"] == para_id)


def test_the_table_of_confirmed_paragraphs_is_not_empty() -> None:
    assert len(CONFIRMED) >= 10
    assert {row["version"] for row in CONFIRMED} == {"2012-interim", "2013-final"}
    assert all(row["evidence"].strip() for row in CONFIRMED)


@pytest.mark.parametrize(
    "row", CONFIRMED, ids=[f"{r['version']}/{r['section']}#{r['id']}" for r in CONFIRMED]
)
def test_each_confirmed_number_is_in_the_export(
    row: dict[str, str], export: dict[str, Any]
) -> None:
    para = _paragraph(export, row["version"], row["section"], row["id"])
    assert para["kind"] == "guideline"
    assert para["source_status"] == "confirmed"
    assert para["source_para"] == str(row["para"])
    assert f", para {row['para']};" in para["citation"]
    assert "not the CPS wording" in para["citation"]
    assert para["citation"].endswith(f"versions/{row['version']}/{row['section']}.html#{row['id']}")


def test_export_gives_every_paragraph_kind_and_source(export: dict[str, Any]) -> None:
    kinds: set[str] = set()
    for page in export["pages"]:
        for para in page["paragraphs"]:
            kinds.add(para["kind"])
            for key in ("source_para", "source_status", "source_evidence", "citation"):
                assert key in para
            if para["kind"] == "note":
                assert para["citation"] is None and para["source_para"] is None
            elif page["type"] == "guideline":
                assert para["source_status"] in ("confirmed", "inferred", "unknown")
                assert para["citation"].startswith("Crown Prosecution Service, ")
                if para["source_status"] != "confirmed":
                    assert para["source_para"] is None
                    assert "paragraph numbering by this knowledge base" in para["citation"]
    assert kinds == {"guideline", "note"}


def test_unnumbered_2016_citations_name_the_section_and_disown_the_wording(
    export: dict[str, Any],
) -> None:
    page = next(
        p for p in export["pages"] if p["id"] == "guideline:2016-final/category-4-grossly-offensive"
    )
    first = next(p for p in page["paragraphs"] if p["kind"] == "guideline")
    assert "section 'Category 4: Communications which are grossly offensive" in first["citation"]
    assert "paragraph numbering by this knowledge base" in first["citation"]
    assert "not the CPS wording" in first["citation"]
    assert first["source_heading"]


VERSIONS = ["2012-interim", "2013-final", "2016-interim", "2016-final"]
PAIRS = list(itertools.permutations(VERSIONS, 2))


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{a}-to-{b}" for a, b in PAIRS])
def test_no_note_or_furniture_text_in_any_hunk(pair: tuple[str, str], model: ContentModel) -> None:
    note_texts = [
        n.text
        for page in model.pages
        if page.type == "guideline"
        for n in notes(page.body, first_line=page.body_line)
    ]
    assert note_texts, "the content has knowledge base notes"
    phrases = {line.strip() for text in note_texts for line in text.split("\n") if len(line) > 40}
    diff = diff_versions(model, *pair)
    for section in diff.sections:
        for hunk in section.hunks:
            assert "Knowledge base note" not in hunk.text
            assert "This page summarises" not in hunk.text
            assert not any(phrase[:60] in hunk.text for phrase in phrases), (section.id, hunk)


def test_general_principles_unchanged_from_2016_interim_to_final(model: ContentModel) -> None:
    diff = diff_versions(model, "2016-interim", "2016-final", section="general-principles")
    assert [s.status for s in diff.sections] == ["unchanged"]


def test_no_guideline_paragraph_is_our_own_framing(model: ContentModel) -> None:
    framing = re.compile(r"This page (summarises|sets out)|This note is ours", re.I)
    found = [
        f"{page.path}#{para.id}"
        for page in model.pages
        if page.type == "guideline"
        for para in page.guideline_paragraphs
        if framing.search(para.text)
    ]
    assert found == []


def test_verify_items_are_shown_to_readers(built_docs: pathlib.Path, model: ContentModel) -> None:
    page = next(p for p in model.pages if p.type == "case" and p.meta.verify)
    html = (built_docs / "site" / page.url).read_text("utf-8")
    assert "What we could not confirm" in html
    first = page.meta.verify[0]
    words = " ".join(first.split()[:6])
    assert words.replace("'", "&#x27;") in html or words in html


def test_offence_facts_show_as_at_and_source(built_docs: pathlib.Path, model: ContentModel) -> None:
    checked = [p for p in model.pages if p.type == "offence" and p.offence_meta.as_at]
    assert checked, "at least one offence records when its facts were checked"
    page = checked[0]
    html = (built_docs / "site" / page.url).read_text("utf-8")
    assert "Facts as at" in html
    assert f"{page.offence_meta.as_at:%-d %B %Y}" in html
    assert page.offence_meta.legislation_url
    assert f'href="{page.offence_meta.legislation_url}"' in html


def test_the_about_box_is_furniture_not_a_paragraph(built_docs: pathlib.Path) -> None:
    html = (built_docs / "site/versions/2016-final/general-principles.html").read_text("utf-8")
    about = re.search(r'<div class="admonition abstract">(.*?)</div>', html, re.S)
    assert about and "not the CPS wording" in about.group(1)
    assert ' id="p' not in about.group(1)


def test_base_url_goes_into_citations_canonical_and_sitemap(
    built_fixture_with_base: pathlib.Path,
) -> None:
    site = built_fixture_with_base / "site"
    html = (site / "versions/2016-final/introduction.html").read_text("utf-8")
    assert (
        '<link rel="canonical" href="https://kb.example.org/cps/versions/2016-final/'
        'introduction.html">' in html
    )
    assert "https://kb.example.org/cps/versions/2016-final/introduction.html#p2" in html
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://kb.example.org/cps/versions/2016-final/introduction.html</loc>" in sitemap
    exported = json.loads((site / "export.json").read_text("utf-8"))
    assert exported["base_url"] == "https://kb.example.org/cps/"


def test_base_url_must_be_an_http_address() -> None:
    result = run_kb("build", "--base-url", "javascript:alert(1)")
    assert result.returncode == 2
    assert "--base-url must be an http(s) address" in result.stderr


class _CopyButtons(HTMLParser):
    """Per paragraph id, what each copy button beside it copies: {"p2": {"Copy link": ...}}."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, dict[str, str]] = {}
        self.para: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = dict(attrs)
        if tag == "p":
            self.para = at.get("id")
        elif tag == "button" and "data-clipboard-text" in at:
            name = (at.get("aria-label") or "").split(" to paragraph ")[0]
            self.found.setdefault(self.para or "", {})[name] = at["data-clipboard-text"] or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.para = None


def _buttons(html: str) -> dict[str, dict[str, str]]:
    parser = _CopyButtons()
    parser.feed(html)
    return parser.found


def test_copy_buttons_carry_exactly_the_exported_citation(
    built_docs: pathlib.Path, export: dict[str, Any]
) -> None:
    """The HTML carries the citation Python made (Material's clipboard copies the attribute):
    every guideline paragraph of every section, and nothing for a note."""
    checked = 0
    for page in export["pages"]:
        if not page["id"].startswith("guideline:"):
            continue
        found = _buttons((built_docs / "site" / page["url"]).read_text("utf-8"))
        wanted = {
            p["id"]: {"Copy link": p["citation"].rsplit(" ", 1)[1], "Copy citation": p["citation"]}
            for p in page["paragraphs"]
            if p["kind"] == "guideline"
        }
        assert found == wanted, page["id"]
        checked += len(wanted)
    assert checked > 200


def test_copied_text_survives_markdown_exactly() -> None:
    """Markdown never reads inside the copy buttons: code, links, emphasis, attribute lists,
    entities and tags in a citation reach the attribute as they were written."""
    hostile = "`code` [a](b) ![i](j) *em* _u_ \\* {#p9} <script>x</script> & &amp; \"q\" 'a' ¶"
    prov = Provenance(
        id="p3", label="Para 4*?", marker="inferred", explanation=hostile, source_para=None,
        source_status="inferred", source_basis=None, source_evidence="e", source_heading=None,
        citation=hostile, url="x.html#p3",
    )  # fmt: skip
    source = f"Some text. {paragraph_tools(prov)}\n{{#p3}}\n"
    html = markdown.markdown(source, extensions=["attr_list", "abbr", "md_in_html", "toc"])
    assert _buttons(html) == {"p3": {"Copy link": "x.html#p3", "Copy citation": hostile}}
    assert "<script>" not in html
