"""Store and read what the watcher keeps: feed state, alerts raised, and how far its rules got."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from everyside.model import StorySummary, as_utc
from everyside.store.models import (
    AlertRow,
    ArticleRow,
    EntityRow,
    EventRow,
    FeedStateRow,
    MentionRow,
    OutletRow,
    StoryArticleRow,
    StoryRow,
    WatchMarkRow,
)

# The mark holding the last story assignment (StoryArticleRow.sequence) the rules checked.
RULES_MARK = "rules"


@dataclass(slots=True, kw_only=True)
class FeedState:
    """What the watcher knows about one feed between polls."""

    url: str
    outlet: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_success: datetime | None = None
    last_error: datetime | None = None
    error: str | None = None
    failures: int = 0
    items_seen: int = 0
    next_poll: datetime | None = None
    item_keys: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict without the item keys (times as ISO 8601 strings)."""
        return {
            "url": self.url,
            "outlet": self.outlet,
            "last_success": _iso(self.last_success),
            "last_error": _iso(self.last_error),
            "error": self.error,
            "failures": self.failures,
            "items_seen": self.items_seen,
            "next_poll": _iso(self.next_poll),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """An alert: ``key`` names what it is about, so the same alert is never raised twice."""

    key: str
    rule: str
    kind: str
    title: str
    text: str
    story_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    created_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, as webhooks and the API send it."""
        return {
            "id": self.id,
            "rule": self.rule,
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "story_id": self.story_id,
            "data": self.data,
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryFacts:
    """What the alert rules look at in one story: coverage over time and what it mentions."""

    id: str
    headline: str
    # (publication time, else ingest time; outlet; language), one per article
    coverage: tuple[tuple[datetime, str | None, str | None], ...]
    text: str  # titles and bodies, for keyword rules
    entities: frozenset[str]  # entity ids and names
    actors: frozenset[str]
    event_codes: frozenset[str]

    @property
    def outlets(self) -> frozenset[str]:
        """Every named outlet that covered the story."""
        return frozenset(outlet for _, outlet, _ in self.coverage if outlet)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _state(row: FeedStateRow) -> FeedState:
    return FeedState(
        url=row.url,
        outlet=row.outlet,
        etag=row.etag,
        last_modified=row.last_modified,
        last_success=as_utc(row.last_success),
        last_error=as_utc(row.last_error),
        error=row.error,
        failures=row.failures,
        items_seen=row.items_seen,
        next_poll=as_utc(row.next_poll),
        item_keys=list(row.item_keys or []),
    )


def get_feed_state(session: Session, url: str) -> FeedState | None:
    """The state of one feed, or None before its first poll."""
    row = session.get(FeedStateRow, url)
    return _state(row) if row is not None else None


def feed_states(session: Session) -> list[FeedState]:
    """The state of every feed ever polled, by URL."""
    return [_state(row) for row in session.scalars(select(FeedStateRow).order_by(FeedStateRow.url))]


def save_feed_state(session: Session, state: FeedState) -> None:
    """Write a feed's state (creating it on the first poll)."""
    session.merge(
        FeedStateRow(
            url=state.url,
            outlet=state.outlet,
            etag=state.etag,
            last_modified=state.last_modified,
            last_success=state.last_success,
            last_error=state.last_error,
            error=state.error,
            failures=state.failures,
            items_seen=state.items_seen,
            next_poll=state.next_poll,
            item_keys=state.item_keys,
        )
    )


def alert_digest(key: str) -> str:
    """The fixed-length form of an alert key that the store indexes."""
    return hashlib.sha256(key.encode()).hexdigest()


def record_alert(session: Session, alert: Alert, *, aliases: Sequence[str] = ()) -> Alert | None:
    """Keep a new alert and return it with its id; None when it was raised before.

    ``aliases`` are the ids of stories merged into the alert's story: an alert already
    raised about one of them (the same key, naming that story instead) is not raised
    again, so a story that only changed id through a merge does not alert twice.
    """
    digest = alert_digest(alert.key)
    digests = [digest]
    if alert.story_id is not None:
        named = f"\x00{alert.story_id}"
        digests += [alert_digest(alert.key.replace(named, f"\x00{a}", 1)) for a in aliases]
    if session.scalar(select(AlertRow.id).where(AlertRow.key.in_(digests)).limit(1)) is not None:
        return None
    row = AlertRow(
        key=digest,
        rule=alert.rule,
        kind=alert.kind,
        story_id=alert.story_id,
        title=alert.title,
        text=alert.text,
        data=alert.data,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _alert(row, alert.key)


def _alert(row: AlertRow, key: str | None = None) -> Alert:
    return Alert(
        key=key or row.key,
        rule=row.rule,
        kind=row.kind,
        title=row.title,
        text=row.text,
        story_id=row.story_id,
        data=dict(row.data),
        id=row.id,
        created_at=as_utc(row.created_at),
    )


def undelivered_alerts(session: Session) -> list[Alert]:
    """Alerts recorded but not yet delivered (the watcher stopped in between), oldest first."""
    statement = select(AlertRow).where(AlertRow.delivered_at.is_(None)).order_by(AlertRow.id)
    return [_alert(row) for row in session.scalars(statement)]


def mark_delivered(session: Session, alert_id: int) -> None:
    """Note that an alert went out to every channel."""
    row = session.get(AlertRow, alert_id)
    if row is not None:
        row.delivered_at = datetime.now(UTC)


def count_alerts(session: Session, *, after_id: int = 0) -> int:
    """How many alerts are newer than ``after_id``."""
    statement = select(func.count()).select_from(AlertRow).where(AlertRow.id > after_id)
    return int(session.scalar(statement) or 0)


def recent_alerts(session: Session, *, limit: int = 50, after_id: int = 0) -> list[Alert]:
    """Alerts newer than ``after_id``, newest first."""
    statement = (
        select(AlertRow).where(AlertRow.id > after_id).order_by(AlertRow.id.desc()).limit(limit)
    )
    return [_alert(row) for row in session.scalars(statement)]


def latest_alert_id(session: Session) -> int:
    """The id of the newest alert, 0 when there is none."""
    return session.scalar(select(func.max(AlertRow.id))) or 0


def get_mark(session: Session, name: str) -> int:
    """A position the watcher recorded, 0 before the first."""
    return session.scalar(select(WatchMarkRow.value).where(WatchMarkRow.name == name)) or 0


def set_mark(session: Session, name: str, value: int) -> None:
    """Record a position the watcher reached."""
    session.merge(WatchMarkRow(name=name, value=value))


def latest_assignment(session: Session) -> int:
    """The sequence number of the newest story assignment, 0 when there is none."""
    return session.scalar(select(func.max(StoryArticleRow.sequence))) or 0


def stories_assigned_since(session: Session, sequence: int) -> list[str]:
    """Stories that gained an article after the given assignment, oldest gain first."""
    statement = (
        select(StoryArticleRow.story_id, func.min(StoryArticleRow.sequence))
        .where(StoryArticleRow.sequence > sequence)
        .group_by(StoryArticleRow.story_id)
        .order_by(func.min(StoryArticleRow.sequence))
    )
    # Merges can leave an assignment pointing at a story that is gone; only live ones count.
    live = set(session.scalars(select(StoryRow.id)))
    return [story_id for story_id, _ in session.execute(statement) if story_id in live]


def story_summaries(session: Session, story_ids: list[str]) -> list[StorySummary]:
    """The stored summaries of these stories, in the order given."""
    rows = {
        story_id: StorySummary.from_dict(summary)
        for story_id, summary in session.execute(
            select(StoryRow.id, StoryRow.summary).where(StoryRow.id.in_(story_ids))
        )
    }
    return [rows[story_id] for story_id in story_ids if story_id in rows]


def story_facts(session: Session, story_id: str) -> StoryFacts | None:
    """What the alert rules need to know about one story; None when it is gone."""
    story = session.get(StoryRow, story_id)
    if story is None:
        return None
    members = select(StoryArticleRow.article_id).where(StoryArticleRow.story_id == story_id)
    articles = session.execute(
        select(
            ArticleRow.title,
            ArticleRow.body,
            ArticleRow.published_at,
            ArticleRow.ingested_at,
            OutletRow.name,
            ArticleRow.language,
        )
        .outerjoin(OutletRow, OutletRow.id == ArticleRow.outlet_id)
        .where(ArticleRow.id.in_(members))
    ).all()
    entities = session.execute(
        select(EntityRow.id, EntityRow.name)
        .join(MentionRow, MentionRow.entity_id == EntityRow.id)
        .where(MentionRow.article_id.in_(members))
        .distinct()
    ).all()
    events = session.execute(
        select(EventRow.source_actor, EventRow.target_actor, EventRow.cameo_code).where(
            EventRow.article_id.in_(members)
        )
    ).all()
    return StoryFacts(
        id=story_id,
        headline=story.headline,
        coverage=tuple(
            sorted(
                (
                    (as_utc(published or ingested) or datetime.now(UTC), outlet, language)
                    for _, _, published, ingested, outlet, language in articles
                ),
                key=lambda seen: seen[0],
            )
        ),
        text="\n".join(f"{title}\n{body}" for title, body, *_ in articles),
        entities=frozenset(value for row in entities for value in row),
        actors=frozenset(
            actor for source, target, _ in events for actor in (source, target) if actor
        ),
        event_codes=frozenset(code for _, _, code in events if code),
    )
