"""Searches run in worker processes, never in the server's own process: a costly query then
cannot hold the server's interpreter lock, so static files and cheap searches keep moving.

Two pools: one worker for queries that look costly (wildcards, proximity, many words) and
`workers` (`kb serve --workers N`, default one per CPU) for the rest, so a flood of costly
queries never queues the cheap ones. A search is CPU work in one process, so more light workers
is what raises throughput on a machine with more cores; the server's own process only parses
HTTP, answers from its cache and hands searches over. Each worker keeps the index generations
it has opened; the server names the generation per request.
"""

from __future__ import annotations

import gc
import os
import pathlib
import re
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import concurrent.futures

    from whoosh.index import Index

from search.cpus import usable_cpus
from search.documents import SearchResponse

# Whoosh and the engine are imported in the workers only, the process pools when pools are
# made: `kb` reads DEFAULT_WORKERS for its help without paying for them.

__all__ = ["DEFAULT_WORKERS", "SearchPools", "is_costly"]


DEFAULT_WORKERS = max(2, usable_cpus())
"""Light search workers by default: one per CPU, at least two (one busy search never queues the
next)."""
HEAVY_WORKERS = 1
_COSTLY = re.compile(r"[*?~]")
_MANY_WORDS = 12

_OPEN: dict[tuple[str, str], Index] = {}
WARM_SECONDS = 1.0
"""How long a starting worker may spend scoring postings ahead of queries."""
WARM_SNIPPET_SECONDS = 0.5
"""And reading sections' texts into tokens for snippets."""


def is_costly(query: str) -> bool:
    """Wildcards, proximity and long queries go to the costly pool."""
    return bool(_COSTLY.search(query)) or len(query.split()) > _MANY_WORDS


def _open(root: str, name: str) -> Index:
    from whoosh import index as whoosh_index

    from search.store import REBUILD_HINT, IndexUnavailable, searcher_for

    key = (root, name)
    ix = _OPEN.get(key)
    if ix is None:
        try:
            ix = whoosh_index.open_dir(str(pathlib.Path(root) / name))
        except Exception as exc:  # whoosh raises many kinds on missing or damaged files
            raise IndexUnavailable(
                f"search index generation {name} is unreadable ({type(exc).__name__}); "
                f"{REBUILD_HINT}"
            ) from None
        if len(_OPEN) > 4:
            _OPEN.clear()
        searcher_for(ix)
        _OPEN[key] = ix
    return ix


def _run(root: str, name: str, query: str, options: dict[str, Any]) -> SearchResponse:
    from search.query import search

    return search(_open(root, name), query, **options)


def _prepare(root: str, site: str | None) -> None:
    """Run in each worker as it starts: open the generation being served, load its word list
    for "did you mean", score the commonest terms' postings (for up to WARM_SECONDS), read the
    sections' texts into tokens for snippets (up to WARM_SNIPPET_SECONDS) and answer one search,
    so the first people to search after a start (or after a worker was replaced) do not wait
    for all that. Warming up is only ever a head start: whatever goes wrong here (no index, a
    damaged one) is left for each search to report, and must not stop the worker, which would
    break the whole pool."""
    from search import plain, snippets
    from search.query import SEARCH_FIELDS, search
    from search.spelling import vocabulary_of
    from search.store import searcher_for, served_generation

    index_root = pathlib.Path(root)
    try:
        ix = _open(root, served_generation(index_root, pathlib.Path(site) if site else None))
        vocabulary_of(ix).near("offence")  # builds its index of near spellings
        plain.warm(searcher_for(ix), SEARCH_FIELDS, WARM_SECONDS)
        snippets.warm(searcher_for(ix), "body", WARM_SNIPPET_SECONDS)
        search(ix, "offence")
    except Exception:  # see above: each search reports what is wrong
        pass
    # What start-up made lives as long as the worker: leaving it out of the collector's full
    # passes keeps those short (a pass over it paused searches by tens of milliseconds).
    gc.freeze()


def _warm() -> int:
    time.sleep(0.02)  # long enough that one worker cannot take every warm-up task
    return os.getpid()


class SearchPools:
    """The two pools; `submit` picks one by the query's look."""

    def __init__(
        self,
        workers: int = DEFAULT_WORKERS,
        *,
        root: pathlib.Path | None = None,
        site: pathlib.Path | None = None,
    ) -> None:
        """With `root` (and `site`), each worker opens the index being served as it starts."""
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        import concurrent.futures
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # never fork a threaded server
        prepare: dict[str, Any] = {}
        if root is not None:
            prepare = {"initializer": _prepare, "initargs": (str(root), site and str(site))}
        self.light = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, **prepare)
        self.heavy = concurrent.futures.ProcessPoolExecutor(
            HEAVY_WORKERS, mp_context=context, **prepare
        )

    def warm(self, timeout: float = 60.0) -> None:
        """Start every worker now rather than on the first search, and return once each has
        finished starting (opening the index, given one): a task goes only to a worker that has
        started, so this waits until tasks have come back from every one."""
        deadline = time.monotonic() + timeout
        for pool, size in ((self.light, self.workers), (self.heavy, HEAVY_WORKERS)):
            seen: set[int] = set()
            while len(seen) < size and time.monotonic() < deadline:
                futures = [pool.submit(_warm) for _ in range(size)]
                for future in futures:
                    if future.exception() is None:
                        seen.add(future.result())
                    else:  # a worker that could not start: searches will say why
                        return

    def submit(
        self, root: pathlib.Path, name: str, query: str, options: dict[str, Any]
    ) -> concurrent.futures.Future[SearchResponse]:
        pool = self.heavy if is_costly(query) else self.light
        return pool.submit(_run, str(root), name, query, options)

    def close(self) -> None:
        """Stop at once: a worker still busy with a costly query is terminated, not awaited."""
        for pool in (self.light, self.heavy):
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
