"""Print handouts: sections of one version, or of every version, on one page, to print in part.

The reader chooses sections (none, all, a part of a version, or one by one); the choice lives in
the address (`#s=2016-final/vawg,2013-final/introduction`), so it survives a reload and can be
shared. Each section carries its version banner and its content hash (the same hash as
export.json); the stamp at the top hashes exactly the sections chosen, in page order, as
sha256 over their hashes joined (the formula `overall_hash` gives, for checking by hand).
The printed page shows no screen controls and numbers its pages in the margin.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re

from build_tools.content.facts import content_hash
from build_tools.content.links import rewrite_refs
from build_tools.content.markdown_blocks import PARA_ID
from build_tools.content.model import ContentModel, Page
from build_tools.content.provenance import section_provenance
from build_tools.content.render import print_stamp

__all__ = ["ALL", "handout_markdown", "handout_path", "overall_hash"]

ALL = "all"
"""The handout that offers every version's sections."""

_PARTS = {"offences": "Part on offences", "other-issues": "Part on other issues"}


def handout_path(version: str) -> str:
    return "handouts/index.md" if version == ALL else f"handouts/{version}.md"


def overall_hash(sections: list[Page]) -> str:
    """The hash of a set of sections: sha256 over their content hashes, in order."""
    return hashlib.sha256("".join(content_hash(s) for s in sections).encode()).hexdigest()


def _key(section: Page) -> str:
    return f"{section.guideline_meta.version}/{section.id}"


def _banner(section: Page, model: ContentModel) -> str:
    """Which version this is and what replaced it, on screen and in print."""
    target = model.targets.get(f"version:{section.guideline_meta.version}")
    meta = target.page.version_meta if target else None
    if meta is None:
        return ""
    parts = [f"{meta.title}, in force from {meta.in_force:%-d %B %Y}"]
    if meta.status == "historical":
        later = ""
        if meta.superseded_by:
            later = f" by the {meta.superseded_by} version"
            if meta.superseded:
                later += f" on {meta.superseded:%-d %B %Y}"
        elif meta.superseded_note:
            later = f" by {meta.superseded_note}"
        parts.append(f"historical guidance, replaced{later}")
    return f'<p class="kb-handout-banner">{html.escape("; ".join(parts))}.</p>\n\n'


def _picker(model: ContentModel, versions: list[str]) -> str:
    quick = [
        '<button type="button" class="md-button" data-kb-pick="none">None</button>',
        '<button type="button" class="md-button" data-kb-pick="all">All</button>',
    ]
    groups = []
    for version in versions:
        sections = model.sections(version)
        parts = sorted({s.guideline_meta.part for s in sections if s.guideline_meta.part})
        if len(versions) > 1:
            quick.append(
                f'<button type="button" class="md-button" data-kb-pick="version:{version}">'
                f"All of {html.escape(version)}</button>"
            )
        for part in parts:
            label = _PARTS.get(part, part)
            prefix = f"{version}: " if len(versions) > 1 else ""
            quick.append(
                f'<button type="button" class="md-button" '
                f'data-kb-pick="part:{version}:{html.escape(part, quote=True)}">'
                f"{html.escape(prefix + label)}</button>"
            )
        boxes = "".join(
            f'<label><input type="checkbox" value="{html.escape(_key(s), quote=True)}"'
            f' data-kb-part="{html.escape(s.guideline_meta.part or "", quote=True)}"> '
            f"{html.escape(s.title)}</label>"
            for s in sections
        )
        groups.append(f"<fieldset><legend>{html.escape(version)}</legend>{boxes}</fieldset>")
    return (
        '<form class="kb-handout-pick" hidden>'
        '<div class="kb-handout-pick__quick" role="group" aria-label="Choose quickly">'
        + "".join(quick)
        + "</div>"
        + "".join(groups)
        + '<p class="kb-handout-pick__status" role="status" aria-live="polite"></p>'
        '<button type="button" class="md-button md-button--primary kb-handout-print">'
        "Print the chosen sections</button></form>\n"
    )


def _page_margins(url: str) -> str:
    """Printed margins: what this is and where it came from, and the page number. Chromium
    prints @page margin boxes; the text is fixed per handout page."""
    safe = url.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "<style>@page { margin: 16mm 14mm 18mm; "
        '@bottom-left { content: "Knowledge base handout (our summaries, not CPS text): '
        f'{safe}"; font: 8pt sans-serif; color: #444; }} '
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); '
        "font: 8pt sans-serif; color: #444; } }</style>\n"
    )


def handout_markdown(
    model: ContentModel, version: str, built: str, *, base_url: str | None = None
) -> str:
    versions = (
        [v.id for v in reversed(model.versions()) if model.sections(v.id)]
        if version == ALL
        else [version]
    )
    sections = [s for v in versions for s in model.sections(v)]
    path = handout_path(version)
    url = (base_url or "") + path[: -len(".md")] + ".html"
    if version == ALL:
        title = "Handout: sections from any version"
        what = "sections from every version of the guidelines"
    else:
        title = f"Handout: {model.targets[f'version:{version}'].page.title}"
        what = "every section of this version"
    parts = [
        f"# {title}\n",
        _page_margins(url),
        '<div class="kb-screen-only" markdown>\n\n'
        f"This page holds {what}, for printing. Choose the sections you want (or a whole part), "
        "then print: the address of this page keeps your choice, so you can bookmark it or send "
        "it to a colleague. Each section shows its version and whether that version is "
        "historical; the stamp above the sections identifies exactly what was printed. Each "
        "paragraph is our summary, not the CPS wording; its marker is the CPS paragraph number "
        "where confirmed (Para 40), inferred (Para 40?), or our own numbering (KB ¶5).\n\n"
        "</div>\n",
        f'<p class="kb-stamp kb-stamp--always kb-handout-stamp" data-kb-built="{built}">'
        f"{html.escape(', '.join(versions))}, built {built}; content hash of all "
        f"{len(sections)} sections sha256:{overall_hash(sections)[:16]}.</p>\n",
        _picker(model, versions),
        '<p class="kb-handout-empty kb-screen-only" hidden>No sections chosen yet: choose '
        "some above.</p>\n",
    ]
    for section in sections:
        here = dataclasses.replace(section, path=path)
        labels = {p.id: f"*({p.label})*" for p in section_provenance(section, model)}

        def marker(m: re.Match[str], labels: dict[str, str] = labels) -> str:
            return labels.get(m.group("id"), "")

        body = "\n".join(PARA_ID.sub(marker, line) for line in section.body.split("\n"))
        body = re.sub(r"^(#{2,5}) ", r"#\1 ", body, flags=re.M)  # nest under the section
        key = _key(section)
        parts.append(
            f'<section class="kb-handout-section" data-section="{html.escape(key, quote=True)}"'
            f' data-hash="{content_hash(section)}" markdown>\n\n'
            f"## {section.title} ({section.guideline_meta.version}) "
            f"{{#{section.guideline_meta.version}-{section.id}}}\n\n"
            + _banner(section, model)
            + print_stamp(section, model, built)
            + rewrite_refs(body, here, model).strip()
            + "\n\n</section>\n"
        )
    return "\n".join(parts)
