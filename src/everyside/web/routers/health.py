"""Health and version: for load balancers, monitors and clients checking compatibility."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from everyside import __version__
from everyside.store.repository import count_articles
from everyside.web.deps import SessionDep, StoreDep

router = APIRouter(tags=["health"])


class HealthOut(BaseModel):
    """The server is up and its store answers."""

    status: str
    version: str
    store: str
    articles: int


@router.get("/health", response_model=HealthOut, summary="Health and version")
def health(store: StoreDep, session: SessionDep) -> HealthOut:
    """Whether the server and its store answer, and which everyside version serves them."""
    return HealthOut(
        status="ok", version=__version__, store=store.location, articles=count_articles(session)
    )
