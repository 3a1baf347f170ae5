"""Where a project's files are: mkdocs.yml, docs/, the built site and the search index.

Kept apart from the build so that `kb search` can find the index without importing it.
"""

from __future__ import annotations

import pathlib

import yaml

__all__ = ["Paths", "configured_base_url"]


class Paths:
    def __init__(
        self,
        root: pathlib.Path,
        *,
        site: pathlib.Path | None = None,
        index: pathlib.Path | None = None,
        base_url: str | None = None,
    ) -> None:
        self.root = root
        self.base_url = base_url or configured_base_url(root / "mkdocs.yml")
        self.config = root / "mkdocs.yml"
        self.docs = root / "docs"
        self.site = site or root / "site"
        self.index = index or root / ".kb" / "index"


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its tags (`!ENV`, `!!python/name`)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def configured_base_url(config: pathlib.Path) -> str | None:
    """The public address of the site from mkdocs.yml's `site_url`, if set."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    except (OSError, yaml.YAMLError):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return str(value).rstrip("/") + "/" if value else None
