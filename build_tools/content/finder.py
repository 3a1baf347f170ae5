"""The offence finder: one sortable, filterable table of every offence, built from front matter.

The page that holds it writes `<!-- offence-finder -->` where the table goes. Sorting is done in
the browser by tablesort (installed from npm, copied into the site); filtering by a few lines of
our own script (docs/assets/javascripts/kb-finder.js). Without script the table is still complete.
"""

from __future__ import annotations

import html
import posixpath
import re

from build_tools.content.model import ContentModel, Page

__all__ = [
    "CASE_LIST",
    "PLACEHOLDER",
    "act_of",
    "insert_case_list",
    "insert_offence_finder",
    "offence_rows",
    "penalty_key",
]

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


_MODE = {
    "summary": "summary only",
    "either-way": "either way",
    "indictable": "indictable only",
    "other": "other",
}
_ACT = re.compile(r"^(?:ss?\d[\w()-]*|Part \w+)\s+")


def act_of(statute_ref: str) -> str:
    """The Act a statute reference belongs to: "s127(1) Communications Act 2003" ->
    "Communications Act 2003"."""
    return _ACT.sub("", statute_ref).strip()


def penalty_key(months: int | str | None) -> str:
    """A sort value that orders penalties by custody (fine only first, life last; unknown at
    the end), as text, because the table sorter compares text."""
    if months is None:
        return "99999"
    if months == "life":
        return "90000"
    return f"{int(months):05d}"


def short_time_limit(text: str) -> str:
    """The time limit's first clause, for the table; the offence page has the whole rule."""
    cut = min((i for i in (text.find(" ("), text.find(";")) if i > 0), default=len(text))
    short = text[:cut].rstrip(". ")
    return short if len(short) <= 90 else short[:87].rstrip() + "…"


def _search_text(*parts: str) -> str:
    """What the filter matches: the same normalisation as the script applies to what a reader
    types (lower case, hyphens and punctuation as spaces)."""
    text = " ".join(parts).lower()
    return " ".join(re.sub(r"[^a-z0-9()]+", " ", text).split())


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    opts = '<option value="">All</option>' + "".join(
        f'<option value="{html.escape(v, quote=True)}">{html.escape(t)}</option>'
        for v, t in options
    )
    return (
        f'<label class="kb-finder__facet">{html.escape(label)} '
        f'<select data-kb-facet="{name}">{opts}</select></label>'
    )


def insert_offence_finder(markdown: str, page: Page, model: ContentModel) -> str:
    """The finder as escaped HTML: a filter, facets (mode of trial, status, category, Act) and
    a table whose rows carry what the facets and the filter match, so that a penalty text that
    mentions "summary" never makes an either-way offence match "summary"."""
    if PLACEHOLDER not in markdown:
        return markdown
    offences = offence_rows(model)
    rows = []
    for offence in offences:
        meta = offence.offence_meta
        href = posixpath.relpath(offence.url, posixpath.dirname(page.url) or ".")
        categories = [str(c) for c in meta.categories]
        act = act_of(meta.statute_ref)
        mode = _MODE[meta.mode_of_trial]
        status = _STATUS[meta.status]
        cells = [
            (
                "Offence",
                f'<a href="{html.escape(href, quote=True)}">{html.escape(offence.title)}</a>',
                None,
            ),
            ("Statute", html.escape(meta.statute_ref), None),
            ("Category", html.escape(", ".join(categories) or "—"), None),
            ("Mode of trial", html.escape(mode), None),
            (
                "Maximum penalty",
                html.escape(meta.max_penalty),
                penalty_key(meta.max_custody_months),
            ),
            ("Time limit", html.escape(short_time_limit(meta.time_limit)), None),
            ("Status today", html.escape(status), None),
        ]
        tds = "".join(
            f'<td data-label="{label}"'
            + (f' data-sort="{key}"' if key is not None else "")
            + f">{value}</td>"
            for label, value, key in cells
        )
        data = {
            "mode": meta.mode_of_trial,
            "status": meta.status,
            "category": " ".join(categories) or "none",
            "act": act,
            "text": _search_text(offence.title, meta.statute_ref, mode, status, *meta.aka),
        }
        attrs = "".join(f' data-kb-{k}="{html.escape(v, quote=True)}"' for k, v in data.items())
        rows.append(f"<tr{attrs}>{tds}</tr>")
    acts = sorted({act_of(o.offence_meta.statute_ref) for o in offences})
    statuses = sorted({o.offence_meta.status for o in offences})
    facets = (
        _select("mode", "Mode of trial", [(k, v) for k, v in _MODE.items()])
        + _select("status", "Status today", [(k, _STATUS[k]) for k in statuses])
        + _select(
            "category", "Category", [(str(n), str(n)) for n in range(1, 5)] + [("none", "none")]
        )
        + _select("act", "Act", [(a, a) for a in acts])
    )
    head = "".join(
        f'<th scope="col"{extra}>{label}</th>'
        for label, extra in (
            ("Offence", ""),
            ("Statute", ""),
            ("Category", ""),
            ("Mode of trial", ""),
            ("Maximum penalty", ' title="Sorted by the longest custody available"'),
            ("Time limit", ""),
            ("Status today", ""),
        )
    )
    finder = (
        '<div class="kb-finder">'
        '<div class="kb-finder__controls">'
        '<label class="kb-finder__label" for="kb-finder-filter">Filter offences</label>'
        '<div class="kb-finder__row">'
        '<input class="kb-finder__filter md-input" id="kb-finder-filter" type="search" '
        'placeholder="e.g. harassment, s127, either way, repealed" autocomplete="off" hidden>'
        f'<p class="kb-finder__count" aria-live="polite">{len(offences)} offences</p></div>'
        f'<div class="kb-finder__facets" hidden>{facets}</div></div>'
        f'<table class="kb-finder__table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    return markdown.replace(PLACEHOLDER, finder, 1)


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
        meta = case.case_meta
        link = posixpath.relpath(case.path, posixpath.dirname(page.path) or ".")
        sources = {b.source.key: b.source for b in model.backlinks.get(case.key, [])}
        sections = [s for s in sources.values() if s.type == "guideline"]
        versions = sorted({str(s.guideline_meta.version) for s in sections})
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
