"""`kb check` on a fixture with planted mistakes: every kind reported, with file, line and hint."""

from __future__ import annotations

import re

from conftest import FIXTURES, run_kb

BAD = FIXTURES / "bad"


def test_every_planted_mistake_is_reported_exactly() -> None:
    result = run_kb("check", "--docs", str(BAD / "docs"))
    assert result.returncode == 1, result.stderr
    expected = (BAD / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected


KINDS = [
    "no front matter",
    "front matter is not valid YAML",
    "unknown page type",
    "missing required field",
    "unknown field",
    "duplicate id",
    "is not allowed",  # unknown version
    "dangling reference",
    "broken anchor",
    "malformed citation",
    "malformed statute reference",
    "should be a valid date",
    "paragraph has no stable id",
    "empty section",
    "not valid UTF-8",
    "missing required field 'id'",
    "front matter is not closed",
    "code block is never closed",
    "HTML comment is never closed",
    # provenance (issue 13)
    "has no source mapping",
    "knowledge base note carries the guideline paragraph number",
    "is confirmed for",  # one original paragraph confirmed twice in a version
    "'sources.p1.status': 'certain' is not allowed",
    "names no original paragraph",
    "text is unnumbered",
    "which is not a guideline paragraph here",
    "mode_of_trial 'other' does not say what applies",
]


def test_at_least_fifteen_kinds_each_with_file_line_and_hint() -> None:
    lines = (BAD / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]
    line_shape = re.compile(r"^docs/[\w/.-]+\.md:\d+: .+ \(.+\)$")
    assert all(line_shape.match(line) for line in lines), lines
    found = {kind for kind in KINDS if any(kind in line for line in lines)}
    assert found == set(KINDS)
    assert len(found) >= 15


def test_good_fixture_is_clean() -> None:
    result = run_kb("check", "--docs", str(FIXTURES / "good" / "docs"))
    assert (result.returncode, result.stdout) == (0, "13 pages checked, 0 problems\n")
