"""'Did you mean': a query's unknown words replaced by the nearest words of the index.

The candidates come from the generation's word list (`vocabulary.py`, ordered as Whoosh's
`suggest` orders them); the choice among them prefers fewest edits (a swap of two neighbouring
letters counts as one), then a typo that only lost letters, then the most frequent word. The
browser's search box makes the same choice over the same list (`kb-search-engine.js`).
"""

from __future__ import annotations

import pathlib

from whoosh.index import Index

from search.analysis import STOP_WORDS
from search.vocabulary import Vocabulary, edits

__all__ = ["suggest", "vocabulary_of"]


_VOCABULARIES: dict[str, Vocabulary] = {}


def vocabulary_of(ix: Index) -> Vocabulary:
    """The word list of the index's generation, read once per process."""
    folder = str(getattr(ix.storage, "folder", ""))
    found = _VOCABULARIES.get(folder)
    if found is None:
        if len(_VOCABULARIES) > 8:
            _VOCABULARIES.clear()
        found = _VOCABULARIES[folder] = Vocabulary.load(pathlib.Path(folder))
    return found


def suggest(vocabulary: Vocabulary, words: list[str]) -> str | None:
    """A "did you mean" built from the index's words (unstemmed), or None if nothing changes."""
    fixed, changed = [], False
    for word in words:
        lower = word.lower().replace("'", "")
        if lower in STOP_WORDS or len(lower) < 4 or lower in vocabulary:
            fixed.append(word)
            continue
        best = _best_correction(vocabulary, lower)
        if best is not None:
            fixed.append(best)
            changed = True
        else:
            fixed.append(word)
    return " ".join(fixed) if changed else None


def _best_correction(vocabulary: Vocabulary, word: str) -> str | None:
    """The closest word in the vocabulary: fewest edits, counting a swap of two neighbouring
    letters as one ("pron" -> "porn"), then the most frequent; never a stop word or a much
    shorter word ("contemt" -> "contempt", not "consent")."""
    allowed = 1 if len(word) <= 5 else 2  # "bomb" is not "both"
    candidates = [
        c
        for c in vocabulary.near(word)
        if c not in STOP_WORDS
        and len(c) >= len(word) - 1
        and edits(word, c, transpose=True) <= allowed
    ]
    if not candidates:
        return None
    # A typo that only lost letters ("contemt") reads as the word it is part of ("contempt").
    return min(
        candidates,
        key=lambda c: (
            edits(word, c, transpose=True),
            not _subsequence(word, c),
            -vocabulary.frequency(c),
            c,
        ),
    )


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)
