"""What ``watch`` says as it runs (issue 21): the start-up line, one line per poll cycle."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from everyside.store.db import Store
from everyside.store.watch import Alert
from everyside.watch import CycleReport, Watcher
from everyside.watch.config import config_from_dict
from everyside.watch.heartbeat import counted, cycle_line, startup_line, summary_line
from tests.conftest import CORPUS
from tests.watch.server import FeedServer, Route, jsonl_items, rss


def _config(server: FeedServer, **watch: object) -> dict[str, object]:
    return {
        "watch": {"interval": 30, "pipeline": False, "process_every": 0, **watch},
        "fetch": {"timeout": 2.0},
        "outlets": [
            {"name": "Meridian Wire", "feeds": [server.url("/meridian.xml")]},
            {"name": "Orient Ledger", "feeds": [server.url("/orient.xml")], "interval": 90},
            {"name": "Orient Ledger", "feeds": [server.url("/missing.xml")]},
        ],
        "rules": [{"name": "quake \x1b[31m", "kind": "mention", "keywords": ["Hualien"]}],
        "deliver": [{"kind": "terminal"}, {"kind": "webhook", "url": server.url("/hook")}],
    }


def test_counted_says_one_and_many() -> None:
    assert counted(1, "feed") == "1 feed"
    assert counted(2, "language") == "2 languages"
    assert counted(0, "alert") == "0 alerts"
    assert counted(1, "delivery", "deliveries") == "1 delivery"
    assert counted(3, "delivery", "deliveries") == "3 deliveries"
    assert counted(1234, "article") == "1,234 articles"
    assert counted(48.0, "hour") == "48 hours" and counted(1.0, "hour") == "1 hour"


def test_startup_line_names_feeds_rules_and_deliveries(feed_server: FeedServer) -> None:
    config = config_from_dict(_config(feed_server), base=Path("."))
    line = startup_line(config)
    assert line.startswith("Watching 3 feeds of 2 outlets (every 30 s to 90 s); 1 rule (quake ")
    assert "2 deliveries (terminal, webhook)" in line and line.endswith("Ctrl+C stops.")
    assert "\x1b" not in line and "\\x1b[31m" in line  # the rule's name is input: escaped
    assert "ingest only" in line
    assert startup_line(config, once=True).startswith("Polling 3 feeds of 2 outlets; 1 rule")


def test_cycle_and_summary_lines_count_in_words() -> None:
    cycle = CycleReport(polled=1, not_modified=1, failed=1, added=1, alerts=1)
    at = datetime(2024, 7, 4, 9, 5, 7)
    assert cycle_line(cycle, at=at, next_poll=29.6) == (
        "09:05:07 polled 2 feeds (1 unchanged): 1 new article, 1 error, 1 alert; next poll in 30 s"
    )
    assert cycle_line(CycleReport(polled=1), at=at) == (
        "09:05:07 polled 1 feed: 0 new articles, 0 errors, 0 alerts"
    )
    assert summary_line(CycleReport(polled=1, added=2)) == (
        "1 poll (0 unchanged, 0 failed), 2 new articles, 0 alerts"
    )


def test_report_since_keeps_only_what_is_new() -> None:
    report = CycleReport()
    report.note_error("a")
    before = report.copy()
    report.note_error("b")
    report.note_alert(Alert(key="k", rule="r", kind="mention", title="t", text="x"))
    report.added += 3
    cycle = report.since(before)
    assert (cycle.failed, cycle.errors, cycle.added, cycle.alerts) == (1, ["b"], 3, 1)
    assert [alert.key for alert in cycle.raised] == ["k"]
    assert before.errors == ["a"] and before.alerts == 0


def test_run_once_reports_one_cycle(fresh_store: Store, feed_server: FeedServer) -> None:
    meridian = jsonl_items(CORPUS / "jsonl" / "meridian-wire.jsonl")
    feed_server.routes["/meridian.xml"] = Route(body=rss("Meridian Wire", meridian[:2]))
    feed_server.routes["/orient.xml"] = Route(body=rss("Orient Ledger", meridian[2:3]))
    config = config_from_dict(_config(feed_server), base=Path("."))
    cycles: list[tuple[CycleReport, float | None]] = []
    watcher = Watcher(fresh_store, config, on_cycle=lambda *told: cycles.append(told))
    watcher.run_once()
    watcher.close()
    [(cycle, next_poll)] = cycles
    assert (cycle.polled, cycle.failed, cycle.added) == (2, 1, 3)
    assert next_poll is not None and 0 < next_poll <= 30
    # Nothing due: still one line, saying so.
    again = Watcher(fresh_store, config, on_cycle=lambda *told: cycles.append(told))
    again.run_once()
    again.close()
    assert cycles[-1][0].polled + cycles[-1][0].failed == 0


def test_continuous_watch_beats_once_per_poll_cycle(
    fresh_store: Store, feed_server: FeedServer
) -> None:
    meridian = jsonl_items(CORPUS / "jsonl" / "meridian-wire.jsonl")
    feed_server.routes["/meridian.xml"] = Route(body=rss("Meridian Wire", meridian[:2]))
    feed_server.routes["/orient.xml"] = Route(body=rss("Orient Ledger", meridian[2:3]))
    config = config_from_dict(_config(feed_server, interval=0.5), base=Path("."))
    config = replace(config, feeds=config.feeds[:1])  # due every 0.5 s
    stop = threading.Event()
    cycles: list[CycleReport] = []

    def told(cycle: CycleReport, _next_poll: float | None) -> None:
        cycles.append(cycle)
        if len(cycles) == 3:
            stop.set()

    watcher = Watcher(fresh_store, config, stop=stop, on_cycle=told)
    timer = threading.Timer(20, stop.set)  # a safety net: the test must not hang
    timer.start()
    try:
        report = watcher.run()
    finally:
        timer.cancel()
        watcher.close()
    assert len(cycles) == 3
    assert (cycles[0].polled, cycles[0].added) == (1, 2)
    assert all((cycle.polled, cycle.added) == (1, 0) for cycle in cycles[1:])
    assert report.polled == sum(cycle.polled for cycle in cycles)
