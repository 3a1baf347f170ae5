"""The structure of a redline: hunks cut into blocks (paragraphs, lists, headings) and lines.

A hunk can start in one paragraph and end in the next, so the structure is recovered from the
merged stream rather than from either text: the stream is cut at blank lines (blocks) and line
breaks (lines), and each line is classified by what it reads as in the newer text (the older
text where nothing of the line is left). A list marker or heading hashes are taken off the
line so that the renderer can show a real list item or heading instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from build_tools.diff.words import Op

__all__ = ["Line", "Piece", "RBlock", "cut_blocks", "in_reading"]

Kind = Literal["text", "item", "heading"]
_ITEM = re.compile(r"^\s*(?P<mark>[-*+]|\d+\.)\s+")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+")
_BREAKS = re.compile(r"(\n\n|\n)")


@dataclass(frozen=True)
class Piece:
    """A run of text with one operation; `change` is its change number (None for equal text),
    `first` marks where the change's marker goes."""

    op: Op
    text: str
    change: int | None = None
    first: bool = False
    move: int | None = None
    side: Literal["from", "to"] | None = None


@dataclass
class Line:
    kind: Kind
    pieces: list[Piece]
    ordered: bool = False
    level: int = 0
    continuation: bool = False


@dataclass
class RBlock:
    lines: list[Line] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(p.op != "equal" for line in self.lines for p in line.pieces)

    @property
    def changes(self) -> list[int]:
        return [p.change for line in self.lines for p in line.pieces if p.first and p.change]


def in_reading(piece: Piece, reading: Literal["from", "to"]) -> bool:
    """Whether the piece is part of the older ("from") or newer ("to") text."""
    if piece.op == "equal":
        return True
    if piece.op == "move":
        return piece.side == reading
    return piece.op == ("insert" if reading == "to" else "delete")


def _strip(pieces: list[Piece], reading: Literal["from", "to"], count: int) -> list[Piece]:
    """The pieces with the first `count` characters of the given reading removed."""
    out: list[Piece] = []
    for piece in pieces:
        if count and in_reading(piece, reading):
            cut = min(count, len(piece.text))
            count -= cut
            rest = piece.text[cut:]
            if rest:
                out.append(replace(piece, text=rest))
            elif piece.first:
                out.append(replace(piece, text=""))  # keep the change marker
            continue
        out.append(piece)
    return out


def _classify(pieces: list[Piece], previous: Line | None) -> Line:
    text_to = "".join(p.text for p in pieces if in_reading(p, "to"))
    reading: Literal["from", "to"] = "to"
    text = text_to
    if not text_to.strip():
        reading = "from"
        text = "".join(p.text for p in pieces if in_reading(p, "from"))
    heading = _HEADING.match(text)
    if heading:
        level = len(heading.group("hashes"))
        return Line("heading", _strip(pieces, reading, heading.end()), level=level)
    item = _ITEM.match(text)
    if item:
        ordered = item.group("mark")[0].isdigit()
        return Line("item", _strip(pieces, reading, item.end()), ordered=ordered)
    if previous is not None and previous.kind == "item" and text[:1].isspace():
        return Line("text", pieces, continuation=True)
    return Line("text", pieces)


def cut_blocks(pieces: Iterable[Piece]) -> list[RBlock]:
    """Blocks of lines, each line classified; empty lines and blocks are dropped."""
    blocks: list[RBlock] = []
    raw_block: list[list[Piece]] = [[]]

    def end_block() -> None:
        lines: list[Line] = []
        for raw in raw_block:
            if any(p.text.strip() or p.first for p in raw):
                lines.append(_classify(raw, lines[-1] if lines else None))
        if lines:
            blocks.append(RBlock(lines))
        raw_block.clear()
        raw_block.append([])

    for piece in pieces:
        first = piece.first
        for part in _BREAKS.split(piece.text):
            if part == "\n\n":
                end_block()
            elif part == "\n":
                raw_block.append([])
            elif part:
                raw_block[-1].append(replace(piece, text=part, first=first))
                first = False
        if first:  # a change that is only line breaks still gets its marker
            raw_block[-1].append(replace(piece, text="", first=True))
    end_block()
    return blocks
