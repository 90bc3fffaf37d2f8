"""Read coded events back with where they were reported: outlet, publication day, story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from everyside.model import EventReport
from everyside.store.analysis import event_of
from everyside.store.models import ArticleRow, EntityRow, EventRow, OutletRow, StoryArticleRow


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which events to read.

    Args:
        actor: a prefix of the source or target actor code ("RUS" matches RUSGOV).
        since: events on or after this day (their own date, else their article's).
        code: a prefix of the CAMEO code ("04" is every consultation).
        story: only events of this story's articles.
    """

    actor: str | None = None
    since: date | None = None
    code: str | None = None
    story: str | None = None


def event_reports(session: Session, query: EventFilter) -> list[EventReport]:
    """Every stored event matching the filter, with its outlet, publication day and story."""
    statement = (
        select(
            EventRow,
            OutletRow.name,
            ArticleRow.published_at,
            ArticleRow.id,
            StoryArticleRow.story_id,
        )
        .join(ArticleRow, ArticleRow.id == EventRow.article_id)
        .outerjoin(OutletRow, OutletRow.id == ArticleRow.outlet_id)
        .outerjoin(StoryArticleRow, StoryArticleRow.article_id == EventRow.article_id)
        .order_by(EventRow.article_id, EventRow.start, EventRow.id)
    )
    if query.actor:
        pattern = f"{query.actor.upper()}%"
        statement = statement.where(
            or_(EventRow.source_actor.like(pattern), EventRow.target_actor.like(pattern))
        )
    if query.code:
        statement = statement.where(EventRow.cameo_code.like(f"{query.code}%"))
    if query.story:
        statement = statement.where(StoryArticleRow.story_id == query.story)
    if query.since:
        start = datetime.combine(query.since, datetime.min.time(), tzinfo=UTC)
        statement = statement.where(
            or_(
                EventRow.occurred_on >= query.since,
                (EventRow.occurred_on.is_(None)) & (ArticleRow.published_at >= start),
            )
        )
    return [
        EventReport(
            event=event_of(row),
            outlet=outlet or article_id[:8],
            published_on=published.date() if published else None,
            story_id=story_id,
        )
        for row, outlet, published, article_id, story_id in session.execute(statement)
    ]


def entity_names(session: Session, entity_ids: set[str]) -> dict[str, str]:
    """The names of entities by id."""
    rows = session.execute(select(EntityRow.id, EntityRow.name).where(EntityRow.id.in_(entity_ids)))
    return dict(rows.tuples().all())


def article_urls(session: Session, article_ids: set[str]) -> dict[str, str]:
    """The URLs of articles that have one, by id."""
    rows = session.execute(
        select(ArticleRow.id, ArticleRow.url).where(
            ArticleRow.id.in_(article_ids), ArticleRow.url.is_not(None)
        )
    )
    return {article_id: url for article_id, url in rows.tuples() if url}
