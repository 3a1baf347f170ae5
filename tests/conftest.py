"""Shared fixtures: a throwaway project built from a fixture docs tree and the real mkdocs.yml."""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
KB = [sys.executable, "-m", "build_tools.cli"]


def make_project(dest: pathlib.Path, docs: pathlib.Path) -> pathlib.Path:
    """Copy `docs` into `dest/docs` and write a mkdocs.yml that is the real one, pointed at the
    repository's node_modules, so fixture builds exercise exactly the production config."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(docs, dest / "docs")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets", dirs_exist_ok=True)
    shutil.copytree(ROOT / "overrides", dest / "overrides", dirs_exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - kb-assets:\n", f"  - kb-assets:\n      node_modules: {ROOT / 'node_modules'}\n", 1
    )
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def run_kb(
    *args: str,
    cwd: pathlib.Path | None = None,
    timeout: float = 300,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [*KB, *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The good fixture, built once with `kb build` (site, diffs and index)."""
    project = make_project(tmp_path_factory.mktemp("good"), FIXTURES / "good" / "docs")
    result = run_kb("--root", str(project), "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="session")
def built_fixture_with_base(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The good fixture built with a public address (`kb build --base-url`)."""
    project = make_project(tmp_path_factory.mktemp("based"), FIXTURES / "good" / "docs")
    result = run_kb("--root", str(project), "build", "--base-url", "https://kb.example.org/cps")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The real docs/, built once strictly into a temporary folder."""
    out = tmp_path_factory.mktemp("real")
    result = run_kb(
        "--root",
        str(ROOT),
        "--index",
        str(out / "index"),
        "--site",
        str(out / "site"),
        "build",
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def kb_serve(*location: str, options: tuple[str, ...] = ()) -> Iterator[str]:
    """Run `kb serve` (with the given --root, or --site and --index, and serve `options`) on a
    free loopback port until the block ends; yields the base URL once the server answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [*KB, *location, "serve", "--port", str(port), *options],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/index.html", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            proc.kill()
            raise AssertionError(proc.communicate()[1].decode())  # pragma: no cover
        yield base
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


@pytest.fixture(scope="session")
def server(built_fixture: pathlib.Path) -> Iterator[str]:
    """`kb serve` on the built good fixture; yields the base URL."""
    with kb_serve("--root", str(built_fixture)) as base:
        yield base


@pytest.fixture(scope="session")
def docs_server(built_docs: pathlib.Path) -> Iterator[str]:
    """`kb serve` on the built real docs; yields the base URL."""
    with kb_serve("--site", str(built_docs / "site"), "--index", str(built_docs / "index")) as base:
        yield base


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run 'make setup' (apt-get install chromium)"
        )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


ARTIFACTS = ROOT / "test-artifacts"
"""Where browser tests save a screenshot when they fail (kept out of git)."""
ARTIFACTS.mkdir(exist_ok=True)


@contextlib.contextmanager
def opened(browser: Any, name: str, **options: Any) -> Iterator[Any]:
    """A new browser page, closed afterwards; if the test fails on it, a full-page screenshot
    is kept as test-artifacts/<name>-failure.png."""
    page = browser.new_page(**options)
    try:
        yield page
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"{name}-failure.png"), full_page=True)
        raise
    finally:
        page.close()
