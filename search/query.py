"""Run a query against the index and shape the result as the JSON the CLI and the API share.

A query is tried as typed with every word required; if that finds only a few hits (`_FEW`), a
"did you mean" built from raw words is tried, then any-word matching. The same section in several
versions is shown once, at its newest version (unless a version is asked for), with the others
listed in `also_in`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from whoosh.collectors import FilterCollector, TimeLimit, TimeLimitCollector
from whoosh.fields import Schema
from whoosh.index import Index
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup, RangePlugin
from whoosh.query import And, Every, Or, Prefix, Query, Term, Wildcard
from whoosh.searching import Hit, Results, Searcher

from search import plain, word_query
from search.analysis import STATUTE, statute_tokens
from search.documents import SearchResponse, SearchResult
from search.intent import read_intent
from search.keys import DocKeys, keys_of
from search.snippets import snippet_highlighter
from search.spelling import suggest, vocabulary_of
from search.store import searcher_for

__all__ = ["MAX_LIMIT", "MAX_QUERY_LENGTH", "QueryError", "prepare", "search"]

MAX_QUERY_LENGTH = 500
MAX_LIMIT = 100
SEARCH_FIELDS = ["title", "page_title", "aka", "headings", "body", "ref", "citations"]
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
_FIELD = re.compile(r"\b(\w+):")
FILTER_FIELDS = ("type", "version", "category", "cites")
_FILTER = re.compile(rf"(?<![\w:])({'|'.join(FILTER_FIELDS)}):(\"[^\"]*\"|\S+)")
_ANY_WORD_SCALE = 0.9
_ANY_WORD = OrGroup.factory(_ANY_WORD_SCALE)
# Fewer hits than this and the query is retried as "did you mean" and then as any-word.
_FEW = 3
_OPERATORS = re.compile(rf"\b(?:{'|'.join(sorted(word_query.OPERATORS))})\b")
_PLAIN = re.compile(r"\w+")


class QueryError(ValueError):
    """The query cannot be run; the message says why and what to do."""


class SearchTimeout(RuntimeError):
    """The search ran past its time limit and was stopped."""


def prepare(text: str) -> str:
    """Rewrite what the query parser would misread: statute references such as "s127(1)"
    (brackets are grouping syntax) become their most specific token, and the square brackets of
    a neutral citation ("[2006] UKHL 40") are dropped (ranges are not supported)."""
    text = STATUTE.sub(lambda m: statute_tokens(m.group("num"), m.group("subs") or "")[-1], text)
    return text.replace("[", " ").replace("]", " ")


@dataclass(frozen=True)
class _Parsed:
    query: Query
    words: list[str]


_PARSERS: dict[tuple[int, bool], tuple[Schema, MultifieldParser]] = {}


def _parser(schema: Schema, any_word: bool) -> MultifieldParser:
    """The query parser for a schema, made once: building one costs as much as parsing."""
    key = (id(schema), any_word)
    kept = _PARSERS.get(key)
    if kept is None or kept[0] is not schema:
        if len(_PARSERS) > 16:
            _PARSERS.clear()
        parser = MultifieldParser(SEARCH_FIELDS, schema, group=_ANY_WORD if any_word else AndGroup)
        # Ranges ("[a TO z]") expand to every term between two words: costly, and no use here.
        parser.remove_plugin_class(RangePlugin)
        kept = _PARSERS[key] = (schema, parser)
    return kept[1]


def _parse(schema: Schema, text: str, *, any_word: bool = False) -> _Parsed:
    """Parse with the searcher's schema: `Index.schema` reads the index's table of contents
    from disk again on every use."""
    parser = _parser(schema, any_word)
    # "Chambers: menacing" is two words, not a field called "Chambers".
    text = _FIELD.sub(
        lambda m: m.group(0) if m.group(1) in schema.names() else m.group(1) + " ", text
    )
    scale = _ANY_WORD_SCALE if any_word else None
    query = word_query.build(parser, SEARCH_FIELDS, text, scale=scale)  # plain words: quicker
    try:
        if query is None:
            query = parser.parse(text)
    except Exception:  # Whoosh's parser can fail on odd operator runs, e.g. "NOT AND 0"
        plain = " ".join(_PLAIN.findall(_OPERATORS.sub(" ", text)))
        if not plain:
            raise QueryError(
                'the query could not be understood; search for words, "a phrase", or use '
                "AND, OR and NOT between words"
            ) from None
        query = parser.parse(plain)
    _check_wildcards(query)
    return _Parsed(query, [w for w in _WORD.findall(text) if w + ":" not in text])


MIN_WILDCARD_PREFIX = 3  # "harass*" is fine; "a*" would match a good part of the vocabulary
MAX_WILDCARDS = 2


def _check_wildcards(query: Query) -> None:
    """Wildcards expand to every matching word before matching starts: short ones and many of
    them make one query cost seconds, so they are refused with a plain reason."""
    if isinstance(query, Every) or any(isinstance(q, Every) for q in query.leaves()):
        raise QueryError("'*' alone matches everything; type one or more words")
    words = list(
        dict.fromkeys(
            str(q.text) + ("*" if isinstance(q, Prefix) else "")
            for q in query.leaves()
            if isinstance(q, (Prefix, Wildcard))
        )
    )
    for word in words:
        stem = re.split(r"[*?]", word, maxsplit=1)[0]
        if len(stem) < MIN_WILDCARD_PREFIX:
            raise QueryError(
                f"'{word}' is too short to search with a wildcard; give at least "
                f"{MIN_WILDCARD_PREFIX} letters before '*' or '?'"
            )
    if len(words) > MAX_WILDCARDS:
        raise QueryError(f"the query has {len(words)} wildcards; use at most {MAX_WILDCARDS}")


def split_filters(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Take `type:case`, `version:2016-final`, `category:4`, `cites:dpp-v-collins` out of the
    text: they filter every attempt (including the fallbacks) instead of being search words."""
    found = [(m.group(1), m.group(2).strip('"')) for m in _FILTER.finditer(text)]
    return _FILTER.sub(" ", text).strip(), found


