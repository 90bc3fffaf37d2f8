"""How the store grows: stores of generated articles at three sizes, extrapolated to a million.

Run ``python -m benchmarks.scale`` (``make bench-scale``: 30,000, 100,000 and 300,000
articles: hours on two cores, ~50 ms an article); ``--sizes 3000 10000 30000``: about half an hour.

One SQLite store grows through the sizes, fed by :mod:`benchmarks.generator` (the stores
are prefixes of one stream of the largest size: a store at a tenth of it holds the year's
first weeks). At each size:

- **ingest** the next articles, 5,000 at a time, with everyside's own ingester (language
  detection, MinHash near-duplicates, exact copies, one transaction an article), in a
  fresh process each time, as after a restart (its start-up is timed apart), and after
  each 5,000 **cluster** them (below): the last run's figures are the store's at the size;
- **analyses are synthetic**: the spaCy analysis is too slow for 300,000 articles on two
  cores (about 65 ms an article), so each article gets the analysis the generator knows
  it holds (its names, quotes and numbers; :func:`benchmarks.generator.synthetic_analysis`);
- **cluster** with ``cluster_store`` in a fresh process, with the static embedding table
  (``EVERYSIDE_EMBEDDER=static``) instead of the sentence encoder (about 30 times
  cheaper; the features and the assignment code are otherwise everyside's own);
  the time between consecutive assignments (the clusterer's ``add`` and the article's
  transaction) of the last articles before the size is the assignment latency;
- **query** the store with the functions the web app and the CLI call (story river,
  story pages, search, entities, quotes), p50/p99 over random targets;
- **serve** the store with uvicorn and load the story page (``/stories/{id}``) over
  20 connections, ``/api/v1/health`` the baseline (see :mod:`benchmarks.api_latency`);
  the comparisons are computed during the warm-up, so the figures are the kept ones'.

Reported per size: the ingest and clustering processes' max RSS, the server's RSS after
its load, the store's size on disk, every query's p50/p99. The 1M figures are
extrapolated: sizes and memory linearly, latencies by a power law fitted to the three
sizes (numpy); the picture goes to ``docs/images/scaling-1m.svg``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from rich.console import Console
from rich.table import Table

from benchmarks.api_latency import Latency, free_port, measure, start_server
from benchmarks.generator import generate, synthetic_analysis
from benchmarks.ingest_throughput import machine
from benchmarks.scale_chart import write_chart
from everyside.analyze.pipeline import ANALYSIS_VERSION
from everyside.cluster.features import EMBEDDER_ENV
from everyside.ingest import Outcome
from everyside.ingest.tabular import record_to_article
from everyside.jobs.cluster import cluster_store
from everyside.jobs.ingest import Ingester
from everyside.model import ArticleAnalysis, SourceRef
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.analysis import (
    get_entity,
    list_entities,
    list_quotes,
    load_analyses,
    save_analyses,
)
from everyside.store.db import Store
from everyside.store.repository import ArticleFilter
from everyside.store.stories import StoryFilter, StorySort

DEFAULT_SIZES = (30_000, 100_000, 300_000)
SEED = 20240618
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "scale.json"
PICTURE = ROOT / "docs" / "images" / "scaling-1m.svg"
EXTRAPOLATE_TO = 1_000_000
ANALYSES_PER_TRANSACTION = 500
# Each query kind runs on this many random targets, or for this many seconds if slower.
QUERY_SAMPLES, QUERY_SECONDS = 200, 20.0
ASSIGNMENT_WINDOW = 2_000  # the last assignments before a size, for its latency
# Articles ingested and then clustered per run (a fresh process each).
CLUSTER_RUN = 5_000
STORY_PAGES, CONNECTIONS, REQUESTS = 20, 20, 1_000
# The targets (p99, ms) and memory at a million articles (MB).
TARGETS = {"query_p99_ms": 100.0, "story_page_p99_ms": 200.0, "assignment_p99_ms": 50.0}
TARGET_RSS_MB = 3_000.0


@dataclass(slots=True)
class QueryTiming:
    """One query kind's latencies at one size, in milliseconds."""

    name: str
    samples: int
    p50_ms: float
    p99_ms: float


