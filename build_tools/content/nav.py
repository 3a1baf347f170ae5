"""The site navigation, derived from the content model (versions in order, sections by order)."""

from __future__ import annotations

from typing import Any

from build_tools.content.model import ContentModel

__all__ = ["build_nav"]


def build_nav(
    model: ContentModel, generated: dict[str, str], handouts: dict[str, str] | None = None
) -> list[Any]:
    """`generated` maps generated diff page paths to their nav titles; `handouts` maps print
    handout paths to their version ids."""
    nav: list[Any] = []
    home = model.targets.get("page:home")
    if home:
        nav.append({"Home": home.page.path})
    versions = []
    for version in reversed(model.versions()):
        entries: list[Any] = [{"About this version": version.path}]
        entries += [{s.title: s.path} for s in model.sections(version.id)]
        versions.append({version.id: entries})
    nav.append({"Guidelines": versions})
    if generated:
        # Pairs with a later text that is on record only in part go in a group of their own.
        def involves_partial(path: str) -> bool:
            old, _, new = path.rsplit("/", 1)[-1][: -len(".md")].partition("-to-")
            return model.is_partial(old) or model.is_partial(new)

        full = [{t: p} for p, t in generated.items() if not involves_partial(p)]
        later = [{t: p} for p, t in generated.items() if involves_partial(p)]
        nav.append(
            {"What changed": full + ([{"With the later partial records": later}] if later else [])}
        )
    if handouts:
        nav.append(
            {
                "Print handouts": [
                    {("Any version" if v == "all" else v): p} for p, v in handouts.items()
                ]
            }
        )
    indexes = {
        "case": model.targets.get("page:case-list"),
        "offence": model.targets.get("page:offence-finder"),
    }
    for kind, label in (("case", "Cases"), ("offence", "Offences")):
        pages = sorted((p for p in model.pages if p.type == kind), key=lambda p: p.title.lower())
        listed: list[Any] = [{p.title: p.path} for p in pages]
        index = indexes[kind]
        if index:
            listed.insert(0, index.page.path)  # the section's index page
        if listed:
            nav.append({label: listed})
    others = sorted(
        (
            p
            for p in model.pages
            if p.type in ("page", "glossary")
            and p.id not in ("home", "offence-finder", "case-list")
        ),
        key=lambda p: p.title.lower(),
    )
    if others:
        nav.append({"Reference": [{p.title: p.path} for p in others]})
    return nav
