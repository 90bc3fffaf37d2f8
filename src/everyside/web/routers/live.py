"""Server-sent events: stories that grow and alerts that are raised, as they happen.

The stream reads the store every few seconds, so it sees what any watcher or ingest
process writes; a reconnecting browser sends ``Last-Event-ID`` and misses nothing.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from everyside.report import json as json_report
from everyside.store import watch as watch_store
from everyside.store.db import Store
from everyside.web.deps import StoreDep

router = APIRouter(tags=["watch"])

# Seconds between looks at the store, and between keep-alive comments that stop proxies
# from closing a quiet stream.
POLL_SECONDS = 2.0
KEEP_ALIVE_SECONDS = 15.0


# An event id as updates_since writes it: the assignment and alert reached, each a
# database integer (at most 18 digits keeps it inside 64 bits).
_EVENT_ID = re.compile(r"(\d{1,18})-(\d{1,18})", re.ASCII)


def _cursor(store: Store, last_event_id: str | None) -> tuple[int, int]:
    """Where the stream starts: after the client's last event, else after what exists now."""
    if last_event_id and last_event_id.strip():
        found = _EVENT_ID.fullmatch(last_event_id.strip())
        if found is None:
            raise HTTPException(
                status.HTTP_400_BAD_REQUEST,
                "Last-Event-ID is not an id this stream sent (two numbers, as 12-3)",
            )
        return int(found[1]), int(found[2])
    with store.session() as session:
        return watch_store.latest_assignment(session), watch_store.latest_alert_id(session)


def updates_since(store: Store, cursor: tuple[int, int]) -> tuple[list[str], tuple[int, int]]:
    """The SSE messages for what changed after ``cursor``, and the cursor after them."""
    assignment, alert_id = cursor
    with store.session() as session:
        reached = watch_store.latest_assignment(session)
        stories = watch_store.story_summaries(
            session, watch_store.stories_assigned_since(session, assignment)
        )
        alerts = list(reversed(watch_store.recent_alerts(session, after_id=alert_id, limit=100)))
    alert_id = max([alert_id, *(alert.id or 0 for alert in alerts)])
    event_id = f"{reached}-{alert_id}"
    messages = [_message("story", json_report.story(summary), event_id) for summary in stories]
    messages += [_message("alert", alert.as_dict(), event_id) for alert in alerts]
    return messages, (reached, alert_id)


def _message(event: str, data: object, event_id: str) -> str:
    return f"event: {event}\nid: {event_id}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


# Left out of the OpenAPI schema: an endless stream has no response a schema can describe.
@router.get("/stream", summary="Live updates (server-sent events)", include_in_schema=False)
async def stream(
    request: Request,
    store: StoreDep,
    last_event_id: Annotated[str | None, Header(description="Resume after this event.")] = None,
) -> StreamingResponse:
    """``story`` events for stories that gained articles and ``alert`` events for new alerts."""
    cursor = await run_in_threadpool(_cursor, store, last_event_id)

    async def events() -> AsyncIterator[str]:
        nonlocal cursor
        yield f"retry: {int(POLL_SECONDS * 1000)}\n\n"
        quiet = 0.0
        while not await request.is_disconnected():
            messages, cursor = await run_in_threadpool(updates_since, store, cursor)
            for message in messages:
                yield message
            quiet = 0.0 if messages else quiet + POLL_SECONDS
            if quiet >= KEEP_ALIVE_SECONDS:
                yield ": keep-alive\n\n"
                quiet = 0.0
            await asyncio.sleep(POLL_SECONDS)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
