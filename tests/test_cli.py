"""The `kb` command: exit codes, messages and the JSON shapes of search and diff."""

from __future__ import annotations

import json
import pathlib
import shutil

import pytest
from conftest import FIXTURES, run_kb

RESULT_KEYS = {"id", "title", "type", "version", "url", "score", "snippet", "also_in"}


def kb_in(project: pathlib.Path, *args: str):  # type: ignore[no-untyped-def]
    return run_kb("--root", str(project), *args)


USAGE = [
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["search"], "the following arguments are required: query"),
    (["search", "x", "--limit", "ten"], "invalid int value: 'ten'"),
    (["diff", "2016-interim"], "the following arguments are required: TO"),
    (["search", "x", "--type", "statute"], "invalid choice: 'statute'"),
]


@pytest.mark.parametrize(("args", "message"), USAGE)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run_kb(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_diff_unknown_version_is_a_usage_error(built_fixture: pathlib.Path) -> None:
    result = kb_in(built_fixture, "diff", "2016-interim", "2017-final")
    assert result.returncode == 2
    assert result.stderr == (
        "kb: unknown version '2017-final' (expected one of: 2012-interim, "
        "2013-final, 2016-interim, 2016-final, part-a-b, electronic-communications, "
        "communications-offences)\n"
    )


def test_check_exit_codes() -> None:
    assert run_kb("check", "--docs", str(FIXTURES / "good/docs")).returncode == 0
    assert run_kb("check", "--docs", str(FIXTURES / "bad/docs")).returncode == 1
    missing = run_kb("check", "--docs", str(FIXTURES / "nowhere"))
    assert missing.returncode == 2
    assert "no docs folder at" in missing.stderr


def test_search_json_lists_collins_first(built_fixture: pathlib.Path) -> None:
    result = kb_in(built_fixture, "search", "Collins", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "suggestion", "results"}
    assert data["query"] == "Collins"
    assert data["total"] >= 2
    first = data["results"][0]
    assert set(first) == RESULT_KEYS
    assert (first["id"], first["type"], first["url"]) == (
        "case:dpp-v-collins",
        "case",
        "cases/dpp-v-collins.html",
    )


def test_search_filters_and_anchored_urls(built_fixture: pathlib.Path) -> None:
    data = json.loads(
        kb_in(
            built_fixture,
            "search",
            "evidential",
            "--type",
            "guideline",
            "--version",
            "2016-interim",
            "--json",
        ).stdout
    )
    assert [r["url"] for r in data["results"]] == [
        "versions/2016-interim/category-4-grossly-offensive.html#the-evidential-stage"
    ]
    assert all(r["version"] == "2016-interim" for r in data["results"])


def test_search_suggests_a_correction(built_fixture: pathlib.Path) -> None:
    data = json.loads(kb_in(built_fixture, "search", "Chambres", "--json").stdout)
    assert data["suggestion"] == "chambers"
    assert data["results"][0]["id"] == "case:chambers-v-dpp"


def test_search_without_an_index_says_how_to_build_it(tmp_path: pathlib.Path) -> None:
    result = run_kb("--index", str(tmp_path / "none"), "search", "Collins")
    assert result.returncode == 1
    assert (
        result.stderr == f"kb: no search index at {tmp_path / 'none'}; run 'kb build' to build it\n"
    )


def test_search_with_an_empty_query_is_a_usage_error(built_fixture: pathlib.Path) -> None:
    result = kb_in(built_fixture, "search", "   ")
    assert result.returncode == 2
    assert result.stderr == "kb: bad query: the query is empty; type one or more words\n"


def test_diff_json_shape(built_fixture: pathlib.Path) -> None:
    result = kb_in(built_fixture, "diff", "2016-interim", "2016-final", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("2016-interim", "2016-final")
    assert data["summary"]["changed"] == 2
    section = data["sections"][0]
    assert set(section) == {
        "id",
        "status",
        "title_from",
        "title_to",
        "words_added",
        "words_removed",
        "reasons",
        "hunks",
    }
    for s in data["sections"]:
        old = "".join(h["text"] for h in s["hunks"] if h["op"] in ("equal", "delete"))
        new = "".join(h["text"] for h in s["hunks"] if h["op"] in ("equal", "insert"))
        assert old and new and old != new


def test_diff_of_one_section_and_an_unknown_section(built_fixture: pathlib.Path) -> None:
    one = json.loads(
        kb_in(
            built_fixture,
            "diff",
            "2016-interim",
            "2016-final",
            "--section",
            "introduction",
            "--json",
        ).stdout
    )
    assert [s["id"] for s in one["sections"]] == ["introduction"]
    bad = kb_in(built_fixture, "diff", "2016-interim", "2016-final", "--section", "nope")
    assert bad.returncode == 2
    assert bad.stderr == "kb: no section 'nope' in 2016-interim or 2016-final\n"


def test_reverse_diff_marks_sections_removed_and_added(
    built_fixture: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    project = tmp_path / "p"
    shutil.copytree(built_fixture, project)
    (project / "docs/versions/2016-interim/introduction.md").unlink()
    data = json.loads(kb_in(project, "diff", "2016-final", "2016-interim", "--json").stdout)
    intro = next(s for s in data["sections"] if s["id"] == "introduction")
    assert intro["status"] == "removed"
    assert intro["hunks"][0]["op"] == "delete"
    forward = json.loads(kb_in(project, "diff", "2016-interim", "2016-final", "--json").stdout)
    added = next(s for s in forward["sections"] if s["id"] == "introduction")
    assert added["status"] == "added"
    assert added["hunks"][0]["text"].startswith("This fixture section stands in")


def test_version_prints_the_package_version() -> None:
    import tomllib

    from conftest import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = run_kb("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kb {declared}"


@pytest.mark.parametrize(
    "command", ["check", "build", "search", "ids", "export", "diff", "serve", "nginx-config"]
)
def test_every_command_explains_itself_with_an_example(command: str) -> None:
    result = run_kb(command, "--help")
    assert result.returncode == 0
    _usage, _, rest = result.stdout.partition("\n\n")
    description = rest.split("\n\n", 1)[0]
    assert len(description.split()) >= 12, description  # a sentence or more, not a label
    examples = result.stdout.split("examples:\n", 1)[1]
    assert examples.lstrip().startswith(f"kb {command}")


def test_help_shows_real_defaults_only() -> None:
    serve = run_kb("serve", "--help").stdout
    assert "address to listen on (default: 127.0.0.1)" in serve
    assert "port to listen on (default: 8000)" in serve
    search = run_kb("search", "--help").stdout
    assert "(default: 10)" in search
    assert "default: None" not in search and "default: False" not in search


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "2016-interim", "2016-final"],
        ["export"],
        ["diff", "2012-interim", "2016-final", "--html"],
    ],
)
def test_a_reader_that_stops_early_gets_no_traceback(args: list[str]) -> None:
    """`kb diff ... | head -1`: kb stops quietly with status 0 when the pipe closes."""
    import os
    import subprocess

    from conftest import KB, ROOT

    process = subprocess.Popen(
        [*KB, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `head -1` does after its line
    code = process.wait(timeout=120)
    error = process.stderr.read().decode()
    process.stderr.close()
    assert first
    assert error == "", error
    assert code == 0
