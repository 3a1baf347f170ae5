"""The "what changed" page for two versions: Markdown with escaped inline HTML redlines.

Per section: status, reasons (each linked to its place in the consultation response, or "reason
not recorded"), an inline redline and a side-by-side view. Every change (a run of adjacent
insertions, deletions or a moved paragraph) is numbered "N of M" and links to the next one.
Insertions and deletions carry visually hidden text, so they do not rely on colour or strike-
through alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from build_tools.diff.blocks import Line, Piece, RBlock, cut_blocks, in_reading
from build_tools.diff.versions import SectionDiff, VersionDiff
from build_tools.diff.words import Hunk

__all__ = [
    "STATUS_TEXT",
    "diff_page_markdown",
    "diff_page_path",
    "esc",
    "inline_redline",
    "number_changes",
    "reason_box",
    "reason_label",
    "step_label",
    "tie_reasons",
]

STATUS_TEXT = {
    "added": "New section",
    "removed": "Removed",
    "renamed": "Renamed and changed",
    "moved": "Moved",
    "changed": "Changed",
    "unchanged": "Unchanged",
}


def diff_page_path(from_version: str, to_version: str) -> str:
    return f"what-changed/{from_version}-to-{to_version}.md"


@dataclass(frozen=True)
class Numbered:
    hunk: Hunk
    change: int | None  # the change this hunk belongs to; None for equal text
    first: bool  # the first hunk of its change (where the "N of M" marker goes)


def number_changes(sections: tuple[SectionDiff, ...]) -> tuple[list[list[Numbered]], int]:
    """Number the changes across all sections; returns per-section hunks and the total."""
    count = 0
    result: list[list[Numbered]] = []
    for section in sections:
        numbered: list[Numbered] = []
        previous: Hunk | None = None
        for hunk in section.hunks:
            if hunk.op == "equal":
                numbered.append(Numbered(hunk, None, False))
            else:
                # Adjacent deletes and inserts are one change; a moved paragraph is its own.
                ops = {hunk.op, previous.op} if previous is not None else {"equal"}
                starts = "equal" in ops or "move" in ops
                if starts:
                    count += 1
                numbered.append(Numbered(hunk, count, starts))
            previous = hunk
        result.append(numbered)
    return result, count


def esc(text: str) -> str:
    return html.escape(text)


def _marker(n: int, total: int) -> str:
    target = f"#change-{n + 1}" if n < total else "#summary"
    label = f"Change {n} of {total}; go to the " + ("next change" if n < total else "summary")
    return (
        f'<a class="kb-change-n" id="change-{n}" href="{target}" title="{label}" '
        f'aria-label="{label}">Change {n}</a>'
    )


def _mark(piece: Piece, content: str, extra: str = "") -> str:
    if piece.op == "move":
        tag = "ins" if piece.side == "to" else "del"
        label = "moved here: " if piece.side == "to" else "moved from here: "
        return (
            f'<{tag} class="kb-moved">{extra}<span class="kb-sr">[{label}</span>{content}'
            f'<span class="kb-sr">]</span></{tag}>'
        )
    tag = "ins" if piece.op == "insert" else "del"
    label = "inserted: " if piece.op == "insert" else "deleted: "
    return (
        f'<{tag}>{extra}<span class="kb-sr">[{label}</span>{content}'
        f'<span class="kb-sr">]</span></{tag}>'
    )


def _piece_html(piece: Piece, total: int | None) -> str:
    marker = _marker(piece.change, total) if total and piece.first and piece.change else ""
    if piece.op == "equal":
        return esc(piece.text)
    extra = ""
    if piece.op == "move" and (piece.first or total is None):
        note = f"(paragraph {piece.side} move {piece.move}) "
        extra = f'<span class="kb-move-label">{esc(note)}</span>'
    if not piece.text:
        return marker
    # The marker goes before the mark, never inside it: a struck-through number reads as deleted.
    return marker + _mark(piece, esc(piece.text), extra)


def _line_html(line: Line, total: int | None) -> str:
    return "".join(_piece_html(p, total) for p in line.pieces).strip()


def _block_html(block: RBlock, total: int | None) -> str:
    """A block as the structure it has: a paragraph, a list (items stay items) or a heading."""
    parts: list[str] = []
    i = 0
    lines = block.lines
    while i < len(lines):
        line = lines[i]
        if line.kind == "heading":
            level = min(6, line.level + 1)
            parts.append(f'<h{level} class="kb-redline__h">{_line_html(line, total)}</h{level}>')
            i += 1
        elif line.kind == "item":
            tag = "ol" if line.ordered else "ul"
            items: list[str] = []
            while i < len(lines) and (
                (lines[i].kind == "item" and lines[i].ordered == line.ordered)
                or lines[i].continuation
            ):
                if lines[i].continuation and items:
                    items[-1] += " " + _line_html(lines[i], total)
                else:
                    items.append(_line_html(lines[i], total))
                i += 1
            parts.append(f"<{tag}>" + "".join(f"<li>{x}</li>" for x in items) + f"</{tag}>")
        else:
            text: list[str] = []
            while i < len(lines) and lines[i].kind == "text" and not lines[i].continuation:
                text.append(_line_html(lines[i], total))
                i += 1
            if not text:  # a stray continuation line
                text.append(_line_html(lines[i], total))
                i += 1
            parts.append("<p>" + " ".join(text) + "</p>")
    state = "changed" if block.changed else "same"
    return f'<div class="kb-block kb-block--{state}">' + "".join(parts) + "</div>"


def _pieces(numbered: list[Numbered]) -> list[Piece]:
    return [
        Piece(n.hunk.op, n.hunk.text, n.change, n.first, n.hunk.move, n.hunk.side) for n in numbered
    ]


def inline_redline(
    numbered: list[Numbered],
    total: int,
    tied: Mapping[int, list[dict[str, Any]]] | None = None,
    reason_html: Callable[[int, dict[str, Any]], str] | None = None,
) -> str:
    """The redline; a reason tied to a change is shown right after the block it starts in."""
    parts = []
    for block in cut_blocks(_pieces(numbered)):
        parts.append(_block_html(block, total))
        if tied and reason_html:
            for change in block.changes:
                parts += [reason_html(change, r) for r in tied.get(change, [])]
    return '<div class="kb-redline">' + "".join(parts) + "</div>"


def _side(numbered: list[Numbered], reading: Literal["from", "to"]) -> str:
    pieces = [replace(p, first=False) for p in _pieces(numbered) if in_reading(p, reading)]
    return "".join(_block_html(b, None) for b in cut_blocks(pieces))


def _side_by_side(numbered: list[Numbered], from_version: str, to_version: str) -> str:
    return (
        '<details class="kb-sbs-wrap"><summary>Side-by-side view</summary>'
        '<div class="kb-sbs">'
        f'<div class="kb-sbs__col"><p class="kb-sbs__head">{esc(from_version)}</p>'
        f'<div class="kb-redline">{_side(numbered, "from")}</div></div>'
        f'<div class="kb-sbs__col"><p class="kb-sbs__head">{esc(to_version)}</p>'
        f'<div class="kb-redline">{_side(numbered, "to")}</div></div>'
        "</div></details>"
    )


def reason_label(reason: Mapping[str, object]) -> tuple[str, str | None]:
    """The label of a recorded reason and its anchor on the consultation page (if any).

    The consultation response numbers its points under each question; the what-changed pages
    number their own changes. "Point" and "change" keep the two apart."""
    question, change = reason.get("question"), reason.get("change")
    if question is None:
        return "Recorded reason", None
    if change:
        return (
            f"Consultation response, question {question}, point {change}",
            f"q{question}-change-{change}",
        )
    return f"Consultation response, question {question}", f"question-{question}"


def step_label(reason: Mapping[str, object]) -> str:
    """The step of the version history a reason belongs to, e.g. "2016-interim to 2016-final"."""
    if reason.get("step_from"):
        return f"{reason['step_from']} to {reason['version']}"
    return str(reason["version"])


def tie_reasons(
    section: SectionDiff, numbered: list[Numbered], to_version: str
) -> tuple[dict[int, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Reasons recorded against paragraphs, each tied to the changes that touch one of them and
    shown after the last of those (a paragraph may change in several places, and the record
    does not say which one the reason is for); the rest stay with the section. Only the last
    step's reasons name paragraphs of the newer text, so only they are tied."""
    touched: dict[int, set[str]] = {}
    for index, item in enumerate(numbered):
        if item.change:
            touched.setdefault(item.change, set()).update(section.paras_of(index))
    tied: dict[int, list[dict[str, Any]]] = {}
    rest: list[dict[str, Any]] = []
    for reason in section.reasons:
        paras = set(reason.get("paras") or ())
        changes = []
        if paras and reason.get("version") == to_version:
            changes = [c for c in sorted(touched) if touched[c] & paras]
        if not changes:
            rest.append(reason)
        else:
            tied.setdefault(changes[-1], []).append({**reason, "changes": changes})
    return tied, rest


