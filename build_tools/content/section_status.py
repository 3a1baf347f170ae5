"""The one-line history of a guideline section: new, changed (with a link to the diff), or
unchanged since some earlier version. Computed from the same section text the diffs use."""

from __future__ import annotations

import posixpath

from build_tools.content.model import ContentModel, Page
from build_tools.diff.versions import section_text

__all__ = ["section_history", "section_status_markdown"]


def section_history(page: Page, model: ContentModel) -> tuple[str, str | None]:
    """(kind, other version): ("first", None), ("new", None), ("changed", previous) or
    ("unchanged", earliest identical version)."""
    order = [v.id for v in model.versions() if model.sections(v.id)]
    if page.version not in order:
        return "first", None
    earlier = order[: order.index(page.version)]
    if not earlier:
        return "first", None
    previous = model.section(earlier[-1], page.id)
    before = model.targets.get(f"version:{earlier[-1]}")
    before_partial = bool(before and before.page.version_meta.partial)
    if (previous is None and before_partial) or (
        previous is not None and not previous.guideline_meta.recorded
    ):
        return "unknown", earlier[-1]  # the record of the version before does not reach it
    if previous is None:
        return "new", None
    text = (page.title, section_text(page))
    if (previous.title, section_text(previous)) != text:
        return "changed", earlier[-1]
    since = earlier[-1]
    for version in reversed(earlier[:-1]):
        older = model.section(version, page.id)
        if older is None or (older.title, section_text(older)) != text:
            break
        since = version
    return "unchanged", since


def section_status_markdown(page: Page, model: ContentModel) -> str:
    if not page.guideline_meta.recorded:
        return ""  # nothing of its text is on record; the page says so
    kind, other = section_history(page, model)
    version = page.version
    if kind == "first":
        line = f"**First version:** this section as issued in {version}."
    elif kind == "new":
        line = f"**New in {version}.**"
    elif kind == "changed":
        diff = f"what-changed/{other}-to-{version}.md"
        link = posixpath.relpath(diff, posixpath.dirname(page.path))
        line = f"**Changed in {version}** ([see what changed]({link}#{page.id}))."
    elif kind == "unknown":
        line = (
            f"**How it changed is not known:** the record of {other} does not hold this "
            "section's text."
        )
    else:
        line = f"**Unchanged since {other}.**"
    return f"{line}\n{{: .kb-section-status }}\n\n"
