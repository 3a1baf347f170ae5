"""Word queries answered from scored postings kept per searcher, with Whoosh's own scores.

A query typed as words parses to an AND of words, each word an OR of one term per search field
(or, for the any-word fallback, one OR of every term with a coordination bonus). Whoosh answers
it by walking a tree of union and intersection matchers in Python, posting by posting, for every
query: at 10,000 sections most of a search's time. Here each term's postings are scored once,
by the searcher's own weighting (each score is the number Whoosh's matcher gives), and kept as a
map from document number to score while the searcher lives; a searcher belongs to one immutable
index generation. A word is the sum of its terms' maps, the query the documents every word has,
ranked as Whoosh's top collector ranks: higher score first, then lower document number.

Any-word queries get Whoosh's coordination formula with the number of terms fixed at the
query's, as the site's search box computes it (Whoosh's own count shrinks as its matchers run
out, so its scores depend on where in the index a document sits).

Anything else (phrases, wildcards, NOT, query boosts) is left to Whoosh: `plan` returns None.
"""

from __future__ import annotations

import heapq
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh.collectors import TimeLimit
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Results, Searcher

from search.scoring import score_postings

__all__ = ["KEPT_ENTRIES", "Plan", "answer", "plan", "warm"]

KEPT_ENTRIES = 1_000_000
"""Scored postings kept per searcher (about 100 bytes each); the least recently used term goes
first."""

_Scores = dict[int, float]


@dataclass(frozen=True)
class Plan:
    words: tuple[tuple[Term, ...], ...]
    """AND over the words, OR over each word's terms."""
    scale: float | None = None
    """For an any-word query (then there is one word holding every term): the coordination
    scale."""


def _all_terms(query: Query) -> tuple[Term, ...] | None:
    subs = query.subqueries
    return tuple(subs) if subs and all(type(t) is Term for t in subs) else None


def _terms(query: Query) -> tuple[Term, ...] | None:
    """A word's terms: one term, or an OR of terms."""
    if type(query) is Term:
        return (query,)
    if type(query) is Or and query.boost == 1.0 and not query.scale:
        return _all_terms(query)
    return None


def plan(query: Query) -> Plan | None:
    """How to answer `query` here, or None if Whoosh must."""
    if type(query) is Or and query.scale and query.boost == 1.0:
        terms = _all_terms(query)
        return Plan((terms,), float(query.scale)) if terms else None
    if type(query) is And and query.boost == 1.0:
        words = [_terms(sub) for sub in query.subqueries]
        if words and all(w is not None for w in words):
            return Plan(tuple(w for w in words if w is not None))
        return None
    word = _terms(query)
    return Plan((word,)) if word is not None else None


class _Kept:
    """One searcher's scored postings and word scores; the least recently used go first."""

    def __init__(self) -> None:
        self.scores: OrderedDict[Any, _Scores] = OrderedDict()
        self.entries = 0

    def get(self, key: Any, compute: Callable[[], _Scores]) -> _Scores:
        found = self.scores.get(key)
        if found is not None:
            self.scores.move_to_end(key)
            return found
        found = self.scores[key] = compute()
        self.entries += len(found)
        while self.entries > KEPT_ENTRIES and len(self.scores) > 1:
            _, dropped = self.scores.popitem(last=False)
            self.entries -= len(dropped)
        return found


def _kept(searcher: Searcher) -> _Kept:
    kept: _Kept = searcher.__dict__.setdefault("_kb_plain", _Kept())
    return kept


def _score_postings(searcher: Searcher, field: str, text: Any) -> _Scores:
    """Each document with the term, scored as Whoosh's `Term` matcher scores it."""
    if field not in searcher.schema:
        return {}
    try:
        btext = searcher.schema[field].to_bytes(text)
    except ValueError:
        return {}
    if (field, btext) not in searcher.reader():
        return {}
    # The matcher `searcher.postings` makes (`searcher` is one segment's: see `answer`).
    scorer = searcher.weighting.scorer(searcher, field, btext)
    return score_postings(scorer, searcher.reader().postings(field, btext, scorer=scorer))


def _term_scores(searcher: Searcher, term: Term, deadline: float | None) -> _Scores:
    if deadline is not None and time.monotonic() > deadline:
        raise TimeLimit()
    scores = _kept(searcher).get(
        ("term", term.fieldname, term.text),
        lambda: _score_postings(searcher, term.fieldname, term.text),
    )
    if term.boost != 1.0:
        boost = term.boost
        return {doc: score * boost for doc, score in scores.items()}
    return scores


