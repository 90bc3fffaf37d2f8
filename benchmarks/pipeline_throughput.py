"""End-to-end single-machine throughput: ingest → analyze → cluster, one process and one per core.

Run ``python -m benchmarks.pipeline_throughput`` (``make bench``); ``--articles 500`` for a
quick try. The issue's target is 25 articles/s on a 2-core machine. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.ingest_throughput import DEFAULT_SEED, generate_corpus, machine, write_jsonl
from everyside.analyze.pipeline import AnalyzeOptions
from everyside.analyze.run import analyze_store
from everyside.cluster.run import cluster_store
from everyside.ingest import ingest
from everyside.store.db import Store

DEFAULT_ARTICLES = 20_000
TARGET_PER_SECOND = 25.0
RESULTS = Path(__file__).resolve().parent / "results" / "pipeline.json"


@dataclass(slots=True)
class PipelineRun:
    """One end-to-end run's figures."""

    scenario: str
    articles: int
    ingest_seconds: float
    analyze_seconds: float
    cluster_seconds: float
    seconds: float
    articles_per_second: float
    ratio_vs_baseline: float = 1.0


def run_pipeline(corpus: Path, folder: Path, processes: int, name: str) -> PipelineRun:
    """Ingest the corpus into a new SQLite store, analyze it with ``processes``, cluster it."""
    store = Store(f"sqlite:///{folder / f'{name}.db'}")
    try:
        started = time.perf_counter()
        report = ingest([str(corpus)], store)
        ingested = time.perf_counter()
        analysis = analyze_store(store, AnalyzeOptions(processes=processes))
        analyzed = time.perf_counter()
        if not analysis.ok:  # a fast run that analyzed nothing is not a result
            _, problem = analysis.failed[0]
            raise SystemExit(f"{name}: {len(analysis.failed)} articles failed ({problem})")
        cluster_store(store)
        done = time.perf_counter()
    finally:
        store.close()
    articles = len(report.events)
    return PipelineRun(
        scenario=name,
        articles=articles,
        ingest_seconds=ingested - started,
        analyze_seconds=analyzed - ingested,
        cluster_seconds=done - analyzed,
        seconds=done - started,
        articles_per_second=articles / (done - started),
    )


def make_corpus(articles: int, seed: int, folder: Path) -> tuple[Path, dict[str, Any]]:
    """The ingest benchmark's generated corpus as one JSONL file, and what it holds."""
    records, made = generate_corpus(articles, seed)
    path = write_jsonl(records, folder / "corpus.jsonl")
    return path, {"articles": articles, "seed": seed, "made": made}


def results_table(runs: list[PipelineRun], title: str) -> Table:
    """The figures as a Rich table."""
    table = Table(title=title, title_justify="left")
    table.add_column("scenario", no_wrap=True)
    for column in ("articles", "ingest s", "analyze s", "cluster s", "articles/s", "× baseline"):
        table.add_column(column, justify="right")
    table.add_column("target 25/s")
    for run in runs:
        table.add_row(
            run.scenario,
            f"{run.articles:,}",
            f"{run.ingest_seconds:.1f}",
            f"{run.analyze_seconds:.1f}",
            f"{run.cluster_seconds:.1f}",
            f"{run.articles_per_second:.1f}",
            f"{run.ratio_vs_baseline:.2f}",
            "met" if run.articles_per_second >= TARGET_PER_SECOND else "not met",
        )
    return table


def save(output: Path, benchmark: str, corpus: dict[str, Any], runs: list[Any]) -> None:
    """Write the results JSON."""
    results = {
        "benchmark": benchmark,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "corpus": corpus,
        "target_articles_per_second": TARGET_PER_SECOND,
        "results": [asdict(run) for run in runs],
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipeline_throughput")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 120))
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="everyside-bench-") as folder:
        corpus, described = make_corpus(args.articles, args.seed, Path(folder))
        runs = [run_pipeline(corpus, Path(folder), 1, "one process")]
        if cores > 1:
            runs.append(run_pipeline(corpus, Path(folder), cores, f"{cores} processes"))
    for run in runs[1:]:
        # Speed-up over one process: above 1 is what the extra cores bought.
        run.ratio_vs_baseline = run.articles_per_second / runs[0].articles_per_second
    title = f"Pipeline throughput: {args.articles:,} generated articles, {cores} cores"
    console.print(results_table(runs, title))
    save(args.output, "pipeline_throughput", described, runs)
    console.print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
