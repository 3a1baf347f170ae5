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


def _rank(results: list[dict[str, Any]], expect: list[str]) -> int | None:
    for n, row in enumerate(results, 1):
        found = _normalise(row["id"])
        if any(found == e or found.startswith(e + "#") for e in expect):
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
        rank = _rank(results, case["expect"])
        ranks.append(rank)
        if rank is None or rank > 3:
            misses.append(f"  {case['q']!r}: rank {rank}; top {[r['id'] for r in results[:3]]}")
    success = sum(1 for r in ranks if r is not None and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    print(f"\nrelevance: {len(ranks)} queries, success@3 {success:.3f}, MRR {mrr:.3f}")
    print("\n".join(misses))
    assert success >= 0.90, "\n".join(misses)
    assert mrr >= 0.80, "\n".join(misses)