def _filters(type_: str | None, version: str | None, inline: list[tuple[str, str]]) -> Query | None:
    pairs = list(inline)
    if type_:
        pairs.append(("type", type_))
    if version:
        pairs.append(("version", version))
    terms: list[Query] = [Term(field, value) for field, value in pairs]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(terms)


def _snippet(hit: Hit) -> str:
    text = hit.highlights("body", top=2)
    if text:
        return str(text)
    body = hit.get("body", "")
    return html.escape(body[:200] + ("…" if len(body) > 200 else ""))


def _row(hit: Hit) -> SearchResult:
    return SearchResult(
        id=hit["id"],
        title=hit.get("label") or hit["title"],
        type=hit["type"],
        version=hit.get("version") or None,
        url=hit["url"],
        score=round(float(hit.score), 4),
        snippet=_snippet(hit),
        also_in=[],
    )


def _collapse(
    hits: list[tuple[Results, int]], *, newest_first: bool
) -> list[tuple[tuple[Results, int], list[str]]]:
    """One entry per group (a section across versions), in order of its best hit; each hit is
    (the results it is in, its place there)."""
    groups: dict[str, list[tuple[Results, int]]] = {}
    for hit in hits:
        groups.setdefault(_keys(hit).group, []).append(hit)
    entries = []
    for members in groups.values():
        if newest_first:
            members = sorted(members, key=lambda h: -_keys(h).version_rank)
        shown, others = members[0], members[1:]
        entries.append((shown, [_keys(h).version for h in others if _keys(h).version]))
    return entries


def _keys(hit: tuple[Results, int]) -> DocKeys:
    results, place = hit
    return keys_of(results.searcher, results.top_n[place][1])


def _run(
    searcher: Searcher, query: Query, want: int, flt: Query | None, timelimit: float | None
) -> Any:
    """The top `want` hits and the exact number of matches, in one matching pass: block-quality
    skipping is off, because with it on the total is not known and Whoosh counts it in a second
    full pass."""
    the_plan = plain.plan(query)
    try:
        if the_plan is not None:
            allowed = None if flt is None else set(searcher.docs_for_query(flt))
            return plain.answer(searcher, query, the_plan, want, allowed, timelimit)
        collector: Any = searcher.collector(limit=want, optimize=False)
        if timelimit is not None:
            collector = TimeLimitCollector(collector, timelimit=timelimit, use_alarm=False)
        # The filter wraps outermost: wrapped the other way round, Whoosh's TimeLimitCollector
        # collects past the filter and unfiltered documents leak in.
        if flt is not None:
            collector = FilterCollector(collector, flt)
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        raise SearchTimeout(
            f"the search took longer than {timelimit:g} s; try fewer or simpler words"
        ) from None
    return collector.results()


# Raw hits gathered before versions are collapsed: fixed, so the top hit and `total` never
# depend on `limit`.
_WANT = 400


def _paragraph_query(number: str) -> Query:
    """The section holding CPS paragraph `number` (confirmed first, then inferred), or our own
    paragraph of that number."""
    return Or(
        [
            Term("paras", f"cps{number}", boost=4.0),
            Term("paras", f"cps{number}i", boost=2.0),
            Term("paras", f"p{number}"),
        ]
    )


def _paragraph_anchor(keys: DocKeys, number: str, *, ours_first: bool) -> str | None:
    order = [f"cps{number}", f"cps{number}i", f"p{number}"]
    if ours_first:
        order = order[-1:] + order[:-1]
    return next((keys.para_map[k] for k in order if k in keys.para_map), None)


