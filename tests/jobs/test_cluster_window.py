"""Clustering runs restore only the live stories and the kept frequencies, deciding as before."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from everyside.cluster import arrival_order
from everyside.cluster.features import DocumentFrequencies, document_frequencies
from everyside.jobs import cluster as cluster_job
from everyside.jobs import ingest
from everyside.jobs.analyze import analyze_store
from everyside.jobs.cluster import cluster_store, compute_features
from everyside.model import ArticleFeatures
from everyside.store import stories as story_store
from everyside.store.db import Store
from everyside.store.frequencies import stored_frequencies
from everyside.store.models import ArticleFeaturesRow
from tests.conftest import CORPUS

ROUNDS = 4


@pytest.fixture(scope="module")
def demo_features(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Any]]]:
    """The demo corpus ingested into a store (no features kept) and its articles' features."""
    path = tmp_path_factory.mktemp("window") / "base.db"
    store = Store(f"sqlite:///{path}")
    assert ingest([str(CORPUS)], store).ok
    assert analyze_store(store).ok
    compute_features(store)
    with store.session() as session:
        features = arrival_order(story_store.all_features(session))
    with store.transaction() as session:
        session.execute(delete(ArticleFeaturesRow))
    store.close()
    yield path, features


def _in_rounds(base: Path, features: list[ArticleFeatures], path: Path) -> dict[str, Any]:
    """Cluster the features arriving in ROUNDS rounds; the stories and summaries at the end."""
    shutil.copy(base, path)
    store = Store(f"sqlite:///{path}")
    try:
        size = -(-len(features) // ROUNDS)
        for start in range(0, len(features), size):
            with store.transaction() as session:
                for item in features[start : start + size]:
                    story_store.save_features(session, item)
            cluster_store(store)
        with store.session() as session:
            stories = story_store.list_stories(session, limit=1000)
            return {
                "assignments": story_store.assignments(session),
                "summaries": sorted((s.id, s.as_dict()) for s in stories),
                "frequencies": stored_frequencies(session),
                "features": story_store.all_features(session),
            }
    finally:
        store.close()


def test_rounds_decide_as_when_every_story_was_restored(
    demo_features: tuple[Path, list[ArticleFeatures]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, features = demo_features
    restored: list[tuple[int, int]] = []
    live = story_store.live_story_members

    def counted(session: Session, *args: Any, **kwargs: Any) -> dict[str, list[ArticleFeatures]]:
        found = live(session, *args, **kwargs)
        restored.append((len(found), story_store.count_stories(session)))
        return found

    monkeypatch.setattr(story_store, "live_story_members", counted)
    windowed = _in_rounds(base, features, tmp_path / "windowed.db")
    # Some round left stored stories out (the demo spans months, the window is 3 days).
    assert any(count < stored for count, stored in restored)
    monkeypatch.undo()

    # What runs did before: every story restored, the frequencies recounted from them all.
    def every_story(session: Session, _since: Any, **kwargs: Any) -> Any:
        return live(session, datetime.min.replace(tzinfo=UTC), **kwargs)

    monkeypatch.setattr(story_store, "live_story_members", every_story)
    monkeypatch.setattr(cluster_job, "stored_frequencies", lambda session: None)
    everything = _in_rounds(base, features, tmp_path / "everything.db")
    assert windowed["assignments"] == everything["assignments"]
    assert windowed["summaries"] == everything["summaries"]
    # The kept counts are those of the stored stories' articles.
    terms, entities = document_frequencies(windowed["features"])
    assert windowed["frequencies"] == (terms.as_dict(), entities.as_dict())


def test_kept_frequencies_restore_the_counter_a_recount_leaves() -> None:
    counter = DocumentFrequencies()
    for number in range(1, 500):
        counter.add([f"k{number % 7}", f"k{number % 11}"])
        restored = DocumentFrequencies.recounted(counter.as_dict())
        assert (restored.version, restored.as_dict()) == (counter.version, counter.as_dict())
        restored.add(["k1"])
        counter.add(["k1"])
        assert restored.version == counter.version
