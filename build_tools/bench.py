"""`make bench`: speed figures for the search index, the CLI, the API and the build.

Prints figures; asserts nothing (targets live here as printed comparisons, not as timed tests).
Run on the real content and on a generated corpus of 10,000 sections, with SQLite FTS5 over the
same sections as a yardstick.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import itertools
import json
import os
import pathlib
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence

import yaml

from build_tools.content.check import check_docs
from build_tools.index_docs import search_documents
from search.documents import SearchDocument
from search.query import search
from search.store import build_index, open_index
from search.workers import DEFAULT_WORKERS

ROOT = pathlib.Path(__file__).resolve().parent.parent
QUERIES = [c["q"] for c in yaml.safe_load((ROOT / "tests/data/relevance.yml").read_text("utf-8"))]


def _pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def synthetic_documents(
    real: list[SearchDocument], count: int, seed: int = 7
) -> list[SearchDocument]:
    """`count` sections of 120-300 words drawn from the real content's vocabulary."""
    rng = random.Random(seed)
    words = " ".join(d["body"] for d in real).split()
    docs: list[SearchDocument] = []
    for n in range(count):
        template = real[n % len(real)]
        body = " ".join(rng.choice(words) for _ in range(rng.randint(120, 300)))
        title = " ".join(rng.choice(words) for _ in range(4))
        id_ = f"synthetic:{n}"
        docs.append(
            template | {"id": id_, "group": id_, "title": title, "body": body, "words": body}
        )
    return docs


def _index(docs: list[SearchDocument], where: pathlib.Path) -> float:
    start = time.perf_counter()
    build_index(docs, where)
    return time.perf_counter() - start


def _query_times(index_root: pathlib.Path, rounds: int = 3) -> list[float]:
    ix = open_index(index_root)
    for q in QUERIES:  # warm up
        search(ix, q)
    times = []
    for _ in range(rounds):
        for q in QUERIES:
            start = time.perf_counter()
            search(ix, q)
            times.append(time.perf_counter() - start)
    return times


