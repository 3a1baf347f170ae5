"""Light block scanning of Markdown bodies: headings, paragraph ids and reference links.

Only what the content model needs before rendering; the real rendering is Python-Markdown's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.extensions.toc import slugify

__all__ = [
    "LIST_ITEM",
    "PARA_ID",
    "REF",
    "Block",
    "Heading",
    "Note",
    "RefMark",
    "blocks",
    "body_lines",
    "find_refs",
    "heading_anchor",
    "headings",
    "note_lines",
    "notes",
    "unclosed_fence",
]

# `[text][kind:target]`, target may carry `#anchor`; kinds are checked by the resolver.
REF = re.compile(
    r"\[(?P<text>[^\]\n]+)\]\[(?P<kind>[a-z]+):(?P<target>[^\]\s#]+)(?:#(?P<anchor>[^\]\s]+))?\]"
)
PARA_ID = re.compile(r"\{:?\s*#(?P<id>p\d+)\s*\}\s*$")
# Headings are parsed in two linear steps (no nested quantifiers over the same characters, which
# backtracked cubically on a long line of spaces): the marker, then a trailing `{#id}` if any.
_HEADING_MARK = re.compile(r"#{1,6}[ \t]")
_TRAILING_ID = re.compile(r"\{:?[ \t]*#([\w-]+)[ \t]*\}$")


def _heading_line(line: str) -> tuple[int, str, str | None] | None:
    """(level, text, explicit id) of an ATX heading line, or None."""
    m = _HEADING_MARK.match(line)
    if m is None:
        return None
    text = line[m.end() :].strip()
    if not text:
        return None
    anchor = None
    brace = text.rfind("{")
    if brace != -1:
        found = _TRAILING_ID.match(text, brace)
        if found is not None:
            anchor = found.group(1)
            text = text[:brace].rstrip()
    return m.end() - 1, text, anchor


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TICKS = re.compile(r"`+")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_LIST_ITEM = LIST_ITEM
_NOT_PROSE = re.compile(r"^(?:\s*[|<>!]|\s*<!--|\s*-{3,}\s*$|\s{4,}|\s*\*\*\*)")


@dataclass(frozen=True)
class RefMark:
    line: int
    text: str
    kind: str
    target: str
    anchor: str | None
    raw: str


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines outside code fences."""

    line: int
    text: str
    kind: str  # "heading" | "paragraph" | "list" | "other"
    para_id: str | None
    in_note: bool = False


def heading_anchor(text: str) -> str:
    """The anchor MkDocs' toc extension gives a heading (same slugify, same separator)."""
    plain = REF.sub(lambda m: m.group("text"), text)
    plain = re.sub(r"[*_`]", "", plain)
    return str(slugify(plain, "-"))


def body_lines(body: str) -> list[tuple[int, str, bool]]:
    """Each line with its 0-based index and whether it is inside a code fence (the fence lines
    included). As in CommonMark, a fence closes only with a line of the same character, at least
    as long as the opening and with nothing after it: a ``` line inside a ~~~ fence, or inside a
    ```` fence, is code."""
    out: list[tuple[int, str, bool]] = []
    opening: str | None = None
    for i, line in enumerate(body.split("\n")):
        m = _FENCE.match(line)
        if opening is None:
            if m:
                opening = m.group(1)
            out.append((i, line, m is not None))
            continue
        if _closes(line, opening):
            opening = None
        out.append((i, line, True))
    return out


def code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span in a line: a run of backticks up to the next run
    of exactly as many."""
    spans: list[tuple[int, int]] = []
    runs = list(_TICKS.finditer(line))
    i = 0
    while i < len(runs):
        opener = runs[i]
        closer = next(
            (j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opener.group())),
            None,
        )
        if closer is None:
            i += 1
            continue
        spans.append((opener.start(), runs[closer].end()))
        i = closer + 1
    return spans


def refs_in(line: str) -> list[re.Match[str]]:
    """The references in a line that are not inside inline code."""
    spans = code_spans(line)
    return [m for m in REF.finditer(line) if not any(a <= m.start() < b for a, b in spans)]


def sub_refs(line: str, replace: Callable[[re.Match[str]], str]) -> str:
    """`REF.sub` that leaves references inside inline code as they are."""
    spans = code_spans(line)

    def one(m: re.Match[str]) -> str:
        if any(a <= m.start() < b for a, b in spans):
            return m.group(0)
        return replace(m)

    return REF.sub(one, line)


_ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)\s")


def note_lines(body: str) -> set[int]:
    """0-based lines inside admonitions (`!!! note ...` and the indented lines under it): the
    knowledge base's own boxes, never guideline text."""
    inside: set[int] = set()
    open_box = False
    for i, line, fenced in body_lines(body):
        if not fenced and _ADMONITION.match(line):
            open_box = True
            inside.add(i)
        elif open_box and (not line.strip() or line.startswith(("    ", "\t"))):
            inside.add(i)
        else:
            open_box = False
    return inside


