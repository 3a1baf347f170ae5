"""Glossary tooltips a keyboard can reach: a Markdown treeprocessor run after `abbr`.

The abbr extension marks every use of a glossary term as `<abbr title="definition">`. This pass
then, on each page:
- turns the first use of each term into a link to its glossary entry (`a.kb-term`, with the
  definition as its title), so that it can be reached with Tab and shows its tooltip on focus;
- leaves later uses as abbreviations (a tooltip on hover, no extra tab stop);
- removes the mark from headings, from "Also known as" lines and inside links, where a tooltip
  would split a phrase or nest one control in another;
- removes every mark on the glossary page itself, where each term is defined in full.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

__all__ = ["GlossaryLinks", "GlossaryPage"]

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ALSO = ("Also known as", "Also:")


@dataclass
class GlossaryPage:
    """What the pass needs to know of the page being converted: set before each page."""

    path: str = ""  # the page's path in docs/, e.g. versions/2016-final/vawg.md
    glossary: str = "glossary.md"
    terms: dict[str, str] = field(default_factory=dict)  # spelling -> term id

    def href(self, term_id: str) -> str:
        """A link to the entry, between source files: MkDocs turns it into the built page's
        address (and checks it) after this pass."""
        here = posixpath.dirname(self.path) or "."
        return f"{posixpath.relpath(self.glossary, here)}#{term_id}"


def _is_also_line(element: etree.Element) -> bool:
    first = element[0] if len(element) else None
    return (
        element.tag == "p"
        and not (element.text or "").strip()
        and first is not None
        and first.tag == "em"
        and (first.text or "").startswith(_ALSO)
    )


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace `child` by its text (abbr holds text only)."""
    index = list(parent).index(child)
    text = (child.text or "") + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    parent.remove(child)


class _Links(Treeprocessor):
    def __init__(self, md: Markdown, page: GlossaryPage) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        on_glossary = self.page.path == self.page.glossary
        linked: set[str] = set()

        def walk(element: etree.Element, quiet: bool) -> None:
            quiet = quiet or element.tag in _HEADINGS or element.tag == "a"
            quiet = quiet or _is_also_line(element)
            for child in list(element):
                if child.tag != "abbr":
                    walk(child, quiet)
                    continue
                term = self.page.terms.get(child.text or "")
                if quiet or on_glossary or term is None:
                    _unwrap(element, child)
                elif term not in linked:
                    linked.add(term)
                    child.tag = "a"
                    child.set("href", self.page.href(term))
                    child.set("class", "kb-term")
                    title = child.get("title", "")
                    child.set("title", f"{title} (Glossary: select to read the entry.)")

        walk(root, False)


class GlossaryLinks(Extension):
    def __init__(self, page: GlossaryPage) -> None:
        super().__init__()
        self.page = page

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Links(md, self.page), "kb_glossary_links", 6)
