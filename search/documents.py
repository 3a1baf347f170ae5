"""The contract between the build and the search engine: what a section document holds going
in, and what a search answers coming out. The build fills `SearchDocument`s (with `document`);
the store indexes them; the CLI, the API and the browser box read `SearchResponse`s."""

from __future__ import annotations

from typing import TypedDict

__all__ = ["SearchDocument", "SearchResponse", "SearchResult", "document"]


class SearchDocument(TypedDict):
    id: str
    """Unique: a page's reference key, with `#anchor` for a section below its lead."""
    page_id: str
    type: str
    version: str
    title: str
    """The page title on a page's lead section, the heading on the others."""
    page_title: str
    label: str
    """What a result is called: the page title and the headings down to the section."""
    headings: str
    aka: str
    body: str
    """The words a reader sees, without Markdown."""
    words: str
    """Text whose words 'did you mean' may suggest (kept in the word list, not indexed)."""
    ref: str
    """A case's own citations or an offence's own statute reference (lead section only)."""
    citations: str
    """Citations and statute references the section mentions."""
    category: str
    cites: str
    url: str
    order: int
    group: str
    """The same section in every version shares a group; search shows the group once."""
    version_rank: int
    """Newer versions rank higher; partial records below every full version."""
    paras: str
    para_map: dict[str, str]
    boost: float
    """How much the section's score counts: a page's lead sums the page up (above 1)."""


def document(
    *,
    id: str,
    page_id: str,
    type: str,
    title: str,
    url: str,
    body: str,
    version: str = "",
    page_title: str = "",
    label: str = "",
    headings: str = "",
    aka: str = "",
    words: str = "",
    ref: str = "",
    citations: str = "",
    category: str = "",
    cites: str = "",
    order: int = 0,
    group: str = "",
    version_rank: int = 0,
    paras: str = "",
    para_map: dict[str, str] | None = None,
    boost: float = 1.0,
) -> SearchDocument:
    """A document with every field present: what is not given is empty."""
    return SearchDocument(
        id=id,
        page_id=page_id,
        type=type,
        version=version,
        title=title,
        page_title=page_title or title,
        label=label or title,
        headings=headings,
        aka=aka,
        body=body,
        words=words,
        ref=ref,
        citations=citations,
        category=category,
        cites=cites,
        url=url,
        order=order,
        group=group or id,
        version_rank=version_rank,
        paras=paras,
        para_map=para_map or {},
        boost=boost,
    )


class SearchResult(TypedDict):
    id: str
    title: str
    type: str
    version: str | None
    url: str
    score: float
    snippet: str
    """HTML: the section's text escaped, the matched words in `<mark class="hit">`."""
    also_in: list[str]
    """Other versions holding the same section, when only the newest is shown."""


class SearchResponse(TypedDict):
    query: str
    total: int
    """How many sections matched (before versions are folded together)."""
    suggestion: str | None
    results: list[SearchResult]
