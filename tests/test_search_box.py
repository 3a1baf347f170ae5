"""The site's own search box (issue 15), typed into in a real Chromium from file://: the
relevance suite succeeds as it does through `kb search`, and nothing leaves the machine."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
import yaml
from conftest import ARTIFACTS, ROOT
from test_browser import ON_DISK, leaving, record_requests, type_query
from test_relevance import _rank

pytestmark = pytest.mark.browser

CASES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests/data/relevance.yml").read_text(encoding="utf-8")
)


def test_relevance_suite_in_the_search_box_from_file(
    browser: Any, built_docs: pathlib.Path
) -> None:
    page = browser.new_page()
    requests = record_requests(page)
    ranks: list[int | None] = []
    misses: list[str] = []
    try:
        page.goto((built_docs / "site/versions/2016-final/introduction.html").as_uri())
        for case in CASES:
            type_query(page, case["q"])
            ids = page.locator("[data-kb-results] li").evaluate_all(
                "items => items.map(i => i.getAttribute('data-kb-id'))"
            )
            rank = _rank(ids, case["expect"])
            ranks.append(rank)
            if rank is None or rank > 3:
                misses.append(f"  {case['q']!r}: rank {rank}; top {ids[:3]}")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "search-box-failure.png"))
        raise
    finally:
        page.close()
    success = sum(1 for r in ranks if r is not None and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    print(f"\nsearch box, file://: {len(ranks)} queries, success@3 {success:.3f}, MRR {mrr:.3f}")
    print("\n".join(misses))
    assert success >= 0.95, "\n".join(misses)
    assert leaving(requests, *ON_DISK) == []
