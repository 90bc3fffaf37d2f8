"""Stories: a page of summaries, one story with its articles, and its comparison across outlets.

A story's responses carry an ``ETag``; a client that sends it back in ``If-None-Match``
gets 304 until the story changes (an article joins, the analysis or everyside is upgraded).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from everyside import __version__
from everyside.analyze.pipeline import ANALYSIS_VERSION
from everyside.errors import EverysideError
from everyside.jobs.compare import compare_story, story_stamp
from everyside.model import StorySummary, as_utc
from everyside.report.shapes import StoryDetailOut, StoryOut
from everyside.report.shapes_compare import COMPARISON_SCHEMA_VERSION, ComparisonOut
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.stories import StorySort
from everyside.web.deps import KeptDep, SessionDep, StoreDep
from everyside.web.kept import KeptBody
from everyside.web.schemas import ErrorOut, Limit, Offset, StoryPage

router = APIRouter(prefix="/stories", tags=["stories"])

_CACHED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the story is as the ETag sent in If-None-Match."},
    404: {"model": ErrorOut, "description": "No story with this id."},
}
# Clients may keep a story but must ask again each time; the ETag makes asking cheap.
_CACHE_CONTROL = "no-cache"
# The largest count a filter takes: more than any story holds, less than an SQL integer.
MAX_COUNT = 1_000_000
IfNoneMatch = Annotated[
    str | None, Header(description="An ETag from an earlier response: 304 if still current.")
]


def story_etag(summary: StorySummary, representation: str) -> str:
    """A strong ETag: the story's summary, what the response shows, and the versions behind it."""
    versions = [ANALYSIS_VERSION, COMPARISON_SCHEMA_VERSION]
    key = json.dumps(
        [summary.as_dict(), representation, *versions],
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(f"{__version__}\n{key}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names this ETag (weak or strong) or is ``*``."""
    if if_none_match is None:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def story_or_404(session: Session, story_id: str) -> StorySummary:
    """The story's summary, or a 404 naming the id that matched none (or more than one)."""
    try:
        return story_store.get_story(session, story_id)
    except EverysideError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from None


def _not_modified(etag: str) -> Response:
    return Response(
        status_code=status.HTTP_304_NOT_MODIFIED,
        headers={"ETag": etag, "Cache-Control": _CACHE_CONTROL},
    )


@router.get("", response_model=StoryPage, summary="List stories")
def list_stories(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    sort: Annotated[
        StorySort,
        Query(
            description="coverage: widest coverage first, newer first as coverage halves every "
            "two days of age; widest: widest coverage of any age; recent: newest first."
        ),
    ] = StorySort.COVERAGE,
    min_size: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_COUNT,
            description="At least this many articles; 1 keeps single-article ones.",
        ),
    ] = 2,
    min_outlets: Annotated[
        int, Query(ge=1, le=MAX_COUNT, description="At least this many outlets.")
    ] = 1,
    min_languages: Annotated[
        int, Query(ge=1, le=MAX_COUNT, description="At least this many languages.")
    ] = 1,
    lang: Annotated[
        list[str] | None,
        Query(max_length=8, description="An article in this language; repeat for each needed."),
    ] = None,
    outlet: Annotated[str, Query(max_length=500, description="An article from this outlet.")] = "",
    group: Annotated[
        str, Query(max_length=3, description="An outlet from this country (ISO 3166 alpha-3).")
    ] = "",
    entity: Annotated[
        str, Query(max_length=500, description="An article mentioning this entity (id or name).")
    ] = "",
    since: Annotated[
        datetime | None, Query(description="The story's last article on or after this time.")
    ] = None,
    until: Annotated[
        datetime | None, Query(description="The story's first article before this time.")
    ] = None,
) -> dict[str, Any]:
    """Story summaries, widest coverage first (``sort``); single-article stories need min_size=1."""
    query = story_store.StoryFilter(
        languages=tuple(lang or ()),
        outlet=outlet,
        group=group,
        entity=entity,
        since=as_utc(since),
        until=as_utc(until),
        min_size=min_size,
        min_outlets=min_outlets,
        min_languages=min_languages,
    )
    found = story_store.list_stories(session, limit=limit, offset=offset, query=query, sort=sort)
    groups = story_store.story_groups(session)
    return {
        "items": [StoryOut.of(story, groups) for story in found],
        "limit": limit,
        "offset": offset,
        "total": story_store.count_stories(session, query),
    }


@router.get("/{story_id}", response_model=StoryDetailOut, responses=_CACHED, summary="One story")
def get_story(
    story_id: str,
    session: SessionDep,
    response: Response,
    if_none_match: IfNoneMatch = None,
) -> Any:
    """A story's summary and its articles (an id, or a unique prefix of one)."""
    summary = story_or_404(session, story_id)
    # The blindspot depends on the store's outlet groups too: a new one is a new response.
    groups = story_store.story_groups(session)
    etag = story_etag(summary, f"detail {' '.join(groups)}")
    if etag_matches(if_none_match, etag):
        return _not_modified(etag)
    articles = repository.get_articles(session, list(summary.article_ids))
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = _CACHE_CONTROL
    return StoryDetailOut.detail_of(summary, articles, groups)


@router.get(
    "/{story_id}/comparison",
    response_model=ComparisonOut,
    responses=_CACHED,
    summary="Compare a story's outlets",
)
def get_comparison(
    story_id: str,
    store: StoreDep,
    session: SessionDep,
    kept: KeptDep,
    if_none_match: IfNoneMatch = None,
) -> Any:
    """How the story's outlets covered it: consensus, differences, quotes, numbers, framing.

    The same versioned JSON as ``everyside compare ID --format json`` (docs/compare.md).
    Computing it takes about a second for ten articles; send the ETag back to skip that.
    """
    summary = story_or_404(session, story_id)
    etag = story_etag(summary, "comparison")
    if etag_matches(if_none_match, etag):
        return _not_modified(etag)
    headers = {"ETag": etag, "Cache-Control": _CACHE_CONTROL}
    # Made once per story version: validating and writing the JSON is most of a request.
    key = kept.key("comparison", story_stamp(session, summary))
    if (found := kept.get(key)) is None:
        # compare_story reads in sessions of its own: hold no pooled connection meanwhile,
        # or 20 concurrent requests, each holding one and asking for another, starve the pool.
        session.close()
        body = ComparisonOut.of(compare_story(store, summary.id)).model_dump_json(by_alias=True)
        found = KeptBody(body.encode(), {})
        kept.put(key, found)
    return Response(found.body, media_type="application/json", headers=headers)
