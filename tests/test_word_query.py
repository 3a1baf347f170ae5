"""Plain-word queries built straight from the words (`search.word_query`) are the very query
objects Whoosh's parser makes from the same text, as typed and as any-word; anything that is not
plain words is left to the parser."""

from __future__ import annotations

import random
from typing import Any

import pytest
import yaml
from conftest import ROOT
from whoosh.qparser import MultifieldParser
from whoosh.query import Query

from search import word_query
from search.query import _ANY_WORD_SCALE, SEARCH_FIELDS, _parser, prepare
from search.schema import make_schema

SCHEMA = make_schema()
RELEVANCE = [c["q"] for c in yaml.safe_load((ROOT / "tests/data/relevance.yml").read_text("utf-8"))]
EDGES = [
    "Collins",
    "the of and",  # stop words only
    "the",
    "grossly offensive the",
    "s127_1 grossly",  # a statute reference as prepare() leaves it
    "2012 EWHC 2157 Admin",
    "Dieudonné İstanbul ²",
    "a_b _ __",
    "  padded   words  ",
    "and or not to",  # lower case: words, not operators
    "x",
    "2012 EWHC 2157 (Admin)",  # a one-word group reads as the word
    "(Admin)",
    "(QB) (Admin) offence",
]
NOT_PLAIN = [
    '"grossly offensive"',
    "harass*",
    "harass?ent",
    "type:case Collins",
    "body:menacing",
    "stalking OR harassment",
    "stalking AND harassment",
    "NOT menacing",
    "menacing ANDNOT threat",
    "menacing ANDMAYBE threat",
    "a TO z",
    "(menacing threat)",
    "2157(Admin)",
    "(Admin)s",
    "((Admin))",
    "menacing^2",
    "+menacing -threat",
    "re-tweet",
    "M'Bala",
    "Chambers~",
    "",
    "   ",
]


def _random_texts(count: int, seed: int = 7) -> list[str]:
    typed = sorted({w for q in RELEVANCE for w in prepare(q).split() if w.isalnum()})
    words = [*typed, "of", "the", "a", "to", "not", "offence"]
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        chosen = [rng.choice(words) for _ in range(rng.randint(1, 7))]
        if rng.random() < 0.2:  # a word in brackets, as a court's name in a citation
            place = rng.randrange(len(chosen))
            chosen[place] = f"({chosen[place]})"
        texts.append(" ".join(chosen))
    return texts


PLAIN = [
    t
    for t in (prepare(q) for q in RELEVANCE)
    if word_query._PLAIN_TEXT.fullmatch(word_query._ONE_WORD_GROUP.sub(r"\1", t))
]


def _shape(query: Query) -> tuple[Any, ...]:
    """Everything that decides how a query matches and scores; `==` and `repr` leave out an
    OR's coordination scale."""
    children = tuple(_shape(q) for q in query.children())
    return (
        type(query).__name__,
        getattr(query, "fieldname", None),
        getattr(query, "text", None),
        query.boost,
        getattr(query, "scale", None),
        children,
    )


def _parser_for(any_word: bool) -> MultifieldParser:
    return _parser(SCHEMA, any_word)


@pytest.mark.parametrize("any_word", [False, True], ids=["all-words", "any-word"])
@pytest.mark.parametrize("text", PLAIN + EDGES + _random_texts(300))
def test_plain_words_give_the_parsers_own_query(text: str, any_word: bool) -> None:
    parser = _parser_for(any_word)
    scale = _ANY_WORD_SCALE if any_word else None
    built = word_query.build(parser, SEARCH_FIELDS, text, scale=scale)
    assert built is not None, f"{text!r} is plain words but was left to the parser"
    parsed = parser.parse(text)
    assert built == parsed
    assert repr(built) == repr(parsed)
    assert _shape(built) == _shape(parsed)


def test_most_of_the_relevance_suite_takes_the_quick_way() -> None:
    assert len(PLAIN) >= 0.8 * len(RELEVANCE)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_anything_but_plain_words_is_left_to_the_parser(text: str) -> None:
    assert word_query.build(_parser_for(False), SEARCH_FIELDS, text, scale=None) is None


def test_kept_analyses_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_query, "KEPT_WORDS", 20)
    parser = _parser_for(False)
    for text in _random_texts(40, seed=3):
        word_query.build(parser, SEARCH_FIELDS, text, scale=None)
        assert len(word_query._analysed(parser)) <= 20 + 7 * len(SEARCH_FIELDS)