@dataclass(frozen=True)
class Note:
    """An admonition box: the knowledge base's own words."""

    line: int
    title: str
    text: str


_ADMONITION_HEAD = re.compile(r'^(?:!!!|\?\?\?\+?)\s+\w+(?:\s+"(?P<title>[^"]*)")?')


def notes(body: str, *, first_line: int) -> list[Note]:
    """Each admonition with its title and its body (indentation removed)."""
    inside = note_lines(body)
    found: list[Note] = []
    lines = body.split("\n")
    for i, line in enumerate(lines):
        m = _ADMONITION_HEAD.match(line)
        if i not in inside or not m:
            continue
        text: list[str] = []
        j = i + 1
        while j < len(lines) and j in inside and not _ADMONITION_HEAD.match(lines[j]):
            text.append(lines[j][4:] if lines[j].startswith("    ") else lines[j].strip())
            j += 1
        found.append(Note(first_line + i, m.group("title") or "", "\n".join(text).strip()))
    return found


def _closes(line: str, opening: str) -> bool:
    m = _FENCE.match(line)
    return bool(
        m
        and m.group(1)[0] == opening[0]
        and len(m.group(1)) >= len(opening)
        and not line.strip().strip(opening[0])
    )


def unclosed_fence(body: str) -> tuple[int, str] | None:
    """(0-based line, opening line) of a code fence that never closes, or None."""
    opening: tuple[int, str, str] | None = None
    for i, line in enumerate(body.split("\n")):
        m = _FENCE.match(line)
        if opening is None:
            if m:
                opening = (i, line.strip(), m.group(1))
        elif _closes(line, opening[2]):
            opening = None
    return (opening[0], opening[1]) if opening else None


def find_refs(body: str, *, first_line: int) -> list[RefMark]:
    refs: list[RefMark] = []
    for i, line, fenced in body_lines(body):
        if fenced:
            continue
        for m in refs_in(line):
            refs.append(
                RefMark(
                    first_line + i,
                    m.group("text"),
                    m.group("kind"),
                    m.group("target"),
                    m.group("anchor"),
                    m.group(0),
                )
            )
    return refs


def headings(body: str, *, first_line: int) -> list[Heading]:
    found: list[Heading] = []
    for i, line, fenced in body_lines(body):
        if fenced:
            continue
        h = _heading_line(line)
        if h is not None:
            level, text, explicit = h
            found.append(Heading(first_line + i, level, text, explicit or heading_anchor(text)))
    return found


def blocks(body: str, *, first_line: int) -> list[Block]:
    result: list[Block] = []
    current: list[tuple[int, str]] = []
    notes = note_lines(body)

    def flush() -> None:
        if not current:
            return
        start, first = current[0]
        text = "\n".join(line for _, line in current)
        last = current[-1][1]
        m = PARA_ID.search(last)
        if _heading_line(first):
            kind = "heading"
        elif _LIST_ITEM.match(first):
            kind = "list"
        elif _NOT_PROSE.match(first):
            kind = "other"
        else:
            kind = "paragraph"
        in_note = start in notes
        result.append(Block(first_line + start, text, kind, m.group("id") if m else None, in_note))
        current.clear()

    for i, line, fenced in body_lines(body):
        if fenced:
            flush()
            continue
        if not line.strip():
            flush()
            continue
        if _heading_line(line):
            flush()
            current.append((i, line))
            flush()
            continue
        current.append((i, line))
    flush()
    return result
