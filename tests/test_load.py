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
] + ["/index.html", "/cases/dpp-v-collins.html", "/search/search_index.json"]


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
