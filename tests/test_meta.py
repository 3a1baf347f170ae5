"""Meta-tests: every front-matter field and every `kb` command is documented."""

from __future__ import annotations

import pytest
from conftest import ROOT
from pydantic import BaseModel

from build_tools.cli import make_parser
from build_tools.content.schema import SCHEMAS, Change, Counterpart, Lineage, Term

AUTHORING = (ROOT / "AUTHORING.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")

COMMON = ("type", "id", "title", "aka", "verify", "summary")
NESTED: dict[tuple[str, str], type[BaseModel]] = {
    ("guideline", "changes"): Change,
    ("guideline", "counterparts"): Counterpart,
    ("glossary", "terms"): Term,
    ("guideline", "lineage"): Lineage,
}


def _type_section(page_type: str) -> str:
    """The part of AUTHORING.md that documents one page type: from its heading to the next."""
    start = AUTHORING.index(f"### `{page_type}`")
    end = AUTHORING.find("\n### ", start + 1)
    return AUTHORING[start : end if end != -1 else len(AUTHORING)]


def _row(section: str, field: str) -> str:
    """The table row of a field (`| `field` | meaning |`), or "" when it has none."""
    return next((line for line in section.splitlines() if line.startswith(f"| `{field}` |")), "")


TYPED_FIELDS = sorted(
    (page_type, field)
    for page_type, schema in SCHEMAS.items()
    for field in schema.model_fields
    if field not in COMMON
)


@pytest.mark.parametrize(("page_type", "field"), TYPED_FIELDS)
def test_every_front_matter_field_is_documented_under_its_page_type(
    page_type: str, field: str
) -> None:
    assert _row(_type_section(page_type), field), (
        f"document `{field}` in the `{page_type}` table of AUTHORING.md"
    )


@pytest.mark.parametrize("field", COMMON)
def test_the_common_fields_are_documented(field: str) -> None:
    common = AUTHORING.split("Fields common to every type:", 1)[1].split("\n\n", 1)[0]
    assert f"`{field}`" in common


@pytest.mark.parametrize(
    ("page_type", "field", "sub"),
    sorted((t, f, sub) for (t, f), model in NESTED.items() for sub in model.model_fields),
)
def test_every_nested_field_is_named_in_its_row(page_type: str, field: str, sub: str) -> None:
    assert (
        f"`{sub}`" in _row(_type_section(page_type), field)
        or sub in _row(_type_section(page_type), field).split("{", 1)[-1].split("}", 1)[0]
    ), f"name `{sub}` in the `{field}` row of AUTHORING.md"


def test_a_missing_row_is_noticed() -> None:
    """The check looks in the type's own table: a field documented elsewhere does not count."""
    offence = _type_section("offence")
    assert _row(offence, "max_penalty")
    without = offence.replace(_row(offence, "max_penalty"), "")
    assert _row(without, "max_penalty") == ""


def _commands() -> list[str]:
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", _commands())
def test_every_kb_command_is_in_the_readme(command: str) -> None:
    assert f"`kb {command}" in README, f"document `kb {command}` in README.md"


def test_readme_starts_with_the_two_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == [
        "make serve",
        "make test",
    ]
