"""Index faults: a rebuild killed with SIGKILL leaves the old index answering; readers during a
rebuild see the old or the new index, never an error."""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import FIXTURES, ROOT

from build_tools.content.check import check_docs
from build_tools.index_docs import search_documents
from search.documents import SearchDocument
from search.query import search
from search.store import build_index, open_index

_BIG_BUILD = """
import pathlib, sys
from build_tools.bench import synthetic_documents
from build_tools.content.check import check_docs
from build_tools.index_docs import search_documents
from search.store import build_index
model, _ = check_docs(pathlib.Path(sys.argv[2]))
docs = synthetic_documents(search_documents(model), 20000)
print("indexing", flush=True)
build_index(docs, pathlib.Path(sys.argv[1]), incremental=False)
"""


@pytest.fixture(scope="module")
def documents() -> list[SearchDocument]:
    model, problems = check_docs(FIXTURES / "good" / "docs")
    assert problems == []
    return search_documents(model)


def test_sigkill_mid_build_leaves_the_old_index_answering(
    documents: list[SearchDocument], tmp_path: pathlib.Path
) -> None:
    build_index(documents, tmp_path)
    pointer = (tmp_path / "CURRENT").read_text()
    proc = subprocess.Popen(
        [sys.executable, "-c", _BIG_BUILD, str(tmp_path), str(FIXTURES / "good" / "docs")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "indexing"
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("gen-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well into writing the new generation
    assert proc.poll() is None, "the build finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert (tmp_path / "CURRENT").read_text() == pointer
    assert len(list(tmp_path.glob("gen-*"))) == 2  # the half-written one, beside the live one
    ix = open_index(tmp_path)
    assert search(ix, "Collins")["results"][0]["id"] == "case:dpp-v-collins"
    report = build_index(documents, tmp_path)  # the next build clears the debris
    left = {p.name for p in tmp_path.glob("gen-*")}
    assert left == {report.generation.name, pointer.strip()}  # new, and the one just replaced


def test_readers_during_rebuilds_never_see_an_error(
    documents: list[SearchDocument], tmp_path: pathlib.Path
) -> None:
    build_index(documents, tmp_path)
    errors: list[BaseException] = []
    answered = 0
    stop = threading.Event()

    def reader() -> None:
        nonlocal answered
        while not stop.is_set():
            try:
                ix = open_index(tmp_path)
                rows = search(ix, "Collins")["results"]
                assert rows and rows[0]["id"] == "case:dpp-v-collins"
                answered += 1
            except BaseException as exc:
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for n in range(8):
            changed = [d.copy() for d in documents]
            changed[-1]["body"] += f" rebuild {n}"
            build_index(changed, tmp_path, incremental=n % 2 == 0)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert answered > 8
