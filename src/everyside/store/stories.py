"""Store and read stories, assignments, story changes and clustering features."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import Select, Table, delete, func, or_, select
from sqlalchemy.orm import Session

from everyside.errors import EverysideError
from everyside.model import (
    EMBEDDING_DIM,
    ArticleFeatures,
    ChangeKind,
    RecordedStoryChange,
    StoryChange,
    StorySummary,
    as_utc,
)
from everyside.store.comparisons import forget_comparisons
from everyside.store.dialects import upsert
from everyside.store.frequencies import forget_frequencies
from everyside.store.models import (
    AnalysisRow,
    ArticleFeaturesRow,
    ArticleRow,
    EntityRow,
    MentionRow,
    OutletRow,
    StoryArticleRow,
    StoryChangeRow,
    StoryRow,
)

_T = TypeVar("_T", bound=tuple[Any, ...])

# How article_features keeps the embedding (migration 0015): little-endian float32.
EMBEDDING_DTYPE = np.dtype("<f4")
EMBEDDING_BYTES = EMBEDDING_DIM * EMBEDDING_DTYPE.itemsize


class StoryNotFound(EverysideError):
    """No story with the given id (or id prefix)."""

    def __init__(self, story_id: str) -> None:
        super().__init__(f"no story with id {story_id!r}")


def analyzed_without_features(session: Session) -> list[str]:
    """Analyzed articles whose clustering features are not computed yet."""
    have = select(ArticleFeaturesRow.article_id)
    statement = select(AnalysisRow.article_id).where(AnalysisRow.article_id.not_in(have))
    return list(session.scalars(statement.order_by(AnalysisRow.article_id)))


def save_features(session: Session, features: ArticleFeatures) -> None:
    """Keep an article's features so that clustering never recomputes them."""
    embedding = np.asarray(features.embedding, EMBEDDING_DTYPE).tobytes()
    values = {
        "article_id": features.article_id,
        "data": features.as_dict(embedding=False),
        "embedding": embedding,
    }
    # An upsert, not ``session.merge``: merge SELECTs the row first, once per article.
    table = ArticleFeaturesRow.__table__
    assert isinstance(table, Table)
    session.execute(upsert(table, session.get_bind().dialect.name, values, "article_id"))


def _read(data: dict[str, Any], embedding: bytes | None) -> ArticleFeatures:
    """Features from a row's JSON and embedding bytes (none: zeros, which db check names)."""
    if embedding is None:
        return ArticleFeatures.from_dict(data)
    return ArticleFeatures.from_dict(
        {**data, "embedding": np.frombuffer(embedding, EMBEDDING_DTYPE)}
    )


def unassigned_arrivals(session: Session) -> list[tuple[str, datetime | None]]:
    """Ids and publication times of the articles with features that are in no story yet.

    The times are the articles' own, which their features copy: enough to order the new
    articles without reading every one's features at once.
    """
    assigned = select(StoryArticleRow.article_id)
    rows = session.execute(
        select(ArticleFeaturesRow.article_id, ArticleRow.published_at)
        .join(ArticleRow, ArticleRow.id == ArticleFeaturesRow.article_id)
        .where(ArticleFeaturesRow.article_id.not_in(assigned))
    )
    return [(article_id, as_utc(published_at)) for article_id, published_at in rows]


def features_of(session: Session, article_ids: list[str]) -> list[ArticleFeatures]:
    """The features of these articles, in the order given (articles without any left out)."""
    rows = session.scalars(
        select(ArticleFeaturesRow).where(ArticleFeaturesRow.article_id.in_(article_ids))
    )
    found = {row.article_id: row for row in rows}
    return [_read(found[i].data, found[i].embedding) for i in article_ids if i in found]


def all_features(session: Session) -> list[ArticleFeatures]:
    """Features of every article that has them."""
    return [_read(row.data, row.embedding) for row in session.scalars(select(ArticleFeaturesRow))]


