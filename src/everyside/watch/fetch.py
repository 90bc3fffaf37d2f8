"""Polite HTTP for the watcher: conditional requests, hard limits, a per-host pace, public peers.

Two rules keep a hostile feed from turning the watcher against its own network:

* Addresses that come from the network (a redirect's ``Location``, an item's link
  fetched with ``full_page``) may only reach public addresses. The check runs on the
  address actually connected to, after resolution, so a host name that resolves (or
  rebinds) to 127.0.0.1 is refused like 127.0.0.1 itself, whatever its spelling
  (``2130706433``, ``0x7f.1``, ``[::ffff:127.0.0.1]``). ``FetchSettings.allow_networks``
  lets the operator allow more. The feed URLs the operator configures are trusted as
  configured; their redirects are not.
* ``FetchSettings.timeout`` is a deadline for the whole exchange (name resolution,
  connection, headers and body), not a limit per read, so a server dripping one byte
  at a time cannot hold a worker; and setting the fetcher's ``stop`` event ends an
  exchange in flight within a fraction of a second.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import select
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from everyside import __version__
from everyside.errors import EverysideError
from everyside.watch.redact import RedactingFilter, redact_text, redact_url

DEFAULT_USER_AGENT = (
    f"everyside-watch/{__version__} (news monitor; +https://github.com/everyside/everyside)"
)
# 10 MB: the largest real feeds (full text of a hundred items) stay well under it.
DEFAULT_MAX_BODY_BYTES = 10_000_000
# Blocking network calls wait at most this long before looking at the stop event again.
_SLICE = 0.2
_REDIRECTS = (301, 302, 303, 307, 308)
# httpx logs each request's full URL at INFO: mask the credentials a feed URL may carry.
logging.getLogger("httpx").addFilter(RedactingFilter())
_IN_PROGRESS = (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FetchError(EverysideError):
    """A URL could not be fetched; the message names it (credentials masked) and says why."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{redact_url(url)}: {redact_text(problem)}")
        self.url = url
        self.problem = problem


class AddressRefused(EverysideError):
    """A connection to a non-public address that the configuration does not allow."""


class FetchStopped(EverysideError):
    """The fetcher's stop event was set while a request was in flight."""


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """CIDR strings (``127.0.0.0/8``, ``10.1.2.3``, ``fd00::/8``) as networks; ValueError if not."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise ValueError(f"allow_networks: {value!r} is not an IP network") from None
    return tuple(networks)


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for: mapped, 6to4 or NAT64; else None."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in ipaddress.IPv6Network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def non_public_reason(address: IPAddress) -> str | None:
    """Why an address is not a public one (``"loopback"``, ``"private"``, …); None if it is."""
    for candidate in (_embedded_ipv4(address), address):
        if candidate is None:
            continue
        for reason, flag in (
            ("unspecified", candidate.is_unspecified),
            ("loopback", candidate.is_loopback),
            ("link-local", candidate.is_link_local),
            ("multicast", candidate.is_multicast),
            ("private", candidate.is_private),
            ("reserved", candidate.is_reserved),
            ("site-local", getattr(candidate, "is_site_local", False)),
            ("not globally routable", not candidate.is_global),
        ):
            if flag:
                return reason
    return None


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """The peers that addresses from the network may reach: public ones, and ``allow``."""

    allow: tuple[IPNetwork, ...] = ()

    def refusal(self, address: IPAddress) -> str | None:
        """Why a connection to this address is refused, or None when it may go ahead."""
        embedded = _embedded_ipv4(address)
        for candidate in (address, embedded):
            if candidate is not None and any(
                candidate.version == network.version and candidate in network
                for network in self.allow
            ):
                return None
        reason = non_public_reason(address)
        if reason is None:
            return None
        return (
            f"{address} is a {reason} address, not a public one "
            "(allow its network in [fetch] allow_networks to fetch it)"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchSettings:
    """How the watcher talks to web servers.

    Args:
        user_agent: sent with every request, so publishers can tell who is polling.
        timeout: seconds for the whole exchange (connection, headers, body), a slow
            trickle included.
        max_body_bytes: larger bodies are refused while they arrive.
        max_redirects: more hops than this (a loop, say) is an error.
        host_delay: seconds between two requests to the same host.
        allow_networks: non-public networks that redirects and item links may reach
            all the same (say ``127.0.0.0/8`` for feeds served on this machine).
    """

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_redirects: int = 5
    host_delay: float = 1.0
    allow_networks: tuple[IPNetwork, ...] = ()

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


# The deadline of the exchange the current thread is making (time.monotonic()).
_DEADLINE: ContextVar[float] = ContextVar("everyside_fetch_deadline", default=float("inf"))


def _until(timeout: float | None) -> float:
    """The earlier of the exchange's deadline and ``timeout`` seconds from now."""
    limit = _DEADLINE.get()
    return limit if timeout is None else min(limit, time.monotonic() + timeout)


