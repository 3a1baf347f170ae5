"""Search documents from the content model: one per heading-level section of every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from build_tools.content.markdown_blocks import REF, headings
from build_tools.content.model import ContentModel, Page

__all__ = ["page_documents", "plain_text", "search_documents"]

_ATTR = re.compile(r"\s*\{:?\s*[#.][^}]*\}")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`>|]+|^#{1,6}\s+|<!--.*?-->|<[^>]+>", re.M)
_STATUTE_HINT = re.compile(r"\bs{1,2}\d+[A-Z]*(?:\(\d+\))*", re.I)


def plain_text(markdown: str) -> str:
    text = REF.sub(lambda m: m.group("text"), markdown)
    text = _LINK.sub(r"\1", text)
    text = _ATTR.sub("", text)
    text = _MARKUP.sub(" ", text)
    text = re.sub(r"^\s*-{3,}\s*$", " ", text, flags=re.M)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n{3,}", "\n\n", text)).strip()


def _chunks(page: Page) -> Iterator[tuple[str | None, list[str], str]]:
    """(anchor, heading path, markdown) for the lead and each `##`-or-deeper section."""
    lines = page.body.split("\n")
    marks = [h for h in headings(page.body, first_line=0) if h.level >= 2]
    starts = [(h.line, h) for h in marks]
    lead_end = starts[0][0] if starts else len(lines)
    yield None, [], "\n".join(lines[:lead_end])
    path: list[tuple[int, str]] = []
    for n, (start, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        path = [(lvl, t) for lvl, t in path if lvl < heading.level] + [
            (heading.level, heading.text)
        ]
        yield heading.anchor, [plain_text(t) for _, t in path], "\n".join(lines[start + 1 : end])


def _extra_lead(page: Page) -> tuple[str, str]:
    """Front matter facts that belong in the lead chunk: (citations, text)."""
    meta = page.meta
    if page.type == "case":
        return " ; ".join(meta.citations), f"{meta.court}."
    if page.type == "offence":
        return meta.statute_ref, f"{meta.max_penalty.rstrip('.')}. {meta.time_limit.rstrip('.')}."
    return "", ""


def _boost(page: Page, *, lead: bool) -> float:
    """A page's lead sums the page up, so it outranks a passing mention further down; the home
    page only points elsewhere, so it ranks below the pages it points to."""
    if page.type == "page" and page.id == "home":
        return 0.5
    return 1.5 if lead else 1.0


def page_documents(page: Page, version_rank: int = 0) -> list[dict[str, Any]]:
    """`version_rank` orders versions (newer is higher) so search can put the newest first."""
    docs: list[dict[str, Any]] = []
    # The same section in every version shares a group, so search can show it once.
    group = f"guideline:{page.id}" if page.type == "guideline" else page.key
    categories = ",".join(str(c) for c in getattr(page.meta, "categories", []))
    cites = sorted({r.target for r in page.refs if r.kind == "case"})
    base = {
        "page_id": page.key,
        "type": page.type,
        "version": page.version or "",
        "category": categories,
        "aka": " ; ".join(page.meta.aka),
        "order": getattr(page.meta, "order", 0),
        "version_rank": version_rank,
    }
    for anchor, path, markdown in _chunks(page):
        body = plain_text(markdown)
        citations = ""
        if anchor is None:
            citations, extra = _extra_lead(page)
            body = f"{extra}\n\n{body}".strip()
        if not body and anchor is not None:
            continue
        label = " › ".join([page.title, *path])
        docs.append(
            {
                **base,
                "_boost": _boost(page, lead=anchor is None),
                "id": page.key + (f"#{anchor}" if anchor else ""),
                "title": path[-1] if path else page.title,
                "page_title": page.title,
                "label": label,
                "headings": " ; ".join(path),
                "body": body,
                "raw": f"{label} {' '.join(page.meta.aka)} {citations} {body}",
                # The page's own citation or statute (lead only) vs the ones it mentions.
                "ref": citations,
                "citations": " ; ".join(_STATUTE_HINT.findall(body)),
                "cites": ",".join(cites),
                "url": page.url + (f"#{anchor}" if anchor else ""),
                "group": group + (f"#{anchor}" if anchor else ""),
            }
        )
    if page.type == "glossary":
        for term in page.meta.terms:
            docs.append(
                {
                    **base,
                    "id": f"term:{term.id}",
                    "title": term.term,
                    "page_title": page.title,
                    "label": term.term,
                    "headings": "",
                    "aka": " ; ".join(term.aka),
                    "body": term.definition,
                    "raw": f"{term.term} {' '.join(term.aka)} {term.definition}",
                    "citations": "",
                    "cites": "",
                    "url": f"{page.url}#{term.id}",
                    "group": f"term:{term.id}",
                }
            )
    return docs


def search_documents(model: ContentModel) -> list[dict[str, Any]]:
    ranks = {v.id: n for n, v in enumerate(model.versions(), 1)}
    return [
        doc
        for page in model.pages
        for doc in page_documents(page, ranks.get(page.version or "", 0))
    ]
