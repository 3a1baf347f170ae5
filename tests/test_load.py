"""A bounded load test on loopback: 32 concurrent clients for 30 seconds, no errors allowed.

Prints requests/s and latency percentiles. KB_LOAD_SECONDS shortens or lengthens the run.
"""

from __future__ import annotations

import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CLIENTS = 32
SECONDS = float(os.environ.get("KB_LOAD_SECONDS", "30"))
PATHS = [
    "/api/search?q=" + urllib.parse.quote(q)
    for q in ("Collins", "s127(1)", "grossly offensive", "harrassment", "type:case Article 10")
] + ["/index.html", "/cases/dpp-v-collins.html", "/search/kb-index.js"]


def test_32_clients_for_30_seconds_without_errors(server: str) -> None:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(n: int) -> None:
        i = n
        while time.monotonic() < stop:
            path = PATHS[i % len(PATHS)]
            i += 1
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(server + path, timeout=30) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError) as exc:
                ok = False
                path += f" ({exc})"
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(path)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2] * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    print(
        f"\nload: {CLIENTS} clients, {wall:.1f} s, {len(latencies)} requests, "
        f"{len(latencies) / wall:.0f} requests/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
        f"{len(errors)} errors"
    )
    assert errors == []
    assert len(latencies) > CLIENTS


WORST = [
    "/api/search?limit=100&q=" + urllib.parse.quote(q)
    for q in ("harass* offen*", "gross?y communi*", '"public interest" ~50 offence*', "a " * 200)
]
NORMAL_SEARCH = [p for p in PATHS if p.startswith("/api/")]
STATIC = [p for p in PATHS if not p.startswith("/api/")]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else 0.0


def test_costly_queries_beside_normal_traffic(docs_server: str) -> None:
    """4 clients sending the costliest queries the engine accepts, beside 16 normal clients.
    Prints the normal search and static-file latencies (the target is p99 within 100 ms on the
    reference machine); asserts only that nothing fails or hangs."""
    seconds = min(SECONDS, 10.0)
    stop = time.monotonic() + seconds
    timings: dict[str, list[float]] = {"search": [], "static": [], "worst": []}
    failures: list[str] = []
    lock = threading.Lock()

    def client(kind: str, paths: list[str], n: int) -> None:
        i = n
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            if kind == "worst":  # never the same twice, so no answer comes from the cache
                path += urllib.parse.quote(f" OR n{i}")
            i += 1
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(docs_server + path, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except (urllib.error.URLError, OSError) as exc:
                status = 0
                path += f" ({exc})"
            with lock:
                timings[kind].append(time.perf_counter() - start)
                # A costly query may be turned away (400 refused, 503 over budget); never fail.
                if status != 200 and not (kind == "worst" and status in (400, 503)):
                    failures.append(f"{status} {path}")

    threads = [threading.Thread(target=client, args=("worst", WORST, n)) for n in range(4)]
    threads += [
        threading.Thread(target=client, args=("search", NORMAL_SEARCH, n)) for n in range(8)
    ]
    threads += [threading.Thread(target=client, args=("static", STATIC, n)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        f"\ncostly beside normal, {seconds:.0f} s: "
        + ", ".join(
            f"{kind} {len(t)} requests p50 {_percentile(t, 0.5):.0f} ms "
            f"p99 {_percentile(t, 0.99):.0f} ms"
            for kind, t in timings.items()
        )
    )
    assert failures == []
    assert timings["search"] and timings["static"]
