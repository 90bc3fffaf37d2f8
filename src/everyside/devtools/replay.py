"""Local feeds for the watcher: the demo corpus replayed over time on 127.0.0.1.

``python -m everyside.devtools.replay`` serves one RSS feed per outlet of the demo corpus
(``/meridian-wire.xml``, ``/orient-ledger.xml``, ``/thames-courier.xml``, …), releasing
the articles a few at a time in publication order, so that a watcher polling it sees
news arrive. It also receives alerts: webhooks POSTed to any path and mail on a small
SMTP server, printing one line for each. ``make watch-demo`` runs it with
``examples/watch.toml``; the watch tests and the polling benchmark use its servers.
Everything listens on the loopback interface only.
"""

from __future__ import annotations

import argparse
import email.policy
import io
import json
import re
import signal
import socketserver
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from everyside.errors import IngestError
from everyside.escaping import printable
from everyside.ingest.outlets import OutletRegistry
from everyside.ingest.pipeline import READERS
from everyside.ingest.sources import detect_format, expand_pattern
from everyside.settings import IngestOptions

HOST = "127.0.0.1"
DEMO_CORPUS = Path("examples/corpus")
CHUNK = b"\0" * (1 << 20)


@dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """What the server answers at one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    etag: str | None = None  # answer 304 when the client sends it back
    location: str | None = None  # a redirect target
    delay: float = 0.0  # seconds before answering
    stream_bytes: int = 0  # a body of this many zero bytes, sent in 1 MB chunks
    declare_length: bool = True


class FeedServer:
    """A threaded HTTP server on 127.0.0.1 with mutable routes, taking POSTs as webhooks.

    Replacing a route changes what the next request gets, so a feed can change between
    two polls. ``on_post`` sees each webhook's JSON as it arrives.
    """

    def __init__(self, port: int = 0, *, on_post: Callable[[Any], None] | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.posted: list[Any] = []
        self.on_post = on_post
        self._httpd = ThreadingHTTPServer((HOST, port), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        """The full URL of a path on this server."""
        return f"http://{HOST}:{self.port}{path}"


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: callers read the counters, and the demo prints what matters."""

        def do_GET(self) -> None:
            server.hits[self.path] += 1
            server.user_agents.add(self.headers.get("User-Agent", ""))
            route = server.routes.get(self.path)
            if route is None:
                self._answer(404, b"not found", "text/plain")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.location:
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                server.not_modified[self.path] += 1
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.stream_bytes:
                self._stream(route)
                return
            self._answer(route.status, route.body, route.content_type, route.etag)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length))
            server.posted.append(payload)
            if server.on_post is not None:
                server.on_post(payload)
            self._answer(204, b"", "text/plain")

        def _answer(self, status: int, body: bytes, kind: str, etag: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, route: Route) -> None:
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            if route.declare_length:
                self.send_header("Content-Length", str(route.stream_bytes))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            try:
                for _ in range(0, route.stream_bytes, len(CHUNK)):
                    self.wfile.write(CHUNK)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its limit, as it should

    return Handler


def rss(channel: str, items: Sequence[Mapping[str, Any]]) -> bytes:
    """An RSS 2.0 document with full text in ``content:encoded``.

    Each item has ``id``, ``title`` and ``text`` (paragraphs separated by blank lines),
    and ``url`` and ``published`` (a datetime) when known.
    """
    entries = "".join(
        "<item>"
        f"<title>{escape(item['title'])}</title>"
        + (f"<link>{escape(item['url'])}</link>" if item.get("url") else "")
        + f"<guid>{escape(item['id'])}</guid>"
        + (
            f"<pubDate>{format_datetime(item['published'])}</pubDate>"
            if item.get("published")
            else ""
        )
        + "<content:encoded>"
        + escape("".join(f"<p>{escape(p)}</p>" for p in item["text"].split("\n\n")))
        + "</content:encoded></item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(channel)}</title><link>https://example.org/</link>"
        f"{entries}</channel></rss>"
    ).encode()


