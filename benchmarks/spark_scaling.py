"""The Spark pipeline on 1 and 2 local cores, next to the single-process pipeline.

Run ``python -m benchmarks.spark_scaling`` (``make bench``); ``--articles 500`` for a quick
try. Needs pyspark and Java. See benchmarks/README.md and docs/scaling.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.ingest_throughput import DEFAULT_SEED
from benchmarks.pipeline_throughput import DEFAULT_ARTICLES, make_corpus, run_pipeline, save
from everyside.scale.job import SparkJobOptions, run_stages
from everyside.scale.session import spark_session

RESULTS = Path(__file__).resolve().parent / "results" / "spark_scaling.json"


@dataclass(slots=True)
class ScalingRun:
    """One run: where it ran, how long, and its speed-up over the single process."""

    scenario: str
    cores: int
    articles: int
    seconds: float
    articles_per_second: float
    per_core_articles_per_second: float
    speedup_vs_single_process: float = 1.0


def run_spark(corpus: Path, folder: Path, cores: int, articles: int) -> ScalingRun:
    """The whole Spark job on ``local[cores]``; the session starts before the clock."""
    spark = spark_session(f"local[{cores}]", app_name="everyside-bench")
    options = SparkJobOptions(output=str(folder / f"spark-{cores}"), inputs=(str(corpus),))
    try:
        started = time.perf_counter()
        run_stages(spark, options, ("ingest", "analyze", "cluster"))
        seconds = time.perf_counter() - started
    finally:
        spark.stop()
    rate = articles / seconds
    return ScalingRun(f"spark local[{cores}]", cores, articles, seconds, rate, rate / cores)


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.spark_scaling")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 120))
    cores = max(2, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="everyside-bench-") as folder:
        work = Path(folder)
        corpus, described = make_corpus(args.articles, args.seed, work)
        single = run_pipeline(corpus, work, 1, "single process (baseline)")
        runs = [
            ScalingRun(
                single.scenario,
                1,
                single.articles,
                single.seconds,
                single.articles_per_second,
                single.articles_per_second,
            )
        ]
        runs += [run_spark(corpus, work, n, single.articles) for n in (1, cores)]
    for run in runs[1:]:
        run.speedup_vs_single_process = run.articles_per_second / runs[0].articles_per_second
    table = Table(
        title=f"Spark scaling: {args.articles:,} generated articles", title_justify="left"
    )
    for column in ("scenario", "cores", "seconds", "articles/s", "per core", "× single process"):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for run in runs:
        table.add_row(
            run.scenario,
            str(run.cores),
            f"{run.seconds:.1f}",
            f"{run.articles_per_second:.1f}",
            f"{run.per_core_articles_per_second:.1f}",
            f"{run.speedup_vs_single_process:.2f}",
        )
    console.print(table)
    save(args.output, "spark_scaling", described, runs)
    console.print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
