"""`kb build` killed at every step (issue 14): afterwards the site and the index are from the same
complete build and both answer; the next build clears what was left; a second build at the same
time is refused; an output folder that cannot be written gives one line and replaces nothing."""

from __future__ import annotations

import os
import pathlib
import signal

import pytest
from conftest import FIXTURES, make_project, run_kb

from build_tools.generation import FAULT_POINTS, build_lock
from search.query import search
from search.store import open_index, site_generation

WORD = "zebrafinch"  # in every other build, so each kill interrupts a real change
PAGE = "docs/cases/dpp-v-collins.md"


def _toggle(project: pathlib.Path, on: bool) -> None:
    page = project / PAGE
    text = page.read_text(encoding="utf-8").replace(f" {WORD}.", "")
    if on:
        text = text.rstrip("\n") + f" {WORD}.\n"
    page.write_text(text, encoding="utf-8")


def _consistent(project: pathlib.Path) -> bool:
    """Site and index are one complete build; both answer; returns whether it has WORD."""
    site, index = project / "site", project / ".kb" / "index"
    assert (site / "index.html").is_file(), "a complete site is live"
    name = site_generation(site, index)
    assert name is not None, "the live site names a complete index generation"
    ix = open_index(index, site=site)
    assert search(ix, "Collins")["results"][0]["id"] == "case:dpp-v-collins"
    in_index = bool(search(ix, WORD)["results"])
    in_site = WORD in (site / "cases/dpp-v-collins.html").read_text(encoding="utf-8")
    assert in_index == in_site, f"site has {WORD}: {in_site}, index: {in_index}"
    return in_site


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    built = make_project(tmp_path_factory.mktemp("faults"), FIXTURES / "good" / "docs")
    assert run_kb("--root", str(built), "build").returncode == 0
    return built


def test_there_are_ten_kill_points() -> None:
    assert len(FAULT_POINTS) >= 10


@pytest.mark.parametrize("point", FAULT_POINTS)
def test_a_build_killed_at_each_point_leaves_one_consistent_generation(
    project: pathlib.Path, point: str
) -> None:
    before = _consistent(project)
    _toggle(project, not before)
    result = run_kb("--root", str(project), "build", env={"KB_FAULT_AT": point})
    assert result.returncode == -signal.SIGKILL, result.stderr
    after = _consistent(project)
    if point in ("exchanged", "pointer-switched", "old-removed"):
        assert after != before, "killed after the switch: the new build is live"
    else:
        assert after == before, "killed before the switch: the old build is still live"


def test_the_next_build_clears_leftovers_and_aligns_the_pointer(project: pathlib.Path) -> None:
    result = run_kb("--root", str(project), "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(project.glob(".site.*")), "no half-written or replaced sites remain"
    index = project / ".kb" / "index"
    generations = sorted(p.name for p in index.glob("gen-*"))
    assert len(generations) <= 2  # the live one and the one just replaced
    assert (index / "CURRENT").read_text().strip() == site_generation(project / "site", index)
    _consistent(project)


def test_a_second_build_at_the_same_time_is_refused(project: pathlib.Path) -> None:
    with build_lock(project / ".kb"):
        result = run_kb("--root", str(project), "build")
    assert result.returncode == 1
    assert f"kb: another 'kb build' is running (pid {os.getpid()}); wait for it to finish" in (
        result.stderr
    )
    _consistent(project)


def test_an_output_folder_that_cannot_be_written_gives_one_line(project: pathlib.Path) -> None:
    blocker = project / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = run_kb("--root", str(project), "--site", str(blocker / "site"), "build")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("kb: ")]
    assert lines == [
        f"kb: cannot write the build: Not a directory ({blocker / 'site'}); nothing was replaced"
    ], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    _consistent(project)
