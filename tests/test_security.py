"""The server and the search output are safe with hostile input."""

from __future__ import annotations

import http.client
import json
import pathlib
import urllib.parse

import pytest

from search.api import SECURITY_HEADERS
from search.documents import document
from search.query import search
from search.store import build_index, open_index


def _raw_get(server: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET exactly `path`, with no client-side normalisation of '..' or escapes."""
    host = urllib.parse.urlsplit(server).netloc
    conn = http.client.HTTPConnection(host, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/cases/..%5c..%5c..%5cetc%5cpasswd",
        "/assets/../../mkdocs.yml",
    ],
)
def test_path_traversal_is_404(server: str, path: str) -> None:
    status, _, body = _raw_get(server, path)
    assert status == 404
    assert b"root:" not in body


@pytest.mark.parametrize("path", ["/index.html", "/api/search?q=Collins", "/nope.html"])
def test_security_headers_on_every_response(server: str, path: str) -> None:
    _, headers, _ = _raw_get(server, path)
    for name, value in SECURITY_HEADERS.items():
        if name != "content-security-policy":
            assert headers.get(name) == value
    policy = headers["content-security-policy"]
    assert policy.startswith("default-src 'self'; script-src 'self'")
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    if path.endswith(".html") and "nope" not in path:
        assert "'sha256-" in script_src  # the theme's own inline scripts, by hash


def test_the_policy_allows_no_other_host() -> None:
    policy = SECURITY_HEADERS["content-security-policy"]
    assert "http" not in policy and "*" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_echoed_query_is_json_not_html(server: str) -> None:
    query = "<script>alert(1)</script>"
    status, headers, body = _raw_get(server, "/api/search?q=" + urllib.parse.quote(query))
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body)["query"] == query


def test_script_in_content_is_escaped_in_snippets(tmp_path: pathlib.Path) -> None:
    doc = document(
        id="page:x",
        page_id="page:x",
        title="A page",
        body='Collins said <script>alert("x")</script> & more <b>bold</b>.',
        words="Collins said script alert",
        type="page",
        url="x.html",
    )
    build_index([doc], tmp_path)
    ix = open_index(tmp_path)
    for query in ("Collins", "script", "<script>", 'alert("x")'):
        for row in search(ix, query)["results"]:
            snippet = row["snippet"]
            assert "<script" not in snippet and "<b>" not in snippet, snippet
            assert "&lt;" in snippet


def test_the_server_listens_on_loopback_only(server: str) -> None:
    port = urllib.parse.urlsplit(server).port
    assert port is not None
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = pathlib.Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, and nothing on other interfaces
