"""Injected markup (issue 14), in a real Chromium: what the content policy lets through (quotes,
ampersands, entities, Markdown punctuation in every front-matter field and body) renders as text;
no script runs, no event handler or script element reaches the content, and no request leaves
the machine, from file:// and under `kb serve`. What it refuses never reaches a page."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ARTIFACTS, FIXTURES, kb_serve, make_project, run_kb

pytestmark = pytest.mark.browser

PAYLOAD = "x' onmouseover='alert(1) &lt;script&gt;alert(2)&lt;/script&gt; *b* _i_ &amp; \\\" #"
CASE = f"""---
type: case
id: dpp-v-collins
title: "DPP v Collins & O'Brien \\"quoted\\" *starred*"
summary: "{PAYLOAD}"
aka: ["{PAYLOAD}", "javascript&#58;alert(3)"]
citations: ["[2006] UKHL 40"]
court: "House of Lords &lt;img src=x onerror=alert(4)&gt;"
decided: 2006-07-19
judges: ["Lord Bingham \\" onfocus=\\"alert(5)"]
source_url: "https://www.bailii.org/uk/cases/UKHL/2006/40.html?a=1&b=2"
verify: ["{PAYLOAD}"]
---

Body text with an entity-escaped payload: &lt;script&gt;alert(6)&lt;/script&gt;.

<span title="x&quot; onmouseover=&quot;alert(7)">A span whose title holds quotes</span>

A link out, never followed: [elsewhere](https://example.org/page).
"""


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    project = make_project(tmp_path_factory.mktemp("inject"), FIXTURES / "good" / "docs")
    (project / "docs/cases/dpp-v-collins.md").write_text(CASE, encoding="utf-8")
    result = run_kb("--root", str(project), "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="module")
def served(injected: pathlib.Path) -> Iterator[str]:
    with kb_serve("--root", str(injected)) as base:
        yield base


PAGES = ["cases/dpp-v-collins.html", "index.html", "versions/2016-final/introduction.html"]


def _visit(browser: Any, url: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    page = browser.new_page()
    dialogs: list[str] = []
    requests: list[str] = []

    def dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        for element in page.locator("article span, article a, article td").all()[:40]:
            element.hover(timeout=2000)
        found = page.evaluate(
            """() => ({
              handlers: [...document.querySelectorAll('article *')].flatMap(
                e => [...e.attributes].map(a => a.name).filter(n => n.startsWith('on'))),
              scripts: document.querySelectorAll('article script').length,
              jsLinks: [...document.querySelectorAll('a[href]')].filter(
                a => a.href.trim().toLowerCase().startsWith('javascript:')).length,
              text: document.querySelector('article').innerText,
            })"""
        )
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "injection-failure.png"), full_page=True)
        raise
    finally:
        page.close()
    found["dialogs"] = dialogs
    found["leaving"] = [u for u in requests if not u.startswith(allowed)]
    return found


@pytest.mark.parametrize("where", ["file", "served"])
@pytest.mark.parametrize("path", PAGES)
def test_injected_markup_is_inert(
    browser: Any, injected: pathlib.Path, served: str, where: str, path: str
) -> None:
    if where == "file":
        url = (injected / "site" / path).as_uri()
        allowed: tuple[str, ...] = ("file://", "data:", "blob:")
    else:
        url = f"{served}/{path}"
        allowed = (served, "data:", "blob:")
    found = _visit(browser, url, allowed)
    assert found["dialogs"] == []
    assert found["handlers"] == []
    assert found["scripts"] == 0
    assert found["jsLinks"] == 0
    assert found["leaving"] == []
    if path.startswith("cases/"):
        # The payload is shown as text, not run.
        assert "<script>alert(6)</script>" in found["text"]
        assert "onmouseover='alert(1)" in found["text"]


def test_refused_markup_never_reaches_a_page(injected: pathlib.Path) -> None:
    before = (injected / "site/cases/dpp-v-collins.html").read_bytes()
    hostile = CASE.replace("*starred*", "<b onclick=alert(8)>bold</b>") + (
        "\n<script>alert(9)</script>\n\n<iframe src=\"https://example.org/\"></iframe>\n"
    )
    (injected / "docs/cases/dpp-v-collins.md").write_text(hostile, encoding="utf-8")
    try:
        result = run_kb("--root", str(injected), "build")
    finally:
        (injected / "docs/cases/dpp-v-collins.md").write_text(CASE, encoding="utf-8")
    assert result.returncode == 1
    assert "docs/cases/dpp-v-collins.md:4: field 'title' contains '<'" in result.stdout
    assert "HTML tag <script> is not allowed" in result.stdout
    assert "HTML tag <iframe> is not allowed" in result.stdout
    assert (injected / "site/cases/dpp-v-collins.html").read_bytes() == before
