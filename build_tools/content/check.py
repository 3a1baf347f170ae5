"""Every content check in one pass: load, validate, resolve, then structural rules per type."""

from __future__ import annotations

import pathlib
import re

from build_tools.content.check_sources import (
    change_para_problems,
    confirmed_twice,
    counterpart_problems,
    partial_section_problems,
    partial_version_problems,
    source_problems,
)
from build_tools.content.citations import find_malformed
from build_tools.content.loader import build_model, load_docs
from build_tools.content.markdown_blocks import blocks, body_lines, unclosed_fence
from build_tools.content.model import ContentModel, Page
from build_tools.content.policy import body_problems, string_problems
from build_tools.content.problems import Problem
from build_tools.content.published import PUBLISHED_FILE, check_published, load_record

__all__ = ["check_docs", "check_model"]


def check_docs(docs_dir: pathlib.Path) -> tuple[ContentModel, list[Problem]]:
    """Load and check a docs folder; returns the model and every problem, sorted."""
    pages, problems, claimed = load_docs(docs_dir)
    model, ref_problems = build_model(pages, docs_name=docs_dir.name, claimed=claimed)
    problems += ref_problems
    problems += check_model(model, docs_name=docs_dir.name, claimed=claimed)
    record = load_record(docs_dir.parent / PUBLISHED_FILE)
    if record is not None:
        problems += check_published(model, record, claimed)
    return model, sorted(set(problems))


def check_model(
    model: ContentModel, *, docs_name: str = "docs", claimed: set[str] | None = None
) -> list[Problem]:
    """Structural rules per page type. `claimed`: keys of pages that failed validation, which
    are not reported again as missing."""
    problems: list[Problem] = []
    versions = {p.id: p for p in model.pages if p.type == "version"}
    # A version page that failed validation is reported once, not again by every section.
    broken = {k.split(":", 1)[1] for k in claimed or () if k.startswith("version:")}
    for page in model.pages:
        where = f"{docs_name}/{page.path}"
        problems += _citations(page, where)
        problems += _unclosed(page, where)
        problems += _policy(page, where)
        if page.type == "guideline":
            problems += _guideline(page, where, versions, broken)
            problems += source_problems(page, where, versions)
            problems += change_para_problems(page, where)
            problems += counterpart_problems(page, where, model)
            problems += partial_section_problems(page, where, versions)
        elif page.type == "version":
            problems += _version(page, where, versions, broken)
            problems += partial_version_problems(page, where)
        elif (
            page.type == "offence"
            and page.offence_meta.mode_of_trial == "other"
            and not page.offence_meta.mode_of_trial_note
        ):
            problems.append(
                Problem(
                    where,
                    page.line_of("mode_of_trial"),
                    "mode_of_trial 'other' does not say what applies",
                    "add 'mode_of_trial_note: ...' (e.g. who deals with it and how)",
                )
            )
        problems += _note_numbers(page, where)
        problems += _duplicate_paragraph_ids(page, where)
    problems += confirmed_twice(model, docs_name)
    return problems


def _policy(page: Page, where: str) -> list[Problem]:
    """Front matter is plain text and bodies use only safe markup (see content/policy.py)."""

    def line(field: str) -> int:
        parts = re.split(r"[.\[]", field)
        return page.key_lines.get(".".join(parts[:2])) or page.line_of(parts[0])

    problems = [
        Problem(
            where,
            line(field),
            f"field '{field}' {message}",
            "write plain text: no HTML, Markdown links, braces, table pipes or control characters",
        )
        for field, message in string_problems(page.meta.model_dump(mode="json"))
    ]
    problems += [
        Problem(where, page.body_line + line, message, hint)
        for line, message, hint in body_problems(page.body)
    ]
    return problems


def _duplicate_paragraph_ids(page: Page, where: str) -> list[Problem]:
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for para in page.paragraphs:
        if para.id in first:
            problems.append(
                Problem(
                    where,
                    para.line,
                    f"duplicate paragraph id '{para.id}' (first used on line {first[para.id]})",
                    "give the new paragraph the next unused number",
                )
            )
        else:
            first[para.id] = para.line
    return problems


def _note_numbers(page: Page, where: str) -> list[Problem]:
    """A knowledge base note is ours: it never carries a guideline paragraph number."""
    return [
        Problem(
            where,
            para.line
            + next((n for n, line in enumerate(para.text.split("\n")) if f"#{para.id}" in line), 0),
            f"knowledge base note carries the guideline paragraph number '{para.id}'",
            f"remove ' {{#{para.id}}}': notes are not numbered or cited as CPS text",
        )
        for para in page.paragraphs
        if para.in_note
    ]


_COMMENT_OPEN, _COMMENT_CLOSE = "<!--", "-->"


