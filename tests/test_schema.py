"""Front matter schemas: good and bad front matter per page type, with the exact messages."""

from __future__ import annotations

from typing import Any

import pytest

from build_tools.content.schema import validate_meta


def case(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "case",
        "id": "dpp-v-collins",
        "title": "DPP v Collins",
        "citations": ["[2006] UKHL 40"],
        "court": "House of Lords",
    }
    return {**base, **over}


def offence(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "offence",
        "id": "ca2003-s127-1",
        "title": "s127",
        "statute_ref": "s127(1) Communications Act 2003",
        "mode_of_trial": "summary",
        "max_penalty": "6 months",
        "time_limit": "6 months",
        "status": "in-force",
    }
    return {**base, **over}


def guideline(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "guideline",
        "id": "introduction",
        "title": "Introduction",
        "version": "2016-final",
        "order": 10,
    }
    return {**base, **over}


def version(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "version",
        "id": "2016-final",
        "title": "Final",
        "issued": "2016-10-06",
        "in_force": "2016-10-06",
        "status": "historical",
        "issued_by": "DPP",
    }
    return {**base, **over}


GOOD = [
    case(),
    case(citations=["[2012] EWHC 2157 (Admin)", "[2013] 1 WLR 1833"], decided="2012-07-27"),
    case(citations=["no. 25239/13"], court="ECtHR"),
    offence(),
    offence(statute_ref="ss44-46 Serious Crime Act 2007", mode_of_trial="either-way"),
    offence(statute_ref="Part 3A Public Order Act 1986", categories=[1, 4]),
    guideline(changes=[{"question": 5, "change": 13, "note": "robustly removed"}]),
    version(superseded="2018-08-21", superseded_note="Part A / Part B"),
    {
        "type": "glossary",
        "id": "glossary",
        "title": "Glossary",
        "terms": [{"id": "trolling", "term": "Trolling", "definition": "Upsetting people."}],
    },
    {"type": "page", "id": "home", "title": "Home"},
]


@pytest.mark.parametrize("meta", GOOD, ids=lambda m: f"{m['type']}:{m['id']}")
def test_good_front_matter_validates(meta: dict[str, Any]) -> None:
    model, problems = validate_meta(meta)
    assert problems == []
    assert model is not None


BAD = [
    # missing and unknown fields
    (
        {"id": "x", "title": "X"},
        "type",
        "missing required field 'type'",
        "expected one of: page, version, guideline, case, offence, glossary",
    ),
    ({**case(), "type": "cse"}, "type", "unknown page type 'cse'", "did you mean 'case'?"),
    (
        {k: v for k, v in case().items() if k != "court"},
        "court",
        "missing required field 'court'",
        "add the field to the front matter",
    ),
    (case(decidd="2006-07-19"), "decidd", "unknown field 'decidd'", "did you mean 'decided'?"),
    # ids, dates, enumerations
    (
        case(id="DPP_v_Collins"),
        "id",
        "field 'id': string should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$', got 'DPP_v_Collins'",
        "ids are lower-case words joined by hyphens, e.g. 'dpp-v-collins'",
    ),
    (
        case(decided="19/07/2006"),
        "decided",
        "field 'decided': input should be a valid date or datetime, invalid character in year, "
        "got '19/07/2006'",
        "write the date as YYYY-MM-DD",
    ),
    (
        guideline(version="2016-finale"),
        "version",
        "field 'version': '2016-finale' is not allowed",
        "did you mean '2016-final'?",
    ),
    (
        offence(mode_of_trial="either way"),
        "mode_of_trial",
        "field 'mode_of_trial': 'either way' is not allowed",
        "did you mean 'either-way'?",
    ),
    (
        guideline(categories=[5]),
        "categories",
        "field 'categories.0': input should be less than or equal to 4, got 5",
        "see AUTHORING.md for the field's format",
    ),
    (
        guideline(changes=[{"question": 6, "note": "x"}]),
        "changes",
        "field 'changes.0.question': input should be less than or equal to 5, got 6",
        "see AUTHORING.md for the field's format",
    ),
    # citations and statute references
    (
        case(citations=["[2012] EWHC 2157"]),
        "citations",
        "field 'citations': malformed citation '[2012] EWHC 2157': expected a form like '[2012] "
        "EWHC 2157 (Admin)', '[2006] 1 WLR 2223', '(1992) 14 EHRR 229' or 'no. 25239/13'",
        "see AUTHORING.md for citation and statute formats",
    ),
    (
        offence(statute_ref="section 127 of the 2003 Act"),
        "statute_ref",
        "field 'statute_ref': malformed statute reference 'section 127 of the 2003 Act': expected "
        "a form like 's127(1) Communications Act 2003', 'ss44-46 Serious Crime Act 2007' or "
        "'Part 3 Public Order Act 1986'",
        "see AUTHORING.md for citation and statute formats",
    ),
]


@pytest.mark.parametrize(
    ("meta", "field", "message", "hint"), BAD, ids=[row[2][:40] for row in BAD]
)
def test_bad_front_matter_names_field_and_fix(
    meta: dict[str, Any], field: str, message: str, hint: str
) -> None:
    model, problems = validate_meta(meta)
    assert model is None
    assert [(p.field, p.message, p.hint) for p in problems] == [(field, message, hint)]
