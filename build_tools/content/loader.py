"""Load `docs/` into the content model: parse, validate, index targets, resolve references."""

from __future__ import annotations

import dataclasses
import difflib
import os
import pathlib
import re
from collections.abc import Iterable

from build_tools.content.frontmatter import Source, parse_source
from build_tools.content.markdown_blocks import blocks, find_refs, headings
from build_tools.content.model import Backlink, ContentModel, Page, Paragraph, Target
from build_tools.content.problems import Problem
from build_tools.content.schema import Meta, validate_meta

__all__ = ["REF_KINDS", "build_model", "load_docs", "load_page"]

REF_KINDS = ("case", "offence", "term", "guideline", "version", "page")


def load_page(path: str, raw: bytes) -> tuple[Page | None, list[Problem]]:
    page, problems, _ = _load(path, raw)
    return page, problems


def _load(path: str, raw: bytes) -> tuple[Page | None, list[Problem], set[str]]:
    """The page, its problems, and the reference keys an invalid page still claims."""
    source, problems = parse_source(path, raw)
    if source is None:
        return None, problems, _claimed(_top_fields(raw))
    meta, field_problems = validate_meta(source.meta)
    problems = [
        Problem(path, source.key_lines.get(fp.key) or source.line_of(fp.field), fp.message, fp.hint)
        for fp in field_problems
    ]
    if meta is None:
        return None, problems, _claimed(source.meta)
    return _page(source, meta), problems, set()


_TOP_FIELD = re.compile(rb"^(type|id|version):[ \t]*['\"]?([\w-]+)['\"]?[ \t]*$", re.M)


def _top_fields(raw: bytes) -> dict[str, object]:
    """type, id and version read line by line from front matter YAML could not parse."""
    head = raw[:4000].decode("utf-8", errors="replace").encode()
    return {m.group(1).decode(): m.group(2).decode() for m in _TOP_FIELD.finditer(head)}


def _claimed(meta: dict[str, object]) -> set[str]:
    """Reference keys a page that failed validation would have had, so that one bad field is
    one problem, not one more for every reference to the page."""
    kind, ident, version = meta.get("type"), meta.get("id"), meta.get("version")
    if not isinstance(kind, str) or not isinstance(ident, str):
        return set()
    keys = {f"{kind}:{version}/{ident}" if kind == "guideline" else f"{kind}:{ident}"}
    if kind == "version":
        keys.add(f"version:{ident}")
    terms = meta.get("terms")
    if kind == "glossary" and isinstance(terms, list):
        keys |= {f"term:{t['id']}" for t in terms if isinstance(t, dict) and "id" in t}
    return keys


def _page(source: Source, meta: Meta) -> Page:
    bl = blocks(source.body, first_line=source.body_line)
    paragraphs = tuple(Paragraph(b.para_id, b.line, b.text, b.in_note) for b in bl if b.para_id)
    return Page(
        path=source.path,
        meta=meta,
        body=source.body,
        body_line=source.body_line,
        headings=tuple(headings(source.body, first_line=source.body_line)),
        paragraphs=paragraphs,
        refs=tuple(find_refs(source.body, first_line=source.body_line)),
        key_lines=dict(source.key_lines),
    )


# Folders the build writes pages into: an authored page there would be overwritten or hidden.
GENERATED_FOLDERS = ("what-changed/", "handouts/", "latest/", "diffs/", "search/")


def _unusable(docs_dir: pathlib.Path, file: pathlib.Path, rel: str) -> Problem | None:
    """Why a `*.md` path under docs/ cannot be a page, or None."""
    where = f"{docs_dir.name}/{rel}"
    if file.is_symlink():
        return Problem(
            where,
            1,
            "symbolic link: pages must be real files (a link can dangle, loop or leave docs/)",
            "replace the link with the file itself",
        )
    if file.is_dir():
        return Problem(where, 1, "a folder is named like a page ('.md')", "rename the folder")
    if any(part.startswith(".") for part in pathlib.PurePosixPath(rel).parts):
        return Problem(
            where,
            1,
            "hidden file or folder (name starts with '.'): the site would leave it out",
            "rename it without the leading '.'",
        )
    if rel.startswith(GENERATED_FOLDERS):
        return Problem(
            where,
            1,
            f"'{rel.split('/')[0]}/' is written by the build; this page would be lost",
            "move the page to another folder",
        )
    if file.name.lower() == "readme.md" and (file.parent / "index.md").exists():
        return Problem(
            where,
            1,
            "README.md beside index.md: both would become the same page",
            "rename or remove README.md",
        )
    return None