def live_story_members(
    session: Session,
    since: datetime | None,
    *,
    stories: Collection[str] = (),
    holding: Collection[str] = (),
) -> dict[str, list[ArticleFeatures]]:
    """Some stories' articles' features, in assignment order, stories oldest first.

    The stories are those whose latest article is at or after ``since`` (undated stories
    too; none by date when ``since`` is None), those named in ``stories``, and those
    holding an article of ``holding``.
    """
    chosen = [StoryArticleRow.story_id.in_(stories)] if stories else []
    if holding:
        chosen.append(
            StoryArticleRow.story_id.in_(
                select(StoryArticleRow.story_id).where(StoryArticleRow.article_id.in_(holding))
            )
        )
    if since is not None:
        seen = or_(StoryRow.last_seen >= as_utc(since), StoryRow.last_seen.is_(None))
        chosen.append(StoryArticleRow.story_id.in_(select(StoryRow.id).where(seen)))
    if not chosen:
        return {}
    statement = (
        select(StoryArticleRow.story_id, ArticleFeaturesRow.data, ArticleFeaturesRow.embedding)
        .join(ArticleFeaturesRow, ArticleFeaturesRow.article_id == StoryArticleRow.article_id)
        .where(or_(*chosen))
        .order_by(StoryArticleRow.sequence)
    )
    members: dict[str, list[ArticleFeatures]] = defaultdict(list)
    for story_id, data, embedding in session.execute(statement):
        members[story_id].append(_read(data, embedding))
    return dict(members)


def assigned_features(session: Session, after: str, limit: int) -> list[ArticleFeatures]:
    """Up to ``limit`` features of articles in stories whose id sorts after ``after``, by id."""
    statement = (
        select(ArticleFeaturesRow.data, ArticleFeaturesRow.embedding)
        .join(StoryArticleRow, StoryArticleRow.article_id == ArticleFeaturesRow.article_id)
        .where(ArticleFeaturesRow.article_id > after)
        .order_by(ArticleFeaturesRow.article_id)
        .limit(limit)
    )
    return [_read(data, embedding) for data, embedding in session.execute(statement)]


def stories_named_after(session: Session, names: Collection[str]) -> set[str]:
    """Stored story ids that are one of ``names`` or one of them with a ``-`` suffix."""
    found: set[str] = set()
    names = sorted(names)
    # Ranges rather than LIKE: ids may hold % and _; '.' is the character after '-'.
    for start in range(0, len(names), 200):
        ranges = [
            or_(StoryRow.id == name, (StoryRow.id > f"{name}-") & (StoryRow.id < f"{name}."))
            for name in names[start : start + 200]
        ]
        found.update(session.scalars(select(StoryRow.id).where(or_(*ranges))))
    return found


def assignments(session: Session) -> dict[str, str]:
    """Article id → story id, for every assigned article."""
    rows = session.execute(select(StoryArticleRow.article_id, StoryArticleRow.story_id))
    return {article_id: story_id for article_id, story_id in rows}


def assign(session: Session, article_id: str, story_id: str, probability: float) -> None:
    """Put an article in a story (or move it there).

    Every assignment, a move included, takes the next sequence number: what watches the
    stories (alert rules, the live page) sees a story that gained articles by a merge.
    """
    sequence = (session.scalar(select(func.max(StoryArticleRow.sequence))) or 0) + 1
    row = session.get(StoryArticleRow, article_id)
    if row is None:
        session.add(
            StoryArticleRow(
                article_id=article_id, story_id=story_id, probability=probability, sequence=sequence
            )
        )
    else:
        if row.story_id != story_id:
            row.story_id, row.sequence = story_id, sequence
        row.probability = probability


def stories_out_of_step(session: Session) -> list[str]:
    """Stories whose row is missing or whose size is not their assignment count.

    What a clustering run stopped between its assignments and its summaries leaves;
    the next run summarizes these again.
    """
    counted = (
        select(StoryArticleRow.story_id, func.count().label("members"))
        .group_by(StoryArticleRow.story_id)
        .subquery()
    )
    statement = (
        select(counted.c.story_id)
        .outerjoin(StoryRow, StoryRow.id == counted.c.story_id)
        .where((StoryRow.id.is_(None)) | (StoryRow.size != counted.c.members))
        .order_by(counted.c.story_id)
    )
    return list(session.scalars(statement))


