"""The FastAPI application: the REST API under ``/api/v1`` and the web pages, one process."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from everyside import __version__
from everyside.cluster.features import default_embedder
from everyside.settings import API_KEY_ENV, ServeOptions
from everyside.store.db import StoreBusy, open_store
from everyside.web import explorer, pages
from everyside.web.kept import KeptBodies
from everyside.web.routers import alerts, articles, entities, feeds, health, live, quotes, stories
from everyside.web.security import RequestGuard, SecurityHeaders

API_PREFIX = "/api/v1"


class BodySizeLimit:
    """Refuse request bodies over a limit with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body as it arrives."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = b'{"detail": "request body larger than the server accepts (%d bytes)"}' % self.limit
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def _warm_up() -> None:
    default_embedder().encode(["warm up"])


async def _one_line_validation_error(request: Request, error: Exception) -> JSONResponse:
    """A 422 whose detail is one line naming each bad field, like every other error here."""
    assert isinstance(error, RequestValidationError)
    problems = [f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()]
    return JSONResponse(status_code=422, content={"detail": "; ".join(problems)})


async def _store_busy(request: Request, error: Exception) -> JSONResponse:
    """503 when another process held the store's write lock for longer than a writer waits."""
    return JSONResponse(
        status_code=503, content={"detail": str(error)}, headers={"Retry-After": "30"}
    )


def create_app(options: ServeOptions | None = None) -> FastAPI:
    """The app serving one store; options default to the environment's."""
    options = options or ServeOptions(api_key=os.environ.get(API_KEY_ENV) or None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load the sentence encoder while the server starts, not on the first story page.
        threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
        yield
        app.state.store.close()

    app = FastAPI(
        title="everyside",
        version=__version__,
        summary="Read one news event through every outlet that covered it.",
        lifespan=lifespan,
        # Served by explorer.py from a package, not from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.add_exception_handler(RequestValidationError, _one_line_validation_error)
    app.add_exception_handler(StoreBusy, _store_busy)
    app.state.options = options
    app.state.store = open_store(options.db)
    # Story pages (~200 kB for a ten-article story) and comparisons' JSON.
    app.state.kept = KeptBodies(max_bytes=64 * 1024 * 1024)
    app.include_router(health.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("everyside.web", "static")]), name="static")
    app.include_router(explorer.router)
    app.mount(explorer.ASSETS_PATH, explorer.assets(), name=explorer.ASSETS_NAME)
    app.include_router(articles.router, prefix=API_PREFIX)
    app.include_router(stories.router, prefix=API_PREFIX)
    app.include_router(entities.router, prefix=API_PREFIX)
    app.include_router(quotes.router, prefix=API_PREFIX)
    app.include_router(feeds.router, prefix=API_PREFIX)
    app.include_router(alerts.router, prefix=API_PREFIX)
    app.include_router(alerts.feed_router)
    app.include_router(live.router, prefix=API_PREFIX)
    # The last added runs first: security headers on every response, the body limit,
    # CORS (its answers to preflights), then the Host and cross-origin write checks.
    app.add_middleware(
        RequestGuard, allowed_hosts=options.allowed_hosts, trusted_origins=options.cors_origins
    )
    if options.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(options.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["X-API-Key", "Content-Type"],
        )
    app.add_middleware(BodySizeLimit, limit=options.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    return app
