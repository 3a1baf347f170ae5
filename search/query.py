"""Run a query against the index and shape the result as the JSON the CLI and the API share."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from whoosh import highlight
from whoosh.index import Index
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup
from whoosh.query import And, Query, Term
from whoosh.searching import Searcher

__all__ = ["MAX_LIMIT", "MAX_QUERY_LENGTH", "QueryError", "search"]

MAX_QUERY_LENGTH = 500
MAX_LIMIT = 100
SEARCH_FIELDS = ["title", "page_title", "aka", "headings", "body", "citations"]
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")


class QueryError(ValueError):
    """The query cannot be run; the message says why and what to do."""


@dataclass(frozen=True)
class _Parsed:
    query: Query
    words: list[str]


def _parse(ix: Index, text: str, *, fuzzy: bool = False) -> _Parsed:
    parser = MultifieldParser(SEARCH_FIELDS, ix.schema, group=OrGroup if fuzzy else AndGroup)
    return _Parsed(parser.parse(text), _WORD.findall(text))


def _filters(type_: str | None, version: str | None) -> Query | None:
    terms: list[Query] = []
    if type_:
        terms.append(Term("type", type_))
    if version:
        terms.append(Term("version", version))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(terms)


def _suggest(searcher: Searcher, words: list[str]) -> str | None:
    """A "did you mean" built from raw (unstemmed) words, or None if nothing changes."""
    fixed, changed = [], False
    for word in words:
        lower = word.lower()
        if searcher.doc_frequency("raw", lower) > 0:
            fixed.append(lower)
            continue
        candidates = searcher.suggest("raw", lower, limit=1, maxdist=2)
        if candidates:
            fixed.append(candidates[0])
            changed = True
        else:
            fixed.append(lower)
    return " ".join(fixed) if changed else None


def _snippet(hit: Any) -> str:
    text = hit.highlights("body", top=2)
    if text:
        return str(text)
    body = hit.get("body", "")
    return html.escape(body[:200] + ("…" if len(body) > 200 else ""))


def search(
    ix: Index, text: str, *, type_: str | None = None, version: str | None = None, limit: int = 10
) -> dict[str, Any]:
    """Search the index; raises QueryError for input that cannot be a query."""
    text = text.strip()
    if not text:
        raise QueryError("the query is empty; type one or more words")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}"
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    with ix.searcher() as searcher:
        parsed = _parse(ix, text)
        flt = _filters(type_, version)
        results = searcher.search(parsed.query, limit=limit, filter=flt)
        suggestion = None
        if results.scored_length() < 3:
            suggestion = _suggest(searcher, parsed.words)
        if results.is_empty() and suggestion:
            results = searcher.search(
                _parse(ix, suggestion, fuzzy=True).query, limit=limit, filter=flt
            )
        results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=40)
        results.formatter = highlight.HtmlFormatter(tagname="mark", classname="hit")
        rows = [
            {
                "id": hit["id"],
                "title": hit.get("label") or hit["title"],
                "type": hit["type"],
                "version": hit.get("version") or None,
                "url": hit["url"],
                "score": round(float(hit.score), 4),
                "snippet": _snippet(hit),
            }
            for hit in results
        ]
        return {"query": text, "total": len(results), "suggestion": suggestion, "results": rows}