def _unclosed(page: Page, where: str) -> list[Problem]:
    """A code fence or an HTML comment that never closes swallows the rest of the page."""
    problems: list[Problem] = []
    fence = unclosed_fence(page.body)
    if fence is not None:
        problems.append(
            Problem(
                where,
                page.body_line + fence[0],
                "code block is never closed; the rest of the page would be shown as code",
                f"add a line '{fence[1][:3]}' where the block ends",
            )
        )
    comment: int | None = None
    for n, line, fenced in body_lines(page.body):
        if fenced:
            continue
        if comment is not None:
            if _COMMENT_CLOSE in line:
                comment = None
        elif _COMMENT_OPEN in line and _COMMENT_CLOSE not in line.split(_COMMENT_OPEN, 1)[1]:
            comment = n
    if comment is not None:
        problems.append(
            Problem(
                where,
                page.body_line + comment,
                "HTML comment is never closed; the rest of the page would be hidden",
                "add '-->' where the comment ends",
            )
        )
    return problems


# Inline code shows what a reader might type (a search example), not a citation we make.
_CODE_SPAN = re.compile(r"`[^`\n]+`")


def _citations(page: Page, where: str) -> list[Problem]:
    body = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), page.body)
    return [
        Problem(where, issue.line, issue.message, issue.hint)
        for issue in find_malformed(body, first_line=page.body_line)
    ]


def _guideline(
    page: Page, where: str, versions: dict[str, Page], broken: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    expected = f"versions/{page.guideline_meta.version}/{page.id}.md"
    if page.path != expected:
        problems.append(
            Problem(
                where,
                1,
                f"guideline '{page.id}' of version '{page.version}' is not at docs/{expected}",
                f"move the file to docs/{expected}",
            )
        )
    if page.guideline_meta.version not in versions and page.guideline_meta.version not in broken:
        problems.append(
            Problem(
                where,
                page.line_of("version"),
                f"version '{page.guideline_meta.version}' has no version page",
                f"add docs/versions/{page.guideline_meta.version}/index.md (type: version)",
            )
        )
    prose = [b for b in blocks(page.body, first_line=page.body_line) if b.kind == "paragraph"]
    if not page.guideline_paragraphs and page.guideline_meta.recorded:
        problems.append(
            Problem(
                where,
                page.body_line,
                "empty section: no numbered paragraphs",
                "write at least one paragraph ending with ' {#p1}'",
            )
        )
    for block in prose:
        if block.para_id is None and not block.in_note:
            used = [int(p.id[1:]) for p in page.paragraphs]
            nxt = max(used, default=0) + 1
            problems.append(
                Problem(
                    where,
                    block.line,
                    "paragraph has no stable id",
                    f"end its last line with ' {{#p{nxt}}}'",
                )
            )
    return problems


def _version(page: Page, where: str, versions: dict[str, Page], broken: set[str]) -> list[Problem]:
    meta = page.version_meta
    problems: list[Problem] = []
    if page.path != f"versions/{meta.id}/index.md":
        problems.append(
            Problem(
                where,
                1,
                f"version page '{meta.id}' is not at docs/versions/{meta.id}/index.md",
                "move the file there",
            )
        )
    if meta.in_force < meta.issued:
        problems.append(
            Problem(
                where,
                page.line_of("in_force"),
                f"in_force {meta.in_force} is before issued {meta.issued}",
                "check both dates",
            )
        )
    if meta.superseded is not None and meta.superseded < meta.in_force:
        problems.append(
            Problem(
                where,
                page.line_of("superseded"),
                f"superseded {meta.superseded} is before in_force {meta.in_force}",
                "check both dates",
            )
        )
    if meta.superseded is not None and meta.status != "historical":
        problems.append(
            Problem(
                where,
                page.line_of("status"),
                "a superseded version must have status 'historical'",
                "set 'status: historical'",
            )
        )
    newer = versions.get(meta.superseded_by) if meta.superseded_by else None
    if newer is not None and newer.version_meta.issued <= meta.issued:
        problems.append(
            Problem(
                where,
                page.line_of("superseded_by"),
                f"superseded_by '{meta.superseded_by}' is not a later version (issued "
                f"{newer.version_meta.issued}, this one {meta.issued})",
                "name the version that replaced this one",
            )
        )
    if meta.superseded_by and meta.superseded_by not in set(versions) | broken:
        problems.append(
            Problem(
                where,
                page.line_of("superseded_by"),
                f"superseded_by '{meta.superseded_by}' has no version page",
                f"add docs/versions/{meta.superseded_by}/index.md or use superseded_note",
            )
        )
    if meta.superseded is not None and not (meta.superseded_by or meta.superseded_note):
        problems.append(
            Problem(
                where,
                page.line_of("superseded"),
                "superseded version does not say what replaced it",
                "add superseded_by (a version id) or superseded_note",
            )
        )
    return problems
