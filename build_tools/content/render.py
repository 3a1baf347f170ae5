"""Markdown produced from the content model: resolved references, backlinks, banners, lists.

Pure functions over the model; the MkDocs plugin only calls them.
"""

from __future__ import annotations

import html
import json
import posixpath
import re

from build_tools.content.charts import insert_annex_a_chart
from build_tools.content.facts import content_hash
from build_tools.content.finder import insert_case_list, insert_offence_finder
from build_tools.content.glossary_use import Use, term_uses
from build_tools.content.markdown_blocks import body_lines, note_lines, sub_refs
from build_tools.content.model import ContentModel, Page
from build_tools.content.provenance import paragraph_provenance, section_provenance
from build_tools.content.section_status import section_status_markdown

__all__ = ["decorate", "relative_link", "rewrite_refs", "with_version_in_title"]

# attr_list only reads a block's attribute list from a line of its own; authors write it at the
# end of the paragraph's last line, which keeps diffs of the source readable.
_TRAILING_PARA_ID = re.compile(r"(\S)[ \t]+(\{:?\s*#p\d+\s*\})[ \t]*$")


def relative_link(source: Page, target_path: str, anchor: str | None = None) -> str:
    rel = posixpath.relpath(target_path, posixpath.dirname(source.path) or ".")
    return f"{rel}#{anchor}" if anchor else rel


