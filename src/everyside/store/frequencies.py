"""Term and entity document frequencies over the articles in stories, kept as they are assigned.

The counts read and written here have the shape of ``DocumentFrequencies.as_dict``
(``{"documents": N, "df": {key: count}}``), which ``cluster.features`` defines; the
store only keeps the numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from everyside.store.dialects import upsert_adding
from everyside.store.models import DocumentFrequencyRow

TERM, ENTITY, DOCUMENTS = "term", "entity", "documents"

Counts = dict[str, Any]


def stored_frequencies(session: Session) -> tuple[Counts, Counts] | None:
    """The kept term and entity counts, or None when they were never kept."""
    rows = session.connection().execute(
        select(DocumentFrequencyRow.kind, DocumentFrequencyRow.key, DocumentFrequencyRow.df)
    )
    documents: int | None = None
    df: dict[str, dict[str, int]] = {TERM: {}, ENTITY: {}}
    for kind, key, count in rows:
        if kind == DOCUMENTS:
            documents = count
        else:
            df[kind][key] = count
    if documents is None:
        return None
    return {"documents": documents, "df": df[TERM]}, {"documents": documents, "df": df[ENTITY]}


def count_document(session: Session, terms: Iterable[str], entities: Iterable[str]) -> None:
    """Count one more article in stories, holding these terms and entities."""
    rows = [{"kind": DOCUMENTS, "key": "", "df": 1}]
    rows += [{"kind": TERM, "key": key, "df": 1} for key in set(terms)]
    rows += [{"kind": ENTITY, "key": key, "df": 1} for key in set(entities)]
    connection = session.connection()
    table = DocumentFrequencyRow.__table__
    statement = upsert_adding(table, connection.dialect.name, ["kind", "key"], "df")  # type: ignore[arg-type]
    connection.execute(statement, rows)


def save_frequencies(session: Session, terms: Counts, entities: Counts) -> None:
    """Keep these counts (``as_dict`` shapes, one number of documents) instead of any kept."""
    forget_frequencies(session)
    rows = [{"kind": DOCUMENTS, "key": "", "df": int(terms["documents"])}]
    rows += [{"kind": TERM, "key": key, "df": count} for key, count in terms["df"].items()]
    rows += [{"kind": ENTITY, "key": key, "df": count} for key, count in entities["df"].items()]
    session.connection().execute(insert(DocumentFrequencyRow), rows)


def forget_frequencies(session: Session) -> None:
    """Drop the kept counts (the assignments were replaced); the next run counts them again."""
    session.execute(delete(DocumentFrequencyRow))
