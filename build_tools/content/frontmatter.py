"""Split a Markdown source into YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from build_tools.content.problems import Problem

__all__ = ["Source", "parse_source"]


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


class _Loader(yaml.SafeLoader):
    """Safe loader that leaves dates as text, so the schema reports a bad date by field name
    instead of PyYAML raising on `2006-19-07`."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_lines(text: str, start: int) -> dict[str, int]:
    """Line number of each top-level key, and of each key one level below it (`sources.p3`),
    from the YAML node marks."""
    lines: dict[str, int] = {}
    node = yaml.compose(text)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[str(key.value)] = start + key.start_mark.line
                if isinstance(value, yaml.MappingNode):
                    for sub, _ in value.value:
                        if isinstance(sub, yaml.ScalarNode):
                            lines[f"{key.value}.{sub.value}"] = start + sub.start_mark.line
    return lines


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
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
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
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return None, [
            Problem(
                path,
                line,
                f"front matter is not valid YAML: {problem}",
                "quote values that contain ':' or start with '[', and indent lists evenly",
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
