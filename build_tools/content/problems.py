"""A content problem, reported as `path:line: message (hint)`."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ContentError", "Problem", "format_problems"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}: {self.message}{hint}"


class ContentError(Exception):
    """Raised when the content has problems; carries every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    lines = [str(p) for p in sorted(problems)]
    lines.append(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
    return "\n".join(lines)
