"""Feed polling: one watcher cycle over 1,000 local feeds, and its steady-state CPU and memory.

Run ``python -m benchmarks.watch_polling`` (``make bench``). A child process serves
1,000 small RSS feeds on a loopback port (the replay module's ``FeedServer``): 3 items
each, made from the demo corpus's articles with a line that makes every item unique;
four feeds in five send an ETag, so an unchanged one costs a 304, the others are
fetched and parsed whole every time. The watcher polls them into a fresh SQLite store
with analysis and clustering off (``pipeline = false``) and no rules: the figure is
fetch + parse + ingest. The first cycle ingests everything; before each later cycle a
tenth of the feeds gain one item, as between two polls of real feeds. The baseline,
in the same process, is plain concurrent fetching of the same 1,000 URLs with the
same number of threads and no parsing. See benchmarks/README.md for how to read the table.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from benchmarks.ingest_throughput import machine
from everyside.devtools.replay import DEMO_CORPUS, FeedServer, Route, corpus_items, rss
from everyside.store.db import Store
from everyside.watch import Watcher
from everyside.watch.config import config_from_dict

DEFAULT_FEEDS = 1_000
DEFAULT_CYCLES = 5
ITEMS_PER_FEED = 3
FEEDS_PER_OUTLET = 10
CONCURRENCY = 8  # the watcher's default
CHANGED_SHARE = 0.1  # feeds that gain an item between two cycles
NO_ETAG_EVERY = 5  # one feed in five sends no validators
SEED = 20240618
RESULTS = Path(__file__).resolve().parent / "results" / "watch_polling.json"


@dataclass(slots=True)
class Cycle:
    """One measured scenario: a baseline fetch or one watcher cycle."""

    scenario: str
    seconds: float
    cpu_seconds: float
    responses_200: int
    responses_304: int
    new_items: int
    rss_mb: float
    seconds_vs_baseline: float = 0.0
    cpu_vs_baseline: float = 0.0


class _FeedFarm:
    """The feeds' items, kept in the server process: the newest ITEMS_PER_FEED of each."""

    def __init__(self, server: FeedServer, feeds: int, rng: random.Random) -> None:
        self.server, self.rng = server, rng
        self.texts = [(item["title"], item["text"]) for item in corpus_items(DEMO_CORPUS)]
        self.items: list[list[dict[str, Any]]] = [[] for _ in range(feeds)]
        self.made = 0
        for feed in range(feeds):
            for _ in range(ITEMS_PER_FEED):
                self.add(feed)

    def add(self, feed: int) -> None:
        """Give a feed one new item, dropping its oldest beyond ITEMS_PER_FEED."""
        title, text = self.texts[self.made % len(self.texts)]
        self.made += 1
        item = {
            "id": f"urn:bench:{self.made}",
            "url": f"https://feeds.example/{feed}/{self.made}",
            "title": title,
            # A unique line, so that no item is a copy of another in the store.
            "text": f"{text}\n\nBulletin {self.made} of feed {feed}.",
            "published": datetime.now(UTC),
        }
        self.items[feed] = [item, *self.items[feed]][:ITEMS_PER_FEED]
        etag = None if feed % NO_ETAG_EVERY == 0 else f'"{self.made}"'
        self.server.routes[feed_url_path(feed)] = Route(
            body=rss(f"Feed {feed}", self.items[feed]), etag=etag
        )

    def change(self, share: float) -> int:
        """Add one item to a random ``share`` of the feeds; return how many."""
        picked = self.rng.sample(range(len(self.items)), round(share * len(self.items)))
        for feed in picked:
            self.add(feed)
        return len(picked)


def feed_url_path(feed: int) -> str:
    """The path of one benchmark feed."""
    return f"/feeds/{feed:04d}.xml"


def serve(connection: Connection, feeds: int) -> None:
    """The server process: build the feeds, send the port, then obey 'change' and 'stop'."""
    with FeedServer() as server:
        farm = _FeedFarm(server, feeds, random.Random(SEED))
        connection.send(server.port)
        while (command := connection.recv()) != "stop":
            assert command == "change"
            connection.send(farm.change(CHANGED_SHARE))
        connection.send(dict(server.not_modified))


def cpu_seconds() -> float:
    """User + system CPU of this process so far (the feed server runs in another one)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    """This process's resident memory now (Linux), else its high-water mark."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass  # not Linux: ru_maxrss only ever grows, but it still bounds the figure
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(urls: list[str]) -> Cycle:
    """Fetch every URL once, concurrently, reading the bodies and doing nothing with them."""
    with httpx.Client(timeout=20.0) as client:

        def get(url: str) -> int:
            response = client.get(url)
            response.raise_for_status()
            return len(response.content)

        started, cpu = time.perf_counter(), cpu_seconds()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            fetched = list(pool.map(get, urls))
        seconds, used = time.perf_counter() - started, cpu_seconds() - cpu
    return Cycle(
        "baseline: concurrent GET, no parsing", seconds, used, len(fetched), 0, 0, rss_mb()
    )


