"""Index storage with atomic rebuilds: a new generation beside the live one, then a pointer."""

from __future__ import annotations

import os
import pathlib
import shutil
import time
from collections.abc import Iterable, Mapping
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index

from search.schema import make_schema

__all__ = ["IndexUnavailable", "build_index", "open_index"]

_POINTER = "CURRENT"
REBUILD_HINT = "run 'kb build' to build it"


class IndexUnavailable(Exception):
    """The index is missing or unreadable; the message says how to rebuild it."""


def build_index(documents: Iterable[Mapping[str, Any]], root: pathlib.Path) -> pathlib.Path:
    """Write every document into a fresh generation, then switch the pointer to it atomically."""
    root.mkdir(parents=True, exist_ok=True)
    generation = root / f"gen-{time.time_ns()}"
    generation.mkdir()
    ix = whoosh_index.create_in(str(generation), make_schema())
    writer = ix.writer(timeout=30.0)
    try:
        for doc in documents:
            writer.add_document(**{k: v for k, v in doc.items() if v is not None})
        writer.commit()
    except BaseException:
        writer.cancel()
        shutil.rmtree(generation, ignore_errors=True)
        raise
    ix.close()
    tmp = root / f".{_POINTER}.{os.getpid()}"
    tmp.write_text(generation.name + "\n", encoding="utf-8")
    os.replace(tmp, root / _POINTER)
    _prune(root, keep=generation.name)
    return generation


def _prune(root: pathlib.Path, *, keep: str) -> None:
    """Drop old generations; a reader that still has one open keeps its open files (POSIX)."""
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith("gen-") and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)


def open_index(root: pathlib.Path) -> Index:
    pointer = root / _POINTER
    if not pointer.is_file():
        raise IndexUnavailable(f"no search index at {root}; {REBUILD_HINT}")
    generation = root / pointer.read_text(encoding="utf-8").strip()
    try:
        return whoosh_index.open_dir(str(generation))
    except Exception as exc:  # whoosh raises many kinds on damaged files
        raise IndexUnavailable(
            f"search index at {generation} is unreadable ({type(exc).__name__}); {REBUILD_HINT}"
        ) from exc
