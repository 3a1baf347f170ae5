"""The version ids, in a module light enough for the `kb` command to import at start-up."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["VERSION_IDS", "VersionId"]

VersionId = Literal[
    "2012-interim",
    "2013-final",
    "2016-interim",
    "2016-final",
    "part-a-b",
    "electronic-communications",
    "communications-offences",
]
VERSION_IDS: tuple[str, ...] = get_args(VersionId)