def _paragraph_row(hit: Hit, anchor: str | None) -> SearchResult:
    row = _row(hit)
    if anchor:
        row["url"] = hit["url"].split("#", 1)[0] + f"#{anchor}"
        row["id"] = hit["page_id"] + f"#{anchor}"
    return row


def search(
    ix: Index,
    text: str,
    *,
    type_: str | None = None,
    version: str | None = None,
    limit: int = 10,
    timelimit: float | None = None,
) -> SearchResponse:
    """Search the index; raises QueryError for input that cannot be a query, SearchTimeout when
    matching runs past `timelimit` seconds.

    Besides words, the query may name a version ("2013 final", "October 2016": a filter),
    a paragraph ("para 40", "p12": that paragraph first) or a comparison ("what changed":
    the "what changed" pages)."""
    text = text.strip()
    if not text:
        raise QueryError("the query is empty; type one or more words")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}"
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    free, inline = split_filters(text)
    intent = read_intent(free)
    named_version = version or next((v for f, v in inline if f == "version"), None)
    if intent.version and named_version is None and all(f != "version" for f, _ in inline):
        inline = [*inline, ("version", intent.version)]
    if intent.compare and type_ is None and all(f != "type" for f, _ in inline):
        inline = [*inline, ("type", "what-changed")]
    prepared = prepare(intent.text)
    newest_first = version is None and all(f != "version" for f, _ in inline)
    searcher = searcher_for(ix)
    flt = _filters(type_, version, inline)
    parsed = _parse(searcher.schema, prepared) if prepared else _Parsed(Every(), [])
    paragraph_rows: list[SearchResult] = []
    paragraph_pages: set[str] = set()
    if intent.paragraph:
        found = _run(searcher, _paragraph_query(intent.paragraph), _WANT, flt, timelimit)
        found.highlighter = snippet_highlighter()
        number = intent.paragraph

        def tier(place: int) -> tuple[int, int]:
            keys = _keys((found, place))
            where = keys.para_map
            kind = 0 if f"cps{number}" in where else 1 if f"cps{number}i" in where else 2
            if intent.anchor:  # "p12" is how our own paragraph ids read
                kind = 0 if f"p{number}" in where else kind + 1
            return kind, -keys.version_rank if newest_first else 0

        places = sorted(range(found.scored_length()), key=tier)
        anchors = [
            _paragraph_anchor(_keys((found, p)), number, ours_first=intent.anchor) for p in places
        ]
        paragraph_pages = {
            _keys((found, p)).page_id if anchor else _keys((found, p)).id.split("#")[0]
            for p, anchor in zip(places, anchors, strict=True)
        }
        paragraph_rows = [
            _paragraph_row(found[p], anchor)
            for p, anchor in list(zip(places, anchors, strict=True))[:limit]
        ]
        if not prepared:
            return SearchResponse(
                query=text, total=len(places), suggestion=None, results=paragraph_rows
            )
    results = _run(searcher, parsed.query, _WANT, flt, timelimit)
    if intent.version and len(results) == 0 and prepared:
        # Nothing in the version named: search every version rather than answer nothing.
        inline = [f for f in inline if f != ("version", intent.version)]
        flt = _filters(type_, version, inline)
        newest_first = version is None
        results = _run(searcher, parsed.query, _WANT, flt, timelimit)
    total = len(results)
    batches = [results]
    suggestion = None
    if results.scored_length() < _FEW:
        suggestion = suggest(vocabulary_of(ix), parsed.words)
    if results.scored_length() < _FEW and prepared:
        fallbacks = [_parse(searcher.schema, suggestion).query] if suggestion else []
        fallbacks.append(_parse(searcher.schema, suggestion or prepared, any_word=True).query)
        for query in fallbacks:
            more = _run(searcher, query, _WANT, flt, timelimit)
            batches.append(more)
            total = max(total, more.scored_length())
    hits: list[tuple[Results, int]] = []
    seen: set[str] = set()
    for batch in batches:
        batch.highlighter = snippet_highlighter()  # its formatter numbers terms per batch
        for place in range(batch.scored_length()):
            doc_id = _keys((batch, place)).id
            if doc_id not in seen:
                seen.add(doc_id)
                hits.append((batch, place))
    rows = list(paragraph_rows)
    for (batch, place), also_in in _collapse(hits, newest_first=newest_first):
        if len(rows) >= limit:
            break
        if _keys((batch, place)).page_id in paragraph_pages:
            continue
        row = _row(batch[place])
        row["also_in"] = also_in
        rows.append(row)
    return SearchResponse(query=text, total=total, suggestion=suggestion, results=rows[:limit])
