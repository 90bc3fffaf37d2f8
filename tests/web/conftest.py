"""Web fixtures: API clients over a fresh store, or over the seeds analyzed and clustered."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from everyside.jobs import ingest
from everyside.jobs.analyze import analyze_store
from everyside.jobs.cluster import cluster_store
from everyside.settings import ServeOptions
from everyside.store.db import open_store
from everyside.web import create_app
from tests.conftest import SEEDS

MakeClient = Callable[..., TestClient]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[MakeClient]:
    """Build API clients over a new store in tmp_path; keyword arguments go to ServeOptions."""
    with ExitStack() as clients:

        def make(**options: Any) -> TestClient:
            options.setdefault("db", str(tmp_path / "web.db"))
            return clients.enter_context(TestClient(create_app(ServeOptions(**options))))

        yield make


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the two seed articles, analyzed and in one story (built once)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (shared/ is not beside this clone)")
    path = str(tmp_path_factory.mktemp("seeded") / "seeded.db")
    store = open_store(path)
    try:
        assert ingest([str(SEEDS)], store).ok
        assert analyze_store(store).ok
        cluster_store(store)
    finally:
        store.close()
    return path


@pytest.fixture
def seeded(seeded_db: str) -> Iterator[TestClient]:
    """A client over the seeded store, for tests that only read."""
    with TestClient(create_app(ServeOptions(db=seeded_db))) as client:
        yield client