def jsonl_items(path: Path) -> list[dict[str, Any]]:
    """The items of a demo-corpus JSONL file, with ``published`` as a datetime."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        item["published"] = datetime.fromisoformat(item["published"])
        items.append(item)
    return items


def corpus_items(corpus: Path = DEMO_CORPUS) -> list[dict[str, Any]]:
    """Every article of the demo corpus, whatever its format, oldest first, each once.

    Read with everyside's own readers and named by the corpus's outlet registry, as
    ``everyside demo`` ingests them; undated articles come last.
    """
    registry = OutletRegistry.load(corpus / "outlets.toml")
    options = IngestOptions()
    items: dict[str, dict[str, Any]] = {}
    for folder in sorted(path for path in corpus.iterdir() if path.is_dir()):
        for input_file in expand_pattern(str(folder)):
            for article in READERS[detect_format(input_file)](input_file, options):
                if isinstance(article, IngestError):
                    raise article
                outlet = registry.outlet_of(article, input_file.path)
                items.setdefault(
                    article.content_hash,  # the corpus has one page both as HTML and in a feed
                    {
                        "id": article.id,
                        "url": article.url,
                        "outlet": outlet.name if outlet else "Unknown",
                        "title": article.title,
                        "text": "\n\n".join(article.paragraphs),
                        "published": article.published_at,
                    },
                )
    return sorted(items.values(), key=_publication_order)


def _publication_order(item: Mapping[str, Any]) -> tuple[bool, float]:
    published: datetime | None = item["published"]
    if published is None:
        return (True, 0.0)
    # Naive times (plain-text articles) are read as UTC: close enough to order a replay.
    aware = published if published.tzinfo else published.replace(tzinfo=UTC)
    return (False, aware.timestamp())


def feed_path(outlet: str) -> str:
    """The path of an outlet's feed: ``Meridian Wire`` → ``/meridian-wire.xml``."""
    return "/" + re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-") + ".xml"


class Replay:
    """Serves ``items`` as one RSS feed per outlet, releasing ``per_step`` more at each step.

    Every feed starts with its outlet's oldest item (to a feed reader an empty feed is a
    broken one); the others follow in the order given. A feed's ETag changes only when
    it gains items, so a watcher polling an outlet that got nothing new receives a 304.
    """

    def __init__(
        self, server: FeedServer, items: Sequence[Mapping[str, Any]], *, per_step: int
    ) -> None:
        if per_step < 1:
            raise ValueError("per_step must be at least 1")
        oldest: dict[str, str] = {}
        for item in items:
            oldest.setdefault(item["outlet"], item["id"])
        self.server = server
        # A stable sort: each outlet's first item up front, the rest in their order.
        self.items = sorted(items, key=lambda item: item["id"] != oldest[item["outlet"]])
        self.per_step = per_step
        self.outlets = sorted(oldest)
        self.released = len(oldest)
        for outlet in self.outlets:
            self._publish(outlet)

    @property
    def exhausted(self) -> bool:
        """Every item has been released."""
        return self.released >= len(self.items)

    def advance(self) -> list[Mapping[str, Any]]:
        """Release the next items and return them (none once exhausted)."""
        new = self.items[self.released : self.released + self.per_step]
        self.released += len(new)
        for outlet in sorted({item["outlet"] for item in new}):
            self._publish(outlet)
        return new

    def _publish(self, outlet: str) -> None:
        # Newest first, as publishers order their feeds.
        shown = [item for item in self.items[: self.released] if item["outlet"] == outlet][::-1]
        self.server.routes[feed_path(outlet)] = Route(
            body=rss(outlet, shown), etag=f'"{len(shown)}"'
        )


