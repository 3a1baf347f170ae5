"""The content policy: what front matter and bodies may contain, so that no page can run script,
load from another host or break its own markup.

- Front-matter strings are plain text: no HTML (`<`, `>`), no Markdown link or attribute-list
  syntax (`](`, `{`, `}`), no table pipes, no control characters, one line.
- URLs are http(s) addresses with no markup characters.
- Raw HTML in a body uses only an allow-list of tags and attributes: no script, style, iframe,
  object, embed, image or form target from another host, no event handler, no `javascript:` or
  `data:` URL. Markdown links and images get the same URL rules.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from build_tools.content.markdown_blocks import body_lines

__all__ = ["SAFE_URL", "body_problems", "string_problems"]

# An http(s) URL without characters that could end an attribute or a Markdown link.
SAFE_URL = r"^https?://[^\s<>\"'`{}|\\^()\[\]]+$"

_MARKUP = re.compile(r"[<>{}|]|\]\(|[\x00-\x08\x0b-\x1f\x7f]")


def string_problems(value: Any, where: str = "") -> list[tuple[str, str]]:
    """(field path, what is wrong) for every front-matter string that is not plain text."""
    found: list[tuple[str, str]] = []
    if isinstance(value, str):
        bad = _MARKUP.search(value)
        if bad is not None:
            char = bad.group(0)
            shown = repr(char) if char.isprintable() else f"control character {ord(char[0]):#04x}"
            found.append((where, f"contains {shown}: front matter is plain text, not markup"))
        elif "\n" in value.strip():
            found.append((where, "spans several lines: write it on one line"))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += string_problems(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found += string_problems(item, f"{where}[{i}]")
    return found


# Tags a body may use (the advanced search form, definition lists, abbreviations, emphasis).
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "br",
        "button",
        "caption",
        "code",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "fieldset",
        "form",
        "h2",
        "h3",
        "h4",
        "i",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "mark",
        "ol",
        "option",
        "p",
        "pre",
        "q",
        "s",
        "section",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRS = frozenset(
    {
        "aria-describedby",
        "aria-label",
        "aria-live",
        "aria-hidden",
        "class",
        "colspan",
        "for",
        "hidden",
        "href",
        "id",
        "markdown",
        "maxlength",
        "name",
        "placeholder",
        "required",
        "role",
        "rowspan",
        "scope",
        "title",
        "type",
        "value",
    }
)
_URL_ATTRS = frozenset({"href"})
_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data|file):", re.I)
_CODE_SPAN = re.compile(r"`[^`\n]*`")


class _TagScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.found.append(f"HTML tag <{tag}> is not allowed")
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event handler attribute '{name}' on <{tag}> is not allowed")
            elif name not in ALLOWED_ATTRS and not name.startswith(("data-", "aria-")):
                self.found.append(f"attribute '{name}' on <{tag}> is not allowed")
            elif name in _URL_ATTRS and value and _BAD_SCHEME.match(value):
                self.found.append(f"'{value.split(':')[0]}:' URL in <{tag} {name}> is not allowed")

    handle_startendtag = handle_starttag


def body_problems(body: str) -> list[tuple[int, str, str]]:
    """(0-based line, message, hint) for every raw HTML tag, attribute or link the policy
    refuses. Code fences and code spans are text, not markup, and are skipped."""
    found: list[tuple[int, str, str]] = []
    for i, line, fenced in body_lines(body):
        if fenced:
            continue
        text = _CODE_SPAN.sub("", line)
        if "<" in text:
            scanner = _TagScanner()
            scanner.feed(text)
            scanner.close()
            for message in scanner.found:
                found.append(
                    (i, message, "write Markdown, or use only the tags listed in AUTHORING.md")
                )
        for m in _LINK.finditer(text):
            image, url = m.group(1), m.group(2)
            if _BAD_SCHEME.match(url):
                found.append(
                    (i, f"link to a '{url.split(':')[0]}:' URL", "link to a page or an http(s) URL")
                )
            elif image and re.match(r"^(?:https?:)?//", url):
                found.append(
                    (
                        i,
                        f"image from another host ({url[:60]})",
                        "the site is offline: save the image under docs/assets/ and link to it",
                    )
                )
    return found
