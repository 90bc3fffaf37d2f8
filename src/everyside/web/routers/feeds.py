"""The watched feeds' health, as ``everyside watch --status`` shows it."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from everyside.store import watch as watch_store
from everyside.watch.status import shown_state
from everyside.web.deps import SessionDep
from everyside.web.schemas import Limit, Offset, Page

router = APIRouter(prefix="/feeds", tags=["watch"])


class FeedStatusOut(BaseModel):
    """One feed the watcher polls: when it last worked, its last error, what it brought."""

    url: str
    outlet: str | None
    last_success: str | None
    last_error: str | None
    error: str | None
    failures: int
    items_seen: int
    next_poll: str | None


class FeedPage(Page):
    """A page of watched feeds."""

    items: list[FeedStatusOut]


@router.get("", response_model=FeedPage, summary="Watched feeds")
def list_feeds(session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, object]:
    """The feeds the watcher has polled, by URL: last success, last error, items seen, next poll.

    Credentials in the URLs and errors (``user:pass@``, ``?token=``) are masked.
    """
    states = watch_store.feed_states(session)
    return {
        "items": [shown_state(state) for state in states[offset : offset + limit]],
        "limit": limit,
        "offset": offset,
        "total": len(states),
    }
