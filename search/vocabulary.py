"""The word list behind "did you mean": every surface word of the index with the number of
sections it is in, kept in the index generation as `words.json`.

It replaces an index field that held every word a second time only to be searched for near
spellings (half of all postings). Near words are found with symmetric deletes: a word and a
candidate within two edits share a form with at most two letters deleted from each, so only
those candidates are compared, not the whole list. Ranking follows Whoosh's `suggest` (the
browser's search box does the same over the same list): the ten nearest by edit distance, the
most frequent first, then the caller picks among them.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain, combinations

from search.analysis import PATTERN, raw_analyzer

__all__ = ["WORDS_FILE", "Vocabulary", "count_words", "edits"]

WORDS_FILE = "words.json"
_MAX_EDITS = 2


# The tokeniser's pattern without its named groups, so `findall` returns whole matches.
_WHOLE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", PATTERN.pattern))


def count_words(texts: Iterable[str]) -> dict[str, int]:
    """Each word (lower-cased, unstemmed, as the raw analyser reads it) and how many of the
    texts it is in. The analyser reads one tokeniser match at a time, so each distinct match is
    analysed once, and each text's distinct matches are looked up once."""
    analyzer = raw_analyzer()
    tokens: dict[str, tuple[str, ...]] = {}
    counts: Counter[str] = Counter()
    for text in texts:
        words = set(_WHOLE.findall(text))
        for word in words - tokens.keys():
            tokens[word] = tuple(t.text for t in analyzer(word))
        counts.update(set(chain.from_iterable(map(tokens.__getitem__, words))))
    return dict(sorted(counts.items()))


def edits(a: str, b: str, *, transpose: bool = False) -> int:
    """Edits (insert, delete, replace) from `a` to `b`; with `transpose`, a swap of two
    neighbouring letters counts as one (optimal string alignment). The browser's `edits` in
    kb-search-engine.js is the same function."""
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if transpose and before and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def _deletes(word: str, most: int = _MAX_EDITS) -> set[str]:
    found = {word}
    for n in range(1, min(most, len(word)) + 1):
        for gone in combinations(range(len(word)), n):
            found.add("".join(ch for i, ch in enumerate(word) if i not in gone))
    return found


class Vocabulary:
    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._by_delete: dict[str, list[str]] | None = None

    @classmethod
    def load(cls, generation: pathlib.Path) -> Vocabulary:
        """The generation's word list; empty (no suggestions) if it has none."""
        try:
            data = json.loads((generation / WORDS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls({})
        return cls({str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {})

    def write(self, generation: pathlib.Path) -> None:
        text = json.dumps(self.counts, ensure_ascii=False, separators=(",", ":"))
        (generation / WORDS_FILE).write_text(text, encoding="utf-8")

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def frequency(self, word: str) -> int:
        return self.counts.get(word, 0)

    def _index(self) -> dict[str, list[str]]:
        if self._by_delete is None:
            index: dict[str, list[str]] = {}
            for word in self.counts:
                for form in _deletes(word):
                    index.setdefault(form, []).append(word)
            self._by_delete = index
        return self._by_delete

    def near(self, word: str, limit: int = 10) -> list[str]:
        """Up to `limit` words one or two edits from `word`: those one edit away first, the
        most frequent first, then those two away (as Whoosh's `suggest` orders them)."""
        index = self._index()
        candidates = {c for form in _deletes(word) for c in index.get(form, ())}
        by_distance: dict[int, list[str]] = {1: [], 2: []}
        for candidate in candidates:
            distance = edits(word, candidate)
            if 1 <= distance <= _MAX_EDITS:
                by_distance[distance].append(candidate)
        pool: list[str] = []
        for distance in (1, 2):
            if len(pool) < limit:
                pool += sorted(by_distance[distance], key=lambda c: (-self.counts[c], c))
        return pool[:limit]
