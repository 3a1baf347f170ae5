"""Hostile and malformed content (issue 14): each kind gets exactly one clear `path:line` problem,
at once, with no traceback and no hang; kinds where accepting is right get a test of the output.

Each case writes one file (or link, or folder) into a copy of the good fixture and runs the real
`check_docs`. The table is the specification: kind, what is written, the one expected line.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import time
from collections.abc import Callable

import pytest
from conftest import FIXTURES

from build_tools.content.check import check_docs

PAGE = "---\ntype: page\nid: {id}\ntitle: {title}\n---\n\n{body}\n"
CASE = (
    "---\ntype: case\nid: x-v-y\ntitle: X v Y\ncitations: ['[2012] EWHC 2157 (Admin)']\n"
    "court: High Court\n{extra}\n---\n\nA case.\n"
)
GUIDE = (
    "---\ntype: guideline\nid: extra\nversion: 2016-final\ntitle: Extra\norder: 99\n"
    "sources:\n  p1: {{heading: Extra, status: confirmed, basis: seen, evidence: a mirror}}\n"
    "---\n\n{body}\n"
)


def page(body: str = "Text.", *, title: str = "A page", id: str = "hostile") -> str:
    return PAGE.format(id=id, title=title, body=body)


def guide(body: str) -> str:
    return GUIDE.format(body=body)


Writer = Callable[[pathlib.Path], None]


def text(rel: str, content: str | bytes) -> Writer:
    def write(docs: pathlib.Path) -> None:
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        target.write_bytes(data)

    return write


def symlink(rel: str, to: str) -> Writer:
    def write(docs: pathlib.Path) -> None:
        os.symlink(to, docs / rel)

    return write


def folder(rel: str) -> Writer:
    def write(docs: pathlib.Path) -> None:
        (docs / rel).mkdir(parents=True)

    return write


ALIAS_BOMB = (
    "---\ntype: page\nid: bomb\ntitle: Bomb\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n\nx\n"
)
P = "docs/pages/hostile.md"
G = "docs/versions/2016-final/extra.md"
C = "docs/cases/x-v-y.md"

# (kind, writer, the one expected problem line)
CASES: list[tuple[str, Writer, str]] = [
    (
        "script in the title",
        text("pages/hostile.md", page(title="'<script>alert(1)</script>'")),
        f"{P}:4: field 'title' contains '<': front matter is plain text, not markup",
    ),
    (
        "markdown link in aka",
        text(
            "pages/hostile.md",
            page().replace("title:", "aka: ['[x](javascript:alert(1))']\ntitle:"),
        ),
        f"{P}:4: field 'aka[0]' contains '](': front matter is plain text, not markup",
    ),
    (
        "attribute list in the title",
        text("pages/hostile.md", page(title="'Title {: onclick=alert(1)}'")),
        f"{P}:4: field 'title' contains '{{': front matter is plain text, not markup",
    ),
    (
        "table pipe in the summary",
        text("pages/hostile.md", page().replace("title:", "summary: a | b\ntitle:")),
        f"{P}:4: field 'summary' contains '|': front matter is plain text, not markup",
    ),
    (
        "control character in the title",
        text("pages/hostile.md", page(title='"A\\x07B"')),
        f"{P}:4: field 'title' contains control character 0x07: front matter is plain text, "
        "not markup",
    ),
    (
        "markup after a real URL",
        text("cases/x-v-y.md", CASE.format(extra="source_url: 'https://x.org/a\"><script>'")),
        f"{C}:7: field 'source_url' is not a plain http(s) address, got "
        "'https://x.org/a\"><script>'",
    ),
    (
        "javascript URL as source_url",
        text("cases/x-v-y.md", CASE.format(extra="source_url: javascript:alert(1)")),
        f"{C}:7: field 'source_url' is not a plain http(s) address, got 'javascript:alert(1)'",
    ),
    (
        "script element in a body",
        text("pages/hostile.md", page("<script>alert(1)</script>")),
        f"{P}:7: HTML tag <script> is not allowed",
    ),
    (
        "event handler in a body",
        text("pages/hostile.md", page('<span onmouseover="alert(1)">x</span>')),
        f"{P}:7: event handler attribute 'onmouseover' on <span> is not allowed",
    ),
    (
        "javascript: href in raw HTML",
        text("pages/hostile.md", page('<a href="javascript:alert(1)">x</a>')),
        f"{P}:7: 'javascript:' URL in <a href> is not allowed",
    ),
    (
        "javascript: Markdown link",
        text("pages/hostile.md", page("[click](javascript:alert(1))")),
        f"{P}:7: link to a 'javascript:' URL",
    ),
    (
        "data: Markdown link",
        text("pages/hostile.md", page("[click](data:text/html,x)")),
        f"{P}:7: link to a 'data:' URL",
    ),
    (
        "iframe from another host",
        text("pages/hostile.md", page('<iframe src="https://example.org/"></iframe>')),
        f"{P}:7: HTML tag <iframe> is not allowed",
    ),
    (
        "external image",
        text("pages/hostile.md", page("![x](https://example.org/x.png)")),
        f"{P}:7: image from another host (https://example.org/x.png)",
    ),
    (
        "external image in raw HTML",
        text("pages/hostile.md", page('<img src="https://example.org/x.png">')),
        f"{P}:7: HTML tag <img> is not allowed",
    ),
    (
        "style element",
        text("pages/hostile.md", page("<style>body{display:none}</style>")),
        f"{P}:7: HTML tag <style> is not allowed",
    ),
    (
        "object element",
        text("pages/hostile.md", page('<object data="x.swf"></object>')),
        f"{P}:7: HTML tag <object> is not allowed",
    ),
    (
        "inline style attribute",
        text("pages/hostile.md", page('<span style="position:fixed">x</span>')),
        f"{P}:7: attribute 'style' on <span> is not allowed",
    ),
    (
        "YAML alias bomb",
        text("pages/hostile.md", ALIAS_BOMB),
        f"{P}:5: front matter is not valid YAML: anchors and aliases (&name, *name) are not "
        "allowed",
    ),
    (
        "YAML nested 500 deep",
        text("pages/hostile.md", page(title="[" * 500 + "]" * 500)),
        f"{P}:4: front matter is not valid YAML: nested more than 12 levels deep",
    ),
    (
        "duplicate front matter key",
        text("pages/hostile.md", page().replace("title: A page", "title: A\ntitle: B")),
        f"{P}:5: front matter is not valid YAML: duplicate key 'title'",
    ),
    (
        "NUL byte in the body",
        text("pages/hostile.md", page("before\x00after")),
        f"{P}:7: NUL byte in the file",
    ),
    (
        "100 KB heading line",
        text("pages/hostile.md", page("# a" + " " * 100_000 + "b")),
        f"{P}:7: line is 100004 characters long (more than 10000)",
    ),
    (
        "latin-1 file",
        text("pages/hostile.md", page("caf\u00e9").encode("latin-1")),
        f"{P}:7: file is not valid UTF-8 (byte 0xe9)",
    ),
    (
        "dangling symbolic link",
        symlink("pages/hostile.md", "nowhere.md"),
        f"{P}:1: symbolic link: pages must be real files (a link can dangle, loop or leave docs/)",
    ),
    (
        "symbolic link loop",
        symlink("pages/loop", "."),
        "docs/pages/loop:1: symbolic link: pages must be real files (a link can dangle, loop or "
        "leave docs/)",
    ),
    (
        "folder named like a page",
        folder("pages/hostile.md"),
        f"{P}:1: a folder is named like a page ('.md')",
    ),
    (
        "hidden page",
        text("pages/.hidden.md", page(id="hidden")),
        "docs/pages/.hidden.md:1: hidden file or folder (name starts with '.'): the site would "
        "leave it out",
    ),
    (
        "page inside a generated folder",
        text("what-changed/mine.md", page(id="mine")),
        "docs/what-changed/mine.md:1: 'what-changed/' is written by the build; this page would "
        "be lost",
    ),
    (
        "README beside index",
        text("README.md", page(id="readme")),
        "docs/README.md:1: README.md beside index.md: both would become the same page",
    ),
    (
        "blank title",
        text("pages/hostile.md", page(title="'   '")),
        f"{P}:4: field 'title' is blank",
    ),
    (
        "duplicate paragraph id on a plain page",
        text("pages/hostile.md", page("One. {#p1}\n\nTwo. {#p1}")),
        f"{P}:9: duplicate paragraph id 'p1' (first used on line 7)",
    ),
    (
        "guideline paragraph without a source",
        text("versions/2016-final/extra.md", guide("One. {#p1}\n\nTwo. {#p2}")),
        f"{G}:13: guideline paragraph 'p2' has no source mapping",
    ),
    (
        "numbered note",
        text(
            "versions/2016-final/extra.md",
            guide('One. {#p1}\n\n!!! note "Knowledge base note"\n    Ours. {#p2}'),
        ),
        f"{G}:14: knowledge base note carries the guideline paragraph number 'p2'",
    ),
    (
        "empty front matter value for a required field",
        text("pages/hostile.md", page(title="")),
        f"{P}:4: field 'title': input should be a valid string, got None",
    ),
    (
        "front matter is a list",
        text("pages/hostile.md", "---\n- a\n- b\n---\n\nx\n"),
        f"{P}:2: front matter must be a mapping of fields",
    ),
]


@pytest.fixture
def docs(tmp_path: pathlib.Path) -> pathlib.Path:
    target = tmp_path / "docs"
    shutil.copytree(FIXTURES / "good" / "docs", target)
    return target


@pytest.mark.parametrize(("kind", "write", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_gets_one_clear_problem_at_once(
    kind: str, write: Writer, expected: str, docs: pathlib.Path
) -> None:
    write(docs)
    start = time.perf_counter()
    _, problems = check_docs(docs)
    elapsed = time.perf_counter() - start
    lines = [str(p) for p in problems]
    assert elapsed < 10, f"{kind} took {elapsed:.1f} s"
    assert len(lines) == 1, lines
    assert lines[0].startswith(expected + " ("), lines[0]  # then the hint, in brackets
    assert len(lines[0]) < 400, "echoed input is capped"


def test_there_are_at_least_thirty_kinds() -> None:
    assert len(CASES) >= 30


# Accepting is right for these: the output is tested instead.
def test_bom_and_crlf_and_cr_only_are_read_like_plain_files(docs: pathlib.Path) -> None:
    (docs / "pages/bom.md").write_bytes(b"\xef\xbb\xbf" + page(id="bom").encode())
    (docs / "pages/crlf.md").write_bytes(page(id="crlf").replace("\n", "\r\n").encode())
    (docs / "pages/cr.md").write_bytes(page(id="cr").replace("\n", "\r").encode())
    model, problems = check_docs(docs)
    assert problems == []
    titles = {p.id: p.title for p in model.pages}
    assert titles["bom"] == titles["crlf"] == titles["cr"] == "A page"


def test_non_ascii_file_name_is_a_page(docs: pathlib.Path) -> None:
    (docs / "pages/café.md").write_text(page(id="cafe"), encoding="utf-8")
    model, problems = check_docs(docs)
    assert problems == []
    assert any(p.path == "pages/café.md" for p in model.pages)


def test_html_in_code_is_text_not_markup(docs: pathlib.Path) -> None:
    body = "Type `<script>` to see it.\n\n```\n<iframe src=x></iframe>\n```"
    (docs / "pages/code.md").write_text(page(body, id="code"), encoding="utf-8")
    _, problems = check_docs(docs)
    assert problems == []


def test_one_bad_field_is_one_problem_not_a_cascade(docs: pathlib.Path) -> None:
    """A page that fails validation is reported once; references to it, sections of a broken
    version and its published record are not reported again."""
    glossary = docs / "glossary.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "definition: Posting provocative or abusive messages to upset people.",
            "definition: '  '",
        ),
        encoding="utf-8",
    )
    version = docs / "versions/2016-final/index.md"
    version.write_text(
        version.read_text(encoding="utf-8").replace("issued: 2016-10-06", "issued: 2016-13-06"),
        encoding="utf-8",
    )
    case = docs / "cases/dpp-v-collins.md"
    case.write_text(
        case.read_text(encoding="utf-8").replace("court:", "court: [unclosed\nold_court:", 1),
        encoding="utf-8",
    )
    _, problems = check_docs(docs)
    assert [(p.path, p.message.split(":")[0]) for p in problems] == [
        ("docs/cases/dpp-v-collins.md", "front matter is not valid YAML"),
        ("docs/glossary.md", "field 'terms.1.definition' is blank"),
        ("docs/versions/2016-final/index.md", "field 'issued'"),
    ]
