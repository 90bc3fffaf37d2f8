"""Ingest throughput and peak memory on a synthetic JSONL corpus, with and without near-duplicates.

Run ``python -m benchmarks.ingest_throughput`` (``make bench``); ``--articles 500`` for a quick
try. See benchmarks/README.md for how to read the table.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.generator import generate
from everyside.ingest import Outcome
from everyside.ingest.language import detect_language
from everyside.ingest.sources import InputFile
from everyside.ingest.tabular import read_jsonl
from everyside.jobs import ingest
from everyside.model import Article
from everyside.settings import IngestOptions
from everyside.store.db import Store

DEFAULT_ARTICLES = 10_000
DEFAULT_SEED = 20240618
RESULTS = Path(__file__).resolve().parent / "results" / "ingest.json"

# ---------------------------------------------------------------------------- corpus


def generate_corpus(count: int, seed: int) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Deterministic JSONL records of :mod:`benchmarks.generator`, and how many of each kind.

    Kinds: originals, ~5 % near-copies and ~2 % exact copies of an earlier article.
    """
    records: list[dict[str, str]] = []
    made = {"original": 0, "near_copy": 0, "exact_copy": 0}
    for item in generate(count, seed):
        records.append(item.record)
        made[item.kind] += 1
    return records, made


def write_jsonl(records: list[dict[str, str]], path: Path) -> Path:
    """Write one JSON object a line."""
    with path.open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------------------- measuring


@dataclass(slots=True)
class Measurement:
    """One scenario's figures."""

    scenario: str
    articles: int
    seconds: float
    articles_per_second: float
    peak_traced_mb: float | None
    max_rss_mb: float
    duplicates: int
    near_duplicates: int
    exact_duplicates: int
    failed: int
    ratio_vs_baseline: float = 1.0


Work = Callable[[], dict[str, int]]


def _max_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def _timed(work: Work) -> tuple[dict[str, int], float, float]:
    """Run ``work``; return its counts, its seconds and the process's max RSS after it."""
    gc.collect()
    started = time.perf_counter()
    counts = work()
    return counts, time.perf_counter() - started, _max_rss_mb()


def _traced_peak_mb(work: Work) -> float:
    """Run ``work`` under tracemalloc and return the peak of Python allocations, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def baseline_work(path: Path, options: IngestOptions) -> Work:
    """Reading the JSONL and building every article with the reader; nothing is stored."""

    def work() -> dict[str, int]:
        built = failed = 0
        for item in read_jsonl(InputFile(str(path), path), options):
            if isinstance(item, Article):
                built += 1
            else:
                failed += 1
        return {"events": built + failed, Outcome.FAILED.value: failed}

    return work


def ingest_work(path: Path, db: Path, options: IngestOptions) -> Work:
    """Ingesting the JSONL into a new SQLite file, made and migrated before the clock starts."""
    store = Store(f"sqlite:///{db}")

    def work() -> dict[str, int]:
        try:
            report = ingest([str(path)], store, options)
        finally:
            store.close()
        counts = {outcome.value: report.count(outcome) for outcome in Outcome}
        return counts | {"events": len(report.events)}

    return work


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named way to process the corpus; ``make_work(run)`` prepares one fresh run of it."""

    name: str
    make_work: Callable[[str], Work]


def scenarios(path: Path, folder: Path) -> list[Scenario]:
    """The baseline first (the ratio denominator), then full ingests with and without near-dups."""

    def ingesting(slug: str, options: IngestOptions) -> Callable[[str], Work]:
        return lambda run: ingest_work(path, folder / f"{slug}-{run}.db", options)

    return [
        Scenario("baseline: read + build", lambda _run: baseline_work(path, IngestOptions())),
        Scenario("ingest, near-dups on", ingesting("near", IngestOptions())),
        Scenario("ingest, near-dups off", ingesting("exact", IngestOptions(near_duplicates=False))),
    ]


def measure(scenario: Scenario) -> Measurement:
    """Time one fresh, untraced run of a scenario."""
    counts, seconds, rss = _timed(scenario.make_work("timed"))
    near = counts.get(Outcome.NEAR_DUPLICATE.value, 0)
    exact = counts.get(Outcome.EXACT_DUPLICATE.value, 0)
    return Measurement(
        scenario=scenario.name,
        articles=counts["events"],
        seconds=seconds,
        articles_per_second=counts["events"] / seconds,
        peak_traced_mb=None,
        max_rss_mb=rss,
        duplicates=near + exact,
        near_duplicates=near,
        exact_duplicates=exact,
        failed=counts[Outcome.FAILED.value],
    )


