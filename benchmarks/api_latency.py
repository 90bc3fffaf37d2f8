"""REST API latency (p50/p99) for the story list and story detail over 10,000 stored articles.

Run ``python -m benchmarks.api_latency`` (``make bench``); ``--articles 1000`` for a quick try.
The store is filled directly through the store functions (articles of
``benchmarks.generator``, in the generator's power-law sized stories), uvicorn serves it
on a free loopback port in a subprocess, and a load generator in another process sends
requests over a few keep-alive connections. ``GET /api/v1/health``
is the baseline: the cost of HTTP, routing and one trivial query on this machine.
``--store PATH`` serves a copy of an analyzed store instead (the demo's ``everyside.db``)
and measures the web story pages and the comparison API, whose cost is the comparison.
See benchmarks/README.md for how to read the table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np
from rich.console import Console
from rich.table import Table

from benchmarks.generator import generate
from benchmarks.ingest_throughput import machine
from everyside.ingest.tabular import record_to_article
from everyside.model import Article, SourceRef, StorySummary
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.db import DB_ENV, open_store

DEFAULT_ARTICLES = 10_000
DEFAULT_REQUESTS = 2_000
DEFAULT_CONNECTIONS = 4
SEED = 20240618
RESULTS = Path(__file__).resolve().parent / "results" / "api.json"
# Requests sent before measuring each scenario: connections open, caches warm.
WARMUP = 50
# Generated records beyond the target, since exact copies (about 2 %) are not stored again.
SPARE_RECORDS = 1.05
# Seconds a client waits for an answer: a story page computing its comparison under load
# takes seconds, and a timeout would hide how long.
CLIENT_TIMEOUT = 120.0

# A scenario: its name, the paths requested in turn and the request headers.
Scenario = tuple[str, list[str], dict[str, str]]


@dataclass(slots=True)
class Latency:
    """One scenario's figures, in milliseconds."""

    scenario: str
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    requests_per_second: float
    p50_vs_baseline: float = 1.0


def fill_store(db: Path, articles: int, seed: int) -> dict[str, int]:
    """Store ``articles`` generated articles in the generator's stories; say what was made."""
    options = IngestOptions()
    stored: list[Article] = []
    stories: dict[int, list[Article]] = {}
    hashes: set[str] = set()
    # Exact copies (about 2 %) are not stored again: generate a few more than asked.
    for number, item in enumerate(generate(int(articles * SPARE_RECORDS), seed), start=1):
        article = record_to_article(
            item.record, SourceRef(locator=f"bench.jsonl:{number}", format="jsonl"), options
        )
        if article.content_hash not in hashes:
            hashes.add(article.content_hash)
            article.language = item.record["lang"]
            stored.append(article)
            stories.setdefault(item.story, []).append(article)
        if len(stored) == articles:
            break
    store = open_store(str(db))
    try:
        with store.transaction() as session:
            for article in stored:
                repository.add_article(session, store.fulltext, article)
        with store.transaction() as session:
            for members in stories.values():
                for article in members:
                    story_store.assign(session, article.id, f"story-{members[0].id}", 1.0)
                story_store.save_story(session, _summary(members))
    finally:
        store.close()
    largest = max(len(members) for members in stories.values())
    return {"articles": len(stored), "stories": len(stories), "largest_story": largest}


