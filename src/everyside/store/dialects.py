"""Database adapters: the only home of dialect-specific SQL.

Everything else in the store uses SQLAlchemy's portable constructs, so the same schema
and queries run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Column, Connection, Insert, Table, Text, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.types import String, TypeEngine

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")


# How long a SQLite writer waits for another process's write transaction to end before
# it gives up with StoreBusy: long enough for any one ingest or analysis transaction.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Set up each new SQLite connection (a SQLAlchemy ``connect`` event handler)."""
    # WAL lets readers work during an ingest; NORMAL sync keeps every commit durable
    # against a killed process (not against power loss), at a fraction of FULL's cost.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def connect_args(dialect: str) -> dict[str, Any]:
    """Driver arguments every connection of this dialect gets."""
    if dialect == "postgresql":
        # Times are stored in UTC; a session in UTC reads them back in UTC and takes
        # a time without a zone (as SQLite hands them out, say) to be UTC as well.
        return {"options": "-c timezone=UTC"}
    return {}


# Any 64-bit constant works: it only has to be the same in every everyside process.
_WRITERS_LOCK = int.from_bytes(b"everysid", "big")


def serialize_writers(connection: Connection) -> None:
    """Make this write transaction wait for every other one to end; call it first thing.

    Writes look before they insert (an article by content hash, an outlet by name,
    the next story sequence number); one writer at a time, each seeing all that the
    ones before it committed, can neither lose nor duplicate a row. PostgreSQL takes
    an advisory lock. SQLite allows one writer anyway, but its transactions start as
    readers and take the write lock at their first write, after they have looked:
    ``BEGIN IMMEDIATE`` takes it at once (waiting up to the busy timeout).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITERS_LOCK})
    elif connection.dialect.name == "sqlite":
        # The driver has not begun a transaction yet (it does so before the first
        # write statement), so this BEGIN is the transaction's; its COMMIT ends it.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def insert_skipping_existing(table: Table, dialect: str) -> Insert:
    """An INSERT into ``table`` that skips rows whose key or unique columns are taken."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(f"no insert-or-skip for the {dialect} dialect")


def upsert(table: Table, dialect: str, values: dict[str, Any], key: str) -> Insert:
    """An INSERT of one row into ``table`` that replaces the row holding the same ``key``."""
    changed = {name: value for name, value in values.items() if name != key}
    if dialect == "postgresql":
        pg = postgresql.insert(table).values(values)
        return pg.on_conflict_do_update(index_elements=[key], set_=changed)
    if dialect == "sqlite":
        lite = sqlite.insert(table).values(values)
        return lite.on_conflict_do_update(index_elements=[key], set_=changed)
    raise NotImplementedError(f"no upsert for the {dialect} dialect")


def upsert_adding(table: Table, dialect: str, keys: list[str], column: str) -> Insert:
    """An INSERT into ``table`` that adds ``column`` to the row holding the same ``keys``."""
    if dialect == "postgresql":
        pg = postgresql.insert(table)
        return pg.on_conflict_do_update(
            index_elements=keys, set_={column: table.c[column] + pg.excluded[column]}
        )
    if dialect == "sqlite":
        lite = sqlite.insert(table)
        return lite.on_conflict_do_update(
            index_elements=keys, set_={column: table.c[column] + lite.excluded[column]}
        )
    raise NotImplementedError(f"no adding upsert for the {dialect} dialect")


def continue_id_sequences(connection: Connection, table: Table) -> None:
    """Make new rows' generated ids follow the largest id stored (after inserting ids).

    SQLite picks max(id) + 1 itself; PostgreSQL's sequences know nothing of ids that
    were inserted explicitly, as a copy does.
    """
    if connection.dialect.name != "postgresql":
        return
    for column in table.primary_key.columns:
        if column.autoincrement is True or (
            column.autoincrement == "auto" and column is table.autoincrement_column
        ):
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:table, :column), "
                    f'coalesce(max("{column.name}"), 0) + 1, false) FROM "{table.name}"'
                ),
                {"table": table.name, "column": column.name},
            )


