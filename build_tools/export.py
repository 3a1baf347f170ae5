"""`kb export --json` and `site/export.json`: every page as data, for reuse outside the site.

Each page: id (its reference key), type, version, title, url, paragraphs, verify (what the
knowledge base could not confirm), citations (neutral citations, report citations and ECHR
application numbers found in it, plus a case page's own), links (the reference keys it points
to) and a content hash of its front matter and body.

A paragraph is `kind: "guideline"` (our summary of a CPS paragraph: its id, plain text, the
original paragraph number when confirmed, how sure we are, the evidence and exactly the citation
"Copy citation" gives) or `kind: "note"` (a knowledge base note: no id, no CPS citation).
"""

from __future__ import annotations

from typing import Any

from build_tools.content.citations import ECHR_APPLICATION, NEUTRAL, REPORT
from build_tools.content.facts import content_hash, plain_text
from build_tools.content.markdown_blocks import REF, notes
from build_tools.content.model import ContentModel, Page
from build_tools.content.provenance import paragraph_provenance

__all__ = ["EXPORT_FORMAT", "export_model", "page_record"]

EXPORT_FORMAT = 2


def _citations(page: Page) -> list[str]:
    found: list[str] = list(getattr(page.meta, "citations", []))
    text = REF.sub(lambda m: m.group("text"), page.body)
    taken: list[tuple[int, int]] = []
    for pattern in (NEUTRAL, REPORT, ECHR_APPLICATION):
        for m in pattern.finditer(text):
            # A neutral citation also looks like a report ("[2005] EWHC 1308" inside
            # "[2005] EWHC 1308 (Admin)"): a match inside one already found is not another.
            if any(start <= m.start() and m.end() <= end for start, end in taken):
                continue
            taken.append(m.span())
            found.append(m.group(0))
    return list(dict.fromkeys(found))


_SOURCE_FIELDS = ("source_para", "source_status", "source_heading", "source_evidence", "citation")


def _paragraphs(page: Page, model: ContentModel, base_url: str | None) -> list[dict[str, Any]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    for para in page.guideline_paragraphs:
        # Only a guideline section summarises CPS text; every other page is our own writing.
        kind = "guideline" if page.type == "guideline" else "note"
        row: dict[str, Any] = {"id": para.id, "kind": kind, "text": plain_text(para.text)}
        row |= dict.fromkeys(_SOURCE_FIELDS)
        if page.type == "guideline":
            prov = paragraph_provenance(page, para, model, base_url=base_url)
            row |= {
                "source_para": prov.source_para,
                "source_status": prov.source_status,
                "source_heading": prov.source_heading,
                "source_evidence": prov.source_evidence,
                "citation": prov.citation,
            }
        rows.append((para.line, row))
    for note in notes(page.body, first_line=page.body_line):
        row = {"id": None, "kind": "note", "text": plain_text(note.text)}
        row |= dict.fromkeys(_SOURCE_FIELDS)
        rows.append((note.line, row))
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def page_record(page: Page, model: ContentModel, *, base_url: str | None = None) -> dict[str, Any]:
    links = [f"{r.kind}:{r.target}" + (f"#{r.anchor}" if r.anchor else "") for r in page.refs]
    return {
        "id": page.key,
        "type": page.type,
        "version": page.version,
        "title": page.title,
        "url": page.url,
        "paragraphs": _paragraphs(page, model, base_url),
        "verify": list(page.meta.verify),
        "citations": _citations(page),
        "links": list(dict.fromkeys(links)),
        "hash": content_hash(page),
    }


def export_model(model: ContentModel, *, base_url: str | None = None) -> dict[str, Any]:
    pages = sorted(model.pages, key=lambda p: p.key)
    return {
        "format": EXPORT_FORMAT,
        "base_url": base_url,
        "pages": [page_record(p, model, base_url=base_url) for p in pages],
    }
