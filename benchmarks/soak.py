"""Soak test: ``everyside watch`` over faulty local feeds for a long while (``make soak``).

Run ``python -m benchmarks.soak --minutes 30`` (``make soak``; ``SOAK_MINUTES=5 make soak``
for a short run). Everything stays on 127.0.0.1 and in a temporary folder:

* a feed server releases new articles (the demo corpus's texts, each made unique by a
  numbered line) into one RSS feed per demo outlet, and injects faults into a share of
  its answers: HTTP errors (500, 502, 503, 429), garbage bodies (random bytes, a cut
  feed, an HTML page), slow drips (one finishing inside the watcher's deadline, one
  outlasting it) and a dropped connection; it also takes the watcher's webhooks;
* ``everyside watch`` polls it with analysis, clustering and two alert rules, and is
  restarted on a schedule in the run's first half, alternately stopped with SIGTERM and
  killed with SIGKILL; the second half is one watcher's life;
* ``everyside serve`` answers a light, steady load of API reads on the same store.

Before the end, releases stop, the faults are switched off and the watcher gets time to
catch up; then it is stopped and the script checks that every article released is
stored exactly once and whole (none cut short by a truncated feed), that no alert was
raised or delivered twice, that the watcher's memory stayed flat (resident size sampled
every few seconds) and that ``everyside db check`` finds the store sound. It prints a
summary (``--json`` for JSON) and exits 1 on any violation. Not part of ``make test``:
pytest collects ``tests/`` only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from everyside.devtools.replay import DEMO_CORPUS, HOST, corpus_items, feed_path, rss

SEED = 20261207
FEED_WINDOW = 40  # items a feed shows, newest first; older ones drop off
WATCH_TIMEOUT = 4.0  # the watcher's [fetch] timeout in the soak configuration
WARM_UP = 45.0  # seconds of a watcher's life before its memory counts (models loading)
DRAIN_LIMIT = 240.0  # seconds the watcher gets to catch up once releases stop
STOP_LIMIT = 15.0  # seconds SIGTERM may take to stop the watcher
API_PATHS = (
    "/api/v1/health",
    "/api/v1/stories",
    "/api/v1/articles?limit=20",
    "/api/v1/articles?q=minister",
    "/api/v1/feeds",
    "/api/v1/alerts",
)
# Each answer's fault, by weight; the rest of the weight is a normal answer.
FAULTS: Mapping[str, float] = {
    "http_500": 0.03,
    "http_502": 0.02,
    "http_503": 0.03,
    "http_429": 0.02,
    "garbage_bytes": 0.02,
    "garbage_cut_feed": 0.02,
    "garbage_html": 0.02,
    "slow_drip": 0.03,  # dripped over ~2 s, inside the deadline
    "stalled_drip": 0.02,  # dripped past the deadline: the watcher must give up
    "dropped": 0.02,  # connection closed without an answer
}
SERIAL = re.compile(r"/soak/(\d+)$")
# The installed command, next to this interpreter (the package has no __main__).
EVERYSIDE = [str(Path(sys.executable).with_name("everyside"))]


@dataclass(slots=True)
class Figures:
    """What one soak run did and found."""

    minutes: float
    seconds: float = 0.0
    released: int = 0
    served: int = 0
    stored: int = 0
    lost: list[int] = field(default_factory=list)
    duplicated: list[int] = field(default_factory=list)
    truncated: list[int] = field(default_factory=list)
    unexpected: int = 0
    requests: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    not_modified: int = 0
    restarts: dict[str, int] = field(default_factory=dict)
    slow_stops: int = 0
    watcher_exit_codes: list[int] = field(default_factory=list)
    rss_mb: dict[str, float] = field(default_factory=dict)
    rss_samples: int = 0
    alerts: int = 0
    webhooks: int = 0
    repeated_alerts: list[str] = field(default_factory=list)
    undelivered_alerts: int = 0
    api_requests: int = 0
    api_status: dict[str, int] = field(default_factory=dict)
    db_check: str = ""
    db_check_ok: bool = False
    violations: list[str] = field(default_factory=list)


class SoakFeeds:
    """The feeds' state, shared by the server's threads: items released and faults drawn."""

    def __init__(self, seed: int) -> None:
        corpus = corpus_items(DEMO_CORPUS)
        self.texts = [dict(item) for item in corpus]
        self.outlets = sorted({item["outlet"] for item in corpus})
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.items: dict[str, list[dict[str, Any]]] = {outlet: [] for outlet in self.outlets}
        self.paths = {feed_path(outlet): outlet for outlet in self.outlets}
        self.released = 0
        self.served: set[int] = set()
        self.faults: Counter[str] = Counter()
        self.requests = 0
        self.not_modified = 0
        self.faulty = True
        self.webhooks: list[dict[str, Any]] = []
        for _ in self.outlets:  # one item per feed to start: an empty feed looks broken
            self.release()

    def release(self) -> None:
        """Publish the next article in its outlet's feed."""
        with self.lock:
            source = self.texts[self.released % len(self.texts)]
            if self.released < len(self.outlets):  # each feed's first item: its own text
                outlet = self.outlets[self.released]
                source = next(text for text in self.texts if text["outlet"] == outlet)
            self.released += 1
            serial, outlet = self.released, source["outlet"]
            item = {
                "id": f"urn:everyside-soak:{serial}",
                "url": f"https://soak.example/soak/{serial}",
                "title": f"{source['title']} ({serial})",
                # A numbered line, so that no item is a copy of another.
                "text": f"{source['text']}\n\nSoak bulletin number {serial}.",
                "published": datetime.now(UTC),
                "serial": serial,
            }
            self.items[outlet] = [item, *self.items[outlet]][:FEED_WINDOW]

    def answer(self, path: str, etag: str | None) -> tuple[str, bytes, str]:
        """The fault to play (or ``ok``/``not_modified``/``missing``), a body and its ETag."""
        with self.lock:
            self.requests += 1
            outlet = self.paths.get(path)
            if outlet is None:
                return "missing", b"", ""
            shown = self.items[outlet]
            version = f'"{shown[0]["serial"] if shown else 0}"'
            draw = self.rng.random()
            fault = "ok"
            if self.faulty:
                for name, weight in FAULTS.items():
                    if draw < weight:
                        fault = name
                        break
                    draw -= weight
            if fault != "ok":
                self.faults[fault] += 1
            elif etag == version:
                self.not_modified += 1
                return "not_modified", b"", version
            body = rss(outlet, shown)
            if fault in ("ok", "slow_drip"):  # answers the watcher can read whole
                self.served.update(item["serial"] for item in shown)
            if fault == "garbage_bytes":
                body = self.rng.randbytes(4096)
            elif fault == "garbage_cut_feed":
                body = body[: self.rng.randrange(1, len(body))]
            elif fault == "garbage_html":
                body = b"<!doctype html><html><body><h1>Service temporarily moved</h1></html>"
            return fault, body, version


