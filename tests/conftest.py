"""Shared fixtures: a real SQLite file per test, and the paths of shared data when present."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
