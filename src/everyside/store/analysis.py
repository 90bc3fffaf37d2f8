"""Store and read what the analysis found. Every function takes the caller's Session."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    bindparam,
    delete,
    false,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session

from everyside.errors import EverysideError
from everyside.model import (
    ArticleAnalysis,
    Claim,
    Entity,
    Event,
    EventMood,
    Mention,
    Quote,
    QuoteKind,
    Span,
    TimeMention,
    claim_from,
    mention_from,
    time_from,
)
from everyside.store.models import (
    AnalysisRow,
    ArticleRow,
    Base,
    ClaimRow,
    EntityRow,
    EntityWordRow,
    EventRow,
    MentionRow,
    QuoteRow,
    SpeakerWordRow,
    StoryArticleRow,
    TimeMentionRow,
)

_EXTRACTED = (MentionRow, QuoteRow, ClaimRow, TimeMentionRow, EventRow)
_Row = TypeVar("_Row", MentionRow, QuoteRow, ClaimRow, TimeMentionRow, EventRow)
_Key = TypeVar("_Key", int, str)
_WORD = re.compile(r"\w+")
# Above every character: ``prefix + _LAST`` bounds the words that start with ``prefix``.
_LAST = "\U0010ffff"


class EntityNotFound(EverysideError):
    """No entity with the given id."""

    def __init__(self, entity_id: str) -> None:
        super().__init__(f"no entity with id {entity_id!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class EntitySummary:
    """An entity with how often and in how many articles it is mentioned."""

    entity: Entity
    mentions: int
    articles: int


def articles_to_analyze(session: Session, version: str, *, limit: int | None = None) -> list[str]:
    """Ids of articles not yet analyzed by this version, in arrival order."""
    done = select(AnalysisRow.article_id).where(AnalysisRow.version == version)
    statement = (
        select(ArticleRow.id)
        .where(ArticleRow.id.not_in(done))
        .order_by(ArticleRow.ingested_at, ArticleRow.id)
        .limit(limit)
    )
    return list(session.scalars(statement))


def save_analyses(session: Session, analyses: Sequence[ArticleAnalysis], version: str) -> None:
    """Replace articles' analyses with new ones (entities are merged, not replaced).

    A few multi-row statements for the whole batch, not one ORM object per record:
    storing is the part of a multi-process analysis that runs in one process.
    """
    if not analyses:
        return
    article_ids = [analysis.article_id for analysis in analyses]
    replaced = _entity_counts(session, article_ids)
    session.execute(
        delete(SpeakerWordRow).where(
            SpeakerWordRow.quote_id.in_(
                select(QuoteRow.id).where(QuoteRow.article_id.in_(article_ids))
            )
        )
    )
    for model in (*_EXTRACTED, AnalysisRow):
        session.execute(delete(model).where(model.article_id.in_(article_ids)))
    found: dict[str, Entity] = {}
    for analysis in analyses:
        for entity in analysis.entities.values():
            found.setdefault(entity.id, entity)  # the first article's version, as stored first
    stored = set(session.scalars(select(EntityRow.id).where(EntityRow.id.in_(found))))
    new = [entity for entity in found.values() if entity.id not in stored]
    _insert(
        session,
        EntityRow,
        [
            {
                "id": entity.id,
                "name": entity.name,
                "kind": entity.kind,
                "country_code": entity.country_code,
                "aliases": list(entity.aliases),
            }
            for entity in new
        ],
    )
    _insert(
        session,
        EntityWordRow,
        [{"word": word, "entity_id": e.id} for e in new for word in name_words(e.name)],
    )
    _insert(
        session,
        MentionRow,
        [
            {**_span(m), "label": m.label, "entity_id": m.entity_id}
            for analysis in analyses
            for m in analysis.mentions
        ],
    )
    _insert(
        session,
        QuoteRow,
        [
            {
                **_span(q),
                "kind": q.kind.value,
                "speaker_text": q.speaker_text,
                "speaker_entity_id": q.speaker_entity_id,
                "speaker_start": q.speaker_span.start if q.speaker_span else None,
                "speaker_end": q.speaker_span.end if q.speaker_span else None,
                "cue": q.cue,
                "medium": q.medium,
            }
            for analysis in analyses
            for q in analysis.quotes
        ],
    )
    _insert(
        session,
        ClaimRow,
        [
            {
                **_span(c),
                "value": c.value,
                "unit": c.unit,
                "low": c.low,
                "qualifier": c.qualifier,
                "about": c.about,
                "time_text": c.time_text,
                "time_value": c.time_value,
            }
            for analysis in analyses
            for c in analysis.claims
        ],
    )
    _insert(
        session,
        TimeMentionRow,
        [
            {**_span(t), "value": t.value, "granularity": t.granularity}
            for analysis in analyses
            for t in analysis.times
        ],
    )
    _insert(session, EventRow, [_event_values(e) for analysis in analyses for e in analysis.events])
    _keep_entity_counts(session, replaced, _entity_counts(session, article_ids))
    _insert(
        session,
        SpeakerWordRow,
        [
            {"word": word, "quote_id": quote_id}
            for quote_id, text in session.execute(
                select(QuoteRow.id, QuoteRow.speaker_text).where(
                    QuoteRow.article_id.in_(article_ids), QuoteRow.speaker_text.is_not(None)
                )
            )
            for word in name_words(text)
        ],
    )
    analyzed_at = datetime.now(UTC)
    _insert(
        session,
        AnalysisRow,
        [
            {"article_id": article_id, "version": version, "analyzed_at": analyzed_at}
            for article_id in article_ids
        ],
    )


def name_words(text: str) -> set[str]:
    """The words a name is found by: lowercased runs of letters and digits."""
    return set(_WORD.findall(text.lower()))


def mention_counts() -> Select[tuple[str | None, int, int]]:
    """Each mentioned entity's mention and article counts, counted from the mentions."""
    return (
        select(
            MentionRow.entity_id,
            func.count().label("mentions"),
            func.count(func.distinct(MentionRow.article_id)).label("articles"),
        )
        .where(MentionRow.entity_id.is_not(None))
        .group_by(MentionRow.entity_id)
    )


