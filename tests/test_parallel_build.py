"""A large fresh build is written by one process per CPU, each writing its own segment: the
index answers exactly as one written by a single process."""

from __future__ import annotations

import pathlib

import pytest
import yaml
from conftest import ROOT

from build_tools.content.check import check_docs
from build_tools.index_docs import search_documents
from search import store
from search.documents import SearchDocument
from search.query import MAX_LIMIT, search
from search.store import build_index, open_index, searcher_for

QUERIES = [c["q"] for c in yaml.safe_load((ROOT / "tests/data/relevance.yml").read_text("utf-8"))]


@pytest.fixture(scope="module")
def documents() -> list[SearchDocument]:
    model, problems = check_docs(ROOT / "docs")
    assert problems == []
    return search_documents(model)


def _answers(root: pathlib.Path) -> dict[str, object]:
    """Each query's total, suggestion and rows, as far as document numbers cannot matter: equal
    scores are ordered by document number, and the processes of a parallel build number the
    documents in the order they happen to finish, so rows that tie with the last row shown (and
    could as well have been cut) are left out, and the rows' order is by score and id."""
    ix = open_index(root)
    out: dict[str, object] = {}
    for q in QUERIES:
        found = search(ix, q, limit=MAX_LIMIT)
        results = found["results"]
        cut = results[-1]["score"] if len(results) == MAX_LIMIT else None
        rows = sorted(
            (-r["score"], r["id"], r["snippet"], tuple(sorted(r["also_in"])))
            for r in results
            if r["score"] != cut
        )
        out[q] = (found["total"], found["suggestion"], rows)
    return out


def test_a_parallel_build_answers_as_a_single_process_build(
    documents: list[SearchDocument], tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    single = tmp_path / "single"
    build_index(documents, single, incremental=False)
    assert len(searcher_for(open_index(single)).leaf_searchers()) == 1
    monkeypatch.setattr(store, "PARALLEL_FROM", 1)
    monkeypatch.setattr(store, "usable_cpus", lambda: 2)
    parallel = tmp_path / "parallel"
    build_index(documents, parallel, incremental=False)
    segments = searcher_for(open_index(parallel)).leaf_searchers()
    assert len(segments) >= 2  # it did write in parallel
    assert sum(s.doc_count() for s, _ in segments) == len(documents)
    assert _answers(parallel) == _answers(single)
    # An incremental build on top of it writes in one process and still answers the same.
    build_index(documents, parallel)
    assert _answers(parallel) == _answers(single)