def _reason_link(
    reason: Mapping[str, Any], consultation_link: str | None, anchors: frozenset[str]
) -> tuple[str, str | None]:
    label, anchor = reason_label(reason)
    if anchor not in anchors and reason.get("question") is not None:
        anchor = f"question-{reason['question']}"  # the point itself has no anchor
    if not consultation_link or reason.get("question") is None:
        return label, None
    return label, (f"{consultation_link}#{anchor}" if anchor in anchors else consultation_link)


def reason_box(
    change: int,
    reason: Mapping[str, Any],
    consultation_link: str | None,
    anchors: frozenset[str],
) -> str:
    label, href = _reason_link(reason, consultation_link, anchors)
    if href is not None:
        # Raw HTML is not rewritten by MkDocs: link the built page, not its Markdown source.
        href = re.sub(r"\.md(?=#|$)", ".html", href)
    source = esc(label) if href is None else f'<a href="{esc(href)}">{esc(label)}</a>'
    extra = f" (source: {esc(str(reason['source']))})" if reason.get("source") else ""
    changes = list(reason.get("changes") or [change])
    if len(changes) == 1:
        which = f"change {changes[0]}"
    elif changes == list(range(changes[0], changes[-1] + 1)):
        which = f"changes {changes[0]}–{changes[-1]}"
    else:
        which = "changes " + ", ".join(str(c) for c in changes)
    return (
        f'<p class="kb-why"><strong>Why {which}:</strong> {esc(str(reason["note"]))}'
        f'{extra} <span class="kb-why__source">{source}; {esc(step_label(reason))}</span></p>'
    )


