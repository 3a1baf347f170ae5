"""Search documents from the content model: one per heading-level section of every page, and
the "what changed" pages."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping

from build_tools.content.facts import plain_text, version_pairs
from build_tools.content.markdown_blocks import headings
from build_tools.content.model import ContentModel, Page
from build_tools.content.schema import CaseMeta, OffenceMeta
from build_tools.diff.versions import VersionDiff, diff_versions
from search.documents import SearchDocument, document

__all__ = ["page_documents", "search_documents", "what_changed_documents"]

_STATUTE_HINT = re.compile(r"\bs{1,2}\d+[A-Z]*(?:\(\d+\))*", re.I)


def _chunks(page: Page) -> Iterator[tuple[str | None, list[str], str, range]]:
    """(anchor, heading path, markdown, body lines) for the lead and each `##`-or-deeper
    section."""
    lines = page.body.split("\n")
    marks = [h for h in headings(page.body, first_line=0) if h.level >= 2]
    starts = [(h.line, h) for h in marks]
    lead_end = starts[0][0] if starts else len(lines)
    yield None, [], "\n".join(lines[:lead_end]), range(0, lead_end)
    path: list[tuple[int, str]] = []
    for n, (start, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        path = [(lvl, t) for lvl, t in path if lvl < heading.level] + [
            (heading.level, heading.text)
        ]
        body = "\n".join(lines[start + 1 : end])
        yield heading.anchor, [plain_text(t) for _, t in path], body, range(start, end)


def _paragraph_keys(page: Page, lines: range) -> dict[str, str]:
    """For the guideline paragraphs in these body lines: search key -> paragraph anchor.
    `p36` finds our paragraph 36; `cps40` the one that summarises CPS paragraph 40 (confirmed)
    and `cps40i` one that probably does (inferred), so "para 40 2013" lands on it."""
    keys: dict[str, str] = {}
    for para in page.guideline_paragraphs:
        if para.line - page.body_line not in lines:
            continue
        keys.setdefault(para.id, para.id)
        source = page.source_of(para.id)
        if source is not None and source.para and source.status != "unknown":
            first, _, last = source.para.partition("-")
            mark = "" if source.status == "confirmed" else "i"
            for number in range(int(first), int(last or first) + 1):
                keys.setdefault(f"cps{number}{mark}", para.id)
    return keys


def _extra_lead(page: Page) -> tuple[str, str]:
    """Front matter facts that belong in the lead chunk: (citations, text)."""
    meta = page.meta
    if isinstance(meta, CaseMeta):
        return " ; ".join(meta.citations), f"{meta.court}."
    if isinstance(meta, OffenceMeta):
        return meta.statute_ref, f"{meta.max_penalty.rstrip('.')}. {meta.time_limit.rstrip('.')}."
    return "", ""


def _boost(page: Page, *, lead: bool) -> float:
    """A page's lead sums the page up, so it outranks a passing mention further down; the home
    page only points elsewhere, so it ranks below the pages it points to."""
    if page.type == "page" and page.id == "home":
        return 0.5
    return 1.5 if lead else 1.0


_PARTIAL = 0.6
"""Weight of a section from a partial record: it never outranks the full text of the same
section (a query that names the version filters to it and is unaffected)."""


def page_documents(
    page: Page, version_rank: int = 0, *, partial: bool = False
) -> list[SearchDocument]:
    """`version_rank` orders versions (newer is higher) so search can put the newest first;
    `partial` marks a page of a version only partly on record."""
    docs: list[SearchDocument] = []
    # The same section in every version shares a group, so search can show it once.
    group = f"guideline:{page.id}" if page.type == "guideline" else page.key
    categories = ",".join(str(c) for c in getattr(page.meta, "categories", []))
    cites = sorted({r.target for r in page.refs if r.kind == "case"})
    # What every document of the page shares.
    of_page = functools.partial(
        document,
        page_id=page.key,
        type=page.type,
        version=page.version or "",
        category=categories,
        order=page.guideline_meta.order if page.type == "guideline" else 0,
        version_rank=version_rank,
        page_title=page.title,
    )
    for anchor, path, markdown, lines in _chunks(page):
        body = plain_text(markdown)
        paras = _paragraph_keys(page, lines) if page.type == "guideline" else {}
        citations = ""
        if anchor is None:
            citations, extra = _extra_lead(page)
            body = f"{extra}\n\n{body}".strip()
        if not body and anchor is not None:
            continue
        label = " › ".join([page.title, *path])
        docs.append(
            of_page(
                id=page.key + (f"#{anchor}" if anchor else ""),
                aka=" ; ".join(page.meta.aka),
                boost=_boost(page, lead=anchor is None) * (_PARTIAL if partial else 1.0),
                title=path[-1] if path else page.title,
                label=label,
                headings=" ; ".join(path),
                body=body,
                words=f"{label} {' '.join(page.meta.aka)} {citations} {body}",
                # The page's own citation or statute (lead only) vs the ones it mentions.
                ref=citations,
                citations=" ; ".join(_STATUTE_HINT.findall(body)),
                cites=",".join(cites),
                url=page.url + (f"#{anchor}" if anchor else ""),
                group=group + (f"#{anchor}" if anchor else ""),
                paras=",".join(paras),
                para_map=paras,
            )
        )
    if page.type == "glossary":
        for term in page.glossary_meta.terms:
            docs.append(
                of_page(
                    id=f"term:{term.id}",
                    title=term.term,
                    label=term.term,
                    aka=" ; ".join(term.aka),
                    body=term.definition,
                    words=f"{term.term} {' '.join(term.aka)} {term.definition}",
                    url=f"{page.url}#{term.id}",
                    group=f"term:{term.id}",
                )
            )
    return docs


def what_changed_documents(
    model: ContentModel, diffs: Mapping[tuple[str, str], VersionDiff] | None = None
) -> list[SearchDocument]:
    """The "what changed" pages the site builds (every older -> newer pair): one document for the
    page and one per section that changed, with the recorded reasons, so "what changed in
    category 4 in 2016" finds them."""
    docs: list[SearchDocument] = []
    for old, new in version_pairs(model):
        diff = (diffs or {}).get((old, new)) or diff_versions(model, old, new)
        page_id = f"what-changed:{old}-to-{new}"
        url = f"what-changed/{old}-to-{new}.html"
        title = f"What changed from {old} to {new}"
        moved = [s for s in diff.sections if s.status != "unchanged"]
        summary = "; ".join(f"{s.title_to or s.title_from}: {s.status}" for s in moved)
        aka = f"compare {old} and {new} ; differences ; changes"
        docs.append(
            document(
                id=page_id,
                page_id=page_id,
                type="what-changed",
                aka=aka,
                boost=1.5,  # the page sums up its sections, as a lead does
                title=title,
                body=f"Sections that differ: {summary}." if summary else "No differences.",
                words=f"{title} {summary}",
                url=url,
            )
        )
        for section in moved:
            name = section.title_to or section.title_from or section.id
            reasons = " ".join(str(r.get("note", "")) for r in section.reasons)
            label = f"{title} › {name}"
            docs.append(
                document(
                    id=f"{page_id}#{section.id}",
                    page_id=page_id,
                    type="what-changed",
                    aka=aka,
                    boost=0.8,
                    title=f"{name}: what changed",
                    page_title=title,
                    label=label,
                    headings=name,
                    body=f"{name} ({section.status}). {reasons}".strip(),
                    words=f"{label} {reasons}",
                    url=f"{url}#{section.id}",
                )
            )
    return docs


def search_documents(
    model: ContentModel, diffs: Mapping[tuple[str, str], VersionDiff] | None = None
) -> list[SearchDocument]:
    """Every document of the index; `diffs` are what-changed diffs already computed (by the
    site build), so they are not computed again."""
    # Partial records rank below every full version, so that "newest first" shows the newest
    # full text of a section and lists the partial ones in `also_in`.
    ranks = {v.id: n for n, v in enumerate(model.versions_full_last(), 1)}
    docs = [
        doc
        for page in model.pages
        for doc in page_documents(
            page, ranks.get(page.version or "", 0), partial=model.is_partial(page.version)
        )
    ]
    return docs + what_changed_documents(model, diffs)
