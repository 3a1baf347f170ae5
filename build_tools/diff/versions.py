"""Align two versions' sections by id and diff each one; the JSON shape `kb diff` prints."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Literal

from build_tools.content.markdown_blocks import PARA_ID, REF, note_lines
from build_tools.content.model import ContentModel, Page
from build_tools.diff.paragraphs import diff_paragraphs
from build_tools.diff.words import Hunk, count_words

__all__ = ["SectionDiff", "VersionDiff", "diff_versions", "section_text"]

Status = Literal["added", "removed", "renamed", "moved", "changed", "unchanged"]
_ATTR = re.compile(r"\s*\{:?\s*#[\w-]+\s*\}")


def _without_notes(body: str) -> str:
    """The body without admonition boxes: notes are the knowledge base's own words, never the
    guidelines', so they stay out of diffs and change counts."""
    inside = note_lines(body)
    return "\n".join(line for i, line in enumerate(body.split("\n")) if i not in inside)


def section_text(page: Page) -> str:
    """The guideline text a reader sees: notes left out, references reduced to their text,
    attribute lists removed."""
    text = REF.sub(lambda m: m.group("text"), _without_notes(page.body))
    lines = [PARA_ID.sub("", _ATTR.sub("", line)).rstrip() for line in text.split("\n")]
    paragraphs = "\n".join(lines).split("\n\n")
    return "".join(p.strip() + "\n\n" for p in paragraphs if p.strip())


@dataclass(frozen=True)
class SectionDiff:
    id: str
    status: Status
    title_from: str | None
    title_to: str | None
    hunks: tuple[Hunk, ...]
    reasons: tuple[dict[str, Any], ...]

    @property
    def words_added(self) -> int:
        return count_words(list(self.hunks), "insert")

    @property
    def words_removed(self) -> int:
        return count_words(list(self.hunks), "delete")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "title_from": self.title_from,
            "title_to": self.title_to,
            "words_added": self.words_added,
            "words_removed": self.words_removed,
            "reasons": list(self.reasons),
            "hunks": [h.to_json() for h in self.hunks],
        }


@dataclass(frozen=True)
class VersionDiff:
    from_version: str
    to_version: str
    sections: tuple[SectionDiff, ...]

    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in ("added", "removed", "renamed", "moved", "changed", "unchanged")}
        for section in self.sections:
            counts[section.status] += 1
        counts["words_added"] = sum(s.words_added for s in self.sections)
        counts["words_removed"] = sum(s.words_removed for s in self.sections)
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.from_version,
            "to": self.to_version,
            "summary": self.summary(),
            "sections": [s.to_json() for s in self.sections],
        }


def _reasons(
    model: ContentModel, section_id: str, from_version: str, to_version: str
) -> tuple[dict[str, Any], ...]:
    """Recorded reasons for changes to a section in every version after FROM up to TO.

    Each version's section records why it differs from the version before, so a diff across
    several versions gathers them all; a backwards diff has none.
    """
    order = [v.id for v in model.versions()]
    if from_version not in order or to_version not in order:
        return ()
    reasons: list[dict[str, Any]] = []
    for version in order[order.index(from_version) + 1 : order.index(to_version) + 1]:
        page = model.section(version, section_id)
        if page is not None:
            reasons += [
                {"version": version, **c.model_dump(exclude_none=True)} for c in page.meta.changes
            ]
    return tuple(reasons)


def _status(old: Page, new: Page, hunks: list[Hunk], moved: bool) -> Status:
    if old.title != new.title:
        return "renamed"
    if any(h.op != "equal" for h in hunks):
        return "changed"
    return "moved" if moved else "unchanged"


def _moved(old_order: list[str], new_order: list[str]) -> set[str]:
    """Ids outside the longest common ordering: those are the sections that moved."""
    matcher = difflib.SequenceMatcher(a=old_order, b=new_order, autojunk=False)
    kept = {old_order[b.a + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
    return set(old_order) - kept


def diff_versions(
    model: ContentModel, from_version: str, to_version: str, *, section: str | None = None
) -> VersionDiff:
    old = {p.id: p for p in model.sections(from_version)}
    new = {p.id: p for p in model.sections(to_version)}
    moved_ids = _moved([i for i in old if i in new], [i for i in new if i in old])
    ids = list(new) + [i for i in old if i not in new]
    results: list[SectionDiff] = []
    for sid in ids:
        if section is not None and sid != section:
            continue
        a, b = old.get(sid), new.get(sid)
        reasons = _reasons(model, sid, from_version, to_version)
        if a is None and b is not None:
            hunks = [Hunk("insert", section_text(b))]
            results.append(SectionDiff(sid, "added", None, b.title, tuple(hunks), reasons))
        elif b is None and a is not None:
            hunks = [Hunk("delete", section_text(a))]
            results.append(SectionDiff(sid, "removed", a.title, None, tuple(hunks), ()))
        elif a is not None and b is not None:
            hunks = diff_paragraphs(section_text(a), section_text(b))
            results.append(
                SectionDiff(
                    sid,
                    _status(a, b, hunks, sid in moved_ids),
                    a.title,
                    b.title,
                    tuple(hunks),
                    reasons,
                )
            )
    return VersionDiff(from_version, to_version, tuple(results))