def _reason_lines(
    section: SectionDiff,
    rest: list[dict[str, Any]],
    tied: Mapping[int, list[dict[str, Any]]],
    consultation_link: str | None,
    anchors: frozenset[str],
) -> str:
    if section.status == "unchanged":
        return ""
    out = ""
    if tied:
        links = ", ".join(f"[after change {c}](#change-{c})" for c in sorted(tied))
        out += f"Reasons recorded against a paragraph are shown where they apply: {links}.\n\n"
    if not rest:
        return out or "**Why:** reason not recorded.\n\n"
    rows = []
    for reason in rest:
        label, href = _reason_link(reason, consultation_link, anchors)
        if href:
            label = f"[{label}]({href})"
        source = f" (source: {reason['source']})" if reason.get("source") else ""
        rows.append(f"- {step_label(reason)}: {reason['note']}{source} {label}.")
    return out + "**Why (reasons recorded for this section)**\n\n" + "\n".join(rows) + "\n\n"


def _pair_picker(versions: list[str], old: str, new: str) -> str:
    """A from/to form: any older -> newer pair of versions, each its own page beside this one."""

    def select(name: str, chosen: str) -> str:
        options = "".join(
            f'<option value="{html.escape(v)}"{" selected" if v == chosen else ""}>'
            f"{html.escape(v)}</option>"
            for v in versions
        )
        return f'<select id="kb-pair-{name}" name="{name}">{options}</select>'

    return (
        '<form class="kb-pair-picker" data-kb-pair-picker>'
        f'<label for="kb-pair-from">Compare</label> {select("from", old)} '
        f'<label for="kb-pair-to">with</label> {select("to", new)} '
        '<button type="submit">Show what changed</button>'
        '<span class="kb-pair-picker__status" role="status" aria-live="polite"></span></form>\n'
    )


