"""Stories' comparisons kept as computed, each under a stamp of what it was computed from.

The store only keeps and hands back the JSON and its stamp; what goes into the stamp
and how the JSON reads back into a comparison is ``jobs.compare``'s business.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from everyside.store.dialects import upsert
from everyside.store.models import AnalysisRow, ArticleRow, OutletRow, StoryComparisonRow


def member_marks(session: Session, article_ids: Sequence[str]) -> list[tuple[str, ...]]:
    """For each article: what of it a comparison reads that can change, sorted by article id.

    Its id, title, outlet and the outlet's country, publication time, URL and language,
    and the version and time of its analysis (empty when it has none): a re-analysis or
    an edit changes the marks. The country is not compared, but the story page shows it
    beside the comparison and keys its rendered page on the same stamp.
    """
    if not article_ids:
        return []
    rows = session.execute(
        select(
            ArticleRow.id,
            ArticleRow.title,
            OutletRow.name,
            OutletRow.country,
            ArticleRow.published_at,
            ArticleRow.url,
            ArticleRow.language,
            AnalysisRow.version,
            AnalysisRow.analyzed_at,
        )
        .outerjoin(OutletRow, OutletRow.id == ArticleRow.outlet_id)
        .outerjoin(AnalysisRow, AnalysisRow.article_id == ArticleRow.id)
        .where(ArticleRow.id.in_(list(article_ids)))
        .order_by(ArticleRow.id)
    ).all()
    return [tuple(_text(value) for value in row) for row in rows]


def _text(value: object) -> str:
    """One mark as text; times in UTC, as both backends hand them back alike."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.isoformat()
    return str(value)


def cached_comparison(session: Session, story_id: str, stamp: str) -> dict[str, Any] | None:
    """The story's kept comparison JSON if it was computed under this stamp, else None."""
    row = session.execute(
        select(StoryComparisonRow.stamp, StoryComparisonRow.data).where(
            StoryComparisonRow.story_id == story_id
        )
    ).first()
    if row is None or row.stamp != stamp:
        return None
    data: dict[str, Any] = row.data
    return data


def keep_comparison(session: Session, story_id: str, stamp: str, data: dict[str, Any]) -> None:
    """Keep the story's comparison under its stamp, replacing any older one (an upsert).

    Two processes keeping one story's comparison at once both succeed; the later wins.
    """
    values = {
        "story_id": story_id,
        "stamp": stamp,
        "data": data,
        "computed_at": datetime.now(UTC),
    }
    table = StoryComparisonRow.__table__
    assert isinstance(table, Table)
    session.execute(upsert(table, session.get_bind().dialect.name, values, "story_id"))


def forget_comparisons(session: Session, story_ids: Sequence[str] | None = None) -> None:
    """Drop the kept comparisons of these stories (of every story when None)."""
    statement = delete(StoryComparisonRow)
    if story_ids is not None:
        if not story_ids:
            return
        statement = statement.where(StoryComparisonRow.story_id.in_(list(story_ids)))
    session.execute(statement)
