"""Issue 4's bars on the real content: facts checked against facts.md, and nothing orphaned."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any

import pytest
import yaml
from conftest import ROOT

from build_tools.content.check import check_docs
from build_tools.content.model import ContentModel

CASE_FACTS: list[dict[str, Any]] = yaml.safe_load(
    (pathlib.Path(__file__).parent / "data" / "case_facts.yml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def model() -> ContentModel:
    found, problems = check_docs(ROOT / "docs")
    assert problems == []
    return found


def test_every_case_page_is_in_the_facts_table(model: ContentModel) -> None:
    pages = {p.id for p in model.pages if p.type == "case"}
    assert pages == {row["id"] for row in CASE_FACTS}


@pytest.mark.parametrize("row", CASE_FACTS, ids=lambda r: r["id"])
def test_case_citation_and_court_match_facts(model: ContentModel, row: dict[str, Any]) -> None:
    meta = model.targets[f"case:{row['id']}"].page.case_meta
    assert meta.citations[0] == row["citations"][0], "the first citation should be the neutral one"
    missing = [c for c in row["citations"] if c not in meta.citations]
    assert missing == [], f"{row['id']}: citations in facts.md but not on the page"
    assert row["court"] in meta.court
    if row["decided"] is not None:
        assert meta.decided == row["decided"]
        assert isinstance(row["decided"], dt.date)


def test_counts_meet_the_issue(model: ContentModel) -> None:
    counts = {kind: sum(p.type == kind for p in model.pages) for kind in ("case", "offence")}
    terms = [t for p in model.pages if p.type == "glossary" for t in p.glossary_meta.terms]
    assert counts["case"] >= 12
    assert counts["offence"] >= 20
    assert len(terms) >= 30


@pytest.mark.parametrize("kind", ["case", "offence"])
def test_every_case_and_offence_is_referred_to_by_a_guideline_section(
    model: ContentModel, kind: str
) -> None:
    orphans = sorted(
        page.id
        for page in model.pages
        if page.type == kind
        and not any(link.source.type == "guideline" for link in model.backlinks.get(page.key, []))
    )
    assert orphans == []
