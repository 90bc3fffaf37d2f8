"""SQLAlchemy 2 tables. Portable types only: dialect-specific SQL lives in ``dialects.py``.

Text read from inputs or derived from it (names, bylines, places, entity ids) is
unbounded ``Text``: SQLite never enforced a length, and PostgreSQL would refuse a
longer value that SQLite stored (migration 0005).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every everyside table."""


class OutletRow(Base):
    """A publisher, known by name."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    domain: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3))


class ArticleRow(Base):
    """A stored article; its id is derived from the hash of its normalized body."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    place: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    view_count: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    language_confidence: Mapped[float | None] = mapped_column(Float)
    boilerplate: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("articles.id"), index=True)
    duplicate_kind: Mapped[str | None] = mapped_column(String(8))
    duplicate_similarity: Mapped[float | None] = mapped_column(Float)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    source_locator: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    outlet: Mapped[OutletRow | None] = relationship(lazy="joined")


class NearDuplicateBandRow(Base):
    """One LSH band of an article's MinHash: articles sharing a (band, hash) are candidates.

    The hash covers the band's values and its width (``ingest.dedup.band_keys``); the
    key doubles as the (band, hash) index that finds an article's candidates.
    """

    __tablename__ = "near_duplicate_bands"
    __table_args__ = (
        PrimaryKeyConstraint("band", "hash", "article_id"),
        {"sqlite_with_rowid": False},
    )

    band: Mapped[int] = mapped_column(SmallInteger)
    hash: Mapped[int] = mapped_column(BigInteger)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"))


class NearDuplicateLayoutRow(Base):
    """A band width whose bands ``0 .. bands - 1`` every signed article has rows for."""

    __tablename__ = "near_duplicate_layouts"

    width: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    bands: Mapped[int] = mapped_column(SmallInteger)


# Article lists page newest first, undated last (repository.list_articles): an index in
# exactly that order lets a page skip rows without sorting the table (migration 0012).
Index(
    "ix_articles_newest",
    ArticleRow.published_at.is_(None),
    ArticleRow.published_at.desc(),
    ArticleRow.ingested_at,
    ArticleRow.id,
)


class ArticleSourceRow(Base):
    """Every place an article's exact text was read from: the first and each exact copy."""

    __tablename__ = "article_sources"
    __table_args__ = (UniqueConstraint("article_id", "locator"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    locator: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    outlet: Mapped[OutletRow | None] = relationship(lazy="joined")


class EntityRow(Base):
    """A canonical entity, known from the alias tables or found in articles."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    country_code: Mapped[str | None] = mapped_column(String(3))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Kept as analyses are saved (store/analysis.py), so that the entity list is an index
    # walk rather than a count of every mention (migration 0013).
    mentions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    articles: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# The entity list's order, most mentioned (in articles) first: of one kind, and of all.
Index(
    "ix_entities_kind_articles",
    EntityRow.kind,
    EntityRow.articles.desc(),
    EntityRow.name,
    EntityRow.id,
)
Index("ix_entities_articles", EntityRow.articles.desc(), EntityRow.name, EntityRow.id)


class AnalysisRow(Base):
    """That an article was analyzed, when, and by which version of the analysis."""

    __tablename__ = "analyses"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    analyzed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _Extracted:
    """Columns every extracted record has: its article and character span."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class MentionRow(_Extracted, Base):
    """A stretch of an article that refers to an entity."""

    __tablename__ = "mentions"

    label: Mapped[str | None] = mapped_column(String(16))
    # Indexed with the article (ix_mentions_entity_article): counts read the index alone.
    entity_id: Mapped[str | None] = mapped_column(Text, ForeignKey("entities.id"))


Index("ix_mentions_entity_article", MentionRow.entity_id, MentionRow.article_id)


class QuoteRow(_Extracted, Base):
    """Words attributed to a speaker."""

    __tablename__ = "quotes"

    kind: Mapped[str] = mapped_column(String(16))
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_entity_id: Mapped[str | None] = mapped_column(
        Text, ForeignKey("entities.id"), index=True
    )
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    medium: Mapped[str | None] = mapped_column(Text)


# Words of names, lowercased, compared byte by byte on both databases (collation "C" on
# PostgreSQL), so that ``word >= prefix AND word < prefix + U+10FFFF`` is exactly the
# words that start with the prefix: finding a name by its words is a key range each.
_WORD = Text().with_variant(Text(collation="C"), "postgresql")


class SpeakerWordRow(Base):
    """A word of a quote's speaker text (migration 0013)."""

    __tablename__ = "quote_speaker_words"
    __table_args__ = (
        PrimaryKeyConstraint("word", "quote_id"),
        {"sqlite_with_rowid": False},
    )

    word: Mapped[str] = mapped_column(_WORD)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)


class EntityWordRow(Base):
    """A word of an entity's canonical name (migration 0014); entity rows are never renamed."""

    __tablename__ = "entity_name_words"
    __table_args__ = (
        PrimaryKeyConstraint("word", "entity_id"),
        {"sqlite_with_rowid": False},
    )

    word: Mapped[str] = mapped_column(_WORD)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))


