"""One build, one generation: the site, its diffs, its export and its search index become live
together, in one step, or not at all.

- A lock (`.kb/build.lock`) lets one build run at a time; a second one is refused with a message.
- The new site is written beside the live one (`.site.new-PID`) and records the index generation
  built with it (`search.store.SITE_MARKER`). The switch is one atomic exchange of the two folders
  (Linux `renameat2(RENAME_EXCHANGE)`); a server reads the index the served site names, so a
  kill at any moment leaves the last complete site and its own index answering.
- The next build removes what a killed one left behind and completes an interrupted switch.
- `KB_FAULT_AT=<point>` kills the build with SIGKILL at a named point (for the fault tests).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import pathlib
import shutil
import signal
from collections.abc import Iterator

from search.store import site_generation, switch_to

__all__ = [
    "BuildLocked",
    "build_lock",
    "exchange",
    "fault_point",
    "remove_leftovers",
    "resume",
    "resume_site",
]

FAULT_POINTS = (
    "locked",
    "cleaned",
    "site-built",
    "diffs-written",
    "export-written",
    "index-written",
    "marker-written",
    "exchanged",
    "pointer-switched",
    "old-removed",
)


class BuildLocked(Exception):
    """Another build holds the lock."""


def fault_point(name: str) -> None:
    """Die here, as a power cut or `kill -9` would, when KB_FAULT_AT names this point."""
    if os.environ.get("KB_FAULT_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def build_lock(state_dir: pathlib.Path) -> Iterator[None]:
    """Hold the build lock for the block; raise BuildLocked at once if another build has it."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "build.lock"
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildLocked(
                f"another 'kb build' is running (pid {holder}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_leftovers(site: pathlib.Path) -> list[pathlib.Path]:
    """Delete half-written or replaced sites left by killed builds (`.site.new-*`,
    `.site.old-*`). Only called under the lock, so no running build owns them."""
    found = sorted(site.parent.glob(f".{site.name}.new-*")) + sorted(
        site.parent.glob(f".{site.name}.old-*")
    )
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    return found


def resume(site: pathlib.Path, index: pathlib.Path) -> None:
    """Finish a switch a killed build began: point the index at the live site's generation."""
    name = site_generation(site, index)
    if name is not None:
        switch_to(index, name)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2_exchange(a: pathlib.Path, b: pathlib.Path) -> bool:
    """Swap two paths atomically; False where the system cannot (no renameat2, or a file
    system without RENAME_EXCHANGE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    call = getattr(libc, "renameat2", None)
    if call is None:
        return False
    result = call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def exchange(new: pathlib.Path, live: pathlib.Path) -> pathlib.Path | None:
    """Make `new` live in one step. Returns where the old site now is (to be removed), or None.
    Without an atomic exchange, falls back to two renames; a kill between them leaves the old
    site at `.site.old-PID`, which `resume_site` puts back."""
    if not live.exists():
        os.rename(new, live)
        return None
    if _renameat2_exchange(new, live):
        return new  # `new` now holds the old site
    old = live.with_name(f".{live.name}.old-{os.getpid()}")
    os.replace(live, old)
    os.replace(new, live)
    return old


def resume_site(site: pathlib.Path) -> None:
    """If a fallback switch was killed between its two renames, put the old site back."""
    if site.exists():
        return
    olds = sorted(site.parent.glob(f".{site.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds:
        os.rename(olds[-1], site)
