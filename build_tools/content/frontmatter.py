"""Split a Markdown source into YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from build_tools.content.problems import Problem

__all__ = ["MAX_LINE", "Source", "parse_source"]


@dataclass(frozen=True)
class Source:
    """One Markdown file: its front matter, body and where each key and the body start."""

    path: str
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the first body line
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


MAX_DEPTH = 12  # front matter nests a few levels; deeper is a mistake or an attack
MAX_LINE = 10_000  # characters; a longer line is refused before any pattern looks at it


class _Loader(yaml.SafeLoader):
    """Safe loader that leaves dates as text (so the schema reports a bad date by field name
    instead of PyYAML raising on `2006-19-07`), and refuses what front matter never needs:
    anchors and aliases (an alias bomb expands exponentially), nesting deeper than MAX_DEPTH
    and duplicate keys (the first value would be dropped silently)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {_short(key)}", key_node.start_mark
                )
            if isinstance(key, (str, int, float, bool)):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _short(value: object, limit: int = 80) -> str:
    """An input value echoed in a message, never longer than `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_lines(text: str, start: int) -> dict[str, int]:
    """Line number of each top-level key, and of each key or list item one level below it
    (`sources.p3`, `changes.0`), from the YAML node marks."""
    lines: dict[str, int] = {}
    node = yaml.compose(text, Loader=_Loader)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[str(key.value)] = start + key.start_mark.line
                if isinstance(value, yaml.MappingNode):
                    for sub, _ in value.value:
                        if isinstance(sub, yaml.ScalarNode):
                            lines[f"{key.value}.{sub.value}"] = start + sub.start_mark.line
                elif isinstance(value, yaml.SequenceNode):
                    for index, item in enumerate(value.value):
                        lines[f"{key.value}.{index}"] = start + item.start_mark.line
    return lines


def _yaml_hint(problem: str) -> str:
    if "alias" in problem:
        return "write each value out in full"
    if "nested" in problem:
        return "flatten the structure: front matter needs only a few levels"
    if "duplicate key" in problem:
        return "keep one of the two; the first would be lost"
    return "quote values that contain ':' or start with '[', and indent lists evenly"


def parse_source(path: str, raw: bytes) -> tuple[Source | None, list[Problem]]:
    """Parse one file; on failure return no source and the problems, never raise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                f"file is not valid UTF-8 (byte {raw[exc.start]:#04x})",
                "save the file as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for number, content in enumerate(lines, 1):
        if "\x00" in content:
            return None, [Problem(path, number, "NUL byte in the file", "delete the NUL character")]
        if len(content) > MAX_LINE:
            return None, [
                Problem(
                    path,
                    number,
                    f"line is {len(content)} characters long (more than {MAX_LINE})",
                    "split it into shorter lines or paragraphs",
                )
            ]
    if not lines or lines[0].strip() != "---":
        return None, [
            Problem(
                path,
                1,
                "no front matter",
                "start the file with a '---' line, the YAML fields, and another '---' line",
            )
        ]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return None, [
            Problem(
                path,
                1,
                "front matter is not closed",
                "add a line '---' after the last front matter field",
            )
        ]
    yaml_text = "\n".join(lines[1:end])
    try:
        meta = yaml.load(yaml_text, Loader=_Loader) or {}
        key_lines = _key_lines(yaml_text, 2)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        problem = (getattr(exc, "problem", None) or "invalid YAML")[:200]
        return None, [
            Problem(
                path,
                line,
                f"front matter is not valid YAML: {problem}",
                _yaml_hint(problem),
            )
        ]
    if not isinstance(meta, dict):
        return None, [
            Problem(
                path,
                2,
                "front matter must be a mapping of fields",
                "write one 'field: value' per line",
            )
        ]
    body = "\n".join(lines[end + 1 :])
    return Source(path, meta, body, end + 2, key_lines), []
