"""Hostile requests against `kb serve` (issue 14): every response, errors included, carries the
security headers and no traceback; redirects never name the Host the client sent; slow clients
are cut off; expensive queries get a clear answer, never a hang."""

from __future__ import annotations

import json
import os
import pathlib
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Iterator

import pytest
from conftest import kb_serve

from search.api import SECURITY_HEADERS


@pytest.fixture(scope="module")
def quick_server(built_fixture: pathlib.Path) -> Iterator[str]:
    """`kb serve` with a 1-second header deadline."""
    os.environ["KB_HEADER_TIMEOUT"] = "1"
    try:
        with kb_serve("--root", str(built_fixture)) as base:
            yield base
    finally:
        del os.environ["KB_HEADER_TIMEOUT"]


def _exchange(server: str, raw: bytes, *, wait: float = 5.0) -> bytes:
    host, port = urllib.parse.urlsplit(server).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(raw)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


def _head(response: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def _has_security_headers(headers: dict[str, str]) -> bool:
    policy = headers.get("content-security-policy", "")
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    return (
        all(
            headers.get(k) == v
            for k, v in SECURITY_HEADERS.items()
            if k != "content-security-policy"
        )
        and policy.startswith("default-src 'self'; script-src 'self'")
        and "unsafe-inline" not in script_src
    )


def test_nul_in_the_path_is_400_with_headers_and_no_traceback(quick_server: str) -> None:
    raw = b"GET /index%00.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    status, headers, body = _head(_exchange(quick_server, raw))
    assert status == 400
    assert _has_security_headers(headers)
    assert b"Traceback" not in body and b"File " not in body


def test_uvicorns_own_400_carries_the_security_headers(quick_server: str) -> None:
    status, headers, _ = _head(_exchange(quick_server, b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"))
    assert status == 400
    assert _has_security_headers(headers)


def test_a_redirect_never_names_the_host_the_client_sent(quick_server: str) -> None:
    raw = b"GET /versions/2016-final HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    status, headers, _ = _head(_exchange(quick_server, raw))
    assert status in (301, 302, 307, 308)
    assert headers["location"].startswith("/")
    assert "evil.example" not in headers["location"]
    assert _has_security_headers(headers)


def test_a_client_that_sends_its_headers_slowly_is_cut_off(quick_server: str) -> None:
    host, port = urllib.parse.urlsplit(quick_server).netloc.split(":")
    start = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /index.html HTTP/1.1\r\n")
        closed = False
        for _ in range(40):  # one header line every 0.25 s, never finishing
            try:
                sock.sendall(b"X-Slow: 1\r\n")
                if sock.recv(1, socket.MSG_DONTWAIT) == b"":
                    closed = True
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed = True
                break
            time.sleep(0.25)
    assert closed, "the server kept a slow client's connection open"
    assert time.monotonic() - start < 5


def test_an_idle_connection_is_closed(quick_server: str) -> None:
    host, port = urllib.parse.urlsplit(quick_server).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        assert sock.recv(1) == b""  # closed by the server, not by our timeout


@pytest.mark.parametrize("q", ["[a TO z]", "a* b* c* d* e*", "*", "\"a b c d e f g h\"~100"])
def test_costly_queries_answer_quickly_with_json(quick_server: str, q: str) -> None:
    path = "/api/search?limit=100&q=" + urllib.parse.quote(q)
    start = time.monotonic()
    request = f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    status, headers, body = _head(_exchange(quick_server, request.encode()))
    assert time.monotonic() - start < 10
    assert status in (200, 400, 503)
    assert "error" in json.loads(body) or "results" in json.loads(body)
    assert _has_security_headers(headers)


def test_a_killed_search_worker_is_replaced(built_fixture: pathlib.Path) -> None:
    """SIGKILL one search worker: the next search says the workers were restarted (503), and
    the one after answers."""
    import signal
    import subprocess
    import urllib.request

    with kb_serve("--root", str(built_fixture)) as base:
        url = base + "/api/search?q=Collins"
        urllib.request.urlopen(url, timeout=10).read()
        port = base.rsplit(":", 1)[1]
        server = subprocess.run(
            ["pgrep", "-f", f"serve --port {port}"], capture_output=True, text=True, check=True
        ).stdout.split()[0]
        workers = subprocess.run(
            ["pgrep", "-P", server, "-f", "multiprocessing-fork"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        assert workers, "the server runs its searches in worker processes"
        for pid in workers:
            os.kill(int(pid), signal.SIGKILL)
        statuses = []
        for n in range(3):
            try:
                with urllib.request.urlopen(url + f"&limit={n + 2}", timeout=10) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
        assert statuses[-1] == 200, statuses
        assert set(statuses) <= {200, 503}, statuses
