"""The "what changed" page for two versions: Markdown with escaped inline HTML redlines.

Per section: status, reasons (each linked to its place in the consultation response, or "reason
not recorded"), an inline redline and a side-by-side view. Every change (a run of adjacent
insertions, deletions or a moved paragraph) is numbered "N of M" and links to the next one.
Insertions and deletions carry visually hidden text, so they do not rely on colour or strike-
through alone.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from build_tools.diff.versions import SectionDiff, VersionDiff
from build_tools.diff.words import Hunk

__all__ = ["diff_html_document", "diff_page_markdown", "diff_page_path", "number_changes"]

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


def _text(hunk: Hunk) -> str:
    return html.escape(hunk.text.rstrip("\n")).replace("\n\n", "<br><br>") + (
        "<br><br>" if hunk.text.endswith("\n\n") else ""
    )


def _marker(n: int, total: int) -> str:
    target = f"#change-{n + 1}" if n < total else "#summary"
    visible = f"{n} of {total}"
    label = f"{visible} changes; go to the " + ("next change" if n < total else "summary")
    return (
        f'<a class="kb-change-n" id="change-{n}" href="{target}" title="{label}" '
        f'aria-label="{label}">{visible}</a>'
    )


def _mark(op: str, side: str, content: str, extra: str = "") -> str:
    tag = {"insert": "ins", "delete": "del"}.get(op)
    if op == "move":
        tag = "ins" if side == "to" else "del"
        label = "moved here: " if side == "to" else "moved from here: "
        return (
            f'<{tag} class="kb-moved">{extra}<span class="kb-sr">[{label}</span>{content}'
            f'<span class="kb-sr">]</span></{tag}>'
        )
    label = "inserted: " if op == "insert" else "deleted: "
    return (
        f'<{tag}>{extra}<span class="kb-sr">[{label}</span>{content}'
        f'<span class="kb-sr">]</span></{tag}>'
    )


def _inline(numbered: list[Numbered], total: int) -> str:
    parts = []
    for item in numbered:
        hunk = item.hunk
        marker = _marker(item.change, total) if item.first and item.change else ""
        if hunk.op == "equal":
            parts.append(_text(hunk))
        elif hunk.op == "move":
            note = f"(paragraph {hunk.side} move {hunk.move}) "
            extra = marker + f'<span class="kb-move-label">{html.escape(note)}</span>'
            parts.append(_mark("move", hunk.side or "", _text(hunk), extra))
        else:
            parts.append(_mark(hunk.op, "", _text(hunk), marker))
    return '<div class="kb-redline">' + "".join(parts) + "</div>"


def _sides(numbered: list[Numbered]) -> Iterator[tuple[str, str]]:
    for item in numbered:
        hunk = item.hunk
        if hunk.op == "equal":
            yield "both", _text(hunk)
        elif hunk.op == "delete" or (hunk.op == "move" and hunk.side == "from"):
            yield "from", _mark(hunk.op, hunk.side or "", _text(hunk))
        else:
            yield "to", _mark(hunk.op, hunk.side or "", _text(hunk))


def _side_by_side(numbered: list[Numbered], from_version: str, to_version: str) -> str:
    sides = list(_sides(numbered))
    left = [t for side, t in sides if side in ("both", "from")]
    right = [t for side, t in sides if side in ("both", "to")]
    return (
        '<details class="kb-sbs-wrap"><summary>Side-by-side view</summary>'
        '<div class="kb-sbs">'
        f'<div class="kb-sbs__col"><p class="kb-sbs__head">{html.escape(from_version)}</p>'
        f'<div class="kb-redline">{"".join(left)}</div></div>'
        f'<div class="kb-sbs__col"><p class="kb-sbs__head">{html.escape(to_version)}</p>'
        f'<div class="kb-redline">{"".join(right)}</div></div>'
        "</div></details>"
    )


def reason_label(reason: Mapping[str, object]) -> tuple[str, str | None]:
    """The label of a recorded reason and its anchor on the consultation page (if any)."""
    question, change = reason.get("question"), reason.get("change")
    if question is None:
        return "Recorded reason", None
    if change:
        return f"Question {question}, change {change}", f"q{question}-change-{change}"
    return f"Question {question}", f"question-{question}"


def _reason_lines(
    section: SectionDiff, consultation_link: str | None, anchors: frozenset[str]
) -> str:
    if section.status == "unchanged":
        return ""
    if not section.reasons:
        return "**Why:** reason not recorded.\n\n"
    rows = []
    for reason in section.reasons:
        label, anchor = reason_label(reason)
        if anchor not in anchors and reason.get("question") is not None:
            anchor = f"question-{reason['question']}"  # the change itself has no anchor
        if consultation_link:
            link = f"{consultation_link}#{anchor}" if anchor in anchors else consultation_link
            label = f"[{label}]({link})"
        source = f" (source: {reason['source']})" if reason.get("source") else ""
        rows.append(f"- {label} ({reason['version']}): {reason['note']}{source}")
    return "**Why (reasons recorded for this section)**\n\n" + "\n".join(rows) + "\n\n"


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
        "## Summary {#summary}\n",
        f"{total} changes; [go to the first](#change-1).\n" if total else "No changes.\n",
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
        lines.append(_reason_lines(s, consultation_link, consultation_anchors))
        if s.status != "unchanged":
            lines.append(_inline(items, total) + "\n")
            if s.status not in ("added", "removed"):
                lines.append(_side_by_side(items, diff.from_version, diff.to_version) + "\n")
    return "\n".join(lines)


_CSS = """
body { font: 16px/1.6 system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }
ins { text-decoration: underline 2px; background: #e6f4ea; color: #0b3d17; }
del { text-decoration: line-through 2px; background: #fde7e9; color: #5c0a12; }
.kb-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0,0,0,0); }
.kb-change-n { font-size: .75em; vertical-align: super; margin-right: .2em; }
.kb-sbs { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
"""


def diff_html_document(diff: VersionDiff) -> str:
    """A standalone, self-contained HTML redline (no external assets), for `kb diff --html`."""
    numbered, total = number_changes(diff.sections)
    title = f"What changed: {diff.from_version} to {diff.to_version}"
    body = [f"<h1>{html.escape(title)}</h1>", f'<p id="summary">{total} changes.</p>']
    for s, items in zip(diff.sections, numbered, strict=True):
        heading = s.title_to or s.title_from or s.id
        body.append(f'<h2 id="{html.escape(s.id)}">{html.escape(heading)}</h2>')
        body.append(f"<p><em>{STATUS_TEXT[s.status]}.</em></p>")
        if s.status != "unchanged":
            if s.reasons:
                rows = "".join(
                    f"<li>{html.escape(reason_label(r)[0])} ({html.escape(str(r['version']))}): "
                    f"{html.escape(str(r['note']))}</li>"
                    for r in s.reasons
                )
                body.append(f"<ul>{rows}</ul>")
            else:
                body.append("<p>Why: reason not recorded.</p>")
            body.append(_inline(items, total).replace("", ""))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def diff_text(diff: VersionDiff) -> str:
    """Plain-text redline for terminals: [+inserted+], [-deleted-], moves marked at both ends."""
    summary = diff.summary()
    lines = [
        f"{diff.from_version} -> {diff.to_version}: "
        + ", ".join(f"{v} {k}" for k, v in summary.items() if v)
    ]
    for section in diff.sections:
        lines.append(
            f"\n== {section.id}: {section.status} (+{section.words_added} -{section.words_removed})"
        )
        if section.status == "unchanged":
            continue
        for reason in section.reasons or [{"version": diff.to_version, "note": None}]:
            if reason["note"] is None:
                lines.append("   why: reason not recorded")
            else:
                label = reason_label(reason)[0]
                lines.append(f"   why: {label} ({reason['version']}): {reason['note']}")
        out = []
        for hunk in section.hunks:
            if hunk.op == "move":
                where = "moved here" if hunk.side == "to" else "moved away"
                out.append(f"[>{where} {hunk.move}: {hunk.text.rstrip()}>]\n\n")
            else:
                marks = {"insert": "[+{}+]", "delete": "[-{}-]", "equal": "{}"}
                out.append(marks[hunk.op].format(hunk.text))
        lines.append("".join(out).rstrip("\n"))
    return "\n".join(lines)