def same_column_type(
    context: Any,
    inspected_column: Any,
    metadata_column: Column[Any],
    inspected_type: TypeEngine[Any],
    metadata_type: TypeEngine[Any],
) -> bool | None:
    """Alembic's ``compare_type`` hook: SQLite ignores lengths, so VARCHAR(n) is TEXT there.

    Returns False (no change) for that case and None (Alembic decides) otherwise.
    """
    if (
        context.dialect.name == "sqlite"
        and isinstance(metadata_type, Text)
        and isinstance(inspected_type, String)
    ):
        return False
    return None


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

    def rebuild(self, connection: Connection) -> None:
        """Index every stored article anew (after a bulk copy)."""

    def search(self, connection: Connection, query: str, limit: int) -> list[SearchHit]:
        """The best-matching articles for a query, best first."""

    def indexed(self, connection: Connection) -> list[str] | None:
        """The article id of every index row, repeats kept; None if nothing is indexed."""


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

    def rebuild(self, connection: Connection) -> None:
        """Refill the FTS5 table from the articles table."""
        connection.execute(text("DELETE FROM articles_fts"))
        connection.execute(
            text(
                "INSERT INTO articles_fts (article_id, title, body) "
                "SELECT id, title, body FROM articles ORDER BY ingested_at, id"
            )
        )

    def search(self, connection: Connection, query: str, limit: int) -> list[SearchHit]:
        """Run an FTS5 query; if its syntax is invalid, search for its words instead."""
        try:
            return self._run(connection, query, limit)
        except OperationalError:
            words = " ".join(f'"{word}"' for word in _WORD.findall(query))
            return self._run(connection, words, limit) if words else []

    def indexed(self, connection: Connection) -> list[str] | None:
        """The article id of every FTS5 row."""
        return list(connection.scalars(text("SELECT article_id FROM articles_fts")))

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


# A copy of the language-neutral 'simple' configuration that also folds diacritics
# (when the unaccent extension can be had), as SQLite's remove_diacritics does.
_TS_CONFIG = "everyside_search"
# Title weighted 5:1 above body, as the SQLite ranking does (weights are D, C, B, A).
_TS_WEIGHTS = "{0.2, 0, 0, 1.0}"
_TS_DOCUMENT = (
    f"setweight(to_tsvector('{_TS_CONFIG}', {{title}}), 'A') || "
    f"setweight(to_tsvector('{_TS_CONFIG}', {{body}}), 'D')"
)
# One fragment of about 12 words around the matches, terms in [brackets] as on SQLite.
_TS_HEADLINE = (
    "StartSel=[, StopSel=], MaxWords=12, MinWords=5, ShortWord=0, "
    "MaxFragments=1, FragmentDelimiter=…"
)


