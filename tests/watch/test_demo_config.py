"""``make watch-demo`` (issue 21): examples/watch.toml watches every feed the replay serves."""

from __future__ import annotations

from urllib.parse import urlsplit

from everyside.devtools.replay import corpus_items, feed_path
from everyside.watch.config import load_config
from everyside.watch.rules import BlindspotRule, BreakingRule, ChangesRule, MentionRule
from tests.conftest import CORPUS, REPO


def test_the_demo_config_watches_every_outlet_of_the_replay() -> None:
    config = load_config(REPO / "examples" / "watch.toml")
    items = corpus_items(CORPUS)
    served = {feed_path(item["outlet"]) for item in items}
    assert len(served) == 10 and "Unknown" not in {item["outlet"] for item in items}
    watched = {urlsplit(feed.url).path for feed in config.feeds}
    assert watched == served
    assert all(urlsplit(feed.url).netloc == "127.0.0.1:8765" for feed in config.feeds)
    # Each outlet under its corpus name, so alerts and the blindspot rule name it rightly.
    assert {feed.outlet for feed in config.feeds} == {item["outlet"] for item in items}
    kinds = {type(rule) for rule in config.rules}
    assert kinds == {MentionRule, BreakingRule, ChangesRule, BlindspotRule}
