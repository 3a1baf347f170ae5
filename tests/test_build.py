"""End-to-end builds of the fixture site: real HTML, diffs, index, and the exact build failures."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES, make_project, run_kb


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url) for link/script/img/a

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for attr in ("href", "src"):
            if values.get(attr):
                self.links.append((tag, str(values[attr])))


def parse(path: pathlib.Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_references_become_links_and_paragraphs_get_anchors(built_fixture: pathlib.Path) -> None:
    page = parse(built_fixture / "site/versions/2016-final/category-4-grossly-offensive.html")
    hrefs = [url for tag, url in page.links if tag == "a"]
    assert "../../cases/dpp-v-collins.html" in hrefs
    assert "../../glossary.html#virtual-mobbing" in hrefs
    assert {"p1", "p2", "p3", "p4"} <= page.ids


def test_case_page_lists_backlinks_with_versions(built_fixture: pathlib.Path) -> None:
    html = (built_fixture / "site/cases/dpp-v-collins.html").read_text(encoding="utf-8")
    section = html.split('id="referred-to-by"', 1)[1]
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', section)
    assert items[:3] == [
        (
            "../versions/2016-final/category-4-grossly-offensive.html",
            "Category 4: grossly offensive, indecent, obscene or false (2016-final)",
        ),
        (
            "../versions/2016-interim/category-4-grossly-offensive.html",
            "Category 4: grossly offensive, indecent, obscene or false (2016-interim)",
        ),
        (
            "../offences/ca2003-s127-1.html",
            "Improper use of a public electronic communications network",
        ),
    ]


def test_diff_page_and_json_show_the_change_and_its_reason(built_fixture: pathlib.Path) -> None:
    data = json.loads((built_fixture / "site/diffs/2016-interim-to-2016-final.json").read_text())
    intro = next(s for s in data["sections"] if s["id"] == "introduction")
    assert intro["status"] == "changed"
    text = "".join(f"[{h['op']}:{h['text']}]" for h in intro["hunks"])
    assert (
        "[delete:re-sending][insert:re-sending, re-tweeting][equal: or ]"
        "[delete:re-tweeting][insert:sharing]"
    ) in text
    assert [r["change"] for r in intro["reasons"]] == [2, 3]
    html = (built_fixture / "site/what-changed/2016-interim-to-2016-final.html").read_text()
    assert '<ins><span class="kb-sr">[inserted: </span>re-sending, re-tweeting<span' in html
    assert "Sharing was added to re-sending and re-tweeting." in html


def test_no_external_host_in_links_scripts_or_css(built_fixture: pathlib.Path) -> None:
    offenders = []
    for path in (built_fixture / "site").rglob("*.html"):
        for tag, url in parse(path).links:
            if tag in ("link", "script", "img") and re.match(r"(https?:)?//", url):
                offenders.append((path.name, url))
    for path in (built_fixture / "site").rglob("*.css"):
        offenders += [
            (path.name, u)
            for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text())
        ]
    assert offenders == []


def test_offline_search_assets_are_present(built_fixture: pathlib.Path) -> None:
    site = built_fixture / "site"
    assert (site / "search/kb-index.js").read_text().startswith("window.__kbIndex=JSON.parse(")
    assert not (site / "search/search_index.js").exists()  # Material's lunr index is gone
    shim = (site / "assets/javascripts/iframe-worker.js").read_text()
    assert shim.strip(), "iframe-worker shim copied from node_modules"
    page = parse(site / "index.html")
    assert ("script", "assets/javascripts/iframe-worker.js") in page.links


def _broken_project(tmp_path: pathlib.Path, edit: str) -> pathlib.Path:
    project = make_project(tmp_path / "p", FIXTURES / "good" / "docs")
    target = project / "docs/versions/2016-final/introduction.md"
    note = f'\n!!! note "Knowledge base note"\n    {edit}\n'
    target.write_text(target.read_text() + note, encoding="utf-8")
    return project


def test_dangling_reference_fails_the_build_with_the_exact_error(tmp_path: pathlib.Path) -> None:
    project = _broken_project(tmp_path, "See [Colins][case:dpp-v-colins].")
    (project / "site").mkdir()
    (project / "site/index.html").write_text("previous build")
    result = run_kb("--root", str(project), "build")
    assert result.returncode == 1
    assert result.stdout == (
        "docs/versions/2016-final/introduction.md:30: dangling reference 'case:dpp-v-colins' "
        "(did you mean 'case:dpp-v-collins'?)\n1 problem found\n"
    )
    assert (project / "site/index.html").read_text() == "previous build"


def test_broken_anchor_in_a_plain_link_fails_the_strict_build(tmp_path: pathlib.Path) -> None:
    project = _broken_project(tmp_path, "See [Collins](../../cases/dpp-v-collins.md#nowhere).")
    result = run_kb("--root", str(project), "build")
    assert result.returncode == 1
    assert (
        "Doc file 'versions/2016-final/introduction.md' contains a link "
        "'../../cases/dpp-v-collins.md#nowhere', but the doc 'cases/dpp-v-collins.md' "
        "does not contain an anchor '#nowhere'."
    ) in result.stdout
    assert "the site build failed; nothing was replaced" in result.stderr
    assert not (project / "site").exists()
    assert not list(project.glob(".site.new-*"))
    assert not (project / ".kb/index").exists()  # the index is written only after the site


@pytest.mark.parametrize(
    ("command", "hint"),
    [
        (["check"], "(give --root or --docs)"),
        (["diff", "2016-interim", "2016-final"], "(give --root)"),
    ],
)
def test_commands_on_a_missing_root_are_usage_errors(
    tmp_path: pathlib.Path, command: list[str], hint: str
) -> None:
    shutil.rmtree(tmp_path)
    result = run_kb("--root", str(tmp_path), *command)
    assert result.returncode == 2  # a usage error, not "problems found" (1)
    assert result.stderr == f"kb: no docs folder at {tmp_path}/docs {hint}\n"
    assert result.stdout == ""
