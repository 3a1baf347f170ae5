"""Word queries answered from kept score maps (`search.plain`) give what Whoosh's own matchers
give: the same documents in the same order with the same scores, and the same totals, for the
relevance suite and more, on a fresh index and on one built incrementally (several segments,
deleted documents); with filters, boosted terms and time limits. Any-word queries follow
Whoosh's coordination formula with the query's term count."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import ROOT
from whoosh import scoring
from whoosh.collectors import FilterCollector, TimeLimit
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher

from build_tools.content.check import check_docs
from build_tools.index_docs import search_documents
from search import plain
from search.documents import SearchDocument
from search.intent import read_intent
from search.query import _paragraph_query, _parse, prepare, split_filters
from search.store import build_index, open_index, searcher_for

CASES = yaml.safe_load((ROOT / "tests/data/relevance.yml").read_text(encoding="utf-8"))
MORE = [
    "grossly offensive",
    "public interest",
    "the of and",
    "xyzzy plugh",
    "s 127 (2)",
    "retweeting",
    "false communications offence",
    "stalking OR harassment",
]
QUERIES = [c["q"] for c in CASES] + MORE
WANT = 400


@pytest.fixture(scope="module")
def documents() -> list[SearchDocument]:
    model, problems = check_docs(ROOT / "docs")
    assert problems == []
    return search_documents(model)


@pytest.fixture(scope="module", params=["fresh", "incremental"])
def searcher(
    request: pytest.FixtureRequest,
    documents: list[SearchDocument],
    tmp_path_factory: pytest.TempPathFactory,
) -> Searcher:
    root = tmp_path_factory.mktemp(request.param)
    if request.param == "fresh":
        build_index(documents, root, incremental=False)
    else:
        # A first build without some pages, then one with them back and others changed:
        # the live generation has several segments and deleted documents.
        pages = sorted({d["page_id"] for d in documents})
        build_index([d for d in documents if d["page_id"] not in pages[::7]], root)
        changed = [d.copy() for d in documents]
        for doc in changed[::5]:
            doc["body"] += " zanzibar"
        build_index(changed, root)
    found = searcher_for(open_index(root))
    if request.param == "incremental":
        assert len(found.leaf_searchers()) > 1
        assert any(sub.reader().has_deletions() for sub, _ in found.leaf_searchers())
    return found


def _query(searcher: Searcher, text: str, *, any_word: bool = False) -> Query:
    free, _ = split_filters(text)
    return _parse(searcher.schema, prepare(read_intent(free).text), any_word=any_word).query


def _whoosh(searcher: Searcher, query: Query, allowed: Query | None = None) -> Any:
    """Whoosh's own matchers with its stock BM25F, on a searcher of their own: nothing the
    engine keeps per searcher (field lengths, scores) is shared."""
    searcher = Searcher(searcher.reader(), weighting=scoring.BM25F(), closereader=False)
    collector = searcher.collector(limit=WANT, optimize=False)
    if allowed is not None:
        collector = FilterCollector(collector, allowed)
    searcher.search_with_collector(query, collector)
    return collector.results()


def _ranked(results: Any) -> list[tuple[float, int]]:
    """(score, document) in rank order, scores to 9 places (the sums may be added in another
    order)."""
    return [(round(score, 9), doc) for score, doc in results.top_n]


def test_word_queries_match_whoosh(searcher: Searcher) -> None:
    planned = 0
    for text in QUERIES:
        query = _query(searcher, text)
        the_plan = plain.plan(query)
        if the_plan is None:
            continue
        planned += 1
        expected = _whoosh(searcher, query)
        got = plain.answer(searcher, query, the_plan, WANT)
        assert _ranked(got) == _ranked(expected), text
        assert len(got) == len(expected), text
    # Phrases, wildcards, NOT and words of several tokens are left to Whoosh.
    assert planned >= len(QUERIES) - 8


def test_filters_and_boosted_terms_match_whoosh(searcher: Searcher) -> None:
    for text, version in [("public interest", "2013-final"), ("threat", "2016-final")]:
        query = _query(searcher, text)
        the_plan = plain.plan(query)
        assert the_plan is not None
        flt = Term("version", version)
        allowed = set(searcher.docs_for_query(flt))
        got = plain.answer(searcher, query, the_plan, WANT, allowed)
        expected = _whoosh(searcher, query, flt)
        assert 0 < len(got) < len(plain.answer(searcher, query, the_plan, WANT))
        assert (_ranked(got), len(got)) == (_ranked(expected), len(expected))
    for number in ["12", "40", "5"]:
        query = _paragraph_query(number)  # boosts of 4 and 2 on two of its terms
        the_plan = plain.plan(query)
        assert the_plan is not None
        got = plain.answer(searcher, query, the_plan, WANT)
        assert len(got) > 0
        assert _ranked(got) == _ranked(_whoosh(searcher, query))


def test_any_word_queries_follow_the_coordination_formula(searcher: Searcher) -> None:
    for text in ["menacing tweet bomb threat", "contempt court", "revenge pron"]:
        query = _query(searcher, text, any_word=True)
        the_plan = plain.plan(query)
        assert the_plan is not None and the_plan.scale == pytest.approx(0.9)
        terms = [t for t in query.subqueries if isinstance(t, Term)]
        per_term = [{h.docnum: h.score for h in searcher.search(t, limit=None)} for t in terms]
        count, scale = len(terms), 0.9
        expected = {}
        for doc in set().union(*per_term):
            hits = [scores[doc] for scores in per_term if doc in scores]
            total = sum(hits)
            expected[doc] = (total + (len(hits) - 1) / (count - scale) ** 2) * (count - 1) / count
        got = plain.answer(searcher, query, the_plan, 10_000)
        assert len(got) == len(expected)
        assert {doc: round(s, 9) for s, doc in got.top_n} == {
            doc: round(s, 9) for doc, s in expected.items()
        }


@pytest.mark.parametrize(
    "query",
    [
        And([Term("body", "threat"), Or([Term("body", "menac"), Term("title", "menac")])]),
        Term("title", "stalk", boost=2.0),
    ],
    ids=["nested", "boosted-term"],
)
def test_plain_shapes(query: Query) -> None:
    assert plain.plan(query) is not None


@pytest.mark.parametrize(
    "query",
    [
        And([Term("body", "a"), Term("body", "b")], boost=2.0),
        Or([Term("body", "a"), And([Term("body", "b"), Term("body", "c")])]),
        And([Term("body", "a"), Or([Term("body", "b")], scale=0.9)]),
    ],
    ids=["boosted-and", "and-in-or", "coordinated-word"],
)
def test_other_shapes_are_left_to_whoosh(query: Query) -> None:
    assert plain.plan(query) is None


def test_a_time_limit_stops_a_search(searcher: Searcher) -> None:
    query = _query(searcher, "public interest factors prosecution")
    the_plan = plain.plan(query)
    assert the_plan is not None
    with pytest.raises(TimeLimit):
        plain.answer(searcher, query, the_plan, WANT, timelimit=-1.0)


def test_kept_scores_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain, "KEPT_ENTRIES", 5)
    kept = plain._Kept()
    computed: list[str] = []

    def scores(name: str, size: int) -> dict[int, float]:
        computed.append(name)
        return {n: float(n) for n in range(size)}

    kept.get("a", lambda: scores("a", 2))
    kept.get("b", lambda: scores("b", 2))
    kept.get("a", lambda: scores("a", 2))  # kept: not computed again, and now the newest
    kept.get("c", lambda: scores("c", 2))  # 6 entries: the least recently used ("b") goes
    assert computed == ["a", "b", "c"]
    assert list(kept.scores) == ["a", "c"] and kept.entries == 4
    kept.get("big", lambda: scores("big", 9))  # larger than the bound: kept alone
    assert list(kept.scores) == ["big"] and kept.entries == 9


def test_warming_scores_the_commonest_terms_first_within_its_bounds(
    documents: list[SearchDocument], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("warm")
    build_index(documents, root, incremental=False)
    searcher = searcher_for(open_index(root))
    assert plain.warm(searcher, ["body"], seconds=-1.0) == 0
    scored = plain.warm(searcher, ["body", "title"], seconds=60.0)
    kept = searcher.__dict__["_kb_plain"]
    reader = searcher.reader()
    assert scored == len(list(reader.iter_field("body"))) + len(list(reader.iter_field("title")))
    first_keys = list(kept.scores)[:3]
    sizes = [len(kept.scores[key]) for key in first_keys]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 100
    # Warm answers are the same answers.
    query = _query(searcher, "public interest")
    the_plan = plain.plan(query)
    assert the_plan is not None
    assert _ranked(plain.answer(searcher, query, the_plan, WANT)) == _ranked(
        _whoosh(searcher, query)
    )


def test_warming_stops_at_the_bound(
    documents: list[SearchDocument],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path_factory.mktemp("warm-bound")
    build_index(documents, root, incremental=False)
    searcher = searcher_for(open_index(root))
    monkeypatch.setattr(plain, "KEPT_ENTRIES", 1000)
    plain.warm(searcher, ["body"], seconds=60.0)
    assert 0 < searcher.__dict__["_kb_plain"].entries <= 1000
