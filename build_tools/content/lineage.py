"""Later texts on record only in part: the banner on their pages, and on each section of a full
version, where its topic lives in the later texts ("Where this lives today")."""

from __future__ import annotations

from build_tools.content.links import relative_link
from build_tools.content.model import ContentModel, Page
from build_tools.content.schema import GuidelineMeta

__all__ = ["partial_banner", "where_today"]


def _one_line(text: str) -> str:
    return text.replace("\n", " ")


def partial_banner(page: Page, model: ContentModel) -> str:
    """On every page of a partial version: what the record holds and what it does not; on a
    section whose text was not seen, that it was not, and what it covers."""
    if not model.is_partial(page.version):
        return ""
    meta = model.targets[f"version:{page.version}"].page.version_meta
    out = (
        '!!! warning "Partial record"\n'
        f"    The knowledge base holds only part of the {page.version} text. Recorded: "
        f"{_one_line(meta.recorded or 'not said')} Not recorded: "
        f"{_one_line(meta.not_recorded or 'not said')}\n\n"
    )
    if isinstance(page.meta, GuidelineMeta) and not page.meta.recorded:
        covers = page.meta.covers
        out += (
            '!!! info "Text not recorded"\n'
            "    The heading of this section is on record, but its text was not seen, so this "
            f"page summarises nothing. What it covers: {_one_line(covers or 'not known')}"
            "\n\n"
        )
    return out


def where_today(page: Page, model: ContentModel) -> str:
    """For a section of a full version: its successor in each later partial text (the section
    with the same id, or the counterpart recorded in front matter), each marked confirmed or
    inferred, or "not recorded"."""
    if page.type != "guideline":
        return ""
    versions = model.versions()
    here = next((i for i, v in enumerate(versions) if v.id == page.version), None)
    if here is None or versions[here].version_meta.partial:
        return ""
    later = [v for v in versions[here + 1 :] if v.version_meta.partial]
    if not later:
        return ""
    rows = []
    for version in later:
        same = model.section(version.id, page.id)
        other = next((c for c in page.guideline_meta.counterparts if c.version == version.id), None)
        if same is not None:
            lineage = same.guideline_meta.lineage
            status = lineage.status if lineage else "inferred"
            note = lineage.note if lineage else "same topic, same place"
            text = f"[{same.title}]({relative_link(page, same.path)}) ({status}: {note})"
        elif other is not None and other.section:
            near = model.section(version.id, other.section)
            title = near.title if near else other.section
            link = relative_link(page, near.path) if near else None
            shown = f"[{title}]({link})" if link else title
            text = f"{shown} ({other.status}: {other.note})"
        elif other is not None:
            text = f"no counterpart on record ({other.status}: {other.note})"
        else:
            text = "not recorded (the knowledge base holds only part of this text)"
        rows.append(f"    - **{version.title}** ({version.id}): {_one_line(text)}")
    return (
        '!!! info "Where this lives today"\n'
        "    The later CPS texts that replaced this one are on record only in part. Where this "
        "section's topic sits in each:\n\n" + "\n".join(rows) + "\n\n"
    )