def stories_without_articles(session: Session) -> list[str]:
    """Stored stories that no article is assigned to."""
    assigned = select(StoryArticleRow.story_id)
    statement = select(StoryRow.id).where(StoryRow.id.not_in(assigned)).order_by(StoryRow.id)
    return list(session.scalars(statement))


def recently_assigned(session: Session, limit: int) -> list[str]:
    """The ids of the ``limit`` articles assigned (or moved) last, newest first."""
    statement = (
        select(StoryArticleRow.article_id).order_by(StoryArticleRow.sequence.desc()).limit(limit)
    )
    return list(session.scalars(statement))


# A story's coverage counts half as much for every this many days of its age: one covered
# twice as widely ranks level with one two days newer (migration 0008 fills with this).
HALF_LIFE_DAYS = 2.0
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def coverage_rank(coverage: float, last_seen: datetime | None) -> float:
    """The river's order key: a story's coverage decayed by its age, as a stored number.

    Coverage decayed exponentially, ``coverage * 2 ** (-age / HALF_LIFE_DAYS)``, orders
    stories exactly as ``log2(coverage) + last_seen / HALF_LIFE_DAYS`` does, and that
    number does not change as time passes: it is kept on the story row and indexed.
    An undated story counts as of 1970, so it comes after every dated one.
    """
    moment = as_utc(last_seen)
    days = (moment - _EPOCH).total_seconds() / 86400 if moment is not None else 0.0
    return math.log2(max(coverage, 1.0)) + days / HALF_LIFE_DAYS


def _with_countries(session: Session, summary: StorySummary) -> StorySummary:
    """The summary with its outlets' countries as the outlet registry now has them."""
    statement = select(OutletRow.name, OutletRow.country).where(
        OutletRow.name.in_(summary.outlets), OutletRow.country.is_not(None)
    )
    known = {name: country for name, country in session.execute(statement).tuples()}
    pairs = tuple((outlet, country) for outlet in summary.outlets if (country := known.get(outlet)))
    return replace(summary, outlet_countries=pairs)


def save_story(session: Session, summary: StorySummary) -> StorySummary:
    """Write a story's summary (creating the story if new), with its coverage; returns it."""
    summary = _with_countries(session, summary) if summary.outlets else summary
    coverage = summary.coverage
    session.merge(
        StoryRow(
            id=summary.id,
            headline=summary.headline,
            size=summary.size,
            first_seen=summary.first_seen,
            last_seen=summary.last_seen,
            summary=summary.as_dict(),
            outlet_count=len(summary.outlets),
            language_count=len(summary.languages),
            coverage=coverage,
            coverage_rank=coverage_rank(coverage, summary.last_seen),
        )
    )
    return summary


def remove_stories(session: Session, story_ids: list[str]) -> None:
    """Delete stories that no longer exist (merged into another)."""
    if story_ids:
        session.execute(delete(StoryRow).where(StoryRow.id.in_(story_ids)))
        forget_comparisons(session, story_ids)


def record_change(session: Session, change: StoryChange) -> None:
    """Keep a merge or split, so changes to stories are never silent."""
    session.add(
        StoryChangeRow(kind=change.kind.value, data=change.as_dict(), recorded_at=datetime.now(UTC))
    )


def clear_stories(session: Session) -> None:
    """Forget every story and assignment (before a batch rebuild); features stay."""
    session.execute(delete(StoryArticleRow))
    session.execute(delete(StoryRow))
    forget_comparisons(session)
    forget_frequencies(session)


def _most_recent_first(statement: Select[_T]) -> Select[_T]:
    # The order of the ix_stories_recent indexes (models.py), so that pages need no sort.
    return statement.order_by(StoryRow.last_seen.desc().nulls_last(), StoryRow.id)


class StorySort(StrEnum):
    """The orders stories are listed in."""

    COVERAGE = "coverage"  # widest coverage first, decayed with age (coverage_rank)
    RECENT = "recent"  # last article newest first, undated last
    WIDEST = "widest"  # widest coverage first whatever the age, then newest


