"""The fetcher against a local server: conditional requests and each way a server can fail."""

from __future__ import annotations

import pytest

from everyside.watch.fetch import Fetcher, FetchError, FetchSettings, HostPace, parse_networks
from tests.watch.server import FeedServer, Route

# The test server listens on loopback, which redirects and item links may not reach unless
# the configuration allows it (tests/watch/test_network.py checks the refusal).
LOOPBACK = parse_networks(["127.0.0.0/8"])


def _fetcher(**settings: float) -> Fetcher:
    return Fetcher(
        FetchSettings(host_delay=0, allow_networks=LOOPBACK, **settings)  # type: ignore[arg-type]
    )


def test_conditional_request_gets_304_and_sends_the_user_agent(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=b"<rss/>", etag='"v1"')
    fetcher = _fetcher()
    first = fetcher.get(feed_server.url("/feed"))
    again = fetcher.get(feed_server.url("/feed"), etag=first.etag)
    assert (first.status, first.body, first.etag) == (200, b"<rss/>", '"v1"')
    assert again.not_modified and again.body == b""
    assert feed_server.not_modified["/feed"] == 1
    assert any(agent.startswith("everyside-watch/") for agent in feed_server.user_agents)


@pytest.mark.parametrize(
    ("route", "problem"),
    [
        (Route(status=500, body=b"oops"), "HTTP 500"),
        (Route(status=302, location="/loop"), "redirects"),
        (Route(delay=1.5, body=b"late"), "timed out"),
        (Route(stream_bytes=50_000_000), "limit"),
        (Route(stream_bytes=5_000_000, declare_length=False), "limit"),
    ],
    ids=["500", "redirect-loop", "timeout", "50MB-declared", "5MB-undeclared"],
)
def test_each_failure_is_one_fetch_error(
    feed_server: FeedServer, route: Route, problem: str
) -> None:
    feed_server.routes["/loop"] = route
    fetcher = _fetcher(timeout=0.5, max_body_bytes=1_000_000)
    with pytest.raises(FetchError, match=problem):
        fetcher.get(feed_server.url("/loop"))


def test_only_web_urls_are_fetched() -> None:
    with pytest.raises(FetchError, match="http and https"):
        _fetcher().get("file:///etc/passwd")


def test_host_pace_spaces_requests_to_one_host_only() -> None:
    now, slept = [100.0], []
    pace = HostPace(2.0, clock=lambda: now[0], sleep=slept.append)
    pace.wait("a.example")
    pace.wait("a.example")
    pace.wait("b.example")
    pace.wait("a.example")
    assert slept == [2.0, 4.0]
