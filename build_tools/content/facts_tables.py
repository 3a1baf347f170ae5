"""The facts at the top of version, case and offence pages, as escaped HTML tables."""

from __future__ import annotations

import html

from build_tools.content.model import Page

__all__ = [
    "case_facts_markdown",
    "fmt_date",
    "offence_facts_markdown",
    "status_today",
    "version_facts_markdown",
]

Fact = str | tuple[str, str]
"""A fact's value: plain text, or (text, external URL) for a link."""


def _facts_table(rows: list[tuple[str, Fact]]) -> str:
    """The facts shown at the top of version, case and offence pages: a table of labelled
    rows (row headers, no empty column-header row), every value escaped."""

    def cell(value: Fact) -> str:
        if isinstance(value, tuple):
            text, href = value
            return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'
        return html.escape(value)

    body = "".join(
        f'<tr><th scope="row">{html.escape(k)}</th><td>{cell(v)}</td></tr>' for k, v in rows
    )
    return f'<table class="kb-facts"><tbody>{body}</tbody></table>\n\n'


def fmt_date(value: object) -> str:
    return f"{value:%-d %B %Y}" if value is not None else ""


def version_facts_markdown(page: Page) -> str:
    meta = page.version_meta
    issued = fmt_date(meta.issued) + (f" ({meta.issued_note})" if meta.issued_note else "")
    rows: list[tuple[str, Fact]] = [
        ("Issued", issued),
        ("In force", fmt_date(meta.in_force)),
        ("Issued by", meta.issued_by),
        ("Status", meta.status),
    ]
    if meta.superseded:
        rows.append(("Superseded", fmt_date(meta.superseded)))
    if meta.superseded_note:
        rows.append(("Replaced by", meta.superseded_note))
    if meta.partial:
        rows.append(("On record", meta.recorded or "not said"))
        rows.append(("Not on record", meta.not_recorded or "not said"))
    return _facts_table(rows)


def case_facts_markdown(page: Page) -> str:
    meta = page.case_meta
    rows: list[tuple[str, Fact]] = [
        ("Citations", "; ".join(meta.citations)),
        ("Court", meta.court),
    ]
    if meta.decided:
        rows.append(("Decided", fmt_date(meta.decided)))
    if meta.judges:
        rows.append(("Judges", ", ".join(meta.judges)))
    if meta.source_url:
        rows.append(("Judgment", ("public source", meta.source_url)))
    else:
        rows.append(("Judgment", "no public copy of the judgment found"))
    return _facts_table(rows)


def status_today(status: str, note: str | None) -> str:
    """ "In force." and the note, without saying "in force" twice when the note starts so."""
    label = status.replace("-", " ")
    if not note:
        return label[:1].upper() + label[1:] + "."
    if note.lower().startswith(label):
        return note
    return f"{label[:1].upper()}{label[1:]}. {note}"


def offence_facts_markdown(page: Page) -> str:
    meta = page.offence_meta
    mode = meta.mode_of_trial.replace("-", " ")
    if meta.mode_of_trial == "other":
        mode = meta.mode_of_trial_note or "no ordinary mode of trial"
    elif meta.mode_of_trial_note:
        mode += f" ({meta.mode_of_trial_note})"
    rows = [
        ("Statute", meta.statute_ref),
        ("Mode of trial", mode),
        ("Maximum penalty", meta.max_penalty),
        ("Time limit", meta.time_limit),
        ("Guideline category", ", ".join(str(c) for c in meta.categories) or "—"),
        ("Status today", status_today(meta.status, meta.status_note)),
        ("Facts as at", fmt_date(meta.as_at) if meta.as_at else "date of last check not recorded"),
        (
            "Source",
            ("the Act on legislation.gov.uk", meta.legislation_url)
            if meta.legislation_url
            else "no legislation link recorded",
        ),
    ]
    return _facts_table(rows)
