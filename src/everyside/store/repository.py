"""Read and write articles. Every function takes the caller's Session; the caller commits."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, func, literal, select, true, tuple_
from sqlalchemy.orm import Session

from everyside.errors import ArticleNotFound, EverysideError
from everyside.model import (
    Article,
    Boilerplate,
    BoilerplateKind,
    DuplicateKind,
    Outlet,
    SourceRef,
    as_utc,
)
from everyside.store.dialects import FullTextIndex, SearchHit
from everyside.store.models import ArticleRow, ArticleSourceRow, OutletRow, StoryArticleRow

# Full-text matches looked at when a search is also filtered or paged: the best this many.
SEARCH_DEPTH = 1000


class CopyStatus(StrEnum):
    """What reading an already stored text again did."""

    EXACT_DUPLICATE = "exact_duplicate"
    ALREADY_STORED = "already_stored"


class BadCursor(EverysideError):
    """A page cursor that is not one :meth:`ArticleCursor.encode` wrote."""

    def __init__(self, text: str) -> None:
        super().__init__(f"not a page cursor: {text[:40]!r}; pass on the 'next' of a page")


@dataclass(frozen=True, slots=True)
class ArticleCursor:
    """Where a page of the newest-first list ended: its last article's place in that order.

    The next page starts right after it, found by the index of that order
    (``ix_articles_newest``) however deep it is, where an offset walks every row before.
    """

    published_at: datetime | None
    ingested_at: datetime
    article_id: str

    def encode(self) -> str:
        """The cursor as an opaque, URL-safe string."""
        published = self.published_at.isoformat() if self.published_at else None
        data = [published, self.ingested_at.isoformat(), self.article_id]
        text = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
        return text.decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> ArticleCursor:
        """The cursor :meth:`encode` wrote; raises BadCursor for anything else."""
        try:
            data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            published, ingested, article_id = json.loads(data)
            return cls(
                datetime.fromisoformat(published) if published is not None else None,
                datetime.fromisoformat(ingested),
                str(article_id),
            )
        except (binascii.Error, ValueError, TypeError) as error:
            raise BadCursor(text) from error

    @classmethod
    def of(cls, row: ArticleRow) -> ArticleCursor:
        """The cursor just after a stored article (its times in UTC, as they are stored)."""
        return cls(as_utc(row.published_at), as_utc(row.ingested_at) or row.ingested_at, row.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFilter:
    """Which articles to list; ``after`` starts the list after a cursor, before the offset."""

    outlet: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    story: str | None = None
    limit: int = 50
    offset: int = 0
    after: ArticleCursor | None = None


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """One page of matching articles (each with its search hit when searched) and the total.

    ``next`` is where the following page starts, when the page was full and not a search.
    """

    items: list[tuple[Article, SearchHit | None]]
    total: int
    next: ArticleCursor | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceSighting:
    """One place an article's exact text was read from."""

    locator: str
    format: str
    url: str | None
    outlet: str | None
    seen_at: datetime


def _outlet_id(session: Session, outlet: Outlet | None) -> int | None:
    if outlet is None:
        return None
    row = session.scalar(select(OutletRow).where(OutletRow.name == outlet.name))
    if row is None:
        row = OutletRow(name=outlet.name, domain=outlet.domain, country=outlet.country)
        session.add(row)
        session.flush()
    else:
        row.domain = row.domain or outlet.domain
        row.country = row.country or outlet.country
    return row.id


def find_by_hash(session: Session, content_hash: str) -> str | None:
    """The id of the article with this content hash, if stored."""
    return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))


def record_copy(session: Session, article_id: str, article: Article) -> CopyStatus:
    """Record that an exact copy of a stored article was read from ``article.source``.

    The copy's outlet and URL are kept as another source of the stored article, so
    nothing is lost and no second article is made. Reading the same place again
    changes nothing.
    """
    seen = session.scalar(
        select(ArticleSourceRow.id).where(
            ArticleSourceRow.article_id == article_id,
            ArticleSourceRow.locator == article.source.locator,
        )
    )
    if seen is not None:
        return CopyStatus.ALREADY_STORED
    outlet_id = _outlet_id(session, article.outlet)
    session.add(_source_row(article_id, article, outlet_id, datetime.now(UTC)))
    return CopyStatus.EXACT_DUPLICATE


