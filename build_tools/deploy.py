"""The intranet deployment: Debian's nginx serves the built site and passes /api/ to `kb serve`.

- `NGINX_HEADERS` (`site/.kb-nginx-headers.conf`), written by every build beside the site's
  other generation files: the security headers `kb serve` sends, as nginx `add_header` lines,
  with that build's script hashes in the Content-Security-Policy. The server block includes it,
  so a reload after `kb build` serves the new build's policy.
- `nginx_config`: `deploy/nginx/kb.conf` with its `@SITE@`, `@LISTEN@` and `@API_SERVERS@`
  filled in and checked (`kb nginx-config`).
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Sequence

from search.api import SECURITY_HEADERS, content_security_policy

__all__ = ["NGINX_HEADERS", "NGINX_TEMPLATE", "DeployError", "nginx_config", "nginx_headers"]

NGINX_HEADERS = ".kb-nginx-headers.conf"
NGINX_TEMPLATE = pathlib.Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "kb.conf"

_ADDRESS = re.compile(r"(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?|[0-9]{1,5}")
_UNSAFE_PATH = re.compile(r"[\s\"';{}$\\]|[\x00-\x1f]")


class DeployError(Exception):
    """A value that cannot go into the nginx configuration; the message says which and why."""


def nginx_headers(script_hashes: Sequence[str]) -> str:
    """The headers `kb serve` sends with a site built with these inline-script hashes, as nginx
    `add_header` lines (`always`: on error responses too)."""
    headers = {
        **SECURITY_HEADERS,
        "content-security-policy": content_security_policy(script_hashes),
    }
    lines = [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    return (
        "# Written by kb build for this build; included by deploy/nginx/kb.conf.\n"
        + "\n".join(lines)
        + "\n"
    )


def _address(value: str, what: str) -> str:
    if not _ADDRESS.fullmatch(value):
        raise DeployError(f"{what} must be HOST:PORT, [IPv6]:PORT or PORT, got {value!r}")
    return value


def nginx_config(site: pathlib.Path, *, listen: str, api: Sequence[str]) -> str:
    """The server block for the built site at `site`, listening on `listen` and passing /api/
    to the `kb serve` instances at `api` (HOST:PORT each)."""
    site = site.resolve()
    if _UNSAFE_PATH.search(str(site)):
        raise DeployError(
            f"the site folder {str(site)!r} has a space, quote or one of ;{{}}$\\ in its path; "
            "move it to a plain path for nginx"
        )
    if not (site / NGINX_HEADERS).is_file():
        raise DeployError(f"no built site at {site} (no {NGINX_HEADERS}); run 'kb build' first")
    if not api:
        raise DeployError("give at least one --api HOST:PORT")
    servers = "\n".join(f"    server {_address(a, '--api')};" for a in api)
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    return (
        text.replace("@API_SERVERS@", servers)
        .replace("@LISTEN@", _address(listen, "--listen"))
        .replace("@SITE@", str(site))
    )
