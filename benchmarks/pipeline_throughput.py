"""End-to-end single-machine throughput: ingest → analyze → cluster, one process and one per core.

Run ``python -m benchmarks.pipeline_throughput`` (``make bench``: 20,000 articles);
``--articles 500`` for a quick try. The issue's target is 25 articles/s on a 2-core
machine. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.ingest_throughput import DEFAULT_SEED, generate_corpus, save_results, write_jsonl
from everyside.analyze.pipeline import AnalyzeOptions
from everyside.jobs import ingest
from everyside.jobs.analyze import analyze_store
from everyside.jobs.cluster import cluster_store
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
    processes: int = 1
    # The 1-minute load average before and after: above the core count, other work
    # shared the machine and the seconds are inflated.
    load_before: float = 0.0
    load_after: float = 0.0


def run_pipeline(corpus: Path, folder: Path, processes: int, name: str) -> PipelineRun:
    """Ingest the corpus into a new SQLite store, analyze it with ``processes``, cluster it."""
    store = Store(f"sqlite:///{folder / f'{name}.db'}")
    load_before = os.getloadavg()[0]
    try:
        started = time.perf_counter()
        report = ingest([str(corpus)], store)
        ingested = time.perf_counter()
        analysis = analyze_store(store, AnalyzeOptions(processes=processes))
        analyzed = time.perf_counter()
        if not analysis.ok:  # a fast run that analyzed nothing is not a result
            _, problem = analysis.failed[0]
            raise SystemExit(f"{name}: {len(analysis.failed)} articles failed ({problem})")
        cluster_store(store, processes=processes)
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
        processes=processes,
        load_before=load_before,
        load_after=os.getloadavg()[0],
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
    columns = ("articles", "ingest s", "analyze s", "analyzed/s", "cluster s", "articles/s")
    for column in (*columns, "× baseline", "load before/after"):
        table.add_column(column, justify="right")
    table.add_column("target 25/s")
    for run in runs:
        table.add_row(
            run.scenario,
            f"{run.articles:,}",
            f"{run.ingest_seconds:.1f}",
            f"{run.analyze_seconds:.1f}",
            f"{run.articles / run.analyze_seconds:.1f}",
            f"{run.cluster_seconds:.1f}",
            f"{run.articles_per_second:.1f}",
            f"{run.ratio_vs_baseline:.2f}",
            f"{run.load_before:.1f} / {run.load_after:.1f}",
            "met" if run.articles_per_second >= TARGET_PER_SECOND else "not met",
        )
    return table


def save(output: Path, benchmark: str, corpus: dict[str, Any], runs: list[Any]) -> None:
    """Write the results JSON."""
    fields = {
        "corpus": corpus,
        "target_articles_per_second": TARGET_PER_SECOND,
        "results": [asdict(run) for run in runs],
    }
    save_results(output, benchmark, fields)


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipeline_throughput")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--processes",
        type=int,
        action="append",
        help="analysis processes of a run (repeatable; default: 1 and one per core)",
    )
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 150))
    cores = os.cpu_count() or 1
    title = f"Pipeline throughput: {args.articles:,} generated articles, {cores} cores"
    runs: list[PipelineRun] = []
    with tempfile.TemporaryDirectory(prefix="everyside-bench-") as folder:
        corpus, described = make_corpus(args.articles, args.seed, Path(folder))
        for processes in sorted(set(args.processes or (1, cores))):
            name = "one process" if processes == 1 else f"{processes} processes"
            runs.append(run_pipeline(corpus, Path(folder), processes, name))
            # Speed-up over one process (the first run when there is one): above 1 is
            # what the extra cores bought.
            runs[-1].ratio_vs_baseline = runs[-1].articles_per_second / runs[0].articles_per_second
            # Saved after every run: the full corpus takes hours, a stopped run keeps its rows.
            save(args.output, "pipeline_throughput", described, runs)
            console.print(results_table(runs, title))
    console.print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