@dataclass(slots=True)
class SizeResult:
    """Everything measured at one size."""

    generated: int
    stored: int = 0
    stories: int = 0
    copies: dict[str, int] = field(default_factory=dict)
    ingest_seconds: float = 0.0
    ingest_start_seconds: float = 0.0  # the ingester's start-up (what it reads from the store)
    ingest_rss_mb: float = 0.0
    cluster_seconds: float = 0.0
    cluster_rss_mb: float = 0.0
    assignment_p50_ms: float = 0.0
    assignment_p99_ms: float = 0.0
    disk_mb: float = 0.0
    server_rss_mb: float = 0.0
    queries: list[QueryTiming] = field(default_factory=list)
    story_page: Latency | None = None
    first_view_p50_ms: float = 0.0  # a story page's first view: its comparison computed
    first_view_p99_ms: float = 0.0
    health: Latency | None = None


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


# ---------------------------------------------------------------------------- building


def ingest_segment(db_url: str, total: int, seed: int, start: int, stop: int) -> dict[str, Any]:
    """Ingest generated articles ``start``..``stop`` of the stream, with synthetic analyses.

    Runs in a fresh process, as after a restart; the ingester's start-up is timed apart.
    """
    store = Store(db_url)
    options = IngestOptions()
    began = time.perf_counter()
    ingester = Ingester(store, options)
    started = time.perf_counter() - began
    counts: dict[str, int] = {}
    pending: list[ArticleAnalysis] = []

    def flush() -> None:
        with store.transaction() as session:
            save_analyses(session, pending, ANALYSIS_VERSION)
        pending.clear()

    try:
        for number, item in enumerate(islice(generate(total, seed), start, stop), start):
            source = SourceRef(locator=f"generated.jsonl:{number}", format="jsonl")
            article = record_to_article(item.record, source, options)
            event = ingester.ingest_article(article)
            counts[event.outcome.value] = counts.get(event.outcome.value, 0) + 1
            if event.outcome in (Outcome.ADDED, Outcome.NEAR_DUPLICATE):
                pending.append(synthetic_analysis(article, item))
            if len(pending) >= ANALYSES_PER_TRANSACTION:
                flush()
        flush()
    finally:
        store.close()
    return {
        "seconds": time.perf_counter() - began,
        "start_seconds": started,
        "counts": counts,
        "rss_mb": _max_rss_mb(),
    }


class _AssignmentClock:
    """Progress receiver that times each assignment of ``cluster_store``."""

    def __init__(self) -> None:
        self.assigning = False
        self.last = 0.0
        self.latencies: list[float] = []

    def start(self, total: int) -> None:
        """Unused: clustering reports stages."""

    def stage(self, description: str, total: int | None = None) -> None:
        """Start timing when the assignments begin, stop at the next stage."""
        self.assigning = description.startswith("assigning")
        self.last = time.perf_counter()

    def advance(self, done: int) -> None:
        """One more article assigned and stored."""
        now = time.perf_counter()
        if self.assigning:
            self.latencies.append(now - self.last)
        self.last = now


def cluster_segment(db_url: str) -> dict[str, Any]:
    """Cluster what is not clustered yet (static embedding), in a fresh process."""
    os.environ[EMBEDDER_ENV] = "static"
    store = Store(db_url)
    clock = _AssignmentClock()
    began = time.perf_counter()
    try:
        report = cluster_store(store, progress=clock)
    finally:
        store.close()
    window = np.asarray(clock.latencies[-ASSIGNMENT_WINDOW:] or [0.0]) * 1000
    return {
        "seconds": time.perf_counter() - began,
        "stories": report.stories,
        "assignment_p50_ms": float(np.percentile(window, 50)),
        "assignment_p99_ms": float(np.percentile(window, 99)),
        "rss_mb": _max_rss_mb(),
    }


