"""Where a project's files are: mkdocs.yml, docs/, the built site and the search index.

Kept apart from the build so that `kb search` can find the index without importing it.
"""

from __future__ import annotations

import functools
import pathlib
from typing import Any

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
        self._base_url = base_url
        self.config = root / "mkdocs.yml"
        self.docs = root / "docs"
        self.site = site or root / "site"
        self.index = index or root / ".kb" / "index"

    @functools.cached_property
    def base_url(self) -> str | None:
        """As given, else mkdocs.yml's `site_url`: read when first asked for, so `kb search`
        neither imports YAML nor parses mkdocs.yml."""
        return self._base_url or configured_base_url(self.config)


def configured_base_url(config: pathlib.Path) -> str | None:
    """The public address of the site from mkdocs.yml's `site_url`, if set."""
    import yaml

    class AnyTagLoader(yaml.SafeLoader):
        """Reads mkdocs.yml without resolving its tags (`!ENV`, `!!python/name`)."""

    AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
    data: Any
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=AnyTagLoader)
    except (OSError, yaml.YAMLError):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return str(value).rstrip("/") + "/" if value else None