def _entity_counts(session: Session, article_ids: list[str]) -> dict[str, tuple[int, int]]:
    """Entity id -> (mentions, articles) in these articles' stored mentions."""
    rows = session.execute(mention_counts().where(MentionRow.article_id.in_(article_ids)))
    return {str(entity_id): (mentions, articles) for entity_id, mentions, articles in rows}


def _keep_entity_counts(
    session: Session, before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> None:
    """Move the kept counts by what replacing some articles' mentions changed."""
    changes = []
    for entity_id in sorted(before.keys() | after.keys()):  # sorted: one lock order
        old, new = before.get(entity_id, (0, 0)), after.get(entity_id, (0, 0))
        if old != new:
            changes.append(
                {
                    "key": entity_id,
                    "added_mentions": new[0] - old[0],
                    "added_articles": new[1] - old[1],
                }
            )
    if changes:
        session.connection().execute(
            update(EntityRow)
            .where(EntityRow.id == bindparam("key"))
            .values(
                mentions=EntityRow.mentions + bindparam("added_mentions"),
                articles=EntityRow.articles + bindparam("added_articles"),
            ),
            changes,
        )


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert rows in one executemany (none: no statement)."""
    if rows:
        session.execute(insert(model), rows)


def _event_values(event: Event) -> dict[str, Any]:
    return {
        "article_id": event.article_id,
        "start": event.span.start,
        "end": event.span.end,
        "text": event.action,
        "source_actor": event.source_actor,
        "action": event.action,
        "target_actor": event.target_actor,
        "cameo_code": event.cameo_code,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "plover": event.plover,
        "source_entity_id": event.source_entity_id,
        "target_entity_id": event.target_entity_id,
        "action_start": event.action_span.start if event.action_span else None,
        "action_end": event.action_span.end if event.action_span else None,
        "mood": event.mood.value,
        "location": event.location,
        "occurred_on": event.occurred_on,
    }


def event_of(row: EventRow) -> Event:
    """The Event a stored row holds."""
    return Event(
        article_id=row.article_id,
        span=Span(row.start, row.end),
        source_actor=row.source_actor,
        action=row.action,
        target_actor=row.target_actor,
        cameo_code=row.cameo_code,
        goldstein=row.goldstein,
        quad_class=row.quad_class,
        plover=row.plover,
        source_entity_id=row.source_entity_id,
        target_entity_id=row.target_entity_id,
        action_span=_optional_span(row.action_start, row.action_end),
        mood=EventMood(row.mood),
        location=row.location,
        occurred_on=row.occurred_on,
    )


def _span(record: Mention | Quote | Claim | TimeMention) -> dict[str, object]:
    return {
        "article_id": record.article_id,
        "start": record.span.start,
        "end": record.span.end,
        "text": record.text,
    }


def load_analysis(session: Session, article_id: str) -> ArticleAnalysis:
    """Everything stored about one article's analysis."""
    return load_analyses(session, [article_id])[0]


def load_analyses(session: Session, article_ids: Sequence[str]) -> list[ArticleAnalysis]:
    """The stored analyses of several articles, in their order: six queries in all."""
    mentions = _rows(session, MentionRow, article_ids)
    # entity id -> the articles that mention it
    mentioned_in: dict[str, set[str]] = {}
    for article_id, rows in mentions.items():
        for m in rows:
            if m.entity_id:
                mentioned_in.setdefault(m.entity_id, set()).add(article_id)
    entities: dict[str, dict[str, Entity]] = {article_id: {} for article_id in article_ids}
    for row in session.scalars(select(EntityRow).where(EntityRow.id.in_(mentioned_in))):
        entity = _entity(row)
        for article_id in mentioned_in[row.id]:
            entities[article_id][row.id] = entity
    quotes = _rows(session, QuoteRow, article_ids)
    claims = _rows(session, ClaimRow, article_ids)
    times = _rows(session, TimeMentionRow, article_ids)
    events = _rows(session, EventRow, article_ids)
    results = []
    for article_id in article_ids:
        found = mentions.get(article_id, [])
        results.append(
            ArticleAnalysis(
                article_id=article_id,
                entities=entities[article_id],
                mentions=[mention_from(article_id, r) for r in found],
                quotes=[_quote(r) for r in quotes.get(article_id, [])],
                claims=[
                    claim_from(article_id, r, time_text=r.time_text, time_value=r.time_value)
                    for r in claims.get(article_id, [])
                ],
                times=[time_from(article_id, r) for r in times.get(article_id, [])],
                events=[event_of(r) for r in events.get(article_id, [])],
            )
        )
    return results


def _rows(session: Session, model: type[_Row], article_ids: Sequence[str]) -> dict[str, list[_Row]]:
    """The rows of ``model`` for these articles, each article's in text order."""
    statement = (
        select(model)
        .where(model.article_id.in_(article_ids))
        .order_by(model.article_id, model.start)
    )
    found: dict[str, list[_Row]] = {}
    for row in session.scalars(statement):
        found.setdefault(row.article_id, []).append(row)
    return found


def _entity(row: EntityRow) -> Entity:
    return Entity(
        id=row.id,
        name=row.name,
        kind=row.kind,
        aliases=list(row.aliases),
        country_code=row.country_code,
    )


def _optional_span(start: int | None, end: int | None) -> Span | None:
    """A span from two nullable columns."""
    return Span(start, end) if start is not None and end is not None else None


def _quote(row: QuoteRow) -> Quote:
    return Quote(
        article_id=row.article_id,
        span=Span(row.start, row.end),
        text=row.text,
        kind=QuoteKind(row.kind),
        speaker_text=row.speaker_text,
        speaker_entity_id=row.speaker_entity_id,
        speaker_span=_optional_span(row.speaker_start, row.speaker_end),
        cue=row.cue,
        medium=row.medium,
    )


def _quotes_matching(
    speaker: str | None, article_id: str | None, story_id: str | None
) -> Select[tuple[QuoteRow, str]]:
    statement = select(QuoteRow, EntityRow.name).outerjoin(
        EntityRow, QuoteRow.speaker_entity_id == EntityRow.id
    )
    if speaker:
        statement = statement.where(QuoteRow.id.in_(_quotes_of_speaker(speaker)))
    if article_id:
        statement = statement.where(QuoteRow.article_id == article_id)
    if story_id:
        statement = statement.where(
            QuoteRow.article_id.in_(
                select(StoryArticleRow.article_id).where(StoryArticleRow.story_id == story_id)
            )
        )
    return statement


def _quotes_of_speaker(speaker: str) -> Select[tuple[int]]:
    """Ids of the quotes whose speaker entity has this id, or in whose speaker entity's
    name or speaker text each word of ``speaker`` starts a word (any case).

    Key ranges only (of ``entity_name_words`` and ``quote_speaker_words``), then the
    speaker entity's index: nothing scans the quotes or the entities.
    """
    words = name_words(speaker)
    named = _with_words(EntityWordRow.word, EntityWordRow.entity_id, words)
    entities = select(EntityRow.id).where(EntityRow.id == speaker).union(named)
    by_entity = select(QuoteRow.id).where(QuoteRow.speaker_entity_id.in_(entities))
    if not words:
        return by_entity
    by_text = _with_words(SpeakerWordRow.word, SpeakerWordRow.quote_id, words)
    return by_entity.union(by_text)  # type: ignore[return-value]


def _with_words(word: Mapped[str], key: Mapped[_Key], words: set[str]) -> Select[tuple[_Key]]:
    """The keys with, for each of ``words``, a word that starts with it (none without words)."""
    if not words:
        return select(key).where(false())
    # The longest prefix first: likely the narrowest range, which the others then filter.
    first, *others = sorted(words, key=lambda w: (-len(w), w))
    statement = _starting_with(word, key, first)
    for prefix in others:
        statement = statement.where(key.in_(_starting_with(word, key, prefix)))
    return statement


def _starting_with(word: Mapped[str], key: Mapped[_Key], prefix: str) -> Select[tuple[_Key]]:
    return select(key).where(word >= prefix, word < prefix + _LAST)


def list_quotes(
    session: Session,
    *,
    speaker: str | None = None,
    article_id: str | None = None,
    story_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[tuple[Quote, str | None]]:
    """Quotes with their speaker's canonical name, by speaker (name or id), article or story."""
    statement = (
        _quotes_matching(speaker, article_id, story_id)
        .order_by(QuoteRow.article_id, QuoteRow.start, QuoteRow.id)
        .limit(limit)
        .offset(offset)
    )
    return [(_quote(row), name) for row, name in session.execute(statement)]


def count_quotes(
    session: Session,
    *,
    speaker: str | None = None,
    article_id: str | None = None,
    story_id: str | None = None,
) -> int:
    """How many quotes :func:`list_quotes` would list with the same filters and no limit."""
    matching = _quotes_matching(speaker, article_id, story_id).subquery()
    return session.scalar(select(func.count()).select_from(matching)) or 0


def _summary(row: EntityRow) -> EntitySummary:
    return EntitySummary(entity=_entity(row), mentions=row.mentions, articles=row.articles)


def _mentioned(kind: str | None) -> ColumnElement[bool]:
    """Entities some article mentions, of this kind when given (the kept counts say)."""
    mentioned = EntityRow.articles > 0
    return mentioned & (EntityRow.kind == kind.upper()) if kind else mentioned


def list_entities(
    session: Session, *, kind: str | None = None, limit: int = 50, offset: int = 0
) -> list[EntitySummary]:
    """Entities by how many articles mention them, most first."""
    statement = (
        select(EntityRow)
        .where(_mentioned(kind))
        .order_by(EntityRow.articles.desc(), EntityRow.name, EntityRow.id)
        .limit(limit)
        .offset(offset)
    )
    return [_summary(row) for row in session.scalars(statement)]


def count_entities(session: Session, *, kind: str | None = None) -> int:
    """How many entities :func:`list_entities` would list with no limit."""
    statement = select(func.count()).select_from(EntityRow).where(_mentioned(kind))
    return session.scalar(statement) or 0


def get_entity(session: Session, entity_id: str) -> EntitySummary:
    """One entity with its counts; raises EntityNotFound when no article mentions it."""
    row = session.get(EntityRow, entity_id)
    if row is None or row.articles == 0:
        raise EntityNotFound(entity_id)
    return _summary(row)


def _counted(count: ColumnElement[int]) -> ScalarSelect[int]:
    """A count over each entity's own mentions, for a correlated update."""
    return select(count).where(MentionRow.entity_id == EntityRow.id).scalar_subquery()


def recount_entities(session: Session) -> None:
    """Set every entity's kept counts to a count of its mentions (repairs drifted counts)."""
    session.execute(
        update(EntityRow).values(
            mentions=_counted(func.count(MentionRow.id)),
            articles=_counted(func.count(func.distinct(MentionRow.article_id))),
        )
    )


def entities_by_id(session: Session, entity_ids: set[str]) -> dict[str, Entity]:
    """The stored entities with these ids."""
    rows = session.scalars(select(EntityRow).where(EntityRow.id.in_(entity_ids)))
    return {row.id: _entity(row) for row in rows}
