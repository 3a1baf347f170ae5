"""Snippets, made as Whoosh's highlighter makes them, at a fraction of the cost.

Whoosh's highlighter re-analyses every shown section's text for every query (lower-casing, stop
words, stemming each word again) and walks it as a chain of generators over `Token` objects:
that was the largest single cost of a search. Here the tokens of a text (character span and
indexed word, exactly as the analyser yields them) are computed once and kept, and the same
steps run over plain tuples: mark the tokens whose word the query searched for, merge
neighbouring marks (`Highlighter._merge_matched_tokens`), cut fragments
(`ContextFragmenter.fragment_tokens`). Whoosh's own scorer, fragment choice and HTML formatter
then finish the job, so a snippet is character for character what Whoosh would have made
(`tests/test_snippets.py` compares the two).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token

from search.analysis import PATTERN

__all__ = [
    "CHARLIMIT",
    "MAXCHARS",
    "SURROUND",
    "SnippetHighlighter",
    "snippet_highlighter",
    "whoosh_highlighter",
]

MAXCHARS = 200  # a fragment's length
SURROUND = 40  # context before the first and after the last marked word of a fragment
CHARLIMIT = 4000  # snippets come from a section's opening

Analyzer = Callable[..., Iterator[Token]]
Span = tuple[int, int, str]  # start, end, indexed word

_WORDS: dict[tuple[int, str], tuple[str, ...]] = {}
_TEXTS: OrderedDict[tuple[int, str], list[Span]] = OrderedDict()
_WORD_LIMIT, _TEXT_LIMIT = 200_000, 4096


def _word_tokens(analyzer: Analyzer, word: str) -> tuple[str, ...]:
    """The indexed words of one tokeniser match, as the analyser makes them in running text
    (each filter looks at one token at a time, so a word's tokens do not depend on its
    neighbours)."""
    key = (id(analyzer), word)
    found = _WORDS.get(key)
    if found is None:
        if len(_WORDS) >= _WORD_LIMIT:
            _WORDS.clear()
        found = tuple(t.text for t in analyzer(word, mode="index", removestops=False))
        _WORDS[key] = found
    return found


def spans(text: str, analyzer: Analyzer, charlimit: int = CHARLIMIT) -> list[Span]:
    """What `analyzer(text, chars=True, mode="index", removestops=False)` yields up to the
    first token ending past `charlimit`, as (start, end, word); kept for the texts seen last."""
    key = (id(analyzer), text)
    found = _TEXTS.get(key)
    if found is not None:
        _TEXTS.move_to_end(key)
        return found
    found = []
    for match in PATTERN.finditer(text):
        start, end = match.start(), match.end()
        if charlimit and end > charlimit:
            break
        found.extend((start, end, word) for word in _word_tokens(analyzer, match.group(0)))
    _TEXTS[key] = found
    if len(_TEXTS) > _TEXT_LIMIT:
        _TEXTS.popitem(last=False)
    return found


def _merged(tokens: list[Span], words: frozenset[str]) -> Iterator[tuple[int, int, str, bool]]:
    """`Highlighter._merge_matched_tokens` over tuples: marked neighbours that overlap become
    one mark."""
    token: list[Any] | None = None
    for start, end, word in tokens:
        if word not in words:
            if token is not None:
                yield token[0], token[1], token[2], True
                token = None
            yield start, end, word, False
            continue
        if token is None:
            token = [start, end, word]
        elif start <= token[1]:
            if end > token[1]:
                token[2] += word[token[1] - end :]
                token[1] = end
        else:
            yield token[0], token[1], token[2], True
            token = None
            yield start, end, word, True
    if token is not None:
        yield token[0], token[1], token[2], True


def fragments(text: str, tokens: list[Span], words: frozenset[str]) -> list[highlight.Fragment]:
    """`ContextFragmenter(MAXCHARS, SURROUND, CHARLIMIT).fragment_tokens` over tuples."""
    found: list[highlight.Fragment] = []
    first: int | None = None
    firsts: deque[int] = deque()
    countdown = -1
    marks: list[Token] = []
    endchar = 0
    currentlen = 0
    for startchar, endchar, word, matched in _merged(tokens, words):
        length = endchar - startchar
        if countdown < 0 and not matched:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > SURROUND:
                firsts.popleft()
        elif currentlen + length > MAXCHARS:
            countdown = 0
        elif matched:
            countdown = SURROUND
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += SURROUND
            marks.append(Token(text=word, startchar=startchar, endchar=endchar, matched=True))
        if countdown >= 0:
            currentlen += length
            countdown -= length
            if countdown <= 0:
                found.append(highlight.mkfrag(text, marks, startchar=first, endchar=endchar))
                marks, firsts, first, currentlen = [], deque(), None, 0
    if marks:
        found.append(highlight.mkfrag(text, marks, startchar=first, endchar=endchar))
    return found


class SnippetHighlighter(highlight.Highlighter):  # type: ignore[misc]
    """`highlight.Highlighter` with tokens and fragments from this module (and the query's
    words looked up once per result set, not once per hit)."""

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
        cut = fragments(text, spans(text, field.analyzer), words)
        best = highlight.top_fragments(cut, top, self.scorer, self.order, minscore=minscore)
        return str(self.formatter.format(best))


def whoosh_highlighter() -> highlight.Highlighter:
    """Whoosh's own highlighter with the same settings: what the snippets are compared with."""
    fragmenter = highlight.ContextFragmenter(maxchars=MAXCHARS, surround=SURROUND)
    fragmenter.charlimit = CHARLIMIT
    formatter = highlight.HtmlFormatter(tagname="mark", classname="hit")
    return highlight.Highlighter(fragmenter=fragmenter, formatter=formatter)


def snippet_highlighter() -> SnippetHighlighter:
    """Fragments of up to 200 characters with 40 of context, from a section's first 4,000
    characters, marked words in `<mark class="hit">`. Make one per result set: the formatter
    numbers the words it marks."""
    formatter = highlight.HtmlFormatter(tagname="mark", classname="hit")
    return SnippetHighlighter(formatter=formatter)
