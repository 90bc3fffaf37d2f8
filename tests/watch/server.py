"""Local HTTP and SMTP servers on 127.0.0.1 for the watch tests, benchmark and demo.

The feed server serves whatever its routes say at the moment, so a test changes a
feed between polls by replacing a route.
"""

from __future__ import annotations

import json
import socketserver
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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
    """A threaded HTTP server on 127.0.0.1 with mutable routes, taking POSTs as webhooks."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.posted: list[Any] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str) -> str:
        """The full URL of a path on this server."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}{path}"


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read counters, not logs."""

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
            server.posted.append(json.loads(self.rfile.read(length)))
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


def rss(channel: str, items: list[dict[str, Any]]) -> bytes:
    """An RSS 2.0 document with full text in ``content:encoded``."""
    entries = "".join(
        "<item>"
        f"<title>{escape(item['title'])}</title>"
        f"<link>{escape(item['url'])}</link>"
        f"<guid>{escape(item['id'])}</guid>"
        f"<pubDate>{format_datetime(item['published'])}</pubDate>"
        "<content:encoded>"
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


@dataclass(slots=True)
class SmtpServer:
    """A minimal SMTP receiver on 127.0.0.1: enough of RFC 5321 for smtplib to send mail."""

    messages: list[bytes]
    _server: socketserver.ThreadingTCPServer
    _thread: threading.Thread

    @classmethod
    def start(cls) -> SmtpServer:
        """Listen on a free port in a background thread."""
        messages: list[bytes] = []

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 localhost test SMTP\r\n")
                for line in iter(self.rfile.readline, b""):
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 localhost\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 end with .\r\n")
                        messages.append(b"".join(_until_dot(self.rfile)))
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
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


def _until_dot(stream: Any) -> Iterator[bytes]:
    for line in iter(stream.readline, b""):
        if line == b".\r\n":
            return
        yield line
