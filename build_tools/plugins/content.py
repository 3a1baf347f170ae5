"""MkDocs plugin `kb-content`: check the content model, generate pages, resolve references."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from build_tools.content.check import check_docs
from build_tools.content.facts import version_pairs
from build_tools.content.glossary_links import GlossaryLinks, GlossaryPage
from build_tools.content.glossary_tips import abbreviations, term_spellings
from build_tools.content.handout import ALL, handout_markdown, handout_path
from build_tools.content.model import ContentModel
from build_tools.content.nav import build_nav
from build_tools.content.problems import format_problems
from build_tools.content.published import PUBLISHED_FILE, load_record, redirect_maps
from build_tools.content.render import decorate
from build_tools.content.switcher import with_version_in_title
from build_tools.diff.render import diff_page_markdown, diff_page_path
from build_tools.diff.versions import VersionDiff, diff_versions

_PRELOADED: dict[pathlib.Path, tuple[ContentModel, str | None]] = {}


@contextmanager
def preloaded(
    docs_dir: pathlib.Path, model: ContentModel, base_url: str | None = None
) -> Iterator[None]:
    """Hand an already checked model to the plugin, for an in-process build (`kb build`), so
    that the content is checked once; `base_url` is `kb build --base-url`."""
    key = docs_dir.resolve()
    _PRELOADED[key] = (model, base_url)
    try:
        yield
    finally:
        _PRELOADED.pop(key, None)


__all__ = ["KbContentConfig", "KbContentPlugin"]


class KbContentConfig(base.Config):
    nav = c.Type(bool, default=True)
    """Derive the navigation from the content model (versions, sections by `order`, cases...)."""

    diffs = c.Type(bool, default=True)
    """Generate a "what changed" page for every older -> newer pair of versions."""


class KbContentPlugin(BasePlugin[KbContentConfig]):
    def __init__(self) -> None:
        self.model: ContentModel | None = None
        self.generated: dict[str, str] = {}
        self.handouts: dict[str, str] = {}
        self.built = ""
        self.base_url: str | None = None
        self.glossary_page = GlossaryPage()
        self.diffs: dict[tuple[str, str], VersionDiff] = {}
        """The diffs this build computed, for the JSON diffs written beside the site."""

    def on_config(self, config: Any) -> Any:
        model, given_base = _PRELOADED.get(pathlib.Path(config.docs_dir).resolve(), (None, None))
        if model is None:  # a bare `mkdocs build` or `mkdocs serve`: check here
            model, problems = check_docs(pathlib.Path(config.docs_dir))
            if problems:
                raise PluginError("Content problems:\n" + format_problems(problems))
        self.model = model
        self.diffs = {}
        # The public address of the site, for copied links, citations, rel=canonical and the
        # sitemap: `kb build --base-url`, else KB_BASE_URL (for a bare `mkdocs build`), else
        # mkdocs.yml's `site_url`.
        base = given_base or os.environ.get("KB_BASE_URL") or config.site_url
        if base:
            config.site_url = base.rstrip("/") + "/"
        self.base_url = config.site_url or None
        self.generated = {}
        self.built = dt.date.today().isoformat()
        if self.config.diffs:
            for old, new in version_pairs(model):
                self.generated[diff_page_path(old, new)] = f"{old} to {new}"
        self.handouts = {handout_path(ALL): ALL} | {
            handout_path(v.id): v.id for v in reversed(model.versions()) if model.sections(v.id)
        }
        if self.config.nav:
            config.nav = build_nav(model, self.generated, self.handouts)
        redirects = config.plugins.get("redirects")
        if redirects is not None:
            # Redirects for pages that moved (published.yml) and "latest" section URLs.
            record = load_record(pathlib.Path(config.config_file_path).parent / PUBLISHED_FILE)
            own = dict(redirects.config.get("redirect_maps") or {})
            redirects.config["redirect_maps"] = {**redirect_maps(model, record), **own}
        if "abbr" in config.markdown_extensions:
            # Glossary terms become tooltips wherever they are used; the first use of each on a
            # page links to its entry, so that a keyboard reaches it.
            config.mdx_configs.setdefault("abbr", {})["glossary"] = abbreviations(model)
            glossary = next((p for p in model.pages if p.type == "glossary"), None)
            if glossary is not None:
                self.glossary_page.glossary = glossary.path
                self.glossary_page.terms = {
                    spelling: term.id
                    for term in glossary.glossary_meta.terms
                    for spelling in term_spellings(term.term, term.aka)
                }
                if not any(isinstance(e, GlossaryLinks) for e in config.markdown_extensions):
                    config.markdown_extensions.append(GlossaryLinks(self.glossary_page))
        return config

    # Run before other plugins' on_files so generated pages are treated like authored ones.
    @event_priority(50)
    def on_files(self, files: Files, *, config: Any) -> Files:
        assert self.model is not None
        titles = {v.id: v.title for v in self.model.versions()}
        consultation = self.model.targets.get("page:consultation")
        for path in self.generated:
            old, _, new = posixpath.basename(path)[:-3].partition("-to-")
            diff = diff_versions(self.model, old, new)
            self.diffs[(old, new)] = diff
            links = {
                s.id: posixpath.relpath(s.path, posixpath.dirname(path))
                for s in self.model.sections(new)
            }
            links.update(
                {
                    s.id: posixpath.relpath(s.path, posixpath.dirname(path))
                    for s in self.model.sections(old)
                    if s.id not in links
                }
            )
            consultation_link = (
                posixpath.relpath(consultation.page.path, posixpath.dirname(path))
                if consultation
                else None
            )
            content = diff_page_markdown(
                diff,
                titles=titles,
                section_links=links,
                consultation_link=consultation_link,
                consultation_anchors=consultation.page.anchors if consultation else frozenset(),
            )
            files.append(File.generated(config, path, content=content))
        for path, version in self.handouts.items():
            content = handout_markdown(self.model, version, self.built, base_url=self.base_url)
            files.append(File.generated(config, path, content=content))
        return files

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        assert self.model is not None
        source = self.model.page_by_path(page.file.src_uri)
        if source is not None and source.type == "guideline" and source.version:
            return with_version_in_title(output, source.version)
        return output

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        assert self.model is not None
        self.glossary_page.path = page.file.src_uri
        source = self.model.page_by_path(page.file.src_uri)
        if source is None:
            return markdown
        # Material reads `status` as its own page-status icon; ours means something else.
        page.meta.pop("status", None)
        return decorate(markdown, source, self.model, built=self.built, base_url=self.base_url)
