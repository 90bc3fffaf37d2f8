"""Copy one store into another (SQLite to PostgreSQL and back): streamed, resumable.

Every table is read in primary-key order, a batch at a time, and each batch is written
in its own transaction with rows already in the destination skipped (by primary key),
so an interrupted copy keeps what it wrote and the same command picks up from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Column, Connection, Table, bindparam, func, select, tuple_, update

from everyside.errors import EverysideError
from everyside.store.db import Store, head_revision
from everyside.store.dialects import continue_id_sequences, insert_skipping_existing
from everyside.store.models import Base

# Rows per read and per write transaction: large enough to amortize round trips,
# small enough that an interrupted copy loses little and memory stays flat.
BATCH_SIZE = 1000


class CopyError(EverysideError):
    """A copy that cannot be made: a store not at the newest schema, or not a copy of SRC."""


class CopyProgress(Protocol):
    """Receives the progress of a copy, for a progress bar."""

    def start(self, table: str, total: int) -> None:
        """Called before a table is copied, with its number of rows in the source."""

    def advance(self, rows: int) -> None:
        """Called after each batch, with the number of rows it read."""


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table's copy: rows in the source, and how many of them were new to the destination."""

    table: str
    rows: int
    copied: int

    @property
    def skipped(self) -> int:
        """Rows the destination already had (from an earlier, interrupted copy)."""
        return self.rows - self.copied


@dataclass(slots=True)
class CopyReport:
    """What a copy did, table by table, in the order they were copied."""

    tables: list[TableCopy] = field(default_factory=list)

    @property
    def copied(self) -> int:
        """Rows written to the destination."""
        return sum(table.copied for table in self.tables)

    @property
    def skipped(self) -> int:
        """Rows the destination already had."""
        return sum(table.skipped for table in self.tables)


def copy_store(
    source: Store,
    destination: Store,
    *,
    batch_size: int = BATCH_SIZE,
    progress: CopyProgress | None = None,
) -> CopyReport:
    """Copy every table of ``source`` into ``destination``, then rebuild its full-text index.

    Args:
        source: the store to read; it is not changed.
        destination: a new store, or one an earlier copy of ``source`` was interrupted in.
        batch_size: rows per batch (and per write transaction).
        progress: told each table's size and each batch copied.

    Returns:
        How many rows each table had and how many were new to the destination.

    Raises:
        CopyError: when either store is not at the newest schema, when both are the
            same database, or when the destination holds more rows of a table than the
            source (it is then not a copy of it, and rows would be mixed).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if source.engine.url == destination.engine.url:
        raise CopyError(f"source and destination are the same database: {source.location}")
    for store in (source, destination):
        _check_current(store)
    report = CopyReport()
    for table in Base.metadata.sorted_tables:
        report.tables.append(_copy_table(source, destination, table, batch_size, progress))
    with destination.transaction() as session:
        destination.fulltext.rebuild(session.connection())
    return report


def _check_current(store: Store) -> None:
    revision, head = store.revision(), head_revision()
    if revision != head:
        raise CopyError(
            f"{store.location} is at schema {revision or '(empty)'}, not {head}: "
            "run `everyside db migrate` on it first"
        )


def _count(connection: Connection, table: Table) -> int:
    return connection.scalar(select(func.count()).select_from(table)) or 0


def _copy_table(
    source: Store,
    destination: Store,
    table: Table,
    batch_size: int,
    progress: CopyProgress | None,
) -> TableCopy:
    with source.engine.connect() as reader, destination.engine.connect() as writer:
        total, before = _count(reader, table), _count(writer, table)
    if before > total:
        raise CopyError(
            f"{destination.location} has more rows in {table.name} ({before}) than "
            f"{source.location} ({total}): it is not a copy of it"
        )
    if progress is not None:
        progress.start(table.name, total)
    # A row may point at a row of its own table that comes later in key order
    # (an article at the one it duplicates), so those links are written afterwards.
    links = [column for column in table.columns if _points_into(column, table)]
    insert = insert_skipping_existing(table, destination.engine.dialect.name)
    for rows in _batches(source, table, batch_size):
        values = [{**row, **{column.name: None for column in links}} for row in rows]
        with destination.transaction() as session:
            session.execute(insert, values)
        if progress is not None:
            progress.advance(len(rows))
    for column in links:
        _copy_links(source, destination, table, column, batch_size)
    with destination.transaction() as session:
        continue_id_sequences(session.connection(), table)
        after = _count(session.connection(), table)
    return TableCopy(table.name, total, after - before)


def _points_into(column: Column[Any], table: Table) -> bool:
    return any(key.column.table is table for key in column.foreign_keys)


def _key(table: Table) -> Column[Any]:
    (key,) = table.primary_key.columns  # a table linking into itself has a one-column key
    return key


def _batches(
    source: Store, table: Table, batch_size: int, *columns: Column[Any]
) -> Iterator[list[dict[str, Any]]]:
    """The source's rows (all columns, or those given) in key order, a batch at a time."""
    keys = list(table.primary_key.columns)
    # A key of several columns (the near-duplicate bands') pages by row value.
    key = keys[0] if len(keys) == 1 else tuple_(*keys)
    statement = select(*(columns or table.columns)).order_by(*keys).limit(batch_size)
    last: Any = None
    # One read transaction: on SQLite every batch then sees the same snapshot.
    with source.engine.connect() as reader:
        while True:
            page = statement if last is None else statement.where(key > last)
            rows = [dict(row) for row in reader.execute(page).mappings()]
            if not rows:
                return
            yield rows
            values = [rows[-1][column.name] for column in keys]
            last = values[0] if len(keys) == 1 else tuple_(*values)


def _copy_links(
    source: Store, destination: Store, table: Table, column: Column[Any], batch_size: int
) -> None:
    key = _key(table)
    statement = (
        update(table)
        .where(key == bindparam("copied_key"))
        .values({column.name: bindparam("copied_link")})
    )
    for rows in _batches(source, table, batch_size, key, column):
        links = [
            {"copied_key": row[key.name], "copied_link": row[column.name]}
            for row in rows
            if row[column.name] is not None
        ]
        if links:
            with destination.transaction() as session:
                session.connection().execute(statement, links)
