"""The Whoosh schema: one document per section (a heading-level chunk) of a page."""

from __future__ import annotations

from whoosh.analysis import (
    Analyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

__all__ = ["FIELDS", "make_schema", "prose_analyzer", "raw_analyzer"]

# Words, plus tokens such as "s127", "4a", "25239/13" that legal text uses as units.
_TOKEN = r"\d+/\d+|\w+(?:'\w+)?"


def prose_analyzer() -> Analyzer:
    return StemmingAnalyzer(expression=_TOKEN, stoplist=None)


def raw_analyzer() -> Analyzer:
    """Unstemmed, for exact and fuzzy matching and for "did you mean" suggestions."""
    return RegexTokenizer(_TOKEN) | LowercaseFilter() | StopFilter(minsize=2)


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        page_id=ID(stored=True),
        # `title` is the page title on a page's lead section and the heading on the others, so a
        # page's own lead outranks its subsections; `page_title` keeps them findable by page.
        title=TEXT(stored=True, analyzer=prose_analyzer(), field_boost=4.0),
        page_title=TEXT(analyzer=prose_analyzer(), field_boost=1.5),
        label=STORED(),
        headings=TEXT(stored=True, analyzer=prose_analyzer(), field_boost=2.0),
        aka=TEXT(stored=True, analyzer=prose_analyzer(), field_boost=3.0),
        body=TEXT(stored=True, analyzer=prose_analyzer()),
        raw=TEXT(analyzer=raw_analyzer(), spelling=True),
        citations=TEXT(stored=True, analyzer=raw_analyzer(), field_boost=3.0),
        type=ID(stored=True),
        version=ID(stored=True),
        category=KEYWORD(stored=True, commas=True),
        cites=KEYWORD(stored=True, commas=True),
        url=STORED(),
        order=STORED(),
    )


FIELDS = (
    "id",
    "page_id",
    "title",
    "page_title",
    "label",
    "headings",
    "aka",
    "body",
    "citations",
    "type",
    "version",
    "category",
    "cites",
    "url",
    "order",
)