def _walk(docs_dir: pathlib.Path) -> list[pathlib.Path]:
    """Every `*.md` path under docs/, without following symbolic links to folders (a loop would
    otherwise be walked again and again)."""
    found: list[pathlib.Path] = []
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        base = pathlib.Path(folder)
        found += [base / name for name in files if name.endswith(".md")]
        found += [base / name for name in dirs if name.endswith(".md")]
        found += [
            base / name for name in dirs if (base / name).is_symlink() and not name.endswith(".md")
        ]
    return sorted(found)


def load_docs(docs_dir: pathlib.Path) -> tuple[list[Page], list[Problem], set[str]]:
    """Pages, problems, and the reference keys of pages that failed validation."""
    pages: list[Page] = []
    problems: list[Problem] = []
    claimed: set[str] = set()
    for file in _walk(docs_dir):
        rel = file.relative_to(docs_dir).as_posix()
        unusable = _unusable(docs_dir, file, rel)
        if unusable is not None:
            problems.append(unusable)
            continue
        try:
            raw = file.read_bytes()
        except OSError as exc:
            problems.append(
                Problem(
                    f"{docs_dir.name}/{rel}",
                    1,
                    f"cannot read the file: {exc.strerror}",
                    "check its permissions",
                )
            )
            continue
        page, found, claims = _load(f"{docs_dir.name}/{rel}", raw)
        problems += found
        claimed |= claims
        if page is not None:
            pages.append(_relocate(page, rel))
    return pages, problems, claimed


def _relocate(page: Page, rel: str) -> Page:
    """Keep the docs-relative path on the page; problems carry the repo-relative one."""
    return dataclasses.replace(page, path=rel)


def _targets(pages: Iterable[Page], docs_name: str) -> tuple[dict[str, Target], list[Problem]]:
    targets: dict[str, Target] = {}
    problems: list[Problem] = []
    for page in pages:
        keys = [(page.key, Target(page), page.line_of("id"))]
        if page.type == "glossary":
            keys += [
                (f"term:{t.id}", Target(page, t.id, t.definition), page.line_of("terms"))
                for t in page.glossary_meta.terms
            ]
        for key, target, line in keys:
            if key in targets:
                other = targets[key].page
                problems.append(
                    Problem(
                        f"{docs_name}/{page.path}",
                        line,
                        f"duplicate id '{key}' (also in {docs_name}/{other.path})",
                        "ids must be unique; give one of them a new id",
                    )
                )
                continue
            targets[key] = target
    return targets, problems


def build_model(
    pages: list[Page], *, docs_name: str = "docs", claimed: set[str] | None = None
) -> tuple[ContentModel, list[Problem]]:
    """Index every target, then resolve every reference and record backlinks. References to
    `claimed` keys (pages that failed validation, already reported) are not reported again."""
    targets, problems = _targets(pages, docs_name)
    model = ContentModel(pages=pages, targets=targets)
    for page in pages:
        where = f"{docs_name}/{page.path}"
        for ref in page.refs:
            if ref.kind not in REF_KINDS:
                problems.append(
                    Problem(
                        where,
                        ref.line,
                        f"unknown reference kind '{ref.kind}' in {ref.raw}",
                        f"use one of: {', '.join(REF_KINDS)}",
                    )
                )
                continue
            key = f"{ref.kind}:{ref.target}"
            target = targets.get(key)
            if target is None and key in (claimed or set()):
                continue
            if target is None:
                same_kind = [k for k in targets if k.startswith(f"{ref.kind}:")]
                problems.append(
                    Problem(where, ref.line, f"dangling reference '{key}'", _close(key, same_kind))
                )
                continue
            if ref.anchor and ref.anchor not in target.page.anchors:
                problems.append(
                    Problem(
                        where,
                        ref.line,
                        f"broken anchor '#{ref.anchor}' in reference '{key}'",
                        _close(ref.anchor, sorted(target.page.anchors), what="anchor"),
                    )
                )
                continue
            model.backlinks.setdefault(target.page.key, []).append(Backlink(page, ref.line))
    return model, problems


def _close(word: str, options: Iterable[str], *, what: str = "id") -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"no {what} like that exists; check the spelling or create the page"
