"""Reading across versions from a section page: the version switcher and the browser title."""

from __future__ import annotations

import html

from build_tools.content.links import relative_link
from build_tools.content.model import ContentModel, Page

__all__ = ["version_switcher", "with_version_in_title"]


def _absent(page: Page, model: ContentModel, version: str) -> str:
    """A version without this section: "not in this version", and the nearest section there
    where one is recorded (marked inferred unless confirmed), with the recorded note."""
    label = html.escape(version)
    other = next((c for c in page.guideline_meta.counterparts if c.version == version), None)
    near = model.section(version, other.section) if other and other.section else None
    partial = model.is_partial(version)
    if other is None:
        words = "not recorded" if partial else "not in this version"
        return f'<span class="kb-switcher__absent">{label} <small>({words})</small></span>'
    note = html.escape(other.note, quote=True)
    if near is None:
        words = "no counterpart on record" if partial else "no counterpart"
        return (
            f'<span class="kb-switcher__absent" title="{note}">{label} '
            f"<small>({words})</small></span>"
        )
    href = html.escape(relative_link(page, near.url), quote=True)
    sure = "" if other.status == "confirmed" else "?"
    return (
        f'<span class="kb-switcher__absent">{label} <small>(not in this version; nearest: '
        f'<a class="kb-switcher__near" href="{href}" title="{note}">'
        f"{html.escape(near.title)}{sure}</a>)</small></span>"
    )


def version_switcher(page: Page, model: ContentModel) -> str:
    """Under the title of a guideline section: every version, the section's own page in each
    version that has it (this one marked), "not in this version" for the others, and what
    changed between this version and each other one."""
    versions = [v.id for v in model.versions() if model.sections(v.id)]
    here = page.guideline_meta.version
    items = []
    for version in versions:
        label = html.escape(version)
        other = model.section(version, page.id)
        if version == here:
            items.append(f'<strong class="kb-switcher__here" aria-current="page">{label}</strong>')
        elif other is not None:
            href = html.escape(relative_link(page, other.url), quote=True)  # raw HTML: .html
            items.append(f'<a class="kb-switcher__version" href="{href}">{label}</a>')
        else:
            items.append(_absent(page, model, version))
    compare = []
    for version in versions:
        if version == here:
            continue
        earlier = versions.index(version) < versions.index(here)
        older, newer = (version, here) if earlier else (here, version)
        # A comparison with a partial record holds this section only where both texts record
        # it; otherwise link the page itself, whose top says what was compared.
        anchor: str | None = page.id
        if model.is_partial(older) or model.is_partial(newer):
            sides = [model.section(v, page.id) for v in (older, newer)]
            if not all(s is not None and s.guideline_meta.recorded for s in sides):
                anchor = None
        href = relative_link(page, f"what-changed/{older}-to-{newer}.html", anchor)
        href = html.escape(href, quote=True)
        words = f"since {version}" if version == older else f"up to {version}"
        compare.append(f'<a class="kb-switcher__compare" href="{href}">{words}</a>')
    return (
        '<nav class="kb-switcher" aria-label="This section in each version">'
        '<span class="kb-switcher__label">This section in:</span> '
        + " ".join(items)
        + '<br><span class="kb-switcher__label">What changed:</span> '
        + " ".join(compare)
        + "</nav>\n\n"
    )


def with_version_in_title(page_html: str, version: str) -> str:
    """Name the version in the browser title: two versions of a section are told apart in
    tabs, bookmarks and history."""
    start = page_html.find("<title>")
    end = page_html.find("</title>", start)
    if start == -1 or end == -1:
        return page_html
    title = page_html[start + len("<title>") : end]
    if f"({version})" in title:
        return page_html
    head, sep, rest = title.partition(" - ")
    named = f"{head} ({html.escape(version)})" + (sep + rest if sep else "")
    return page_html[: start + len("<title>")] + named + page_html[end:]
