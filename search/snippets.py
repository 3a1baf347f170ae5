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

import time
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
    append, extend, memo, analyzer_id = found.append, found.extend, _WORDS, id(analyzer)
    for match in PATTERN.finditer(text):
        start, end = match.span()
        if charlimit and end > charlimit:
            break
        word = match.group(0)
        words = memo.get((analyzer_id, word))
        if words is None:
            words = _word_tokens(analyzer, word)
        if len(words) == 1:
            append((start, end, words[0]))
        else:
            extend((start, end, one) for one in words)
    _TEXTS[key] = found
    if len(_TEXTS) > _TEXT_LIMIT:
        _TEXTS.popitem(last=False)
    return found


def warm(searcher: Any, field: str, seconds: float) -> int:
    """Keep the tokens of `field`'s stored texts ahead of any query, in document order, for at
    most `seconds` and within what is kept; returns how many texts were done. A search's first
    sight of a section otherwise analyses its text before it can cut a snippet."""
    deadline = time.monotonic() + seconds
    analyzer = searcher.schema[field].analyzer
    done = 0
    for fields in searcher.reader().iter_docs():
        if done >= _TEXT_LIMIT or time.monotonic() > deadline:
            break
        text = fields[1].get(field)
        if text:
            spans(text, analyzer)
            done += 1
    return done


def fragments(text: str, tokens: list[Span], words: frozenset[str]) -> list[highlight.Fragment]:
    """`ContextFragmenter(MAXCHARS, SURROUND, CHARLIMIT).fragment_tokens` over
    `Highlighter._merge_matched_tokens`, over tuples.

    Between fragments the fragmenter only keeps the starts of the last SURROUND characters'
    tokens, for the next fragment's front context: that stretch is jumped over, from one token
    with a searched word to the next (the starts kept are those of the tokens just before it).
    Most of a section lies there, so a snippet costs about what its marked words cost."""
    marked = [place for place, token in enumerate(tokens) if token[2] in words]
    if not marked:
        return []
    found: list[highlight.Fragment] = []
    first: int | None = None
    firsts: deque[int] = deque()
    countdown = -1
    marks: list[Token] = []
    endchar = 0
    currentlen = 0

    def step(startchar: int, end: int, word: str, matched: bool) -> None:
        """One (merged) token through the fragmenter, as Whoosh's loop takes it."""
        nonlocal first, firsts, countdown, marks, endchar, currentlen
        endchar = end
        length = end - startchar
        if countdown < 0 and not matched:
            firsts.append(startchar)
            while firsts and end - firsts[0] > SURROUND:
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
            marks.append(Token(text=word, startchar=startchar, endchar=end, matched=True))
        if countdown >= 0:
            currentlen += length
            countdown -= length
            if countdown <= 0:
                found.append(highlight.mkfrag(text, marks, startchar=first, endchar=end))
                marks, firsts, first, currentlen = [], deque(), None, 0

    # Marked neighbours that overlap become one mark (`_merge_matched_tokens`, quirks kept: a
    # marked token after a flushed one is passed on alone).
    pending: list[Any] | None = None
    place, count, upcoming = 0, len(tokens), iter(marked)
    following: int | None = next(upcoming)
    while place < count:
        start, end, word = tokens[place]
        if word not in words:
            if pending is not None:
                step(pending[0], pending[1], pending[2], True)
                pending = None
            if countdown >= 0:
                step(start, end, word, False)
                place += 1
                continue
            # Between fragments: jump to the next marked token. Starts are kept while they lie
            # within SURROUND characters of the end of the token just before it (ends only
            # grow, so those are the tokens just before it), as the fragmenter's pops leave.
            while following is not None and following < place:
                following = next(upcoming, None)
            if following is None:
                break  # no marked word follows: nothing more can be made
            last_end = tokens[following - 1][1]
            back = following
            while back > place and last_end - tokens[back - 1][0] <= SURROUND:
                back -= 1
            firsts = deque(token[0] for token in tokens[back:following])
            endchar = last_end
            place = following
            continue
        if pending is None:
            pending = [start, end, word]
        elif start <= pending[1]:
            if end > pending[1]:
                pending[2] += word[pending[1] - end :]
                pending[1] = end
        else:
            step(pending[0], pending[1], pending[2], True)
            pending = None
            step(start, end, word, True)
        place += 1
    if pending is not None:
        step(pending[0], pending[1], pending[2], True)
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
