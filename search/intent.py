"""What people type besides search words: a version named in words ("2013 final", "October
2016", "2012 guidelines"), a paragraph ("para 40", "paragraph 12", "p12", "¶12"), or a wish to
compare ("what changed", "compare", "differences"). Pure functions over the query text.

A year is a version only where it cannot be part of a citation or a statute: not in brackets,
not after "Act", not before a court or report abbreviation ("[2012] EWHC", "2012 WL").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Intent", "read_intent"]

# Longest phrases first; each maps to a version id.
_VERSION_PHRASES: list[tuple[str, str]] = [
    (r"(?:revised\s+)?interim\s+(?:guidelines?\s+)?(?:of\s+)?(?:march\s+)?2016", "2016-interim"),
    (r"(?:march\s+)?2016\s+interim", "2016-interim"),
    (r"march\s+2016", "2016-interim"),
    (r"(?:final\s+(?:revised\s+)?(?:guidelines?\s+)?(?:of\s+)?)?october\s+2016", "2016-final"),
    (r"2016\s+final|final\s+2016", "2016-final"),
    (r"interim\s+(?:guidelines?\s+)?(?:of\s+)?(?:december\s+)?2012", "2012-interim"),
    (r"(?:december\s+)?2012\s+interim|december\s+2012", "2012-interim"),
    (r"(?:june\s+)?2013\s+final", "2013-final"),
    (r"final\s+(?:guidelines?\s+)?(?:of\s+)?(?:june\s+)?2013", "2013-final"),
    (r"june\s+2013", "2013-final"),
    # The later texts, on record only in part.
    (r"part\s+a\s*(?:/|and|&)?\s*(?:part\s+)?b", "part-a-b"),
    (r"(?:august\s+)?2018\s+(?:revision|guidelines?|guidance)", "part-a-b"),
    (
        r"(?:social\s+media\s+and\s+)?other\s+electronic\s+communications",
        "electronic-communications",
    ),
    (r"(?:december\s+)?2022\s+(?:revision|guidelines?|guidance)", "electronic-communications"),
    (r"communications\s+offences\s+(?:legal\s+)?guidance", "communications-offences"),
    (r"2024\s+(?:guidelines?|guidance)", "communications-offences"),
]
_YEARS = {"2012": "2012-interim", "2013": "2013-final", "2016": "2016-final"}
# A bare year, when it is not part of a citation or a statute's name.
_BARE_YEAR = re.compile(
    r"(?<![\[\(\w/])(2012|2013|2016)(?![\]\)\w/])(?!\s+(?:[A-Z]{2,}\b|\d+\s+[A-Z]))"
)
_AFTER_ACT = re.compile(r"\bAct\s*$", re.I)
_VERSION_WORDS = re.compile(
    r"\b(?:guidelines?|guidance|version|section(?!\s*\d)|of\s+the|the|of|in)\b", re.I
)

_PARAGRAPH = re.compile(
    r"(?:\bpara(?:graph)?s?\.?\s*|¶\s*|\b(?P<anchor>p))(\d{1,3})\b(?!\s*\()", re.I
)
_COMPARE = re.compile(
    r"\b(?:what\s+changed|what\s+has\s+changed|changes?\s+(?:between|from|in)|compare[ds]?|"
    r"comparison|differences?|diff)\b",
    re.I,
)


@dataclass(frozen=True)
class Intent:
    text: str  # what is left to search for
    version: str | None
    paragraph: str | None  # the number typed, as text
    compare: bool
    versions: tuple[str, ...] = ()  # every version named, in order (for "what changed")
    anchor: bool = False  # typed as "p12": our own paragraph id first, not the CPS number


def _versions(text: str) -> tuple[str, list[str]]:
    found: list[tuple[int, str]] = []
    for pattern, version in _VERSION_PHRASES:
        for m in re.finditer(rf"\b(?:{pattern})\b", text, re.I):
            found.append((m.start(), version))
        text = re.sub(rf"\b(?:{pattern})\b", " ", text, flags=re.I)

    def bare(m: re.Match[str]) -> str:
        if _AFTER_ACT.search(text[: m.start()]):
            return m.group(0)
        found.append((m.start(), _YEARS[m.group(1)]))
        return " "

    text = _BARE_YEAR.sub(bare, text)
    ordered = [v for _, v in sorted(found)]
    return text, list(dict.fromkeys(ordered))


def read_intent(text: str) -> Intent:
    """Split the query into search words and what it asks of versions and paragraphs."""
    compare = bool(_COMPARE.search(text))
    if compare:
        # "What changed between 2013 and 2016 final": the version words stay, to find the page.
        _, named = _versions(text)
        return Intent(" ".join(_COMPARE.sub(" ", text).split()), None, None, True, tuple(named))
    rest, versions = _versions(text)
    paragraph = None
    anchor = False
    m = _PARAGRAPH.search(rest)
    if m is not None:
        paragraph = m.group(2)
        anchor = m.group("anchor") is not None
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if versions or paragraph:
        # "the 2013 guidelines", "para 12 of the 2016 version": those words named the version.
        rest = _VERSION_WORDS.sub(" ", rest)
    version = versions[0] if versions else None
    return Intent(" ".join(rest.split()), version, paragraph, False, tuple(versions), anchor)
