"""Every change the 2016 consultation response reports is a real, reasoned 2016 difference."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
import yaml
from conftest import ROOT

from build_tools.content.check import check_docs
from build_tools.diff.versions import diff_versions

CHANGES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests/data/consultation_changes.yml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def sections() -> dict[str, dict[str, Any]]:
    model, problems = check_docs(pathlib.Path(ROOT / "docs"))
    assert problems == []
    diff = diff_versions(model, "2016-interim", "2016-final").to_json()
    return {s["id"]: s for s in diff["sections"]}


def test_the_data_file_covers_every_numbered_change() -> None:
    counts = {1: 5, 2: 5, 3: 6, 4: 3, 5: 20}
    found = {(c["question"], c["change"]) for c in CHANGES}
    assert found == {(q, n) for q, total in counts.items() for n in range(1, total + 1)}


@pytest.mark.parametrize(
    "change",
    [c for c in CHANGES if c["kind"] == "structure"],
    ids=lambda c: f"Q{c['question']}.{c['change']}",
)
def test_structural_change_is_told_on_the_version_page(change: dict[str, Any]) -> None:
    page = (ROOT / "docs/versions/2016-final/index.md").read_text(encoding="utf-8")
    assert change["evidence"] in " ".join(page.split())


@pytest.mark.parametrize(
    "change",
    [c for c in CHANGES if c["kind"] in ("diff", "added")],
    ids=lambda c: f"Q{c['question']}.{c['change']}",
)
def test_change_is_a_difference_with_its_reason(
    change: dict[str, Any], sections: dict[str, dict[str, Any]]
) -> None:
    section = sections[change["section"]]
    reasons = {(r.get("question"), r.get("change")) for r in section["reasons"]}
    assert (change["question"], change["change"]) in reasons, (
        f"{change['section']} (2016-final) should give Q{change['question']} change "
        f"{change['change']} as a reason under `changes:`"
    )
    if change["kind"] == "added":
        assert section["status"] == "added"
        return
    changed = " ".join(h["text"] for h in section["hunks"] if h["op"] in ("insert", "delete"))
    assert change["evidence"].lower() in changed.lower()


def test_changes_not_made_are_not_claimed_as_reasons(
    sections: dict[str, dict[str, Any]],
) -> None:
    not_made = {(c["question"], c["change"]) for c in CHANGES if c["kind"] == "not-made"}
    claimed = {
        (r.get("question"), r.get("change")) for s in sections.values() for r in s["reasons"]
    }
    assert not_made & claimed == set()