def _sum_of(maps: list[_Scores]) -> _Scores:
    """Every document in any map, with the sum of its scores (in the maps' order)."""
    maps = [m for m in maps if m]
    if not maps:
        return {}
    total = dict(maps[0])
    get = total.get
    for scores in maps[1:]:
        for doc, score in scores.items():
            total[doc] = get(doc, 0.0) + score
    return total


def _word_scores(searcher: Searcher, terms: tuple[Term, ...], deadline: float | None) -> _Scores:
    if len(terms) == 1:
        return _term_scores(searcher, terms[0], deadline)
    key = ("word", *((t.fieldname, t.text, t.boost) for t in terms))
    return _kept(searcher).get(
        key, lambda: _sum_of([_term_scores(searcher, t, deadline) for t in terms])
    )


def _any_word_scores(searcher: Searcher, the_plan: Plan, deadline: float | None) -> _Scores:
    terms = the_plan.words[0]
    scale = the_plan.scale or 0.0
    maps = [_term_scores(searcher, term, deadline) for term in terms]
    total = _sum_of(maps)
    matching = dict.fromkeys(total, 0)
    for scores in maps:
        for doc in scores:
            matching[doc] += 1
    count = len(terms)
    if count == 0 or count == scale:
        return dict.fromkeys(total, 0.0)
    spread, share = (count - scale) ** 2, (count - 1) / count
    return {doc: (score + (matching[doc] - 1) / spread) * share for doc, score in total.items()}


def _matches(searcher: Searcher, the_plan: Plan, deadline: float | None) -> _Scores:
    if the_plan.scale is not None:
        return _any_word_scores(searcher, the_plan, deadline)
    maps = sorted((_word_scores(searcher, w, deadline) for w in the_plan.words), key=len)
    if len(maps) == 1 or not maps[0]:
        return maps[0]
    common = maps[0].keys() & maps[1].keys()
    for scores in maps[2:]:
        common &= scores.keys()
    first = maps[0]
    total = {doc: first[doc] for doc in common}
    for scores in maps[1:]:
        total = {doc: score + scores[doc] for doc, score in total.items()}
    return total


def answer(
    searcher: Searcher,
    query: Query,
    the_plan: Plan,
    want: int,
    allowed: set[int] | None = None,
    timelimit: float | None = None,
) -> Results:
    """The top `want` matches and the exact number of matches, as Whoosh's `Results` (so hits,
    stored fields and highlights work as for any search); only documents in `allowed`, if
    given. Raises Whoosh's `TimeLimit` past `timelimit` seconds."""
    deadline = None if timelimit is None else time.monotonic() + timelimit
    found: list[tuple[float, int]] = []
    for sub, offset in searcher.leaf_searchers():
        scores = _matches(sub, the_plan, deadline)
        if allowed is None:
            found += [(score, -(doc + offset)) for doc, score in scores.items()]
        else:
            found += [
                (score, -(doc + offset)) for doc, score in scores.items() if doc + offset in allowed
            ]
    # Whoosh's order: higher score first, then lower document number.
    best = [(score, -negated) for score, negated in heapq.nlargest(want, found)]
    results = Results(searcher, query, best)
    results._total = len(found)  # Results counts through its collector otherwise; there is none
    return results


def warm(searcher: Searcher, fields: list[str], seconds: float) -> int:
    """Score the postings of `fields`' terms ahead of any query, the most common terms first
    (the likeliest to be asked for and the costliest to score), for at most `seconds` and
    within KEPT_ENTRIES; returns how many terms were scored."""
    deadline = time.monotonic() + seconds
    scored = 0
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        terms = [
            (info.doc_frequency(), field, text)
            for field in fields
            if field in sub.schema
            for text, info in reader.iter_field(field)
        ]
        terms.sort(key=lambda term: -term[0])
        kept = _kept(sub)
        for frequency, field, text in terms:
            if time.monotonic() > deadline or kept.entries + frequency > KEPT_ENTRIES:
                return scored
            word = sub.schema[field].from_bytes(text)
            _term_scores(sub, Term(field, word), None)
            scored += 1
    return scored
