"""Ingest's start-up and memory on a large store: the near-duplicate index against store size.

Run ``python -m benchmarks.near_duplicate_store [--articles N] [--more M]``. It builds a
SQLite store of N generated articles (the corpus of ``benchmarks.ingest_throughput``),
then, in a fresh process each time, opens an ingester on it (what ``everyside ingest``
does before reading its first input) and ingests M further articles. Reported: the
build's and the M articles' rate as a ratio to reading the same articles without a store
(the baseline, timed in the same process), the start-up seconds, and the RSS the process
gains at start-up and over the M articles. The start-up is run twice, the second time
followed by the M articles: the first opening of a store may fill in what it lacks. A
last run opens a copy without its near-duplicate band keys, as a store made before
they were kept: what its first start costs once.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.ingest_throughput import (
    _max_rss_mb,
    baseline_work,
    generate_corpus,
    in_fresh_process,
    save_results,
    write_jsonl,
)
from everyside.ingest.language import detect_language
from everyside.ingest.sources import InputFile
from everyside.jobs.ingest import Ingester
from everyside.settings import IngestOptions
from everyside.store.db import Store

DEFAULT_ARTICLES = 20_000
DEFAULT_MORE = 1_000
DEFAULT_SEED = 20240618
RESULTS = Path(__file__).resolve().parent / "results" / "near_duplicate_store.json"


def _current_rss_mb() -> float:
    """The process's resident set now (ru_maxrss never goes down)."""
    with open("/proc/self/statm", encoding="ascii") as stream:
        pages = int(stream.read().split()[1])
    return pages * 4096 / 1e6


def _ingest(ingester: Ingester, path: Path) -> int:
    return sum(1 for _ in ingester.ingest_file(InputFile(str(path), path)))


def build(db: Path, corpus: Path) -> dict[str, float]:
    """Ingest the corpus into a new store; its seconds and the read-only baseline's."""
    started = time.perf_counter()
    baseline_work(corpus, IngestOptions())()
    baseline = time.perf_counter() - started
    store = Store(f"sqlite:///{db}")
    started = time.perf_counter()
    events = _ingest(Ingester(store), corpus)
    seconds = time.perf_counter() - started
    store.close()
    return {"events": events, "seconds": seconds, "baseline_seconds": baseline}


def start_and_ingest(db: str, more: str | None) -> dict[str, float]:
    """In a fresh process: open an ingester on the store, then ingest ``more`` if given."""
    detect_language("The harbour board approved the plan on Tuesday.")
    store = Store(f"sqlite:///{db}")
    rss_before = _current_rss_mb()
    started = time.perf_counter()
    ingester = Ingester(store)
    start_seconds = time.perf_counter() - started
    rss_started = _current_rss_mb()
    measured = {
        "start_seconds": start_seconds,
        "start_rss_gain_mb": rss_started - rss_before,
    }
    if more is not None:
        started = time.perf_counter()
        baseline_work(Path(more), IngestOptions())()
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        events = _ingest(ingester, Path(more))
        seconds = time.perf_counter() - started
        measured |= {
            "ingest_rss_gain_mb": _current_rss_mb() - rss_started,
            "more_events": events,
            "more_seconds": seconds,
            "more_ratio_vs_baseline": seconds / baseline,
        }
    store.close()
    return measured | {"max_rss_mb": _max_rss_mb()}


def _without_band_keys(db: Path, copy: Path) -> Path | None:
    """A copy of the store as one made before the band keys were kept; None if it has none."""
    shutil.copy(db, copy)
    with sqlite3.connect(copy) as connection:
        try:
            connection.execute("DELETE FROM near_duplicate_bands")
            connection.execute("DELETE FROM near_duplicate_layouts")
        except sqlite3.OperationalError:
            return None  # the code measured keeps no band keys
    return copy


def run(articles: int, more: int, seed: int, output: Path) -> dict[str, Any]:
    """Build the store, measure two start-ups and the further ingest, save the figures."""
    with tempfile.TemporaryDirectory(prefix="everyside-bench-") as folder:
        work = Path(folder)
        records, made = generate_corpus(articles + more, seed)
        corpus = write_jsonl(records[:articles], work / "corpus.jsonl")
        more_path = write_jsonl(records[articles:], work / "more.jsonl")
        db = work / "store.db"
        print(f"building a store of {articles:,} articles ({made}) …", flush=True)
        built = in_fresh_process(build, db, corpus)
        built["ratio_vs_baseline"] = built["seconds"] / built["baseline_seconds"]
        print(json.dumps(built), flush=True)
        runs = []
        # The first start may fill in what the store lacks and keeps it for the second.
        for attempt, then in (("first start", None), ("second start", str(more_path))):
            measured = in_fresh_process(start_and_ingest, str(db), then)
            print(attempt, json.dumps(measured), flush=True)
            runs.append({"run": attempt} | measured)
        upgraded = _without_band_keys(db, work / "older.db")
        if upgraded is not None:
            measured = in_fresh_process(start_and_ingest, str(upgraded), None)
            print("store from before the keys", json.dumps(measured), flush=True)
            runs.append({"run": "store from before the keys"} | measured)
        fields = {
            "articles": articles,
            "more": more,
            "seed": seed,
            "store_mb": db.stat().st_size / 1e6,
            "build": built,
            "runs": runs,
        }
    return save_results(output, "near_duplicate_store", fields)


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.near_duplicate_store")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--more", type=int, default=DEFAULT_MORE)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.articles, args.more, args.seed, args.output), indent=2))


if __name__ == "__main__":
    main()
