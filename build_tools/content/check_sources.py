"""Checks of what a guideline section records about its sources and its history: where each
paragraph comes from, original numbers confirmed once, reasons tied to real paragraphs, and
counterparts in other versions."""

from __future__ import annotations

from build_tools.content.model import ContentModel, Page
from build_tools.content.problems import Problem

__all__ = [
    "change_para_problems",
    "confirmed_twice",
    "counterpart_problems",
    "partial_section_problems",
    "partial_version_problems",
    "source_problems",
]


def source_problems(page: Page, where: str, versions: dict[str, Page]) -> list[Problem]:
    """Every guideline paragraph records its source in the CPS text, in the form its version
    allows: an original paragraph number in a numbered text, a heading in an unnumbered one."""
    problems: list[Problem] = []
    version = versions.get(page.guideline_meta.version)
    numbered = bool(version and version.version_meta.numbered)
    ids = {p.id for p in page.guideline_paragraphs}
    for para in page.guideline_paragraphs:
        if page.source_of(para.id) is None:
            example = "{para: '12', status: confirmed, basis: seen, evidence: ...}"
            if not numbered:
                example = f"{{heading: '{page.title}', status: confirmed, basis: seen, ...}}"
            problems.append(
                Problem(
                    where,
                    para.line,
                    f"guideline paragraph '{para.id}' has no source mapping",
                    f"add 'sources: {{{para.id}: {example}}}' to the front matter",
                )
            )
    for para_id, source in page.guideline_meta.sources.items():
        line = page.line_of(f"sources.{para_id}")
        if para_id not in ids:
            problems.append(
                Problem(
                    where,
                    line,
                    f"source recorded for '{para_id}', which is not a guideline paragraph here",
                    "remove the entry or fix the paragraph id",
                )
            )
        if numbered and source.para is None and source.status != "unknown":
            problems.append(
                Problem(
                    where,
                    line,
                    f"source of '{para_id}' is {source.status} but names no original paragraph",
                    "add 'para: N' (the CPS paragraph number), or set 'status: unknown'",
                )
            )
        if not numbered and source.para is not None:
            problems.append(
                Problem(
                    where,
                    line,
                    f"source of '{para_id}' gives paragraph {source.para}, but the "
                    f"{page.guideline_meta.version} text is unnumbered",
                    "name the original heading instead: 'heading: ...'",
                )
            )
        if not numbered and source.heading is None:
            problems.append(
                Problem(
                    where,
                    line,
                    f"source of '{para_id}' does not name the original heading",
                    "add 'heading: ...' (the CPS heading the paragraph sits under)",
                )
            )
    return problems


def counterpart_problems(page: Page, where: str, model: ContentModel) -> list[Problem]:
    """A counterpart names a version without this section, and a section that exists there."""
    problems: list[Problem] = []
    for index, other in enumerate(page.guideline_meta.counterparts):
        line = page.line_of(f"counterparts.{index}")
        if model.section(other.version, page.id) is not None:
            problems.append(
                Problem(
                    where,
                    line,
                    f"counterpart given for {other.version}, which has this section itself",
                    "remove the entry: the version switcher links the section directly",
                )
            )
        elif other.section is not None and model.section(other.version, other.section) is None:
            problems.append(
                Problem(
                    where,
                    line,
                    f"counterpart '{other.section}' is not a section of {other.version}",
                    f"name a section of {other.version} (its id), or leave 'section' out and "
                    "say in 'note' that there is no counterpart",
                )
            )
    return problems


def change_para_problems(page: Page, where: str) -> list[Problem]:
    """A reason tied to paragraphs names paragraphs of this section's guideline text."""
    ids = {p.id for p in page.guideline_paragraphs}
    problems: list[Problem] = []
    for index, change in enumerate(page.guideline_meta.changes):
        for para_id in change.paras or ():
            if para_id not in ids:
                problems.append(
                    Problem(
                        where,
                        page.line_of(f"changes.{index}"),
                        f"change reason is tied to '{para_id}', which is not a guideline "
                        "paragraph here",
                        "name a paragraph of this section (its {#pN}), or remove 'paras'",
                    )
                )
    return problems


def confirmed_twice(model: ContentModel, docs_name: str) -> list[Problem]:
    """A confirmed original paragraph number belongs to one of our paragraphs per version."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], tuple[Page, str]] = {}
    for page in sorted(model.pages, key=lambda p: p.path):
        if page.type != "guideline":
            continue
        for para_id, source in page.guideline_meta.sources.items():
            if source.status != "confirmed" or source.para is None:
                continue
            key = (page.guideline_meta.version, source.para)
            if key in seen:
                other, other_id = seen[key]
                problems.append(
                    Problem(
                        f"{docs_name}/{page.path}",
                        page.line_of(f"sources.{para_id}"),
                        f"original paragraph {source.para} of {page.version} is confirmed "
                        f"for '{para_id}' and also for '{other_id}' in {docs_name}/{other.path}",
                        "one of our paragraphs per original paragraph: merge them, or mark one "
                        "as inferred with the reason",
                    )
                )
            else:
                seen[key] = (page, para_id)
    return problems


def partial_version_problems(page: Page, where: str) -> list[Problem]:
    """A partial record says what it holds and what it does not."""
    meta = page.version_meta
    if not meta.partial:
        return []
    return [
        Problem(
            where,
            page.line_of("partial"),
            f"partial version does not say {what}",
            f"add '{key}: ...' (one or two sentences)",
        )
        for key, what in (("recorded", "what is recorded"), ("not_recorded", "what is missing"))
        if not getattr(meta, key)
    ]


def partial_section_problems(page: Page, where: str, versions: dict[str, Page]) -> list[Problem]:
    """A section whose text was not recorded belongs to a partial version, has no guideline
    paragraphs, and says what is known of it."""
    meta = page.guideline_meta
    if meta.recorded:
        return []
    problems: list[Problem] = []
    line = page.line_of("recorded")
    version = versions.get(meta.version)
    if version is not None and not version.version_meta.partial:
        problems.append(
            Problem(
                where,
                line,
                f"section marked 'recorded: false' in {meta.version}, which is not a partial "
                "record",
                f"remove 'recorded: false', or mark {meta.version} 'partial: true'",
            )
        )
    if page.guideline_paragraphs:
        problems.append(
            Problem(
                where,
                page.guideline_paragraphs[0].line,
                "a section whose text was not recorded has guideline paragraphs",
                "remove the paragraphs (say what is known in a knowledge base note), or set "
                "'recorded: true' and record their sources",
            )
        )
    if not meta.covers:
        problems.append(
            Problem(
                where,
                line,
                "a section whose text was not recorded does not say what it covers",
                "add 'covers: ...' (what it is known to cover, or 'not known')",
            )
        )
    return problems
