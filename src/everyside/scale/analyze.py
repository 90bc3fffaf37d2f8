"""Analyze articles on Spark: ``analyze_each`` per partition, spaCy loaded once per worker."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from pyspark.sql import DataFrame
from pyspark.sql import types as T

from everyside.analyze.pipeline import AnalysisFailure, AnalyzeOptions, analyze_each
from everyside.scale.records import ANALYSIS_PARTS, analysis_columns, article_from_json

# Several tasks per core, so that one slow partition does not leave a core idle.
TASKS_PER_CORE = 4
ANALYSES_SCHEMA = T.StructType(
    [
        T.StructField("article_id", T.StringType(), False),
        *(T.StructField(part, T.StringType(), True) for part in ANALYSIS_PARTS),
        T.StructField("error", T.StringType(), True),
    ]
)


def analyze_partition(
    rows: Iterable[T.Row], options: AnalyzeOptions
) -> Iterator[tuple[object, ...]]:
    """Analyze one partition's articles as they stream in; a failed article gets an error row."""
    articles = (article_from_json(row.article) for row in rows)
    for result in analyze_each(articles, options):
        if isinstance(result, AnalysisFailure):
            yield (result.article_id, *(None for _ in ANALYSIS_PARTS), result.problem)
        else:
            yield (result.article_id, *analysis_columns(result), None)


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
