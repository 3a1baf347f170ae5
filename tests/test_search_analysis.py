"""Legal-aware analysis: each way of writing a thing finds the text that writes it another way."""

from __future__ import annotations

import pathlib

import pytest

from search.analysis import prose_analyzer
from search.query import prepare, search, split_filters
from search.store import open_index

# (text in the content, what a user types): the query's terms must all be in the text's terms.
MATCHES = [
    ("an offence under section 127(1) of the Act", "s127(1)"),
    ("an offence under section 127(1) of the Act", "s.127(1)"),
    ("an offence under section 127(1) of the Act", "s 127"),
    ("contrary to s127(1)(a)", "section 127(1)"),
    ("contrary to s127(1)(a)", "s127(1)(a)"),
    ("the stalking offence in s4A", "s 4A"),
    ("the stalking offence in s4A", "section 4a"),
    ("ss.44-46 of the Serious Crime Act 2007", "s44"),
    ("M'Bala M'Bala v France", "Mbala"),
    ("M'Bala M'Bala v France", "M'Bala"),
    ("Mbala", "M'Bala"),
    ("re-tweeting a message", "retweeting"),
    ("retweeting a message", "re-tweet"),
    ("re-tweeting a message", "re-tweets"),
    ("cyber-stalking", "cyberstalking"),
    ("the court's decision", "court"),
    ("application no. 25239/13", "25239/13"),
    ("[2006] UKHL 40", "UKHL 40"),
    ("prosecuting grossly offensive messages", "prosecutions message"),
]

MISSES = [
    ("an offence under section 127(2)", "s127(1)"),
    ("section 4 of the Act", "s4A"),
]


def _terms(text: str, mode: str) -> set[str]:
    return {t.text for t in prose_analyzer()(prepare(text) if mode == "query" else text, mode=mode)}


@pytest.mark.parametrize(("text", "query"), MATCHES)
def test_query_matches_text(text: str, query: str) -> None:
    assert _terms(query, "query") <= _terms(text, "index")


@pytest.mark.parametrize(("text", "query"), MISSES)
def test_query_does_not_match_text(text: str, query: str) -> None:
    assert not _terms(query, "query") <= _terms(text, "index")


def test_highlight_offsets_cover_the_reference_as_written() -> None:
    text = "see s.127(1) here"
    spans = {
        t.text: text[t.startchar : t.endchar]
        for t in prose_analyzer()(text, chars=True, mode="index")
    }
    assert spans["s127_1"] == "s.127(1)"


def test_filters_are_taken_out_of_the_words() -> None:
    assert split_filters("type:case article 10 version:2016-final") == (
        "article 10",
        [("type", "case"), ("version", "2016-final")],
    )


def test_sections_are_collapsed_newest_first(built_docs: pathlib.Path) -> None:
    ix = open_index(built_docs / "index")
    rows = search(ix, "cyber-enabled violence against women and girls", limit=20)["results"]
    vawg = [r for r in rows if r["id"].endswith("/vawg")]
    assert len(vawg) == 1
    assert vawg[0]["version"] == "2016-final"
    assert vawg[0]["also_in"] == ["2016-interim"]
    asked = search(ix, "version:2016-interim cyber-enabled violence", limit=20)["results"]
    assert asked and {r["version"] for r in asked} == {"2016-interim"}
    assert all(r["also_in"] == [] for r in asked)
