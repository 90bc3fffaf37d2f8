"""Cluster what the store holds: features once per article, then stream or rebuild."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from everyside.cluster.batch import rebuild
from everyside.cluster.features import DocumentFrequencies, extract_features
from everyside.cluster.live import (
    Reconciliation,
    members_by_story,
    recluster_recent,
    reconciled,
)
from everyside.cluster.options import ClusterOptions
from everyside.cluster.profile import StoryProfile
from everyside.cluster.stream import StoryClusterer, arrival_key, story_id_for
from everyside.cluster.summary import display_keywords, summarize_story
from everyside.jobs.analyze import AnalyzeProgress
from everyside.model import Article, ArticleAnalysis, ArticleFeatures, StoryChange
from everyside.parallel import map_batches
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.analysis import load_analyses
from everyside.store.db import Store
from everyside.store.frequencies import count_document, save_frequencies, stored_frequencies

# Articles whose features are computed together: one batched embedding call each.
FEATURE_CHUNK = 64


@dataclass(slots=True)
class ClusterReport:
    """What a clustering run did."""

    assigned: int = 0
    opened: int = 0
    stories: int = 0
    changes: list[StoryChange] = field(default_factory=list)
    reconciled: int = 0  # articles the re-clusterings saw, summed over the rounds
    moved: int = 0  # of those, articles it moved to another story
    repaired: int = 0  # stories whose row an interrupted run left missing, stale or empty


def compute_features(
    store: Store, *, processes: int = 1, progress: AnalyzeProgress | None = None
) -> int:
    """Compute and keep the features of analyzed articles that have none; return how many.

    With ``processes`` above 1, worker processes embed while this one reads and stores.
    """
    with store.session() as session:
        pending = story_store.analyzed_without_features(session)
    if progress is not None and pending:
        progress.stage("embedding articles", len(pending))
    done = 0
    for features in map_batches(_features_of, _feature_inputs(store, pending), processes):
        with store.transaction() as session:
            for item in features:
                story_store.save_features(session, item)
        done += len(features)
        if progress is not None:
            progress.advance(done)
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
    reconcile: bool = True,
    processes: int = 1,
    progress: AnalyzeProgress | None = None,
) -> ClusterReport:
    """Assign every analyzed article to a story: streaming by default, or a batch rebuild.

    The new articles are streamed in rounds of ``options.recluster_window``, in arrival
    order, and after each round the recent window is re-clustered with the batch model
    and the stories reconciled (:func:`reconcile_store`): a batch of any size gets what
    the same articles brought in window-sized runs would. With ``reconcile`` False or a
    window of 0 they are streamed in one round, nothing re-clustered. ``processes``
    computes the features of newly analyzed articles in that many workers; the
    assignment itself runs here.
    """
    options = options or ClusterOptions()
    compute_features(store, processes=processes, progress=progress)
    if rebuild_all:
        return _rebuild_store(store, options, progress)
    reconcile = reconcile and options.recluster_window > 0
    with store.session() as session:
        arrivals = story_store.unassigned_arrivals(session)
    new = [article_id for article_id, _ in sorted(arrivals, key=lambda a: arrival_key(*a))]
    size = options.recluster_window if reconcile else max(len(new), 1)
    # A run with nothing new still runs one round: it repairs what a stopped run left.
    rounds = [new[start : start + size] for start in range(0, len(new), size)] or [[]]
    report = ClusterReport()
    for number, ids in enumerate(rounds, start=1):
        stage = "assigning to stories"
        if len(rounds) > 1:
            stage += f", round {number} of {len(rounds)} ({len(new):,} articles)"
        # Each round's features read when it starts: memory holds one round, not the run.
        with store.session() as session:
            arriving = story_store.features_of(session, ids)
        _cluster_round(store, options, arriving, report, reconcile, progress, stage)
    with store.session() as session:
        # The clusterer holds the live stories only; every story has its row by now.
        report.stories = story_store.count_stories(session)
    return report


def _cluster_round(
    store: Store,
    options: ClusterOptions,
    features: list[ArticleFeatures],
    report: ClusterReport,
    reconcile: bool,
    progress: AnalyzeProgress | None,
    stage: str,
) -> None:
    """Stream ``features`` (in arrival order) into the stored stories, then reconcile.

    The live stories are restored from the store each round, so memory is bounded by
    the live window, not by the batch; what the round did is added to ``report``.
    """
    terms_df, entities_df = _frequencies(store)
    with store.session() as session:
        # A run stopped after its assignments but before its summaries left these behind.
        out_of_step = story_store.stories_out_of_step(session)
        empty = story_store.stories_without_articles(session)
        recent = story_store.recently_assigned(session, options.recluster_window)
        members = story_store.live_story_members(
            session,
            _live_since(features, options),
            stories=out_of_step,
            holding=recent if reconcile and features else (),
        )
    if progress is not None:
        progress.stage(stage, len(features))
    clusterer = StoryClusterer.restore(members, options, terms_df=terms_df, entities_df=entities_df)
    touched: set[str] = set(out_of_step)
    report.repaired += len(out_of_step) + len(empty)
    for done, item in enumerate(features, start=1):
        assignment = clusterer.add(item)
        # One transaction per article: a crash keeps every assignment made before it.
        with store.transaction() as session:
            story_store.assign(
                session, assignment.article_id, assignment.story_id, assignment.probability
            )
            count_document(session, item.terms, item.entities)
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
        story_store.remove_stories(session, empty)
        _save_summaries(session, clusterer, clusterer.stories, touched)
    if reconcile and features:
        by_id = {f.article_id: f for group in members.values() for f in group}
        by_id.update((f.article_id, f) for f in features)
        stories = members_by_story(clusterer, by_id)
        if progress is not None:
            progress.stage(f"re-clustering the last {options.recluster_window} articles")
        found = reconcile_store(store, options, clusterer=clusterer, stories=stories)
        report.reconciled += found.reclustered
        report.moved += len(found.moved)
        report.changes.extend(found.changes)


def reconcile_store(
    store: Store,
    options: ClusterOptions | None = None,
    *,
    clusterer: StoryClusterer | None = None,
    stories: dict[str, list[ArticleFeatures]] | None = None,
) -> Reconciliation:
    """Re-cluster the articles assigned last (and their stories) with the batch model.

    Moves, removed stories, the changes and the new summaries are written in one
    transaction. ``clusterer`` and ``stories`` (story id -> features, at least every
    story holding a recent article) save reading the store again when the caller has
    just streamed; else the stories of the recent articles are read.
    """
    options = options or ClusterOptions()
    with store.session() as session:
        recent = story_store.recently_assigned(session, options.recluster_window)
        if stories is None:
            stories = story_store.live_story_members(session, None, holding=recent)
        # New clusters are named after their first article; stories elsewhere may hold a name.
        names = {story_id_for(f.article_id) for group in stories.values() for f in group}
        reserved = story_store.stories_named_after(session, names) - set(stories)
    if clusterer is None:
        terms_df, entities_df = _frequencies(store)
        clusterer = StoryClusterer.restore(
            stories, options, terms_df=terms_df, entities_df=entities_df
        )
    found = recluster_recent(stories, recent, options, reserved=reserved)
    if not found:
        return found
    after = reconciled(stories, found)
    with store.transaction() as session:
        for article_id, story_id in sorted(found.moved.items()):
            story_store.assign(session, article_id, story_id, 1.0)
        story_store.remove_stories(session, found.removed)
        for change in found.changes:
            story_store.record_change(session, change)
        profiles = {story_id: StoryProfile.of(*after[story_id]) for story_id in found.touched}
        _save_summaries(session, clusterer, profiles, found.touched)
    return found


def _live_since(features: list[ArticleFeatures], options: ClusterOptions) -> datetime | None:
    """The time from which stored stories can still take one of ``features``; None: none can.

    A dated article skips a story whose latest article is more than the window older
    (``StoryClusterer``); an undated one skips none, so then every story is live.
    """
    if not features:
        return None
    if any(f.published_at is None for f in features):
        return datetime.min.replace(tzinfo=UTC)
    return min(f.published_at for f in features if f.published_at is not None) - options.window


def _frequencies(store: Store) -> tuple[DocumentFrequencies, DocumentFrequencies]:
    """The kept document frequencies, counted once from the stored stories when never kept."""
    with store.session() as session:
        kept = stored_frequencies(session)
    if kept is None:
        terms_df, entities_df = DocumentFrequencies(), DocumentFrequencies()
        with store.session() as session:
            after = ""
            while batch := story_store.assigned_features(session, after, FEATURE_CHUNK * 16):
                for item in batch:
                    terms_df.add(item.terms)
                    entities_df.add(item.entities)
                after = batch[-1].article_id
        kept = terms_df.as_dict(), entities_df.as_dict()
        with store.transaction() as session:
            save_frequencies(session, *kept)
    terms, entities = kept
    return DocumentFrequencies.recounted(terms), DocumentFrequencies.recounted(entities)


def _rebuild_store(
    store: Store, options: ClusterOptions, progress: AnalyzeProgress | None
) -> ClusterReport:
    """Re-cluster every article in batch and replace the stored stories."""
    with store.session() as session:
        features = story_store.all_features(session)
        previous = story_store.assignments(session)
    if progress is not None:
        progress.stage(f"re-clustering {len(features)} articles")
    result = rebuild(features, options, previous=previous)
    clusterer = result.clusterer(features, options)
    with store.transaction() as session:
        story_store.clear_stories(session)
        save_frequencies(session, clusterer.terms_df.as_dict(), clusterer.entities_df.as_dict())
        for article_id, story_id in sorted(result.assignments.items()):
            story_store.assign(session, article_id, story_id, 1.0)
        for change in result.changes:
            story_store.record_change(session, change)
        _save_summaries(session, clusterer, clusterer.stories, set(clusterer.stories))
    return ClusterReport(
        assigned=len(result.assignments), stories=len(clusterer), changes=list(result.changes)
    )


def _save_summaries(
    session: Session,
    clusterer: StoryClusterer,
    profiles: Mapping[str, StoryProfile],
    story_ids: set[str],
) -> None:
    """Write the summaries of ``story_ids`` that still exist (the clusterer's frequencies).

    Keywords are stored as the articles write them (accents, whole words), not as terms.
    """
    for story_id in sorted(story_ids & set(profiles)):
        summary = summarize_story(
            story_id,
            profiles[story_id],
            terms_df=clusterer.terms_df,
            entities_df=clusterer.entities_df,
        )
        texts = repository.article_texts(session, list(summary.article_ids))
        keywords = display_keywords(summary.keywords, texts)
        story_store.save_story(session, replace(summary, keywords=keywords))