class _SocketStream(httpcore.NetworkStream):
    """A socket whose waits end at the exchange's deadline, or soon after a stop."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self._sock = sock
        self._stop = stop

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read some bytes, in short waits so that a stop or the deadline is noticed."""
        until = _until(timeout)
        while True:
            if self._stop.is_set():
                raise FetchStopped("stopped")
            remaining = until - time.monotonic()
            if remaining <= 0:
                raise httpcore.ReadTimeout("timed out")
            try:
                self._sock.settimeout(min(remaining, _SLICE))
                return self._sock.recv(max_bytes)
            except TimeoutError:
                continue
            except OSError as error:
                raise httpcore.ReadError(str(error)) from None

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write the bytes before the deadline."""
        remaining = _until(timeout) - time.monotonic()
        if remaining <= 0:
            raise httpcore.WriteTimeout("timed out")
        try:
            self._sock.settimeout(remaining)
            self._sock.sendall(buffer)
        except TimeoutError:
            raise httpcore.WriteTimeout("timed out") from None
        except OSError as error:
            raise httpcore.WriteError(str(error)) from None

    def close(self) -> None:
        """Close the socket."""
        self._sock.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        """The TLS handshake, before the deadline; the certificate is checked for the URL's host."""
        remaining = _until(timeout) - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            self._sock.settimeout(remaining)
            wrapped = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname)
        except TimeoutError:
            self._sock.close()
            raise httpcore.ConnectTimeout("timed out in the TLS handshake") from None
        except OSError as error:
            self._sock.close()
            raise httpcore.ConnectError(str(error)) from None
        return _SocketStream(wrapped, self._stop)

    def get_extra_info(self, info: str) -> Any:
        """What httpcore asks of the connection: its TLS socket, addresses, readability."""
        if info == "ssl_object":
            return self._sock if isinstance(self._sock, ssl.SSLSocket) else None
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            # An idle kept-alive connection that turns readable was closed by the server.
            if self._sock.fileno() < 0:
                return True
            if hasattr(select, "poll"):  # select.select cannot watch descriptors past 1023
                poller = select.poll()
                poller.register(self._sock, select.POLLIN)
                return bool(poller.poll(0))
            readable, _, _ = select.select([self._sock], [], [], 0)
            return bool(readable)
        return None


def _wait_for(work: Callable[[], Any], until: float, stop: threading.Event) -> Any:
    """Run a blocking call in a helper thread, giving up at ``until`` or when stopped."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except Exception as error:
            outcome.append((False, error))

    thread = threading.Thread(target=run, name="watch-resolve", daemon=True)
    thread.start()
    while thread.is_alive():
        if stop.is_set():
            raise FetchStopped("stopped")
        remaining = until - time.monotonic()
        if remaining <= 0:
            raise httpcore.ConnectTimeout("timed out resolving the host name")
        thread.join(min(remaining, _SLICE))
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    return value


class _Backend(httpcore.NetworkBackend):
    """Resolves once, checks each address against a policy, and connects to that very address.

    Connecting to the address that was checked (not to the name again) leaves no room
    for DNS rebinding; TLS still verifies the certificate against the URL's host name.
    """

    def __init__(self, policy: AddressPolicy | None, stop: threading.Event) -> None:
        self.policy = policy
        self.stop = stop

    def _addresses(self, host: str, port: int, until: float) -> list[tuple[Any, Any]]:
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            infos = _wait_for(
                lambda: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM), until, self.stop
            )
            return [(family, sockaddr) for family, _, _, _, sockaddr in infos]
        family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        return [(family, (str(literal), port))]

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Open a TCP connection to an allowed address of ``host``."""
        until = _until(timeout)
        try:
            addresses = self._addresses(host, port, until)
        except OSError as failure:
            raise httpcore.ConnectError(f"cannot resolve {host}: {failure}") from None
        refusals = []
        allowed = []
        for family, sockaddr in addresses:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            refusal = self.policy.refusal(address) if self.policy else None
            if refusal is None:
                allowed.append((family, sockaddr))
            else:
                refusals.append(refusal)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        if not allowed:
            name = "" if refusals[0].startswith(host) else f"{host} resolves to "
            raise AddressRefused(f"{name}{refusals[0]}")
        problem = ""
        for family, sockaddr in allowed:
            try:
                sock = self._connect(family, sockaddr, until, socket_options or ())
            except OSError as failure:
                problem = str(failure)
                continue
            return _SocketStream(sock, self.stop)
        raise httpcore.ConnectError(problem)

    def _connect(
        self, family: Any, sockaddr: Any, until: float, options: Iterable[Any]
    ) -> socket.socket:
        """A non-blocking connect, waited on in short slices."""
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            for option in options:
                sock.setsockopt(*option)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.setblocking(False)
            code = sock.connect_ex(sockaddr)
            with selectors.DefaultSelector() as selector:
                selector.register(sock, selectors.EVENT_WRITE)
                while code in _IN_PROGRESS:
                    if self.stop.is_set():
                        raise FetchStopped("stopped")
                    remaining = until - time.monotonic()
                    if remaining <= 0:
                        raise httpcore.ConnectTimeout("timed out connecting")
                    if selector.select(min(remaining, _SLICE)):
                        code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                raise OSError(code, os.strerror(code))
            sock.setblocking(True)
        except BaseException:
            sock.close()
            raise
        return sock


