"""The local HTTP service: the built site plus `GET /api/search`, on a real ASGI server."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import pathlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import anyio.to_thread
import h11
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from search.query import QueryError, SearchTimeout
from search.store import SCRIPT_HASHES, IndexUnavailable, served_generation
from search.workers import DEFAULT_WORKERS, SearchPools

__all__ = ["SECURITY_HEADERS", "content_security_policy", "create_app", "serve"]


def _int(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, got {value!r}") from None


SEARCH_QUEUE = 32  # searches in flight beyond this are turned away at once (503)
SEARCH_BUDGET = 2.0  # seconds a search may take, waiting included, before a 503
CACHED_ANSWERS = 512  # recent answers kept, per index generation


def create_app(
    index_root: pathlib.Path,
    site_dir: pathlib.Path | None = None,
    *,
    budget: float = SEARCH_BUDGET,
    workers: int = DEFAULT_WORKERS,
) -> ASGIApp:
    """The app; `workers` is the number of processes searching ordinary queries (one more takes
    the costly ones)."""
    pools: list[SearchPools] = []
    in_flight = 0
    # Recent answers, as the JSON bytes sent, keyed by index generation, query and options: a
    # rebuild's new generation is never answered from an older one's entries.
    cache: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
    pending: dict[tuple[Any, ...], asyncio.Task[bytes]] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pools.append(SearchPools(workers, root=index_root, site=site_dir))
        await anyio.to_thread.run_sync(pools[0].warm)
        try:
            yield
        finally:
            pools.pop().close()

    async def answer(key: tuple[Any, ...], name: str, query: str, options: dict[str, Any]) -> bytes:
        """Search once in a worker and keep the answer."""
        nonlocal in_flight
        pool = pools[0]
        in_flight += 1
        try:
            future = pool.submit(index_root, name, query, options)  # raises if already broken
            result = await asyncio.wait_for(asyncio.wrap_future(future), timeout=budget + 0.5)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start fresh ones; this search is lost.
            if pools and pools[0] is pool:
                pools.pop().close()
                pools.append(SearchPools(workers, root=index_root, site=site_dir))
            raise
        finally:
            in_flight -= 1
        body = cache[key] = bytes(JSONResponse(result).body)
        if len(cache) > CACHED_ANSWERS:
            cache.popitem(last=False)
        return body

    def settled(key: tuple[Any, ...], task: asyncio.Task[bytes]) -> None:
        pending.pop(key, None)
        if not task.cancelled():
            task.exception()  # seen here, so an answer nobody waited for is not logged

    async def api_search(request: Request) -> Response:
        params = request.query_params
        try:
            options = {
                "type_": params.get("type") or None,
                "version": params.get("version") or None,
                "limit": _int(params.get("limit"), "limit", 10),
                "timelimit": budget,
            }
            # Read per request, so a rebuild's switch is seen at once.
            name = served_generation(index_root, site_dir)
            query = params.get("q", "")
            key = (name, query, *options.values())
            body = cache.get(key)
            if body is not None:
                cache.move_to_end(key)
                return Response(body, media_type="application/json")
            # The same search already running (many people asking one thing at once): share it.
            task = pending.get(key)
            if task is None:
                if in_flight >= SEARCH_QUEUE:
                    return _busy("too many searches are waiting; try again in a moment")
                task = pending[key] = asyncio.ensure_future(answer(key, name, query, options))
                task.add_done_callback(functools.partial(settled, key))
            body = await asyncio.shield(task)
        except QueryError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except (IndexUnavailable, SearchTimeout) as exc:
            return _busy(str(exc))
        except TimeoutError:
            return _busy(f"the search took longer than {budget:g} s; try fewer or simpler words")
        except BrokenProcessPool:
            return _busy("the search workers were restarted; try again")
        return Response(body, media_type="application/json")

    routes: list[Any] = [Route("/api/search", api_search, methods=["GET"])]
    if site_dir is not None:
        routes.append(Mount("/", app=_SiteFiles(directory=str(site_dir), html=True)))
    app = Starlette(routes=routes, lifespan=lifespan)
    return SecurityHeaders(app, policy=_SitePolicy(site_dir))


class _SiteFiles(StaticFiles):
    """The built site, less the build's own dot-files (the generation marker, the script hashes,
    nginx's header file): they answer with the site's 404 page, as behind nginx."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if any(part.startswith(".") for part in pathlib.PurePosixPath(path).parts):
            return "", None
        return super().lookup_path(path)


