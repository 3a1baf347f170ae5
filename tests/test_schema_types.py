"""The front matter schema is visible to mypy: one model per page type, no `Any`, so a typo in
a field name, or a field read without knowing the page's type, fails `make lint`."""

from __future__ import annotations

import pathlib
import textwrap

import pytest
from mypy import api as mypy_api

ROOT = pathlib.Path(__file__).resolve().parent.parent

CASES = [
    pytest.param(
        "return page.guideline_meta.verison",
        '"GuidelineMeta" has no attribute "verison"',
        id="typo-in-field-name",
    ),
    pytest.param(
        "return page.meta.version",
        'Item "CaseMeta" of',
        id="field-read-without-narrowing",
    ),
]


def _check(tmp_path: pathlib.Path, line: str) -> str:
    probe = tmp_path / "probe.py"
    probe.write_text(
        textwrap.dedent(
            f"""\
            from build_tools.content.model import Page


            def probe(page: Page) -> str:
                {line}
            """
        ),
        encoding="utf-8",
    )
    out, err, _ = mypy_api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary", str(probe)]
    )
    return out + err


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_mypy_catches_wrong_field_use(tmp_path: pathlib.Path, line: str, expected: str) -> None:
    assert expected in _check(tmp_path, line)


def test_narrowed_field_use_passes(tmp_path: pathlib.Path) -> None:
    out = _check(tmp_path, "return page.guideline_meta.version")
    assert "error" not in out, out
