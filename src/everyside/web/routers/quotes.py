"""Quotes: who said what, filtered by speaker, story or article."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from everyside.errors import EverysideError
from everyside.report import json as json_report
from everyside.store import analysis, repository
from everyside.web.deps import SessionDep
from everyside.web.routers.stories import story_or_404
from everyside.web.schemas import ErrorOut, Limit, Offset, QuotePage

router = APIRouter(prefix="/quotes", tags=["quotes"])


@router.get(
    "",
    response_model=QuotePage,
    responses={404: {"model": ErrorOut, "description": "No such story or article."}},
    summary="List quotes",
)
def list_quotes(
    session: SessionDep,
    speaker: Annotated[
        str | None,
        Query(
            description="The speaker entity's id, or the starts of words (any case) of its "
            "name or of the speaker as written (`harb mast`: 'the harbour master')."
        ),
    ] = None,
    story: Annotated[str | None, Query(description="Only this story's (id or prefix).")] = None,
    article: Annotated[str | None, Query(description="Only this article's (id or prefix).")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Quotes with their speakers, cue verbs and media, by article and position in it."""
    try:
        article_id = repository.get_article(session, article).id if article else None
    except EverysideError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from None
    story_id = story_or_404(session, story).id if story else None
    found = analysis.list_quotes(
        session,
        speaker=speaker,
        article_id=article_id,
        story_id=story_id,
        limit=limit,
        offset=offset,
    )
    total = analysis.count_quotes(
        session, speaker=speaker, article_id=article_id, story_id=story_id
    )
    return {
        "items": [json_report.quote(q, name) for q, name in found],
        "limit": limit,
        "offset": offset,
        "total": total,
    }
