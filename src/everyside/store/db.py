"""Open a store: resolve its URL, connect, tune SQLite, bring the schema to the newest migration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from everyside.store.dialects import FullTextIndex, fulltext_for, tune_sqlite

DB_ENV = "EVERYSIDE_DB"
DEFAULT_DB = "everyside.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_db_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``--db``, else ``$EVERYSIDE_DB``, else ``./everyside.db``."""
    target = db or os.environ.get(DB_ENV) or DEFAULT_DB
    return target if "://" in target else f"sqlite:///{target}"


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the packaged migrations and this engine."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


class Store:
    """A database holding articles, opened by URL and migrated to the newest schema.

    Example:
        >>> store = Store("sqlite:///:memory:")
        >>> with store.transaction() as session:
        ...     pass
    """

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", tune_sqlite)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.fulltext: FullTextIndex = fulltext_for(self.engine.dialect.name)
        if migrate and not self.is_current():
            self.migrate()

    @property
    def location(self) -> str:
        """Where the data is, for people: a file path for SQLite, else the URL without password."""
        if self.engine.dialect.name == "sqlite":
            return self.engine.url.database or ":memory:"
        return self.engine.url.render_as_string(hide_password=True)

    def is_current(self) -> bool:
        """Whether the schema is at the newest migration."""
        head = ScriptDirectory.from_config(alembic_config(self.engine)).get_current_head()
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision() == head

    def migrate(self) -> None:
        """Apply every migration not yet applied."""
        command.upgrade(alembic_config(self.engine), "head")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together, or not at all."""
        with self._sessions.begin() as session:
            yield session

    def session(self) -> Session:
        """A session for reading."""
        return self._sessions()

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def open_store(db: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store named by ``db`` or the environment."""
    return Store(resolve_db_url(db))