class PostgresFullText:
    """PostgreSQL's own full-text search: a tsvector per article in a GIN index.

    Queries take the same syntax as on SQLite (words, "phrases", AND/OR/NOT, prefix*,
    parentheses) and are ranked with ts_rank; snippets come from ts_headline.
    """

    def create(self, connection: Connection) -> None:
        """Create the search configuration, the tsvector table and its GIN index."""
        exists = connection.scalar(
            text("SELECT count(*) FROM pg_ts_config WHERE cfgname = :name"), {"name": _TS_CONFIG}
        )
        if not exists:
            connection.execute(
                text(f"CREATE TEXT SEARCH CONFIGURATION {_TS_CONFIG} (COPY = pg_catalog.simple)")
            )
            if self._has_unaccent(connection):
                connection.execute(
                    text(
                        f"ALTER TEXT SEARCH CONFIGURATION {_TS_CONFIG} "
                        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
                    )
                )
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS articles_fts ("
                "article_id VARCHAR(16) PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
                "document TSVECTOR NOT NULL)"
            )
        )
        connection.execute(
            text(
                "CREATE INDEX IF NOT EXISTS ix_articles_fts_document "
                "ON articles_fts USING GIN (document)"
            )
        )

    @staticmethod
    def _has_unaccent(connection: Connection) -> bool:
        # A savepoint, so that a refusal (no contrib files, no privilege) leaves the
        # migration's transaction usable; search then keeps diacritics.
        try:
            with connection.begin_nested():
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
        except DBAPIError as error:
            logger.warning("full-text search will not fold diacritics: %s", error.orig)
            return False
        return True

    def drop(self, connection: Connection) -> None:
        """Drop the tsvector table and the search configuration."""
        connection.execute(text("DROP TABLE IF EXISTS articles_fts"))
        connection.execute(text(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {_TS_CONFIG}"))

    def add(self, connection: Connection, article_id: str, title: str, body: str) -> None:
        """Index one article."""
        document = _TS_DOCUMENT.format(title=":title", body=":body")
        connection.execute(
            text(f"INSERT INTO articles_fts (article_id, document) VALUES (:id, {document})"),
            {"id": article_id, "title": title, "body": body},
        )

    def rebuild(self, connection: Connection) -> None:
        """Recompute every article's tsvector."""
        document = _TS_DOCUMENT.format(title="title", body="body")
        connection.execute(text("DELETE FROM articles_fts"))
        connection.execute(text(f"INSERT INTO articles_fts SELECT id, {document} FROM articles"))

    def search(self, connection: Connection, query: str, limit: int) -> list[SearchHit]:
        """Run a query; if its syntax is invalid, search for its words instead."""
        try:
            tsquery = fts5_to_tsquery(query)
        except ValueError:
            tsquery = " & ".join(f"'{word}'" for word in _WORD.findall(query))
        if not tsquery:
            return []
        # Rank and cut first, so that only the returned rows get a (costly) headline.
        rows = connection.execute(
            text(
                "SELECT best.article_id, "
                f"ts_headline('{_TS_CONFIG}', a.body, best.query, '{_TS_HEADLINE}'), best.score "
                "FROM (SELECT f.article_id, q.query, "
                f"ts_rank('{_TS_WEIGHTS}', f.document, q.query, 1) AS score "
                f"FROM articles_fts f, to_tsquery('{_TS_CONFIG}', :query) AS q (query) "
                "WHERE f.document @@ q.query) AS best "
                "JOIN articles a ON a.id = best.article_id "
                "ORDER BY best.score DESC, a.ingested_at, a.id LIMIT :limit"
            ),
            {"query": tsquery, "limit": limit},
        )
        return [SearchHit(row[0], row[1], float(row[2])) for row in rows]

    def indexed(self, connection: Connection) -> list[str] | None:
        """The article id of every tsvector row."""
        return list(connection.scalars(text("SELECT article_id FROM articles_fts")))


_QUERY_TOKEN = re.compile(
    r'"(?P<phrase>[^"]*)"|(?P<paren>[()])|(?P<word>\w+)(?P<prefix>\*)?|(?P<other>\S)'
)


def fts5_to_tsquery(query: str) -> str:
    """Translate an FTS5-style query into PostgreSQL's ``to_tsquery`` syntax.

    Words, "phrases", prefix*, AND, OR, NOT and parentheses, with FTS5's precedence
    (NOT, then AND, then OR; two terms side by side mean AND).

    Raises:
        ValueError: when the query is not valid FTS5 syntax.
    """
    tokens: list[tuple[str, str]] = []
    for match in _QUERY_TOKEN.finditer(query):
        if match["other"] is not None:
            raise ValueError(f"unexpected {match['other']!r} in the query")
        if match["phrase"] is not None:
            words = _WORD.findall(match["phrase"])
            if not words:
                raise ValueError("empty phrase")
            tokens.append(("term", "(" + " <-> ".join(f"'{w}'" for w in words) + ")"))
        elif match["paren"] is not None:
            tokens.append((match["paren"], match["paren"]))
        elif match["word"] in ("AND", "OR", "NOT"):
            tokens.append((match["word"], match["word"]))
        else:
            tokens.append(("term", f"'{match['word']}'" + (":*" if match["prefix"] else "")))
    parser = _QueryParser(tokens)
    result = parser.any_of()
    if parser.position != len(tokens):
        raise ValueError(f"unexpected {tokens[parser.position][1]!r} in the query")
    return result


class _QueryParser:
    """Recursive descent over the query's tokens: any_of (OR) > all_of (AND) > unless (NOT)."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0

    def _peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def any_of(self) -> str:
        parts = [self.all_of()]
        while self._peek() == "OR":
            self.position += 1
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def all_of(self) -> str:
        parts = [self.unless()]
        while self._peek() in ("AND", "term", "("):
            if self._peek() == "AND":
                self.position += 1
            parts.append(self.unless())
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def unless(self) -> str:
        result = self.primary()
        while self._peek() == "NOT":
            self.position += 1
            result = f"({result} & !{self.primary()})"
        return result

    def primary(self) -> str:
        kind = self._peek()
        if kind == "term":
            self.position += 1
            return self.tokens[self.position - 1][1]
        if kind == "(":
            self.position += 1
            inner = self.any_of()
            if self._peek() != ")":
                raise ValueError("unclosed parenthesis")
            self.position += 1
            return inner
        raise ValueError("the query ends early" if kind is None else f"unexpected {kind}")


class PortableLikeSearch:
    """Case-insensitive substring search for databases without an adapter yet."""

    def create(self, connection: Connection) -> None:
        """Nothing to create: it reads the articles table."""

    def drop(self, connection: Connection) -> None:
        """Nothing to drop."""

    def add(self, connection: Connection, article_id: str, title: str, body: str) -> None:
        """Nothing to index."""

    def rebuild(self, connection: Connection) -> None:
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

    def indexed(self, connection: Connection) -> list[str] | None:
        """None: there is no index to compare with the articles."""
        return None


def storage_problems(connection: Connection) -> list[str]:
    """What the database's own check finds wrong with its file (SQLite); empty when sound.

    SQLite's ``quick_check`` reads every page (not every index entry against its
    table, as ``integrity_check`` does, which is slower); other databases keep their
    own storage sound and report nothing here.
    """
    if connection.dialect.name != "sqlite":
        return []
    found = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check")]
    return [] if found == ["ok"] else found


def fulltext_for(dialect: str) -> FullTextIndex:
    """The full-text adapter for a SQLAlchemy dialect name."""
    if dialect == "sqlite":
        return SqliteFts5()
    if dialect == "postgresql":
        return PostgresFullText()
    return PortableLikeSearch()