def _fts5_times(docs: list[SearchDocument], rounds: int = 3) -> tuple[float, list[float]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE s USING fts5(title, body, tokenize='porter unicode61')")
    start = time.perf_counter()
    db.executemany("INSERT INTO s VALUES (?, ?)", [(d["title"], d["body"]) for d in docs])
    db.commit()
    build = time.perf_counter() - start
    times = []
    for _ in range(rounds):
        for q in QUERIES:
            words = [w for w in "".join(c if c.isalnum() else " " for c in q).split()]
            match = " OR ".join(f'"{w}"' for w in words) or '""'
            start = time.perf_counter()
            db.execute(
                "SELECT rowid, snippet(s, 1, '<mark>', '</mark>', '…', 20) FROM s "
                "WHERE s MATCH ? ORDER BY bm25(s) LIMIT 10",
                (match,),
            ).fetchall()
            times.append(time.perf_counter() - start)
    return build, times


_BENCH_PAGE = """<!doctype html><meta charset="utf-8"><title>bench</title>
<script src="engine.js"></script>
<script>window.__start = performance.now();</script>
<script src="search/kb-index.js"></script>
<script>
window.__kbParts = {};
window.__kb = new KbSearch.Engine(window.__kbIndex, window.__kbParts);
window.__ready = performance.now() - window.__start;
</script>
PARTS"""


def _browser_figures(where: pathlib.Path, out: pathlib.Path) -> str:
    """The site's own search box: index size, time to ready, query p50/p99 in Chromium."""
    from search.browser_index import write_browser_index

    generation = where / (where / "CURRENT").read_text(encoding="utf-8").strip()
    script = write_browser_index(generation, out)
    files = sorted((out / "search").glob("kb-*.js"))
    gz = {f.name: len(gzip.compress(f.read_bytes(), 6)) for f in files}
    total_raw = sum(f.stat().st_size for f in files)
    core = gz[script.name]
    sizes = (
        f"index {total_raw / 1e6:.2f} MB in {len(files)} files ({sum(gz.values()) / 1e6:.2f} MB "
        f"gzip; core {core / 1e6:.2f} MB gzip)"
    )
    chromium = shutil.which("chromium")
    if chromium is None:
        return sizes + "; Chromium not installed, no timings"
    shutil.copy(ROOT / "docs/assets/javascripts/kb-search-engine.js", out / "engine.js")
    tags = "".join(f'<script src="search/{f.name}"></script>' for f in files if f != script)
    (out / "bench.html").write_text(_BENCH_PAGE.replace("PARTS", tags), encoding="utf-8")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto((out / "bench.html").as_uri())
        ready = float(page.evaluate("window.__ready"))
        # What a fresh page loads before its first answer: the core and the parts one query asks.
        needed: list[list[str]] = page.evaluate(
            """qs => qs.map(q => {
                 const e = new KbSearch.Engine(window.__kbIndex, {}); const seen = new Set();
                 for (let i = 0; i < 5; i++) {
                   const out = e.search(q); if (!out.missing) break;
                   out.missing.forEach(m => { seen.add(m); e.parts[m] = window.__kbParts[m]; });
                 }
                 return [...seen].map(n => KbSearch.partPath(n).split('/').pop()); })""",
            QUERIES,
        )
        first = [core + sum(gz[n] for n in names) for names in needed]
        times: list[float] = page.evaluate(
            """qs => { const t = []; qs.forEach(q => window.__kb.search(q));
                 for (let r = 0; r < 3; r++) for (const q of qs) {
                   const s = performance.now(); window.__kb.search(q);
                   t.push(performance.now() - s);
                 } return t; }""",
            QUERIES,
        )
        browser.close()
    p50, p99 = _pct(times, 50), _pct(times, 99)
    return (
        f"{sizes}; loaded before the first answer p50 {_pct(first, 50) / 1e6:.2f} MB, max "
        f"{max(first) / 1e6:.2f} MB gzip; ready {ready:.0f} ms after load; "
        f"query p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )


def _report(label: str, docs: list[SearchDocument], work: pathlib.Path) -> None:
    where = work / label
    seconds = _index(docs, where)
    times = _query_times(where)
    fts_build, fts = _fts5_times(docs)
    p50, p99 = _pct(times, 50), _pct(times, 99)
    f50, f99 = _pct(fts, 50), _pct(fts, 99)
    print(f"\n[{label}] {len(docs)} sections")
    print(f"  index build          {seconds:.2f} s = {len(docs) / seconds:,.0f} sections/s")
    print(f"  warm query (Whoosh)  p50 {_ms(p50)}, p99 {_ms(p99)} over {len(times)} queries")
    print(
        f"  SQLite FTS5          build {fts_build:.2f} s; p50 {_ms(f50)}, p99 {_ms(f99)}; "
        f"Whoosh/FTS5 p50 {p50 / f50:.1f}x, p99 {p99 / f99:.1f}x"
    )
    print(f"  search box (browser) {_browser_figures(where, work / (label + ' box'))}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _kb(*args: str) -> list[str]:
    return [sys.executable, "-m", "build_tools.cli", *args]


REPEATED = QUERIES[:20]  # the small set of queries most people type
_WORD = re.compile(r"[a-z]{4,}")


def unique_queries(real: list[SearchDocument], count: int, seed: int = 11) -> list[str]:
    """`count` distinct two-word queries, each two neighbouring words of a real section, so
    every one finds something and none is in the answer cache."""
    pairs: set[str] = set()
    for doc in real:
        words = _WORD.findall(str(doc["body"]).lower())
        pairs.update(f"{a} {b}" for a, b in itertools.pairwise(words) if a != b)
    ordered = sorted(pairs - set(QUERIES))
    random.Random(seed).shuffle(ordered)
    return ordered[:count]


def api_mix(unique: list[str], total: int, repeated_share: float = 0.7, seed: int = 5) -> list[str]:
    """`total` queries: `repeated_share` of them from REPEATED, the rest each asked once (taken
    in order from `unique`)."""
    rng = random.Random(seed)
    fresh = iter(unique)
    return [
        rng.choice(REPEATED) if rng.random() < repeated_share else next(fresh) for _ in range(total)
    ]


def _load(port: int, queries: list[str], clients: int, rate: float | None = None) -> str:
    """`clients` threads, each on its own kept-alive connection, asking `queries` in turn: as
    fast as answers come (`rate` None: the most the server gives, where latency is only how long
    the queue is), or each query at its own time, `rate` a second spread over the clients (an
    offered load). A request's latency counts from the time it was due, so an answer that keeps
    a client from sending on time is not hidden. Each client connects before the clock starts:
    what is measured is the server answering, not 32 connections and threads being set up at
    once (that alone put over 50 ms on the first requests)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    todo = iter(enumerate(queries))
    connections = []
    for _ in range(clients):
        connections.append(http.client.HTTPConnection("127.0.0.1", port, timeout=30))
        connections[-1].connect()

    def client(conn: http.client.HTTPConnection) -> None:
        nonlocal errors
        while True:
            with lock:
                item = next(todo, None)
            if item is None:
                break
            number, query = item
            due = time.perf_counter() if rate is None else begin + number / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            try:
                conn.request("GET", "/api/search?q=" + urllib.parse.quote(query))
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200 and "results" in json.loads(body)
            except (OSError, http.client.HTTPException, ValueError):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                latencies.append(time.perf_counter() - due)
                errors += not ok
        conn.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in connections]
    begin = time.perf_counter() + 0.05
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begin
    return (
        f"{len(queries) / elapsed:5,.0f} requests/s, p50 {_ms(_pct(latencies, 50))}, "
        f"p99 {_ms(_pct(latencies, 99))}, {errors} errors ({len(queries)} requests)"
    )


OFFERED = 300  # requests a second, for the latency the target speaks of


def _api_rates(
    site: pathlib.Path,
    index: pathlib.Path,
    real: list[SearchDocument],
    *,
    workers: int,
    clients: int = 32,
    mixed: int = 2000,
    unique_only: int = 600,
) -> list[str]:
    """The API at `clients` clients on the realistic mix: at an offered OFFERED a second from a
    fresh start, then again (its common answers cached, as on a server that has been running),
    then as fast as it goes; and unique queries only, as fast as they go."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = _kb("--site", str(site), "--index", str(index), "serve", "--port", str(port))
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=Collins", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # Different unique queries for each run, so that none finds another's answers.
        unique = unique_queries(real, 3 * mixed + unique_only)
        runs = [unique[n * mixed : (n + 1) * mixed] for n in range(3)]
        return [
            f"mix at {OFFERED}/s, fresh start      "
            f"{_load(port, api_mix(runs[0], mixed), clients, OFFERED)}",
            f"mix at {OFFERED}/s, running          "
            f"{_load(port, api_mix(runs[1], mixed), clients, OFFERED)}",
            f"mix, as fast as it goes       {_load(port, api_mix(runs[2], mixed), clients)}",
            f"unique only, as fast as it goes {_load(port, unique[3 * mixed :], clients)}",
        ]
    finally:
        server.terminate()
        server.wait(timeout=20)


def _timed(function: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def _wall(command: list[str], runs: int = 3) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sections", type=int, default=10_000, help="size of the generated corpus")
    args = parser.parse_args(argv)
    model, problems = check_docs(ROOT / "docs")
    if problems:
        print(f"{len(problems)} content problems; run 'kb check'", file=sys.stderr)
        return 1
    real = search_documents(model)
    work = pathlib.Path(tempfile.mkdtemp(prefix="kb-bench-"))
    try:
        print("Targets: warm query p99 <= 10 ms (real content); p50 <= 10 ms and p99 <= 50 ms")
        print("         at 10k sections; index build >= 1,000 sections/s at 10k; CLI cold start")
        print("         <= 150 ms; kb build <= 1.2x a bare mkdocs build; search box in the")
        print("         browser: p99 <= 10 ms, ready <= 300 ms (real) / 1 s (10k), <= 1 MB gzip")
        print("         loaded at 10k; API at 32 clients, 70% repeated / 30% unique: >= 300")
        print("         requests/s, p99 <= 50 ms, 0 errors.")
        _report("real content", real, work)
        _report("generated", synthetic_documents(real, args.sections), work)

        site, index = work / "site", work / "real content"
        cold = _wall(_kb("--index", str(index), "search", "Collins"), runs=5)
        print(f"\nCLI cold start (kb search Collins, median of 5): {cold * 1000:.0f} ms")
        kb_build = _wall(_kb("--site", str(site), "--index", str(work / "idx"), "build"))
        bare = _wall(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(work / "bare")]
        )
        print(
            f"kb build {kb_build:.2f} s vs bare mkdocs build {bare:.2f} s: "
            f"ratio {kb_build / bare:.2f}x (median of 3)"
        )
        ix = open_index(work / "idx")
        fresh = unique_queries(real, 3000)[-200:]
        costs = [_timed(search, ix, q) for q in fresh]
        print(
            f"A query never asked before costs p50 {_ms(_pct(costs, 50))}, p99 "
            f"{_ms(_pct(costs, 99))} of one core, so one search worker answers at most "
            f"~{1 / _pct(costs, 50):.0f} of them a second"
        )
        for workers in sorted({1, DEFAULT_WORKERS}):
            print(f"API, 32 clients, kb serve --workers {workers}:")
            for line in _api_rates(site, work / "idx", real, workers=workers):
                print(f"  {line}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