def _busy(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=503, headers={"retry-after": "1"})


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """Nothing loads from another host. Inline scripts run only if their hash is listed: the
    build lists the theme's and the redirect pages' own (see build_tools/script_hashes.py), so a
    script that reached content would not run. Inline styles stay allowed (the theme sets them)."""
    scripts = " ".join(["'self'", *script_hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


CONTENT_SECURITY_POLICY = content_security_policy()
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class _SitePolicy:
    """The policy for the site being served, re-read when a rebuild switches the site."""

    def __init__(self, site: pathlib.Path | None) -> None:
        self.site = site
        self._key: tuple[int, int] | None = None
        self._policy = CONTENT_SECURITY_POLICY

    def __call__(self) -> str:
        if self.site is None:
            return CONTENT_SECURITY_POLICY
        path = self.site / SCRIPT_HASHES
        try:
            stat = path.stat()
        except OSError:
            return CONTENT_SECURITY_POLICY
        key = (stat.st_ino, stat.st_mtime_ns)
        if key != self._key:
            hashes = path.read_text(encoding="utf-8").split()
            self._policy = content_security_policy(h for h in hashes if h.startswith("'sha256-"))
            self._key = key
        return self._policy


class SecurityHeaders:
    """Outermost ASGI middleware: the security headers on every response, errors included;
    redirects made relative (the Host header is never reflected); a request path with a NUL or
    other control character refused with 400; an unexpected error answered with a plain 500,
    never a traceback."""

    def __init__(self, app: ASGIApp, policy: Callable[[], str] | None = None) -> None:
        self.app = app
        self.policy = policy or (lambda: CONTENT_SECURITY_POLICY)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        policy = self.policy()

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                headers["content-security-policy"] = policy
                location = headers.get("location")
                if location:
                    headers["location"] = _relative(location)
            await send(message)

        if any(ord(c) < 32 or ord(c) == 127 for c in scope.get("path", "")):
            await _plain(send, 400, "Bad request: the path contains a control character.")
            return
        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            if started:
                raise
            await _plain(send, 500, "Internal error: the request could not be answered.")


def _relative(location: str) -> str:
    """`http://evil.example/versions/` -> `/versions/`: a redirect never names a host."""
    parts = urlsplit(location)
    if not parts.scheme and not parts.netloc:
        return location
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


async def _plain(send: Send, status: int, text: str) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text.encode()})


# Seconds a client has to send a request's headers; slow clients are cut off. KB_HEADER_TIMEOUT
# changes it (the tests use a short one).
HEADER_TIMEOUT = float(os.environ.get("KB_HEADER_TIMEOUT", "10"))
KEEP_ALIVE = 5  # seconds an idle kept-alive connection is held


class _Protocol(H11Protocol):
    """uvicorn's h11 protocol with a hard deadline for each request's headers (data arriving
    slowly does not extend it) and the security headers on uvicorn's own 400 responses."""

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def _arm_header_deadline(self) -> None:
        self._header_deadline = self.loop.call_later(HEADER_TIMEOUT, self._headers_too_slow)

    def _headers_too_slow(self) -> None:
        if self.cycle is None or self.cycle.response_complete:
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._header_deadline.cancel()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._header_deadline.cancel()
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._header_deadline.cancel()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
        headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        response = h11.Response(status_code=400, headers=headers, reason=b"Bad Request")
        output = self.conn.send(response)
        output += self.conn.send(h11.Data(data=msg.encode("ascii", "replace")))
        output += self.conn.send(h11.EndOfMessage())
        self.transport.write(output)
        self.transport.close()


def serve(
    index_root: pathlib.Path,
    site_dir: pathlib.Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = DEFAULT_WORKERS,
) -> None:
    import uvicorn

    uvicorn.run(
        create_app(index_root, site_dir, workers=workers),
        host=host,
        port=port,
        log_level="warning",
        http=_Protocol,
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=5,
    )
