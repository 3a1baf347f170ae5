"""The block scanner agrees with how Markdown reads fences and inline code (issue 18): a fence
closes only with the same character and at least as many, and a reference inside inline code is
text, not a reference."""

from __future__ import annotations

import pytest
from conftest import ROOT

from build_tools.content.markdown_blocks import body_lines, find_refs, unclosed_fence

CASES = [
    # (body, fence left open?, references found as (line, target))
    ("~~~\n```\n~~~\n\nSee [Collins][case:dpp-v-collins].", None, [(4, "dpp-v-collins")]),
    (
        "````\n```\nStill code: [a][case:inside]\n````\n\nAfter [b][case:outside].",
        None,
        [(5, "outside")],
    ),
    ("```\n~~~\nnot closed by a tilde fence", (0, "```"), []),
    ("Write `[text][case:dpp-v-collins]` to link a case.", None, []),
    ("Both ``code with ` inside [x][case:a]`` and [y][case:b].", None, [(0, "b")]),
]


@pytest.mark.parametrize(("body", "open_fence", "refs"), CASES)
def test_fences_and_inline_code_are_read_as_markdown_reads_them(
    body: str, open_fence: tuple[int, str] | None, refs: list[tuple[int, str]]
) -> None:
    assert unclosed_fence(body) == open_fence
    assert [(r.line, r.target) for r in find_refs(body, first_line=0)] == refs


def test_a_line_inside_a_long_fence_is_fenced() -> None:
    lines = body_lines("````\n```\n````\ntext")
    assert [fenced for _, _, fenced in lines] == [True, True, True, False]


def test_a_reference_in_inline_code_is_not_rewritten_into_a_link() -> None:
    from build_tools.content.check import check_docs
    from build_tools.content.links import rewrite_refs

    model, _ = check_docs(ROOT / "docs")
    page = model.section("2016-final", "introduction")
    assert page is not None
    body = "Write `[text][case:dpp-v-collins]` to link, as [here][case:dpp-v-collins]."
    out = rewrite_refs(body, page, model)
    assert out.startswith("Write `[text][case:dpp-v-collins]` to link, as [here](../../cases/")
