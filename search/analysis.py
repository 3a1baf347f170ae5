"""Legal-aware text analysis for the index and for queries (the same chain for both).

- Statute references in any common spelling become one canonical token, plus a token per
  subsection level: "section 127(1)", "s.127(1)", "s 127 (1)" and "s127(1)" all give `s127` and
  `s127_1`; "s4A" gives `s4a`. The token keeps the original's character span, so highlights
  still land on the text as written.
- Hyphenated and apostrophised words ("re-tweet", "M'Bala") are indexed as their parts and as
  one joined word; a query uses the joined word only, so "re-tweet", "retweet" and "Mbala" all
  match. A trailing possessive "'s" is dropped.
- ECHR application numbers ("25239/13") stay one token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import STOP_WORDS as STOP_WORDS_EN
from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)

__all__ = [
    "STATUTE",
    "CompoundFilter",
    "LegalTokenizer",
    "citation_analyzer",
    "prose_analyzer",
    "raw_analyzer",
    "statute_tokens",
]

_STATUTE = (
    r"(?P<statute>\b(?:[Ss]ections?|[Ss]ecs?\.?|[Ss]{1,2}\.?)[ \t]?"
    r"(?P<num>\d{1,3}[A-Za-z]{0,2})\b(?P<subs>(?:[ \t]?\([0-9A-Za-z]{1,4}\))*))"
)
_APPLICATION = r"(?P<app>\b\d{3,6}/\d{2}\b)"
_WORD = r"(?P<word>\w+(?:['’\-]\w+)*)"
PATTERN = re.compile("|".join([_STATUTE, _APPLICATION, _WORD]))
"""What the tokeniser reads as one word: a statute reference, an application number or a word."""
STATUTE = re.compile(_STATUTE)
_SUB = re.compile(r"\(([0-9A-Za-z]{1,4})\)")
_SPLIT = re.compile(r"['’\-]")
_POSSESSIVE = re.compile(r"['’][sS]$")


def statute_tokens(number: str, subsections: str) -> list[str]:
    """`s127`, then `s127_1`, `s127_1_a` for "127" and "(1)(a)"."""
    base = f"s{number.lower()}"
    tokens = [base]
    for sub in _SUB.findall(subsections):
        tokens.append(f"{tokens[-1]}_{sub.lower()}")
    return tokens


class LegalTokenizer(Tokenizer):  # type: ignore[misc]
    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pos = start_pos
        for match in PATTERN.finditer(value):
            if match.group("statute"):
                texts = statute_tokens(match.group("num"), match.group("subs"))
                end = match.end("subs") if match.group("subs") else match.end("num")
            else:
                texts = [match.group(0)]
                end = match.end()
            for text in texts:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + end
                yield token
            pos += 1


class CompoundFilter(Filter):  # type: ignore[misc]
    """Index "re-tweet" as `re`, `tweet` and `retweet`; query it as `retweet` only."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = _POSSESSIVE.sub("", token.text)
            if not _SPLIT.search(text):
                token.text = text
                yield token
                continue
            parts = [p for p in _SPLIT.split(text) if p]
            joined = "".join(parts)
            if token.mode != "query":
                for part in parts:
                    token.text = part
                    yield token
            token.text = joined
            yield token


# Whoosh's English stop words plus the words questions start with, so that "what is the time
# limit for s127" asks for "time limit s127".
STOP_WORDS = frozenset(STOP_WORDS_EN) | {
    "what",
    "which",
    "who",
    "how",
    "does",
    "do",
    "did",
    "i",
    "should",
    "about",
    "there",
    "any",
    "my",
    "me",
    "is",
    "was",
    "are",
    "get",
    "need",
}


def raw_analyzer() -> Analyzer:
    """Unstemmed and complete, for "did you mean" suggestions built from real words."""
    return LegalTokenizer() | CompoundFilter() | LowercaseFilter()


def citation_analyzer() -> Analyzer:
    """Unstemmed, for citations and statute references, where "40" must stay "40"; common and
    question words are left out."""
    return raw_analyzer() | StopFilter(stoplist=STOP_WORDS, minsize=1)


def prose_analyzer() -> Analyzer:
    """As `citation_analyzer`, then stemmed, for ranking prose."""
    return citation_analyzer() | StemFilter()
