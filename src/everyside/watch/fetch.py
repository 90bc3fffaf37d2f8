"""Polite HTTP for the watcher: conditional requests, hard limits, a per-host pace."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from everyside import __version__
from everyside.errors import EverysideError

DEFAULT_USER_AGENT = (
    f"everyside-watch/{__version__} (news monitor; +https://github.com/everyside/everyside)"
)
# 10 MB: the largest real feeds (full text of a hundred items) stay well under it.
DEFAULT_MAX_BODY_BYTES = 10_000_000


class FetchError(EverysideError):
    """A URL could not be fetched; the message names it and says why in one line."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{url}: {problem}")
        self.url = url
        self.problem = problem


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchSettings:
    """How the watcher talks to web servers.

    Args:
        user_agent: sent with every request, so publishers can tell who is polling.
        timeout: seconds for the whole response, a slow trickle included.
        max_body_bytes: larger bodies are refused while they arrive.
        max_redirects: more hops than this (a loop, say) is an error.
        host_delay: seconds between two requests to the same host.
    """

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_redirects: int = 5
    host_delay: float = 1.0

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.max_body_bytes < 1:
            raise ValueError("timeout and max_body_bytes must be positive")
        if self.max_redirects < 0 or self.host_delay < 0:
            raise ValueError("max_redirects and host_delay cannot be negative")
        if not self.user_agent.strip():
            raise ValueError("user_agent cannot be empty")


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A response: its body, or ``not_modified`` when the validators still hold."""

    url: str
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server answered 304: nothing changed since the validators sent."""
        return self.status == 304


class HostPace:
    """Spaces requests to each host by a fixed delay, across threads."""

    def __init__(
        self,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_free: dict[str, float] = {}

    def wait(self, host: str) -> None:
        """Return when this host may be asked again, booking the next slot."""
        if self.delay <= 0:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_free.get(host, now))
            self._next_free[host] = slot + self.delay
        if slot > now:
            self._sleep(slot - now)


class Fetcher:
    """Fetches URLs with the limits of ``FetchSettings``; safe to share between threads."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self.pace = HostPace(self.settings.host_delay)
        self._client = httpx.Client(
            follow_redirects=True,
            max_redirects=self.settings.max_redirects,
            timeout=httpx.Timeout(self.settings.timeout),
            headers={"User-Agent": self.settings.user_agent},
        )

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET a URL, conditionally when validators are given; raises FetchError."""
        host = urlsplit(url).hostname
        if urlsplit(url).scheme not in ("http", "https") or not host:
            raise FetchError(url, "only http and https URLs can be watched")
        self.pace.wait(host)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        # httpx times out each read; a server trickling a byte at a time needs a whole deadline.
        deadline = time.monotonic() + self.settings.timeout
        limit = self.settings.max_body_bytes
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(url, f"body of {declared} bytes is over the {limit} limit")
                chunks, size = [], 0
                if response.status_code != 304:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise FetchError(url, f"body over the {limit} byte limit")
                        if time.monotonic() > deadline:
                            raise FetchError(url, f"timed out after {self.settings.timeout:g} s")
                        chunks.append(chunk)
                return Fetched(
                    url=str(response.url),
                    status=response.status_code,
                    body=b"".join(chunks),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except httpx.TooManyRedirects:
            raise FetchError(url, f"more than {self.settings.max_redirects} redirects") from None
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {self.settings.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise FetchError(url, f"{type(error).__name__}: {error}") from None

    def close(self) -> None:
        """Close the connections kept open."""
        self._client.close()