def _sorted(statement: Select[_T], sort: StorySort) -> Select[_T]:
    # Each order is an index's (models.py), so deep pages need no sort of the table.
    if sort is StorySort.COVERAGE:
        return statement.order_by(StoryRow.coverage_rank.desc(), StoryRow.id)
    if sort is StorySort.WIDEST:
        return statement.order_by(
            StoryRow.coverage.desc(), StoryRow.last_seen.desc().nulls_last(), StoryRow.id
        )
    return _most_recent_first(statement)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryFilter:
    """Which stories a listing keeps; every condition given must hold.

    ``language`` and each of ``languages``: an article in that language (all of them);
    ``outlet``: an article from that outlet; ``group``: an outlet from that country
    (ISO 3166 alpha-3, as the outlet registry gives it); ``entity``: an article that
    mentions the entity (its id, or its canonical name in any case); ``since`` and
    ``until``: the story's span meets [since, until), so undated stories drop out;
    ``min_size``, ``min_outlets``, ``min_languages``: at least that many articles,
    outlets, languages; ``article_ids``: among these articles (e.g. a search's hits).
    """

    language: str = ""
    languages: Collection[str] = ()
    outlet: str = ""
    group: str = ""
    entity: str = ""
    since: datetime | None = None
    until: datetime | None = None
    min_size: int = 1
    min_outlets: int = 1
    min_languages: int = 1
    article_ids: Collection[str] | None = None

    def wanted_languages(self) -> list[str]:
        """Every language a kept story must have an article in."""
        chosen = [self.language, *self.languages] if self.language else list(self.languages)
        return list(dict.fromkeys(language for language in chosen if language))


def _kept(statement: Select[_T], query: StoryFilter) -> Select[_T]:
    holding = select(StoryArticleRow.story_id).join(
        ArticleRow, ArticleRow.id == StoryArticleRow.article_id
    )
    for language in query.wanted_languages():
        statement = statement.where(StoryRow.id.in_(holding.where(ArticleRow.language == language)))
    if query.outlet:
        from_outlet = holding.join(OutletRow, OutletRow.id == ArticleRow.outlet_id)
        statement = statement.where(
            StoryRow.id.in_(from_outlet.where(OutletRow.name == query.outlet))
        )
    if query.group:
        from_group = holding.join(OutletRow, OutletRow.id == ArticleRow.outlet_id)
        statement = statement.where(
            StoryRow.id.in_(from_group.where(OutletRow.country == query.group.upper()))
        )
    if query.entity:
        named = select(EntityRow.id).where(
            or_(EntityRow.id == query.entity, func.lower(EntityRow.name) == query.entity.lower())
        )
        mentioning = select(StoryArticleRow.story_id).join(
            MentionRow, MentionRow.article_id == StoryArticleRow.article_id
        )
        statement = statement.where(
            StoryRow.id.in_(mentioning.where(MentionRow.entity_id.in_(named)))
        )
    if query.since is not None:
        statement = statement.where(StoryRow.last_seen >= query.since)
    if query.until is not None:
        statement = statement.where(StoryRow.first_seen < query.until)
    if query.min_size > 1:
        statement = statement.where(StoryRow.size >= query.min_size)
    if query.min_outlets > 1:
        statement = statement.where(StoryRow.outlet_count >= query.min_outlets)
    if query.min_languages > 1:
        statement = statement.where(StoryRow.language_count >= query.min_languages)
    if query.article_ids is not None:
        among = select(StoryArticleRow.story_id).where(
            StoryArticleRow.article_id.in_(list(query.article_ids))
        )
        statement = statement.where(StoryRow.id.in_(among))
    return statement


def list_stories(
    session: Session,
    *,
    limit: int = 50,
    offset: int = 0,
    query: StoryFilter | None = None,
    sort: StorySort = StorySort.RECENT,
) -> list[StorySummary]:
    """Story summaries in ``sort`` order (most recent first by default) that ``query`` keeps."""
    statement = select(StoryRow.summary)
    if query is not None:
        statement = _kept(statement, query)
    rows = session.scalars(_sorted(statement, sort).limit(limit).offset(offset))
    return [StorySummary.from_dict(data) for data in rows]


