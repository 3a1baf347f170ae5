"""Who relies on what: "Referred to by" on a page, and "Used in" for each glossary term."""

from __future__ import annotations

from build_tools.content.glossary_use import Use, term_uses
from build_tools.content.links import relative_link
from build_tools.content.markdown_blocks import note_lines
from build_tools.content.model import ContentModel, Page
from build_tools.content.provenance import paragraph_provenance

__all__ = ["backlinks_markdown", "glossary_markdown"]

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
                label = f"{source.title} ({source.guideline_meta.version})"
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


def _used_in(page: Page, uses: list[Use]) -> str:
    """ "Used in": each page that uses a term, with the paragraphs (or our notes) it is in."""
    if not uses:
        return "*Used in:* no page of the knowledge base uses this term yet.\n"
    rows = []
    for use in uses:
        label = use.page.title
        if use.page.type == "guideline":
            label = f"{use.page.title} ({use.page.guideline_meta.version})"
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
    for term in sorted(page.glossary_meta.terms, key=lambda t: t.term.lower()):
        aka = f"\n\n*Also:* {', '.join(term.aka)}" if term.aka else ""
        parts.append(
            f"## {term.term} {{#{term.id}}}\n\n{term.definition}{aka}\n\n"
            + _used_in(page, uses.get(term.id, []))
        )
    return "\n\n" + "\n".join(parts)
