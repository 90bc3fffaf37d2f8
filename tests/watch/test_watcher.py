"""The watcher end to end against local feeds: ingest, alerts exactly once, failures, status."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from everyside.settings import ServeOptions
from everyside.store import watch as watch_store
from everyside.store.db import Store
from everyside.watch import Watcher, feed_status
from everyside.watch.config import config_from_dict
from everyside.web import create_app
from everyside.web.routers.live import updates_since
from tests.conftest import CORPUS
from tests.watch.server import FeedServer, Route, SmtpServer, jsonl_items, rss

BACKOFF = 0.05
FAILING = {
    "/garbage.xml": Route(body=b"\x00\xffthis is not a feed"),
    "/error.xml": Route(status=500),
    "/loop.xml": Route(status=302, location="/loop.xml"),
    "/slow.xml": Route(delay=1.5, body=b"<rss/>"),
    "/huge.xml": Route(stream_bytes=50_000_000),
}


def _config(server: FeedServer, smtp: SmtpServer, **watch: object) -> dict[str, object]:
    return {
        "watch": {
            "interval": 0,
            "retry": 0.01,
            "max_backoff": BACKOFF,
            "process_every": 0,
            **watch,
        },
        "fetch": {
            "host_delay": 0,
            "timeout": 1.0,
            "max_body_bytes": 2_000_000,
            # The feeds are served on loopback; their redirects may go there only if allowed.
            "allow_networks": ["127.0.0.0/8"],
        },
        "outlets": [
            {"name": "Meridian Wire", "feeds": [server.url("/meridian.xml")]},
            {"name": "Orient Ledger", "feeds": [server.url("/orient.xml")]},
            {"name": "Thames Courier", "groups": ["uk"], "feeds": [server.url("/thames.xml")]},
            {"name": "Broken", "feeds": [server.url(p) for p in FAILING]},
        ],
        "rules": [
            {"name": "quake", "kind": "mention", "keywords": ["Hualien"]},
            {"name": "uk blindspot", "kind": "blindspot", "min_outlets": 2, "groups": ["uk"]},
            {"name": "wide", "kind": "breaking", "outlets": 2, "hours": 24 * 365},
        ],
        "deliver": [
            {"kind": "webhook", "url": server.url("/hook")},
            {"kind": "email", "host": "127.0.0.1", "port": smtp.port, "from": "w@x", "to": "d@x"},
        ],
    }


@pytest.fixture
def served(feed_server: FeedServer) -> FeedServer:
    meridian = jsonl_items(CORPUS / "jsonl" / "meridian-wire.jsonl")
    orient = jsonl_items(CORPUS / "jsonl" / "orient-ledger.jsonl")
    feed_server.routes["/meridian.xml"] = Route(body=rss("Meridian Wire", meridian[:4]))
    feed_server.routes["/orient.xml"] = Route(body=rss("Orient Ledger", orient), etag='"o1"')
    feed_server.routes["/thames.xml"] = Route(
        body=(CORPUS / "feeds" / "thames-courier-rss.xml").read_bytes()
    )
    feed_server.routes.update(FAILING)
    return feed_server


def _watch(store: Store, server: FeedServer, smtp: SmtpServer) -> Watcher:
    return Watcher(store, config_from_dict(_config(server, smtp), base=Path(".")))


def test_watch_ingests_alerts_once_and_survives_every_failure(
    fresh_store: Store, served: FeedServer, smtp_server: SmtpServer
) -> None:
    first = _watch(fresh_store, served, smtp_server)
    report = first.run_once()
    first.close()
    assert report.polled == 3 and report.failed == len(FAILING)
    assert report.added == 4 + 3 + 4
    alerts = [hook["rule"] for hook in served.posted]
    assert "quake" in alerts and "uk blindspot" in alerts and "wide" in alerts
    assert len(smtp_server.messages) == len(served.posted) == report.alerts
    with fresh_store.session() as session:
        blind = {a.story_id for a in watch_store.recent_alerts(session) if a.kind == "blindspot"}
        stories = watch_store.story_summaries(session, sorted(blind))
    assert all("Thames Courier" not in story.outlets for story in stories)

    # A restart: nothing new is ingested or alerted; the orient feed answers 304.
    time.sleep(BACKOFF)  # the failing feeds are due again
    again = _watch(fresh_store, served, smtp_server)
    second = again.run_once()
    assert (second.added, second.alerts, second.not_modified) == (0, 0, 1)
    assert len(served.posted) == report.alerts

    # New, duplicated and edited items: only the new and edited ones are stored.
    meridian = jsonl_items(CORPUS / "jsonl" / "meridian-wire.jsonl")
    edited = {**meridian[0], "text": meridian[0]["text"] + "\n\nUpdated with new figures."}
    served.routes["/meridian.xml"] = Route(
        body=rss("Meridian Wire", [edited, *meridian[1:5], meridian[4]])
    )
    time.sleep(BACKOFF)
    third = again.run_once()
    again.close()
    assert third.added == 2 and third.duplicates == 0

    states = {s.url: s for s in feed_status(fresh_store, again.config)}
    for path in FAILING:
        state = states[served.url(path)]
        assert state.failures == 3 and state.error and state.last_success is None
        assert state.next_poll is not None and state.last_error is not None
        assert state.next_poll > state.last_error
    assert states[served.url("/meridian.xml")].items_seen == 6
    assert states[served.url("/orient.xml")].items_seen == 3


def test_stop_after_current_item_and_resume(
    fresh_store: Store, served: FeedServer, smtp_server: SmtpServer
) -> None:
    for path in FAILING:
        del served.routes[path]
    config = config_from_dict(_config(served, smtp_server, pipeline=False), base=Path("."))
    config = replace(config, feeds=config.feeds[:1], rules=())
    stop = threading.Event()
    watcher = Watcher(fresh_store, config, stop=stop)
    original = watcher.ingester.ingest_article

    def ingest_then_stop(article):  # type: ignore[no-untyped-def]
        event = original(article)
        stop.set()  # as SIGTERM would, during the first item
        return event

    watcher.ingester.ingest_article = ingest_then_stop  # type: ignore[method-assign]
    watcher.run()
    with fresh_store.session() as session:
        assert watch_store.get_feed_state(session, config.feeds[0].url) is None
    resumed = Watcher(fresh_store, config).run_once()
    assert resumed.added == 3 and resumed.duplicates == 1


def test_web_shows_feeds_alerts_and_live_updates(
    fresh_store: Store, served: FeedServer, smtp_server: SmtpServer
) -> None:
    with fresh_store.session() as session:
        cursor = (watch_store.latest_assignment(session), watch_store.latest_alert_id(session))
    watcher = _watch(fresh_store, served, smtp_server)
    watcher.run_once()
    watcher.close()
    messages, cursor = updates_since(fresh_store, cursor)
    assert any(m.startswith("event: story") for m in messages)
    assert any(m.startswith("event: alert") for m in messages)
    assert updates_since(fresh_store, cursor)[0] == []

    with TestClient(
        create_app(ServeOptions(db=fresh_store.url.removeprefix("sqlite:///")))
    ) as client:
        feeds = client.get("/api/v1/feeds").json()["items"]
        assert {f["url"] for f in feeds} >= {served.url("/meridian.xml"), served.url("/error.xml")}
        atom = client.get("/alerts.atom")
        assert atom.headers["content-type"].startswith("application/atom+xml")
        assert atom.text.count("<entry>") == len(served.posted)
        assert client.get("/api/v1/alerts?limit=1").json()["items"][0]["rule"]
        assert "river-live.js" in client.get("/").text
