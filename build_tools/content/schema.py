"""Front matter schemas, one per page type, with errors that name the field and a fix."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from build_tools.content.citations import is_case_citation, is_statute_ref
from build_tools.content.ids import VERSION_IDS, VersionId
from build_tools.content.policy import SAFE_URL

__all__ = ["PAGE_TYPES", "SCHEMAS", "VERSION_IDS", "FieldProblem", "Meta", "validate_meta"]

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]  # not empty, not only spaces
Category = Annotated[int, Field(ge=1, le=4)]


class _Common(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    id: Slug
    title: Text
    summary: str | None = None
    aka: list[str] = []
    verify: list[str] = []


class PageMeta(_Common):
    type: Literal["page"]


class VersionMeta(_Common):
    type: Literal["version"]
    id: VersionId  # type: ignore[assignment]
    numbered: bool = False  # the CPS text numbers its paragraphs (2012, 2013); 2016 does not
    issued: dt.date
    in_force: dt.date
    superseded: dt.date | None = None
    superseded_by: VersionId | None = None
    superseded_note: str | None = None
    status: Literal["current", "historical"]
    issued_by: str
    issued_note: str | None = None
    """How sure the issue date is, shown beside it (for texts whose date is not on record)."""
    partial: bool = False
    """Only part of this text is on record: `recorded` says what is, `not_recorded` what is not."""
    recorded: str | None = None
    not_recorded: str | None = None


class Lineage(BaseModel):
    """How sure we are that a section of a later version continues the earlier section with
    the same id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["confirmed", "inferred"]
    note: Annotated[str, Field(min_length=1, max_length=300)]


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: Annotated[int, Field(ge=1, le=5)] | None = None
    change: Annotated[int, Field(ge=1, le=20)] | None = None
    note: Annotated[str, Field(min_length=1)]
    source: str | None = None
    paras: tuple[Annotated[str, Field(pattern=r"^p\d+$")], ...] | None = None
    """The paragraphs of this section the change is in: the what-changed page shows the
    reason at the change itself, not only at the top of the section."""


SourceStatus = Literal["confirmed", "inferred", "unknown"]
SourceBasis = Literal["seen", "quotation", "consultation-response", "commentary", "reconstructed"]


class ParagraphSource(BaseModel):
    """Where one of our guideline paragraphs comes from in the CPS text.

    `para` (numbered texts: the original paragraph number or range, e.g. "40" or "29-30") or
    `heading` (unnumbered 2016 texts: the original heading it sits under); `status` says how
    sure we are of that mapping; `basis` where the substance was found; `evidence` names it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    para: Annotated[str, Field(pattern=r"^\d+(?:-\d+)?$")] | None = None
    heading: Annotated[str, Field(min_length=1)] | None = None
    status: SourceStatus
    basis: SourceBasis
    evidence: Annotated[str, Field(min_length=1)]

    @field_validator("para", mode="before")
    @classmethod
    def _para_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class Counterpart(BaseModel):
    """Where the topic of a section lives in a version that has no section with its id: the
    nearest section there (`section`), or none (`section` left out, `note` saying so)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: VersionId
    section: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None
    status: Literal["confirmed", "inferred"]
    note: Annotated[str, Field(min_length=1, max_length=300)]


class GuidelineMeta(_Common):
    type: Literal["guideline"]
    version: VersionId
    order: int
    part: str | None = None
    categories: list[Category] = []
    changes: list[Change] = []
    sources: dict[Annotated[str, Field(pattern=r"^p\d+$")], ParagraphSource] = {}
    counterparts: list[Counterpart] = []
    recorded: bool = True
    """False for a section of a partial version whose heading is known but whose text was not
    seen: no guideline paragraphs, and `covers` says what is known of it."""
    covers: str | None = None
    lineage: Lineage | None = None


class CaseMeta(_Common):
    type: Literal["case"]
    citations: Annotated[list[str], Field(min_length=1)]
    court: str
    decided: dt.date | None = None
    judges: list[str] = []
    source_url: Annotated[str, Field(pattern=SAFE_URL)] | None = None

    @field_validator("citations")
    @classmethod
    def _citations(cls, value: list[str]) -> list[str]:
        for citation in value:
            if not is_case_citation(citation):
                raise ValueError(
                    f"malformed citation {citation!r}: expected a form like '[2012] EWHC 2157 "
                    "(Admin)', '[2006] 1 WLR 2223', '(1992) 14 EHRR 229' or 'no. 25239/13'"
                )
        return value


LegislationUrl = Annotated[
    str, Field(pattern=r"^https://www\.legislation\.gov\.uk/"), Field(pattern=SAFE_URL)
]


