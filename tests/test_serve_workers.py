"""`kb serve --workers N` and the answer cache: N processes search at once, and a rebuild's new
index generation is never answered from the cache of the one before."""

from __future__ import annotations

import json
import pathlib
import subprocess
import urllib.request
from typing import Any

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
        new_name = {"label": "DPP v Collins (renamed)"}
        renamed = [{**d, **new_name} if d["id"] == first["id"] else d for d in documents]
        build_index(renamed, index)  # a new generation, made live
        assert _search(base, "Collins")["results"][0]["title"] == "DPP v Collins (renamed)"
