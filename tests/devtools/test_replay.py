"""The demo replay: its feeds grow step by step and the watcher picks up each step."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from everyside.devtools.replay import FeedServer, Replay, corpus_items, feed_path
from everyside.store.db import Store
from everyside.watch import Watcher
from everyside.watch.config import config_from_dict
from tests.conftest import CORPUS

WATCHED = ("Meridian Wire", "Orient Ledger", "Thames Courier")  # as in examples/watch.toml


def test_replay_releases_items_over_steps_and_the_watcher_picks_them_up(
    fresh_store: Store, feed_server: FeedServer
) -> None:
    items = corpus_items(CORPUS)
    assert len({item["outlet"] for item in items}) == 10
    per_outlet = Counter(item["outlet"] for item in items)
    replay = Replay(feed_server, items, per_step=12)
    assert {feed_path(outlet) for outlet in WATCHED} <= set(feed_server.routes)
    config = config_from_dict(
        {
            "watch": {"interval": 0, "pipeline": False},
            "fetch": {"host_delay": 0},
            "outlets": [
                {"name": name, "feeds": [feed_server.url(feed_path(name))]} for name in WATCHED
            ],
        },
        base=Path("."),
    )
    watcher = Watcher(fresh_store, config)

    def visible() -> int:
        shown = replay.items[: replay.released]
        return sum(1 for item in shown if item["outlet"] in WATCHED)

    first = watcher.run_once()
    assert (first.added, first.failed) == (len(WATCHED), 0)  # each outlet's oldest article
    seen, steps = first.added, 0
    while not replay.exhausted:
        released = replay.advance()
        steps += 1
        assert 0 < len(released) <= 12
        report = watcher.run_once()
        assert report.failed == 0
        seen += report.added
        assert seen == visible()
        # An outlet that gained nothing answers 304.
        gained = {item["outlet"] for item in released} & set(WATCHED)
        assert report.not_modified == len(WATCHED) - len(gained)
    watcher.close()
    assert steps == -(-(len(items) - len(per_outlet)) // 12)
    assert seen == sum(per_outlet[name] for name in WATCHED)
    assert replay.advance() == []