class ClaimRow(_Extracted, Base):
    """A number an article states."""

    __tablename__ = "claims"

    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(String(32))
    about: Mapped[str | None] = mapped_column(Text)
    time_text: Mapped[str | None] = mapped_column(Text)
    time_value: Mapped[date | None] = mapped_column(Date)


class TimeMentionRow(_Extracted, Base):
    """A time expression and the date it resolves to."""

    __tablename__ = "time_mentions"

    value: Mapped[date | None] = mapped_column(Date, index=True)
    granularity: Mapped[str | None] = mapped_column(String(16))


class EventRow(_Extracted, Base):
    """A coded actor-action-target event; its span is the sentence, ``text`` the action."""

    __tablename__ = "events"

    source_actor: Mapped[str | None] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(Text)
    target_actor: Mapped[str | None] = mapped_column(String(32), index=True)
    cameo_code: Mapped[str | None] = mapped_column(String(8), index=True)
    goldstein: Mapped[float | None] = mapped_column(Float)
    quad_class: Mapped[int | None] = mapped_column(Integer)
    plover: Mapped[str | None] = mapped_column(String(32))
    source_entity_id: Mapped[str | None] = mapped_column(Text)
    target_entity_id: Mapped[str | None] = mapped_column(Text)
    action_start: Mapped[int | None] = mapped_column(Integer)
    action_end: Mapped[int | None] = mapped_column(Integer)
    mood: Mapped[str] = mapped_column(String(16))
    location: Mapped[str | None] = mapped_column(Text)
    occurred_on: Mapped[date | None] = mapped_column(Date, index=True)


class ArticleFeaturesRow(Base):
    """An article's clustering features, computed once (terms, entities, embedding)."""

    __tablename__ = "article_features"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The sentence embedding as little-endian float32 bytes, out of the JSON: 2 kB instead
    # of ~8 kB of text, read back exactly as computed (migration 0015).
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)


class StoryRow(Base):
    """A story: articles about one real-world event, with its summary."""

    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    headline: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, index=True)
    first_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Read from the summary when it is saved (store/stories.py), so that listings sort
    # and filter by coverage in SQL: outlets, languages, the coverage score, and the
    # score with its recency decay folded in (migration 0008).
    outlet_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    language_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    coverage: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    coverage_rank: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")


# Listings page through stories most recent first, undated ones last: an index in exactly
# that order lets deep pages skip rows without sorting the table. Migration 0007 writes
# it without NULLS LAST on SQLite, which sorts NULL last in a descending index already
# and rejects the clause there.
Index("ix_stories_recent", StoryRow.last_seen.desc().nulls_last(), StoryRow.id)
# The river's default order (coverage, newer first) and the widest coverage of any age.
Index("ix_stories_coverage_rank", StoryRow.coverage_rank.desc(), StoryRow.id)
Index(
    "ix_stories_widest",
    StoryRow.coverage.desc(),
    StoryRow.last_seen.desc().nulls_last(),
    StoryRow.id,
)


class StoryArticleRow(Base):
    """Which story an article is in, in the order the stream assigned it."""

    __tablename__ = "story_articles"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(32), index=True)
    probability: Mapped[float] = mapped_column(Float)
    sequence: Mapped[int] = mapped_column(Integer, index=True)


class DocumentFrequencyRow(Base):
    """How many articles in stories hold a term or an entity, kept as they are assigned.

    ``kind`` is ``term`` or ``entity``; the one row of kind ``documents`` (empty key)
    counts the articles, and its absence means the counts were never kept (migration
    0011): clustering then counts them once. Streaming starts from these instead of
    recounting every stored article's features.
    """

    __tablename__ = "document_frequencies"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    df: Mapped[int] = mapped_column(Integer)


class StoryChangeRow(Base):
    """A merge or split of stories, recorded rather than made silently."""

    __tablename__ = "story_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FeedStateRow(Base):
    """What the watcher knows about one feed: validators for conditional requests, health, timing.

    ``item_keys`` holds the content hashes of the items the feed carried at its last
    successful fetch, so unchanged items are skipped without touching the articles.
    """

    __tablename__ = "watch_feeds"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    outlet: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_success: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    next_poll: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    item_keys: Mapped[list[str]] = mapped_column(JSON, default=list)


class AlertRow(Base):
    """An alert the watcher raised; its unique key is what keeps it from being sent twice."""

    __tablename__ = "watch_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    rule: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    story_id: Mapped[str | None] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WatchMarkRow(Base):
    """A named position the watcher has reached (the last story assignment its rules checked)."""

    __tablename__ = "watch_marks"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class StoryComparisonRow(Base):
    """A story's comparison as last computed, kept while its stamp still matches the story.

    ``stamp`` digests what the comparison was computed from (the members, their analyses,
    the analysis version, the options); a reader whose stamp differs recomputes it.
    Not tied to ``stories`` by a key: a rebuild deletes and rewrites stories freely.
    """

    __tablename__ = "story_comparisons"

    story_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
