"""The local servers of the watch tests, from ``everyside.devtools.replay`` (make watch-demo).

Plus a hostile one: ``DripServer`` answers every connection with a response dripped one
byte at a time, the way a slow-loris server holds a client that only times out reads.
"""

from __future__ import annotations

import socket
import threading
import time

from everyside.devtools.replay import FeedServer, Route, SmtpServer, jsonl_items, rss

__all__ = ["DripServer", "FeedServer", "Route", "SmtpServer", "jsonl_items", "rss"]

DRIP_RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n" + b"X-Drip: " + (b"." * 10_000)
)


class DripServer:
    """A TCP server on 127.0.0.1 sending one byte of a never-ending header every ``interval``."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> DripServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed.set()
        self._listener.close()

    def url(self, path: str = "/feed.xml") -> str:
        """The URL of a path on this server (every path drips the same)."""
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}{path}"

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)  # the request
                for byte in DRIP_RESPONSE:
                    if self._closed.wait(self.interval):
                        return
                    connection.sendall(bytes([byte]))
            except OSError:
                return  # the client gave up, as it should


def elapsed(since: float) -> float:
    """Seconds since a ``time.monotonic()`` reading."""
    return time.monotonic() - since
