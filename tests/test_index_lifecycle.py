"""Incremental index builds: only changed pages are written, and the result equals a full build."""

from __future__ import annotations

import json
import pathlib

import pytest
from conftest import FIXTURES

from build_tools.content.check import check_docs
from build_tools.index_docs import search_documents
from search.documents import SearchDocument
from search.query import search
from search.store import build_index, open_index


@pytest.fixture(scope="module")
def documents() -> list[SearchDocument]:
    model, problems = check_docs(FIXTURES / "good" / "docs")
    assert problems == []
    return search_documents(model)


def _ids(root: pathlib.Path) -> set[str]:
    ix = open_index(root)
    with ix.searcher() as searcher:
        return {doc["id"] for doc in searcher.all_stored_fields()}


def test_an_unchanged_rebuild_writes_nothing(
    documents: list[SearchDocument], tmp_path: pathlib.Path
) -> None:
    first = build_index(documents, tmp_path)
    assert (first.incremental, first.reindexed) == (False, first.pages)
    second = build_index(documents, tmp_path)
    assert (second.incremental, second.reindexed) == (True, 0)
    assert _ids(tmp_path) == {d["id"] for d in documents}
    # The live generation and the one it replaced (a reader may still be opening that one).
    left = {p.name for p in tmp_path.glob("gen-*")}
    assert left == {first.generation.name, second.generation.name}
    third = build_index(documents, tmp_path)
    assert {p.name for p in tmp_path.glob("gen-*")} == {
        second.generation.name,
        third.generation.name,
    }


def test_only_the_changed_page_is_rewritten(
    documents: list[SearchDocument], tmp_path: pathlib.Path
) -> None:
    build_index(documents, tmp_path)
    changed = [d.copy() for d in documents]
    target = next(d for d in changed if d["id"] == "case:dpp-v-collins")
    target["body"] += " Zanzibar."
    target["words"] += " zanzibar"
    dropped = next(d["page_id"] for d in changed if d["type"] == "offence")
    changed = [d for d in changed if d["page_id"] != dropped]
    report = build_index(changed, tmp_path)
    assert report.incremental
    assert report.reindexed == 1
    assert _ids(tmp_path) == {d["id"] for d in changed}
    ix = open_index(tmp_path)
    assert [r["id"] for r in search(ix, "zanzibar")["results"]] == ["case:dpp-v-collins"]
    full = tmp_path / "full"
    build_index(changed, full, incremental=False)
    assert _ids(full) == _ids(tmp_path)


def test_a_schema_change_forces_a_full_build(
    documents: list[SearchDocument], tmp_path: pathlib.Path
) -> None:
    first = build_index(documents, tmp_path)
    manifest = first.generation / "pages.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "schema": -1}))
    again = build_index(documents, tmp_path)
    assert not again.incremental
    assert again.reindexed == again.pages