def _in_fresh_process(work: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(work, *args).result()


# ---------------------------------------------------------------------------- querying


def _timed(
    name: str, store: Store, run: Callable[[Any, Any], object], targets: list[Any]
) -> QueryTiming:
    """Time ``run(session, target)`` per target, each in its own session, like a request."""
    latencies: list[float] = []
    deadline = time.perf_counter() + QUERY_SECONDS
    for target in targets[:QUERY_SAMPLES]:
        started = time.perf_counter()
        with store.session() as session:
            run(session, target)
        latencies.append(time.perf_counter() - started)
        if started > deadline:
            break
    values = np.asarray(latencies) * 1000
    return QueryTiming(
        name, len(values), float(np.percentile(values, 50)), float(np.percentile(values, 99))
    )


def measure_queries(store: Store, rng: random.Random) -> tuple[list[QueryTiming], list[str]]:
    """Every query kind's latencies on random targets; also the stories the HTTP load reads."""
    wide = StoryFilter(min_size=2)
    with store.session() as session:
        count = story_store.count_stories(session, wide)
        articles = repository.count_articles(session)
        sample = [
            story
            for offset in rng.sample(range(max(1, count - 20)), min(20, count))
            for story in story_store.list_stories(session, limit=20, offset=offset, query=wide)
        ]
    rng.shuffle(sample)
    # Key entities are clustering keys: a person outside the alias tables is keyed by
    # surname ("person:~name"); the generator's entity ids are ``gen:<kind>:<name>``.
    entities = [
        f"gen:person:{name.lower()}" if key.startswith("person:~") else key
        for story in sample
        for key, name in story.key_entities
    ]
    people = [name for story in sample for key, name in story.key_entities if "person:" in key]
    outlets = [outlet for story in sample for outlet in story.outlets]
    words = [w for story in sample for w in story.headline.split() if len(w) > 4 and w.isalpha()]
    stories = [story.id for story in sample]
    fulltext = store.fulltext
    # Where pages at random depths end (not timed); a generator of their own leaves the
    # other queries' targets as they were before the cursor was measured.
    depths = random.Random(articles).sample(range(max(1, articles - 20)), min(50, articles - 20))
    with store.session() as session:
        cursors = [
            repository.find_articles(session, fulltext, ArticleFilter(limit=1, offset=o)).next
            for o in depths
        ]

    def river(session: Any, page: int) -> None:
        story_store.list_stories(
            session, limit=20, offset=20 * page, query=wide, sort=StorySort.COVERAGE
        )
        story_store.count_stories(session, wide)

    def story_page_data(session: Any, story_id: str) -> None:
        story = story_store.get_story(session, story_id)
        articles = repository.get_articles(session, list(story.article_ids))
        load_analyses(session, [a.id for a in articles])

    plan: list[tuple[str, Callable[[Any, Any], object], list[Any]]] = [
        ("story river (coverage, first pages)", river, [rng.randrange(5) for _ in range(500)]),
        (
            "stories, deep page (recent)",
            lambda s, o: story_store.list_stories(s, limit=20, offset=o),
            [rng.randrange(max(1, count - 20)) for _ in range(500)],
        ),
        ("story: summary, articles, analyses", story_page_data, stories),
        (
            "stories mentioning an entity",
            lambda s, e: story_store.stories_mentioning(s, e, limit=20),
            entities,
        ),
        (
            "articles, deep page (newest)",
            lambda s, o: repository.list_articles(s, ArticleFilter(limit=20, offset=o)),
            [rng.randrange(max(1, articles - 20)) for _ in range(500)],
        ),
        (
            "articles, deep page (cursor)",
            lambda s, c: repository.list_articles(s, ArticleFilter(limit=20, after=c)),
            cursors,
        ),
        (
            "articles of an outlet (newest)",
            lambda s, o: repository.list_articles(s, ArticleFilter(outlet=o, limit=20)),
            outlets,
        ),
        (
            "search (full text)",
            lambda s, w: repository.search_articles(s, fulltext, w, limit=20),
            words,
        ),
        ("entity page (counts)", get_entity, entities),
        (
            "entity list (PERSON, by articles)",
            lambda s, page: list_entities(s, kind="PERSON", limit=50, offset=50 * page),
            [rng.randrange(5) for _ in range(50)],
        ),
        ("quotes of a speaker", lambda s, name: list_quotes(s, speaker=name, limit=50), people),
        ("quotes of a story", lambda s, i: list_quotes(s, story_id=i, limit=50), stories),
    ]
    return [_timed(name, store, run, targets) for name, run, targets in plan], stories


def _process_rss_mb(pid: int) -> float:
    """A live process's resident memory, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load_story_pages(
    db: Path, stories: list[str], rng: random.Random
) -> tuple[Latency, Latency, float, tuple[float, float]]:
    """Story page and health latencies over CONNECTIONS connections; the server's RSS after.

    Also the first view's p50/p99 in ms (one at a time, comparison computed and kept).
    """
    port = free_port()
    server = start_server(db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        picked = stories[:STORY_PAGES]
        # First views one at a time: each computes and keeps its story's comparison.
        cold = []
        with httpx.Client(base_url=base, timeout=600) as client:
            for story_id in picked:
                started = time.perf_counter()
                client.get(f"/stories/{story_id}").raise_for_status()
                cold.append(time.perf_counter() - started)
        paths = [f"/stories/{rng.choice(picked)}" for _ in range(REQUESTS)]
        health = measure("GET /api/v1/health", base, ["/api/v1/health"] * REQUESTS, CONNECTIONS)
        page = measure("GET /stories/{id} (page)", base, paths, CONNECTIONS)
        rss = _process_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    values = np.asarray(cold) * 1000
    first = (float(np.percentile(values, 50)), float(np.percentile(values, 99)))
    return page, health, rss, first


def _disk_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


# ---------------------------------------------------------------------------- extrapolating


def fitted(sizes: list[int], values: list[float], *, power: bool) -> tuple[float, list[float]]:
    """The value at a million and the fit's coefficients: a power law or a straight line."""
    x, y = np.asarray(sizes, float), np.asarray(values, float)
    if power:
        slope, intercept = np.polyfit(np.log(x), np.log(np.maximum(y, 1e-6)), 1)
        return float(np.exp(intercept) * EXTRAPOLATE_TO**slope), [float(slope), float(intercept)]
    slope, intercept = np.polyfit(x, y, 1)
    return float(slope * EXTRAPOLATE_TO + intercept), [float(slope), float(intercept)]


def series(results: list[SizeResult]) -> dict[str, tuple[list[float], bool]]:
    """Every figure by size, and whether it is extrapolated by a power law (latencies)."""
    found: dict[str, tuple[list[float], bool]] = {
        "ingest RSS MB": ([r.ingest_rss_mb for r in results], False),
        "cluster RSS MB": ([r.cluster_rss_mb for r in results], False),
        "server RSS MB": ([r.server_rss_mb for r in results], False),
        "disk MB": ([r.disk_mb for r in results], False),
        "assignment p99 ms": ([r.assignment_p99_ms for r in results], True),
        "story page first view p99 ms": ([r.first_view_p99_ms for r in results], True),
        "story page p99 ms (20 conn.)": (
            [r.story_page.p99_ms if r.story_page else 0.0 for r in results],
            True,
        ),
    }
    for number, query in enumerate(results[0].queries):
        found[f"{query.name} p99 ms"] = ([r.queries[number].p99_ms for r in results], True)
    return found


# ---------------------------------------------------------------------------- running


def grow(
    db: Path, sizes: list[int], seed: int, console: Console, partial: Path
) -> list[SizeResult]:
    """Grow one store through the sizes and measure it at each (rows so far in ``partial``)."""
    url = f"sqlite:///{db}"
    Store(url).close()  # created and migrated before any clock starts
    rng = random.Random(seed)
    results: list[SizeResult] = []
    done = 0
    for size in sizes:
        result = SizeResult(generated=size)
        # Ingest and cluster in runs of CLUSTER_RUN articles, as a steady `everyside cluster`
        # does: the last run's memory and assignments are the store's at this size.
        for start in range(done, size, CLUSTER_RUN):
            stop = min(size, start + CLUSTER_RUN)
            console.print(f"[{size:,}] ingesting and clustering articles {start:,}..{stop:,} …")
            ingested = _in_fresh_process(ingest_segment, url, sizes[-1], seed, start, stop)
            clustered = _in_fresh_process(cluster_segment, url)
            result.ingest_seconds += ingested["seconds"]
            result.cluster_seconds += clustered["seconds"]
            for outcome, count in ingested["counts"].items():
                result.copies[outcome] = result.copies.get(outcome, 0) + count
        result.ingest_start_seconds = ingested["start_seconds"]
        result.ingest_rss_mb, result.cluster_rss_mb = ingested["rss_mb"], clustered["rss_mb"]
        result.assignment_p50_ms = clustered["assignment_p50_ms"]
        result.assignment_p99_ms = clustered["assignment_p99_ms"]
        result.stories = clustered["stories"]
        result.disk_mb = _disk_mb(db)
        console.print(f"[{size:,}] querying …")
        store = Store(url)
        try:
            with store.session() as session:
                result.stored = repository.count_articles(session)
            result.queries, stories = measure_queries(store, rng)
        finally:
            store.close()
        console.print(f"[{size:,}] loading story pages over {CONNECTIONS} connections …")
        loaded = load_story_pages(db, stories, rng)
        result.story_page, result.health, result.server_rss_mb, first = loaded
        result.first_view_p50_ms, result.first_view_p99_ms = first
        results.append(result)
        done = size
        # Kept after every size: the largest size takes hours, a stopped run keeps its rows.
        partial.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
        console.print(f"[{size:,}] done: {partial}")
    return results


def results_table(results: list[SizeResult], at_million: dict[str, float]) -> Table:
    """Every figure by size, the million extrapolated in the last column."""
    table = Table(title="Scale: one SQLite store of generated articles", title_justify="left")
    table.add_column("figure", no_wrap=True)
    for r in results:
        table.add_column(f"{r.generated:,}", justify="right")
    table.add_column("1M (fit)", justify="right")
    table.add_row("stored / stories", *(f"{r.stored:,} / {r.stories:,}" for r in results), "")
    table.add_row(
        "ingest s / cluster s",
        *(f"{r.ingest_seconds:.0f} / {r.cluster_seconds:.0f}" for r in results),
        "",
    )
    for name, (values, _) in series(results).items():
        table.add_row(name, *(f"{v:,.1f}" for v in values), f"{at_million[name]:,.1f}")
    return table


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.scale", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", type=int, nargs=3, default=DEFAULT_SIZES, metavar="N")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--picture", type=Path, default=PICTURE)
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    parser.add_argument(
        "--queries-only", type=Path, metavar="DB", help="only time the queries on this store"
    )
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 140))
    if args.queries_only:
        store = Store(f"sqlite:///{args.queries_only}")
        try:
            timings, _ = measure_queries(store, random.Random(args.seed))
        finally:
            store.close()
        table = Table("query", "samples", "p50 ms", "p99 ms", title=str(args.queries_only))
        for t in timings:
            table.add_row(t.name, str(t.samples), f"{t.p50_ms:.1f}", f"{t.p99_ms:.1f}")
        console.print(table)
        return
    sizes = sorted(set(args.sizes))
    if len(sizes) != 3 or sizes[0] < 1_000:
        parser.error("--sizes takes three different sizes of at least 1000")
    with tempfile.TemporaryDirectory(prefix="everyside-scale-") as folder:
        where = args.keep or Path(folder)
        where.mkdir(parents=True, exist_ok=True)
        partial = args.output.with_suffix(".partial.json")
        partial.parent.mkdir(parents=True, exist_ok=True)
        results = grow(where / "scale.db", sizes, args.seed, console, partial)
    figures = series(results)
    at_million, fits = {}, {}
    for name, (values, power) in figures.items():
        at_million[name], fits[name] = fitted(sizes, values, power=power)
    console.print(results_table(results, at_million))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "benchmark": "scale",
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine(),
                "seed": args.seed,
                "notes": {
                    "analyses": "synthetic: the generator's names, quotes and numbers, not spaCy's",
                    "embedding": "EVERYSIDE_EMBEDDER=static (the static table), not USE",
                    "stores": "prefixes of one generated stream of the largest size",
                    "extrapolation": "linear for RSS and disk, power law for latencies",
                    "load_average": os.getloadavg()[0],
                },
                "targets": {**TARGETS, "rss_mb": TARGET_RSS_MB},
                "results": [asdict(r) for r in results],
                "at_1m": at_million,
                "fits": fits,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    write_chart(args.picture, sizes, figures, fits, EXTRAPOLATE_TO)
    console.print(f"Saved {args.output} and {args.picture}")


if __name__ == "__main__":
    main()
