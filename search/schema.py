"""The Whoosh schema: one document per section (a heading-level chunk) of a page."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from search.analysis import citation_analyzer, prose_analyzer

__all__ = ["make_schema"]


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        page_id=ID(stored=True),
        # `title` is the page title on a page's lead section and the heading on the others, so a
        # page's own lead outranks its subsections; `page_title` keeps them findable by page.
        title=TEXT(stored=True, analyzer=prose_analyzer(), field_boost=4.0),
        page_title=TEXT(analyzer=prose_analyzer(), field_boost=1.5),
        label=STORED(),
        headings=TEXT(stored=True, analyzer=prose_analyzer(), field_boost=2.0),
        aka=TEXT(stored=True, analyzer=prose_analyzer(), field_boost=3.0),
        body=TEXT(stored=True, analyzer=prose_analyzer()),
        # A case's own citations or an offence's own statute reference, on its lead section.
        ref=TEXT(stored=True, analyzer=citation_analyzer(), field_boost=8.0),
        # Citations and statute references a section mentions.
        citations=TEXT(stored=True, analyzer=citation_analyzer(), field_boost=2.0),
        type=ID(stored=True),
        version=ID(stored=True),
        category=KEYWORD(stored=True, commas=True),
        cites=KEYWORD(stored=True, commas=True),
        url=STORED(),
        order=STORED(),
        # The same section in every version shares a group; newer versions rank higher.
        group=ID(stored=True),
        version_rank=STORED(),
        # Paragraphs in the section: `p36` (ours) and `cps40` (the CPS paragraph it summarises),
        # and where each leads (`{"cps40": "p36"}`), so "para 40 2013" lands on the paragraph.
        paras=KEYWORD(stored=True, commas=True),
        para_map=STORED(),
    )