def add_article(
    session: Session, fulltext: FullTextIndex, article: Article, *, minhash: bytes | None = None
) -> None:
    """Insert a new article, its first source and its full-text entry."""
    now = datetime.now(UTC)
    outlet_id = _outlet_id(session, article.outlet)
    session.add(
        ArticleRow(
            id=article.id,
            content_hash=article.content_hash,
            title=article.title,
            body=article.body,
            url=article.url,
            outlet_id=outlet_id,
            place=article.place,
            author=article.author,
            published_at=as_utc(article.published_at),
            view_count=article.view_count,
            language=article.language,
            language_confidence=article.language_confidence,
            boilerplate=[{"kind": b.kind.value, "text": b.text} for b in article.boilerplate],
            duplicate_of=article.duplicate_of,
            duplicate_kind=article.duplicate_kind.value if article.duplicate_kind else None,
            duplicate_similarity=article.duplicate_similarity,
            minhash=minhash,
            source_locator=article.source.locator,
            source_format=article.source.format,
            ingested_at=now,
        )
    )
    session.flush()
    session.add(_source_row(article.id, article, outlet_id, now))
    fulltext.add(session.connection(), article.id, article.title, article.body)


def _source_row(
    article_id: str, article: Article, outlet_id: int | None, now: datetime
) -> ArticleSourceRow:
    return ArticleSourceRow(
        article_id=article_id,
        locator=article.source.locator,
        format=article.source.format,
        url=article.url,
        outlet_id=outlet_id,
        seen_at=now,
    )


def to_article(row: ArticleRow) -> Article:
    """The model record of a stored article."""
    return Article(
        id=row.id,
        title=row.title,
        body=row.body,
        content_hash=row.content_hash,
        source=SourceRef(locator=row.source_locator, format=row.source_format),
        outlet=(
            Outlet(name=row.outlet.name, domain=row.outlet.domain, country=row.outlet.country)
            if row.outlet
            else None
        ),
        url=row.url,
        place=row.place,
        author=row.author,
        published_at=as_utc(row.published_at),
        view_count=row.view_count,
        language=row.language,
        language_confidence=row.language_confidence,
        boilerplate=[
            Boilerplate(kind=BoilerplateKind(item["kind"]), text=item["text"])
            for item in row.boilerplate
        ],
        duplicate_of=row.duplicate_of,
        duplicate_kind=DuplicateKind(row.duplicate_kind) if row.duplicate_kind else None,
        duplicate_similarity=row.duplicate_similarity,
    )


def get_article(session: Session, id_or_prefix: str) -> Article:
    """The article with this id, or the only one whose id starts with the given prefix."""
    rows = session.scalars(
        select(ArticleRow).where(ArticleRow.id.startswith(id_or_prefix, autoescape=True)).limit(2)
    ).all()
    if not rows:
        raise ArticleNotFound(id_or_prefix)
    if len(rows) > 1:
        raise EverysideError(f"article id prefix {id_or_prefix!r} is ambiguous; give more digits")
    return to_article(rows[0])


def get_articles(session: Session, ids: list[str]) -> list[Article]:
    """The articles with these exact ids, in the order given (unknown ids are left out)."""
    rows = {
        row.id: row
        for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids))).unique()
    }
    return [to_article(rows[i]) for i in ids if i in rows]


def article_texts(session: Session, ids: list[str]) -> list[tuple[str, str | None]]:
    """Each article's title and body as one text, with its language, in the order given.

    Only the three columns: a story's summary reads every member's text at each change.
    """
    rows = {
        article_id: (f"{title or ''}\n{body}", language)
        for article_id, title, body, language in session.execute(
            select(ArticleRow.id, ArticleRow.title, ArticleRow.body, ArticleRow.language).where(
                ArticleRow.id.in_(ids)
            )
        )
    }
    return [rows[i] for i in ids if i in rows]


_T = TypeVar("_T", bound=tuple[Any, ...])


def _matching(statement: Select[_T], query: ArticleFilter) -> Select[_T]:
    """The statement kept to articles of the filter's outlet, language, dates and story."""
    if query.outlet:
        statement = statement.join(OutletRow, ArticleRow.outlet_id == OutletRow.id).where(
            func.lower(OutletRow.name) == query.outlet.lower()
        )
    if query.language:
        statement = statement.where(ArticleRow.language == query.language)
    if query.since:
        statement = statement.where(ArticleRow.published_at >= as_utc(query.since))
    if query.until:
        statement = statement.where(ArticleRow.published_at < as_utc(query.until))
    if query.story:
        statement = statement.where(
            ArticleRow.id.in_(
                select(StoryArticleRow.article_id).where(StoryArticleRow.story_id == query.story)
            )
        )
    return statement


# The newest-first order (undated articles last), which ix_articles_newest holds.
_NEWEST_FIRST = (
    ArticleRow.published_at.is_(None),
    ArticleRow.published_at.desc(),
    ArticleRow.ingested_at,
    ArticleRow.id,
)


