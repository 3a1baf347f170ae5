"""Hostile queries: no exception escapes the search function, and the API never answers 500."""

from __future__ import annotations

import pathlib
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.query import MAX_QUERY_LENGTH, QueryError, search
from search.store import open_index

# Query-syntax pieces mixed with arbitrary text: unbalanced quotes and brackets, operators,
# unknown and known fields, wildcards, ranges, statute and citation shapes.
_PIECES = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "*",
        "?",
        "~",
        "^",
        ":",
        "-",
        "+",
        "\\",
        "/",
        " AND ",
        " OR ",
        " NOT ",
        " TO ",
        "type:",
        "version:",
        "category:",
        "cites:",
        "nofield:",
        "title:",
        "s127(1)",
        "s.127",
        "[2006] UKHL 40",
        "M'Bala",
        "re-tweet",
        "25239/13",
        "harrassment",
        "Collins",
        "*ollins",
        "colli*",
        "'",
        "’",
        "\u0000",
        "\ufeff",
        "🙂",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=25).map("".join),
)


@pytest.fixture(scope="module")
def index(built_fixture: pathlib.Path) -> Any:
    return open_index(built_fixture / ".kb" / "index")


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERIES, type_=st.sampled_from([None, "case", "x"]), limit=st.integers(-5, 200))
def test_search_never_raises_anything_but_query_error(
    index: Any, query: str, type_: str | None, limit: int
) -> None:
    start = time.perf_counter()
    try:
        result = search(index, query, type_=type_, limit=limit)
    except QueryError as exc:
        assert str(exc)
        return
    assert time.perf_counter() - start < 2.0, f"query {query!r} took too long"
    assert 1 <= limit <= 100
    assert len(result["results"]) <= limit
    for row in result["results"]:
        assert "<script" not in row["snippet"].lower()


def test_a_10000_character_query_is_refused_with_a_message(index: Any) -> None:
    with pytest.raises(QueryError, match=f"the limit is {MAX_QUERY_LENGTH}"):
        search(index, "a" * 10_000)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERIES, limit=st.one_of(st.none(), st.text(max_size=5)))
def test_api_answers_200_or_400_never_500(server: str, query: str, limit: str | None) -> None:
    params = {"q": query} if limit is None else {"q": query, "limit": limit}
    status, body = _get(f"{server}/api/search?{urllib.parse.urlencode(params)}")
    assert status in (200, 400), (status, body[:300])
    if status == 400:
        assert b'"error"' in body
