"""Snippets: Whoosh's own fragmenter, scorer and formatter, fed by a memoised tokeniser.

Whoosh's highlighter re-analyses every shown section's text for every query (lower-casing,
stop words, stemming each word again); that was the largest single cost of a search. The words
of a section are the same from one query to the next, so each distinct word's tokens are
computed once and kept. The tokens, their character spans and the marked words are exactly
those Whoosh's highlighter makes, so the snippets are the same, only cheaper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token

from search.analysis import PATTERN

__all__ = ["SnippetHighlighter", "snippet_highlighter"]

_CACHE_LIMIT = 200_000
_TOKENS: dict[tuple[int, str], tuple[str, ...]] = {}


def _word_tokens(analyzer: Callable[..., Iterator[Token]], word: str) -> tuple[str, ...]:
    """The index tokens of one word as the analyser makes them in running text (the analysis is
    word by word: no filter looks at a neighbour)."""
    key = (id(analyzer), word)
    found = _TOKENS.get(key)
    if found is None:
        if len(_TOKENS) >= _CACHE_LIMIT:
            _TOKENS.clear()
        found = tuple(t.text for t in analyzer(word, mode="index", removestops=False))
        _TOKENS[key] = found
    return found


def tokens(
    text: str, analyzer: Callable[..., Iterator[Token]], words: frozenset[str], charlimit: int
) -> Iterator[Token]:
    """What `analyzer(text, chars=True, mode="index", removestops=False)` yields, marked as
    Whoosh's `set_matched_filter` marks them, up to the fragmenter's `charlimit`."""
    for match in PATTERN.finditer(text):
        start, end = match.start(), match.end()
        if charlimit and end > charlimit:
            return
        for word in _word_tokens(analyzer, match.group(0)):
            yield Token(text=word, startchar=start, endchar=end, boost=1.0, matched=word in words)


class SnippetHighlighter(highlight.Highlighter):  # type: ignore[misc]
    """`highlight.Highlighter` with the tokens from `tokens` (and the query's words looked up
    once per result set, not once per hit)."""

    def highlight_hit(
        self,
        hitobj: Any,
        fieldname: str,
        text: str | None = None,
        top: int = 3,
        minscore: int = 1,
        strict_phrase: bool = False,
    ) -> str:
        results = hitobj.results
        field = results.searcher.schema[fieldname]
        if text is None:
            text = hitobj[fieldname]
        memo = results.__dict__.setdefault("_kb_words", {})
        words = memo.get(fieldname)
        if words is None:
            terms = results.query_terms(expand=True, fieldname=fieldname)
            words = memo[fieldname] = frozenset(field.from_bytes(t[1]) for t in terms)
        marked = self._merge_matched_tokens(
            tokens(text, field.analyzer, words, self.fragmenter.charlimit)
        )
        fragments = self.fragmenter.fragment_tokens(text, marked)
        best = highlight.top_fragments(fragments, top, self.scorer, self.order, minscore=minscore)
        return str(self.formatter.format(best))


def snippet_highlighter() -> SnippetHighlighter:
    """Fragments of up to 200 characters with 40 of context, from a section's first 4,000
    characters, matches in `<mark class="hit">`."""
    fragmenter = highlight.ContextFragmenter(maxchars=200, surround=40)
    fragmenter.charlimit = 4000
    formatter = highlight.HtmlFormatter(tagname="mark", classname="hit")
    return SnippetHighlighter(fragmenter=fragmenter, formatter=formatter)
