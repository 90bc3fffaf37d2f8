"""Alembic environment: runs migrations on the engine the Store hands over."""

from __future__ import annotations

from alembic import context

from everyside.store.dialects import same_column_type, serialize_writers
from everyside.store.models import Base

config = context.config


def _is_ours(name: str | None, type_: str, _parent: object) -> bool:
    """Leave out the full-text tables, which the dialect adapter manages itself."""
    return not (type_ == "table" and name is not None and name.startswith("articles_fts"))


def run_migrations() -> None:
    """Run migrations online, on the engine in the configuration's attributes."""
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        # Processes opening a new store at once migrate it once: the later ones wait,
        # then find it current.
        serialize_writers(connection)
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            # SQLite alters tables by copying them; batch mode does that for us.
            render_as_batch=connection.dialect.name == "sqlite",
            include_name=_is_ours,
            compare_type=same_column_type,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
