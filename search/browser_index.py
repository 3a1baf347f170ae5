"""The index the site's own search box ranks with, written from a built Whoosh generation.

Read straight out of the Whoosh index (document numbers, weights with every boost folded in,
the byte-quantised field lengths Whoosh scores with, document frequencies), so the JavaScript
runtime (`docs/assets/javascripts/kb-search-engine.js`) computes the same BM25F scores as
`search.query.search` for the same query. Written as a script (`window.__kbIndex = {...}`)
because a page opened from `file://` may load scripts but not fetch JSON.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

from whoosh import index as whoosh_index

from search.query import SEARCH_FIELDS

__all__ = ["BROWSER_INDEX", "FORMAT", "browser_index", "write_browser_index"]

BROWSER_INDEX = "search/kb-index.js"
FORMAT = 1
SNIPPET = 240  # characters of a section's text shipped for the result snippet
_FIELDS = [*SEARCH_FIELDS, "paras"]


def browser_index(generation: pathlib.Path) -> dict[str, Any]:
    ix = whoosh_index.open_dir(str(generation))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        total = searcher.doc_count_all()
        docs: list[list[Any] | None] = []
        for docnum in range(total):
            if reader.is_deleted(docnum):
                docs.append(None)
                continue
            s = reader.stored_fields(docnum)
            body = str(s.get("body", ""))
            docs.append(
                [
                    s["id"],
                    s.get("label") or s.get("title", ""),
                    s.get("type", ""),
                    s.get("version", ""),
                    s.get("url", ""),
                    s.get("group") or s["id"],
                    int(s.get("version_rank") or 0),
                    s.get("page_id", ""),
                    s.get("para_map") or {},
                    body[:SNIPPET],
                    s.get("category", ""),
                    s.get("cites", ""),
                ]
            )
        fields: dict[str, Any] = {}
        for field in _FIELDS:
            terms: dict[str, list[float]] = {}
            for raw in reader.lexicon(field):
                text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                matcher = reader.postings(field, text)
                flat: list[float] = []
                while matcher.is_active():
                    flat += [matcher.id(), round(matcher.weight(), 4)]
                    matcher.next()
                terms[text] = [reader.doc_frequency(field, text), *flat]
            lengths = [
                0 if docs[d] is None else reader.doc_field_length(d, field, 0)
                for d in range(total)
            ]
            scorable = bool(ix.schema[field].scorable)
            fields[field] = {
                # Whoosh scores a field without lengths by the posting weight alone.
                "scorable": scorable,
                "avg": (searcher.avg_field_length(field) or 1) if scorable else 1,
                "len": lengths if scorable else [],
                "terms": terms,
            }
        raw_words = {
            (w.decode("utf-8") if isinstance(w, bytes) else str(w)): reader.doc_frequency(
                "raw", w.decode("utf-8") if isinstance(w, bytes) else w
            )
            for w in reader.lexicon("raw")
        }
    return {
        "format": FORMAT,
        "generation": generation.name,
        "count": total,
        "docs": docs,
        "fields": fields,
        "raw": raw_words,
    }


def write_browser_index(generation: pathlib.Path, site: pathlib.Path) -> pathlib.Path:
    data = json.dumps(browser_index(generation), ensure_ascii=False, separators=(",", ":"))
    target = site / BROWSER_INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"window.__kbIndex={data};\n", encoding="utf-8")
    return target
