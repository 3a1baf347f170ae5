"""What each `kb` command does; `cli.py` reads the command line and calls one of these."""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from build_tools.content.model import ContentModel

from build_tools.content.ids import VERSION_IDS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
API = "127.0.0.1:8000"  # where `kb nginx-config` sends searches unless told


def _err(message: str) -> None:
    print(f"kb: {message}", file=sys.stderr)


def _paths(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from build_tools.paths import Paths

    root = pathlib.Path(args.root).resolve()
    return Paths(
        root,
        index=pathlib.Path(args.index).resolve() if args.index else None,
        site=pathlib.Path(args.site).resolve() if args.site else None,
        base_url=_base_url(getattr(args, "base_url", None)),
    )


BASE_URL_HELP = (
    "public address of the site (e.g. https://intranet.example/cps-kb/), used in copied links, "
    "citations, rel=canonical and the sitemap; default: mkdocs.yml site_url, else none"
)


def _base_url(value: str | None) -> str | None:
    if not value:
        return None
    if not value.startswith(("http://", "https://")) or any(c in value for c in "<>\"' "):
        _err(f"--base-url must be an http(s) address, got {value!r}")
        raise SystemExit(EXIT_USAGE)
    return value.rstrip("/") + "/"


def _checked_model(docs: pathlib.Path, hint: str) -> tuple[ContentModel | None, int]:
    """The checked content model, or None and the exit code after reporting why not."""
    if not docs.is_dir():
        _err(f"no docs folder at {docs} ({hint})")
        return None, EXIT_USAGE
    from build_tools.content.check import check_docs
    from build_tools.content.problems import format_problems

    model, problems = check_docs(docs)
    if problems:
        print(format_problems(problems))
        return None, EXIT_PROBLEMS
    return model, EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    docs = pathlib.Path(args.root, "docs") if args.docs is None else pathlib.Path(args.docs)
    model, code = _checked_model(docs, "give --root or --docs")
    if model is None:
        return code
    print(f"{len(model.pages)} pages checked, 0 problems")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from build_tools.content.problems import ContentError, format_problems
    from build_tools.generation import BuildLocked
    from build_tools.site_build import BuildFailed, build_all

    paths = _paths(args)
    if not paths.config.is_file():
        _err(f"no mkdocs.yml at {paths.config} (give --root)")
        return EXIT_USAGE
    try:
        build_all(paths, progress=lambda line: print(line, file=sys.stderr))
    except ContentError as exc:
        print(format_problems(exc.problems))
        return EXIT_PROBLEMS
    except BuildFailed as exc:
        print(str(exc))
        _err("the site build failed; nothing was replaced")
        return EXIT_PROBLEMS
    except BuildLocked as exc:
        _err(str(exc))
        return EXIT_PROBLEMS
    except OSError as exc:
        # Disk full, read-only output, a folder that cannot be written: one line, nothing lost.
        where = f" ({exc.filename})" if exc.filename else ""
        _err(f"cannot write the build: {exc.strerror or exc}{where}; nothing was replaced")
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_ids(args: argparse.Namespace) -> int:
    from build_tools.content.published import (
        PUBLISHED_FILE,
        load_record,
        record_from_model,
        unrecorded,
        write_record,
    )

    model, code = _checked_model(pathlib.Path(args.root, "docs"), "give --root")
    if model is None:
        return code
    path = pathlib.Path(args.root, PUBLISHED_FILE)
    old = load_record(path)
    added = unrecorded(model, old)
    for item in added:
        print(item)
    if args.record:
        write_record(record_from_model(model, old), path)
        print(f"{len(added)} new ids recorded in {path}", file=sys.stderr)
    else:
        print(f"{len(added)} ids not yet recorded; 'kb ids --record' adds them", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from build_tools.export import export_model

    model, code = _checked_model(pathlib.Path(args.root, "docs"), "give --root")
    if model is None:
        return code
    base_url = _paths(args).base_url
    print(json.dumps(export_model(model, base_url=base_url), ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from search.query import QueryError, search
    from search.store import IndexUnavailable, open_index

    paths = _paths(args)
    try:
        result = search(
            open_index(paths.index, site=paths.site),
            args.query,
            type_=args.type,
            version=args.version,
            limit=args.limit,
        )
    except QueryError as exc:
        _err(f"bad query: {exc}")
        return EXIT_USAGE
    except IndexUnavailable as exc:
        _err(str(exc))
        return EXIT_PROBLEMS
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"{result['total']} result{'s' if result['total'] != 1 else ''} for {args.query!r}")
    if result["suggestion"]:
        print(f"did you mean: {result['suggestion']}")
    for n, row in enumerate(result["results"], 1):
        version = f" [{row['version']}]" if row["version"] else ""
        print(f"{n:2}. {row['title']}{version} ({row['type']})\n    {row['url']}")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from build_tools.diff.standalone import diff_html_document, diff_text
    from build_tools.diff.versions import diff_versions

    for version in (args.from_version, args.to_version):
        if version not in VERSION_IDS:
            _err(f"unknown version {version!r} (expected one of: {', '.join(VERSION_IDS)})")
            return EXIT_USAGE
    model, code = _checked_model(pathlib.Path(args.root, "docs"), "give --root")
    if model is None:
        return code
    known = {s.id for v in (args.from_version, args.to_version) for s in model.sections(v)}
    if args.section and args.section not in known:
        _err(f"no section {args.section!r} in {args.from_version} or {args.to_version}")
        return EXIT_USAGE
    diff = diff_versions(model, args.from_version, args.to_version, section=args.section)
    if args.format == "json":
        print(json.dumps(diff.to_json(), ensure_ascii=False, indent=1))
    elif args.format == "html":
        print(diff_html_document(diff), end="")
    else:
        print(diff_text(diff))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from search.api import serve

    paths = _paths(args)
    if not (paths.site / "index.html").is_file():
        _err(f"no built site at {paths.site}; run 'kb build' first")
        return EXIT_PROBLEMS
    if args.workers < 1:
        _err(f"--workers must be at least 1, got {args.workers}")
        return EXIT_USAGE
    print(
        f"serving {paths.site} and /api/search on http://{args.host}:{args.port} "
        f"({args.workers} search worker{'s' if args.workers != 1 else ''} + 1 for costly queries)",
        file=sys.stderr,
    )
    serve(paths.index, paths.site, host=args.host, port=args.port, workers=args.workers)
    return EXIT_OK


def cmd_nginx_config(args: argparse.Namespace) -> int:
    from build_tools.deploy import DeployError, nginx_config

    try:
        text = nginx_config(_paths(args).site, listen=args.listen, api=args.api or [API])
    except DeployError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if args.output:
        pathlib.Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return EXIT_OK
