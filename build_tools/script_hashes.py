"""The hashes of the inline scripts the theme and the redirect pages write, so the server's
Content-Security-Policy can allow exactly those and no other inline script (no 'unsafe-inline').

Scripts inside a page's `<article>` (the content) are never allowed, whatever they are: content
may not carry scripts (`kb check` refuses them), and this keeps it so even if one slipped in.
"""

from __future__ import annotations

import base64
import hashlib
import pathlib
import re

__all__ = ["inline_script_hashes"]

_ARTICLE = re.compile(r"<article\b.*?</article>", re.S | re.I)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_NOT_JS = re.compile(r"\btype=[\"']?(?!(?:text/javascript|module)\b)[\w/+-]+", re.I)


def inline_script_hashes(site: pathlib.Path) -> list[str]:
    """`'sha256-...'` sources for every distinct inline script outside the content, sorted."""
    found: set[str] = set()
    for page in site.rglob("*.html"):
        html = _ARTICLE.sub("", page.read_text(encoding="utf-8", errors="replace"))
        for m in _SCRIPT.finditer(html):
            attrs, body = m.group(1), m.group(2)
            if "src=" in attrs or _NOT_JS.search(attrs):
                continue  # external scripts load from 'self'; JSON data blocks never run
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)
