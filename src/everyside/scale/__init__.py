"""Batch backfills on Apache Spark: the single-machine pipeline, one task per input or window.

``python -m everyside.scale.spark all --input DIR --output OUT --master local[2]`` (or the
same arguments after ``spark-submit``) reads, deduplicates, analyzes and clusters a corpus
and writes Parquet; see docs/scaling.md.

Runs the same stages as the jobs layer; may import the jobs, the stages and the model,
never the interfaces (cli, web, watch, report), ``evaluate`` or ``training``.
"""

from everyside.scale.job import SparkJobOptions, run_analyze, run_cluster, run_ingest
from everyside.scale.session import spark_session

__all__ = ["SparkJobOptions", "run_analyze", "run_cluster", "run_ingest", "spark_session"]
