"""The local HTTP service: the built site plus `GET /api/search`, on a real ASGI server."""

from __future__ import annotations

import pathlib
import threading
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from whoosh.index import Index

from search.query import QueryError, search
from search.store import IndexUnavailable, open_index

__all__ = ["SECURITY_HEADERS", "create_app", "serve"]


class _IndexHolder:
    """Opens the current index generation, and reopens it after a rebuild switches the pointer."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._pointer: str | None = None
        self._ix: Index | None = None

    def get(self) -> Index:
        pointer_file = self.root / "CURRENT"
        pointer = pointer_file.read_text().strip() if pointer_file.is_file() else None
        with self._lock:
            if self._ix is None or pointer != self._pointer:
                self._ix = open_index(self.root)
                self._pointer = pointer
            return self._ix


def _int(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, got {value!r}") from None


def create_app(index_root: pathlib.Path, site_dir: pathlib.Path | None = None) -> Starlette:
    holder = _IndexHolder(index_root)

    async def api_search(request: Request) -> JSONResponse:
        params = request.query_params
        try:
            limit = _int(params.get("limit"), "limit", 10)
            result: dict[str, Any] = search(
                holder.get(),
                params.get("q", ""),
                type_=params.get("type") or None,
                version=params.get("version") or None,
                limit=limit,
            )
        except QueryError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except IndexUnavailable as exc:
            return JSONResponse({"error": str(exc)}, status_code=503)
        return JSONResponse(result)

    routes: list[Any] = [Route("/api/search", api_search, methods=["GET"])]
    if site_dir is not None:
        routes.append(Mount("/", app=StaticFiles(directory=str(site_dir), html=True)))
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])


# Nothing may load from another host. Inline scripts and styles are allowed because the theme
# (mkdocs-material) writes small inline scripts into every page; everything else is 'self'.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """ASGI middleware adding the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


def serve(
    index_root: pathlib.Path, site_dir: pathlib.Path, *, host: str = "127.0.0.1", port: int = 8000
) -> None:
    import uvicorn

    uvicorn.run(create_app(index_root, site_dir), host=host, port=port, log_level="warning")
