"""Citation formats: what counts as a well-formed citation, and near misses found in prose."""

from __future__ import annotations

import pytest

from build_tools.content.citations import find_malformed, is_case_citation, is_statute_ref

CASE_CITATIONS = [
    # neutral citations
    ("[2006] UKHL 40", True),
    ("[2012] EWHC 2157 (Admin)", True),
    ("[2016] EWCA Crim 425", True),
    ("[2012] EWHC 2157", False),  # High Court needs its division
    ("2006 UKHL 40", False),
    # law reports
    ("[2006] 1 WLR 2223", True),
    ("[2012] 1 Cr App R (S) 82", True),
    ("(1992) 14 EHRR 229", True),
    ("(2012) 176 JP 737", True),
    # ECHR applications
    ("no. 25239/13", True),
    ("No 25239/13", False),
]


@pytest.mark.parametrize(("text", "ok"), CASE_CITATIONS)
def test_case_citation_formats(text: str, ok: bool) -> None:
    assert is_case_citation(text) is ok


STATUTES = [
    ("s127(1) Communications Act 2003", True),
    ("s4A Protection from Harassment Act 1997", True),
    ("s16 Offences Against the Person Act 1861", True),
    ("s5 Sexual Offences (Amendment) Act 1992", True),
    ("ss44-46 Serious Crime Act 2007", True),
    ("Part 3A Public Order Act 1986", True),
    ("Computer Misuse Act 1990", True),
    ("s127 (1) Communications Act 2003", False),  # space before the subsection
    ("s127(1) Communications Act", False),  # no year
    ("section 127", False),
]


@pytest.mark.parametrize(("text", "ok"), STATUTES)
def test_statute_reference_formats(text: str, ok: bool) -> None:
    assert is_statute_ref(text) is ok


NEAR_MISSES = [
    (
        "see [2012] EWHC 2157 for this",
        "[2012] EWHC 2157",
        "High Court neutral citation without its division",
    ),
    (
        "cited as [2016] EWCA 425",
        "[2016] EWCA 425",
        "Court of Appeal neutral citation without 'Civ' or 'Crim'",
    ),
    ("the Lords in (2006) UKHL 40", "(2006) UKHL 40", "neutral citation in round brackets"),
    (
        "application no 25239/13",
        "no 25239/13",
        "ECHR application number not in the form 'no. NNNNN/YY'",
    ),
    ("under s.127 of the Act", "s.127", "statute section written as 's.NNN'"),
]


@pytest.mark.parametrize(("text", "found", "message"), NEAR_MISSES)
def test_near_misses_in_prose(text: str, found: str, message: str) -> None:
    issues = find_malformed(f"first line\n{text}", first_line=10)
    assert [(i.line, i.text, i.message) for i in issues] == [
        (11, found, f"malformed citation '{found}': {message}")
    ]


def test_well_formed_prose_has_no_issues() -> None:
    text = "[2012] EWHC 2157 (Admin), [2016] EWCA Crim 425, no. 25239/13 and s127(1)."
    assert find_malformed(text) == []
