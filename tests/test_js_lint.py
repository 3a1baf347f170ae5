"""The site's scripts pass eslint (eslint.config.mjs), and the linter really fails on the
mistakes it is there for: an undeclared name, and the start-up, site-root and clipboard code
the one entry (kb-core.js) and Material replace."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import ROOT

SCRIPTS = "docs/assets/javascripts"


def eslint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["npx", "--no-install", "eslint", "--format", "json", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def planted(source: str, name: str = "kb-planted.js") -> subprocess.CompletedProcess[str]:
    """Lint `source` as if it were a script of the site, without writing it there."""
    return eslint("--stdin", "--stdin-filename", f"{SCRIPTS}/{name}", stdin=source)


def messages(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    """(rule, message) of every problem eslint reported."""
    return [(m["ruleId"], m["message"]) for f in json.loads(result.stdout) for m in f["messages"]]


def test_the_site_scripts_pass_eslint() -> None:
    result = eslint(SCRIPTS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_clean_feature_passes() -> None:
    result = planted(
        '(function () {\n  "use strict";\n'
        "  kb.onPage(function () { document.title = kb.root(); });\n})();\n"
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("source", "rule", "says"),
    [
        ("(function () { totl = 1; })();\n", "no-undef", "'totl' is not defined"),
        (
            'document.addEventListener("DOMContentLoaded", function () {});\n',
            "no-restricted-syntax",
            "kb.onPage",
        ),
        ("document$.subscribe(function () {});\n", "no-restricted-syntax", "Only kb-core.js"),
        ("var here = document.currentScript;\nhere.src;\n", "no-restricted-properties", "kb.root"),
        (
            'navigator.clipboard.writeText("x");\n',
            "no-restricted-properties",
            "data-clipboard-text",
        ),
    ],
)
def test_the_linter_fails_on_a_planted_mistake(source: str, rule: str, says: str) -> None:
    result = planted(source)
    assert result.returncode == 1, result.stdout + result.stderr
    assert [(r, m) for r, m in messages(result) if r == rule and says in m], messages(result)


def test_only_the_entry_subscribes_to_document() -> None:
    assert planted("document$.subscribe(function () {});\n", "kb-core.js").returncode == 0
