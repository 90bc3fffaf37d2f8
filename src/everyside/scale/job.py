"""The Spark job's stages: ingest, analyze and cluster, each reading and writing Parquet.

``OUT/articles``, ``OUT/failures``, ``OUT/analyses``, ``OUT/features``,
``OUT/assignments``, ``OUT/stories`` and ``OUT/changes`` hold the results; with a store
URL each stage also writes what it made through the ``everyside.store`` functions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from pyspark.sql import DataFrame, SparkSession

from everyside.analyze.pipeline import ANALYSIS_VERSION, AnalyzeOptions
from everyside.cluster.options import ClusterOptions
from everyside.ingest.dedup import signature_from_bytes
from everyside.jobs.analyze import SAVE_BATCH
from everyside.jobs.ingest import index_signature
from everyside.model import ArticleFeatures, StorySummary
from everyside.scale.analyze import analyze_corpus
from everyside.scale.cluster import Clustering, Windows, cluster_features, compute_features
from everyside.scale.ingest import copies_of, read_corpus
from everyside.scale.records import ANALYSIS_PARTS, analysis_from_columns, article_from_json
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.analysis import save_analyses
from everyside.store.db import open_store


@dataclass(frozen=True, slots=True, kw_only=True)
class SparkJobOptions:
    """Where a Spark job reads and writes, and how each stage runs.

    Args:
        output: folder of the Parquet datasets (local path or any URI Spark writes to).
        inputs: files, folders or glob patterns to ingest, in ingest order.
        store: a store URL (``postgresql://…`` or ``sqlite:///…``) to write to as well.
        ingest, analyze, cluster: the single-machine options of each stage.
        windows: the time windows clustering splits the corpus into.
    """

    output: str
    inputs: tuple[str, ...] = ()
    store: str | None = None
    ingest: IngestOptions = field(default_factory=IngestOptions)
    analyze: AnalyzeOptions = field(default_factory=AnalyzeOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    windows: Windows = field(default_factory=Windows)

    def dataset(self, name: str) -> str:
        """The path of one output dataset."""
        return f"{self.output.rstrip('/')}/{name}"


def _save(frame: DataFrame, options: SparkJobOptions, name: str) -> DataFrame:
    frame.write.mode("overwrite").parquet(options.dataset(name))
    return frame.sparkSession.read.parquet(options.dataset(name))


def run_ingest(spark: SparkSession, options: SparkJobOptions) -> DataFrame:
    """Read and deduplicate the inputs; write ``articles`` and ``failures``."""
    if not options.inputs:
        raise ValueError("nothing to ingest: give at least one input")
    articles, failures = read_corpus(spark, options.inputs, options.ingest)
    _save(failures, options, "failures")
    saved = _save(articles, options, "articles")
    if options.store:
        write_articles(saved, options.store)
    return saved


def run_analyze(spark: SparkSession, options: SparkJobOptions) -> DataFrame:
    """Analyze the ingested articles; write ``analyses``."""
    articles = spark.read.parquet(options.dataset("articles"))
    saved = _save(analyze_corpus(articles, options.analyze), options, "analyses")
    if options.store:
        write_analyses(saved, options.store)
    return saved


def run_cluster(spark: SparkSession, options: SparkJobOptions) -> Clustering:
    """Compute features and cluster the analyzed articles; write the clustering datasets."""
    articles = spark.read.parquet(options.dataset("articles"))
    analyses = spark.read.parquet(options.dataset("analyses"))
    features = _save(compute_features(articles, analyses, options.windows), options, "features")
    found = cluster_features(features, options.cluster, windows=options.windows)
    saved = Clustering(
        assignments=_save(found.assignments, options, "assignments"),
        stories=_save(found.stories, options, "stories"),
        changes=_save(found.changes, options, "changes"),
    )
    if options.store:
        write_clustering(features, saved, options.store)
    return saved


def run_stages(spark: SparkSession, options: SparkJobOptions, stages: Sequence[str]) -> None:
    """Run the named stages in pipeline order."""
    runners = {"ingest": run_ingest, "analyze": run_analyze, "cluster": run_cluster}
    for name in runners:
        if name in stages:
            runners[name](spark, options)


def write_articles(articles: DataFrame, url: str) -> None:
    """Store the articles in ingest order (a near-copy after its original), with their copies."""
    store = open_store(url)
    try:
        for row in articles.orderBy("position").toLocalIterator():
            article = article_from_json(row.article)
            with store.transaction() as session:
                if repository.find_by_hash(session, article.content_hash) is not None:
                    continue  # stored by an earlier run
                repository.add_article(session, store.fulltext, article, minhash=row.minhash)
                if row.minhash is not None:
                    # The store's near-duplicate index, for what `everyside ingest` reads next.
                    index_signature(session, article.id, signature_from_bytes(row.minhash))
                for copy in copies_of(row):
                    repository.record_copy(session, article.id, copy)
    finally:
        store.close()


def write_analyses(analyses: DataFrame, url: str) -> None:
    """Store every successful analysis, SAVE_BATCH to a transaction."""
    store = open_store(url)
    rows = analyses.where("error IS NULL").toLocalIterator()
    try:
        while batch := list(islice(rows, SAVE_BATCH)):
            found = [
                analysis_from_columns(row.article_id, tuple(row[part] for part in ANALYSIS_PARTS))
                for row in batch
            ]
            with store.transaction() as session:
                save_analyses(session, found, ANALYSIS_VERSION)
    finally:
        store.close()


def write_clustering(features: DataFrame, clustering: Clustering, url: str) -> None:
    """Store the features, the assignments (replacing earlier ones), stories and changes."""
    store = open_store(url)
    try:
        with store.transaction() as session:
            for row in features.toLocalIterator():
                story_store.save_features(
                    session, ArticleFeatures.from_dict(json.loads(row.features))
                )
            story_store.clear_stories(session)
            for row in clustering.assignments.orderBy("article_id").toLocalIterator():
                story_store.assign(session, row.article_id, row.story_id, row.probability)
            for row in clustering.stories.toLocalIterator():
                story_store.save_story(session, StorySummary.from_dict(json.loads(row.summary)))
    finally:
        store.close()
