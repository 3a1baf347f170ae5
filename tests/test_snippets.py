"""Snippets come from a cheaper tokeniser and fragmenter than Whoosh's own: they must be the
same, character for character, for every hit of every query."""

from __future__ import annotations

import pathlib
import re

import yaml
from conftest import ROOT
from whoosh import highlight

from search.query import _parse, prepare
from search.snippets import snippet_highlighter, whoosh_highlighter
from search.store import open_index, searcher_for

QUERIES = [c["q"] for c in yaml.safe_load((ROOT / "tests/data/relevance.yml").read_text("utf-8"))]
QUERIES += [
    "re-tweet retweeted",  # compound words: parts and joined word share one span
    "s127(1) section 127",  # statute references: several tokens on one span
    "harass*",  # a prefix expands to many words
    "grossly offensive indecent obscene menacing",  # many marks, fragments hit the size limit
    "the of and",  # stop words only
]


def _snippets(results: highlight.Highlighter, make: object) -> list[str]:
    out = []
    results.highlighter = make()  # type: ignore[operator]
    for hit in results:
        out.append(hit.highlights("body", top=2))
    return out


def test_snippets_match_whooshs_highlighter(built_docs: pathlib.Path) -> None:
    ix = open_index(built_docs / "index")
    searcher = searcher_for(ix)
    compared = 0
    for text in QUERIES:
        for any_word in (False, True):
            query = _parse(searcher.schema, prepare(text), any_word=any_word).query
            results = searcher.search(query, limit=60)
            ours = _snippets(results, snippet_highlighter)
            theirs = _snippets(results, whoosh_highlighter)
            assert ours == theirs, text
            compared += len(ours)
    assert compared > 2000, compared  # the comparison covered many hits


def test_snippet_marks_the_searched_words(built_docs: pathlib.Path) -> None:
    ix = open_index(built_docs / "index")
    results = searcher_for(ix).search(_parse(searcher_for(ix).schema, "menacing").query, limit=5)
    results.highlighter = snippet_highlighter()
    first = next(iter(results)).highlights("body", top=2)
    marked = re.findall(r'<mark class="hit term0">([^<]*)</mark>', first)
    assert marked and {m.lower() for m in marked} == {"menacing"}, first
