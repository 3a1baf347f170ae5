"""One engine, three doors (issue 15): the site's own search (JavaScript, run here under Node)
gives the same answers as `kb search` / `/api/search` (Python and Whoosh) over the same index:
the same tokens for every word of the content, and the same top three, total and "did you mean"
for the relevance suite and more."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml
from conftest import ROOT

from search.analysis import citation_analyzer, prose_analyzer, raw_analyzer
from search.query import search
from search.store import open_index

NODE = shutil.which("node")
RUNNER = ROOT / "tests/js/parity.js"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests/data/relevance.yml").read_text(encoding="utf-8")
)
EXTRA = [
    "grossly offensive",
    "harass* offen*",
    "gross?y",
    "a*",
    "*",
    "type:case Article 10",
    "version:2013-final threshold",
    "category:4 public interest",
    "re-tweet",
    "retweeting",
    "M'Bala",
    "25239/13",
    "s 127 (2)",
    "sec. 4A",
    "the of and",
    "xyzzy plugh",
    "menacng",
    "what changed",
    "p5",
    "¶12 2013",
    "stalking OR harassment",
    "trolling NOT children",
    "cyberstalking OR doxxing NOT children",
    "gross?y offen*",
]


def _node(request: dict[str, Any], index: pathlib.Path) -> dict[str, Any]:
    if NODE is None:
        pytest.fail("node not found: run 'make setup' (it installs Node.js with npm)")
    done = subprocess.run(
        [NODE, str(RUNNER), str(index)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def browser_index(built_docs: pathlib.Path) -> pathlib.Path:
    return built_docs / "site/search/kb-index.js"


def test_the_same_tokens_for_every_word_of_the_content(browser_index: pathlib.Path) -> None:
    words: set[str] = set()
    for page in (ROOT / "docs").rglob("*.md"):
        words |= set(re.findall(r"\S+", page.read_text(encoding="utf-8")))
    words |= {c["q"] for c in CASES} | set(EXTRA)
    texts = sorted(words)
    chains = {
        "prose": prose_analyzer(),
        "citation": citation_analyzer(),
        "raw": raw_analyzer(),
    }
    request = {
        "analyse": [
            {"text": t, "chain": chain, "query": query}
            for chain in chains
            for query in (False, True)
            for t in texts
        ]
    }
    got = _node(request, browser_index)["tokens"]
    mismatches = []
    n = 0
    for chain, analyzer in chains.items():
        for query in (False, True):
            mode = "query" if query else "index"
            for text in texts:
                expected = [t.text for t in analyzer(text, mode=mode)]
                if got[n] != expected:
                    mismatches.append(f"{chain}/{mode} {text!r}: py {expected} js {got[n]}")
                n += 1
    assert len(texts) > 5000
    assert mismatches == [], "\n".join(mismatches[:20])


def test_the_same_answers_as_the_engine(
    browser_index: pathlib.Path, built_docs: pathlib.Path
) -> None:
    ix = open_index(built_docs / "index")
    queries = [c["q"] for c in CASES] + EXTRA
    js = _node({"queries": [{"q": q, "limit": 10} for q in queries]}, browser_index)["results"]
    same, differ = 0, []
    for q, row in zip(queries, js, strict=True):
        try:
            py = search(ix, q, limit=10)
        except Exception as exc:  # QueryError: the JS engine must refuse it too
            assert row["error"], f"{q!r}: Python refused ({exc}), JS did not"
            same += 1
            continue
        mine = ([r["id"] for r in py["results"]][:3], py["total"], py["suggestion"])
        theirs = (row["ids"][:3], row["total"], row["suggestion"])
        if mine == theirs:
            same += 1
        else:
            differ.append(f"{q!r}: py {mine} js {theirs}")
    rate = same / len(queries)
    print(f"\nparity: {same} of {len(queries)} queries give the same top 3 ({rate:.3f})")
    print("\n".join(differ))
    assert rate >= 0.98, "\n".join(differ)
