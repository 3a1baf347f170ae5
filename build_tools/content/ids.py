"""The version ids, in a module light enough for the `kb` command to import at start-up."""

from __future__ import annotations

__all__ = ["VERSION_IDS"]

VERSION_IDS = (
    "2012-interim",
    "2013-final",
    "2016-interim",
    "2016-final",
    "part-a-b",
    "electronic-communications",
    "communications-offences",
)
