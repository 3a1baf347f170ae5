"""Search over the later texts on record only in part (issue 19): they are searchable, but a
partial section never outranks the full text of the same section unless the query names it."""

from __future__ import annotations

import json
import pathlib

import pytest
from conftest import ROOT, run_kb

PARTIAL = {"part-a-b", "electronic-communications", "communications-offences"}


def _search(built_docs: pathlib.Path, *query: str) -> dict:  # type: ignore[type-arg]
    result = run_kb("--index", str(built_docs / "index"), "search", *query, "--json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "query", ["introduction definition of social media", "VAWG", "jurisdiction"]
)
def test_a_partial_section_never_outranks_the_full_text(
    built_docs: pathlib.Path, query: str
) -> None:
    results = _search(built_docs, query)["results"]
    guideline = [r for r in results if r["type"] == "guideline"]
    assert guideline, query
    assert guideline[0]["version"] not in PARTIAL, guideline[0]
    # The later texts are still there, listed with the hit they share an id with.
    assert any(set(r["also_in"]) & PARTIAL for r in guideline) or any(
        r["version"] in PARTIAL for r in guideline
    )


@pytest.mark.parametrize(
    ("query", "version"),
    [
        ("communications offences guidance introduction", "communications-offences"),
        ("Part A / Part B referral", "part-a-b"),
        ("other electronic communications referral", "electronic-communications"),
    ],
)
def test_naming_the_later_text_finds_it(built_docs: pathlib.Path, query: str, version: str) -> None:
    results = _search(built_docs, query)["results"]
    assert results and results[0]["version"] == version, results[:2]
