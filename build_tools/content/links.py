"""Links between pages: relative paths, and references `[text][kind:id]` turned into them."""

from __future__ import annotations

import posixpath
import re

from build_tools.content.markdown_blocks import body_lines, sub_refs
from build_tools.content.model import ContentModel, Page

__all__ = ["relative_link", "rewrite_refs"]

# attr_list only reads a block's attribute list from a line of its own; authors write it at the
# end of the paragraph's last line, which keeps diffs of the source readable.
_TRAILING_PARA_ID = re.compile(r"(\S)[ \t]+(\{:?\s*#p\d+\s*\})[ \t]*$")


def relative_link(source: Page, target_path: str, anchor: str | None = None) -> str:
    rel = posixpath.relpath(target_path, posixpath.dirname(source.path) or ".")
    return f"{rel}#{anchor}" if anchor else rel


def _escape_title(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'").replace("\n", " ")


def rewrite_refs(markdown: str, page: Page, model: ContentModel) -> str:
    """Turn `[text][kind:id#anchor]` into ordinary relative Markdown links.

    The model has already checked every reference, so an unknown one here is a bug; it is left
    untouched so MkDocs' strict link validation still catches it.
    """
    out: list[str] = []
    for _, line, fenced in body_lines(markdown):
        if fenced:
            out.append(line)
            continue

        def repl(m: object) -> str:
            text, kind, target = m.group("text"), m.group("kind"), m.group("target")  # type: ignore[attr-defined]
            anchor = m.group("anchor")  # type: ignore[attr-defined]
            found = model.targets.get(f"{kind}:{target}")
            if found is None:
                return str(m.group(0))  # type: ignore[attr-defined]
            link = relative_link(page, found.page.path, anchor or found.anchor)
            if found.title:
                return f'[{text}]({link} "{_escape_title(found.title)}")'
            return f"[{text}]({link})"

        out.append(_TRAILING_PARA_ID.sub(r"\1\n\2", sub_refs(line, repl)))
    return "\n".join(out)