def _summary(members: list[Article]) -> StorySummary:
    times = sorted(a.published_at for a in members if a.published_at)
    return StorySummary(
        id=f"story-{members[0].id}",
        headline=members[0].title,
        headline_article_id=members[0].id,
        size=len(members),
        first_seen=times[0] if times else None,
        last_seen=times[-1] if times else None,
        outlets=tuple(dict.fromkeys(a.outlet.name for a in members if a.outlet)),
        languages=tuple(dict.fromkeys(a.language for a in members if a.language)),
        key_entities=(),
        keywords=(),
        article_ids=tuple(a.id for a in members),
    )


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """uvicorn serving the app over ``db`` in a subprocess; returns once it answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "everyside.web:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env={**os.environ, DB_ENV: str(db)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not answer within 60 s")


def _client_run(base: str, paths: list[str], headers: dict[str, str]) -> tuple[list[float], int]:
    latencies, errors = [], 0
    with httpx.Client(base_url=base, headers=headers, timeout=CLIENT_TIMEOUT) as client:
        for path in paths:
            started = time.perf_counter()
            response = client.get(path)
            latencies.append(time.perf_counter() - started)
            errors += response.status_code >= 400
    return latencies, errors


def generate_load(
    base: str, paths: list[str], connections: int, headers: dict[str, str]
) -> tuple[list[float], int, float]:
    """Send the requests over ``connections`` keep-alive clients; latencies, errors, seconds."""
    shares = [paths[i::connections] for i in range(connections)]
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(lambda share: _client_run(base, share[:WARMUP], headers), shares))
        started = time.perf_counter()
        results = list(pool.map(lambda share: _client_run(base, share, headers), shares))
        seconds = time.perf_counter() - started
    latencies = [latency for result in results for latency in result[0]]
    return latencies, sum(result[1] for result in results), seconds


def measure(
    name: str, base: str, paths: list[str], connections: int, headers: dict[str, str] | None = None
) -> Latency:
    """Run one scenario from a separate process, so the load generator never slows the server."""
    with ProcessPoolExecutor(1) as worker:
        latencies, errors, seconds = worker.submit(
            generate_load, base, paths, connections, headers or {}
        ).result()
    values = np.asarray(latencies) * 1000
    return Latency(
        scenario=name,
        requests=len(latencies),
        errors=errors,
        p50_ms=float(np.percentile(values, 50)),
        p99_ms=float(np.percentile(values, 99)),
        mean_ms=float(values.mean()),
        requests_per_second=len(latencies) / seconds,
    )


def story_plan(
    base: str, made: dict[str, int], requests: int, rng: random.Random
) -> list[Scenario]:
    """The scenarios of a store filled with unanalyzed articles: listings and story details."""
    stories = httpx.get(f"{base}/api/v1/stories", params={"limit": 500}).json()["items"]
    largest = max(stories, key=lambda s: s["size"])
    picked = [rng.choice(stories)["id"] for _ in range(requests)]
    etag = httpx.get(f"{base}/api/v1/stories/{largest['id']}").headers["etag"]
    offsets = [rng.randrange(0, max(1, made["stories"] - 50)) for _ in range(requests)]
    return [
        ("GET /stories (first page)", ["/api/v1/stories"] * requests, {}),
        ("GET /stories (random page)", [f"/api/v1/stories?offset={o}" for o in offsets], {}),
        ("GET /stories/{id} (random)", [f"/api/v1/stories/{i}" for i in picked], {}),
        (
            f"GET /stories/{{id}} (largest, {largest['size']} articles)",
            [f"/api/v1/stories/{largest['id']}"] * requests,
            {},
        ),
        (
            "GET /stories/{id} (largest, If-None-Match → 304)",
            [f"/api/v1/stories/{largest['id']}"] * requests,
            {"If-None-Match": etag},
        ),
    ]


def page_plan(base: str, requests: int) -> list[Scenario]:
    """The scenarios of an analyzed store: web story pages and the comparison API."""
    params = {"limit": 500, "min_size": 2}
    stories = httpx.get(f"{base}/api/v1/stories", params=params).json()["items"]
    richest = max(stories, key=lambda s: (len(s["outlets"]), s["size"]))
    ids = [story["id"] for story in stories]
    return [
        (
            f"page /stories/{{id}} (richest, {richest['size']} articles)",
            [f"/stories/{richest['id']}"] * requests,
            {},
        ),
        (
            f"page /stories/{{id}} (the {len(ids)} stories in turn)",
            [f"/stories/{ids[i % len(ids)]}" for i in range(requests)],
            {},
        ),
        (
            "GET /stories/{id}/comparison (richest)",
            [f"/api/v1/stories/{richest['id']}/comparison"] * requests,
            {},
        ),
    ]


def _described(base: str) -> dict[str, int]:
    """How many articles and stories a served store holds."""
    stories = httpx.get(f"{base}/api/v1/stories", params={"limit": 500, "min_size": 1}).json()
    sizes = [story["size"] for story in stories["items"]]
    return {"articles": sum(sizes), "stories": stories["total"], "largest_story": max(sizes)}


def run(
    articles: int,
    requests: int,
    connections: int,
    output: Path,
    console: Console,
    analyzed: Path | None = None,
) -> None:
    """Fill a store (or copy ``analyzed``), serve it, measure every scenario, save the figures."""
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="everyside-api-bench-") as folder:
        db = Path(folder) / "api.db"
        if analyzed is None:
            console.print(f"Storing {articles:,} articles in stories …")
            made = fill_store(db, articles, SEED)
        else:
            # A copy: the comparisons the pages keep are not written into the given store.
            shutil.copyfile(analyzed, db)
            made = {}
        port = free_port()
        server = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            baseline: Scenario = ("baseline: GET /health", ["/api/v1/health"] * requests, {})
            single: list[Scenario] = []
            if analyzed is None:
                plan = [baseline, *story_plan(base, made, requests, rng)]
            else:
                made.update(_described(base))
                plan = [baseline, *page_plan(base, requests)]
                # One connection: what a single request costs on this machine now.
                single = [(f"{name}, 1 connection", paths[:200], h) for name, paths, h in plan[1:]]
            results = []
            for name, paths, headers in plan + single:
                console.print(f"Measuring: {name} …")
                width = 1 if name.endswith("1 connection") else connections
                results.append(measure(name, base, paths, width, headers))
        finally:
            server.terminate()
            server.wait(timeout=30)
    for result in results:
        result.p50_vs_baseline = result.p50_ms / results[0].p50_ms
    console.print(results_table(results, made, connections))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "benchmark": "api_latency",
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine(),
                "store": made,
                "connections": connections,
                "results": [asdict(r) for r in results],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    console.print(f"Saved {output}")


def results_table(results: list[Latency], made: dict[str, int], connections: int) -> Table:
    """The figures as a Rich table."""
    table = Table(
        title=(
            f"API latency: {made['articles']:,} articles in {made['stories']:,} stories, "
            f"{connections} connections on loopback"
        ),
        title_justify="left",
    )
    table.add_column("scenario", no_wrap=True)
    for column in ("requests", "errors", "p50 ms", "p99 ms", "mean ms", "req/s", "p50 × baseline"):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            r.scenario,
            f"{r.requests:,}",
            str(r.errors),
            f"{r.p50_ms:.2f}",
            f"{r.p99_ms:.2f}",
            f"{r.mean_ms:.2f}",
            f"{r.requests_per_second:,.0f}",
            f"{r.p50_vs_baseline:.1f}",
        )
    return table


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.api_latency",
        description="Measure REST API latency for the story list and story detail.",
    )
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="default 10000")
    parser.add_argument(
        "--requests", type=int, default=DEFAULT_REQUESTS, help="per scenario (default 2000)"
    )
    parser.add_argument(
        "--connections", type=int, default=DEFAULT_CONNECTIONS, help="concurrent (default 4)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument(
        "--store",
        type=Path,
        help="serve a copy of this analyzed store (the demo's everyside.db): story pages",
    )
    args = parser.parse_args(argv)
    if args.articles < 60 or args.requests < args.connections or args.connections < 1:
        parser.error("need --articles >= 60 and --requests >= --connections >= 1")
    run(
        args.articles,
        args.requests,
        args.connections,
        args.output,
        Console(width=150),
        analyzed=args.store,
    )


if __name__ == "__main__":
    main()