def count_stories(session: Session, query: StoryFilter | None = None) -> int:
    """How many stories are stored (that ``query`` keeps)."""
    statement = select(func.count()).select_from(StoryRow)
    if query is not None:
        statement = _kept(statement, query)
    return session.scalar(statement) or 0


def story_groups(session: Session) -> list[str]:
    """The outlet groups a story can be covered by: the countries of the known outlets, sorted."""
    statement = select(OutletRow.country).where(OutletRow.country.is_not(None)).distinct()
    return sorted(country for country in session.scalars(statement) if country)


def story_languages(session: Session) -> list[str]:
    """The languages of the articles in stories, sorted."""
    statement = (
        select(ArticleRow.language)
        .join(StoryArticleRow, StoryArticleRow.article_id == ArticleRow.id)
        .where(ArticleRow.language.is_not(None))
        .distinct()
    )
    return sorted(language for language in session.scalars(statement) if language)


def story_outlets(session: Session) -> list[str]:
    """The names of the outlets with articles in stories, sorted."""
    statement = (
        select(OutletRow.name)
        .join(ArticleRow, ArticleRow.outlet_id == OutletRow.id)
        .join(StoryArticleRow, StoryArticleRow.article_id == ArticleRow.id)
        .distinct()
    )
    return sorted(session.scalars(statement))


def stories_mentioning(session: Session, entity_id: str, *, limit: int = 100) -> list[StorySummary]:
    """Summaries of the stories with an article that mentions the entity, most recent first."""
    mentioning = (
        select(StoryArticleRow.story_id)
        .join(MentionRow, MentionRow.article_id == StoryArticleRow.article_id)
        .where(MentionRow.entity_id == entity_id)
    )
    statement = select(StoryRow.summary).where(StoryRow.id.in_(mentioning))
    rows = session.scalars(_most_recent_first(statement).limit(limit))
    return [StorySummary.from_dict(data) for data in rows]


def get_story(session: Session, id_or_prefix: str) -> StorySummary:
    """The summary of the story with this id, or the only one starting with the prefix.

    The ``story-`` every id starts with may be left out, as listings do.
    """
    if not id_or_prefix.startswith("story-"):
        id_or_prefix = f"story-{id_or_prefix}"
    # A whole id is looked up by key: the prefix match below scans every story.
    exact: dict[str, Any] | None = session.scalar(
        select(StoryRow.summary).where(StoryRow.id == id_or_prefix)
    )
    if exact is not None:
        return StorySummary.from_dict(exact)
    rows = session.scalars(
        select(StoryRow.summary)
        .where(StoryRow.id.startswith(id_or_prefix, autoescape=True))
        .limit(2)
    ).all()
    if not rows:
        raise StoryNotFound(id_or_prefix)
    if len(rows) > 1:
        raise EverysideError(f"story id prefix {id_or_prefix!r} is ambiguous; give more characters")
    return StorySummary.from_dict(rows[0])


def merged_into(session: Session, story_ids: Collection[str]) -> dict[str, list[str]]:
    """Each story id -> the ids of every story merged into it, directly or through others.

    The recorded merges are read once for all ``story_ids``.
    """
    absorbed: dict[str, set[str]] = defaultdict(set)
    merges = select(StoryChangeRow.data).where(StoryChangeRow.kind == ChangeKind.MERGE.value)
    for data in session.scalars(merges):
        change = StoryChange.from_dict(data)
        for survivor in change.after:
            absorbed[survivor].update(s for s in change.before if s != survivor)
    lineage: dict[str, list[str]] = {}
    for story_id in story_ids:
        found: set[str] = set()
        pending = [story_id]
        while pending:
            for gone in absorbed.get(pending.pop(), ()):
                if gone not in found and gone != story_id:
                    found.add(gone)
                    pending.append(gone)
        lineage[story_id] = sorted(found)
    return lineage


def story_changes(session: Session, *, limit: int = 100) -> list[RecordedStoryChange]:
    """The latest recorded merges and splits, newest first."""
    statement = select(StoryChangeRow).order_by(StoryChangeRow.id.desc()).limit(limit)
    return [
        RecordedStoryChange(change=StoryChange.from_dict(row.data), recorded_at=row.recorded_at)
        for row in session.scalars(statement)
    ]
