"""`kb build`: check, build the site strictly beside the live one, index, then switch atomically."""

from __future__ import annotations

import json
import logging
import os
import pathlib
import shutil
import time
from collections.abc import Callable

from build_tools.content.check import check_docs
from build_tools.content.facts import version_pairs
from build_tools.content.model import ContentModel
from build_tools.content.problems import ContentError
from build_tools.deploy import NGINX_HEADERS, nginx_headers
from build_tools.diff.versions import VersionDiff, diff_versions
from build_tools.export import export_model
from build_tools.generation import (
    build_lock,
    exchange,
    fault_point,
    remove_leftovers,
    resume,
    resume_site,
)
from build_tools.index_docs import search_documents
from build_tools.paths import Paths
from build_tools.script_hashes import inline_script_hashes
from search.browser_index import write_browser_index
from search.store import SCRIPT_HASHES, SITE_MARKER, build_index, switch_to

__all__ = ["BuildFailed", "Paths", "build_all"]


class BuildFailed(Exception):
    """MkDocs refused to build (strict mode); the message carries its output."""


class _Collect(logging.Handler):
    """MkDocs' warnings and errors during a build, to report if the strict build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} -  {record.getMessage()}")


def _mkdocs_build(
    paths: Paths, out: pathlib.Path, model: ContentModel
) -> dict[tuple[str, str], VersionDiff]:
    """Run MkDocs once, in this process, strictly, on the model already checked; returns the
    diffs the site's what-changed pages were made from."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from build_tools.plugins.content import preloaded

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    here = os.getcwd()
    try:
        os.chdir(paths.root)  # plugins keep their caches beside mkdocs.yml
        config = load_config(str(paths.config), site_dir=str(out), strict=True)
        with preloaded(paths.docs, model, paths.base_url):
            build(config)
        plugin = config.plugins.get("kb-content")
        return dict(getattr(plugin, "diffs", {}))
    except MkDocsException as exc:
        raise BuildFailed("\n".join([*collect.lines, str(exc)]).strip()) from None
    except OSError as exc:  # the disk, not the content: name the site, not the temporary folder
        raise OSError(exc.errno, exc.strerror, str(paths.site)) from None
    finally:
        os.chdir(here)
        logger.removeHandler(collect)


def _all_diffs(
    model: ContentModel, done: dict[tuple[str, str], VersionDiff]
) -> dict[tuple[str, str], VersionDiff]:
    """Every version pair's diff: those the site build made, and any it did not (its `diffs`
    option off), computed here, once, for the JSON and the search documents alike."""
    return {
        (old, new): done.get((old, new)) or diff_versions(model, old, new)
        for old, new in version_pairs(model)
    }


def _write_diffs(out: pathlib.Path, diffs: dict[tuple[str, str], VersionDiff]) -> int:
    folder = out / "diffs"
    folder.mkdir(parents=True, exist_ok=True)
    for (old, new), diff in diffs.items():
        (folder / f"{old}-to-{new}.json").write_text(
            json.dumps(diff.to_json(), indent=1) + "\n", encoding="utf-8"
        )
    return len(diffs)


def build_all(paths: Paths, *, progress: Callable[[str], None]) -> ContentModel:
    """Check, then build site, diffs, export and index as one generation and switch to it in
    one step (see build_tools/generation.py). Raises BuildLocked if another build is running."""
    start = time.perf_counter()
    progress("[1/4] checking content")
    model, problems = check_docs(paths.docs)
    if problems:
        raise ContentError(problems)
    progress(f"      {len(model.pages)} pages, 0 problems")
    with build_lock(paths.root / ".kb"):
        fault_point("locked")
        resume_site(paths.site)
        resume(paths.site, paths.index)
        for left in remove_leftovers(paths.site):
            progress(f"      removed {left.name}, left by an interrupted build")
        fault_point("cleaned")
        tmp = paths.site.with_name(f".{paths.site.name}.new-{os.getpid()}")
        old: pathlib.Path | None = None
        try:
            progress("[2/4] building the site (mkdocs, strict)")
            diffs = _all_diffs(model, _mkdocs_build(paths, tmp, model))
            fault_point("site-built")
            progress("[3/4] writing version diffs")
            count = _write_diffs(tmp, diffs)
            progress(f"      {count} version pair{'s' if count != 1 else ''}")
            fault_point("diffs-written")
            export = export_model(model, base_url=paths.base_url)
            (tmp / "export.json").write_text(
                json.dumps(export, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            fault_point("export-written")
            progress("[4/4] building the search index")
            report = build_index(search_documents(model, diffs), paths.index, switch=False)
            how = "incremental: " if report.incremental else ""
            progress(
                f"      {report.documents} sections indexed ({how}{report.reindexed} of "
                f"{report.pages} pages written)"
            )
            write_browser_index(report.generation, tmp)  # the site's own search box ranks with it
            fault_point("index-written")
            hashes = inline_script_hashes(tmp)
            (tmp / SCRIPT_HASHES).write_text("".join(h + "\n" for h in hashes), encoding="utf-8")
            (tmp / NGINX_HEADERS).write_text(nginx_headers(hashes), encoding="utf-8")
            (tmp / SITE_MARKER).write_text(report.generation.name + "\n", encoding="utf-8")
            fault_point("marker-written")
            old = exchange(tmp, paths.site)  # the switch: site and index live together
            fault_point("exchanged")
            switch_to(paths.index, report.generation.name)
            fault_point("pointer-switched")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        fault_point("old-removed")
    progress(f"built {paths.site} in {time.perf_counter() - start:.1f}s")
    return model
