"""Links that never break: published ids are kept or redirected; "latest" URLs follow versions."""

from __future__ import annotations

import pathlib
import shutil

import yaml
from conftest import ROOT, make_project, run_kb


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
