"""Markdown produced from the content model: resolved references, backlinks, banners, lists.

Pure functions over the model; the MkDocs plugin only calls them.
"""

from __future__ import annotations

import html

from build_tools.content.backlinks import backlinks_markdown, glossary_markdown
from build_tools.content.charts import insert_annex_a_chart
from build_tools.content.facts import content_hash
from build_tools.content.facts_tables import (
    case_facts_markdown,
    fmt_date,
    offence_facts_markdown,
    version_facts_markdown,
)
from build_tools.content.finder import insert_case_list, insert_offence_finder
from build_tools.content.lineage import partial_banner, where_today
from build_tools.content.links import relative_link, rewrite_refs
from build_tools.content.markdown_blocks import PARA_ID, body_lines
from build_tools.content.model import ContentModel, Page
from build_tools.content.provenance import Provenance, section_provenance
from build_tools.content.section_status import section_status_markdown
from build_tools.content.switcher import version_switcher

__all__ = ["decorate", "print_stamp"]


def _version_label(model: ContentModel, version_id: str) -> str:
    page = model.targets.get(f"version:{version_id}")
    return page.page.title if page else version_id


def status_banner(page: Page, model: ContentModel) -> str:
    """An admonition saying whether the version this page belongs to is historical."""
    version_id = page.version
    target = model.targets.get(f"version:{version_id}") if version_id else None
    if target is None:
        return ""
    meta = target.page.version_meta
    if meta.status != "historical":
        return ""
    if meta.superseded_by:
        newer = model.targets[f"version:{meta.superseded_by}"].page
        link = relative_link(page, newer.path)
        replaced = f"superseded by [{newer.meta.title}]({link}) on {fmt_date(meta.superseded)}"
    else:
        replaced = f"superseded by {meta.superseded_note or 'later guidance'}"
    in_force = fmt_date(meta.in_force)
    successor = model.targets.get(f"version:{meta.superseded_by}") if meta.superseded_by else None
    if meta.issued_note or (successor and successor.page.version_meta.issued_note):
        replaced += " (these dates are not all confirmed: see the version pages)"
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
    in_force = fmt_date(version.page.version_meta.in_force) if version else ""
    short = content_hash(page)[len("sha256:") :][:16]
    return (
        f'<p class="kb-stamp">CPS social media guidelines, {page.version} (in force from '
        f"{in_force}): {page.title}. Printed from the knowledge base built {built}; content "
        f"hash sha256:{short}.</p>\n\n"
    )


# Characters Python-Markdown's inline patterns act on before they reach raw HTML (code spans,
# escapes, links, autolinks, attribute lists), written as character references so a value in
# an attribute stays exactly as given; the browser reads them back as the characters.
_INLINE_MARKUP = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[](){}!"})


def _html_text(text: str) -> str:
    """Text for an attribute value or element content inside a Markdown paragraph."""
    return html.escape(text, quote=True).translate(_INLINE_MARKUP)


def paragraph_tools(prov: Provenance) -> str:
    """What stands at the end of a guideline paragraph: its marker ("Para 40", "Para 40?",
    "KB ¶5", its evidence as the tooltip) and two buttons Material's own clipboard handler
    copies from, `data-clipboard-text`: the link and the citation, exactly as `kb export`
    records them."""
    label = _html_text(prov.label)
    buttons = "".join(
        f'<button type="button" class="kb-para-tools__copy" '
        f'aria-label="{_html_text(name)} to paragraph {label}" '
        f'data-clipboard-text="{_html_text(text)}">{_html_text(name)}</button>'
        for name, text in (("Copy link", prov.url), ("Copy citation", prov.citation))
    )
    return (
        f'<span class="kb-para-tools"><a class="kb-para-tools__n" href="#{_html_text(prov.id)}" '
        f'title="{_html_text(prov.explanation)}" data-status="{_html_text(prov.marker)}">'
        f"{label}</a>{buttons}</span>"
    )


def with_paragraph_tools(
    markdown: str, page: Page, model: ContentModel, base_url: str | None = None
) -> str:
    """A guideline section's body with each guideline paragraph's tools put at the end of its
    last line, before the paragraph's own id (`{#p5}`, on a line of its own by now)."""
    tools = {p.id: paragraph_tools(p) for p in section_provenance(page, model, base_url=base_url)}
    out: list[str] = []
    for _, line, fenced in body_lines(markdown):
        m = None if fenced else PARA_ID.fullmatch(line.strip())
        if m and m.group("id") in tools and out and out[-1].strip():
            out[-1] = out[-1].rstrip() + " " + tools.pop(m.group("id"))
        out.append(line)
    return "\n".join(out)


def _plain(text: str) -> str:
    """Front-matter text placed into Markdown: markup characters shown, never interpreted."""
    return html.escape(" ".join(str(text).split()), quote=False)


def about_markdown(page: Page, model: ContentModel) -> str:
    """Page furniture for a guideline section, made from front matter: what the page is, whose
    words these are and what the paragraph markers mean. Never a numbered paragraph."""
    version = model.targets.get(f"version:{page.version}")
    if version is None or not page.guideline_meta.recorded:
        return ""  # a section whose text was not seen summarises nothing: its box says so
    vmeta = version.page.version_meta
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


def changes_markdown(page: Page, model: ContentModel) -> str:
    changes = page.guideline_meta.changes
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
    header = status_banner(page, model) + partial_banner(page, model) + aka_markdown(page)
    if page.type == "version":
        header += version_facts_markdown(page)
    elif page.type == "case":
        header += case_facts_markdown(page)
    elif page.type == "offence":
        header += offence_facts_markdown(page)
    elif page.type == "guideline":
        header = version_switcher(page, model) + header + where_today(page, model)
        header += about_markdown(page, model) + section_status_markdown(page, model)
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
    body = rewrite_refs(insert_case_list(body, page, model), page, model)
    if page.type == "guideline":
        body = with_paragraph_tools(body, page, model, base_url)
    return title + header + body + footer
