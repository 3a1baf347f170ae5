"""The `kb` command: check, build, search, diff and serve the knowledge base."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from build_tools.commands import (
    API,
    BASE_URL_HELP,
    EXIT_OK,
    cmd_build,
    cmd_check,
    cmd_diff,
    cmd_export,
    cmd_ids,
    cmd_nginx_config,
    cmd_search,
    cmd_serve,
)
from build_tools.content.ids import VERSION_IDS
from search.workers import DEFAULT_WORKERS

if TYPE_CHECKING:
    pass

__all__ = ["main"]


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help that shows each option's real default (not None, not a flag's) and keeps the
    examples' line breaks."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        quiet = action.default in (None, False, argparse.SUPPRESS) or action.nargs == 0
        if quiet or "%(default)" in text or not action.option_strings:
            return text
        return text + " (default: %(default)s)"


def _command(
    sub: Any, name: str, summary: str, description: str, examples: list[str]
) -> argparse.ArgumentParser:
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 88, break_on_hyphens=False),
        epilog=epilog,
        formatter_class=_Help,
    )
    return parser


class _Version(argparse.Action):
    """`kb --version`, looked up only when asked (importlib.metadata costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"kb {_package_version()}")
        parser.exit()


def _package_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("cps-social-media-kb")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb",
        description=__doc__,
        epilog="Run 'kb COMMAND --help' for a command's options and examples.",
        formatter_class=_Help,
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show the version of kb and exit"
    )
    parser.add_argument("--root", default=".", help="project folder holding mkdocs.yml and docs/")
    parser.add_argument(
        "--index", default=None, help="search index folder (default: ROOT/.kb/index)"
    )
    parser.add_argument("--site", default=None, help="built site folder (default: ROOT/site)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _command(
        sub,
        "check",
        "validate all content; exit 1 if there are problems",
        "Check every page's front matter, references, anchors, sources and published ids. "
        "Each problem is printed as FILE:LINE: message (how to fix it). Exit status 0 when "
        "clean, 1 when there are problems.",
        ["kb check", "kb check --docs tests/fixtures/bad/docs"],
    )
    p.add_argument("--docs", default=None, help="docs folder (default: ROOT/docs)")
    p.set_defaults(func=cmd_check)

    p = _command(
        sub,
        "build",
        "check, then build site/, the search index and diffs",
        "Check the content, then build the static site (it works from file:// and from a "
        "server), every what-changed page and diff, and the search index. The old site stays "
        "in place until the new one is complete.",
        ["kb build", "kb build --base-url https://intranet.example/cps-kb/"],
    )
    p.add_argument("--base-url", default=None, help=BASE_URL_HELP)
    p.set_defaults(func=cmd_build)

    p = _command(
        sub,
        "search",
        "search the index",
        "Search the built index as the site does: case names, citations ([2006] UKHL 40), "
        "statute references (s127), paragraph references (para 40 2013), version words "
        "(2016 final) and misspellings. Needs 'kb build' first.",
        [
            'kb search "grossly offensive"',
            'kb search "[2006] UKHL 40" --json',
            "kb search harassment --type guideline --version 2016-final --limit 5",
        ],
    )
    p.add_argument("query", help="what to look for, in words")
    p.add_argument(
        "--type",
        choices=["guideline", "case", "offence", "glossary", "version", "page", "what-changed"],
        help="only results of this type",
    )
    p.add_argument("--version", choices=list(VERSION_IDS), help="only this version's sections")
    p.add_argument("--limit", type=int, default=10, help="at most this many results")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_search)

    p = _command(
        sub,
        "ids",
        "list ids not yet in published.yml; --record adds them",
        "Published ids (pages and paragraphs) never change or disappear: list the ones not yet "
        "recorded in published.yml, or record them before publishing.",
        ["kb ids", "kb ids --record"],
    )
    p.add_argument("--record", action="store_true", help="write them into published.yml")
    p.set_defaults(func=cmd_ids)

    p = _command(
        sub,
        "export",
        "print every page as JSON (also written to site/export.json)",
        "Print every page, paragraph by paragraph, with its kind, source in the CPS text and "
        "citation, as one JSON document.",
        ["kb export > kb.json", "kb export --base-url https://intranet.example/cps-kb/"],
    )
    p.add_argument("--json", action="store_true", help="JSON output (the only format)")
    p.add_argument("--base-url", default=None, help=BASE_URL_HELP)
    p.set_defaults(func=cmd_export)

    p = _command(
        sub,
        "diff",
        "what changed between two versions",
        "Compare two versions section by section and word by word, with the recorded reason "
        f"for each change. Versions: {', '.join(VERSION_IDS)}.",
        [
            "kb diff 2016-interim 2016-final",
            "kb diff 2013-final 2016-final --section category-4-grossly-offensive",
            "kb diff 2013-final 2016-final --html > changes.html",
        ],
    )
    p.add_argument("from_version", metavar="FROM", help="the older version")
    p.add_argument("to_version", metavar="TO", help="the newer version")
    p.add_argument("--section", help="only this section id")
    form = p.add_mutually_exclusive_group()
    form.add_argument(
        "--json", dest="format", action="store_const", const="json", help="print one JSON object"
    )
    form.add_argument(
        "--html",
        dest="format",
        action="store_const",
        const="html",
        help="print a standalone HTML redline",
    )
    form.add_argument(
        "--text",
        dest="format",
        action="store_const",
        const="text",
        help="print a plain-text redline (the default)",
    )
    p.set_defaults(func=cmd_diff, format="text")

    p = _command(
        sub,
        "serve",
        "serve site/ and /api/search on a real HTTP server",
        "Serve the built site and the JSON search API (/api/search?q=...). Searches run in "
        "--workers worker processes (plus one for costly queries: wildcards, proximity, many "
        "words), so N workers use N cores; the server's own process parses HTTP, serves files "
        "and answers repeated searches from its cache. Stop it with Ctrl+C. 'make serve "
        "HOST=0.0.0.0 PORT=8080' builds first and serves on all interfaces. Behind nginx, see "
        "'kb nginx-config' and the README's deployment section.",
        [
            "kb serve",
            "kb serve --host 0.0.0.0 --port 8080",
            "kb serve --port 8001 --workers 4   # 4 searches at once, for a 4-core machine",
        ],
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8000, help="port to listen on")
    p.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help="processes searching at once; one per CPU by default, at least 2",
    )
    p.set_defaults(func=cmd_serve)

    p = _command(
        sub,
        "nginx-config",
        "print the nginx server block that serves site/ and proxies /api/ to kb serve",
        "Print deploy/nginx/kb.conf filled in for this site: nginx serves the built site "
        "(security headers, caching, gzip) and passes /api/ to one or more 'kb serve' "
        "instances. Install it once as /etc/nginx/conf.d/kb.conf; after each 'kb build', "
        "'systemctl reload nginx' picks up the new build's Content-Security-Policy. See the "
        "README's deployment section.",
        [
            "kb nginx-config > /etc/nginx/conf.d/kb.conf",
            "kb --site /srv/kb/site nginx-config --listen 80 --api 127.0.0.1:8001 "
            "--api 127.0.0.1:8002",
        ],
    )
    p.add_argument("--listen", default="80", help="nginx's address: PORT or HOST:PORT")
    p.add_argument(
        "--api",
        action="append",
        metavar="HOST:PORT",
        help=f"a 'kb serve' to pass searches to; repeat for several (default: {API})",
    )
    p.add_argument("--output", "-o", default=None, help="write to this file instead of stdout")
    p.set_defaults(func=cmd_nginx_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        code = int(args.func(args))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`kb diff ... | head`): it has what it wanted. Point stdout
        # at nothing so that the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