def _after(cursor: ArticleCursor) -> list[tuple[list[ColumnElement[bool]], list[Any]]]:
    """The articles after the cursor as up to three runs, each a range of the index.

    Each run's condition pins the index's first column (dated or not) and its order
    leaves that column out: so SQLite walks ``ix_articles_newest`` from the cursor on,
    where one condition with OR would scan the index from its start.
    """
    dated, undated = ArticleRow.published_at.is_(None) == false(), ArticleRow.published_at.is_(None)
    later = tuple_(ArticleRow.ingested_at, ArticleRow.id) > tuple_(
        literal(cursor.ingested_at, ArticleRow.ingested_at.type),
        literal(cursor.article_id, ArticleRow.id.type),
    )
    by_arrival = [ArticleRow.ingested_at, ArticleRow.id]
    if cursor.published_at is None:
        return [([undated == true(), undated, later], by_arrival)]
    return [
        ([dated, ArticleRow.published_at == cursor.published_at, later], by_arrival),
        ([dated, ArticleRow.published_at < cursor.published_at], list(_NEWEST_FIRST[1:])),
        ([undated == true(), undated], by_arrival),
    ]


def _newest_first(session: Session, query: ArticleFilter) -> list[ArticleRow]:
    if query.after is None:
        statement = _matching(select(ArticleRow), query).order_by(*_NEWEST_FIRST)
        return list(session.scalars(statement.limit(query.limit).offset(query.offset)).unique())
    wanted = query.offset + query.limit
    rows: list[ArticleRow] = []
    for conditions, order in _after(query.after):
        if len(rows) >= wanted:
            break
        statement = _matching(select(ArticleRow), query).where(*conditions).order_by(*order)
        rows += session.scalars(statement.limit(wanted - len(rows))).unique()
    return rows[query.offset :]


def list_articles(session: Session, query: ArticleFilter) -> list[Article]:
    """Articles matching the filter, newest publication first."""
    return [to_article(row) for row in _newest_first(session, query)]


def count_articles(session: Session, query: ArticleFilter | None = None) -> int:
    """How many articles are stored, or match the filter (its limit and offset aside)."""
    statement = _matching(select(ArticleRow.id), query or ArticleFilter())
    return session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def find_articles(
    session: Session, fulltext: FullTextIndex, query: ArticleFilter, *, text: str | None = None
) -> ArticlePage:
    """A page of articles matching the filter and, when given, a full-text query.

    Without ``text`` the order is that of :func:`list_articles`; with it, best match
    first among the best :data:`SEARCH_DEPTH` matches, which bounds the total too.
    """
    if not text:
        rows = _newest_first(session, query)
        following = ArticleCursor.of(rows[-1]) if rows and len(rows) == query.limit else None
        items: list[tuple[Article, SearchHit | None]] = [(to_article(row), None) for row in rows]
        return ArticlePage(items, count_articles(session, query), following)
    hits = fulltext.search(session.connection(), text, SEARCH_DEPTH)
    allowed = set(
        session.scalars(
            _matching(select(ArticleRow.id), query).where(
                ArticleRow.id.in_([hit.article_id for hit in hits])
            )
        )
    )
    kept = [hit for hit in hits if hit.article_id in allowed]
    page = kept[query.offset : query.offset + query.limit]
    found = {a.id: a for a in get_articles(session, [hit.article_id for hit in page])}
    return ArticlePage([(found[hit.article_id], hit) for hit in page], len(kept))


def search_articles(
    session: Session, fulltext: FullTextIndex, query: str, *, limit: int = 20
) -> list[tuple[Article, SearchHit]]:
    """Articles matching a full-text query, best first, each with its snippet."""
    hits = fulltext.search(session.connection(), query, limit)
    rows = {
        row.id: row
        for row in session.scalars(
            select(ArticleRow).where(ArticleRow.id.in_([hit.article_id for hit in hits]))
        ).unique()
    }
    return [(to_article(rows[hit.article_id]), hit) for hit in hits if hit.article_id in rows]


def article_sources(session: Session, article_id: str) -> list[SourceSighting]:
    """Every place the article's exact text was read from, first first."""
    rows = session.scalars(
        select(ArticleSourceRow)
        .where(ArticleSourceRow.article_id == article_id)
        .order_by(ArticleSourceRow.seen_at, ArticleSourceRow.id)
    ).unique()
    return [
        SourceSighting(
            locator=row.locator,
            format=row.format,
            url=row.url,
            outlet=row.outlet.name if row.outlet else None,
            seen_at=row.seen_at,
        )
        for row in rows
    ]


def article_titles(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """The titles of articles by id, without reading their bodies."""
    rows = session.execute(select(ArticleRow.id, ArticleRow.title).where(ArticleRow.id.in_(ids)))
    return dict(rows.tuples().all())
