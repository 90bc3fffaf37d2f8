"""The watcher warns once per feed, not every cycle, when a feed's new items have no dates."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from everyside.store.db import Store
from everyside.watch import Watcher
from everyside.watch.config import config_from_dict
from tests.ingest import samples
from tests.watch.server import FeedServer, Route, rss


def _items(first: int, count: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"item-{n}",
            "title": f"Item {n}",
            "url": f"https://n.example/article/{n}",  # no date in the URL either
            "text": f"Item {n} of the feed.\n\n" + "\n\n".join(samples.PARAGRAPHS[n % 2 :]),
        }
        for n in range(first, first + count)
    ]


def test_undated_feed_items_are_noted_once_per_feed(
    fresh_store: Store, feed_server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    feed_server.routes["/undated.xml"] = Route(body=rss("Undated", _items(0, 2)))
    config = config_from_dict(
        {
            "watch": {"interval": 0, "pipeline": False, "process_every": 0},
            "fetch": {"host_delay": 0, "timeout": 2.0},
            "outlets": [{"name": "Undated", "feeds": [feed_server.url("/undated.xml")]}],
        },
        base=Path("."),
    )
    watcher = Watcher(fresh_store, config)
    with caplog.at_level(logging.WARNING, logger="everyside.watch.poll"):
        assert watcher.run_once().added == 2
        feed_server.routes["/undated.xml"] = Route(body=rss("Undated", _items(0, 3)))
        time.sleep(0.01)
        assert watcher.run_once().added == 1
    watcher.close()
    notes = [r.getMessage() for r in caplog.records if "no publication date" in r.getMessage()]
    assert len(notes) == 1 and "2 of 2 new articles" in notes[0]
