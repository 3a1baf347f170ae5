"""Links that never break: published ids are kept or redirected; "latest" URLs follow versions."""

from __future__ import annotations

import pathlib
import shutil

import pytest
import yaml
from conftest import ROOT, make_project, run_kb

from build_tools.content.published import load_record


def _project(tmp_path: pathlib.Path) -> pathlib.Path:
    project = make_project(tmp_path / "p", ROOT / "docs")
    shutil.copy(ROOT / "published.yml", project / "published.yml")
    return project


def test_the_record_covers_the_content() -> None:
    result = run_kb("ids")
    assert result.returncode == 0
    assert result.stdout == "", "new ids: run 'kb ids --record' and commit published.yml"


def test_a_removed_page_needs_a_redirect(tmp_path: pathlib.Path) -> None:
    project = _project(tmp_path)
    (project / "docs/cases/r-v-henson.md").rename(project / "docs/cases/henson.md.bak")
    result = run_kb("--root", str(project), "check")
    assert result.returncode == 1
    assert (
        "published.yml:" in result.stdout
        and "published id 'case:r-v-henson' (cases/r-v-henson.md) no longer exists, and has no "
        "redirect (restore it, or add a redirect under 'redirects:' from 'cases/r-v-henson.md' "
        "to the page that replaces it)"
        in result.stdout
    )


def test_a_redirect_covers_a_moved_page_and_is_built(tmp_path: pathlib.Path) -> None:
    project = _project(tmp_path)
    (project / "docs/cases/r-v-henson.md").unlink()
    record = yaml.safe_load((project / "published.yml").read_text())
    record["redirects"] = {"cases/r-v-henson.md": "cases/r-v-gs.md"}
    # Pages that referred to Henson would now dangle: drop those references for this test.
    for page in (project / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "case:r-v-henson" in text:
            page.write_text(text.replace("][case:r-v-henson]", "][case:r-v-gs]"), "utf-8")
    (project / "published.yml").write_text(yaml.safe_dump(record), encoding="utf-8")
    check = run_kb("--root", str(project), "check")
    assert check.returncode == 0, check.stdout
    build = run_kb("--root", str(project), "build")
    assert build.returncode == 0, build.stdout + build.stderr
    redirect = (project / "site/cases/r-v-henson.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=r-v-gs.html"' in redirect


def test_a_removed_paragraph_must_be_retired(tmp_path: pathlib.Path) -> None:
    project = _project(tmp_path)
    page = project / "docs/versions/2016-final/jurisdiction.md"
    renumbered = page.read_text(encoding="utf-8").replace("{#p2}", "{#p99}")
    page.write_text(renumbered.replace("\n  p2: ", "\n  p99: "), "utf-8")
    result = run_kb("--root", str(project), "check")
    assert result.returncode == 1
    assert "published paragraph 'guideline:2016-final/jurisdiction#p2' no longer exists" in (
        result.stdout
    )
    record = yaml.safe_load((project / "published.yml").read_text())
    record["retired"] = {
        **(record.get("retired") or {}),
        "guideline:2016-final/jurisdiction#p2": "renumbered in a test",
    }
    (project / "published.yml").write_text(yaml.safe_dump(record), encoding="utf-8")
    assert run_kb("--root", str(project), "check").returncode == 0


def test_latest_urls_lead_to_the_newest_version(built_docs: pathlib.Path) -> None:
    latest = built_docs / "site/latest"
    assert (latest / "vawg.html").read_text().count('url=../versions/2016-final/vawg.html"') == 1
    # A section that exists only in older versions still has a latest URL.
    sections = {p.stem for p in (ROOT / "docs/versions").rglob("*.md") if p.stem != "index"}
    assert {p.stem for p in latest.glob("*.html")} == sections


BAD_RECORDS = [
    pytest.param(
        "pages:\n  case:a: cases/a.md\n  case:b: [1, 2]\n",
        3,
        "'case:b' under 'pages' must be text, got [1, 2]",
        id="page-path-not-text",
    ),
    pytest.param(
        "pages:\n  case:a: cases/a.md\nanchors:\n  case:a: p1\n",
        4,
        "'case:a' under 'anchors' must be a list of text, got 'p1'",
        id="anchors-not-a-list",
    ),
    pytest.param(
        "pages:\n  case:a: cases/a.md\npage:\n  case:b: cases/b.md\n",
        3,
        "unknown section 'page'",
        id="unknown-section",
    ),
    pytest.param(
        "pages:\n- cases/a.md\n",
        1,
        "'pages' must be a mapping, got ['cases/a.md']",
        id="section-not-a-mapping",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_RECORDS)
def test_a_malformed_record_is_a_problem_at_its_line(
    tmp_path: pathlib.Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "published.yml"
    path.write_text("# a comment line\n" + text, encoding="utf-8")
    record = load_record(path)
    assert record is not None
    assert [(p.line, p.message) for p in record.problems] == [(line + 1, message)]


def test_lines_are_found_by_key_not_by_substring(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "published.yml"
    path.write_text(
        "pages:\n  case:a-b: cases/a-b.md\n  case:a: cases/a.md\nredirects:\nretired:\n",
        encoding="utf-8",
    )
    record = load_record(path)
    assert record is not None and record.problems == []
    assert record.line_of("pages", "case:a") == 3
    assert record.line_of("pages", "case:a-b") == 2
    assert record.redirects == {} and record.retired == {}
