"""What ranking needs of a matched document, read once per searcher.

Reading a document's stored fields unpickles all of them, the section's text included, and
collapsing versions or setting paragraph answers apart looks at up to 400 matches per search.
The few keys those steps use are kept per searcher (one index generation) after the first read,
so only the rows shown read whole documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.searching import Searcher

__all__ = ["DocKeys", "keys_of"]


@dataclass(frozen=True, slots=True)
class DocKeys:
    id: str
    page_id: str
    group: str
    """The same section in every version shares a group (a section alone is its own)."""
    version: str
    version_rank: int
    para_map: dict[str, str]


def keys_of(searcher: Searcher, docnum: int) -> DocKeys:
    kept: dict[int, DocKeys] = searcher.__dict__.setdefault("_kb_keys", {})
    found = kept.get(docnum)
    if found is None:
        stored = searcher.stored_fields(docnum)
        found = kept[docnum] = DocKeys(
            id=stored["id"],
            page_id=stored.get("page_id") or "",
            group=stored.get("group") or stored["id"],
            version=stored.get("version") or "",
            version_rank=int(stored.get("version_rank") or 0),
            para_map=dict(stored.get("para_map") or {}),
        )
    return found
