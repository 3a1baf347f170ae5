"""Redlines outside the site, for `kb diff`: a standalone HTML page and plain text."""

from __future__ import annotations

import html
from typing import Any

from build_tools.diff.render import (
    STATUS_TEXT,
    esc,
    inline_redline,
    number_changes,
    reason_box,
    reason_label,
    step_label,
    tie_reasons,
)
from build_tools.diff.versions import VersionDiff

__all__ = ["diff_html_document", "diff_text"]

_CSS = """
body { font: 16px/1.6 system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }
ins { text-decoration: underline 2px; background: #e6f4ea; color: #0b3d17; }
del { text-decoration: line-through 2px; background: #fde7e9; color: #5c0a12; }
.kb-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0,0,0,0); }
.kb-change-n { font-size: .75em; margin-right: .3em; border: 1px solid; padding: 0 .2em; }
.kb-why { border-left: 3px solid #3f51b5; padding-left: .6em; }
"""


def diff_html_document(diff: VersionDiff) -> str:
    """A standalone, self-contained HTML redline (no external assets), for `kb diff --html`."""
    numbered, total = number_changes(diff.sections)
    title = f"What changed: {diff.from_version} to {diff.to_version}"
    body = [f"<h1>{html.escape(title)}</h1>", f'<p id="summary">{total} changes.</p>']
    if diff.partial_note:
        body.append(
            f'<p class="kb-partial"><strong>Partial record.</strong> {esc(diff.partial_note)}</p>'
        )
    for s, items in zip(diff.sections, numbered, strict=True):
        heading = s.title_to or s.title_from or s.id
        body.append(f'<h2 id="{html.escape(s.id)}">{html.escape(heading)}</h2>')
        body.append(f"<p><em>{STATUS_TEXT[s.status]}.</em></p>")
        if s.status != "unchanged":
            tied, rest = tie_reasons(s, items, diff.to_version)
            if rest:
                rows = "".join(
                    f"<li>{esc(step_label(r))}: {esc(str(r['note']))} "
                    f"({esc(reason_label(r)[0])})</li>"
                    for r in rest
                )
                body.append(f"<ul>{rows}</ul>")
            elif not tied:
                body.append("<p>Why: reason not recorded.</p>")

            def box(change: int, reason: dict[str, Any]) -> str:
                return reason_box(change, reason, None, frozenset())

            body.append(inline_redline(items, total, tied, box))
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
    if diff.partial_note:
        lines.append(f"note: {diff.partial_note}")
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
                lines.append(f"   why ({step_label(reason)}): {reason['note']} ({label})")
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
