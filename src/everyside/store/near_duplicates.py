"""The near-duplicate index kept in the store: LSH band keys of the stored MinHash signatures.

The store only keeps and looks up (band, hash) keys; computing them from a signature,
and deciding which candidate an article copies, is the ingest stage's business
(``ingest.dedup``), brought together with these functions by ``jobs.ingest``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from everyside.store.dialects import insert_skipping_existing, upsert
from everyside.store.models import ArticleRow, NearDuplicateBandRow, NearDuplicateLayoutRow


def band_layouts(session: Session) -> dict[int, int]:
    """Band width -> how many bands of that width every signed article has keys for."""
    statement = select(NearDuplicateLayoutRow.width, NearDuplicateLayoutRow.bands)
    return dict(session.connection().execute(statement).tuples().all())


def set_band_layout(session: Session, width: int, bands: int) -> None:
    """Record that every signed article has keys for bands ``0 .. bands - 1`` of ``width``."""
    values = {"width": width, "bands": bands}
    table = NearDuplicateLayoutRow.__table__
    session.execute(upsert(table, session.get_bind().dialect.name, values, "width"))  # type: ignore[arg-type]


def add_band_keys(session: Session, article_id: str, keys: Iterable[tuple[int, int]]) -> None:
    """Index an article under its (band, hash) keys; keys it already has are skipped."""
    rows = [{"band": band, "hash": hashed, "article_id": article_id} for band, hashed in keys]
    if rows:
        connection = session.connection()
        table = NearDuplicateBandRow.__table__
        insert = insert_skipping_existing(table, connection.dialect.name)  # type: ignore[arg-type]
        connection.execute(insert, rows)


def candidates(session: Session, keys: Iterable[tuple[int, int]]) -> list[tuple[str, bytes]]:
    """Articles holding any of these (band, hash) keys and their signatures, first stored first."""
    wanted = list(keys)
    if not wanted:
        return []
    values = {f"band_{i}": band for i, (band, _) in enumerate(wanted)}
    values |= {f"hash_{i}": hashed for i, (_, hashed) in enumerate(wanted)}
    rows = session.connection().execute(_candidates_statement(len(wanted)), values)
    return [(row.id, row.minhash) for row in rows]


@cache
def _candidates_statement(count: int) -> Select[tuple[str, bytes | None]]:
    """The candidates query for ``count`` keys, built once (building costs more than running)."""
    # An OR of pairs, not a row-value IN: SQLite scans the whole table for the latter.
    band, hashed = NearDuplicateBandRow.band, NearDuplicateBandRow.hash
    pairs = (
        and_(band == bindparam(f"band_{i}"), hashed == bindparam(f"hash_{i}")) for i in range(count)
    )
    matching = select(NearDuplicateBandRow.article_id).where(or_(*pairs))
    return (
        select(ArticleRow.id, ArticleRow.minhash)
        .where(ArticleRow.id.in_(matching), ArticleRow.minhash.is_not(None))
        .order_by(ArticleRow.ingested_at, ArticleRow.id)
    )


def signatures_after(session: Session, after: str, limit: int) -> list[tuple[str, bytes]]:
    """Up to ``limit`` stored signatures of articles whose id sorts after ``after``, by id."""
    statement = (
        select(ArticleRow.id, ArticleRow.minhash)
        .where(ArticleRow.minhash.is_not(None), ArticleRow.id > after)
        .order_by(ArticleRow.id)
        .limit(limit)
    )
    return [(row.id, row.minhash) for row in session.execute(statement)]