@dataclass(slots=True)
class SmtpServer:
    """A minimal SMTP receiver on 127.0.0.1: enough of RFC 5321 for smtplib to send mail."""

    messages: list[bytes]
    _server: socketserver.ThreadingTCPServer
    _thread: threading.Thread

    @classmethod
    def start(
        cls, port: int = 0, *, on_message: Callable[[bytes], None] | None = None
    ) -> SmtpServer:
        """Listen on ``port`` (0: a free one) in a background thread."""
        messages: list[bytes] = []

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 localhost everyside SMTP\r\n")
                for line in iter(self.rfile.readline, b""):
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 localhost\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 end with .\r\n")
                        message = b"".join(_until_dot(self.rfile))
                        messages.append(message)
                        if on_message is not None:
                            on_message(message)
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        server = _SmtpListener((HOST, port), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        return cls(messages, server, thread)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    def stop(self) -> None:
        """Stop listening."""
        self._server.shutdown()
        self._server.server_close()


class _SmtpListener(socketserver.ThreadingTCPServer):
    # A fixed port (the demo's 8025) must be reusable right after the last run stopped.
    allow_reuse_address = True
    daemon_threads = True


def _until_dot(stream: io.BufferedIOBase) -> Iterator[bytes]:
    for line in iter(stream.readline, b""):
        if line == b".\r\n":
            return
        yield line


def _say(line: str) -> None:
    # Flushed at once: the demo runs this in the background, sharing the watcher's terminal.
    # What it received is the watcher's alerts, quoting articles: shown printable, one line.
    print(f"[replay] {printable(line)}", flush=True)


def _print_webhook(alert: Any) -> None:
    rule = alert.get("rule", "?") if isinstance(alert, dict) else "?"
    title = alert.get("title", alert) if isinstance(alert, dict) else alert
    _say(f"webhook received: [{rule}] {title}")


def _print_mail(message: bytes) -> None:
    # The default policy unfolds long headers: one subject, one line.
    subject = message_from_bytes(message, policy=email.policy.default).get("Subject")
    _say(f"mail received: {subject or '(no subject)'}")


def main(argv: Sequence[str] | None = None) -> None:
    """Replay the demo corpus on 127.0.0.1 until SIGTERM or Ctrl+C."""
    parser = argparse.ArgumentParser(
        prog="python -m everyside.devtools.replay",
        description="Serve the demo corpus as RSS feeds on 127.0.0.1, a few items at a time, "
        "and print the webhooks and mail it receives.",
    )
    parser.add_argument("--port", type=int, default=8765, help="HTTP port (default 8765)")
    parser.add_argument("--smtp-port", type=int, default=8025, help="SMTP port, 0: none")
    parser.add_argument("--step", type=float, default=10.0, help="seconds between releases")
    parser.add_argument("--per-step", type=int, default=8, help="articles released per step")
    parser.add_argument("--corpus", type=Path, default=DEMO_CORPUS, help="the demo corpus")
    args = parser.parse_args(argv)

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    items = corpus_items(args.corpus)
    try:
        feeds = FeedServer(args.port, on_post=_print_webhook)
    except OSError as error:  # the port is taken: one line, not a traceback
        parser.exit(1, f"replay: cannot listen on {HOST}:{args.port}: {error.strerror}\n")
    try:
        smtp = SmtpServer.start(args.smtp_port, on_message=_print_mail) if args.smtp_port else None
    except OSError as error:
        parser.exit(1, f"replay: cannot listen on {HOST}:{args.smtp_port}: {error.strerror}\n")
    with feeds as server:
        replay = Replay(server, items, per_step=args.per_step)
        _say(
            f"{len(items)} articles of {len(replay.outlets)} outlets on {server.url('/')}"
            f" (e.g. {server.url(feed_path(replay.outlets[0]))}), {args.per_step} every"
            f" {args.step:g} s after each outlet's first"
            + (f"; SMTP on {HOST}:{smtp.port}" if smtp else "")
        )
        while not replay.exhausted and not stop.wait(args.step):
            new = replay.advance()
            counts = Counter(item["outlet"] for item in new)
            _say(
                f"released {len(new)} ({replay.released}/{len(items)}): "
                + ", ".join(f"{outlet} {n}" for outlet, n in sorted(counts.items()))
            )
        if not stop.is_set():
            _say("every article released; still serving until stopped")
        stop.wait()
        _say(f"stopped after {sum(server.hits.values())} requests, {len(server.posted)} webhooks")
    if smtp is not None:
        smtp.stop()


if __name__ == "__main__":
    main()
