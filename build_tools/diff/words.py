"""Word-level diff with diff-match-patch: words mapped to characters, diffed, mapped back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

__all__ = ["Hunk", "count_words", "diff_words"]

Op = Literal["equal", "insert", "delete", "move"]
_TOKEN = re.compile(r"\n\n|\s+|[^\s]+")
_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}


@dataclass(frozen=True)
class Hunk:
    op: Op
    text: str
    move: int | None = None
    """For `move` hunks: the number that pairs a paragraph's old place with its new one."""
    side: Literal["from", "to"] | None = None
    """For `move` hunks: whether this is where the paragraph was, or where it now is."""

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"op": self.op, "text": self.text}
        if self.op == "move":
            data["move"] = self.move
            data["side"] = self.side
        return data


def _encode(tokens: list[str], table: dict[str, str]) -> str:
    out = []
    for token in tokens:
        if token not in table:
            # Private-use plane characters keep the alphabet clear of real text.
            table[token] = chr(0xF0000 + len(table))
        out.append(table[token])
    return "".join(out)


def diff_words(old: str, new: str) -> list[Hunk]:
    """Minimal, deterministic word diff; equal+delete rebuild `old`, equal+insert rebuild `new`."""
    table: dict[str, str] = {}
    a = _encode(_TOKEN.findall(old), table)
    b = _encode(_TOKEN.findall(new), table)
    reverse = {v: k for k, v in table.items()}
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    hunks: list[Hunk] = []
    for op, chars in diffs:
        text = "".join(reverse[c] for c in chars)
        if hunks and hunks[-1].op == _OPS[op]:
            hunks[-1] = Hunk(_OPS[op], hunks[-1].text + text)
        elif text:
            hunks.append(Hunk(_OPS[op], text))
    return hunks


def count_words(hunks: list[Hunk], op: Op) -> int:
    return sum(len(h.text.split()) for h in hunks if h.op == op)
