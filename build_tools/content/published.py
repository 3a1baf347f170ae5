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
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

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


class _RecordFile(BaseModel):
    """What published.yml may hold: four mappings, each entry text (anchors: a list of it)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    pages: dict[str, str] = {}
    anchors: dict[str, list[str]] = {}
    redirects: dict[str, str] = {}
    retired: dict[str, str] = {}

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return {} if value is None else value  # `retired:` with nothing under it


_HINTS = {
    "pages": "write one 'kind:id: path/under/docs.md' per line",
    "anchors": "write the page's paragraph anchors as [p1, p2, ...]",
    "redirects": "write one 'old/path.md: new/path.md' per line",
    "retired": "write one 'kind:id#pN: the reason it went' per line",
}


@dataclass
class Record:
    pages: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, list[str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    retired: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    """Line in published.yml of each section and entry: `pages.case:x`, `redirects.a.md`."""
    problems: list[Problem] = field(default_factory=list)  # why the file could not be read

    def line_of(self, section: str, key: str) -> int:
        return self.lines.get(f"{section}.{key}") or self.lines.get(section) or 1


def _explain(error: Any, lines: dict[str, int]) -> Problem:
    loc = [str(part) for part in error["loc"]]
    section = loc[0] if loc else ""
    line = lines.get(".".join(loc[:2])) or lines.get(section) or 1
    value = repr(error.get("input"))
    value = value if len(value) <= 60 else value[:55] + "...'"
    if error["type"] == "extra_forbidden":
        message = f"unknown section '{section}'"
        hint = f"expected one of: {', '.join(_HINTS)}"
    elif len(loc) == 1:
        message = f"'{section}' must be a mapping, got {value}"
        hint = _HINTS.get(section, "see the comment at the top of the file")
    else:
        where = f"'{loc[1]}' under '{section}'"
        message = f"{where} must be {'a list of text' if section == 'anchors' else 'text'}"
        message += f", got {value}"
        hint = _HINTS[section]
    return Problem(PUBLISHED_FILE, line, message, hint)


def load_record(path: pathlib.Path) -> Record | None:
    if not path.is_file():
        return None
    # Read as front matter, for its safe loader, its limits and the line of every key; the
    # added '---' line is taken off every line number.
    source, problems = parse_source(PUBLISHED_FILE, b"---\n" + path.read_bytes() + b"\n---\n")
    if source is None:
        shifted = [
            dataclasses.replace(
                p, line=max(1, p.line - 1), message=p.message.replace("front matter", "the file")
            )
            for p in problems
        ]
        return Record(problems=shifted)
    lines = {key: max(1, line - 1) for key, line in source.key_lines.items()}
    try:
        data = _RecordFile.model_validate(source.meta)
    except ValidationError as exc:
        return Record(lines=lines, problems=[_explain(e, lines) for e in exc.errors()])
    return Record(data.pages, data.anchors, data.redirects, data.retired, lines)


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
                    record.line_of("redirects", old),
                    f"redirect from '{old}' would replace a live page",
                    "remove the redirect, or move or delete the page first",
                )
            )
        if new not in paths:
            problems.append(
                Problem(
                    PUBLISHED_FILE,
                    record.line_of("redirects", old),
                    f"redirect from '{old}' points to '{new}', which does not exist",
                    "point it at an existing page path under docs/",
                )
            )
    for key, path in record.pages.items():
        if key not in model.targets and path not in record.redirects and key not in (claimed or ()):
            problems.append(
                Problem(
                    PUBLISHED_FILE,
                    record.line_of("pages", key),
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
                        record.line_of("anchors", key),
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
