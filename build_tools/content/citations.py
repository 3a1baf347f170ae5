"""Citation formats: neutral citations, law reports, ECHR applications and statute references.

All citation regexes live here, so the schema, the body checks and the tests share one source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CitationIssue", "find_malformed", "is_case_citation", "is_statute_ref"]

_COURTS = r"(?:UKHL|UKSC|UKPC|EWCA (?:Civ|Crim)|EWHC|EWFC|UKUT|UKFTT)"
_DIVISIONS = r"(?:Admin|QB|KB|Ch|Fam|Comm|Pat|TCC|IPEC|Costs)"
NEUTRAL = re.compile(rf"\[(?:19|20)\d{{2}}\] {_COURTS} \d+(?: \({_DIVISIONS}\))?")
_REPORT_SERIES = r"[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*(?: \([A-Z]\))?"
REPORT = re.compile(
    rf"(?:\[(?:18|19|20)\d{{2}}\]|\((?:18|19|20)\d{{2}}\))(?: \d+)? {_REPORT_SERIES} \d+"
)
ECHR_APPLICATION = re.compile(r"no\. \d{1,6}/\d{2}")
_SMALL_WORDS = "and|of|the|for|in|on|to|from|with|against|by"
_ACT = rf"[A-Z][A-Za-z'()]*(?:,? (?:[A-Z(][A-Za-z'()]*|{_SMALL_WORDS}))* Act \d{{4}}"
_SECTION = r"s{1,2}\d+[A-Z]*(?:\(\d+[A-Z]?\))*(?:\([a-z]+\))*(?:-\d+[A-Z]*)?"
STATUTE = re.compile(rf"(?:{_SECTION} |Parts? \d+[A-Z]?(?:-\d+[A-Z]?)? )?{_ACT}")


def is_case_citation(text: str) -> bool:
    """True for a neutral citation, a law-report citation or an ECHR application number."""
    text = text.strip()
    if text.startswith("[") and re.fullmatch(rf"\[\d{{4}}\] {_COURTS} \d+.*", text):
        # Anything that starts like a neutral citation must be a correct one (EWHC needs its
        # division in brackets), not slip through as a "report".
        if not NEUTRAL.fullmatch(text):
            return False
        return text.split()[1] != "EWHC" or text.endswith(")")
    return any(p.fullmatch(text) for p in (NEUTRAL, REPORT, ECHR_APPLICATION))


def is_statute_ref(text: str) -> bool:
    """True for `s127(1) Communications Act 2003`, `Part 3 Public Order Act 1986`, an Act alone."""
    return STATUTE.fullmatch(text.strip()) is not None


@dataclass(frozen=True)
class CitationIssue:
    line: int
    text: str
    message: str
    hint: str


_NEAR_MISSES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"\[(?:19|20)\d{2}\] EWHC \d+\b(?! \()"),
        "High Court neutral citation without its division",
        "add the division in brackets, e.g. '[2012] EWHC 2157 (Admin)'",
    ),
    (
        re.compile(r"\[(?:19|20)\d{2}\] EWCA \d+"),
        "Court of Appeal neutral citation without 'Civ' or 'Crim'",
        "write '[2016] EWCA Crim 425' or '[2016] EWCA Civ 425'",
    ),
    (
        re.compile(r"\((?:19|20)\d{2}\) (?:UKHL|UKSC|EWCA|EWHC) \d+"),
        "neutral citation in round brackets",
        "neutral citations take square brackets, e.g. '[2006] UKHL 40'",
    ),
    (
        re.compile(r"\b[Nn]o\.? ?\d{3,6}/\d{2}\b"),
        "ECHR application number not in the form 'no. NNNNN/YY'",
        "write 'no. 25239/13' (lower-case 'no', a full stop and a space)",
    ),
    (
        re.compile(r"\bs\.\s?\d+[A-Z]?(?:\(\d+\))?"),
        "statute section written as 's.NNN'",
        "write 's127(1)' with no full stop or space",
    ),
)


def find_malformed(text: str, *, first_line: int = 1) -> list[CitationIssue]:
    """Citations in prose that look intended but are malformed, with the line they are on."""
    issues: list[CitationIssue] = []
    for offset, line in enumerate(text.split("\n")):
        for pattern, message, hint in _NEAR_MISSES:
            for match in pattern.finditer(line):
                found = match.group(0)
                if pattern.pattern.startswith(r"\b[Nn]o") and ECHR_APPLICATION.fullmatch(found):
                    continue
                issues.append(
                    CitationIssue(
                        first_line + offset, found, f"malformed citation '{found}': {message}", hint
                    )
                )
    return issues
