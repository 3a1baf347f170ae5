"""The light Markdown scanner (`content/markdown_blocks.py`) reads a page before it is rendered;
Python-Markdown renders it. On every page of the real content they must agree: each heading
anchor and paragraph id the scanner finds is an element id in the built page, each heading the
renderer makes from the page's own Markdown has the anchor the scanner predicted, and each
reference the scanner found became a link (none is left as `[text][kind:id]` text)."""

from __future__ import annotations

import html
import pathlib
import re

import pytest
from conftest import ROOT

from build_tools.content.check import check_docs
from build_tools.content.model import ContentModel

_ID = re.compile(r'\bid="([^"]+)"')
_HEADING = re.compile(r"<h([1-6])[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_RAW_REF = re.compile(r"\]\[(?:case|offence|guideline|term|page|version):")
_REF_OR_MARK = re.compile(r"\[([^\]]+)\]\[[^\]]+\]|[*_`]")
_CODE = re.compile(r"<code>.*?</code>", re.S)


@pytest.fixture(scope="module")
def model() -> ContentModel:
    found, problems = check_docs(ROOT / "docs")
    assert problems == []
    return found


def _html(built_docs: pathlib.Path, url: str) -> str:
    return (built_docs / "site" / url).read_text(encoding="utf-8")


def test_scanned_anchors_are_rendered_ids(model: ContentModel, built_docs: pathlib.Path) -> None:
    missing = []
    checked = 0
    for page in model.pages:
        ids = set(_ID.findall(_html(built_docs, page.url)))
        wanted = {h.anchor for h in page.headings} | {p.id for p in page.paragraphs}
        checked += len(wanted)
        missing += [f"{page.path}: #{a}" for a in sorted(wanted - ids)]
    assert checked > 400
    assert missing == [], "\n".join(missing[:20])


def test_rendered_headings_have_the_scanned_anchor(
    model: ContentModel, built_docs: pathlib.Path
) -> None:
    wrong = []
    compared = 0
    for page in model.pages:
        rendered: dict[str, set[str]] = {}  # a heading's text -> its anchors (text may repeat)
        for _, anchor, text in _HEADING.findall(_html(built_docs, page.url)):
            plain = re.sub(r"<[^>]+>", "", html.unescape(text)).replace("¶", "").strip()
            rendered.setdefault(plain, set()).add(anchor)
        for heading in page.headings:
            plain = _REF_OR_MARK.sub(lambda m: m.group(1) or "", heading.text)
            if plain not in rendered:
                continue
            compared += 1
            if heading.anchor not in rendered[plain]:
                wrong.append(f"{page.path}:{heading.line}: #{heading.anchor} not rendered")
    assert compared > 250, compared
    assert wrong == [], "\n".join(wrong[:20])


def test_every_scanned_reference_became_a_link(
    model: ContentModel, built_docs: pathlib.Path
) -> None:
    left = []
    for page in model.pages:
        if not page.refs:
            continue
        text = _CODE.sub("", _html(built_docs, page.url))
        if _RAW_REF.search(text):
            left.append(page.path)
    assert left == []
