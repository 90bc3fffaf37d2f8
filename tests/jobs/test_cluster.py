"""Clustering a store: features computed in worker processes equal those of one process."""

from __future__ import annotations

import shutil
from pathlib import Path

from everyside.cluster import StoryClusterer, arrival_order, rebuild
from everyside.jobs import ingest
from everyside.jobs.analyze import analyze_store
from everyside.jobs.cluster import cluster_store
from everyside.store import stories as story_store
from everyside.store.analysis import load_analyses, load_analysis
from everyside.store.db import Store, open_store
from everyside.store.repository import ArticleFilter, list_articles

DEMO_HTML = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "html"


def _clustered(path: Path, processes: int) -> tuple[list[dict[str, object]], dict[str, str]]:
    store = open_store(str(path))
    try:
        cluster_store(store, processes=processes)
        with store.session() as session:
            features = [f.as_dict() for f in story_store.all_features(session)]
            return sorted(features, key=lambda f: str(f["article_id"])), story_store.assignments(
                session
            )
    finally:
        store.close()


def _analyzed_store(path: Path) -> Store:
    store = open_store(str(path))
    assert ingest([str(DEMO_HTML)], store).ok
    assert analyze_store(store).ok
    return store


def test_two_processes_compute_the_features_one_computes(tmp_path: Path) -> None:
    _analyzed_store(tmp_path / "base.db").close()
    shutil.copy(tmp_path / "base.db", tmp_path / "two.db")
    one = _clustered(tmp_path / "base.db", 1)
    two = _clustered(tmp_path / "two.db", 2)
    assert two == one
    assert len(one[0]) == len(one[1]) == 10
    assert len(set(one[1].values())) < 10  # the German and English reports of one event meet


def test_analyses_load_together_as_they_load_alone(tmp_path: Path) -> None:
    store = _analyzed_store(tmp_path / "store.db")
    try:
        with store.session() as session:
            ids = [article.id for article in list_articles(session, ArticleFilter())]
            together = load_analyses(session, ids)
            assert together == [load_analysis(session, article_id) for article_id in ids]
            assert sum(len(a.quotes) for a in together) > 0
    finally:
        store.close()


def _partition(assigned: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article_id, story_id in assigned.items():
        groups.setdefault(story_id, set()).add(article_id)
    return {frozenset(group) for group in groups.values()}


def test_clustering_ends_with_what_a_rebuild_gives_and_a_row_for_every_story(
    tmp_path: Path,
) -> None:
    store = _analyzed_store(tmp_path / "store.db")
    try:
        report = cluster_store(store)
        assert report.reconciled == 10  # the window holds the whole store
        with store.session() as session:
            assigned = story_store.assignments(session)
            stored = {story.id: story for story in story_store.list_stories(session, limit=100)}
            features = story_store.all_features(session)
        assert _partition(assigned) == _partition(rebuild(features).assignments)
        assert set(assigned.values()) == set(stored) and report.stories == len(stored)
        for story_id, story in stored.items():
            assert story.size == sum(1 for s in assigned.values() if s == story_id)
    finally:
        store.close()


def test_without_reconciling_clustering_is_pure_streaming(tmp_path: Path) -> None:
    store = _analyzed_store(tmp_path / "store.db")
    try:
        report = cluster_store(store, reconcile=False)
        assert report.reconciled == 0
        with store.session() as session:
            assigned = story_store.assignments(session)
            features = story_store.all_features(session)
        streamed = StoryClusterer()
        streamed.extend(arrival_order(features))
        assert _partition(assigned) == _partition(streamed.assignments())
    finally:
        store.close()
