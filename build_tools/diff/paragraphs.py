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


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of `text`, each ending in exactly one blank line."""
    return [p.strip("\n") + "\n\n" for p in text.split("\n\n") if p.strip()]


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(a=a.split(), b=b.split(), autojunk=False)
    return matcher.quick_ratio() >= _SAME_PARAGRAPH and matcher.ratio() >= _SAME_PARAGRAPH


def _pair_in_order(old: list[str], new: list[str]) -> dict[int, int]:
    """Monotone pairing of edited paragraphs: old index -> new index."""
    pairs: dict[int, int] = {}
    start = 0
    for i, paragraph in enumerate(old):
        for j in range(start, len(new)):
            if _similar(paragraph, new[j]):
                pairs[i] = j
                start = j + 1
                break
    return pairs


def _region(
    old: list[str], new: list[str], moved_old: dict[int, int], moved_new: dict[int, int]
) -> list[Hunk]:
    """Hunks for one stretch between two runs of identical paragraphs."""
    keep_old = [i for i in range(len(old)) if i not in moved_old]
    keep_new = [j for j in range(len(new)) if j not in moved_new]
    pairs = {
        keep_old[a]: keep_new[b]
        for a, b in _pair_in_order([old[i] for i in keep_old], [new[j] for j in keep_new]).items()
    }
    paired_new = set(pairs.values())
    hunks: list[Hunk] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and i in moved_old:
            hunks.append(Hunk("move", old[i], move=moved_old[i], side="from"))
            i += 1
        elif j < len(new) and j in moved_new:
            hunks.append(Hunk("move", new[j], move=moved_new[j], side="to"))
            j += 1
        elif i < len(old) and i not in pairs:
            hunks.append(Hunk("delete", old[i]))
            i += 1
        elif j < len(new) and j not in paired_new:
            hunks.append(Hunk("insert", new[j]))
            j += 1
        else:  # old[i] and new[j] are an edited pair (pairing is monotone)
            hunks += diff_words(old[i], new[j])
            i += 1
            j += 1
    return hunks


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
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    # Identical paragraphs left out of the common ordering are moves (first unused match wins).
    unmatched_new: dict[str, list[int]] = {}
    for tag, _i1, _i2, j1, j2 in opcodes:
        if tag != "equal":
            for j in range(j1, j2):
                unmatched_new.setdefault(new[j], []).append(j)
    moved_old: dict[int, int] = {}
    moved_new: dict[int, int] = {}
    for tag, i1, i2, _j1, _j2 in opcodes:
        if tag == "equal":
            continue
        for i in range(i1, i2):
            candidates = unmatched_new.get(old[i])
            if candidates:
                number = len(moved_old) + 1
                moved_old[i] = number
                moved_new[candidates.pop(0)] = number
    # A "move" within one stretch is only a re-ordering there; keep it a move all the same.
    hunks: list[Hunk] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            hunks.append(Hunk("equal", "".join(old[i1:i2])))
            continue
        hunks += _region(
            old[i1:i2],
            new[j1:j2],
            {i - i1: n for i, n in moved_old.items() if i1 <= i < i2},
            {j - j1: n for j, n in moved_new.items() if j1 <= j < j2},
        )
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
