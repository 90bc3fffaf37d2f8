"""Cluster what the store holds: features once per article, then stream or rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from everyside.cluster.batch import rebuild
from everyside.cluster.features import extract_features
from everyside.cluster.options import ClusterOptions
from everyside.cluster.stream import StoryClusterer, arrival_order
from everyside.cluster.summary import summarize_story
from everyside.jobs.analyze import AnalyzeProgress
from everyside.model import Article, ArticleAnalysis, ArticleFeatures, StoryChange
from everyside.parallel import map_batches
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.analysis import load_analyses
from everyside.store.db import Store

# Articles whose features are computed together: one batched embedding call each.
FEATURE_CHUNK = 64


@dataclass(slots=True)
class ClusterReport:
    """What a clustering run did."""

    assigned: int = 0
    opened: int = 0
    stories: int = 0
    changes: list[StoryChange] = field(default_factory=list)


def compute_features(store: Store, *, processes: int = 1) -> int:
    """Compute and keep the features of analyzed articles that have none; return how many.

    With ``processes`` above 1, worker processes embed while this one reads and stores.
    """
    with store.session() as session:
        pending = story_store.analyzed_without_features(session)
    for features in map_batches(_features_of, _feature_inputs(store, pending), processes):
        with store.transaction() as session:
            for item in features:
                story_store.save_features(session, item)
    return len(pending)


def _feature_inputs(
    store: Store, ids: list[str]
) -> Iterator[tuple[list[Article], list[ArticleAnalysis]]]:
    """Articles and their analyses, FEATURE_CHUNK at a time."""
    for offset in range(0, len(ids), FEATURE_CHUNK):
        chunk = ids[offset : offset + FEATURE_CHUNK]
        with store.session() as session:
            articles = repository.get_articles(session, chunk)
            analyses = load_analyses(session, [article.id for article in articles])
        yield articles, analyses


def _features_of(batch: tuple[list[Article], list[ArticleAnalysis]]) -> list[ArticleFeatures]:
    """One chunk's features: module level, so that worker processes can run it."""
    articles, analyses = batch
    return extract_features(articles, analyses)


def cluster_store(
    store: Store,
    options: ClusterOptions | None = None,
    *,
    rebuild_all: bool = False,
    processes: int = 1,
    progress: AnalyzeProgress | None = None,
) -> ClusterReport:
    """Assign every analyzed article to a story: streaming by default, or a batch rebuild.

    ``processes`` computes the features of newly analyzed articles in that many workers;
    the assignment itself runs here, in arrival order.
    """
    compute_features(store, processes=processes)
    report = ClusterReport()
    with store.session() as session:
        if rebuild_all:
            features = story_store.all_features(session)
            previous = story_store.assignments(session)
        else:
            features = arrival_order(story_store.unassigned_features(session))
            members = story_store.story_members(session)
    if progress is not None:
        progress.start(len(features))
    if rebuild_all:
        result = rebuild(features, options, previous=previous)
        clusterer = result.clusterer(features, options)
        with store.transaction() as session:
            story_store.clear_stories(session)
            for article_id, story_id in sorted(result.assignments.items()):
                story_store.assign(session, article_id, story_id, 1.0)
            for change in result.changes:
                story_store.record_change(session, change)
        report.assigned, report.changes = len(result.assignments), list(result.changes)
        touched = set(clusterer.stories)
    else:
        clusterer = StoryClusterer.restore(members, options)
        touched = set()
        for done, item in enumerate(features, start=1):
            assignment = clusterer.add(item)
            # One transaction per article: a crash keeps every assignment made before it.
            with store.transaction() as session:
                story_store.assign(
                    session, assignment.article_id, assignment.story_id, assignment.probability
                )
                for change in assignment.changes:
                    for moved in change.article_ids:
                        story_store.assign(session, moved, clusterer.story_of(moved), 1.0)
                    story_store.remove_stories(
                        session, [s for s in change.before if s not in clusterer.stories]
                    )
                    story_store.record_change(session, change)
                    touched.update(change.after)
            touched.add(clusterer.story_of(assignment.article_id))
            report.assigned += 1
            report.opened += assignment.opened
            report.changes.extend(assignment.changes)
            if progress is not None:
                progress.advance(done)
    with store.transaction() as session:
        for story_id in sorted(touched & set(clusterer.stories)):
            story_store.save_story(
                session,
                summarize_story(
                    story_id,
                    clusterer.stories[story_id],
                    terms_df=clusterer.terms_df,
                    entities_df=clusterer.entities_df,
                ),
            )
    report.stories = len(clusterer)
    return report