def make_handler(feeds: SoakFeeds) -> type[BaseHTTPRequestHandler]:
    """The request handler of the soak's feed server."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the summary counts what happened."""

        def do_GET(self) -> None:
            """A feed, a fault, or a 304."""
            fault, body, etag = feeds.answer(self.path, self.headers.get("If-None-Match"))
            if fault == "missing":
                self._send(404, b"not found", "text/plain")
            elif fault == "not_modified":
                self._send(304, b"", "application/rss+xml", etag)
            elif fault.startswith("http_"):
                self._send(int(fault[5:]), b"<h1>error</h1>", "text/html")
            elif fault == "dropped":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            elif fault in ("slow_drip", "stalled_drip"):
                pause = 2.0 / 20 if fault == "slow_drip" else (WATCH_TIMEOUT * 2) / 20
                self._drip(body, etag, pause)
            else:
                kind = "text/html" if fault == "garbage_html" else "application/rss+xml"
                self._send(200, body, kind, etag)

        def do_POST(self) -> None:
            """A webhook: keep its JSON."""
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length))
            with feeds.lock:
                feeds.webhooks.append(payload)
            self._send(204, b"", "text/plain")

        def _send(self, status: int, body: bytes, kind: str, etag: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def _drip(self, body: bytes, etag: str, pause: float) -> None:
            """The body in twenty pieces, ``pause`` seconds apart."""
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                step = max(1, len(body) // 20 + 1)
                for start in range(0, len(body), step):
                    time.sleep(pause)
                    self.wfile.write(body[start : start + step])
                    self.wfile.flush()
            except OSError:
                self.close_connection = True  # the watcher gave up, as it should

    return Handler


class QuietServer(ThreadingHTTPServer):
    """A threaded HTTP server that says nothing when a client drops its connection."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A killed watcher resets its connections: expected here, so not printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def write_config(path: Path, port: int, outlets: Sequence[str]) -> None:
    """The watch configuration: the soak's feeds, short timeouts and back-off, two rules."""
    base = f"http://{HOST}:{port}"
    lines = [
        "[watch]",
        "interval = 6",
        "concurrency = 4",
        "retry = 2",
        "max_backoff = 15",
        "process_every = 10",
        "recluster_every = 120",
        "",
        "[fetch]",
        'user_agent = "everyside-soak/1"',
        f"timeout = {WATCH_TIMEOUT}",
        'allow_networks = ["127.0.0.0/8"]',
        "",
    ]
    for outlet in outlets:
        lines += ["[[outlets]]", f"name = {json.dumps(outlet)}"]
        lines += [f"feeds = [{json.dumps(base + feed_path(outlet))}]", ""]
    lines += [
        "[[rules]]",
        'name = "mentions"',
        'kind = "mention"',
        'keywords = ["minister", "government", "president"]',
        "",
        "[[rules]]",
        'name = "breaking"',
        'kind = "breaking"',
        "outlets = 2",
        "hours = 48",
        "",
        "[[deliver]]",
        'kind = "webhook"',
        f'url = "{base}/hook"',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rss_mb(pid: int) -> float | None:
    """A process's resident memory in MB (Linux), None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Watcher:
    """``everyside watch`` as a child process that can be stopped, killed and restarted."""

    def __init__(self, db: Path, config: Path, log: Path) -> None:
        self.command = [*EVERYSIDE, "--db", str(db), "watch", str(config)]
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self.starts = 0
        # (which watcher, its age in seconds, its RSS in MB)
        self.samples: list[tuple[int, float, float]] = []
        self.exit_codes: list[int] = []
        self.slow_stops = 0

    def start(self) -> None:
        """Start a watcher."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=log)
        self.started = time.monotonic()
        self.starts += 1

    def sample(self) -> None:
        """Record the running watcher's resident memory."""
        if self.process is not None and self.process.poll() is None:
            size = rss_mb(self.process.pid)
            if size is not None:
                self.samples.append((self.starts, time.monotonic() - self.started, size))

    def stop(self, how: signal.Signals) -> None:
        """Stop the watcher with this signal and wait for it."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(how)
            try:
                process.wait(STOP_LIMIT)
            except subprocess.TimeoutExpired:
                self.slow_stops += 1
                process.kill()
                process.wait()
        self.exit_codes.append(process.returncode)
        self.process = None


@contextmanager
def api_server(db: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``everyside serve`` on the store, stopped on leaving."""
    command = [*EVERYSIDE, "--db", str(db), "serve", "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/api/v1/health", timeout=2)
                break
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def api_load(port: int, stop: threading.Event, status: Counter[str]) -> None:
    """Light API load: one read every half second, round the listing routes."""
    for turn in range(10**9):
        if stop.wait(0.5):
            return
        url = f"http://{HOST}:{port}{API_PATHS[turn % len(API_PATHS)]}"
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
                status[str(response.status)] += 1
        except urllib.error.HTTPError as error:
            status[str(error.code)] += 1
        except OSError as error:
            status[type(error).__name__] += 1


def stored_serials(db: Path) -> tuple[Counter[int], list[int]]:
    """How many stored articles carry each soak item's number (from their URL), and
    the numbers of those whose body lacks its last line (stored from a cut feed)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        rows = list(connection.execute("SELECT url, body FROM articles"))
    finally:
        connection.close()
    counts: Counter[int] = Counter()
    truncated = []
    for url, body in rows:
        match = SERIAL.search(url or "")
        serial = int(match.group(1)) if match else -1
        counts[serial] += 1
        if serial > 0 and f"Soak bulletin number {serial}." not in body:
            truncated.append(serial)
    return counts, sorted(truncated)


def alert_rows(db: Path) -> list[tuple[int, str, str | None, str | None]]:
    """The stored alerts: id, rule, story and when delivered."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return list(connection.execute("SELECT id, rule, story_id, delivered_at FROM watch_alerts"))
    finally:
        connection.close()


def run(minutes: float, seed: int, folder: Path) -> Figures:
    """One soak run in ``folder``; the figures and any violations found."""
    figures = Figures(minutes=minutes)
    duration = minutes * 60
    feeds = SoakFeeds(seed)
    server = QuietServer((HOST, 0), make_handler(feeds))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = int(server.server_address[1])
    db, config = folder / "soak.db", folder / "soak.toml"
    write_config(config, port, feeds.outlets)
    watcher = Watcher(db, config, folder / "watch.log")
    rng = random.Random(seed + 1)
    # Restarts spread over the first half, alternately SIGTERM and SIGKILL; the second
    # half is one watcher's life, long enough to see its memory grow if it does.
    restarts = max(4, round(minutes * 0.4))
    at = [duration * 0.5 * (n + 1) / (restarts + 1) for n in range(restarts)]
    plan = [
        (moment, signal.SIGTERM if n % 2 == 0 else signal.SIGKILL) for n, moment in enumerate(at)
    ]
    release_every = 2.0
    began = time.monotonic()
    watcher.start()
    # The API starts once the watcher has made the store.
    while not db.exists() and time.monotonic() - began < 60:
        time.sleep(0.5)
    api_port, status = free_port(), Counter[str]()
    stop_load = threading.Event()
    with api_server(db, api_port, folder / "serve.log"):
        load = threading.Thread(target=api_load, args=(api_port, stop_load, status), daemon=True)
        load.start()
        next_release, next_sample = began + release_every, began
        while (now := time.monotonic()) - began < duration:
            if now >= next_release:
                feeds.release()
                next_release += release_every * rng.uniform(0.5, 1.5)
            if now >= next_sample:
                watcher.sample()
                next_sample += 5.0
            if plan and now - began >= plan[0][0]:
                _, how = plan.pop(0)
                watcher.stop(how)
                figures.restarts[how.name] = figures.restarts.get(how.name, 0) + 1
                time.sleep(rng.uniform(1.0, 5.0))  # down a while: the feeds move on
                watcher.start()
            elif watcher.process is not None and watcher.process.poll() is not None:
                figures.violations.append(
                    f"the watcher exited by itself (status {watcher.process.returncode})"
                )
                watcher.exit_codes.append(watcher.process.returncode)
                watcher.start()
            time.sleep(0.2)
        # Drain: no more releases or faults; the watcher catches up and processes.
        with feeds.lock:
            feeds.faulty = False
        drain_began = time.monotonic()
        while time.monotonic() - drain_began < DRAIN_LIMIT:
            watcher.sample()
            counts = stored_serials(db)[0] if db.exists() else Counter[int]()
            everything = set(range(1, feeds.released + 1)) <= set(counts)
            if everything and all(delivered for *_, delivered in alert_rows(db)):
                time.sleep(25)  # two more processing rounds for the last articles' alerts
                break
            time.sleep(5)
        watcher.stop(signal.SIGTERM)
        stop_load.set()
        load.join(40)
    server.shutdown()
    server.server_close()
    figures.seconds = round(time.monotonic() - began, 1)
    check(figures, feeds, watcher, db, status)
    return figures


def check(
    figures: Figures, feeds: SoakFeeds, watcher: Watcher, db: Path, status: Counter[str]
) -> None:
    """Fill in the figures after the run and list every violation."""
    counts, figures.truncated = stored_serials(db)
    figures.released, figures.served = feeds.released, len(feeds.served)
    figures.stored = sum(n for serial, n in counts.items() if serial > 0)
    # Faults off at the end, every feed serves its whole window again: nothing may be missing.
    released = range(1, feeds.released + 1)
    figures.lost = sorted(serial for serial in released if counts[serial] == 0)
    figures.duplicated = sorted(serial for serial, n in counts.items() if n > 1 and serial > 0)
    figures.unexpected = counts[-1]
    figures.requests, figures.not_modified = feeds.requests, feeds.not_modified
    figures.faults = dict(sorted(feeds.faults.items()))
    figures.slow_stops, figures.watcher_exit_codes = watcher.slow_stops, watcher.exit_codes
    figures.api_status = dict(sorted(status.items()))
    figures.api_requests = sum(status.values())
    if figures.lost:
        figures.violations.append(f"{len(figures.lost)} released articles not stored")
    if figures.duplicated:
        figures.violations.append(f"{len(figures.duplicated)} articles stored more than once")
    if figures.truncated:
        figures.violations.append(f"{len(figures.truncated)} articles stored cut short")
    if figures.unexpected:
        figures.violations.append(f"{figures.unexpected} stored articles no feed served")
    if figures.slow_stops:
        figures.violations.append(f"SIGTERM took over {STOP_LIMIT:g} s {figures.slow_stops} times")
    terminated = [code for code in watcher.exit_codes if code not in (0, -signal.SIGKILL)]
    if terminated:
        figures.violations.append(f"the watcher exited with status {terminated} on SIGTERM")
    rows = alert_rows(db)
    figures.alerts, figures.webhooks = len(rows), len(feeds.webhooks)
    figures.undelivered_alerts = sum(1 for *_, delivered in rows if delivered is None)
    by_story = Counter((rule, story) for _, rule, story, _ in rows)
    sent = Counter(str(payload.get("id")) for payload in feeds.webhooks)
    figures.repeated_alerts = [
        f"{rule} on {story}" for (rule, story), n in by_story.items() if n > 1
    ]
    figures.repeated_alerts += [f"webhook for alert {id_} x{n}" for id_, n in sent.items() if n > 1]
    if figures.repeated_alerts:
        figures.violations.append(f"{len(figures.repeated_alerts)} repeated alerts")
    if figures.undelivered_alerts:
        figures.violations.append(f"{figures.undelivered_alerts} alerts never delivered")
    if set(sent) != {str(row[0]) for row in rows}:
        figures.violations.append("the webhooks received are not the alerts stored")
    if not rows:
        figures.violations.append("no alert at all: the rules were not exercised")
    failed = {code: n for code, n in status.items() if not code.startswith(("2", "503"))}
    if failed or not figures.api_requests:
        figures.violations.append(f"API reads failed: {failed or 'none made'}")
    memory(figures, watcher.samples)
    result = subprocess.run(
        [*EVERYSIDE, "--db", str(db), "db", "check", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    figures.db_check_ok = result.returncode == 0
    figures.db_check = result.stdout.strip() or result.stderr.strip()
    if not figures.db_check_ok:
        figures.violations.append("everyside db check found damage")


def memory(figures: Figures, samples: Sequence[tuple[int, float, float]]) -> None:
    """RSS first/last/max past warm-up; flat unless the last watcher's grew by half."""
    warm = [(which, size) for which, age, size in samples if age >= WARM_UP]
    last = [size for which, size in warm if which == warm[-1][0]] if warm else []
    figures.rss_samples = len(warm)
    if len(last) < 4:
        figures.violations.append("too few memory samples past warm-up")
        return
    tenth = max(2, len(last) // 10)
    early, late = statistics.median(last[:tenth]), statistics.median(last[-tenth:])
    figures.rss_mb = {
        "first": round(warm[0][1], 1),
        "last": round(warm[-1][1], 1),
        "max": round(max(size for _, size in warm), 1),
        "last_watcher_early_median": round(early, 1),
        "last_watcher_late_median": round(late, 1),
    }
    if late > early * 1.5 + 50:
        figures.violations.append(f"memory grew: {early:.0f} MB early, {late:.0f} MB late")


def summary(figures: Figures) -> str:
    """The run in a few lines."""
    restarts = ", ".join(f"{n} {name}" for name, n in figures.restarts.items()) or "none"
    faults = ", ".join(f"{name} {n}" for name, n in figures.faults.items())
    lines = [
        f"soak: {figures.seconds / 60:.1f} min (asked {figures.minutes:g})",
        f"articles: {figures.released} released ({figures.served} in a whole answer), "
        f"{figures.stored} stored; lost {len(figures.lost)}, duplicated "
        f"{len(figures.duplicated)}, cut short {len(figures.truncated)}, "
        f"unexpected {figures.unexpected}",
        f"feed requests: {figures.requests} ({figures.not_modified} answered 304); "
        f"faults injected {sum(figures.faults.values())}: {faults}",
        f"watcher restarts: {restarts}; exit statuses {figures.watcher_exit_codes}",
        "watcher RSS MB past warm-up ({} samples): {}".format(
            figures.rss_samples, ", ".join(f"{k} {v}" for k, v in figures.rss_mb.items())
        ),
        f"alerts: {figures.alerts} stored, {figures.webhooks} webhooks received, "
        f"{len(figures.repeated_alerts)} repeated, {figures.undelivered_alerts} undelivered",
        f"API: {figures.api_requests} reads, statuses {figures.api_status}",
        f"db check: {'clean' if figures.db_check_ok else 'DAMAGE'}",
    ]
    lines += [f"VIOLATION: {line}" for line in figures.violations] or ["no violation"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the soak and print its summary; 1 on any violation."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    default = float(os.environ.get("SOAK_MINUTES", "30"))
    parser.add_argument("--minutes", type=float, default=default, help="default 30")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--keep", type=Path, help="keep the store and logs in this folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = run(args.minutes, args.seed, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="everyside-soak-") as folder:
            figures = run(args.minutes, args.seed, Path(folder))
    print(json.dumps(asdict(figures), indent=2) if args.json else summary(figures))
    return 1 if figures.violations else 0


if __name__ == "__main__":
    sys.exit(main())
