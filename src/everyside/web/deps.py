"""What route handlers depend on: the options, the store, a session, the API key check.

Tests override these with ``app.dependency_overrides``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status
from sqlalchemy.orm import Session

from everyside.settings import ServeOptions
from everyside.store.db import Store
from everyside.web.kept import KeptBodies


def get_options(request: Request) -> ServeOptions:
    """The options the app was created with."""
    options: ServeOptions = request.app.state.options
    return options


def get_store(request: Request) -> Store:
    """The store the app serves."""
    store: Store = request.app.state.store
    return store


def get_kept(request: Request) -> KeptBodies:
    """The response bodies the app keeps (story pages, comparisons)."""
    kept: KeptBodies = request.app.state.kept
    return kept


def get_session(store: Annotated[Store, Depends(get_store)]) -> Iterator[Session]:
    """A read session for one request."""
    with store.session() as session:
        yield session


def require_api_key(
    options: Annotated[ServeOptions, Depends(get_options)],
    x_api_key: Annotated[str | None, Header(description="Needed when the server sets one.")] = None,
) -> None:
    """Refuse a write when the server has an API key and the request does not carry it."""
    if options.api_key is None:
        return
    # Compared as bytes: compare_digest refuses non-ASCII text, and a header's bytes reach
    # us as Latin-1 text, so a UTF-8 key sent as is matches the key configured.
    sent = x_api_key.encode("latin-1", "replace") if x_api_key is not None else None
    if sent is None or not secrets.compare_digest(sent, options.api_key.encode("utf-8")):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="this server needs an API key for writes: send it in the X-API-Key header",
        )


OptionsDep = Annotated[ServeOptions, Depends(get_options)]
StoreDep = Annotated[Store, Depends(get_store)]
KeptDep = Annotated[KeptBodies, Depends(get_kept)]
SessionDep = Annotated[Session, Depends(get_session)]
WriteAccess = Depends(require_api_key)
