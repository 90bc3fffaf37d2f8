"""Open a store: resolve its URL, connect, tune the dialect, migrate the schema to the newest."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from everyside.errors import EverysideError
from everyside.store.dialects import (
    SQLITE_BUSY_TIMEOUT_MS,
    FullTextIndex,
    connect_args,
    fulltext_for,
    serialize_writers,
    tune_sqlite,
)

DB_ENV = "EVERYSIDE_DB"
DEFAULT_DB = "everyside.db"
MIGRATIONS = Path(__file__).parent / "migrations"
# The PostgreSQL driver everyside ships with; a plain postgresql:// URL gets it.
POSTGRES_DRIVER = "postgresql+psycopg"


def resolve_db_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``--db``, else ``$EVERYSIDE_DB``, else ``./everyside.db``."""
    target = db or os.environ.get(DB_ENV) or DEFAULT_DB
    if "://" not in target:
        return f"sqlite:///{target}"
    url = make_url(target)
    if url.drivername in ("postgresql", "postgres"):
        # Left alone, SQLAlchemy would look for psycopg2, which everyside does not install.
        return url.set(drivername=POSTGRES_DRIVER).render_as_string(hide_password=False)
    return target


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the packaged migrations and this engine."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


class StoreBusy(EverysideError):
    """Another process kept the store locked for writing longer than a writer waits."""

    def __init__(self, location: str) -> None:
        super().__init__(
            f"the store {location} is busy: another process has been writing to it for "
            f"over {SQLITE_BUSY_TIMEOUT_MS // 1000} s; try again when it has finished"
        )


class Store:
    """A database holding articles, opened by URL and migrated to the newest schema.

    Example:
        >>> store = Store("sqlite:///:memory:")
        >>> with store.transaction() as session:
        ...     pass
    """

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = create_engine(
            url, connect_args=connect_args(make_url(url).get_backend_name())
        )
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

    def revision(self) -> str | None:
        """The migration the schema is at; None for an empty database."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def is_current(self) -> bool:
        """Whether the schema is at the newest migration."""
        return self.revision() == head_revision()

    def migrate(self) -> None:
        """Apply every migration not yet applied."""
        command.upgrade(alembic_config(self.engine), "head")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together, or not at all.

        Write transactions take turns (see ``dialects.serialize_writers``), so several
        processes can write to one store; a SQLite writer that waited the whole busy
        timeout for its turn raises ``StoreBusy``.
        """
        with self._sessions.begin() as session:
            try:
                serialize_writers(session.connection())
            except OperationalError as error:
                if "locked" in str(error.orig) or "busy" in str(error.orig):
                    raise StoreBusy(self.location) from None
                raise
            yield session

    def session(self) -> Session:
        """A session for reading."""
        return self._sessions()

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def head_revision() -> str | None:
    """The newest migration everyside knows."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def open_store(db: str | None = None, *, migrate: bool = True) -> Store:
    """Open (creating and migrating if asked) the store named by ``db`` or the environment."""
    return Store(resolve_db_url(db), migrate=migrate)


@dataclass(frozen=True, slots=True)
class Migration:
    """What ``migrate_store`` did: the revision before (None: empty) and after."""

    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        """Whether any migration ran."""
        return self.before != self.after


def migrate_store(store: Store) -> Migration:
    """Bring a store's schema to the newest migration and say from which revision."""
    before = store.revision()
    if before != head_revision():
        store.migrate()
    return Migration(before, store.revision())
