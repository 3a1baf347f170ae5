"""Version diffs: the hunks are a patch, moves are moves, goldens hold, every pair is valid."""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import re
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, run_kb
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.content.check import check_docs
from build_tools.content.model import ContentModel
from build_tools.diff.paragraphs import PatchError, apply_hunks, diff_paragraphs
from build_tools.diff.versions import section_text
from build_tools.diff.words import Hunk

GOLDEN = pathlib.Path(__file__).parent / "golden"
DIFF_FIXTURE = FIXTURES / "diffs"

# Paragraphs from a small vocabulary, so that equal, edited and moved paragraphs all occur.
_word = st.sampled_from(["the", "offence", "court", "order", "message", "s127", "victim", "Q5"])
_paragraph = st.lists(_word, min_size=1, max_size=8).map(" ".join)
_text = st.lists(_paragraph, max_size=8).map(lambda ps: "".join(p + "\n\n" for p in ps))


def _from_side(hunks: list[Hunk]) -> str:
    return "".join(
        h.text for h in hunks if h.op in ("equal", "delete") or (h.op, h.side) == ("move", "from")
    )


@settings(max_examples=400, deadline=None)
@given(old=_text, new=_text)
def test_applying_the_hunks_to_from_gives_to(old: str, new: str) -> None:
    hunks = diff_paragraphs(old, new)
    assert apply_hunks(old, hunks) == new
    assert _from_side(hunks) == old
    assert diff_paragraphs(old, new) == hunks  # deterministic


@settings(max_examples=200, deadline=None)
@given(paragraphs=st.lists(_paragraph, min_size=2, max_size=8, unique=True), data=st.data())
def test_a_reordering_is_only_moves(paragraphs: list[str], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(paragraphs))
    old = "".join(p + "\n\n" for p in paragraphs)
    new = "".join(p + "\n\n" for p in shuffled)
    hunks = diff_paragraphs(old, new)
    assert {h.op for h in hunks} <= {"equal", "move"}
    assert apply_hunks(old, hunks) == new
    froms = sorted(h.move or 0 for h in hunks if h.side == "from")
    tos = sorted(h.move or 0 for h in hunks if h.side == "to")
    assert froms == tos


def test_a_moved_paragraph_is_a_move_and_an_edit_is_a_word_change() -> None:
    old = (
        "Alpha opens.\n\nBravo moves to the end.\n\nCharlie stays.\n\n"
        "Delta closes the section of the guidelines.\n\n"
    )
    new = (
        "Alpha opens.\n\nCharlie stays.\n\n"
        "Delta closes the whole section of the guidelines.\n\nBravo moves to the end.\n\n"
    )
    hunks = diff_paragraphs(old, new)
    assert [(h.op, h.side, h.text) for h in hunks if h.op != "equal"] == [
        ("move", "from", "Bravo moves to the end.\n\n"),
        ("insert", None, "whole "),
        ("move", "to", "Bravo moves to the end.\n\n"),
    ]


def test_a_patch_that_does_not_fit_is_refused() -> None:
    with pytest.raises(PatchError, match="does not match the text at 0"):
        apply_hunks("Other text.\n\n", [Hunk("equal", "Some text.\n\n")])
    with pytest.raises(PatchError, match="characters of the old text left over"):
        apply_hunks("Some text.\n\nMore.\n\n", [Hunk("equal", "Some text.\n\n")])


@pytest.mark.parametrize(
    ("pair", "form"),
    [
        (("2016-interim", "2016-final"), "json"),
        (("2016-interim", "2016-final"), "text"),
        (("2016-interim", "2016-final"), "html"),
        # Two steps: each reason labelled with its step, and lists kept as lists.
        (("2013-final", "2016-final"), "text"),
        (("2013-final", "2016-final"), "html"),
    ],
)
def test_golden_diff_of_the_fixture_versions(pair: tuple[str, str], form: str) -> None:
    result = run_kb("--root", str(DIFF_FIXTURE), "diff", *pair, f"--{form}")
    assert result.returncode == 0, result.stderr
    golden = GOLDEN / f"diffs-{pair[0]}-to-{pair[1]}.{form}"
    if os.environ.get("KB_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8"), (
        f"diff output differs from {golden.name}; if the change is intended, rerun with "
        "KB_UPDATE_GOLDEN=1 and review the golden file"
    )


def test_the_fixture_diff_has_every_status() -> None:
    data = json.loads((GOLDEN / "diffs-2016-interim-to-2016-final.json").read_text())
    statuses = {s["id"]: s["status"] for s in data["sections"]}
    assert statuses == {
        "same": "unchanged",
        "words": "changed",
        "lists": "changed",
        "reorder": "changed",
        "fresh": "added",
        "gone": "removed",
        "renamed": "renamed",
        "second": "moved",
        "first": "unchanged",
    }
    reorder = next(s for s in data["sections"] if s["id"] == "reorder")
    assert [h["side"] for h in reorder["hunks"] if h["op"] == "move"] == ["from", "to"]


