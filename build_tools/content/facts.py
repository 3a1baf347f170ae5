"""Facts of a page that every output needs, computed in one place: its content hash, its plain
text, and which versions can be compared.

Outputs (the site, the diffs, the export, the search documents) take these from here and never
from each other.
"""

from __future__ import annotations

import hashlib
import itertools
import re

from build_tools.content.markdown_blocks import REF
from build_tools.content.model import ContentModel, Page

__all__ = ["consecutive_pairs", "content_hash", "plain_text", "version_pairs"]

_ATTR = re.compile(r"\s*\{:?\s*[#.][^}]*\}")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# An admonition's opening line (`!!! note "Knowledge base note"`): a reader sees its title.
_ADMONITION = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+"([^"]*)")?[ \t]*$', re.M)
_MARKUP = re.compile(r"[*_`>|]+|^#{1,6}\s+|<!--.*?-->|<[^>]+>", re.M)


def content_hash(page: Page) -> str:
    """Hash of the page's front matter (as validated) and body: changes when the content does."""
    data = page.meta.model_dump_json() + "\n" + page.body
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def plain_text(markdown: str) -> str:
    """The words a reader sees, without Markdown: references and links reduced to their text,
    attribute lists, emphasis marks, headings marks, comments and tags removed; a box's
    `!!! note "Title"` line read as its title."""
    text = REF.sub(lambda m: m.group("text"), markdown)
    text = _ADMONITION.sub(lambda m: f"{m.group(1)}:" if m.group(1) else "", text)
    text = _LINK.sub(r"\1", text)
    text = _ATTR.sub("", text)
    text = _MARKUP.sub(" ", text)
    text = re.sub(r"^\s*-{3,}\s*$", " ", text, flags=re.M)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n{3,}", "\n\n", text)).strip()


def _with_sections(model: ContentModel) -> list[str]:
    return [v.id for v in model.versions() if model.sections(v.id)]


def consecutive_pairs(model: ContentModel) -> list[tuple[str, str]]:
    """Neighbouring versions that both have sections, oldest first."""
    return list(itertools.pairwise(_with_sections(model)))


def version_pairs(model: ContentModel) -> list[tuple[str, str]]:
    """Every older -> newer pair of versions that have sections (6 over 4 versions), in reading
    order: by the older version, then the newer."""
    return list(itertools.combinations(_with_sections(model), 2))
