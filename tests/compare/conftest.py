"""The seed articles compared once for all the compare tests (real analysis and embeddings)."""

from __future__ import annotations

import pytest

from everyside.compare.results import Comparison
from everyside.jobs.compare import compare_files
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def seed_comparison() -> Comparison:
    """The two seed articles read, analyzed and compared as `everyside compare` does."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (shared/ is not beside this clone)")
    found, report = compare_files([str(SEEDS)])
    assert report.ok
    return found
