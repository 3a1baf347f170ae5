"""Snippets come from a cheaper tokeniser and fragmenter than Whoosh's own: they must be the
same, character for character, for every hit of every query."""

from __future__ import annotations

import pathlib
import random
import re
from typing import Any

import pytest
import yaml
from conftest import ROOT
from whoosh import highlight

from build_tools.content.check import check_docs
from build_tools.index_docs import search_documents
from search import snippets
from search.analysis import prose_analyzer
from search.documents import SearchDocument
from search.query import _parse, prepare
from search.snippets import (
    CHARLIMIT,
    MAXCHARS,
    SURROUND,
    fragments,
    snippet_highlighter,
    spans,
    whoosh_highlighter,
)
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


@pytest.fixture(scope="module")
def real_documents() -> list[SearchDocument]:
    model, problems = check_docs(ROOT / "docs")
    assert problems == []
    return search_documents(model)


def _whoosh_fragments(text: str, words: frozenset[str]) -> list[tuple[Any, ...]]:
    analyzer = prose_analyzer()
    tokens = analyzer(text, chars=True, mode="index", removestops=False)
    tokens = highlight.set_matched_filter(tokens, words)
    merged = highlight.Highlighter()._merge_matched_tokens(tokens)
    fragmenter = highlight.ContextFragmenter(maxchars=MAXCHARS, surround=SURROUND)
    fragmenter.charlimit = CHARLIMIT
    return [_frag(f) for f in fragmenter.fragment_tokens(text, merged)]


def _frag(fragment: highlight.Fragment) -> tuple[Any, ...]:
    marks = [(t.startchar, t.endchar, t.text) for t in fragment.matches]
    return fragment.startchar, fragment.endchar, marks


EDGE_TEXTS = [
    "menacing",
    "menacing menacing menacing",
    "a " * 30 + "menacing" + " b" * 30,
    "x" * 60 + " menacing " + "y" * 60,  # tokens longer than the context kept
    "re-tweet retweeted re-tweeting, then s127(1) and section 127(2)(a) menacing",
    ("grossly offensive indecent obscene menacing " * 40),  # fragments reach the size limit
    "menacing " + "word " * 7 + "tail",  # the countdown runs out exactly on a token
    "",
]


def test_fragments_are_whooshs_fragments(real_documents: list[SearchDocument]) -> None:
    """Every fragment (not only the two shown), with its marks, for sections of the real
    content and awkward texts, under word sets from sparse to dense."""
    rng = random.Random(5)
    analyzer = prose_analyzer()
    texts = [d["body"] for d in real_documents[::2]] + EDGE_TEXTS
    compared = 0
    for text in texts:
        vocabulary = sorted({t.text for t in analyzer(text, mode="index", removestops=False)})
        choices = [frozenset(), frozenset({"menac", "menacing", "retweet", "s127_1"})]
        for share in (0.01, 0.05, 0.3, 1.0):
            choices.append(frozenset(w for w in vocabulary if rng.random() < share))
        for words in choices:
            ours = [_frag(f) for f in fragments(text, spans(text, analyzer), words)]
            assert ours == _whoosh_fragments(text, words), (text[:60], sorted(words)[:10])
            compared += len(ours)
    assert compared > 2500, compared


def test_warming_keeps_the_sections_tokens_within_its_bounds(
    built_docs: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A starting worker reads the sections' texts into tokens, so a search's first sight of a
    section does not analyse it; at most as many texts as are kept, and not past its time."""
    searcher = searcher_for(open_index(built_docs / "index"))
    analyzer = searcher.schema["body"].analyzer
    bodies = [fields["body"] for _, fields in searcher.reader().iter_docs() if fields.get("body")]
    monkeypatch.setattr(snippets, "_TEXTS", snippets.OrderedDict())
    assert snippets.warm(searcher, "body", -1.0) == 0
    assert snippets.warm(searcher, "body", 60.0) == len(bodies)
    kept = snippets._TEXTS[(id(analyzer), bodies[-1])]
    assert snippets.spans(bodies[-1], analyzer) is kept  # a search now finds them made
    monkeypatch.setattr(snippets, "_TEXTS", snippets.OrderedDict())
    monkeypatch.setattr(snippets, "_TEXT_LIMIT", 5)
    assert snippets.warm(searcher, "body", 60.0) == 5
