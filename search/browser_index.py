"""The index the site's own search box ranks with, written from a built Whoosh generation.

Read straight out of the Whoosh index (document numbers, weights with every boost folded in,
the byte-quantised field lengths Whoosh scores with, document frequencies), so the JavaScript
runtime (`docs/assets/javascripts/kb-search-engine.js`) computes the same BM25F scores as
`search.query.search` for the same query. Written as scripts (`window.__kbIndex = {...}`)
because a page opened from `file://` may load scripts but not fetch JSON; the postings and the
snippets are split into parts a query loads only when it needs them.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

from whoosh import index as whoosh_index

from search.query import SEARCH_FIELDS
from search.vocabulary import Vocabulary

__all__ = ["BROWSER_INDEX", "FORMAT", "browser_index", "part_path", "write_browser_index"]

BROWSER_INDEX = "search/kb-index.js"
FORMAT = 2
SNIPPET = 240  # characters of a section's text shipped for the result snippet
SHARD_BYTES = 120_000  # postings per file: a query loads only the files its words are in
SNIPPET_BLOCK = 256  # documents per snippet file
_FIELDS = [*SEARCH_FIELDS, "paras"]


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)


def browser_index(generation: pathlib.Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The core (documents, field statistics, the vocabulary with each word's document
    frequency and the file its postings are in, the words for "did you mean") and the parts
    loaded on demand: `p<N>` postings files and `s<N>` snippet files."""
    ix = whoosh_index.open_dir(str(generation))
    parts: dict[str, Any] = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        total = searcher.doc_count_all()
        docs: list[list[Any] | None] = []
        snippets: dict[int, list[str]] = {}
        for docnum in range(total):
            if reader.is_deleted(docnum):
                docs.append(None)
                snippets.setdefault(docnum // SNIPPET_BLOCK, []).append("")
                continue
            s = reader.stored_fields(docnum)
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
                    "",  # the snippet lives in its s<N> file
                    s.get("category", ""),
                    s.get("cites", ""),
                ]
            )
            snippets.setdefault(docnum // SNIPPET_BLOCK, []).append(
                str(s.get("body", ""))[:SNIPPET]
            )
        for block, texts in snippets.items():
            parts[f"s{block}"] = texts
        fields: dict[str, Any] = {}
        shard, size = 0, 0
        current: dict[str, dict[str, list[float]]] = {}
        parts[f"p{shard}"] = current
        for field in _FIELDS:
            vocab: dict[str, list[int]] = {}
            for raw in reader.lexicon(field):
                text = _text(raw)
                matcher = reader.postings(field, text)
                flat: list[float] = []  # (gap to the previous document number, weight) pairs
                previous = 0
                while matcher.is_active():
                    flat += [matcher.id() - previous, round(matcher.weight(), 4)]
                    previous = matcher.id()
                    matcher.next()
                cost = 8 * len(flat) + len(text) + 8
                if size and size + cost > SHARD_BYTES:
                    shard, size, current = shard + 1, 0, {}
                    parts[f"p{shard}"] = current
                current.setdefault(field, {})[text] = flat
                size += cost
                vocab[text] = [reader.doc_frequency(field, text), shard]
            scorable = bool(ix.schema[field].scorable)
            fields[field] = {
                # Whoosh scores a field without lengths by the posting weight alone.
                "scorable": scorable,
                "avg": (searcher.avg_field_length(field) or 1) if scorable else 1,
                "len": [
                    0 if docs[d] is None else reader.doc_field_length(d, field, 0)
                    for d in range(total)
                ]
                if scorable
                else [],
                "vocab": vocab,
            }
        raw_words = Vocabulary.load(generation).counts
    core = {
        "format": FORMAT,
        "generation": generation.name,
        "count": total,
        "snippetBlock": SNIPPET_BLOCK,
        "docs": docs,
        "fields": fields,
        "raw": raw_words,
    }
    return core, parts


def part_path(name: str) -> str:
    """Where a part lives in the site: `p3` -> search/kb-postings-3.js."""
    kind = "postings" if name.startswith("p") else "snippets"
    return f"search/kb-{kind}-{name[1:]}.js"


def write_browser_index(generation: pathlib.Path, site: pathlib.Path) -> pathlib.Path:
    """Write the core to search/kb-index.js and each part beside it; each is a script that
    registers itself, because pages opened from file:// may load scripts but not fetch JSON."""
    core, parts = browser_index(generation)
    target = site / BROWSER_INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(core, ensure_ascii=False, separators=(",", ":"))
    # A JSON string handed to JSON.parse is read faster than the same data as a JS literal.
    target.write_text(f"window.__kbIndex=JSON.parse({json.dumps(data)});\n", encoding="utf-8")
    for name, value in parts.items():
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        (site / part_path(name)).write_text(
            f"(window.__kbParts=window.__kbParts||{{}})[{json.dumps(name)}]={body};\n",
            encoding="utf-8",
        )
    return target
