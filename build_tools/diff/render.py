"""The "what changed" page for two versions, as Markdown with escaped inline HTML redlines."""

from __future__ import annotations

import html

from build_tools.diff.versions import SectionDiff, VersionDiff

__all__ = ["diff_page_markdown", "diff_page_path"]

_STATUS_TEXT = {
    "added": "New section",
    "removed": "Removed",
    "renamed": "Renamed and changed",
    "moved": "Moved",
    "changed": "Changed",
    "unchanged": "Unchanged",
}


def diff_page_path(from_version: str, to_version: str) -> str:
    return f"what-changed/{from_version}-to-{to_version}.md"


def _redline(section: SectionDiff) -> str:
    parts = []
    for hunk in section.hunks:
        text = html.escape(hunk.text).replace("\n\n", "<br><br>")
        if hunk.op == "insert":
            parts.append(
                f'<ins><span class="kb-sr">[inserted: </span>{text}'
                '<span class="kb-sr">]</span></ins>'
            )
        elif hunk.op == "delete":
            parts.append(
                f'<del><span class="kb-sr">[deleted: </span>{text}'
                '<span class="kb-sr">]</span></del>'
            )
        else:
            parts.append(text)
    return '<div class="kb-redline" markdown="0">' + "".join(parts) + "</div>"


def _reason_lines(section: SectionDiff, consultation_link: str | None) -> str:
    if not section.reasons:
        return ""
    rows = []
    for reason in section.reasons:
        label = f"Question {reason['question']}"
        if reason.get("change"):
            label += f", change {reason['change']}"
        if consultation_link:
            label = f"[{label}]({consultation_link})"
        rows.append(f"- {label}: {reason['note']}")
    return "**Reasons given in the consultation response**\n\n" + "\n".join(rows) + "\n\n"


def diff_page_markdown(
    diff: VersionDiff,
    *,
    titles: dict[str, str],
    section_links: dict[str, str],
    consultation_link: str | None,
) -> str:
    """`section_links` maps section id to a link (relative to this page) of its newest version."""
    summary = diff.summary()
    lines = [
        f"# What changed: {diff.from_version} to {diff.to_version}\n",
        f"This page compares the {titles.get(diff.from_version, diff.from_version)} with the "
        f"{titles.get(diff.to_version, diff.to_version)}, section by section and word by word. "
        "Inserted words are underlined and marked as inserted; deleted words are struck "
        "through and marked as deleted.\n",
        "## Summary {#summary}\n",
        "| Status | Sections |",
        "| --- | --- |",
    ]
    lines += [f"| {_STATUS_TEXT[k]} | {summary[k]} |" for k in _STATUS_TEXT if summary[k]]
    lines += [
        "",
        f"{summary['words_added']} words added, {summary['words_removed']} removed.\n",
        "| Section | Status | Words added | Words removed |",
        "| --- | --- | --- | --- |",
    ]
    for s in diff.sections:
        title = s.title_to or s.title_from or s.id
        lines.append(
            f"| [{title}](#{s.id}) | {_STATUS_TEXT[s.status]} | {s.words_added} | "
            f"{s.words_removed} |"
        )
    lines.append("")
    for s in diff.sections:
        title = s.title_to or s.title_from or s.id
        lines.append(f"## {title} {{#{s.id}}}\n")
        status = _STATUS_TEXT[s.status]
        if s.status == "renamed":
            status += f" (was: {s.title_from})"
        link = section_links.get(s.id)
        lines.append(f"*{status}.*" + (f" [Read the section]({link})." if link else "") + "\n")
        lines.append(_reason_lines(s, consultation_link))
        if s.status != "unchanged":
            lines.append(_redline(s) + "\n")
    return "\n".join(lines)