# ---------------------------------------------------------------------------- report


def results_table(measurements: list[Measurement], corpus: dict[str, Any]) -> Table:
    """The figures as a Rich table."""
    table = Table(
        title=(
            f"Ingest throughput: {corpus['articles']:,} articles, {corpus['megabytes']:.1f} MB "
            f"JSONL ({corpus['made']['near_copy']} near-copies, "
            f"{corpus['made']['exact_copy']} exact copies)"
        ),
        title_justify="left",
    )
    table.add_column("scenario", no_wrap=True)
    for column in ("articles", "seconds", "articles/s", "× baseline", "traced peak MB"):
        table.add_column(column, justify="right")
    for column in ("max RSS MB", "duplicates (near + exact)"):
        table.add_column(column, justify="right")
    baseline = measurements[0]
    for m in measurements:
        table.add_row(
            m.scenario,
            f"{m.articles:,}",
            f"{m.seconds:.2f}",
            f"{m.articles_per_second:,.0f}",
            f"{m.ratio_vs_baseline:.2f}",
            f"{m.peak_traced_mb:.1f}" if m.peak_traced_mb is not None else "—",
            f"{m.max_rss_mb:.0f}",
            f"{m.duplicates} ({m.near_duplicates} + {m.exact_duplicates})"
            if m is not baseline
            else "—",
        )
    return table


def in_fresh_process(function: Any, *args: Any) -> Any:
    """``function(*args)`` in a new interpreter, so that its memory and caches start cold."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def save_results(output: Path, benchmark: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Write a benchmark's figures as JSON, stamped with its name, the time and the machine."""
    results = {
        "benchmark": benchmark,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **fields,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version,
    }


def run(articles: int, seed: int, output: Path, console: Console, *, trace: bool) -> None:
    """Generate the corpus, measure the three scenarios, print and save the results."""
    with tempfile.TemporaryDirectory(prefix="everyside-bench-") as folder:
        work = Path(folder)
        console.print(f"Generating {articles:,} articles (seed {seed}) in {work} …")
        records, made = generate_corpus(articles, seed)
        corpus_path = write_jsonl(records, work / "corpus.jsonl")
        corpus: dict[str, Any] = {
            "articles": articles,
            "seed": seed,
            "megabytes": corpus_path.stat().st_size / 1e6,
            "words": sum(len(record["text"].split()) for record in records),
            "made": made,
        }
        del records
        # Load the language model first, so no scenario pays for it.
        detect_language("The harbour board approved the plan on Tuesday.")
        corpus["max_rss_mb_before"] = _max_rss_mb()

        plan = scenarios(corpus_path, work)
        measurements = []
        # Every timed run comes before any traced one: tracemalloc slows allocation-heavy code
        # by 50-100% and its bookkeeping would raise the RSS high-water mark of later runs.
        for scenario in plan:
            console.print(f"Timing: {scenario.name} …")
            measurements.append(measure(scenario))
        if trace:
            for scenario, measurement in zip(plan, measurements, strict=True):
                console.print(f"Tracing memory: {scenario.name} …")
                measurement.peak_traced_mb = _traced_peak_mb(scenario.make_work("traced"))
    baseline = measurements[0]
    for m in measurements[1:]:
        # How many times longer than just reading: the cost of storing and deduplicating.
        m.ratio_vs_baseline = baseline.articles_per_second / m.articles_per_second
    console.print(results_table(measurements, corpus))
    fields = {
        "corpus": corpus,
        "notes": {
            "seconds": "wall time of an untraced run; the store is created before the clock",
            "ratio_vs_baseline": "baseline articles/s divided by this scenario's articles/s",
            "peak_traced_mb": "tracemalloc peak of Python allocations, in a separate traced run",
            "max_rss_mb": "process high-water mark after the timed run; never goes down",
        },
        "results": [asdict(m) for m in measurements],
    }
    save_results(output, "ingest_throughput", fields)
    console.print(f"Saved {output}")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.ingest_throughput",
        description="Measure ingest throughput and memory on a synthetic JSONL corpus.",
    )
    parser.add_argument(
        "--articles", type=int, default=DEFAULT_ARTICLES, help="corpus size (default 10000)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus random seed")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument(
        "--no-memory",
        action="store_true",
        help="skip the second, tracemalloc-traced run of each scenario (halves the time)",
    )
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    # Wide enough for the table even when the output goes to a file or a pipe.
    console = Console(width=max(Console().width, 120))
    run(args.articles, args.seed, args.output, console, trace=not args.no_memory)


if __name__ == "__main__":
    main()
