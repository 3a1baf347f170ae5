"""Meta-tests: every front-matter field and every `kb` command is documented."""

from __future__ import annotations

import pytest
from conftest import ROOT

from build_tools.cli import make_parser
from build_tools.content.schema import SCHEMAS, Change, Term

AUTHORING = (ROOT / "AUTHORING.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")

FIELDS = sorted({f for schema in (*SCHEMAS.values(), Change, Term) for f in schema.model_fields})


@pytest.mark.parametrize("field", FIELDS)
def test_every_front_matter_field_is_documented(field: str) -> None:
    assert f"`{field}`" in AUTHORING, f"document the front matter field `{field}` in AUTHORING.md"


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
