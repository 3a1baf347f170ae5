"""What a query asks besides words: a version named in words, a paragraph, a comparison."""

from __future__ import annotations

import pytest

from search.intent import read_intent

# (query, words left to search, version, paragraph, compare)
CASES = [
    (
        "2013 final category 4 public interest",
        "category 4 public interest",
        "2013-final",
        None,
        False,
    ),
    ("hate crime section 2016 interim", "hate crime", "2016-interim", None, False),
    ("October 2016 VAWG", "VAWG", "2016-final", None, False),
    ("March 2016 children", "children", "2016-interim", None, False),
    ("2012 guidelines threshold", "threshold", "2012-interim", None, False),
    ("para 12 2013 guidelines", "", "2013-final", "12", False),
    ("paragraph 36 of the 2012 interim guidelines", "", "2012-interim", "36", False),
    ("p12", "", None, "12", False),
    ("¶5", "", None, "5", False),
    ("what changed 2016 interim to final", "2016 interim to final", None, None, True),
    ("compare 2013 and 2016 final", "2013 and 2016 final", None, None, True),
    # The later texts, on record only in part, named in words.
    ("Part A / Part B referral", "referral", "part-a-b", None, False),
    (
        "other electronic communications introduction",
        "introduction",
        "electronic-communications",
        None,
        False,
    ),
    ("communications offences guidance VAWG", "VAWG", "communications-offences", None, False),
    # "the communications offences" alone is a subject, not a version.
    ("communications offences time limit", "communications offences time limit", None, None, False),
    # Years that belong to citations and statutes are left alone.
    ("[2012] EWHC 2157 (Admin)", "[2012] EWHC 2157 (Admin)", None, None, False),
    ("[2013] 1 WLR 1833", "[2013] 1 WLR 1833", None, None, False),
    ("Protection of Freedoms Act 2012", "Protection of Freedoms Act 2012", None, None, False),
    ("s127(1)", "s127(1)", None, None, False),
    ("section 127 communications act", "section 127 communications act", None, None, False),
]


@pytest.mark.parametrize(("query", "text", "version", "paragraph", "compare"), CASES)
def test_read_intent(
    query: str, text: str, version: str | None, paragraph: str | None, compare: bool
) -> None:
    intent = read_intent(query)
    assert (intent.text, intent.version, intent.paragraph, intent.compare) == (
        text,
        version,
        paragraph,
        compare,
    )


def test_p12_is_our_own_paragraph_id() -> None:
    assert read_intent("p12").anchor is True
    assert read_intent("para 12").anchor is False
