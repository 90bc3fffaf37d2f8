"""Cluster on Spark: features per partition, the stream clusterer per time window, borders merged.

1. Features are computed per partition with ``extract_features`` (the USE model loads once
   per worker) and kept as ``ArticleFeatures.as_dict`` JSON, as the store keeps them.
2. Dated articles fall into fixed time windows (``window_days``, at least the clusterer's
   dormancy window). Each window is one task: a :class:`StoryClusterer` fed the window's
   articles in arrival order, starting from the document frequencies of every earlier
   window, so its IDF is the one the single-machine stream would have had.
3. Border: a story of one window may continue one of the previous window's. Each border
   is one task: a clusterer restored with the previous window's stories still live at
   the border takes the next window's articles from the first dormancy period, in arrival
   order; a story whose article joins an earlier story is merged into it (the older id
   stays), like the stream would have assigned that article.
4. Undated articles come last, as in the stream: a clusterer restored with every story
   (on the driver) takes them, and may join them to any story.
5. Each story is summarized from all its articles with the corpus-wide frequencies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import islice
from typing import Any

from pyspark import RDD, Broadcast
from pyspark.sql import DataFrame
from pyspark.sql import types as T

from everyside.cluster.features import DocumentFrequencies, extract_features
from everyside.cluster.options import ClusterOptions
from everyside.cluster.profile import StoryProfile
from everyside.cluster.stream import StoryClusterer, arrival_order
from everyside.cluster.summary import summarize_story
from everyside.jobs.cluster import FEATURE_CHUNK
from everyside.model import ArticleFeatures, StoryChange
from everyside.scale.analyze import TASKS_PER_CORE
from everyside.scale.records import ANALYSIS_PARTS, analysis_from_columns, article_from_json

DEFAULT_WINDOW_DAYS = 7

FEATURES_SCHEMA = T.StructType(
    [
        T.StructField("article_id", T.StringType(), False),
        T.StructField("window", T.LongType(), True),
        T.StructField("features", T.StringType(), False),
    ]
)
ASSIGNMENTS_SCHEMA = T.StructType(
    [
        T.StructField("article_id", T.StringType(), False),
        T.StructField("story_id", T.StringType(), False),
        T.StructField("probability", T.DoubleType(), False),
    ]
)
STORIES_SCHEMA = T.StructType(
    [
        T.StructField("story_id", T.StringType(), False),
        T.StructField("headline", T.StringType(), False),
        T.StructField("size", T.IntegerType(), False),
        T.StructField("first_seen", T.TimestampType(), True),
        T.StructField("last_seen", T.TimestampType(), True),
        T.StructField("article_ids", T.ArrayType(T.StringType()), False),
        T.StructField("summary", T.StringType(), False),
    ]
)
CHANGES_SCHEMA = T.StructType([T.StructField("change", T.StringType(), False)])

Frequencies = tuple[dict[str, Any], dict[str, Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Windows:
    """Fixed time windows of ``days`` days from the Unix epoch."""

    days: int = DEFAULT_WINDOW_DAYS

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError("window_days must be at least 1")

    @property
    def length(self) -> timedelta:
        """How long one window is."""
        return timedelta(days=self.days)

    def of(self, moment: datetime | None) -> int | None:
        """The window a time falls in; None for an undated article."""
        if moment is None:
            return None
        return int(moment.timestamp() // self.length.total_seconds())

    def start(self, window: int) -> datetime:
        """When a window starts (UTC)."""
        return datetime.fromtimestamp(window * self.length.total_seconds(), tz=UTC)


@dataclass(slots=True)
class WindowResult:
    """One window clustered: stories (members in arrival order) and what happened."""

    window: int
    stories: dict[str, list[ArticleFeatures]]
    probabilities: dict[str, float]
    changes: list[StoryChange] = field(default_factory=list)


def features_partition(rows: Iterable[T.Row], windows: Windows) -> Iterator[tuple[object, ...]]:
    """Features of one partition's analyzed articles, in chunks of one embedding batch."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, FEATURE_CHUNK)):
        articles = [article_from_json(row.article) for row in chunk]
        analyses = [
            analysis_from_columns(row.article_id, tuple(row[part] for part in ANALYSIS_PARTS))
            for row in chunk
        ]
        for item in extract_features(articles, analyses):
            data = item.as_dict()
            yield item.article_id, windows.of(item.published_at), json.dumps(data)


def compute_features(articles: DataFrame, analyses: DataFrame, windows: Windows) -> DataFrame:
    """Clustering features of every analyzed article, with its time window."""
    joined = articles.select("id", "article").join(
        analyses.where("error IS NULL").withColumnRenamed("article_id", "id"), "id"
    )
    tasks = articles.sparkSession.sparkContext.defaultParallelism * TASKS_PER_CORE
    rows = (
        joined.withColumnRenamed("id", "article_id")
        .repartition(tasks)
        .rdd.mapPartitions(partial(features_partition, windows=windows))
    )
    return articles.sparkSession.createDataFrame(rows, FEATURES_SCHEMA)


