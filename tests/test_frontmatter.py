"""Splitting sources: every malformed file is a problem with a line and a fix, never a crash."""

from __future__ import annotations

import pytest

from build_tools.content.frontmatter import parse_source

CASES = [
    (b"Just text\n", 1, "no front matter"),
    (b"---\ntype: page\nid: x\n", 1, "front matter is not closed"),
    (
        b"---\ntype: page\ntitle: a: b\n---\n",
        3,
        "front matter is not valid YAML: mapping values are not allowed here",
    ),
    (b"---\n- a\n- b\n---\n", 2, "front matter must be a mapping of fields"),
    (b"---\ntype: page\ntitle: Caf\xe9\n---\n", 3, "file is not valid UTF-8 (byte 0xe9)"),
]


@pytest.mark.parametrize(("raw", "line", "message"), CASES)
def test_malformed_sources(raw: bytes, line: int, message: str) -> None:
    source, problems = parse_source("docs/x.md", raw)
    assert source is None
    assert [(p.path, p.line, p.message) for p in problems] == [("docs/x.md", line, message)]
    assert problems[0].hint


def test_dates_stay_text_and_lines_are_kept() -> None:
    raw = b"---\ntype: case\ndecided: 2006-07-19\n---\n\nBody line\n"
    source, problems = parse_source("docs/x.md", raw)
    assert problems == []
    assert source is not None
    assert source.meta["decided"] == "2006-07-19"
    assert source.line_of("decided") == 3
    assert source.body_line == 5
    assert source.body.split("\n")[1] == "Body line"
