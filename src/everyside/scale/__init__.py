"""Batch backfills on Apache Spark: the single-machine pipeline, one task per input or window.

``python -m everyside.scale.spark all --input DIR --output OUT --master local[2]`` (or the
same arguments after ``spark-submit``) reads, deduplicates, analyzes and clusters a corpus
and writes Parquet; see docs/scaling.md.
"""

from everyside.scale.job import SparkJobOptions, run_analyze, run_cluster, run_ingest
from everyside.scale.session import spark_session

__all__ = ["SparkJobOptions", "run_analyze", "run_cluster", "run_ingest", "spark_session"]
