"""`kb serve --workers N` and the answer cache: N processes search at once, the same search asked
by many at once runs once, and a rebuild's new index generation is never answered from the cache
of the one before."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import pathlib
import subprocess
import urllib.request
from collections.abc import MutableMapping
from typing import Any, ClassVar

import pytest
from conftest import FIXTURES, kb_serve, run_kb

from build_tools.content.check import check_docs
from build_tools.index_docs import search_documents
from search.store import build_index
from search.workers import DEFAULT_WORKERS


def _search(base: str, query: str) -> dict[str, Any]:
    with urllib.request.urlopen(base + "/api/search?q=" + query, timeout=10) as response:
        assert response.status == 200
        result: dict[str, Any] = json.loads(response.read())
        return result


def _search_workers(base: str) -> list[str]:
    """The server's worker processes (spawned by multiprocessing), by pid."""
    port = base.rsplit(":", 1)[1]
    server = subprocess.run(
        ["pgrep", "-f", f"serve --port {port}"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(server) == 1, server
    return subprocess.run(
        ["pgrep", "-P", server[0], "-f", "multiprocessing-fork"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()


def test_workers_n_starts_n_search_processes_and_one_for_costly_queries(
    built_fixture: pathlib.Path,
) -> None:
    with kb_serve("--root", str(built_fixture), options=("--workers", "3")) as base:
        assert len(_search_workers(base)) == 3 + 1
        assert _search(base, "Collins")["results"][0]["id"] == "case:dpp-v-collins"
        assert "error" not in _search(base, "harass*")  # the costly pool answers too


def test_workers_in_help_with_its_real_default_and_an_example() -> None:
    text = run_kb("serve", "--help").stdout
    assert f"(default: {DEFAULT_WORKERS})" in text.replace("\n", " ").replace("  ", " ")
    assert "--workers 4" in text.split("examples:", 1)[1]


def test_workers_below_one_is_a_usage_error(built_fixture: pathlib.Path) -> None:
    result = run_kb("--root", str(built_fixture), "serve", "--workers", "0")
    assert result.returncode == 2
    assert result.stderr == "kb: --workers must be at least 1, got 0\n"


def test_a_rebuild_is_not_answered_from_the_cache(tmp_path: pathlib.Path) -> None:
    model, problems = check_docs(FIXTURES / "good" / "docs")
    assert problems == []
    documents = search_documents(model)
    index, site = tmp_path / "index", tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    build_index(documents, index)
    with kb_serve("--site", str(site), "--index", str(index)) as base:
        first = _search(base, "Collins")["results"][0]
        assert first["title"] == "DPP v Collins"
        assert _search(base, "Collins")["results"][0] == first  # asked again: the same answer
        renamed = [d.copy() for d in documents]
        for d in renamed:
            if d["id"] == first["id"]:
                d["label"] = "DPP v Collins (renamed)"
        build_index(renamed, index)  # a new generation, made live
        assert _search(base, "Collins")["results"][0]["title"] == "DPP v Collins (renamed)"


class _CountingPools:
    """Stands in for the worker pools: counts the searches that reach a worker and answers each
    a little later, as a busy worker would."""

    searches: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, workers: int, **where: Any) -> None:
        self.loop = asyncio.get_running_loop()

    def warm(self) -> None:
        pass

    def submit(
        self, root: pathlib.Path, name: str, query: str, options: dict[str, Any]
    ) -> concurrent.futures.Future[dict[str, Any]]:
        self.searches.append((name, query))
        future: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
        self.loop.call_later(0.05, future.set_result, {"query": query, "generation": name})
        return future

    def close(self) -> None:
        pass


async def _asgi_get(app: Any, query: str) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/search",
        "raw_path": b"/api/search",
        "query_string": query.encode(),
        "headers": [],
        "scheme": "http",
        "server": ("test", 80),
        "http_version": "1.1",
        "root_path": "",
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_many_asking_the_same_at_once_make_one_search(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 identical searches in flight reach a worker once; the answer is then cached, and a
    new index generation searches again."""
    import search.api

    monkeypatch.setattr(search.api, "SearchPools", _CountingPools)
    _CountingPools.searches = []
    for name in ("g1", "g2"):
        (tmp_path / name).mkdir()
    (tmp_path / "CURRENT").write_text("g1")
    app = search.api.create_app(tmp_path)

    async def scenario() -> list[tuple[int, bytes]]:
        startup: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        started = asyncio.Event()
        await startup.put({"type": "lifespan.startup"})

        async def lifespan_send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "lifespan.startup.complete":
                started.set()

        lifespan = asyncio.ensure_future(
            app({"type": "lifespan", "asgi": {"version": "3.0"}}, startup.get, lifespan_send)
        )
        await started.wait()
        answers = await asyncio.gather(*(_asgi_get(app, "q=Collins") for _ in range(20)))
        answers.append(await _asgi_get(app, "q=Collins"))  # from the cache
        (tmp_path / "CURRENT").write_text("g2")  # a rebuild switched the index
        answers.append(await _asgi_get(app, "q=Collins"))
        await startup.put({"type": "lifespan.shutdown"})
        await lifespan
        return answers

    # In a thread of its own: the session's browser (Playwright's sync API) keeps an event loop
    # running in the main thread, and asyncio.run refuses to start inside one.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        answers = thread.submit(asyncio.run, scenario()).result(timeout=60)
    assert _CountingPools.searches == [("g1", "Collins"), ("g2", "Collins")]
    first = (200, b'{"query":"Collins","generation":"g1"}')
    assert answers[:21] == [first] * 21
    assert answers[21] == (200, b'{"query":"Collins","generation":"g2"}')


def test_a_worker_opens_the_served_index_as_it_starts(
    built_fixture: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    """What a worker's start-up leaves ready: the served generation open, its word list's index
    of near spellings built and one search answered; with no index it starts all the same."""
    from search import workers
    from search.spelling import vocabulary_of
    from search.store import searcher_for, site_generation

    root, site = built_fixture / ".kb" / "index", built_fixture / "site"
    name = site_generation(site, root)
    assert name is not None
    workers._OPEN.clear()
    workers._prepare(str(root), str(site))
    ix = workers._OPEN[(str(root), name)]
    assert vocabulary_of(ix)._by_delete  # built, so the first typo is not slow
    assert searcher_for(ix).__dict__.get("_kb_plain")  # a search was answered
    workers._prepare(str(tmp_path), None)  # no index there: each search will say so


def test_a_failing_warm_up_does_not_stop_a_worker(
    built_fixture: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker whose start-up raised would break its whole pool; warming up is only a head
    start, so a failure in it is left for the searches to report."""
    import search.query
    from search import workers

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a damaged segment")

    monkeypatch.setattr(search.query, "search", broken)
    workers._OPEN.clear()
    workers._prepare(str(built_fixture / ".kb" / "index"), str(built_fixture / "site"))
