"""The relevance suite: realistic queries against the real content, scored by success@3 and MRR.

Run on the index `kb build` makes of docs/. Prints the figures and every query that missed the
top three, so tuning has something to go on.
"""

from __future__ import annotations

import pathlib
import re
from typing import Any

import yaml
from conftest import ROOT

from search.query import search
from search.store import open_index

CASES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests/data/relevance.yml").read_text(encoding="utf-8")
)
_VERSION = re.compile(r"^guideline:[\w-]+/")


def _normalise(result_id: str) -> str:
    return _VERSION.sub("guideline:", result_id)


def _matches(result_id: str, expected: str) -> bool:
    """An expectation that names a version ("guideline:2013-final/...") must match it; one
    without a version matches the section in any version."""
    found = result_id if _VERSION.match(expected) else _normalise(result_id)
    return found == expected or found.startswith(expected + "#")


def _rank(ids: list[str], expect: list[str]) -> int | None:
    for n, found in enumerate(ids, 1):
        if any(_matches(found, e) for e in expect):
            return n
    return None


def test_the_suite_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert len({c["q"] for c in CASES}) == len(CASES)


def test_relevance_bars(built_docs: pathlib.Path) -> None:
    ix = open_index(built_docs / "index")
    ranks: list[int | None] = []
    misses = []
    for case in CASES:
        results = search(ix, case["q"], limit=10)["results"]
        rank = _rank([r["id"] for r in results], case["expect"])
        ranks.append(rank)
        if rank is None or rank > 3:
            misses.append(f"  {case['q']!r}: rank {rank}; top {[r['id'] for r in results[:3]]}")
    success = sum(1 for r in ranks if r is not None and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    print(f"\nrelevance: {len(ranks)} queries, success@3 {success:.3f}, MRR {mrr:.3f}")
    print("\n".join(misses))
    assert success >= 0.90, "\n".join(misses)
    assert mrr >= 0.80, "\n".join(misses)


def test_top_hit_and_total_do_not_depend_on_limit(built_docs: pathlib.Path) -> None:
    ix = open_index(built_docs / "index")
    for case in CASES[::5]:
        one = search(ix, case["q"], limit=1)
        ten = search(ix, case["q"], limit=10)
        assert one["total"] == ten["total"], case["q"]
        assert [r["id"] for r in one["results"]] == [r["id"] for r in ten["results"][:1]], case