def watcher_cycle(name: str, watcher: Watcher) -> Cycle:
    """One ``run_once`` of the watcher, timed."""
    started, cpu = time.perf_counter(), cpu_seconds()
    report = watcher.run_once()
    seconds, used = time.perf_counter() - started, cpu_seconds() - cpu
    if report.failed:
        raise RuntimeError(f"{report.failed} feeds failed: {report.errors[-1]}")
    fetched = report.polled - report.not_modified
    return Cycle(name, seconds, used, fetched, report.not_modified, report.added, rss_mb())


def run(feeds: int, cycles: int, output: Path, console: Console) -> None:
    """Serve the feeds, measure the baseline and the watcher's cycles, print and save."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=serve, args=(theirs, feeds), daemon=True)
    server.start()
    try:
        port = ours.recv()
        urls = [f"http://127.0.0.1:{port}{feed_url_path(feed)}" for feed in range(feeds)]
        baseline(urls)  # warm-up: connections, the server's threads
        results = [min((baseline(urls) for _ in range(3)), key=lambda cycle: cycle.seconds)]
        config = config_from_dict(
            {
                "watch": {"interval": 0, "concurrency": CONCURRENCY, "pipeline": False},
                "fetch": {"host_delay": 0},
                "outlets": [
                    {
                        "name": f"Outlet {start // FEEDS_PER_OUTLET:03d}",
                        "feeds": urls[start : start + FEEDS_PER_OUTLET],
                    }
                    for start in range(0, feeds, FEEDS_PER_OUTLET)
                ],
            },
            base=Path("."),
        )
        with tempfile.TemporaryDirectory(prefix="everyside-watch-bench-") as folder:
            store = Store(f"sqlite:///{Path(folder) / 'watch.db'}")
            watcher = Watcher(store, config)
            rss_before = rss_mb()
            console.print(f"Cycle 1 of {cycles + 1}: {feeds:,} feeds, everything new …")
            results.append(watcher_cycle("watcher, first cycle (all new)", watcher))
            for cycle in range(cycles):
                ours.send("change")
                changed = ours.recv()
                console.print(f"Cycle {cycle + 2} of {cycles + 1}: {changed} feeds changed …")
                results.append(watcher_cycle(f"watcher, steady cycle {cycle + 1}", watcher))
            watcher.close()
            store.engine.dispose()
        ours.send("stop")
        served_304 = sum(ours.recv().values())
    finally:
        server.join(timeout=30)
        if server.is_alive():
            server.terminate()
    base = results[0]
    for result in results:
        result.seconds_vs_baseline = result.seconds / base.seconds
        result.cpu_vs_baseline = result.cpu_seconds / base.cpu_seconds
    steady = results[2:]
    summary = {
        "steady_seconds_mean": sum(c.seconds for c in steady) / len(steady),
        "steady_cpu_share": sum(c.cpu_seconds for c in steady) / sum(c.seconds for c in steady),
        "rss_mb_before_first_cycle": rss_before,
        "rss_mb_growth_over_steady_cycles": steady[-1].rss_mb - steady[0].rss_mb,
        "served_304": served_304,
    }
    console.print(results_table(results, feeds))
    console.print(
        f"Steady state: {summary['steady_seconds_mean']:.2f} s a cycle, "
        f"{summary['steady_cpu_share']:.0%} of a core while polling; RSS "
        f"{rss_before:.0f} MB before the first cycle, {steady[0].rss_mb:.0f} → "
        f"{steady[-1].rss_mb:.0f} MB over the steady cycles."
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "benchmark": "watch_polling",
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine(),
                "feeds": feeds,
                "items_per_feed": ITEMS_PER_FEED,
                "concurrency": CONCURRENCY,
                "pipeline": False,
                "summary": summary,
                "results": [asdict(r) for r in results],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    console.print(f"Saved {output}")


def results_table(results: list[Cycle], feeds: int) -> Table:
    """The figures as a Rich table."""
    table = Table(
        title=f"Watch polling: {feeds:,} local feeds, {CONCURRENCY} threads, pipeline off",
        title_justify="left",
    )
    table.add_column("scenario", no_wrap=True)
    for column in (
        "seconds",
        "CPU s",
        "200",
        "304",
        "new items",
        "RSS MB",
        "× baseline",
        "CPU × baseline",
    ):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            r.scenario,
            f"{r.seconds:.2f}",
            f"{r.cpu_seconds:.2f}",
            f"{r.responses_200:,}",
            f"{r.responses_304:,}",
            f"{r.new_items:,}",
            f"{r.rss_mb:.0f}",
            f"{r.seconds_vs_baseline:.1f}",
            f"{r.cpu_vs_baseline:.1f}",
        )
    return table


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.watch_polling",
        description="Time one watcher cycle over many local feeds; its steady CPU and memory.",
    )
    parser.add_argument("--feeds", type=int, default=DEFAULT_FEEDS, help="default 1000")
    parser.add_argument(
        "--cycles", type=int, default=DEFAULT_CYCLES, help="steady cycles after the first (5)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.feeds < FEEDS_PER_OUTLET or args.cycles < 2:
        parser.error(f"need --feeds >= {FEEDS_PER_OUTLET} and --cycles >= 2")
    run(args.feeds, args.cycles, args.output, Console(width=120))


if __name__ == "__main__":
    main()
