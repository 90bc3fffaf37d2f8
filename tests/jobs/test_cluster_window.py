"""Clustering runs restore only the live stories and the kept frequencies, deciding as before."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from benchmarks.cluster_restore import _store_with_articles
from benchmarks.cluster_throughput import generate
from everyside.cluster import ClusterOptions, arrival_order
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


def _in_rounds(
    base: Path, rounds: list[list[ArticleFeatures]], path: Path, options: ClusterOptions
) -> dict[str, Any]:
    """Cluster the features arriving in these rounds; the stories and summaries at the end."""
    shutil.copy(base, path)
    store = Store(f"sqlite:///{path}")
    try:
        for arriving in rounds:
            with store.transaction() as session:
                for item in arriving:
                    story_store.save_features(session, item)
            cluster_store(store, options)
        with store.session() as session:
            stories = story_store.list_stories(session, limit=10_000)
            return {
                "assignments": story_store.assignments(session),
                "summaries": sorted((s.id, s.as_dict()) for s in stories),
                "frequencies": stored_frequencies(session),
                "features": story_store.all_features(session),
            }
    finally:
        store.close()


def _assert_as_when_every_story_was_restored(
    base: Path,
    rounds: list[list[ArticleFeatures]],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: ClusterOptions,
) -> None:
    restored: list[tuple[int, int]] = []
    live = story_store.live_story_members

    def counted(session: Session, *args: Any, **kwargs: Any) -> dict[str, list[ArticleFeatures]]:
        found = live(session, *args, **kwargs)
        restored.append((len(found), story_store.count_stories(session)))
        return found

    monkeypatch.setattr(story_store, "live_story_members", counted)
    windowed = _in_rounds(base, rounds, folder / "windowed.db", options)
    # Some round left stored stories out (the stories span months, the window is 3 days).
    assert any(count < stored for count, stored in restored)
    monkeypatch.undo()

    # What runs did before: every story restored, the frequencies recounted from them all.
    def every_story(session: Session, _since: Any, **kwargs: Any) -> Any:
        return live(session, datetime.min.replace(tzinfo=UTC), **kwargs)

    monkeypatch.setattr(story_store, "live_story_members", every_story)
    monkeypatch.setattr(cluster_job, "stored_frequencies", lambda session: None)
    everything = _in_rounds(base, rounds, folder / "everything.db", options)
    monkeypatch.undo()
    assert windowed["assignments"] == everything["assignments"]
    assert windowed["summaries"] == everything["summaries"]
    # The kept counts are those of the stored stories' articles.
    terms, entities = document_frequencies(windowed["features"])
    assert windowed["frequencies"] == (terms.as_dict(), entities.as_dict())


def test_demo_rounds_decide_as_when_every_story_was_restored(
    demo_features: tuple[Path, list[ArticleFeatures]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, features = demo_features
    size = -(-len(features) // ROUNDS)
    rounds = [features[start : start + size] for start in range(0, len(features), size)]
    _assert_as_when_every_story_was_restored(base, rounds, tmp_path, monkeypatch, ClusterOptions())


def test_generated_rounds_decide_as_when_every_story_was_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hundreds of power-law stories over a month, then three small rounds at its end.
    features = generate(900)
    _store_with_articles(tmp_path / "base.db", features).close()
    rounds = [features[:750], features[750:800], features[800:850], features[850:]]
    # A re-clustered window smaller than the store, else it alone restores every story.
    options = ClusterOptions(recluster_window=100)
    _assert_as_when_every_story_was_restored(
        tmp_path / "base.db", rounds, tmp_path, monkeypatch, options
    )


def test_kept_frequencies_restore_the_counter_a_recount_leaves() -> None:
    counter = DocumentFrequencies()
    for number in range(1, 500):
        counter.add([f"k{number % 7}", f"k{number % 11}"])
        restored = DocumentFrequencies.recounted(counter.as_dict())
        assert (restored.version, restored.as_dict()) == (counter.version, counter.as_dict())
        restored.add(["k1"])
        counter.add(["k1"])
        assert restored.version == counter.version


def test_a_batch_larger_than_the_window_decides_as_window_sized_runs(tmp_path: Path) -> None:
    features = arrival_order(generate(300))
    _store_with_articles(tmp_path / "base.db", features).close()
    options = ClusterOptions(recluster_window=60)
    runs = [features[start : start + 60] for start in range(0, len(features), 60)]
    in_runs = _in_rounds(tmp_path / "base.db", runs, tmp_path / "runs.db", options)
    batch = _in_rounds(tmp_path / "base.db", [features], tmp_path / "batch.db", options)
    assert batch["assignments"] == in_runs["assignments"]
    assert batch["summaries"] == in_runs["summaries"]
    assert batch["frequencies"] == in_runs["frequencies"]


def test_each_round_reads_the_features_arrival_order_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some undated and some published at the same moment: the order's two tie rules.
    features = generate(200)
    moment = features[50].published_at
    ties = {number: None if number < 10 else moment for number in range(20)}
    features = [
        replace(item, published_at=ties[number]) if number in ties else item
        for number, item in enumerate(features)
    ]
    store = _store_with_articles(tmp_path / "base.db", features)
    with store.transaction() as session:
        for item in features:
            story_store.save_features(session, item)
    with store.session() as session:
        expected = [item.as_dict() for item in arrival_order(story_store.all_features(session))]
    rounds: list[list[dict[str, Any]]] = []
    stream = cluster_job._cluster_round

    def spy(store: Store, options: ClusterOptions, arriving: list[ArticleFeatures], *rest: Any):  # type: ignore[no-untyped-def]
        rounds.append([item.as_dict() for item in arriving])
        return stream(store, options, arriving, *rest)

    monkeypatch.setattr(cluster_job, "_cluster_round", spy)
    cluster_store(store, ClusterOptions(recluster_window=60))
    store.close()
    assert [len(arriving) for arriving in rounds] == [60, 60, 60, 20]
    assert [item for arriving in rounds for item in arriving] == expected
