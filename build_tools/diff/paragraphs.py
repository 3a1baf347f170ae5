"""Paragraph-aware diff: paragraphs aligned first (so a moved paragraph is a move), words second.

Texts are sequences of paragraphs, each ending in a blank line ("\\n\\n"). The hunks form a patch:
`apply_hunks(old, hunks) == new` always holds. Reading FROM means taking, in order, the text of
`equal`, `delete` and `move` (side "from") hunks; TO is `equal`, `insert` and `move` (side "to").
A moved paragraph appears twice, once at each end, with the same `move` number.
"""

from __future__ import annotations

import difflib

from build_tools.diff.words import Hunk, diff_words

__all__ = ["apply_hunks", "diff_paragraphs", "split_paragraphs"]

# Two paragraphs in the same stretch are treated as one edited paragraph at this similarity.
_SAME_PARAGRAPH = 0.5
# Alignment weight of an identical pair; an edited pair weighs 1. Larger than any section's
# paragraph count, so identical pairs always win.
_IDENTICAL = 10_000


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of `text`, each ending in exactly one blank line."""
    return [p.strip("\n") + "\n\n" for p in text.split("\n\n") if p.strip()]


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(a=a.split(), b=b.split(), autojunk=False)
    return matcher.quick_ratio() >= _SAME_PARAGRAPH and matcher.ratio() >= _SAME_PARAGRAPH


def _align(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) in order. Identical paragraphs are kept first (an edited
    pair never displaces an identical one, which would turn a move into two edits); edited
    pairs fill the gaps between them."""
    n, m = len(old), len(new)
    # A paragraph that exists unchanged on the other side is kept or moved, never edited.
    in_old, in_new = set(old), set(new)
    weight = [[0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            if old[i] == new[j]:
                weight[i][j] = _IDENTICAL
            elif old[i] not in in_new and new[j] not in in_old and _similar(old[i], new[j]):
                weight[i][j] = 1
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + weight[i][j] if weight[i][j] else 0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if weight[i][j] and best[i][j] == best[i + 1][j + 1] + weight[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _merge(hunks: list[Hunk]) -> list[Hunk]:
    merged: list[Hunk] = []
    for hunk in hunks:
        if merged and hunk.op != "move" and merged[-1].op == hunk.op:
            merged[-1] = Hunk(hunk.op, merged[-1].text + hunk.text)
        else:
            merged.append(hunk)
    return merged


def diff_paragraphs(old_text: str, new_text: str) -> list[Hunk]:
    old, new = split_paragraphs(old_text), split_paragraphs(new_text)
    pairs = _align(old, new)
    kept_old = {i for i, _ in pairs}
    kept_new = {j for _, j in pairs}
    # Identical paragraphs left out of the alignment are moves (first unused match wins).
    waiting: dict[str, list[int]] = {}
    for j in range(len(new)):
        if j not in kept_new:
            waiting.setdefault(new[j], []).append(j)
    moved_old: dict[int, int] = {}
    moved_new: dict[int, int] = {}
    for i in range(len(old)):
        if i not in kept_old and waiting.get(old[i]):
            number = len(moved_old) + 1
            moved_old[i] = number
            moved_new[waiting[old[i]].pop(0)] = number

    hunks: list[Hunk] = []

    def gap(i1: int, i2: int, j1: int, j2: int) -> None:
        """Unaligned paragraphs between two aligned ones: what left, then what arrived."""
        for i in range(i1, i2):
            if i in moved_old:
                hunks.append(Hunk("move", old[i], move=moved_old[i], side="from"))
            else:
                hunks.append(Hunk("delete", old[i]))
        for j in range(j1, j2):
            if j in moved_new:
                hunks.append(Hunk("move", new[j], move=moved_new[j], side="to"))
            else:
                hunks.append(Hunk("insert", new[j]))

    i = j = 0
    for a, b in pairs:
        gap(i, a, j, b)
        if old[a] == new[b]:
            hunks.append(Hunk("equal", old[a]))
        else:
            hunks += diff_words(old[a], new[b])
        i, j = a + 1, b + 1
    gap(i, len(old), j, len(new))
    return _merge([h for h in hunks if h.text])


class PatchError(ValueError):
    pass


def apply_hunks(old_text: str, hunks: list[Hunk]) -> str:
    """Apply a patch to `old_text`; raises PatchError if the hunks do not fit it."""
    position = 0
    out: list[str] = []
    for hunk in hunks:
        consumes = hunk.op in ("equal", "delete") or (hunk.op == "move" and hunk.side == "from")
        emits = hunk.op in ("equal", "insert") or (hunk.op == "move" and hunk.side == "to")
        if consumes:
            if not old_text.startswith(hunk.text, position):
                raise PatchError(f"hunk {hunk.op!r} does not match the text at {position}")
            position += len(hunk.text)
        if emits:
            out.append(hunk.text)
    if position != len(old_text):
        raise PatchError(f"{len(old_text) - position} characters of the old text left over")
    return "".join(out)
