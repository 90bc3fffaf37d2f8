"""Analyze articles on Spark: ``analyze_articles`` per partition, spaCy loaded once per worker."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import islice

from pyspark.sql import DataFrame
from pyspark.sql import types as T

from everyside.analyze.pipeline import AnalyzeOptions, ArticleAnalysis, analyze_articles
from everyside.analyze.run import CHUNK
from everyside.model import Article
from everyside.scale.records import ANALYSIS_PARTS, analysis_columns, article_from_json

logger = logging.getLogger(__name__)

# Several tasks per core, so that one slow partition does not leave a core idle.
TASKS_PER_CORE = 4
ANALYSES_SCHEMA = T.StructType(
    [
        T.StructField("article_id", T.StringType(), False),
        *(T.StructField(part, T.StringType(), True) for part in ANALYSIS_PARTS),
        T.StructField("error", T.StringType(), True),
    ]
)


def _analyzed(articles: list[Article], options: AnalyzeOptions) -> Iterator[tuple[object, ...]]:
    """Rows for a chunk; when the batch fails, each article is retried alone."""
    try:
        results: list[ArticleAnalysis | tuple[str, str]] = list(analyze_articles(articles, options))
    except Exception as error:  # one bad article must not stop the run
        logger.warning("batch failed (%s); analyzing its articles one at a time", error)
        results = []
        for article in articles:
            try:
                results.extend(analyze_articles([article], options))
            except Exception as single_error:
                results.append((article.id, f"{type(single_error).__name__}: {single_error}"))
    for result in results:
        if isinstance(result, ArticleAnalysis):
            yield (result.article_id, *analysis_columns(result), None)
        else:
            yield (result[0], *(None for _ in ANALYSIS_PARTS), result[1])


def analyze_partition(
    rows: Iterable[T.Row], options: AnalyzeOptions
) -> Iterator[tuple[object, ...]]:
    """Analyze one partition's articles in chunks (bounded memory, full spaCy batches)."""
    articles = (article_from_json(row.article) for row in rows)
    while chunk := list(islice(articles, CHUNK)):
        yield from _analyzed(chunk, options)


def analyze_corpus(articles: DataFrame, options: AnalyzeOptions | None = None) -> DataFrame:
    """One row per article: its analysis as JSON columns, or the error that stopped it."""
    options = options or AnalyzeOptions()
    # Parquet read back from a small corpus is one partition: spread it over every core.
    tasks = articles.sparkSession.sparkContext.defaultParallelism * TASKS_PER_CORE
    rows = (
        articles.select("article")
        .repartition(tasks)
        .rdd.mapPartitions(partial(analyze_partition, options=options))
    )
    return articles.sparkSession.createDataFrame(rows, ANALYSES_SCHEMA)
