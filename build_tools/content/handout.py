"""Print handouts: every section of a version on one page, to print whole or in part, each part
stamped with the version, the build date and a content hash (the same hash as export.json)."""

from __future__ import annotations

import dataclasses
import hashlib
import re

from build_tools.content.markdown_blocks import PARA_ID
from build_tools.content.model import ContentModel
from build_tools.content.provenance import section_provenance
from build_tools.content.render import print_stamp, rewrite_refs
from build_tools.export import content_hash

__all__ = ["handout_markdown", "handout_path"]


def handout_path(version: str) -> str:
    return f"handouts/{version}.md"


def handout_markdown(model: ContentModel, version: str, built: str) -> str:
    sections = model.sections(version)
    target = model.targets[f"version:{version}"].page
    overall = hashlib.sha256("".join(content_hash(s) for s in sections).encode()).hexdigest()
    path = handout_path(version)
    parts = [
        f"# Handout: {target.title}\n",
        "Every section of this version on one page, for printing. Untick the sections you do "
        "not want, then print; each section is stamped with the version, the build date and "
        "its content hash. Each paragraph is our summary, not the CPS wording; its marker is the "
        "CPS paragraph number where confirmed (Para 40), inferred (Para 40?), or our own "
        "numbering (KB ¶5).\n",
        f'<p class="kb-stamp kb-stamp--always">{version}, built {built}; content hash of all '
        f"{len(sections)} sections sha256:{overall[:16]}.</p>\n",
        '<form class="kb-handout-pick" hidden><fieldset><legend>Sections to print</legend>'
        + "".join(
            f'<label><input type="checkbox" value="{s.id}" checked> {s.title}</label>'
            for s in sections
        )
        + '</fieldset><button type="button" class="kb-handout-print">Print</button></form>\n',
    ]
    for section in sections:
        here = dataclasses.replace(section, path=path)
        labels = {p.id: f"*({p.label})*" for p in section_provenance(section, model)}

        def marker(m: re.Match[str], labels: dict[str, str] = labels) -> str:
            return labels.get(m.group("id"), "")

        body = "\n".join(PARA_ID.sub(marker, line) for line in section.body.split("\n"))
        body = re.sub(r"^(#{2,5}) ", r"#\1 ", body, flags=re.M)  # nest under the section
        parts.append(
            f'<section class="kb-handout-section" data-section="{section.id}" markdown>\n\n'
            f"## {section.title} {{#{section.id}}}\n\n"
            + print_stamp(section, model, built)
            + rewrite_refs(body, here, model).strip()
            + "\n\n</section>\n"
        )
    return "\n".join(parts)