def _features(text: str) -> ArticleFeatures:
    # Through as_dict/from_dict, as from the store: embeddings rounded the same way.
    return ArticleFeatures.from_dict(json.loads(text))


def window_frequencies(items: Iterable[str]) -> Frequencies:
    """Document frequencies of terms and entities over one window's articles."""
    terms, entities = DocumentFrequencies(), DocumentFrequencies()
    for text in items:
        data = json.loads(text)
        terms.add(data["terms"])
        entities.add(data["entities"])
    return terms.as_dict(), entities.as_dict()


def prefix_frequencies(per_window: dict[int, Frequencies]) -> dict[int, Frequencies]:
    """For each window (and one past the last), the frequencies of every earlier window."""
    terms, entities = DocumentFrequencies(), DocumentFrequencies()
    prefixes: dict[int, Frequencies] = {}
    for window in sorted(per_window):
        prefixes[window] = terms.as_dict(), entities.as_dict()
        terms.merge(DocumentFrequencies.from_dict(per_window[window][0]))
        entities.merge(DocumentFrequencies.from_dict(per_window[window][1]))
    prefixes[max(per_window, default=-1) + 1] = terms.as_dict(), entities.as_dict()
    return prefixes


def _clusterer(
    frequencies: Frequencies,
    options: ClusterOptions,
    stories: dict[str, list[ArticleFeatures]] | None = None,
) -> StoryClusterer:
    terms, entities = (DocumentFrequencies.from_dict(part) for part in frequencies)
    return StoryClusterer.restore(stories or {}, options, terms_df=terms, entities_df=entities)


def cluster_window(
    window: int,
    items: Iterable[str],
    prefixes: Broadcast[dict[int, Frequencies]],
    options: ClusterOptions,
) -> WindowResult:
    """Stream one window's articles, in arrival order, through a clusterer."""
    clusterer = _clusterer(prefixes.value[window], options)
    ordered = arrival_order(_features(text) for text in items)
    probabilities = {item.article_id: clusterer.add(item).probability for item in ordered}
    by_id = {item.article_id: item for item in ordered}
    stories = {
        story_id: [by_id[article_id] for article_id in profile.article_ids]
        for story_id, profile in clusterer.stories.items()
    }
    return WindowResult(window, stories, probabilities, list(clusterer.changes))


def border_sides(
    result: WindowResult, windows: Windows, dormancy: timedelta
) -> Iterator[tuple[int, tuple[str, str, list[ArticleFeatures]]]]:
    """What a window brings to its two borders, keyed by the later window's index.

    To the border after it: its stories still live at the window's end, whole. To the
    border before it: its stories' articles from the window's first dormancy period.
    """
    end = windows.start(result.window + 1)
    start = windows.start(result.window)
    for story_id, members in result.stories.items():
        last = max(m.published_at for m in members if m.published_at is not None)
        if end - last <= dormancy:
            yield result.window + 1, ("earlier", story_id, members)
        early = [
            m for m in members if m.published_at is not None and m.published_at - start < dormancy
        ]
        if early:
            yield result.window, ("later", story_id, early)


def merge_border(
    border: int,
    sides: Iterable[tuple[str, str, list[ArticleFeatures]]],
    prefixes: Broadcast[dict[int, Frequencies]],
    options: ClusterOptions,
) -> list[tuple[str, str]]:
    """(later story, earlier story) pairs to merge across one border (see the module doc)."""
    earlier: dict[str, list[ArticleFeatures]] = {}
    later: list[tuple[str, ArticleFeatures]] = []
    for side, story_id, members in sides:
        if side == "earlier":
            earlier[story_id] = members
        else:
            later.extend((story_id, member) for member in members)
    if not earlier or not later:
        return []
    story_of = {member.article_id: story_id for story_id, member in later}
    clusterer = _clusterer(prefixes.value[border], options, dict(sorted(earlier.items())))
    arriving = arrival_order(member for _, member in later)
    for item in arriving:
        clusterer.add(item)
    merges = set()
    for item in arriving:
        joined = clusterer.story_of(item.article_id)
        if joined in earlier:
            merges.add((story_of[item.article_id], joined))
    return sorted(merges)


class _Merges:
    """Union-find over story ids; a merged group keeps the id of its earliest-opened story."""

    def __init__(self, opened: dict[str, tuple[int, int]]) -> None:
        self.opened = opened
        self.parent: dict[str, str] = {}

    def root(self, story_id: str) -> str:
        """The id a story ends up with."""
        while (parent := self.parent.get(story_id, story_id)) != story_id:
            story_id = parent
        return story_id

    def union(self, a: str, b: str) -> None:
        """Merge the groups of two stories."""
        a, b = self.root(a), self.root(b)
        if a != b:
            keep, gone = sorted((a, b), key=lambda s: self.opened[s])
            self.parent[gone] = keep


