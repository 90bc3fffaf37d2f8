"""``make watch-demo`` (issue 21): every rule of examples/watch.toml fires on the demo corpus.

The rules are checked as the watcher checks them, on each story of the demo store; the
"putin quotes and figures" changes rule fires on real quote variants, not translations.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from everyside.compare.results import Comparison
from everyside.jobs import compare_story
from everyside.store import watch as watch_store
from everyside.store.db import open_store
from everyside.store.models import StoryRow
from everyside.watch.config import load_config
from tests.conftest import REPO


def test_every_demo_rule_fires_on_the_demo_corpus(demo_store: Path) -> None:
    config = load_config(REPO / "examples" / "watch.toml")
    store = open_store(str(demo_store))
    fired: dict[str, list[str]] = {rule.name: [] for rule in config.rules}
    try:
        with store.session() as session:
            story_ids = list(session.query(StoryRow.id))
        for (story_id,) in story_ids:
            with store.session() as session:
                facts = watch_store.story_facts(session, story_id)
            assert facts is not None

            @cache
            def compare(story_id: str = story_id) -> Comparison:
                return compare_story(store, story_id)

            for rule in config.rules:
                fired[rule.name] += [alert.kind for alert in rule.alerts(facts, compare)]
    finally:
        store.close()
    assert all(fired.values()), {name: kinds for name, kinds in fired.items() if not kinds}
    changes = fired["putin quotes and figures"]
    assert set(changes) <= {"quote_variant", "number_conflict"} and "quote_variant" in changes
