"""Where each glossary term is used: the exact pages and paragraphs, for the glossary's "Used in".

A term is used where one of its spellings (see `term_spellings`) appears as a whole word in the
text a reader sees: a guideline paragraph (named by its marker, e.g. "KB ¶4" or "Para 40"), a
list (it belongs to the paragraph that introduces it), one of our notes, or elsewhere on a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.content.glossary_tips import term_spellings
from build_tools.content.markdown_blocks import REF, blocks
from build_tools.content.model import ContentModel, Page
from build_tools.content.provenance import section_provenance

__all__ = ["Use", "term_pattern", "term_uses"]


@dataclass(frozen=True)
class Use:
    page: Page
    places: tuple[tuple[str, str | None], ...]
    """(label, anchor) of each place on the page: a paragraph ("KB ¶4", "p4"), "note" or
    "text" (no anchor)."""


def term_pattern(spellings: list[str]) -> re.Pattern[str]:
    words = sorted(spellings, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


def _places(
    page: Page, pattern: re.Pattern[str], labels: dict[str, str]
) -> list[tuple[str, str | None]]:
    found: dict[tuple[str, str | None], None] = {}
    last_para: str | None = None
    for block in blocks(page.body, first_line=page.body_line):
        if block.para_id and not block.in_note:
            last_para = block.para_id
        text = REF.sub(lambda m: m.group("text"), block.text)
        if not pattern.search(text):
            continue
        if block.in_note:
            found.setdefault(("note", None), None)
        elif block.para_id and block.para_id in labels:
            found.setdefault((labels[block.para_id], block.para_id), None)
        elif block.kind == "list" and last_para in labels:
            found.setdefault((labels[last_para], last_para), None)
        else:
            found.setdefault(("text", None), None)
    return list(found)


def term_uses(model: ContentModel) -> dict[str, list[Use]]:
    """Term id -> where it is used, guideline sections newest version first, then other pages
    by title. The glossary itself is left out."""
    order = {v.id: i for i, v in enumerate(model.versions())}
    labels = {
        p.key: {x.id: x.label for x in section_provenance(p, model)}
        for p in model.pages
        if p.type == "guideline"
    }
    pages = sorted(
        (p for p in model.pages if p.type not in ("glossary",)),
        key=lambda p: (
            p.type != "guideline",
            -order.get(p.version or "", -1),
            getattr(p.meta, "order", 0),
            p.title.lower(),
        ),
    )
    uses: dict[str, list[Use]] = {}
    for glossary in (p for p in model.pages if p.type == "glossary"):
        for term in glossary.glossary_meta.terms:
            pattern = term_pattern(term_spellings(term.term, term.aka))
            found = []
            for page in pages:
                places = _places(page, pattern, labels.get(page.key, {}))
                if places:
                    found.append(Use(page, tuple(places)))
            uses[term.id] = found
    return uses