@dataclass(slots=True)
class Clustering:
    """Every article's story, the stories and the recorded changes, as DataFrames."""

    assignments: DataFrame
    stories: DataFrame
    changes: DataFrame


def _story_row(
    story_id: str, texts: Iterable[str], frequencies: Broadcast[Frequencies]
) -> tuple[object, ...]:
    profile = StoryProfile.of(*arrival_order(_features(text) for text in texts))
    terms, entities = (DocumentFrequencies.from_dict(part) for part in frequencies.value)
    summary = summarize_story(story_id, profile, terms_df=terms, entities_df=entities)
    return (
        story_id,
        summary.headline,
        summary.size,
        summary.first_seen,
        summary.last_seen,
        list(profile.article_ids),
        json.dumps(summary.as_dict(), ensure_ascii=False),
    )


def cluster_features(
    features: DataFrame, options: ClusterOptions | None = None, *, windows: Windows | None = None
) -> Clustering:
    """Stories of every article with features (see the module doc)."""
    options = options or ClusterOptions()
    windows = windows or Windows()
    if windows.length < options.window:
        raise ValueError("window_days must be at least the clusterer's dormancy window")
    spark = features.sparkSession
    context = spark.sparkContext
    dated = features.where("window IS NOT NULL").rdd.map(lambda row: (row.window, row.features))
    by_window = dated.groupByKey().mapValues(list).cache()
    per_window = dict(by_window.mapValues(window_frequencies).collect())
    prefixes = context.broadcast(prefix_frequencies(per_window))
    results = by_window.map(
        lambda pair: cluster_window(pair[0], pair[1], prefixes, options)
    ).cache()
    merges = (
        results.flatMap(partial(border_sides, windows=windows, dormancy=options.window))
        .groupByKey()
        .flatMap(lambda pair: merge_border(pair[0], pair[1], prefixes, options))
        .collect()
    )
    opened = dict(
        results.flatMap(
            lambda r: ((s, (r.window, index)) for index, s in enumerate(r.stories))
        ).collect()
    )
    union = _Merges(opened)
    for later, earlier in merges:
        union.union(later, earlier)
    renamed = context.broadcast({story_id: union.root(story_id) for story_id in union.parent})
    assignments: RDD[tuple[str, str, float]] | list[tuple[str, str, float]]
    assignments = results.flatMap(
        lambda r: (
            (member.article_id, renamed.value.get(s, s), r.probabilities[member.article_id])
            for s, members in r.stories.items()
            for member in members
        )
    )
    changes = [
        json.dumps(change.as_dict()) for change in results.flatMap(lambda r: r.changes).collect()
    ]
    totals = prefix_frequencies(per_window)[max(per_window, default=-1) + 1]
    undated = features.where("window IS NULL").select("features").collect()
    if undated:
        assignments, totals, late = _place_undated(
            [row.features for row in undated], features, assignments, totals, opened, union, options
        )
        changes.extend(late)
    assignment_frame = spark.createDataFrame(assignments, ASSIGNMENTS_SCHEMA).cache()
    frequencies = context.broadcast(totals)
    members = (
        assignment_frame.join(features.select("article_id", "features"), "article_id")
        .rdd.map(lambda row: (row.story_id, row.features))
        .groupByKey()
        .map(lambda pair: _story_row(pair[0], pair[1], frequencies))
    )
    return Clustering(
        assignments=assignment_frame,
        stories=spark.createDataFrame(members, STORIES_SCHEMA),
        changes=spark.createDataFrame([(c,) for c in changes], CHANGES_SCHEMA),
    )


def _place_undated(
    undated: list[str],
    features: DataFrame,
    assignments: Any,
    totals: Frequencies,
    opened: dict[str, tuple[int, int]],
    union: _Merges,
    options: ClusterOptions,
) -> tuple[list[tuple[str, str, float]], Frequencies, list[str]]:
    """Undated articles joined to any story, on the driver, as the stream takes them last."""
    dated = {
        row.article_id: _features(row.features)
        for row in features.where("window IS NOT NULL").toLocalIterator()
    }
    placed = assignments.collect()
    probability = {article_id: p for article_id, _, p in placed}
    groups: dict[str, list[ArticleFeatures]] = {}
    for article_id, story_id, _ in placed:
        groups.setdefault(story_id, []).append(dated[article_id])
    stories = {
        story_id: arrival_order(groups[story_id])
        for story_id in sorted(groups, key=lambda s: opened[union.root(s)])
    }
    clusterer = _clusterer(totals, options, stories)
    for item in arrival_order(_features(text) for text in undated):
        probability[item.article_id] = clusterer.add(item).probability
    final = [
        (article_id, story_id, probability[article_id])
        for article_id, story_id in clusterer.assignments().items()
    ]
    frequencies = clusterer.terms_df.as_dict(), clusterer.entities_df.as_dict()
    return final, frequencies, [json.dumps(change.as_dict()) for change in clusterer.changes]
