"""Hostile networks (issue 20): SSRF through feeds, slow-drip servers, stops, TLS for mail.

Everything runs on loopback and is bounded in time: the "internal" service a hostile feed
points at is a second local server, reachable only when the configuration allows it.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from everyside.store.watch import Alert
from everyside.watch.config import FeedConfig, WatchConfigError, config_from_dict
from everyside.watch.deliver import EmailChannel, WebhookChannel, deliver
from everyside.watch.fetch import (
    AddressPolicy,
    Fetcher,
    FetchError,
    FetchSettings,
    non_public_reason,
    parse_networks,
)
from everyside.watch.poll import fetch_feed
from tests.watch.server import DripServer, FeedServer, Route, elapsed, rss

LOOPBACK = parse_networks(["127.0.0.0/8"])
SECRET_PAGE = (
    "<html><head><title>Admin</title></head><body><article><h1>Admin</h1>"
    + "".join(
        f"<p>This internal admin page lists the configuration of service {n}, "
        "which must never leave the private network it runs on.</p>"
        for n in range(6)
    )
    + "</article></body></html>"
).encode()


def _fetcher(*, allow: bool = False, **settings: Any) -> Fetcher:
    return Fetcher(
        FetchSettings(host_delay=0, allow_networks=LOOPBACK if allow else (), **settings)
    )


@pytest.fixture
def internal() -> Iterator[FeedServer]:
    """A second loopback server: the internal service a hostile feed would point at."""
    with FeedServer() as server:
        server.routes["/admin"] = Route(body=SECRET_PAGE, content_type="text/html")
        yield server


# --- which addresses are public ------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        *("127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "0.0.0.0"),
        *("169.254.169.254", "100.64.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1"),
        *("255.255.255.255", "198.18.0.1", "192.0.2.1"),
        *("::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1"),
        *("::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::1", "64:ff9b::a00:1"),
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert non_public_reason(ip) is not None
    assert AddressPolicy().refusal(ip) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert AddressPolicy().refusal(ipaddress.ip_address(address)) is None


def test_allow_networks_admits_a_range_also_in_its_mapped_ipv6_form() -> None:
    policy = AddressPolicy(parse_networks(["127.0.0.0/8", "fd00::/8"]))
    for address in ("127.0.0.1", "::ffff:127.0.0.1", "fd00::5"):
        assert policy.refusal(ipaddress.ip_address(address)) is None
    assert policy.refusal(ipaddress.ip_address("10.0.0.1")) is not None


def test_allow_networks_is_read_from_the_configuration_and_checked() -> None:
    base = {"outlets": [{"name": "A", "feeds": ["http://127.0.0.1:1/a.xml"]}]}
    config = config_from_dict(
        {**base, "fetch": {"allow_networks": ["127.0.0.0/8", "10.1.2.3"]}}, base=Path(".")
    )
    assert config.fetch.allow_networks == parse_networks(["127.0.0.0/8", "10.1.2.3/32"])
    with pytest.raises((WatchConfigError, ValueError), match="not an IP network"):
        config_from_dict({**base, "fetch": {"allow_networks": ["localhost"]}}, base=Path("."))


# --- SSRF through redirects and item links --------------------------------------------


def test_cross_host_redirect_to_loopback_is_refused_unless_allowed(
    feed_server: FeedServer, internal: FeedServer
) -> None:
    feed_server.routes["/feed.xml"] = Route(status=302, location=internal.url("/admin"))
    fetcher = _fetcher(timeout=5)
    with pytest.raises(FetchError, match=r"redirected to .*loopback address, not a public one"):
        fetcher.get(feed_server.url("/feed.xml"), trusted=True)  # the feed itself is trusted
    assert internal.hits["/admin"] == 0
    fetcher.close()

    allowed = _fetcher(allow=True, timeout=5)
    assert allowed.get(feed_server.url("/feed.xml"), trusted=True).body == SECRET_PAGE
    assert internal.hits["/admin"] == 1
    allowed.close()


@pytest.mark.parametrize(
    "host",
    [
        *("2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]"),
        *("localhost", "[::1]", "[::ffff:7f00:1]"),
    ],
)
def test_every_spelling_of_loopback_is_refused(
    feed_server: FeedServer, internal: FeedServer, host: str
) -> None:
    feed_server.routes["/feed.xml"] = Route(
        status=302, location=f"http://{host}:{internal.port}/admin"
    )
    fetcher = _fetcher(timeout=5)
    with pytest.raises(FetchError):
        fetcher.get(feed_server.url("/feed.xml"), trusted=True)
    fetcher.close()
    assert internal.hits["/admin"] == 0


def test_a_name_is_resolved_once_and_its_checked_address_is_the_one_connected(
    internal: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.example":
            lookups.append(host)
            # First answer loopback, then a public address: a rebinding resolver.
            address = "127.0.0.1" if len(lookups) == 1 else "93.184.216.34"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = f"http://rebind.example:{internal.port}/admin"
    with pytest.raises(FetchError, match=r"rebind\.example resolves to 127\.0\.0\.1"):
        _fetcher(timeout=5).get(url)
    assert internal.hits["/admin"] == 0
    lookups.clear()
    # Allowed: the page comes from the address that was checked, looked up once.
    assert _fetcher(allow=True, timeout=5).get(url).body == SECRET_PAGE
    assert lookups == ["rebind.example"]


def test_full_page_does_not_fetch_an_item_link_to_an_internal_address(
    feed_server: FeedServer, internal: FeedServer
) -> None:
    item = {
        "id": "a1",
        "title": "A perfectly normal headline",
        "url": internal.url("/admin"),
        "text": "The feed's own summary of the story.\n\nA second paragraph of it.",
    }
    feed_server.routes["/feed.xml"] = Route(body=rss("Hostile", [item]))
    feed = FeedConfig(url=feed_server.url("/feed.xml"), outlet="Hostile", full_page=True)
    fetched = fetch_feed(_fetcher(timeout=5), feed, None)
    assert internal.hits["/admin"] == 0
    assert [article.body for article in fetched.articles] == [
        "The feed's own summary of the story.\n\nA second paragraph of it."
    ]

    allowed = fetch_feed(_fetcher(allow=True, timeout=5), feed, None)
    assert internal.hits["/admin"] == 1
    assert "internal admin page" in allowed.articles[0].body


# --- slow drips and stops --------------------------------------------------------------


def test_slow_dripped_headers_time_out_within_the_timeout() -> None:
    with DripServer(interval=0.5) as drip:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s"):
            _fetcher(allow=True, timeout=1).get(drip.url(), trusted=True)
        assert elapsed(started) < 2.0


def test_stop_ends_a_request_in_flight_within_a_second() -> None:
    stop = threading.Event()
    fetcher = Fetcher(FetchSettings(host_delay=0, timeout=60), stop=stop)
    with DripServer(interval=0.5) as drip:
        threading.Timer(0.3, stop.set).start()
        started = time.monotonic()
        with pytest.raises(FetchError, match="stopped"):
            fetcher.get(drip.url(), trusted=True)
        assert elapsed(started) < 1.3


def test_sigterm_stops_continuous_watch_within_seconds(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from everyside.cli import app

    config = tmp_path / "watch.toml"
    with DripServer(interval=0.5) as drip:
        config.write_text(
            "[watch]\npipeline = false\ninterval = 0\n"
            "[fetch]\ntimeout = 60\nhost_delay = 0\n"
            f'[[outlets]]\nname = "Slow"\nfeeds = ["{drip.url()}"]\n',
            encoding="utf-8",
        )
        sent: list[float] = []
        finished = threading.Event()

        def terminate_when_fetching() -> None:
            # Only once the watcher is fetching is its SIGTERM handler installed.
            for _ in range(200):
                if drip.connections:
                    break
                time.sleep(0.05)
            else:
                return
            sent.append(time.monotonic())
            os.kill(os.getpid(), signal.SIGTERM)
            if not finished.wait(10):
                drip.__exit__()  # a watcher that ignores the stop: end the drip, fail below

        killer = threading.Thread(target=terminate_when_fetching, daemon=True)
        killer.start()
        result = CliRunner().invoke(app, ["--db", str(tmp_path / "watch.db"), "watch", str(config)])
        finished.set()
        killer.join()
    assert sent, "the watcher never fetched the feed"
    assert result.exit_code == 0, result.output
    assert elapsed(sent[0]) < 3.0
    assert signal.getsignal(signal.SIGTERM) is not None  # the handler was put back


# --- mail over TLS ---------------------------------------------------------------------


def test_starttls_verifies_the_server_certificate(monkeypatch: pytest.MonkeyPatch) -> None:
    contexts: list[Any] = []

    class RecordingSMTP:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def __enter__(self) -> RecordingSMTP:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def starttls(self, *args: Any, context: Any = None, **kwargs: Any) -> None:
            contexts.append(context)

        def send_message(self, message: Any) -> None:
            pass

    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    alert = Alert(key="k", rule="r", kind="mention", title="t", text="x")
    EmailChannel(host="mail.example", sender="w@x", recipients=("d@x",), starttls=True).send(alert)
    [context] = contexts
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


# --- webhook secrets ------------------------------------------------------------------


class _NoPost(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def test_webhook_secret_never_shows_in_delivery_problems(caplog: pytest.LogCaptureFixture) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NoPost)  # answers POST with 501
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/services/T0/B0/HOOKSECRET?token=TK"
        alert = Alert(key="k", rule="r", kind="mention", title="t", text="x")
        channel = WebhookChannel(url=url, timeout=5)
        problems = deliver(alert, [channel])
    finally:
        server.shutdown()
        server.server_close()
    assert problems and "501" in problems[0]
    shown = " ".join(problems) + caplog.text + repr(channel)
    assert "HOOKSECRET" not in shown and "TK" not in shown
