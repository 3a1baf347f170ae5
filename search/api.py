"""The local HTTP service: the built site plus `GET /api/search`, on a real ASGI server."""

from __future__ import annotations

import pathlib
import threading
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from whoosh.index import Index

from search.query import QueryError, search
from search.store import IndexUnavailable, open_index

__all__ = ["create_app", "serve"]


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
    return Starlette(routes=routes)


def serve(
    index_root: pathlib.Path, site_dir: pathlib.Path, *, host: str = "127.0.0.1", port: int = 8000
) -> None:
    import uvicorn

    uvicorn.run(create_app(index_root, site_dir), host=host, port=port, log_level="warning")
