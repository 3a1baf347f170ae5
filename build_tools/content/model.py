"""Value objects of the content model: pages, paragraphs, references and backlinks."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import TypeVar

from build_tools.content.markdown_blocks import Heading, RefMark
from build_tools.content.schema import (
    CaseMeta,
    GlossaryMeta,
    GuidelineMeta,
    Meta,
    OffenceMeta,
    ParagraphSource,
    VersionMeta,
)

M = TypeVar("M", VersionMeta, GuidelineMeta, CaseMeta, OffenceMeta, GlossaryMeta)

_ATTR_LINE = re.compile(r"^[ \t]*\{:?[ \t]*#([\w-]+)[ \t]*\}[ \t]*$", re.M)

__all__ = ["Backlink", "ContentModel", "Page", "Paragraph", "Target", "page_url"]


@dataclass(frozen=True)
class Paragraph:
    id: str
    line: int
    text: str
    in_note: bool = False  # inside a knowledge base note: never a guideline paragraph


@dataclass(frozen=True)
class Page:
    path: str  # path relative to docs/, posix
    meta: Meta
    body: str
    body_line: int
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    refs: tuple[RefMark, ...]
    key_lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def guideline_paragraphs(self) -> tuple[Paragraph, ...]:
        """Numbered paragraphs that summarise the CPS text (not notes)."""
        return tuple(p for p in self.paragraphs if not p.in_note)

    def source_of(self, para_id: str) -> ParagraphSource | None:
        """The recorded source of a guideline paragraph, or None."""
        return self.meta.sources.get(para_id) if isinstance(self.meta, GuidelineMeta) else None

    def _meta_as(self, kind: type[M]) -> M:
        if not isinstance(self.meta, kind):
            raise TypeError(f"{self.path} is a {self.meta.type} page, not a {kind.__name__}")
        return self.meta

    # Typed views of the front matter, for code that knows the page's type: a wrong guess is a
    # TypeError naming the page, never a silent None.
    @property
    def version_meta(self) -> VersionMeta:
        return self._meta_as(VersionMeta)

    @property
    def guideline_meta(self) -> GuidelineMeta:
        return self._meta_as(GuidelineMeta)

    @property
    def case_meta(self) -> CaseMeta:
        return self._meta_as(CaseMeta)

    @property
    def offence_meta(self) -> OffenceMeta:
        return self._meta_as(OffenceMeta)

    @property
    def glossary_meta(self) -> GlossaryMeta:
        return self._meta_as(GlossaryMeta)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    @property
    def type(self) -> str:
        return str(self.meta.type)

    @property
    def id(self) -> str:
        return str(self.meta.id)

    @property
    def title(self) -> str:
        return str(self.meta.title)

    @property
    def version(self) -> str | None:
        if isinstance(self.meta, GuidelineMeta):
            return self.meta.version
        return self.id if self.type == "version" else None

    @property
    def key(self) -> str:
        """The reference key that points at this page, e.g. `case:dpp-v-collins`."""
        if self.type == "guideline":
            return f"guideline:{self.guideline_meta.version}/{self.id}"
        return f"{self.type}:{self.id}"

    @property
    def anchors(self) -> frozenset[str]:
        found = {h.anchor for h in self.headings} | {p.id for p in self.paragraphs}
        # Block attribute lists on a line of their own, e.g. under a list item: `{#q1-change-1}`.
        found |= set(_ATTR_LINE.findall(self.body))
        if self.type == "glossary":
            found |= {t.id for t in self.glossary_meta.terms}
        return frozenset(found)

    @property
    def url(self) -> str:
        return page_url(self.path)


def page_url(path: str) -> str:
    """Site-relative URL of a page (the offline build uses no directory URLs)."""
    return posixpath.splitext(path)[0] + ".html"


@dataclass(frozen=True)
class Target:
    """What a reference key resolves to: a page and an optional anchor on it."""

    page: Page
    anchor: str | None = None
    title: str | None = None  # e.g. a glossary term's definition, shown as a tooltip


@dataclass(frozen=True)
class Backlink:
    source: Page
    line: int


@dataclass
class ContentModel:
    pages: list[Page]
    targets: dict[str, Target] = field(default_factory=dict)
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)  # by target page key

    def page_by_path(self, path: str) -> Page | None:
        return next((p for p in self.pages if p.path == path), None)

    def versions(self) -> list[Page]:
        return sorted(
            (p for p in self.pages if p.type == "version"), key=lambda p: p.version_meta.issued
        )

    def is_partial(self, version: str | None) -> bool:
        """Whether only part of this version's text is on record."""
        target = self.targets.get(f"version:{version}") if version else None
        return bool(target and target.page.version_meta.partial)

    def versions_full_last(self) -> list[Page]:
        """Versions in date order, but the partial records before every full text: in this
        order the last version holding a section is its newest full text where there is one."""
        versions = self.versions()
        partial = [v for v in versions if v.version_meta.partial]
        return partial + [v for v in versions if not v.version_meta.partial]

    def sections(self, version: str) -> list[Page]:
        return sorted(
            (p for p in self.pages if p.type == "guideline" and p.version == version),
            key=lambda p: (p.guideline_meta.order, p.id),
        )

    def section(self, version: str, section_id: str) -> Page | None:
        """The section with this id in this version, if the version has it."""
        target = self.targets.get(f"guideline:{version}/{section_id}")
        return target.page if target is not None else None
