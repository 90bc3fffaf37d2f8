"""Entities: people, organisations and places the articles mention, with aliases and stories."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from everyside.report.shapes import EntityOut
from everyside.store import analysis
from everyside.store import stories as story_store
from everyside.web.deps import SessionDep
from everyside.web.schemas import EntityDetailOut, EntityPage, ErrorOut, Limit, Offset

router = APIRouter(prefix="/entities", tags=["entities"])

# Stories listed with one entity: the most recent, enough for a page about it.
ENTITY_STORIES = 100


@router.get("", response_model=EntityPage, summary="List entities")
def list_entities(
    session: SessionDep,
    kind: Annotated[
        str | None, Query(description="PERSON, ORG, GPE (countries) or LOC (places).")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Canonical entities by how many articles mention them, most first."""
    found = analysis.list_entities(session, kind=kind, limit=limit, offset=offset)
    return {
        "items": [EntityOut.of(e) for e in found],
        "limit": limit,
        "offset": offset,
        "total": analysis.count_entities(session, kind=kind),
    }


@router.get(
    "/{entity_id}",
    response_model=EntityDetailOut,
    responses={404: {"model": ErrorOut, "description": "No article mentions this entity."}},
    summary="One entity",
)
def get_entity(entity_id: str, session: SessionDep) -> EntityDetailOut:
    """An entity (e.g. ``person:jens-stoltenberg``) and the latest 100 stories it appears in."""
    try:
        found = analysis.get_entity(session, entity_id)
    except analysis.EntityNotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from None
    stories = story_store.stories_mentioning(session, entity_id, limit=ENTITY_STORIES)
    return EntityDetailOut.detail_of(found, stories)
