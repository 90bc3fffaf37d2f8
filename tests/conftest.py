"""Shared fixtures: a real SQLite file per test, and the paths of shared data when present."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from everyside.compare.results import Comparison
from everyside.store.db import Store
from tests.compare.story import ferry_comparison as made_up_comparison

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = REPO / "examples" / "corpus"


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[Store]:
    """A new, migrated SQLite store in a real file."""
    store = Store(f"sqlite:///{tmp_path / 'everyside.db'}")
    yield store
    store.close()


@pytest.fixture
def seeds() -> Path:
    """The two real seed articles; skips when ../shared is not beside the clone."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (shared/ is not beside this clone)")
    return SEEDS


@pytest.fixture(scope="session")
def ferry_comparison() -> Comparison:
    """Two outlets on one made-up strike: a number conflict, a negation, an outlet-only line."""
    return made_up_comparison()


# PostgreSQL: `make test` starts a throw-away server (.ci/with-postgres.sh) and names it
# here; each test gets a database of its own on it, dropped afterwards.
POSTGRES_ENV = "EVERYSIDE_TEST_POSTGRES"
POSTGRES_SKIP_ENV = "EVERYSIDE_TEST_POSTGRES_SKIP"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty database on the test PostgreSQL server; skips without one."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(
            os.environ.get(POSTGRES_SKIP_ENV)
            or f"no PostgreSQL server: {POSTGRES_ENV} is not set (`make test` starts one)"
        )
    name = f"everyside_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database: a SQLite file, then one on the PostgreSQL server."""
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return f"sqlite:///{tmp_path / 'everyside.db'}"


@pytest.fixture
def any_store(store_url: str) -> Iterator[Store]:
    """A new, migrated store on each backend in turn (SQLite, PostgreSQL)."""
    store = Store(store_url)
    yield store
    store.close()
