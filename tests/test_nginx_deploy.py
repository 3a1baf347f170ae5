"""The intranet deployment, for real: Debian's nginx with deploy/nginx/kb.conf (rendered by
`kb nginx-config`) serves the built site and passes /api/ to two `kb serve` instances, all on
loopback. A page, a search and a static file, then 32 clients at once with no errors. Speed
figures belong to `make bench`; nothing here is timed."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import os
import pathlib
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from conftest import _free_port, kb_serve, run_kb

from build_tools.deploy import NGINX_HEADERS, DeployError, nginx_config
from search.api import SECURITY_HEADERS

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

# What Debian's /etc/nginx/nginx.conf gives the http block, with every path in a temp folder so
# that nginx needs nothing under /var and no root (when run as root, it stays root so that it
# can read pytest's private temp folders).
MAIN = """{user}
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/kb.conf;
}}
"""


def _get(
    base: tuple[str, int], path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(*base, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@contextlib.contextmanager
def _nginx(tmp: pathlib.Path, config: str, port: int) -> Iterator[tuple[str, int]]:
    """The real nginx binary in the foreground with `config` as its server block."""
    (tmp / "kb.conf").write_text(config, encoding="utf-8")
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN.format(tmp=tmp, user=user), encoding="utf-8")
    command = [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(tmp / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                _get(("127.0.0.1", port), "/")
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()[1].decode()
                time.sleep(0.05)
        yield ("127.0.0.1", port)
    finally:
        proc.terminate()  # SIGTERM: nginx's fast shutdown, workers included
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.communicate()


@pytest.fixture(scope="module")
def deployed(
    built_fixture: pathlib.Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[tuple[str, int], str]]:
    """nginx in front of two `kb serve --workers 1`; yields nginx's address and one kb serve."""
    if not os.access(NGINX, os.X_OK):
        pytest.skip(f"nginx is not installed ({NGINX}): run 'make nginx' (apt-get install nginx)")
    tmp, port = tmp_path_factory.mktemp("nginx"), _free_port()
    root = ("--root", str(built_fixture))
    options = ("--workers", "1")
    with kb_serve(*root, options=options) as one, kb_serve(*root, options=options) as two:
        apis = [a for base in (one, two) for a in ("--api", base.removeprefix("http://"))]
        rendered = run_kb(*root, "nginx-config", "--listen", f"127.0.0.1:{port}", *apis)
        assert rendered.returncode == 0, rendered.stderr
        with _nginx(tmp, rendered.stdout, port) as nginx:
            yield nginx, one


def test_a_page_with_the_security_headers_kb_serve_sends(
    deployed: tuple[tuple[str, int], str],
) -> None:
    nginx, kb = deployed
    status, headers, body = _get(nginx, "/cases/dpp-v-collins.html")
    assert status == 200
    assert "<title>DPP v Collins" in body.decode()
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    host, port = kb.removeprefix("http://").split(":")
    _, python, _ = _get((host, int(port)), "/cases/dpp-v-collins.html")  # kb serve itself
    for name in SECURITY_HEADERS:  # the same values, this build's script hashes included
        assert headers[name] == python[name], name
    assert "'sha256-" in headers["content-security-policy"]


def test_a_search_through_nginx(deployed: tuple[tuple[str, int], str]) -> None:
    nginx, _ = deployed
    status, headers, body = _get(nginx, "/api/search?q=Collins&limit=5")
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["results"][0]["id"] == "case:dpp-v-collins"
    assert list(headers).count("content-security-policy") == 1  # nginx's copy, not two
    assert headers["x-frame-options"] == "DENY"
    status, headers, body = _get(nginx, "/api/search?q=", method="POST")
    assert (status, headers["x-frame-options"]) == (403, "DENY")


def test_static_files_their_caching_and_gzip(
    deployed: tuple[tuple[str, int], str], built_fixture: pathlib.Path
) -> None:
    nginx, _ = deployed
    site = built_fixture / "site"
    script = site / "assets/javascripts/kb-search-engine.js"
    status, headers, body = _get(nginx, "/assets/javascripts/kb-search-engine.js")
    assert (status, body) == (200, script.read_bytes())
    assert headers["cache-control"] == "no-cache" and "etag" in headers
    status, headers, body = _get(
        nginx, "/assets/javascripts/kb-search-engine.js", {"Accept-Encoding": "gzip"}
    )
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == script.read_bytes()
    bundle = next((site / "assets/javascripts").glob("bundle.*.min.js"))
    status, headers, body = _get(nginx, "/" + str(bundle.relative_to(site)))
    assert (status, body) == (200, bundle.read_bytes())
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["x-content-type-options"] == "nosniff"


def test_missing_pages_private_files_and_redirects(deployed: tuple[tuple[str, int], str]) -> None:
    nginx, _ = deployed
    status, headers, body = _get(nginx, "/nowhere.html")
    assert status == 404 and b"search" in body.lower()  # the site's own 404 page
    assert "content-security-policy" in headers
    for private in ("/.kb-generation", "/" + NGINX_HEADERS, "/.kb-script-hashes"):
        assert _get(nginx, private)[0] == 404, private
    status, headers, _ = _get(nginx, "/cases", {"Host": "evil.example"})
    assert (status, headers["location"]) == (301, "/cases/")


def test_32_clients_pages_searches_and_files_without_errors(
    deployed: tuple[tuple[str, int], str],
) -> None:
    nginx, _ = deployed
    paths = [
        "/index.html",
        "/api/search?q=Collins",
        "/assets/javascripts/kb-search-engine.js",
        "/cases/dpp-v-collins.html",
        "/api/search?q=grossly%20offensive",
        "/search/kb-index.js",
        "/api/search?q=s127(1)",
    ]
    failures: list[str] = []
    done = 0
    lock = threading.Lock()

    def client(n: int) -> None:
        nonlocal done
        conn = http.client.HTTPConnection(*nginx, timeout=30)
        for i in range(60):
            path = paths[(n + i) % len(paths)]
            if i % 10 == 5:  # now and then a search no one asked before: no cached answer
                path = f"/api/search?q=Collins&limit={1 + (n * 60 + i) % 90}"
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200
                if not ok:
                    path = f"{path} ({response.status} {body[:100]!r})"
            except (OSError, http.client.HTTPException) as exc:
                ok, path = False, f"{path} ({exc!r})"
                conn.close()
                conn = http.client.HTTPConnection(*nginx, timeout=30)
            with lock:
                done += 1
                if not ok:
                    failures.append(path)
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert done == 32 * 60


def test_the_config_refuses_what_nginx_would_misread(built_fixture: pathlib.Path) -> None:
    site = built_fixture / "site"
    with pytest.raises(DeployError, match="must be HOST:PORT"):
        nginx_config(site, listen="80; include /etc/passwd", api=["127.0.0.1:8001"])
    with pytest.raises(DeployError, match="must be HOST:PORT"):
        nginx_config(site, listen="80", api=["127.0.0.1:8001;}"])
    with pytest.raises(DeployError, match="run 'kb build' first"):
        nginx_config(built_fixture / "docs", listen="80", api=["127.0.0.1:8001"])
    result = run_kb("--root", str(built_fixture), "nginx-config", "--api", "x y")
    assert result.returncode == 2
    assert result.stderr == "kb: --api must be HOST:PORT, [IPv6]:PORT or PORT, got 'x y'\n"
