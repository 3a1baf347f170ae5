"""`kb serve`: a real HTTP server (uvicorn) with the site and the same JSON as the CLI."""

from __future__ import annotations

import json
import pathlib
import urllib.error
import urllib.request

import pytest
from conftest import run_kb


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_api_gives_the_same_json_as_the_cli(server: str, built_fixture: pathlib.Path) -> None:
    status, headers, body = get(server + "/api/search?q=Collins&limit=5")
    assert status == 200
    assert headers["content-type"] == "application/json"
    cli = run_kb("--root", str(built_fixture), "search", "Collins", "--limit", "5", "--json")
    assert json.loads(body) == json.loads(cli.stdout)
    assert json.loads(body)["results"][0]["id"] == "case:dpp-v-collins"


def test_api_filters(server: str) -> None:
    _, _, body = get(server + "/api/search?q=grossly&type=case")
    assert {r["type"] for r in json.loads(body)["results"]} == {"case"}


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("q=", "the query is empty; type one or more words"),
        ("q=x&limit=ten", "limit must be a whole number, got 'ten'"),
        ("q=x&limit=0", "limit must be between 1 and 100, got 0"),
        ("q=" + "a" * 501, "the query is 501 characters long; the limit is 500"),
    ],
)
def test_api_rejects_bad_input_with_400(server: str, query: str, error: str) -> None:
    status, _, body = get(server + "/api/search?" + query)
    assert (status, json.loads(body)) == (400, {"error": error})


def test_site_is_served(server: str) -> None:
    status, headers, body = get(server + "/cases/dpp-v-collins.html")
    assert status == 200
    assert b"DPP v Collins" in body
    assert headers["content-type"].startswith("text/html")
    assert get(server + "/nowhere.html")[0] == 404


def test_server_is_uvicorn_not_http_server(server: str) -> None:
    _, headers, _ = get(server + "/index.html")
    assert headers.get("server") == "uvicorn"


@pytest.mark.parametrize(
    "path",
    [
        "/.kb-generation",
        "/.kb-script-hashes",
        "/.kb-nginx-headers.conf",
        "/%2ekb-generation",
        "/cases/../.kb-generation",
    ],
)
def test_the_builds_own_files_are_not_served(server: str, path: str) -> None:
    """As behind nginx: the generation marker, the script hashes and nginx's header file answer
    with the site's 404 page."""
    status, headers, body = get(server + path)
    assert status == 404, path
    assert b"search" in body.lower()
    assert "content-security-policy" in {k.lower() for k in headers}