def test_the_html_redline_is_standalone() -> None:
    html = (GOLDEN / "diffs-2016-interim-to-2016-final.html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assert '<span class="kb-sr">[inserted: </span>must always' in html
    assert "Why: reason not recorded." in html


def test_a_redlined_list_stays_a_list_and_a_heading_a_heading() -> None:
    html = (GOLDEN / "diffs-2016-interim-to-2016-final.html").read_text()
    lists = html[html.index('<h2 id="lists">') : html.index('<h2 id="reorder">')]
    redline = lists[lists.index('<div class="kb-redline">') :]
    items = re.findall(r"<li>(.*?)</li>", redline)
    assert len(items) == 3
    assert items[0] == "s1 of the Malicious Communications Act 1988;"
    assert "s4A of the Protection from Harassment Act 1997." in items[2]
    assert "- s" not in lists  # the list markers are structure, not text
    assert re.search(r'<h3 class="kb-redline__h">Harassment.*?<ins>.*?and stalking', lists)


def test_a_reason_tied_to_a_paragraph_is_shown_at_its_change() -> None:
    html = (GOLDEN / "diffs-2016-interim-to-2016-final.html").read_text()
    words = html[html.index('<h2 id="words">') : html.index('<h2 id="lists">')]
    # The paragraph the reason names changed in two places (1 and 2): the reason follows the
    # paragraph, names both, and does not pretend to know which one it explains.
    change = words.index('id="change-2"')
    why = words.index("<strong>Why changes 1–2:</strong> Stronger wording.")
    assert change < why < words.index("The second paragraph")
    assert "<ul>" not in words  # tied, so not repeated at the top of the section


def test_a_two_step_comparison_labels_each_reason_with_its_step() -> None:
    text = (GOLDEN / "diffs-2013-final-to-2016-final.text").read_text()
    words = text[text.index("== words") : text.index("== lists")]
    assert "why (2013-final to 2016-interim): Makes the duty to look at the context" in words
    assert "why (2016-interim to 2016-final): Stronger wording." in words
    html = (GOLDEN / "diffs-2013-final-to-2016-final.html").read_text()
    words_html = html[html.index('<h2 id="words">') : html.index('<h2 id="lists">')]
    assert "<li>2013-final to 2016-interim: Makes the duty" in words_html
    assert "2016-interim to 2016-final</span></p>" in words_html  # the tied one, at its change


@pytest.fixture(scope="module")
def model() -> ContentModel:
    found, problems = check_docs(ROOT / "docs")
    assert problems == []
    return found


def _versions(model: ContentModel) -> list[str]:
    return [v.id for v in model.versions()]


def test_every_version_has_sections(model: ContentModel) -> None:
    assert all(model.sections(v) for v in _versions(model))
    assert len(_versions(model)) == 7  # four full texts and three partial records


def test_a_diff_with_a_partial_record_says_so_and_compares_only_what_is_recorded(
    model: ContentModel,
) -> None:
    result = run_kb("diff", "2016-final", "communications-offences")
    assert result.returncode == 0, result.stderr
    second = result.stdout.splitlines()[1]
    assert second.startswith("note: communications-offences is a partial record: only the ")
    data = json.loads(run_kb("diff", "2016-final", "communications-offences", "--json").stdout)
    assert data["partial"].startswith("communications-offences is a partial record")
    recorded = {
        p.id for p in model.sections("communications-offences") if p.guideline_meta.recorded
    }
    compared = {s["id"] for s in data["sections"]}
    assert compared and compared <= recorded
    assert all(s["status"] != "removed" for s in data["sections"])  # unseen is not removed


@pytest.mark.parametrize(
    ("old", "new"),
    list(itertools.permutations(["2012-interim", "2013-final", "2016-interim", "2016-final"], 2)),
)
def test_diff_json_is_valid_for_every_ordered_pair(model: ContentModel, old: str, new: str) -> None:
    result = run_kb("diff", old, new, "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    assert (data["from"], data["to"]) == (old, new)
    sections_from = {s.id: s for s in model.sections(old)}
    sections_to = {s.id: s for s in model.sections(new)}
    assert {s["id"] for s in data["sections"]} == set(sections_from) | set(sections_to)
    for section in data["sections"]:
        hunks = [Hunk(h["op"], h["text"], h.get("move"), h.get("side")) for h in section["hunks"]]
        before = (
            section_text(sections_from[section["id"]]) if section["id"] in sections_from else ""
        )
        after = section_text(sections_to[section["id"]]) if section["id"] in sections_to else ""
        assert apply_hunks(before, hunks) == after, section["id"]
        added = sum(len(h.text.split()) for h in hunks if h.op == "insert")
        assert section["words_added"] == added
        if section["status"] in ("changed", "renamed", "added"):
            for reason in section["reasons"]:
                assert (
                    reason["version"]
                    in _versions(model)[
                        _versions(model).index(old) + 1 : _versions(model).index(new) + 1
                    ]
                )
    assert data["summary"]["words_added"] == sum(s["words_added"] for s in data["sections"])