def _escape_title(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'").replace("\n", " ")


def rewrite_refs(markdown: str, page: Page, model: ContentModel) -> str:
    """Turn `[text][kind:id#anchor]` into ordinary relative Markdown links.

    The model has already checked every reference, so an unknown one here is a bug; it is left
    untouched so MkDocs' strict link validation still catches it.
    """
    out: list[str] = []
    for _, line, fenced in body_lines(markdown):
        if fenced:
            out.append(line)
            continue

        def repl(m: object) -> str:
            text, kind, target = m.group("text"), m.group("kind"), m.group("target")  # type: ignore[attr-defined]
            anchor = m.group("anchor")  # type: ignore[attr-defined]
            found = model.targets.get(f"{kind}:{target}")
            if found is None:
                return str(m.group(0))  # type: ignore[attr-defined]
            link = relative_link(page, found.page.path, anchor or found.anchor)
            if found.title:
                return f'[{text}]({link} "{_escape_title(found.title)}")'
            return f"[{text}]({link})"

        out.append(_TRAILING_PARA_ID.sub(r"\1\n\2", sub_refs(line, repl)))
    return "\n".join(out)


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


def _fmt_date(value: object) -> str:
    return f"{value:%-d %B %Y}" if value is not None else ""


def _version_label(model: ContentModel, version_id: str) -> str:
    page = model.targets.get(f"version:{version_id}")
    return page.page.title if page else version_id


def status_banner(page: Page, model: ContentModel) -> str:
    """An admonition saying whether the version this page belongs to is historical."""
    version_id = page.version
    target = model.targets.get(f"version:{version_id}") if version_id else None
    if target is None:
        return ""
    meta = target.page.meta
    if meta.status != "historical":
        return ""
    if meta.superseded_by:
        newer = model.targets[f"version:{meta.superseded_by}"].page
        link = relative_link(page, newer.path)
        replaced = f"superseded by [{newer.meta.title}]({link}) on {_fmt_date(meta.superseded)}"
    else:
        replaced = f"superseded by {meta.superseded_note or 'later guidance'}"
    in_force = _fmt_date(meta.in_force)
    same = ""
    if page.type == "guideline" and meta.superseded_by:
        newer_section = model.section(meta.superseded_by, page.id)
        if newer_section is not None:
            link = relative_link(page, newer_section.path)
            same = f" Read [this section in {meta.superseded_by}]({link})."
        else:
            same = f" This section has no counterpart in {meta.superseded_by}."
    return (
        f'!!! warning "Historical guidance"\n    This is the {version_id} version '
        f"(in force from {in_force}), {replaced}.{same} It is kept as a record; check the "
        "law as it stands today.\n\n"
    )


def print_stamp(page: Page, model: ContentModel, built: str) -> str:
    """A line shown only in print: which text this is, when it was built, and its hash."""
    version = model.targets.get(f"version:{page.version}")
    in_force = _fmt_date(version.page.meta.in_force) if version else ""
    short = content_hash(page)[len("sha256:") :][:16]
    return (
        f'<p class="kb-stamp">CPS social media guidelines, {page.version} (in force from '
        f"{in_force}): {page.title}. Printed from the knowledge base built {built}; content "
        f"hash sha256:{short}.</p>\n\n"
    )


def citation_data(page: Page, model: ContentModel, base_url: str | None = None) -> str:
    """Hidden facts the paragraph tools read: per guideline paragraph, the label shown beside
    it, its evidence, the citation "Copy citation" copies and the link "Copy link" copies."""
    if page.type != "guideline":
        return ""
    paras = {
        p.id: {
            "label": p.label,
            "status": p.marker,
            "title": p.explanation,
            "citation": p.citation,
            "url": p.url,
        }
        for p in section_provenance(page, model, base_url=base_url)
    }
    data = html.escape(json.dumps(paras, ensure_ascii=False), quote=True)
    return f'<div class="kb-cite-data" hidden data-paras="{data}"></div>\n\n'


def _plain(text: str) -> str:
    """Front-matter text placed into Markdown: markup characters shown, never interpreted."""
    return html.escape(" ".join(str(text).split()), quote=False)


def about_markdown(page: Page, model: ContentModel) -> str:
    """Page furniture for a guideline section, made from front matter: what the page is, whose
    words these are and what the paragraph markers mean. Never a numbered paragraph."""
    version = model.targets.get(f"version:{page.version}")
    if version is None:
        return ""
    vmeta = version.page.meta
    if vmeta.numbered:
        markers = (
            "Beside each paragraph, **Para 40** is the CPS's own paragraph number, confirmed "
            "from a copy of the text; **Para 40?** is a number we infer but could not confirm; "
            "**KB ¶5** is our own numbering where the CPS number is unknown."
        )
    else:
        markers = (
            f"The {page.version} text has no paragraph numbers: **KB ¶5** beside a paragraph is "
            "our own numbering, for linking and citing."
        )
    return (
        f'!!! abstract "About this page"\n    Our summary, in our own words, of the section '
        f"'{_plain(page.title)}' of the {_plain(vmeta.title)} ({page.version}); not the CPS "
        f"wording. {markers} Point at a marker to see where the paragraph comes from. Boxes "
        'headed "Knowledge base note" are our own commentary, not part of the guidelines.\n\n'
    )


def _absent(page: Page, model: ContentModel, version: str) -> str:
    """A version without this section: "not in this version", and the nearest section there
    where one is recorded (marked inferred unless confirmed), with the recorded note."""
    label = html.escape(version)
    other = next((c for c in page.meta.counterparts if c.version == version), None)
    near = model.section(version, other.section) if other and other.section else None
    if other is None:
        return (
            f'<span class="kb-switcher__absent">{label} <small>(not in this version)</small></span>'
        )
    note = html.escape(other.note, quote=True)
    if near is None:
        return (
            f'<span class="kb-switcher__absent" title="{note}">{label} '
            "<small>(no counterpart)</small></span>"
        )
    href = html.escape(relative_link(page, near.url), quote=True)
    sure = "" if other.status == "confirmed" else "?"
    return (
        f'<span class="kb-switcher__absent">{label} <small>(not in this version; nearest: '
        f'<a class="kb-switcher__near" href="{href}" title="{note}">'
        f"{html.escape(near.title)}{sure}</a>)</small></span>"
    )


def version_switcher(page: Page, model: ContentModel) -> str:
    """Under the title of a guideline section: every version, the section's own page in each
    version that has it (this one marked), "not in this version" for the others, and what
    changed between this version and each other one."""
    versions = [v.id for v in model.versions() if model.sections(v.id)]
    here = page.meta.version
    items = []
    for version in versions:
        label = html.escape(version)
        other = model.section(version, page.id)
        if version == here:
            items.append(f'<strong class="kb-switcher__here" aria-current="page">{label}</strong>')
        elif other is not None:
            href = html.escape(relative_link(page, other.url), quote=True)  # raw HTML: .html
            items.append(f'<a class="kb-switcher__version" href="{href}">{label}</a>')
        else:
            items.append(_absent(page, model, version))
    compare = []
    for version in versions:
        if version == here:
            continue
        earlier = versions.index(version) < versions.index(here)
        older, newer = (version, here) if earlier else (here, version)
        href = relative_link(page, f"what-changed/{older}-to-{newer}.html", page.id)
        href = html.escape(href, quote=True)
        words = f"since {version}" if version == older else f"up to {version}"
        compare.append(f'<a class="kb-switcher__compare" href="{href}">{words}</a>')
    return (
        '<nav class="kb-switcher" aria-label="This section in each version">'
        '<span class="kb-switcher__label">This section in:</span> '
        + " ".join(items)
        + '<br><span class="kb-switcher__label">What changed:</span> '
        + " ".join(compare)
        + "</nav>\n\n"
    )


def with_version_in_title(page_html: str, version: str) -> str:
    """Name the version in the browser title: two versions of a section are told apart in
    tabs, bookmarks and history."""
    start = page_html.find("<title>")
    end = page_html.find("</title>", start)
    if start == -1 or end == -1:
        return page_html
    title = page_html[start + len("<title>") : end]
    if f"({version})" in title:
        return page_html
    head, sep, rest = title.partition(" - ")
    named = f"{head} ({html.escape(version)})" + (sep + rest if sep else "")
    return page_html[: start + len("<title>")] + named + page_html[end:]


def verify_markdown(page: Page) -> str:
    """The doubts recorded in `verify:`, shown to readers."""
    if not page.meta.verify:
        return ""
    rows = "\n".join(f"    - {_plain(item)}" for item in page.meta.verify)
    return (
        '\n\n!!! question "What we could not confirm"\n'
        "    The knowledge base could not confirm the following from the public record:\n\n"
        f"{rows}\n"
    )


_BACKLINK_GROUPS = (
    ("guideline", "Guideline sections, newest version first"),
    ("case", "Cases"),
    ("offence", "Offences"),
    ("glossary", "Glossary"),
    ("page", "Other pages"),
    ("version", "Version pages"),
)


def _where_in(source: Page, line: int, model: ContentModel) -> tuple[str, str | None]:
    """(label, anchor) of the place in `source` that makes a reference on `line`: the guideline
    paragraph at or before it (a list belongs to the paragraph that introduces it), or our
    note when the reference is inside one."""
    if (line - source.body_line) in note_lines(source.body):
        return "knowledge base note", None
    before = [p for p in source.guideline_paragraphs if p.line <= line]
    if source.type != "guideline" or not before:
        return "", None
    para = before[-1]
    return paragraph_provenance(source, para, model).label, para.id


def backlinks_markdown(page: Page, model: ContentModel) -> str:
    """ "Referred to by": the pages that rely on this one, grouped by type, guideline sections
    newest version first, each with the paragraphs (or notes) that make the reference."""
    links = [b for b in model.backlinks.get(page.key, []) if b.source.key != page.key]
    if not links:
        return ""
    order = {v.id: i for i, v in enumerate(model.versions())}
    places: dict[str, tuple[Page, dict[tuple[str, str | None], None]]] = {}
    for link in links:
        source, spots = places.setdefault(link.source.key, (link.source, {}))
        spots.setdefault(_where_in(source, link.line, model), None)
    out = []
    for kind, heading in _BACKLINK_GROUPS:
        group = [v for v in places.values() if v[0].type == kind]
        if not group:
            continue
        group.sort(
            key=lambda v: (
                -order.get(v[0].version or "", -1),
                getattr(v[0].meta, "order", 0),
                v[0].title,
            )
        )
        rows = []
        for source, spots in group:
            label = source.title
            if source.type == "guideline":
                label = f"{source.title} ({source.meta.version})"
            where = [
                f"[{text}]({relative_link(page, source.path, anchor)})" if anchor else text
                for text, anchor in spots
                if text
            ]
            rows.append(
                f"- [{label}]({relative_link(page, source.path)})"
                + (": " + ", ".join(where) if where else "")
            )
        out.append(f"**{heading}**\n\n" + "\n".join(rows))
    return "\n\n## Referred to by {#referred-to-by}\n\n" + "\n\n".join(out) + "\n"


def aka_markdown(page: Page) -> str:
    if not page.meta.aka:
        return ""
    return "*Also known as:* " + ", ".join(page.meta.aka) + "\n\n"


def version_sections_markdown(page: Page, model: ContentModel) -> str:
    sections = model.sections(page.id)
    if not sections:
        return ""
    rows = [f"{i}. [{s.title}]({relative_link(page, s.path)})" for i, s in enumerate(sections, 1)]
    return "\n\n## Sections {#sections}\n\n" + "\n".join(rows) + "\n"


def version_facts_markdown(page: Page) -> str:
    meta = page.meta
    rows: list[tuple[str, Fact]] = [
        ("Issued", _fmt_date(meta.issued)),
        ("In force", _fmt_date(meta.in_force)),
        ("Issued by", meta.issued_by),
        ("Status", meta.status),
    ]
    if meta.superseded:
        rows.append(("Superseded", _fmt_date(meta.superseded)))
    if meta.superseded_note:
        rows.append(("Replaced by", meta.superseded_note))
    return _facts_table(rows)


def changes_markdown(page: Page, model: ContentModel) -> str:
    changes = page.meta.changes
    if not changes:
        return ""
    consultation = model.targets.get("page:consultation")
    rows = []
    for change in changes:
        if change.question is None:
            source = f" (source: {change.source})" if change.source else ""
            rows.append(f"- {change.note}{source}")
            continue
        label = f"Consultation response, question {change.question}" + (
            f", point {change.change}" if change.change else ""
        )
        if consultation:
            anchors = consultation.page.anchors
            anchor = f"q{change.question}-change-{change.change}"
            if anchor not in anchors:
                anchor = f"question-{change.question}"
            link = relative_link(
                page, consultation.page.path, anchor if anchor in anchors else None
            )
            label = f"[{label}]({link})"
        rows.append(f"- {label}: {change.note}")
    return "\n\n## Why this section changed {#why-changed}\n\n" + "\n".join(rows) + "\n"


def _used_in(page: Page, uses: list[Use]) -> str:
    """ "Used in": each page that uses a term, with the paragraphs (or our notes) it is in."""
    if not uses:
        return "*Used in:* no page of the knowledge base uses this term yet.\n"
    rows = []
    for use in uses:
        label = use.page.title
        if use.page.type == "guideline":
            label = f"{use.page.title} ({use.page.meta.version})"
        where = [
            f"[{text}]({relative_link(page, use.page.path, anchor)})"
            if anchor
            else ("our note" if text == "note" else "the page text")
            for text, anchor in use.places
        ]
        rows.append(f"- [{label}]({relative_link(page, use.page.path)}): " + ", ".join(where))
    count = len(uses)
    return (
        f'<details class="kb-used-in" markdown>\n<summary>Used in {count} '
        f"page{'s' if count != 1 else ''}</summary>\n\n" + "\n".join(rows) + "\n\n</details>\n"
    )


def glossary_markdown(page: Page, model: ContentModel) -> str:
    uses = term_uses(model)
    parts = []
    for term in sorted(page.meta.terms, key=lambda t: t.term.lower()):
        aka = f"\n\n*Also:* {', '.join(term.aka)}" if term.aka else ""
        parts.append(
            f"## {term.term} {{#{term.id}}}\n\n{term.definition}{aka}\n\n"
            + _used_in(page, uses.get(term.id, []))
        )
    return "\n\n" + "\n".join(parts)


def case_facts_markdown(page: Page) -> str:
    meta = page.meta
    rows: list[tuple[str, Fact]] = [
        ("Citations", "; ".join(meta.citations)),
        ("Court", meta.court),
    ]
    if meta.decided:
        rows.append(("Decided", _fmt_date(meta.decided)))
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
    meta = page.meta
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
        ("Facts as at", _fmt_date(meta.as_at) if meta.as_at else "date of last check not recorded"),
        (
            "Source",
            ("the Act on legislation.gov.uk", meta.legislation_url)
            if meta.legislation_url
            else "no legislation link recorded",
        ),
    ]
    return _facts_table(rows)


