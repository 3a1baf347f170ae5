"""Queries typed as plain words, built straight from the words: the same query objects Whoosh's
multi-field parser makes for them, without its tagging, filtering and tree-walking passes.

Whoosh's parser spends about a millisecond on a few plain words, and a search may parse up to
three times (as typed, as "did you mean", as any-word). For text that is only words (letters,
digits, underscores, and a single word in brackets as in "(Admin)": no quotes, wildcards, field
names, operators or other brackets) the parser's answer is known: every word becomes an OR of
its analysed term in each search field, the words are joined by the parser's group (AND; or OR
with a coordination scale for any-word), and the whole is normalised. Each field's analysis of
a word is kept (per parser, so per schema), which is most of what remains. Anything else goes
to the parser: `build` returns None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from whoosh.qparser import QueryParser
from whoosh.query import And, Or, Query, Term

__all__ = ["KEPT_WORDS", "OPERATORS", "build"]

_PLAIN_TEXT = re.compile(r"\s*\w+(?:\s+\w+)*\s*")
_WORD = re.compile(r"\w+")
# "(Admin)" between spaces: a group of one word, which the parser reads as that word.
_ONE_WORD_GROUP = re.compile(r"(?<!\S)\((\w+)\)(?!\S)")
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
"""Words the parser reads as operators (case-sensitive, as Whoosh reads them); "TO" is its
range operator, kept out for safety though ranges are not parsed."""
KEPT_WORDS = 50_000
"""(field, word) analyses kept per parser; all are dropped when there are more."""


def _analysed(parser: QueryParser) -> dict[tuple[str, str], tuple[str, ...]]:
    kept: dict[tuple[str, str], tuple[str, ...]] = parser.__dict__.setdefault("_kb_words", {})
    return kept


def build(
    parser: QueryParser, fields: Sequence[str], text: str, *, scale: float | None
) -> Query | None:
    """What `parser.parse(text)` gives when `text` is plain words, or None for anything else.
    `parser` is a MultifieldParser over `fields` with no field boosts; `scale` is its group's
    coordination scale (an OrGroup factory's), None for AND."""
    text = _ONE_WORD_GROUP.sub(r"\1", text)
    if not _PLAIN_TEXT.fullmatch(text):
        return None
    words = _WORD.findall(text)
    if OPERATORS.intersection(words):
        return None
    schema = parser.schema
    if any(schema[name].self_parsing() for name in fields):
        return None
    memo = _analysed(parser)
    if len(memo) > KEPT_WORDS:
        memo.clear()
    alternatives: list[Query] = []
    for word in words:
        per_field: list[Query] = []
        for name in fields:
            texts = memo.get((name, word))
            if texts is None:
                field = schema[name]
                texts = memo[(name, word)] = tuple(
                    field.process_text(word, mode="query", tokenize=True, removestops=True)
                )
            if len(texts) == 1:
                per_field.append(Term(name, texts[0]))
            elif texts:  # as the parser does for a word its analyser splits
                multi = schema[name].multitoken_query
                per_field.append(parser.multitoken_query(multi, texts, name, Term, 1.0))
        if per_field:
            alternatives.append(Or(per_field))
    group: Query = And(alternatives) if scale is None else Or(alternatives, scale=scale)
    return group.normalize()
