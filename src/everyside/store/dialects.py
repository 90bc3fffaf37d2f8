"""Database adapters: the only home of dialect-specific SQL.

Everything else in the store uses SQLAlchemy's portable constructs, so the same schema
and queries run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

_WORD = re.compile(r"\w+")


def tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Set up each new SQLite connection (a SQLAlchemy ``connect`` event handler)."""
    # WAL lets readers work during an ingest; NORMAL sync keeps every commit durable
    # against a killed process (not against power loss), at a fraction of FULL's cost.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article that matches a query, with a highlighted snippet."""

    article_id: str
    snippet: str
    score: float


class FullTextIndex(Protocol):
    """What the store needs from a database's full-text search."""

    def create(self, connection: Connection) -> None:
        """Create the index structures (called by the migration)."""

    def drop(self, connection: Connection) -> None:
        """Remove the index structures (called when downgrading)."""

    def add(self, connection: Connection, article_id: str, title: str, body: str) -> None:
        """Index one article, in the caller's transaction."""

    def search(self, connection: Connection, query: str, limit: int) -> list[SearchHit]:
        """The best-matching articles for a query, best first."""


class SqliteFts5:
    """SQLite's FTS5 with diacritics folded, ranked by BM25 (title weighted above body)."""

    def create(self, connection: Connection) -> None:
        """Create the FTS5 table."""
        connection.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
                "article_id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
            )
        )

    def drop(self, connection: Connection) -> None:
        """Drop the FTS5 table."""
        connection.execute(text("DROP TABLE IF EXISTS articles_fts"))

    def add(self, connection: Connection, article_id: str, title: str, body: str) -> None:
        """Index one article."""
        connection.execute(
            text("INSERT INTO articles_fts (article_id, title, body) VALUES (:id, :title, :body)"),
            {"id": article_id, "title": title, "body": body},
        )

    def search(self, connection: Connection, query: str, limit: int) -> list[SearchHit]:
        """Run an FTS5 query; if its syntax is invalid, search for its words instead."""
        try:
            return self._run(connection, query, limit)
        except OperationalError:
            words = " ".join(f'"{word}"' for word in _WORD.findall(query))
            return self._run(connection, words, limit) if words else []

    def _run(self, connection: Connection, query: str, limit: int) -> list[SearchHit]:
        rows = connection.execute(
            text(
                "SELECT article_id, snippet(articles_fts, 2, '[', ']', '…', 12), "
                "bm25(articles_fts, 0.0, 5.0, 1.0) AS score FROM articles_fts "
                "WHERE articles_fts MATCH :query ORDER BY score LIMIT :limit"
            ),
            {"query": query, "limit": limit},
        )
        return [SearchHit(row[0], row[1], -float(row[2])) for row in rows]


class PortableLikeSearch:
    """Case-insensitive substring search for databases without an adapter yet."""

    def create(self, connection: Connection) -> None:
        """Nothing to create: it reads the articles table."""

    def drop(self, connection: Connection) -> None:
        """Nothing to drop."""

    def add(self, connection: Connection, article_id: str, title: str, body: str) -> None:
        """Nothing to index."""

    def search(self, connection: Connection, query: str, limit: int) -> list[SearchHit]:
        """Articles whose title or body contains every word of the query."""
        words = _WORD.findall(query.lower())
        if not words:
            return []
        clauses = " AND ".join(
            f"(lower(title) LIKE :w{i} OR lower(body) LIKE :w{i})" for i in range(len(words))
        )
        rows = connection.execute(
            text(f"SELECT id, title FROM articles WHERE {clauses} LIMIT :limit"),
            {**{f"w{i}": f"%{word}%" for i, word in enumerate(words)}, "limit": limit},
        )
        return [SearchHit(row[0], row[1], 0.0) for row in rows]


def fulltext_for(dialect: str) -> FullTextIndex:
    """The full-text adapter for a SQLAlchemy dialect name."""
    return SqliteFts5() if dialect == "sqlite" else PortableLikeSearch()