def _split_title(markdown: str) -> tuple[str, str]:
    """Keep a leading `# Title` line (if the author wrote one) above generated blocks."""
    if markdown.lstrip().startswith("# "):
        first, _, rest = markdown.lstrip().partition("\n")
        return first + "\n\n", rest
    return "", markdown


def decorate(
    markdown: str,
    page: Page,
    model: ContentModel,
    *,
    built: str | None = None,
    base_url: str | None = None,
) -> str:
    """The full Markdown MkDocs renders for a page: header blocks, body with links, footers.
    `built` (the build date) adds the print stamp to guideline sections; `base_url` (the public
    address of the site, if any) goes into copied links and citations."""
    title, body = _split_title(markdown)
    if not title:
        title = f"# {page.title}\n\n"
    header = status_banner(page, model) + aka_markdown(page)
    if page.type == "version":
        header += version_facts_markdown(page)
    elif page.type == "case":
        header += case_facts_markdown(page)
    elif page.type == "offence":
        header += offence_facts_markdown(page)
    elif page.type == "guideline":
        header = version_switcher(page, model) + header
        header += (
            about_markdown(page, model)
            + section_status_markdown(page, model)
            + citation_data(page, model, base_url)
        )
    footer = ""
    if page.type == "version":
        footer += version_sections_markdown(page, model)
    elif page.type == "guideline":
        footer += changes_markdown(page, model)
        if built is not None:
            footer += "\n\n" + print_stamp(page, model, built)
    elif page.type == "glossary":
        footer += glossary_markdown(page, model)
    footer += verify_markdown(page)
    if page.type in ("case", "offence", "page"):
        # The glossary says per term where it is used, instead of one page-wide list.
        footer += backlinks_markdown(page, model)
    body = insert_offence_finder(insert_annex_a_chart(body), page, model)
    body = insert_case_list(body, page, model)
    return title + header + rewrite_refs(body, page, model) + footer
