"""Alerts the watcher raised: a JSON list under the API and an Atom feed for feed readers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from everyside.store import watch as watch_store
from everyside.watch.atom import alerts_atom
from everyside.web.deps import SessionDep
from everyside.web.schemas import Limit, Page

router = APIRouter(prefix="/alerts", tags=["watch"])
feed_router = APIRouter(tags=["watch"])

ATOM_ENTRIES = 50
# Ids are 64-bit integers in every store; a larger cursor is a client error, not a crash.
MAX_ALERT_ID = 2**63 - 1


class AlertOut(BaseModel):
    """One alert: which rule raised it, about which story, and what happened."""

    id: int
    rule: str
    kind: str
    title: str
    text: str
    story_id: str | None
    data: dict[str, Any]
    created_at: str | None


class AlertPage(Page):
    """A page of alerts, newest first."""

    items: list[AlertOut]


@router.get("", response_model=AlertPage, summary="Latest alerts")
def list_alerts(
    session: SessionDep,
    limit: Limit = 50,
    after: Annotated[
        int, Query(ge=0, le=MAX_ALERT_ID, description="Only alerts with a larger id.")
    ] = 0,
) -> dict[str, Any]:
    """The latest alerts, newest first; ``after`` gives only those newer than an alert id."""
    found = watch_store.recent_alerts(session, limit=limit, after_id=after)
    return {
        "items": [alert.as_dict() for alert in found],
        "limit": limit,
        "offset": 0,
        "total": watch_store.count_alerts(session, after_id=after),
    }


@feed_router.get(
    "/alerts.atom",
    response_class=Response,
    summary="Alerts as an Atom feed",
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def alerts_feed(request: Request, session: SessionDep) -> Response:
    """The latest alerts as an Atom 1.0 feed."""
    document = alerts_atom(
        watch_store.recent_alerts(session, limit=ATOM_ENTRIES),
        site=str(request.url_for("river")),
        feed_url=str(request.url_for("alerts_feed")),
    )
    return Response(document, media_type="application/atom+xml")
