"""Index storage with atomic rebuilds: a new generation beside the live one, then a pointer."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.searching import Searcher

from search.cpus import usable_cpus
from search.documents import SearchDocument
from search.schema import make_schema
from search.scoring import KeptLengthBM25F
from search.vocabulary import Vocabulary, count_words

__all__ = [
    "SCHEMA_VERSION",
    "SCRIPT_HASHES",
    "SITE_MARKER",
    "BuildReport",
    "IndexUnavailable",
    "build_index",
    "live_generation",
    "open_index",
    "searcher_for",
    "served_generation",
    "site_generation",
    "switch_to",
]

_POINTER = "CURRENT"
_MANIFEST = "pages.json"
# Bump when the schema or its analysers change: an incremental build then starts afresh.
SCHEMA_VERSION = 4
REBUILD_HINT = "run 'kb build' to build it"
WRITER_MB = 512


class IndexUnavailable(Exception):
    """The index is missing or unreadable; the message says how to rebuild it."""


@dataclass(frozen=True)
class BuildReport:
    generation: pathlib.Path
    documents: int
    pages: int
    reindexed: int
    """Pages whose documents were (re)written; the rest were carried over unchanged."""
    incremental: bool


def _page_of(doc: SearchDocument) -> str:
    """The unit of incremental indexing: a page (documents without one stand alone)."""
    return str(doc.get("page_id") or doc["id"])


def _fields(doc: SearchDocument) -> dict[str, object]:
    """What Whoosh stores for a document: `boost` is Whoosh's `_boost`; `words` go to the
    word list instead."""
    fields: dict[str, object] = {k: v for k, v in doc.items() if k not in ("boost", "words")}
    fields["_boost"] = doc["boost"]
    return fields


def _fingerprints(documents: list[SearchDocument]) -> dict[str, str]:
    pages: dict[str, list[SearchDocument]] = {}
    for doc in documents:
        pages.setdefault(_page_of(doc), []).append(doc)
    return {
        page: hashlib.sha256(
            json.dumps(docs, sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()
        for page, docs in pages.items()
    }


def _previous(root: pathlib.Path) -> tuple[pathlib.Path, dict[str, str]] | None:
    """The live generation and its page fingerprints, if it can be built on."""
    name = _live_name(root)
    if name is None:
        return None
    generation = root / name
    manifest = generation / _MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("schema") != SCHEMA_VERSION:
        return None
    return generation, dict(data["pages"])


def build_index(
    documents: Iterable[SearchDocument],
    root: pathlib.Path,
    *,
    incremental: bool = True,
    switch: bool = True,
) -> BuildReport:
    """Write the documents into a fresh generation, then switch the pointer to it atomically
    (unless `switch` is False: the caller switches later with `switch_to`, e.g. together with
    the site the index belongs to).

    Incremental: the new generation starts as a copy of the live one, and only pages whose
    documents changed are deleted and re-added. Either way the live index is never touched, so a
    crash leaves it answering.
    """
    docs = list(documents)
    prints = _fingerprints(docs)
    root.mkdir(parents=True, exist_ok=True)
    generation = root / f"gen-{time.time_ns()}"
    previous = _previous(root) if incremental else None
    try:
        if previous is not None:
            shutil.copytree(previous[0], generation)
            ix = whoosh_index.open_dir(str(generation))
            old = previous[1]
            changed = {p for p, h in prints.items() if old.get(p) != h}
            gone = set(old) - set(prints)
        else:
            generation.mkdir()
            ix = whoosh_index.create_in(str(generation), make_schema())
            changed, gone = set(prints), set()
        writer = _writer(ix, fresh=previous is None, documents=len(docs))
        try:
            if previous is not None:
                for page in sorted(changed | gone):
                    writer.delete_by_term("page_id", page)
            for doc in docs:
                if _page_of(doc) in changed:
                    writer.add_document(**_fields(doc))
            # Counted here, while parallel writers (if any) are still writing their segments.
            words = Vocabulary(count_words(doc["words"] for doc in docs))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        ix.close()
        words.write(generation)
        manifest = {"schema": SCHEMA_VERSION, "pages": prints}
        (generation / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    if switch:
        switch_to(root, generation.name)
    return BuildReport(generation, len(docs), len(prints), len(changed), previous is not None)


PARALLEL_FROM = 2000
"""Documents from which a fresh build writes with one process per CPU (up to PARALLEL_MAX)."""
PARALLEL_MAX = 4


def _writer(ix: Index, *, fresh: bool, documents: int) -> Any:
    """A writer for the build: a large fresh build is analysed and written by one process per
    CPU, each writing a segment of its own (merging them would cost what the processes saved:
    at 10,000 sections on 2 CPUs this doubles the rate); otherwise one writer, in this process.
    Either way the pool is larger than Whoosh's default (128 MB), so a large build stays in
    memory instead of spilling runs to disk and merging them back."""
    procs = min(usable_cpus(), PARALLEL_MAX)
    if fresh and documents >= PARALLEL_FROM and procs > 1:
        return ix.writer(
            timeout=30.0, procs=procs, multisegment=True, limitmb=max(64, WRITER_MB // procs)
        )
    return ix.writer(timeout=30.0, limitmb=WRITER_MB)


def switch_to(root: pathlib.Path, name: str) -> None:
    """Point CURRENT at generation `name` (one atomic rename), then drop every other generation
    but the one live until now: a reader may have just read the old pointer."""
    live = _live_name(root)
    if live != name:
        tmp = root / f".{_POINTER}.{os.getpid()}"
        tmp.write_text(name + "\n", encoding="utf-8")
        os.replace(tmp, root / _POINTER)
    _prune(root, keep={name, live} - {None})


SITE_MARKER = ".kb-generation"
"""A file in a built site naming the index generation built with it, so the site and its index
become live in one step (the site's switch) and a server reads the index of the site it serves."""


SCRIPT_HASHES = ".kb-script-hashes"
"""A file in a built site listing the `'sha256-...'` hashes of its allowed inline scripts, one
per line, for the server's Content-Security-Policy."""


def site_generation(site: pathlib.Path, root: pathlib.Path) -> str | None:
    """The index generation a built site was made with, if it says so and it is complete."""
    try:
        name = (site / SITE_MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    complete = name.startswith("gen-") and (root / name / _MANIFEST).is_file()
    return name if complete else None


def live_generation(root: pathlib.Path) -> str:
    """The name of the generation the pointer names; IndexUnavailable if there is none."""
    name = _live_name(root)
    if not name or not (root / name).is_dir():
        raise IndexUnavailable(f"no search index at {root}; {REBUILD_HINT}")
    return name


def served_generation(root: pathlib.Path, site: pathlib.Path | None) -> str:
    """The generation to search: the one the served site was built with, else the pointer's;
    IndexUnavailable if there is none."""
    name = site_generation(site, root) if site is not None else None
    return name or live_generation(root)


def _served_name(root: pathlib.Path, site: pathlib.Path | None) -> str | None:
    """As `served_generation`, without checking the pointer's generation is there."""
    return (site_generation(site, root) if site is not None else None) or _live_name(root)


def _live_name(root: pathlib.Path) -> str | None:
    pointer = root / _POINTER
    return pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else None


def _prune(root: pathlib.Path, *, keep: set[str | None]) -> None:
    """Drop other generations (older ones and any left half-written by a killed build); a
    reader that has one open keeps its open files (POSIX)."""
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith("gen-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


_SEARCHERS: dict[int, tuple[Index, Searcher]] = {}


def searcher_for(ix: Index) -> Searcher:
    """The searcher kept open for an index: opening one costs more than a typical query, and
    an open searcher holds its files, so pruning the generation later cannot pull them away."""
    cached = _SEARCHERS.get(id(ix))
    if cached is None or cached[0] is not ix:
        if len(_SEARCHERS) > 8:
            _SEARCHERS.clear()
        cached = (ix, ix.searcher(weighting=KeptLengthBM25F()))
        _SEARCHERS[id(ix)] = cached
    return cached[1]


def open_index(root: pathlib.Path, *, attempts: int = 5, site: pathlib.Path | None = None) -> Index:
    """Open the live generation, with its searcher: the one the built `site` names, if given
    and complete, else the pointer's. If a rebuild switches and prunes the generation between
    reading its name and opening it, read the name again."""
    for attempt in range(attempts):
        name = _served_name(root, site)
        if name is None:
            raise IndexUnavailable(f"no search index at {root}; {REBUILD_HINT}")
        generation = root / name
        try:
            ix = whoosh_index.open_dir(str(generation))
            searcher_for(ix)
            return ix
        except Exception as exc:  # whoosh raises many kinds on damaged files
            again = _served_name(root, site)
            if again != name and attempt + 1 < attempts:
                continue
            raise IndexUnavailable(
                f"search index at {generation} is unreadable ({type(exc).__name__}); {REBUILD_HINT}"
            ) from exc
    raise AssertionError("unreachable")  # pragma: no cover
