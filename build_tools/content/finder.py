"""The offence finder: one sortable, filterable table of every offence, built from front matter.

The page that holds it writes `<!-- offence-finder -->` where the table goes. Sorting is done in
the browser by tablesort (installed from npm, copied into the site); filtering by a few lines of
our own script (docs/assets/javascripts/kb-finder.js). Without script the table is still complete.
"""

from __future__ import annotations

import posixpath

from build_tools.content.model import ContentModel, Page

__all__ = ["CASE_LIST", "PLACEHOLDER", "insert_case_list", "insert_offence_finder", "offence_rows"]

PLACEHOLDER = "<!-- offence-finder -->"

_STATUS = {
    "in-force": "in force",
    "partly-repealed": "partly repealed",
    "repealed": "repealed",
    "replaced": "replaced",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def offence_rows(model: ContentModel) -> list[Page]:
    return sorted((p for p in model.pages if p.type == "offence"), key=lambda p: p.title.lower())


def insert_offence_finder(markdown: str, page: Page, model: ContentModel) -> str:
    if PLACEHOLDER not in markdown:
        return markdown
    lines = [
        "| Offence | Statute | Category | Mode of trial | Maximum penalty | Status today |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for offence in offence_rows(model):
        meta = offence.meta
        link = posixpath.relpath(offence.path, posixpath.dirname(page.path) or ".")
        lines.append(
            "| "
            + " | ".join(
                [
                    f"[{_cell(offence.title)}]({link})",
                    _cell(meta.statute_ref),
                    ", ".join(str(c) for c in meta.categories) or "—",
                    meta.mode_of_trial.replace("-", " "),
                    _cell(meta.max_penalty),
                    _STATUS[meta.status],
                ]
            )
            + " |"
        )
    table = (
        '<div class="kb-finder" markdown>\n\n'
        '<label class="kb-finder__label" for="kb-finder-filter">Filter offences</label>\n'
        '<input class="kb-finder__filter md-input" id="kb-finder-filter" type="search" '
        'placeholder="e.g. harassment, s127, either way, repealed" autocomplete="off" hidden>\n\n'
        + "\n".join(lines)
        + '\n\n<p class="kb-finder__count" aria-live="polite"></p>\n\n</div>'
    )
    return markdown.replace(PLACEHOLDER, table, 1)


CASE_LIST = "<!-- case-list -->"


def insert_case_list(markdown: str, page: Page, model: ContentModel) -> str:
    """Every case with its citation, court and date, and how many guideline sections (in how
    many versions) rely on it."""
    if CASE_LIST not in markdown:
        return markdown
    lines = [
        "| Case | Citation | Court | Decided | Relied on by |",
        "| --- | --- | --- | --- | --- |",
    ]
    cases = sorted((p for p in model.pages if p.type == "case"), key=lambda p: p.title.lower())
    for case in cases:
        meta = case.meta
        link = posixpath.relpath(case.path, posixpath.dirname(page.path) or ".")
        sources = {b.source.key: b.source for b in model.backlinks.get(case.key, [])}
        sections = [s for s in sources.values() if s.type == "guideline"]
        versions = sorted({str(s.meta.version) for s in sections})
        relied = (
            f"{len(sections)} section{'s' if len(sections) != 1 else ''} ({', '.join(versions)})"
            if sections
            else "—"
        )
        decided = f"{meta.decided:%Y-%m-%d}" if meta.decided else "not recorded"
        lines.append(
            "| "
            + " | ".join(
                [
                    f"[{_cell(case.title)}]({link})",
                    _cell(meta.citations[0]),
                    _cell(meta.court),
                    decided,
                    relied,
                ]
            )
            + " |"
        )
    return markdown.replace(CASE_LIST, "\n".join(lines), 1)