class _Transport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that connects through a ``_Backend``."""

    def __init__(self, backend: _Backend, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


class Fetcher:
    """Fetches URLs with the limits of ``FetchSettings``; safe to share between threads.

    ``stop``, once set, ends the requests in flight (``FetchError: stopped``) within a
    fraction of a second and refuses new ones.
    """

    def __init__(
        self, settings: FetchSettings | None = None, *, stop: threading.Event | None = None
    ) -> None:
        self.settings = settings or FetchSettings()
        self.stop = stop or threading.Event()
        self.pace = HostPace(self.settings.host_delay, sleep=self._pause)
        context = httpx.create_ssl_context()
        # Two pools, so that a connection opened for a trusted URL is never reused for one
        # that came from the network: every guarded connection was checked when opened.
        self._trusted = self._client(_Backend(None, self.stop), context)
        policy = AddressPolicy(self.settings.allow_networks)
        self._guarded = self._client(_Backend(policy, self.stop), context)

    def _client(self, backend: _Backend, context: ssl.SSLContext) -> httpx.Client:
        return httpx.Client(
            transport=_Transport(backend, context),
            follow_redirects=False,  # each hop is checked here, see get()
            timeout=httpx.Timeout(self.settings.timeout),
            headers={"User-Agent": self.settings.user_agent},
            trust_env=False,  # no proxy from the environment: peers are checked here
        )

    def _pause(self, seconds: float) -> None:
        self.stop.wait(seconds)

    @property
    def stopped(self) -> bool:
        """Whether the stop event is set: no more requests."""
        return self.stop.is_set()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        trusted: bool = False,
    ) -> Fetched:
        """GET a URL, conditionally when validators are given; raises FetchError.

        ``trusted`` (a feed URL from the configuration) skips the address check for
        ``url`` itself; the redirects it answers with are always checked.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        client, current, deadline = (self._trusted if trusted else self._guarded), url, None
        for _ in range(self.settings.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                where = "" if current == url else f"redirected to {current}: "
                raise FetchError(url, f"{where}only http and https URLs can be watched")
            self.pace.wait(parts.hostname)
            if self.stopped:
                raise FetchError(url, "stopped")
            # One deadline for every hop, resolution, connection, headers and body.
            deadline = deadline or time.monotonic() + self.settings.timeout
            token = _DEADLINE.set(deadline)
            try:
                result = self._exchange(client, url, current, headers)
            finally:
                _DEADLINE.reset(token)
            if isinstance(result, Fetched):
                return result
            client, current = self._guarded, result
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def _exchange(
        self, client: httpx.Client, url: str, current: str, headers: dict[str, str]
    ) -> Fetched | str:
        """One request: the response, or the URL a redirect points to."""
        where = "" if current == url else f"redirected to {current}: "
        limit = self.settings.max_body_bytes
        try:
            with client.stream("GET", current, headers=headers) as response:
                location = response.headers.get("Location")
                if response.status_code in _REDIRECTS and location:
                    return str(response.url.join(location))
                if response.status_code >= 400:
                    raise FetchError(
                        url, f"{where}HTTP {response.status_code} {response.reason_phrase}"
                    )
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(url, f"body of {declared} bytes is over the {limit} limit")
                chunks, size = [], 0
                if response.status_code != 304:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise FetchError(url, f"body over the {limit} byte limit")
                        if time.monotonic() > _DEADLINE.get():
                            raise FetchError(url, f"timed out after {self.settings.timeout:g} s")
                        chunks.append(chunk)
                return Fetched(
                    url=str(response.url),
                    status=response.status_code,
                    body=b"".join(chunks),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except AddressRefused as error:
            raise FetchError(url, f"{where}{error}") from None
        except FetchStopped:
            raise FetchError(url, "stopped") from None
        except httpx.TimeoutException:
            raise FetchError(url, f"{where}timed out after {self.settings.timeout:g} s") from None
        except httpx.InvalidURL as error:
            raise FetchError(url, f"{where}not a valid URL: {error}") from None
        except httpx.HTTPError as error:
            raise FetchError(url, f"{where}{type(error).__name__}: {error}") from None

    def close(self) -> None:
        """Close the connections kept open."""
        self._trusted.close()
        self._guarded.close()
