"""Align two versions' sections by id and diff each one; the JSON shape `kb diff` prints."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Literal

from build_tools.content.markdown_blocks import LIST_ITEM, PARA_ID, REF, note_lines
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


def section_paragraphs(page: Page) -> list[tuple[str, str | None]]:
    """The guideline text a reader sees, paragraph by paragraph, each with its id: notes left
    out, references reduced to their text, attribute lists removed. A list carries the id of
    the paragraph that introduces it; a heading has none."""
    text = REF.sub(lambda m: m.group("text"), _without_notes(page.body))
    found: list[tuple[str, str | None]] = []
    lines: list[str] = []
    para_id: str | None = None
    last_id: str | None = None

    def close() -> None:
        nonlocal lines, para_id, last_id
        block = "\n".join(lines).strip()
        if block:
            if para_id is None and LIST_ITEM.match(block):
                para_id = last_id
            elif para_id is None and block.startswith("#"):
                last_id = None
            found.append((block, para_id))
            last_id = para_id if para_id is not None else last_id
        lines, para_id = [], None

    for raw in text.split("\n"):
        m = PARA_ID.search(raw)
        if m is not None:
            para_id = m.group("id")
        line = PARA_ID.sub("", _ATTR.sub("", raw)).rstrip()
        if line.strip():
            lines.append(line)
        else:
            close()
    close()
    return found


def section_text(page: Page) -> str:
    """The guideline text a reader sees (see `section_paragraphs`), paragraphs ending in a
    blank line."""
    return "".join(p + "\n\n" for p, _ in section_paragraphs(page))


def hunk_paragraphs(
    hunks: list[Hunk],
    old: list[tuple[str, str | None]],
    new: list[tuple[str, str | None]],
) -> list[tuple[str, ...]]:
    """For each hunk, the ids of the paragraphs it touches: the new text's paragraphs for what
    is kept or inserted, and for a deletion inside a paragraph; the old text's for a deletion
    of whole paragraphs."""

    def spans(paragraphs: list[tuple[str, str | None]]) -> list[tuple[int, int, str | None]]:
        out, start = [], 0
        for text, pid in paragraphs:
            out.append((start, start + len(text) + 2, pid))
            start += len(text) + 2
        return out

    old_spans, new_spans = spans(old), spans(new)

    def ids(table: list[tuple[int, int, str | None]], a: int, b: int) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                pid for s, e, pid in table if pid is not None and s < max(b, a + 1) and e > a
            )
        )

    result: list[tuple[str, ...]] = []
    to_pos = from_pos = 0
    for hunk in hunks:
        size = len(hunk.text)
        emits = hunk.op in ("equal", "insert") or (hunk.op == "move" and hunk.side == "to")
        if emits:
            result.append(ids(new_spans, to_pos, to_pos + size))
            to_pos += size
        elif "\n\n" in hunk.text.rstrip("\n") or hunk.text.endswith("\n\n"):
            result.append(ids(old_spans, from_pos, from_pos + size))
        else:
            result.append(ids(new_spans, to_pos, to_pos + 1))
        if not emits or hunk.op == "equal":
            from_pos += size
    return result


@dataclass(frozen=True)
class SectionDiff:
    id: str
    status: Status
    title_from: str | None
    title_to: str | None
    hunks: tuple[Hunk, ...]
    reasons: tuple[dict[str, Any], ...]
    hunk_paras: tuple[tuple[str, ...], ...] = ()
    """Per hunk, the paragraph ids it touches (see `hunk_paragraphs`)."""

    def paras_of(self, index: int) -> tuple[str, ...]:
        return self.hunk_paras[index] if index < len(self.hunk_paras) else ()

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
            "hunks": [
                {
                    **h.to_json(),
                    **(
                        {"paras": list(self.paras_of(i))}
                        if h.op != "equal" and self.paras_of(i)
                        else {}
                    ),
                }
                for i, h in enumerate(self.hunks)
            ],
        }


@dataclass(frozen=True)
class VersionDiff:
    from_version: str
    to_version: str
    sections: tuple[SectionDiff, ...]
    partial_note: str | None = None
    """Set when either version is a partial record: what was compared and what was left out."""

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
            **({"partial": self.partial_note} if self.partial_note else {}),
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
    for step in range(order.index(from_version) + 1, order.index(to_version) + 1):
        version = order[step]
        page = model.section(version, section_id)
        if page is not None:
            reasons += [
                {
                    "version": version,
                    "step_from": order[step - 1],
                    **c.model_dump(exclude_none=True),
                }
                for c in page.guideline_meta.changes
            ]
    return tuple(reasons)


def _status(old: Page, new: Page, hunks: list[Hunk], moved: bool) -> Status:
    if old.title != new.title:
        return "renamed"
    if any(h.op != "equal" for h in hunks):
        return "changed"
    return "moved" if moved else "unchanged"


def _recorded_only(
    old: dict[str, Page], new: dict[str, Page], from_partial: bool, to_partial: bool
) -> tuple[dict[str, Page], dict[str, Page]]:
    """Only what is recorded is compared: a section whose text was not seen on either side, or
    a section a partial record does not hold at all, says nothing about what changed."""
    unseen = {i for side in (old, new) for i, p in side.items() if not p.guideline_meta.recorded}
    kept_old = {i: p for i, p in old.items() if i not in unseen and (not to_partial or i in new)}
    kept_new = {i: p for i, p in new.items() if i not in unseen and (not from_partial or i in old)}
    return kept_old, kept_new


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


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
    note = None
    partial = [v for v in (from_version, to_version) if model.is_partial(v)]
    if partial:
        before = len(set(old) | set(new))
        old, new = _recorded_only(
            old, new, model.is_partial(from_version), model.is_partial(to_version)
        )
        compared = len(set(old) | set(new))
        records = "is a partial record" if len(partial) == 1 else "are partial records"
        verb = "is" if compared == 1 else "are"
        note = (
            f"{' and '.join(partial)} {records}: only the {_count(compared, 'section')} whose text "
            f"is recorded {verb} compared; {_count(before - compared, 'other section')} of the "
            "two versions left out, because a section not in the record, or whose text was not "
            "seen, says nothing about what changed."
        )
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
            paras = tuple(dict.fromkeys(i for _, i in section_paragraphs(b) if i))
            results.append(
                SectionDiff(sid, "added", None, b.title, tuple(hunks), reasons, (paras,))
            )
        elif b is None and a is not None:
            hunks = [Hunk("delete", section_text(a))]
            results.append(SectionDiff(sid, "removed", a.title, None, tuple(hunks), ()))
        elif a is not None and b is not None:
            old_paras, new_paras = section_paragraphs(a), section_paragraphs(b)
            hunks = diff_paragraphs(
                "".join(p + "\n\n" for p, _ in old_paras),
                "".join(p + "\n\n" for p, _ in new_paras),
            )
            results.append(
                SectionDiff(
                    sid,
                    _status(a, b, hunks, sid in moved_ids),
                    a.title,
                    b.title,
                    tuple(hunks),
                    reasons,
                    tuple(hunk_paragraphs(hunks, old_paras, new_paras)),
                )
            )
    return VersionDiff(from_version, to_version, tuple(results), note)
