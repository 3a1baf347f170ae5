"""The published-ids record: every page id and paragraph anchor ever published stays reachable.

`published.yml` (beside docs/) lists each published page (reference key -> path) with its
paragraph anchors, the redirects for pages that moved or went, and the paragraph anchors retired
on purpose. `kb check` fails when a recorded page is gone without a redirect, or a recorded anchor
is gone without being retired; `kb ids --record` adds what is new. Redirects (and "latest" URLs
that always lead to the newest version of a section) are written by mkdocs-redirects.
"""

from __future__ import annotations

import dataclasses
import pathlib
from dataclasses import dataclass, field
from typing import Any

import yaml

from build_tools.content.frontmatter import parse_source
from build_tools.content.model import ContentModel
from build_tools.content.problems import Problem

__all__ = [
    "PUBLISHED_FILE",
    "Record",
    "check_published",
    "latest_redirects",
    "load_record",
    "record_from_model",
    "redirect_maps",
    "unrecorded",
    "write_record",
]

PUBLISHED_FILE = "published.yml"


@dataclass
class Record:
    pages: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, list[str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    retired: dict[str, str] = field(default_factory=dict)
    text: str = ""
    problems: list[Problem] = field(default_factory=list)  # why the file could not be read

    def line_of(self, needle: str) -> int:
        for n, line in enumerate(self.text.splitlines(), 1):
            if needle in line:
                return n
        return 1


def load_record(path: pathlib.Path) -> Record | None:
    if not path.is_file():
        return None
    raw = path.read_bytes()
    source, problems = parse_source(PUBLISHED_FILE, b"---\n" + raw + b"\n---\n")
    if source is None:
        # parse_source counts the added '---' line: move each problem back to the file's lines.
        shifted = [
            dataclasses.replace(
                p, line=max(1, p.line - 1), message=p.message.replace("front matter", "the file")
            )
            for p in problems
        ]
        return Record(problems=shifted)
    data = source.meta
    text = raw.decode("utf-8")
    shapes = {"pages": dict, "anchors": dict, "redirects": dict, "retired": dict}
    bad = [
        Problem(
            PUBLISHED_FILE,
            max(1, source.line_of(key) - 1),
            f"'{key}' must be a mapping",
            "write one 'key: value' per line under it",
        )
        for key, shape in shapes.items()
        if data.get(key) is not None and not isinstance(data[key], shape)
    ]
    bad += [
        Problem(
            PUBLISHED_FILE,
            max(1, source.line_of(key) - 1),
            f"unknown section '{key}'",
            f"expected one of: {', '.join(shapes)}",
        )
        for key in data
        if key not in shapes
    ]
    anchors: dict[str, Any] = data.get("anchors") or {}
    for key, value in anchors.items():
        if not isinstance(value, list):
            bad.append(
                Problem(
                    PUBLISHED_FILE,
                    1 + next((n for n, ln in enumerate(text.splitlines()) if key in ln), 0),
                    f"anchors of '{key}' must be a list",
                    "write them as [p1, p2, ...]",
                )
            )
    if bad:
        return Record(text=text, problems=bad)
    return Record(
        pages={str(k): str(v) for k, v in (data.get("pages") or {}).items()},
        anchors={str(k): [str(a) for a in v] for k, v in anchors.items()},
        redirects={str(k): str(v) for k, v in (data.get("redirects") or {}).items()},
        retired={str(k): str(v) for k, v in (data.get("retired") or {}).items()},
        text=text,
    )


def _paragraph_anchors(model: ContentModel) -> dict[str, list[str]]:
    return {p.key: [a.id for a in p.paragraphs] for p in model.pages if p.paragraphs}


def check_published(
    model: ContentModel, record: Record, claimed: set[str] | None = None
) -> list[Problem]:
    """`claimed`: keys of pages that failed validation (already reported, not gone)."""
    if record.problems:
        return list(record.problems)
    problems: list[Problem] = []
    paths = {p.path for p in model.pages}
    for old, new in record.redirects.items():
        if old in paths:
            problems.append(
                Problem(
                    PUBLISHED_FILE,
                    record.line_of(old),
                    f"redirect from '{old}' would replace a live page",
                    "remove the redirect, or move or delete the page first",
                )
            )
        if new not in paths:
            problems.append(
                Problem(
                    PUBLISHED_FILE,
                    record.line_of(old),
                    f"redirect from '{old}' points to '{new}', which does not exist",
                    "point it at an existing page path under docs/",
                )
            )
    for key, path in record.pages.items():
        if key not in model.targets and path not in record.redirects and key not in (claimed or ()):
            problems.append(
                Problem(
                    PUBLISHED_FILE,
                    record.line_of(key + ":"),
                    f"published id '{key}' ({path}) no longer exists, and has no redirect",
                    f"restore it, or add a redirect under 'redirects:' from '{path}' to the page "
                    "that replaces it",
                )
            )
    for key, anchors in record.anchors.items():
        if key not in model.targets:
            continue  # the page itself is reported (or redirected) above
        have = set(model.targets[key].page.anchors)
        for anchor in anchors:
            if anchor not in have and f"{key}#{anchor}" not in record.retired:
                problems.append(
                    Problem(
                        PUBLISHED_FILE,
                        record.line_of(key + ":"),
                        f"published paragraph '{key}#{anchor}' no longer exists",
                        f"keep the paragraph id, or list '{key}#{anchor}' under 'retired:' "
                        "with the reason",
                    )
                )
    return problems


def record_from_model(model: ContentModel, old: Record | None) -> Record:
    """The old record plus every page and paragraph anchor the content has now."""
    record = (
        Record()
        if old is None
        else Record(
            dict(old.pages),
            {k: list(v) for k, v in old.anchors.items()},
            dict(old.redirects),
            dict(old.retired),
        )
    )
    for page in sorted(model.pages, key=lambda p: p.key):
        record.pages.setdefault(page.key, page.path)
    for key, anchors in _paragraph_anchors(model).items():
        known = record.anchors.setdefault(key, [])
        known += [a for a in anchors if a not in known]
    return record


def unrecorded(model: ContentModel, record: Record | None) -> list[str]:
    """Page ids, then `key#anchor` paragraph ids, that the record does not list yet."""
    old = record or Record()
    pages = sorted(p.key for p in model.pages if p.key not in old.pages)
    anchors = sorted(
        f"{key}#{anchor}"
        for key, found in _paragraph_anchors(model).items()
        for anchor in found
        if anchor not in old.anchors.get(key, [])
    )
    return pages + anchors


def write_record(record: Record, path: pathlib.Path) -> None:
    header = (
        "# Every page id and paragraph anchor ever published (see build_tools/content/"
        "published.py).\n# Add new ids with 'kb ids --record'. Never delete an entry: redirect "
        "a page that moved or\n# went ('redirects: {old.md: new.md}'), retire a paragraph with "
        "a reason ('retired: {key#pN: why}').\n"
    )
    data = {
        "pages": dict(sorted(record.pages.items())),
        "anchors": dict(sorted(record.anchors.items())),
        "redirects": dict(sorted(record.redirects.items())),
        "retired": dict(sorted(record.retired.items())),
    }
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")


def latest_redirects(model: ContentModel) -> dict[str, str]:
    """`latest/ID.md` -> the newest version's page for every guideline section id: the newest
    full text, since a later text on record only in part may hold nothing but the heading; a
    section found only in partial records leads to the newest of those."""
    newest: dict[str, str] = {}
    for version in model.versions_full_last():
        for section in model.sections(version.id):
            newest[section.id] = section.path
    return {f"latest/{sid}.md": path for sid, path in sorted(newest.items())}


def redirect_maps(model: ContentModel, record: Record | None) -> dict[str, str]:
    maps = latest_redirects(model)
    if record is not None:
        maps.update(record.redirects)
    return maps
