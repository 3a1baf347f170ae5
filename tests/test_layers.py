"""The layering contract: sources -> one content core -> outputs that never import each other.

Every module of build_tools/ and search/ belongs to one layer below. A module may import its own
layer and the layers listed as allowed for it; `search` stands alone (it never imports
build_tools or MkDocs), and the core never imports MkDocs. The composition roots (the `kb`
command, the build, the MkDocs plugins, the bench) wire the layers together and may import
anything.
"""

from __future__ import annotations

import ast
import pathlib

import pytest
from conftest import ROOT

CORE = "core"
LAYERS: dict[str, list[str]] = {
    # Reading, validating and the facts every output needs.
    CORE: [
        "build_tools.content.problems",
        "build_tools.content.citations",
        "build_tools.content.policy",
        "build_tools.content.markdown_blocks",
        "build_tools.content.frontmatter",
        "build_tools.content.schema",
        "build_tools.content.model",
        "build_tools.content.loader",
        "build_tools.content.published",
        "build_tools.content.check",
        "build_tools.content.check_sources",
        "build_tools.content.provenance",
        "build_tools.content.facts",
        "build_tools.content.ids",
        "build_tools.diff.words",
        "build_tools.diff.paragraphs",
        "build_tools.diff.versions",
    ],
    # Outputs: each may use the core, never another output.
    "site pages": [
        "build_tools.content.render",
        "build_tools.content.handout",
        "build_tools.content.finder",
        "build_tools.content.charts",
        "build_tools.content.glossary_tips",
        "build_tools.content.glossary_links",
        "build_tools.content.glossary_use",
        "build_tools.content.nav",
        "build_tools.content.section_status",
        "build_tools.content.links",
        "build_tools.content.facts_tables",
        "build_tools.content.switcher",
        "build_tools.content.backlinks",
        "build_tools.content.lineage",
    ],
    "diff pages": [
        "build_tools.diff.render",
        "build_tools.diff.blocks",
        "build_tools.diff.standalone",
    ],
    "export": ["build_tools.export"],
    "search documents": ["build_tools.index_docs"],
    "search": [
        "search.analysis",
        "search.intent",
        "search.schema",
        "search.store",
        "search.query",
        "search.workers",
        "search.api",
        "search.browser_index",
        "search.snippets",
        "search.scoring",
        "search.spelling",
        "search.documents",
        "search.vocabulary",
        "search.plain",
        "search.keys",
        "search.cpus",
        "search.word_query",
    ],
    # Composition roots.
    "wiring": [
        "build_tools.cli",
        "build_tools.commands",
        "build_tools.paths",
        "build_tools.site_build",
        "build_tools.bench",
        "build_tools.generation",
        "build_tools.script_hashes",
        "build_tools.deploy",
        "build_tools.plugins.content",
        "build_tools.plugins.assets",
    ],
}
ALLOWED: dict[str, set[str]] = {
    CORE: {CORE},
    "site pages": {CORE, "site pages"},
    "diff pages": {CORE, "diff pages"},
    "export": {CORE, "export"},
    "search documents": {CORE, "search documents", "search"},
    "search": {"search"},
    "wiring": set(LAYERS),
}
FORBIDDEN_OUTSIDE = {CORE: ("mkdocs",), "search": ("mkdocs", "build_tools")}


def layer_of(module: str) -> str | None:
    return next((name for name, mods in LAYERS.items() if module in mods), None)


def imports_of(path: pathlib.Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    modules: dict[str, set[str]] = {}
    for package in ("build_tools", "search"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "__init__.py":
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name] = imports_of(path)
    return modules


def violations(modules: dict[str, set[str]]) -> list[str]:
    known = {m for mods in LAYERS.values() for m in mods}
    problems = [
        f"{m}: in no layer (add it to LAYERS in {__name__})" for m in modules if m not in known
    ]
    for module, imported in sorted(modules.items()):
        layer = layer_of(module)
        if layer is None:
            continue
        for name in sorted(imported):
            if name.split(".")[0] in FORBIDDEN_OUTSIDE.get(layer, ()):
                problems.append(f"{module} ({layer}) imports {name}")
                continue
            target = layer_of(name)
            if target is not None and target not in ALLOWED[layer]:
                problems.append(f"{module} ({layer}) imports {name} ({target})")
    return problems


def test_the_code_keeps_its_layers() -> None:
    assert violations(graph()) == []


@pytest.mark.parametrize(
    ("module", "planted"),
    [
        ("build_tools.content.model", "build_tools.export"),  # core reaching up to an output
        ("build_tools.export", "build_tools.index_docs"),  # one output borrowing from another
        ("build_tools.content.render", "build_tools.diff.render"),
        ("search.query", "build_tools.content.model"),  # search must stand alone
        ("build_tools.content.check", "mkdocs.config"),  # the core never needs MkDocs
    ],
)
def test_a_planted_upward_import_is_caught(module: str, planted: str) -> None:
    modules = graph()
    modules[module] = modules[module] | {planted}
    found = violations(modules)
    assert len(found) == 1 and found[0].startswith(f"{module} ("), found
    assert planted in found[0]


def test_no_module_is_left_out_of_the_layers() -> None:
    modules = graph()
    modules["build_tools.content.new_thing"] = set()
    assert violations(modules) == [
        f"build_tools.content.new_thing: in no layer (add it to LAYERS in {__name__})"
    ]