class OffenceMeta(_Common):
    type: Literal["offence"]
    statute_ref: str
    # `other` where no mode of trial fits (contempt is not tried; ss44-46 SCA 2007 follow the
    # offence encouraged): say what applies in `mode_of_trial_note`.
    mode_of_trial: Literal["summary", "either-way", "indictable", "other"]
    mode_of_trial_note: str | None = None
    max_penalty: str
    max_custody_months: Annotated[int, Field(ge=0, le=1200)] | Literal["life"] | None = None
    """The longest custody the offence carries, in months, for sorting by penalty: 0 for a fine
    only, "life" for life imprisonment; where it depends on another offence, the highest."""
    time_limit: str
    categories: list[Category] = []
    status: Literal["in-force", "partly-repealed", "repealed", "replaced"]
    status_note: str | None = None
    as_at: dt.date | None = None  # the date the facts above were last checked
    legislation_url: LegislationUrl | None = None

    @field_validator("statute_ref")
    @classmethod
    def _statute(cls, value: str) -> str:
        if not is_statute_ref(value):
            raise ValueError(
                f"malformed statute reference {value!r}: expected a form like "
                "'s127(1) Communications Act 2003', 'ss44-46 Serious Crime Act 2007' or "
                "'Part 3 Public Order Act 1986'"
            )
        return value


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    term: Text
    definition: Text
    aka: list[str] = []


class GlossaryMeta(_Common):
    type: Literal["glossary"]
    terms: list[Term]


Meta = Annotated[
    PageMeta | VersionMeta | GuidelineMeta | CaseMeta | OffenceMeta | GlossaryMeta,
    Field(discriminator="type"),
]
"""The front matter of any page: one model per page type, told apart by `type`. Code that
needs a field of one type narrows first (`isinstance(page.meta, GuidelineMeta)`)."""

SCHEMAS: dict[str, type[Meta]] = {
    "page": PageMeta,
    "version": VersionMeta,
    "guideline": GuidelineMeta,
    "case": CaseMeta,
    "offence": OffenceMeta,
    "glossary": GlossaryMeta,
}
PAGE_TYPES = tuple(SCHEMAS)


class FieldProblem(BaseModel):
    """A schema failure: the top-level field it concerns, a message and a hint."""

    field: str
    message: str
    hint: str
    key: str = ""  # the field and the key below it, e.g. `sources.p3`, for a closer line


def _short(value: object, limit: int = 80) -> str:
    """An input value echoed in a message, never longer than `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


def _did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(options)}"


_HINTS = {
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "string_pattern_mismatch": "ids are lower-case words joined by hyphens, e.g. 'dpp-v-collins'",
    "missing": "add the field to the front matter",
    "int_parsing": "write a whole number",
    "list_type": "write a YAML list, one '- item' per line",
}


def _explain(error: dict[str, Any], fields: tuple[str, ...]) -> FieldProblem:
    loc = [str(part) for part in error["loc"]]
    field = loc[0] if loc else "?"
    where = ".".join(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        return FieldProblem(
            field=field, message=f"unknown field '{where}'", hint=_did_you_mean(loc[-1], fields)
        )
    if kind == "missing":
        return FieldProblem(
            field=field,
            message=f"missing required field '{where}'",
            hint="add the field to the front matter",
        )
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = tuple(re.findall(r"'([^']*)'", expected))
        return FieldProblem(
            field=field,
            message=f"field '{where}': {_short(error['input'])} is not allowed",
            hint=_did_you_mean(str(error["input"]), options),
        )
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))[:300]
        hint = "see AUTHORING.md for citation and statute formats"
        return FieldProblem(field=field, message=f"field '{where}': {message}", hint=hint)
    value = error.get("input")
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == r"\S":
        return FieldProblem(
            field=field,
            message=f"field '{where}' is blank",
            hint="write the text, or remove the field if it is optional",
        )
    if kind == "string_pattern_mismatch" and loc[-1].endswith("url"):
        return FieldProblem(
            field=field,
            message=f"field '{where}' is not a plain http(s) address, got {_short(value)}",
            hint="write the address alone, e.g. https://www.bailii.org/... (legislation_url: "
            "https://www.legislation.gov.uk/...)",
        )
    if kind == "string_pattern_mismatch" and loc[0] == "sources":
        return FieldProblem(
            field=field,
            message=f"field '{where}': {_short(value)} is not a paragraph number or range",
            hint="write the CPS paragraph number as text, e.g. '40' or '29-30'",
        )
    return FieldProblem(
        field=field,
        message=f"field '{where}': {error['msg'].lower()}, got {_short(value)}",
        hint=_HINTS.get(kind, "see AUTHORING.md for the field's format"),
    )


def validate_meta(meta: dict[str, Any]) -> tuple[Meta | None, list[FieldProblem]]:
    """Validate front matter against the schema for its `type`."""
    page_type = meta.get("type")
    if page_type is None:
        return None, [
            FieldProblem(
                field="type",
                message="missing required field 'type'",
                hint=f"expected one of: {', '.join(PAGE_TYPES)}",
            )
        ]
    schema = SCHEMAS.get(str(page_type))
    if schema is None:
        return None, [
            FieldProblem(
                field="type",
                message=f"unknown page type {page_type!r}",
                hint=_did_you_mean(str(page_type), PAGE_TYPES),
            )
        ]
    try:
        return schema.model_validate(meta), []
    except ValidationError as exc:
        fields = tuple(schema.model_fields)
        problems = []
        for error in exc.errors():
            problem = _explain(dict(error), fields)
            loc = [str(part) for part in error["loc"]]
            problems.append(problem.model_copy(update={"key": ".".join(loc[:2])}))
        return None, problems
