"""Glossary terms as abbreviation definitions, so every use of a term in the site has a tooltip.

Python-Markdown's `abbr` extension, given a glossary, wraps every whole-word use of a term in
`<abbr title=...>`; Material's `content.tooltips` feature shows the title as a tooltip.
"""

from __future__ import annotations

import re

from build_tools.content.markdown_blocks import REF
from build_tools.content.model import ContentModel

__all__ = ["abbreviations", "term_spellings"]

_MARKUP = re.compile(r"[*_`\[\]]")


def term_spellings(term: str, aka: list[str]) -> list[str]:
    """The spellings a term is written in: as given, lower case and sentence case, plus aliases."""
    spellings: list[str] = []
    for word in [term, *aka]:
        for variant in (word, word.lower(), word[:1].upper() + word[1:]):
            if variant not in spellings:
                spellings.append(variant)
    return spellings


def _plain(definition: str) -> str:
    text = REF.sub(lambda m: m.group("text"), definition)
    return " ".join(_MARKUP.sub("", text).split())


def abbreviations(model: ContentModel) -> dict[str, str]:
    """Spelling -> plain-text definition for every glossary term, for the abbr `glossary` option.

    Passed as configuration rather than appended to each page as `*[term]: ...` lines: the
    extension's block processor takes about 0.4 s a page for a hundred such lines.
    """
    found: dict[str, str] = {}
    for page in model.pages:
        if page.type != "glossary":
            continue
        for term in page.glossary_meta.terms:
            definition = _plain(term.definition)
            for spelling in term_spellings(term.term, term.aka):
                found.setdefault(spelling, definition)
    return found
