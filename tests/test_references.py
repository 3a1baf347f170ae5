"""Cross-references by id: resolution, dangling ids, broken anchors, backlinks and rendering."""

from __future__ import annotations

import textwrap

from build_tools.content.loader import build_model, load_page
from build_tools.content.model import Page
from build_tools.content.render import decorate


def page(path: str, text: str) -> Page:
    loaded, problems = load_page(f"docs/{path}", textwrap.dedent(text).lstrip().encode())
    assert problems == [], problems
    assert loaded is not None
    import dataclasses

    return dataclasses.replace(loaded, path=path)


COLLINS = page(
    "cases/dpp-v-collins.md",
    """
    ---
    type: case
    id: dpp-v-collins
    title: DPP v Collins
    citations: ["[2006] UKHL 40"]
    court: House of Lords
    ---

    The leading case on [s127][offence:ca2003-s127-1].
    """,
)
S127 = page(
    "offences/ca2003-s127-1.md",
    """
    ---
    type: offence
    id: ca2003-s127-1
    title: Section 127
    statute_ref: s127(1) Communications Act 2003
    mode_of_trial: summary
    max_penalty: 6 months
    time_limit: 3 years
    status: in-force
    ---

    See [Collins][case:dpp-v-collins].
    """,
)
SECTION = page(
    "versions/2016-final/category-4.md",
    """
    ---
    type: guideline
    id: category-4
    version: 2016-final
    title: Category 4
    order: 70
    ---

    Judged as in [Collins][case:dpp-v-collins], an example of [trolling][term:trolling]. {#p1}

    ## Public interest

    Second paragraph, see [para 1][guideline:2016-final/category-4#p1]. {#p2}
    """,
)
GLOSSARY = page(
    "glossary.md",
    """
    ---
    type: glossary
    id: glossary
    title: Glossary
    terms:
      - {id: trolling, term: Trolling, definition: "Posting to upset people."}
    ---

    Terms.
    """,
)


def test_references_resolve_and_backlinks_are_recorded() -> None:
    model, problems = build_model([COLLINS, S127, SECTION, GLOSSARY])
    assert problems == []
    sources = sorted((b.source.key, b.line) for b in model.backlinks["case:dpp-v-collins"])
    assert sources == [("guideline:2016-final/category-4", 9), ("offence:ca2003-s127-1", 12)]


def test_dangling_reference_and_broken_anchor_are_reported_with_lines() -> None:
    broken = page(
        "versions/2016-final/broken.md",
        """
        ---
        type: guideline
        id: broken
        version: 2016-final
        title: Broken
        order: 1
        ---

        See [x][case:dpp-v-colins] and [y][guideline:2016-final/category-4#p7]. {#p1}

        And [z][statute:s127]. {#p2}
        """,
    )
    _model, problems = build_model([COLLINS, S127, SECTION, GLOSSARY, broken])
    assert [str(p) for p in problems] == [
        "docs/versions/2016-final/broken.md:9: dangling reference 'case:dpp-v-colins' "
        "(did you mean 'case:dpp-v-collins'?)",
        "docs/versions/2016-final/broken.md:9: broken anchor '#p7' in reference "
        "'guideline:2016-final/category-4' (did you mean 'p2'?)",
        "docs/versions/2016-final/broken.md:11: unknown reference kind 'statute' in "
        "[z][statute:s127] (use one of: case, offence, term, guideline, version, page)",
    ]


def test_duplicate_ids_are_reported_once_with_both_paths() -> None:
    twin = page(
        "cases/collins-2.md",
        """
        ---
        type: case
        id: dpp-v-collins
        title: DPP v Collins again
        citations: ["[2006] UKHL 40"]
        court: House of Lords
        ---

        Twin.
        """,
    )
    _model, problems = build_model([COLLINS, S127, twin])
    assert [str(p) for p in problems] == [
        "docs/cases/collins-2.md:3: duplicate id 'case:dpp-v-collins' (also in "
        "docs/cases/dpp-v-collins.md) (ids must be unique; give one of them a new id)"
    ]


def test_rendering_turns_ids_into_relative_links_and_lists_backlinks() -> None:
    model, _ = build_model([COLLINS, S127, SECTION, GLOSSARY])
    section_md = decorate(SECTION.body, SECTION, model)
    assert "[Collins](../../cases/dpp-v-collins.md)" in section_md
    assert '[trolling](../../glossary.md#trolling "Posting to upset people.")' in section_md
    assert "[para 1](category-4.md#p1)" in section_md
    # the paragraph id moves to a line of its own, where attr_list reads it
    assert "an example of [trolling]" in section_md and "\n{#p1}" in section_md
    collins_md = decorate(COLLINS.body, COLLINS, model)
    assert collins_md.endswith(
        "## Referred to by {#referred-to-by}\n\n"
        "**Guideline sections, newest version first**\n\n"
        "- [Category 4 (2016-final)](../versions/2016-final/category-4.md): "
        "[KB ¶1](../versions/2016-final/category-4.md#p1)\n\n"
        "**Offences**\n\n"
        "- [Section 127](../offences/ca2003-s127-1.md)\n"
    )
