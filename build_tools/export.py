"""`kb export --json` and `site/export.json`: every page as data, for reuse outside the site.

Each page: id (its reference key), type, version, title, url, paragraphs (id and plain text),
citations (neutral citations, report citations and ECHR application numbers found in it, plus a
case page's own), links (the reference keys it points to) and a content hash of its front
matter and body.
"""

from __future__ import annotations

import hashlib
from typing import Any

from build_tools.content.citations import ECHR_APPLICATION, NEUTRAL, REPORT
from build_tools.content.markdown_blocks import REF
from build_tools.content.model import ContentModel, Page
from build_tools.index_docs import plain_text

__all__ = ["EXPORT_FORMAT", "content_hash", "export_model", "page_record"]

EXPORT_FORMAT = 1


def _citations(page: Page) -> list[str]:
    found: list[str] = list(getattr(page.meta, "citations", []))
    text = REF.sub(lambda m: m.group("text"), page.body)
    for pattern in (NEUTRAL, REPORT, ECHR_APPLICATION):
        found += [m.group(0) for m in pattern.finditer(text)]
    return list(dict.fromkeys(found))


def content_hash(page: Page) -> str:
    """Hash of the page's front matter (as validated) and body: changes when the content does."""
    data = page.meta.model_dump_json() + "\n" + page.body
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def page_record(page: Page) -> dict[str, Any]:
    links = [f"{r.kind}:{r.target}" + (f"#{r.anchor}" if r.anchor else "") for r in page.refs]
    return {
        "id": page.key,
        "type": page.type,
        "version": page.version,
        "title": page.title,
        "url": page.url,
        "paragraphs": [{"id": p.id, "text": plain_text(p.text)} for p in page.paragraphs],
        "citations": _citations(page),
        "links": list(dict.fromkeys(links)),
        "hash": content_hash(page),
    }


def export_model(model: ContentModel) -> dict[str, Any]:
    pages = sorted(model.pages, key=lambda p: p.key)
    return {"format": EXPORT_FORMAT, "pages": [page_record(p) for p in pages]}