def diff_page_markdown(
    diff: VersionDiff,
    *,
    titles: dict[str, str],
    section_links: dict[str, str],
    consultation_link: str | None,
    consultation_anchors: frozenset[str] = frozenset(),
) -> str:
    """`section_links` maps section id to a link (relative to this page) of its newest version;
    reasons link to their anchor on the consultation page when it has one."""
    summary = diff.summary()
    numbered, total = number_changes(diff.sections)
    lines = [
        f"# What changed: {diff.from_version} to {diff.to_version}\n",
        f"This page compares the {titles.get(diff.from_version, diff.from_version)} with the "
        f"{titles.get(diff.to_version, diff.to_version)}, section by section and word by word. "
        "Inserted words are underlined and marked as inserted; deleted words are struck "
        "through and marked as deleted; a paragraph that moved is marked where it was and "
        "where it went. Each change is numbered; select its number to go to the next one. "
        "Knowledge base notes are not part of the guidelines and are left out.\n",
        _pair_picker(list(titles), diff.from_version, diff.to_version),
        (f'!!! warning "Partial record"\n    {diff.partial_note}\n' if diff.partial_note else ""),
        "## Summary {#summary}\n",
        f"{total} change{'' if total == 1 else 's'}; [go to the first](#change-1).\n"
        if total
        else "No changes.\n",
        "| Status | Sections |",
        "| --- | --- |",
    ]
    lines += [f"| {STATUS_TEXT[k]} | {summary[k]} |" for k in STATUS_TEXT if summary[k]]
    lines += [
        "",
        f"{summary['words_added']} words added, {summary['words_removed']} removed.\n",
        "| Section | Status | Words added | Words removed | Changes |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s, items in zip(diff.sections, numbered, strict=True):
        title = s.title_to or s.title_from or s.id
        changes = sorted({i.change for i in items if i.change})
        span = (
            f"[{changes[0]}-{changes[-1]}](#change-{changes[0]})"
            if len(changes) > 1
            else (f"[{changes[0]}](#change-{changes[0]})" if changes else "—")
        )
        lines.append(
            f"| [{title}](#{s.id}) | {STATUS_TEXT[s.status]} | {s.words_added} | "
            f"{s.words_removed} | {span} |"
        )
    lines.append("")
    for s, items in zip(diff.sections, numbered, strict=True):
        title = s.title_to or s.title_from or s.id
        lines.append(f"## {title} {{#{s.id}}}\n")
        status = STATUS_TEXT[s.status]
        if s.status == "renamed":
            status += f" (was: {s.title_from})"
        link = section_links.get(s.id)
        lines.append(f"*{status}.*" + (f" [Read the section]({link})." if link else "") + "\n")
        tied, rest = tie_reasons(s, items, diff.to_version)
        lines.append(_reason_lines(s, rest, tied, consultation_link, consultation_anchors))
        if s.status != "unchanged":

            def box(change: int, reason: dict[str, Any]) -> str:
                return reason_box(change, reason, consultation_link, consultation_anchors)

            lines.append(inline_redline(items, total, tied, box) + "\n")
            if s.status not in ("added", "removed"):
                lines.append(_side_by_side(items, diff.from_version, diff.to_version) + "\n")
    return "\n".join(lines)
